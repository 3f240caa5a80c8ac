//! The check report: what one generator run found, in a form tools read back. Written only when
//! `CRA_REPORT_DIR` is set (by `cargo cra check`), also when the run fails, so that errors and
//! gaps can be printed once, as JSON or as SARIF, each at its source line.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::diagnostics::BuildError;
use crate::gaps::GapReport;

/// The file name of the report in `CRA_REPORT_DIR`.
pub const REPORT_FILE: &str = "check.json";

/// What one run of the generator found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// The product's package.
    pub package: String,
    /// The product's manifest.
    pub manifest: PathBuf,
    /// The line of `[package.metadata.cra]` in it (where product-level gaps are reported).
    pub metadata_line: usize,
    /// Errors that failed the run.
    pub errors: Vec<ReportedError>,
    /// Gaps of a run that got that far.
    pub gaps: Option<GapReport>,
    /// Where each component is declared.
    pub components: Vec<ComponentSource>,
}

/// One error, located where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedError {
    /// The file, when the error is in one.
    pub file: Option<PathBuf>,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub help: Option<String>,
}

/// Where a component is declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentSource {
    /// The component's name.
    pub name: String,
    /// The file.
    pub file: PathBuf,
    /// 1-based line of its type's name.
    pub line: usize,
}

impl CheckReport {
    /// Records the errors of a failed run.
    pub(crate) fn record_error(&mut self, error: &BuildError) {
        match error {
            BuildError::Source(errors) => self.errors.extend(errors.iter().map(|e| {
                let (line, column) = e.line_column();
                ReportedError {
                    file: Some(e.path.clone()),
                    line,
                    column,
                    message: e.message.clone(),
                    help: e.help.clone(),
                }
            })),
            BuildError::Declaration(problems) => self.errors.extend(problems.iter().map(|message| ReportedError {
                file: Some(self.manifest.clone()),
                line: self.metadata_line,
                column: 1,
                message: message.clone(),
                help: None,
            })),
            other => self.errors.push(ReportedError {
                file: None,
                line: 0,
                column: 0,
                message: other.to_string().trim_start_matches("error: ").to_owned(),
                help: None,
            }),
        }
    }

    /// Writes the report into `dir` (atomically).
    pub(crate) fn write(&self, dir: &Path) -> Result<(), BuildError> {
        let mut json = serde_json::to_string_pretty(self).expect("the report serializes");
        json.push('\n');
        super::output::write_if_changed(&dir.join(REPORT_FILE), json.as_bytes()).map(|_| ())
    }
}

/// The 1-based line of `[package.metadata.cra]` in a manifest's text (1 when it has none).
pub(crate) fn metadata_line(text: &str) -> usize {
    text.lines().position(|l| l.trim() == "[package.metadata.cra]").map_or(1, |i| i + 1)
}
