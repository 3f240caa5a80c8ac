//! `cargo cra build`: build a product with Cargo and show where its declaration, gap report and
//! SBOM are, with a summary.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Builds `package` and describes its outputs.
pub fn build(package: &str, cargo_args: &[String]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--message-format=json-render-diagnostics", "-p", package])
        .args(cargo_args)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("`cargo build -p {package}` failed"));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let out_dir = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "build-script-executed")
        .filter(|m| {
            m["package_id"]
                .as_str()
                .is_some_and(|id| id.contains(&format!("#{package}@")) || id.contains(&format!("/{package}#")))
        })
        .filter_map(|m| m["out_dir"].as_str().map(PathBuf::from))
        .map(|dir| dir.join("cra"))
        .find(|dir| dir.join("declaration.json").is_file())
        .ok_or_else(|| {
            format!("package `{package}` wrote no declaration; does its build.rs call `cra_core::build::main()`?")
        })?;
    let declaration_path = out_dir.join("declaration.json");
    let text = std::fs::read_to_string(&declaration_path).map_err(|e| e.to_string())?;
    let declaration = cra_core::read::declaration_from_json(&text).map_err(|e| e.to_string())?.value;
    let gaps = declaration.gap_report();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — category {}, {}; {} components",
        declaration.product.name,
        declaration.product.version,
        declaration.category,
        declaration.procedure.kind(),
        declaration.components.len()
    );
    let _ = writeln!(out, "  declaration  {}", declaration_path.display());
    let _ = writeln!(out, "  gap report   {}", out_dir.join("gap-report.json").display());
    let sbom = out_dir.join("sbom.cdx.json");
    if sbom.is_file() {
        let _ = writeln!(out, "  SBOM         {}", sbom.display());
    }
    if gaps.is_empty() {
        let _ = writeln!(out, "no gaps: every applicable requirement is addressed or declared not applicable");
    } else {
        for line in gaps.lines() {
            let _ = writeln!(out, "gap: {line}");
        }
    }
    Ok(out)
}
