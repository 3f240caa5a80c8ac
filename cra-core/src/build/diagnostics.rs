//! Errors of the build-time generator, rendered like rustc's: file, line, column, the source line
//! with a caret under the culprit, and a hint.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

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

/// Everything that can stop the generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// Mistakes in source or manifests, each located.
    Source(Vec<SourceError>),
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        message: String,
    },
    /// A variable Cargo sets for build scripts is missing: not running under Cargo.
    Environment(String),
    /// The declaration has errors the law would not accept, or gaps in strict mode.
    Declaration(Vec<String>),
    /// Cargo could not say what the product is built from.
    Cargo {
        /// The command run.
        command: String,
        /// What went wrong, as Cargo said it.
        message: String,
    },
}

impl BuildError {
    pub(crate) fn io(path: &Path, error: &std::io::Error) -> BuildError {
        BuildError::Io { path: path.to_path_buf(), message: error.to_string() }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Source(errors) => {
                for error in errors {
                    f.write_str(&error.render())?;
                }
                write!(f, "error: cra-rs found {} mistake{}", errors.len(), if errors.len() == 1 { "" } else { "s" })
            }
            BuildError::Io { path, message } => write!(f, "error: cannot access `{}`: {message}", path.display()),
            BuildError::Environment(message) => write!(f, "error: {message}"),
            BuildError::Cargo { command, message } => write!(
                f,
                "error: cra-rs asks Cargo which packages the product is built from, and it failed: {message}\n  command: {command}"
            ),
            BuildError::Declaration(problems) => {
                for problem in problems {
                    writeln!(f, "error: {problem}")?;
                }
                write!(
                    f,
                    "error: the conformity declaration has {} error{}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                )
            }
        }
    }
}

impl std::error::Error for BuildError {}
