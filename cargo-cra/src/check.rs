//! `cargo cra check`: runs the generator's checks through `cargo check` and prints the errors and
//! gaps once, as text, JSON or SARIF. Exit status: 0 complete, 1 gaps under `--strict`, 2 errors.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::Command;

use cra_core::build::{CheckReport, REPORT_FILE};

/// How `check` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines for people.
    Human,
    /// The check report as JSON.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// What to print and the exit status.
pub struct Outcome {
    /// The output.
    pub text: String,
    /// 0, 1 or 2.
    pub status: u8,
}

/// Checks `package` (or the package in the current directory).
pub fn check(package: Option<&str>, strict: bool, format: Format, cargo_args: &[String]) -> Result<Outcome, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let metadata = crate::build::metadata(&cargo)?;
    let package = match package {
        Some(package) => package.to_owned(),
        None => current_package(&cargo, &metadata)?,
    };
    let target =
        metadata["target_directory"].as_str().map(PathBuf::from).ok_or("cargo metadata names no target directory")?;
    let root =
        metadata["workspace_root"].as_str().map(PathBuf::from).ok_or("cargo metadata names no workspace root")?;
    let report_dir = target.join("cra").join(&package);
    let mut command = Command::new(&cargo);
    command
        .args(["check", "--message-format=json-render-diagnostics", "-p", &package])
        .args(cargo_args)
        .env("CRA_REPORT_DIR", &report_dir);
    crate::build::offer_generator(&mut command);
    let output = command.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let report_path = report_dir.join(REPORT_FILE);
    let read = std::fs::read_to_string(&report_path).map(|t| serde_json::from_str::<CheckReport>(&t));
    let Ok(Ok(report)) = read else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Ok(Outcome {
            text: format!(
                "{stderr}error: `cargo check -p {package}` wrote no check report ({}); does its build.rs call `cra_build::main()`?\n",
                report_path.display()
            ),
            status: 2,
        });
    };
    let gaps = report.gaps.as_ref().map(cra_core::gaps::GapReport::lines).unwrap_or_default();
    let failed = !report.errors.is_empty() || (!output.status.success() && report.gaps.is_none());
    let status = if failed { 2 } else { u8::from(strict && !gaps.is_empty()) };
    let text = match format {
        Format::Json => {
            let mut json = serde_json::to_value(&report).map_err(|e| e.to_string())?;
            json["status"] = status.into();
            format!("{}\n", serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?)
        }
        Format::Sarif => {
            format!("{}\n", serde_json::to_string_pretty(&report.to_sarif(&root, strict)).map_err(|e| e.to_string())?)
        }
        Format::Human => human(&report, &gaps, status),
    };
    Ok(Outcome { text, status })
}

/// Errors with their place, then gaps, then one summary line.
fn human(report: &CheckReport, gaps: &[String], status: u8) -> String {
    let mut out = String::new();
    for error in &report.errors {
        let place = match &error.file {
            Some(file) if error.line > 0 => format!("{}:{}:{}: ", file.display(), error.line, error.column),
            Some(file) => format!("{}: ", file.display()),
            None => String::new(),
        };
        let _ = writeln!(out, "error: {place}{}", error.message);
        if let Some(help) = &error.help {
            let _ = writeln!(out, "  help: {help}");
        }
    }
    for gap in gaps {
        let _ = writeln!(out, "gap: {gap}");
    }
    let verdict = match status {
        2 => "errors: no declaration can be written",
        1 => "gaps: the declaration is a draft (--strict)",
        _ if gaps.is_empty() => "complete: no errors, no gaps",
        _ => "gaps: the declaration is a draft",
    };
    let _ = writeln!(out, "{}: {} error(s), {} gap(s); {verdict}", report.package, report.errors.len(), gaps.len());
    out
}

/// The package whose manifest `cargo locate-project` finds from the current directory.
fn current_package(cargo: &str, metadata: &serde_json::Value) -> Result<String, String> {
    let output = Command::new(cargo)
        .args(["locate-project", "--message-format", "plain"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let manifest = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["manifest_path"].as_str() == Some(manifest.as_str()))
        .and_then(|p| p["name"].as_str().map(str::to_owned))
        .ok_or_else(|| {
            format!("no package at {manifest}: in a workspace root, choose the product with -p (hint: `cargo cra check -p <package>`)")
        })
}
