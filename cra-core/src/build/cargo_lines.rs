//! The `cargo:` lines of one generator run: the files and variables that rerun it, and its
//! warnings, collected by every step and written together at the end in a stable order.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use super::report::ReportedWarning;

/// The `cargo:` lines of one run, written together at the end in a stable order.
#[derive(Default)]
pub(super) struct CargoLines {
    /// `rerun-if-changed`: every file the run read.
    pub(super) files: BTreeSet<PathBuf>,
    /// `rerun-if-env-changed`: every variable the run read.
    pub(super) env: BTreeSet<String>,
    /// One line per gap.
    pub(super) gaps: Vec<String>,
    /// Every warning, once.
    pub(super) warnings: Vec<ReportedWarning>,
}

impl CargoLines {
    /// Writes the lines: files, variables, gaps, warnings.
    pub(super) fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        for file in &self.files {
            writeln!(out, "cargo:rerun-if-changed={}", file.display())?;
        }
        for name in &self.env {
            writeln!(out, "cargo:rerun-if-env-changed={name}")?;
        }
        for gap in &self.gaps {
            writeln!(out, "cargo:warning=cra: {}", gap.replace('\n', " "))?;
        }
        for warning in &self.warnings {
            writeln!(out, "cargo:warning=cra: {}", warning.to_string().replace('\n', " "))?;
        }
        Ok(())
    }
}
