//! The generator's verdict from the one validation run: errors fail the build, at the manifest
//! key or line they are about and beside the mistakes in the metadata's keys; gaps warn, or fail
//! in strict mode; validation warnings are printed at their key.

use super::cargo_lines::CargoLines;
use super::diagnostics::{BuildError, DeclarationError, SourceError};
use super::manifest::ManifestFile;
use super::metadata::{self, KeyErrors};
use super::report::ReportedWarning;
use crate::gaps::GapReport;
use crate::validate::{Findings, Severity};

/// Whether the declaration may be written, and the lines it prints.
pub(super) fn judge(
    findings: &Findings,
    key_errors: KeyErrors,
    gaps: &GapReport,
    manifest: &ManifestFile,
    strict: bool,
    lines: &mut CargoLines,
) -> Result<(), BuildError> {
    let (at_keys, others) = metadata::locate(manifest, findings, &key_errors.failed_keys);
    if !key_errors.is_empty() || !at_keys.is_empty() {
        // Every mistake in one run: the errors about the components too, at their manifest line.
        let mut errors: Vec<SourceError> = key_errors.errors;
        errors.extend(at_keys);
        errors.extend(others.iter().map(|e| at_line(manifest, e)));
        errors.sort_by_key(|e| e.range.start);
        return Err(BuildError::Source(errors));
    }
    if !others.is_empty() {
        return Err(BuildError::Declaration(others));
    }
    let gaps = gaps.lines();
    if strict && !gaps.is_empty() {
        return Err(BuildError::StrictGaps(gaps));
    }
    lines.gaps.extend(gaps);
    lines.warnings.extend(findings.of(Severity::Warning).map(|p| ReportedWarning {
        code: p.code.as_str().to_owned(),
        file: Some(manifest.path.clone()),
        line: metadata::line_of(manifest, &p.path),
        message: format!("{} ({})", p.message, p.reference),
    }));
    Ok(())
}

/// A validation error as a located error at its manifest line (the whole line).
fn at_line(manifest: &ManifestFile, error: &DeclarationError) -> SourceError {
    let start: usize = manifest.text.split_inclusive('\n').take(error.line.saturating_sub(1)).map(str::len).sum();
    let end = manifest.text[start..].find('\n').map_or(manifest.text.len(), |n| start + n);
    SourceError {
        path: manifest.path.clone(),
        source: manifest.text.clone(),
        range: start..end,
        message: error.text(),
        help: None,
        code: Some(error.problem.code),
    }
}
