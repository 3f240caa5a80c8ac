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
    /// Every warning of the run, of the generator and of validation, once each.
    #[serde(default)]
    pub warnings: Vec<ReportedWarning>,
    /// rustc's and Cargo's errors when the product does not compile (filled by `cargo cra
    /// check` from Cargo's messages; the generator leaves it empty): a product that does not
    /// compile is never complete.
    #[serde(default)]
    pub compile_errors: Vec<ReportedError>,
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
    /// The validation code (docs/errors.md), when the error is a validation error; SARIF
    /// reports it under the rule `cra-error-{code}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// One warning: worth a look, changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ReportedWarning {
    /// A validation code (`unsigned_declaration`, docs/errors.md) or a generator code
    /// (`source_not_read`, `components_not_read`, `unresolved_dependency`, `no_audit`,
    /// `folder_not_watched`, `sbom_without_timestamp`).
    pub code: String,
    /// The file, when the warning is about one.
    pub file: Option<PathBuf>,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// What to look at.
    pub message: String,
}

impl ReportedWarning {
    /// A warning about the run as a whole.
    pub(crate) fn general(code: &str, message: String) -> ReportedWarning {
        ReportedWarning { code: code.to_owned(), file: None, line: 0, message }
    }
}

impl From<&super::walk::ScanWarning> for ReportedWarning {
    fn from(warning: &super::walk::ScanWarning) -> ReportedWarning {
        ReportedWarning {
            code: "source_not_read".to_owned(),
            file: Some(warning.path.clone()),
            line: warning.line.unwrap_or(0),
            message: warning.message.clone(),
        }
    }
}

impl std::fmt::Display for ReportedWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.file {
            Some(file) if self.line > 0 => {
                write!(f, "{}:{}: {} [{}]", file.display(), self.line, self.message, self.code)
            }
            Some(file) => write!(f, "{}: {} [{}]", file.display(), self.message, self.code),
            None => write!(f, "{} [{}]", self.message, self.code),
        }
    }
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
                    code: e.code.map(|c| c.as_str().to_owned()),
                }
            })),
            BuildError::Declaration(problems) => self.errors.extend(problems.iter().map(|e| ReportedError {
                file: Some(self.manifest.clone()),
                line: e.line,
                column: 1,
                message: e.text(),
                help: None,
                code: Some(e.problem.code.as_str().to_owned()),
            })),
            BuildError::StrictGaps(gaps) => self.errors.extend(gaps.iter().map(|gap| ReportedError {
                file: Some(self.manifest.clone()),
                line: self.metadata_line,
                column: 1,
                message: super::diagnostics::strict_gap(gap),
                help: None,
                code: None,
            })),
            other => self.errors.push(ReportedError {
                file: None,
                line: 0,
                column: 0,
                message: other.with_causes(),
                help: other.help(),
                code: None,
            }),
        }
    }

    /// Writes the report into `dir` (atomically).
    pub(crate) fn write(&self, dir: &Path) -> Result<(), BuildError> {
        let json = crate::write::json_text(self);
        crate::write::file(&dir.join(REPORT_FILE), json.as_bytes()).map(|_| ()).map_err(BuildError::from)
    }
}

/// The errors of a failed `cargo check --message-format=json`: rustc's, at
/// their primary span, from Cargo's JSON messages on `stdout`; else Cargo's own `error:` lines
/// from `stderr` (an unknown feature, a missing dependency, a failing build script), so that a
/// failed compilation always has at least one error.
pub fn compile_errors(stdout: &str, stderr: &str) -> Vec<ReportedError> {
    let mut errors: Vec<ReportedError> = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-message" && m["message"]["level"] == "error")
        .map(|m| {
            let message = &m["message"];
            let span = message["spans"].as_array().and_then(|spans| spans.iter().find(|s| s["is_primary"] == true));
            let number = |key: &str| span.and_then(|s| s[key].as_u64()).and_then(|n| usize::try_from(n).ok());
            let code = message["code"]["code"].as_str().map(|c| format!("[{c}] ")).unwrap_or_default();
            let package =
                m["package_id"].as_str().map(|id| format!(" (in `{}`)", package_name(id))).unwrap_or_default();
            ReportedError {
                file: span.and_then(|s| s["file_name"].as_str()).map(PathBuf::from),
                line: number("line_start").unwrap_or(0),
                column: number("column_start").unwrap_or(0),
                message: format!("rustc: {code}{}{package}", message["message"].as_str().unwrap_or_default()),
                help: None,
                code: None,
            }
        })
        .filter(|e| !e.message.starts_with("rustc: aborting due to"))
        .collect();
    if errors.is_empty() {
        errors.extend(stderr.lines().filter_map(|l| l.strip_prefix("error: ")).map(|message| ReportedError {
            file: None,
            line: 0,
            column: 0,
            message: format!("cargo: {message}"),
            help: None,
            code: None,
        }));
    }
    if errors.is_empty() {
        errors.push(ReportedError {
            file: None,
            line: 0,
            column: 0,
            message: "cargo: the product does not compile (Cargo gave no message)".to_owned(),
            help: None,
            code: None,
        });
    }
    errors.dedup();
    errors
}

/// The package name of a Cargo package ID (`path+file:///dir#name@1.0.0`, `…/name#1.0.0`,
/// `registry+…#name@1.0.0`).
pub fn package_name(id: &str) -> String {
    let (path, fragment) = id.rsplit_once('#').unwrap_or((id, ""));
    match fragment.split_once('@') {
        Some((name, _)) => name.to_owned(),
        None => path.rsplit('/').next().unwrap_or_default().to_owned(),
    }
}

/// The 1-based line of `[package.metadata.cra]` in a manifest's text (1 when it has none).
pub(crate) fn metadata_line(text: &str) -> usize {
    text.lines().position(|l| l.trim() == "[package.metadata.cra]").map_or(1, |i| i + 1)
}
