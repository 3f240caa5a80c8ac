//! `cargo cra check`: runs the generator's checks through `cargo check` and prints the errors,
//! gaps and warnings once, as text, JSON or SARIF. Exit status: 0 complete, 1 gaps under
//! `--strict`, 2 errors. A product that does not compile is an error with rustc's diagnostics,
//! whatever the generator found: a gate must not be green on code that does not build.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::Command;

use cra_core::build::{CheckReport, REPORT_FILE, ReportedError};

use crate::cargo_run::{Outcome, current_package};

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

/// Checks `package` (or the package in the current directory).
pub fn check(package: Option<&str>, strict: bool, format: Format, cargo_args: &[String]) -> Result<Outcome, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let metadata = crate::cargo_run::metadata(&cargo)?;
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
        // JSON messages with rustc's rendering inside: the errors are located for SARIF and JSON,
        // and printed as rustc printed them for people.
        // `--keep-going`: every crate that fails is reported, and the product's build script (the
        // generator) runs even when a dependency fails, so its own errors are not lost in a race.
        .args([
            "check",
            "--keep-going",
            "--message-format=json",
            "-p",
            &crate::cargo_run::member_spec(&metadata, &package),
        ])
        .args(cargo_args)
        .env("CRA_REPORT_DIR", &report_dir);
    crate::cargo_run::offer_generator(&mut command);
    crate::cargo_run::offer_build_day(&mut command);
    let output = command.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = crate::cargo_run::without_cra_warnings(&String::from_utf8_lossy(&output.stderr));
    let report_path = report_dir.join(REPORT_FILE);
    let read = std::fs::read_to_string(&report_path).map(|t| serde_json::from_str::<CheckReport>(&t));
    let mut report = match read {
        Ok(Ok(report)) => report,
        // The build stopped before the generator wrote its report: results without a file are
        // placed at the package's manifest, as the generator would have placed them.
        _ if !output.status.success() => CheckReport {
            package: package.clone(),
            manifest: crate::cargo_run::manifest_path(&metadata, &package).unwrap_or_else(|| root.join("Cargo.toml")),
            metadata_line: 1,
            ..CheckReport::default()
        },
        _ => {
            return Ok(Outcome {
                text: format!(
                    "{stderr}error: `cargo check -p {package}` compiled, but no check report was written ({}): the product's build.rs must call `cra_build::main()` (`cargo cra init` writes it)\n",
                    report_path.display()
                ),
                status: 2,
            });
        }
    };
    if !output.status.success() {
        // The generator's own errors are rustc's too when the derive reports them: once each.
        let located = |e: &ReportedError| (e.file.clone(), e.line);
        let known: Vec<_> = report.errors.iter().map(located).collect();
        report.compile_errors = cra_core::build::compile_errors(&stdout, &stderr)
            .into_iter()
            // rustc names a workspace member's files relative to the workspace root.
            .map(|mut e| {
                e.file = e.file.map(|f| if f.is_relative() { root.join(f) } else { f });
                e
            })
            // Cargo's "failed to run custom build command" is the generator's failure, already
            // listed with its place.
            .filter(|e| {
                if e.file.is_none() { known.is_empty() } else { !known.iter().any(|k| k.0 == e.file && k.1 == e.line) }
            })
            .collect();
    }
    let gaps = report.gaps.as_ref().map(cra_core::gaps::GapReport::lines).unwrap_or_default();
    let failed = !report.errors.is_empty() || !output.status.success();
    let status = if failed { 2 } else { u8::from(strict && !gaps.is_empty()) };
    let text = match format {
        Format::Json => {
            let mut json = serde_json::to_value(&report).map_err(|e| e.to_string())?;
            json["status"] = status.into();
            cra_core::write::json_text(&json)
        }
        Format::Sarif => {
            // Paths from the repository's root, as code scanning reads them, and the commit.
            let (root, provenance) = crate::vcs::repository(&root).unwrap_or((root, None));
            let run = cra_core::build::SarifRun { root: &root, strict, provenance };
            cra_core::write::json_text(&report.to_sarif(&run))
        }
        Format::Human => {
            // rustc's diagnostics as rustc rendered them, and Cargo's messages, before the summary.
            let compiler =
                if output.status.success() { String::new() } else { format!("{}{stderr}", rendered_errors(&stdout)) };
            format!("{compiler}{}", human(&report, &gaps, status))
        }
    };
    if format != Format::Human && !output.status.success() {
        eprint!("{}{stderr}", rendered_errors(&stdout));
    }
    Ok(Outcome { text, status })
}

/// rustc's rendering of every error among Cargo's JSON messages.
fn rendered_errors(stdout: &str) -> String {
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-message" && m["message"]["level"] == "error")
        .filter_map(|m| m["message"]["rendered"].as_str().map(str::to_owned))
        .collect()
}

/// Errors with their place, then gaps, then one summary line.
fn human(report: &CheckReport, gaps: &[String], status: u8) -> String {
    let mut out = String::new();
    for warning in &report.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    for error in report.errors.iter().chain(&report.compile_errors) {
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
        2 if !report.compile_errors.is_empty() => "errors: the product does not compile",
        2 => "errors: no declaration can be written",
        1 => "gaps: the declaration is a draft (--strict)",
        _ if gaps.is_empty() => "complete: no errors, no gaps",
        _ => "gaps: the declaration is a draft",
    };
    let _ = writeln!(
        out,
        "{}: {} error(s), {} gap(s), {} warning(s); {verdict}",
        report.package,
        report.errors.len() + report.compile_errors.len(),
        gaps.len(),
        report.warnings.len()
    );
    out
}
