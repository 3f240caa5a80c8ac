//! A mistake located in a file the user wrote (a manifest, a source file, a vulnerability
//! record), rendered as rustc renders its errors: file, line, column, the line with a caret
//! under the culprit, and a hint. Shared by the generator and the vulnerability-record reader.

use std::ops::Range;
use std::path::PathBuf;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;

/// One problem in one file, located by a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// The file.
    pub path: PathBuf,
    /// Its text, for the snippet.
    pub source: String,
    /// The culprit's byte range in `source`.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub help: Option<String>,
    /// The validation rule broken, when the mistake is a validation error placed at its key
    /// (docs/errors.md): carried to the check report and SARIF (`cra-error-{code}`).
    pub code: Option<crate::validate::ValidationCode>,
}

impl SourceError {
    /// Line and column (1-based) of the start of the culprit.
    pub fn line_column(&self) -> (usize, usize) {
        let before = &self.source[..self.range.start.min(self.source.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    /// The rustc-like rendering.
    pub fn render(&self) -> String {
        let file = SimpleFile::new(self.path.display().to_string(), self.source.as_str());
        let mut diagnostic =
            Diagnostic::error().with_message(&self.message).with_labels(vec![Label::primary((), self.range.clone())]);
        if let Some(help) = &self.help {
            diagnostic = diagnostic.with_notes(vec![format!("help: {help}")]);
        }
        term::emit_into_string(&term::Config::default(), &file, &diagnostic)
            .unwrap_or_else(|_| format!("error: {}\n --> {}\n", self.message, self.path.display()))
    }
}
