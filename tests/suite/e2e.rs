//! End to end with Cargo: a throwaway product in a temporary folder, built for real.
//!
//! Builds go to `cra-e2e` in the test's target folder (`fixtures::nested_target`: a nested Cargo
//! cannot share the running test's own); the throwaway crate copies the workspace's Cargo.lock so it resolves the same versions.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn cargo(dir: &Path, args: &[&str]) -> Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", super::fixtures::nested_target("cra-e2e"))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("cargo runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The `out/cra` folder the last build of `package` wrote, from Cargo's JSON messages.
fn outputs(dir: &Path, package: &str) -> PathBuf {
    let output = cargo(dir, &["build", "--message-format=json", "-p", package]);
    assert!(output.status.success(), "{}", text(&output));
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "build-script-executed")
        .filter_map(|m| m["out_dir"].as_str().map(|d| Path::new(d).join("cra")))
        .find(|d| d.join("declaration.json").is_file())
        .expect("the build script wrote its outputs")
}

const LIB: &str = r#"//! A throwaway product.
use cra_derive::CraComponent;

/// The one component.
#[derive(CraComponent)]
#[cra(addresses(access_control, evidence(test_report = "evidence.md")))]
pub struct Lock;
"#;

fn throwaway() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cra-e2e-throwaway-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let root = workspace();
    let manifest = format!(
        r#"[package]
name = "throwaway"
version = "0.1.0"
edition = "2024"

[dependencies]
cra-component = {{ path = "{component}" }}
cra-derive = {{ path = "{derive}" }}

[build-dependencies]
cra-core = {{ path = "{core}", features = ["build"] }}

[workspace]
{METADATA}"#,
        core = root.join("cra-core").display(),
        component = root.join("cra-component").display(),
        METADATA = super::fixtures::METADATA,
        derive = root.join("cra-derive").display()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("build.rs"), "fn main() {\n    cra_core::build::main();\n}\n").unwrap();
    std::fs::write(dir.join("evidence.md"), "report\n").unwrap();
    std::fs::write(dir.join("src/lib.rs"), LIB).unwrap();
    dir
}

#[test]
fn a_throwaway_product_builds_reproducibly_reruns_only_on_change_and_reports_grammar_errors() {
    let dir = throwaway();

    // First build: the outputs exist.
    let out = outputs(&dir, "throwaway");
    let declaration = std::fs::read(out.join("declaration.json")).unwrap();
    let sbom = std::fs::read(out.join("sbom.cdx.json")).unwrap();
    assert!(String::from_utf8_lossy(&declaration).contains("\"name\": \"Lock\""));

    // A no-op build does not rerun the build script.
    let again = cargo(&dir, &["build", "-v", "-p", "throwaway"]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(!text(&again).contains("build-script-build`"), "the build script ran again:\n{}", text(&again));
    assert!(text(&again).contains("Fresh throwaway"), "{}", text(&again));

    // A clean rebuild gives the same bytes.
    assert!(cargo(&dir, &["clean", "-p", "throwaway"]).status.success());
    let out = outputs(&dir, "throwaway");
    assert_eq!(
        std::fs::read(out.join("declaration.json")).unwrap(),
        declaration,
        "declaration differs between clean builds"
    );
    assert_eq!(std::fs::read(out.join("sbom.cdx.json")).unwrap(), sbom, "SBOM differs between clean builds");

    // Editing an evidence file reruns the build script (its digest is in the declaration).
    std::fs::write(dir.join("evidence.md"), "report, second edition\n").unwrap();
    let out = outputs(&dir, "throwaway");
    assert_ne!(std::fs::read(out.join("declaration.json")).unwrap(), declaration);

    // A typo fails the build with a rustc-like message from the build script.
    std::fs::write(dir.join("src/lib.rs"), LIB.replace("access_control", "acess_control")).unwrap();
    let failed = cargo(&dir, &["build", "-p", "throwaway"]);
    assert!(!failed.status.success());
    let message = text(&failed);
    assert!(
        message.contains("error: unknown requirement `acess_control`, did you mean `access_control`?"),
        "{message}"
    );
    assert!(message.contains("src/lib.rs:6:17"), "{message}");
    assert!(
        message.contains("6 │ #[cra(addresses(acess_control, evidence(test_report = \"evidence.md\")))]"),
        "{message}"
    );
    assert!(message.contains("^^^^^^^^^^^^^"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}
