//! End-to-end tests of the `cargo cra` binary.

use std::process::{Command, Output};

fn cargo_cra(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-cra")).arg("cra").args(args).output().expect("cargo-cra runs")
}

fn stdout_of(args: &[&str]) -> String {
    let output = cargo_cra(args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn catalogue_lists_every_requirement_category_and_procedure() {
    let text = stdout_of(&["catalogue"]);
    for needle in
        ["I.1 ", "I.2.m", "II.8", "secure_by_default", "III.I.19", "III.II.4", "IV.3", "Module B + C", "2027-12-11"]
    {
        assert!(text.contains(needle), "missing {needle}");
    }
}

#[test]
fn catalogue_json_has_22_requirements_26_categories_4_procedures() {
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&["catalogue", "--json"])).unwrap();
    assert_eq!(json["requirements"].as_array().unwrap().len(), 22);
    assert_eq!(json["categories"].as_array().unwrap().len(), 26);
    assert_eq!(json["procedures"].as_array().unwrap().len(), 4);
    assert_eq!(json["requirements"][4]["id"], "I.2.d");
    assert_eq!(json["requirements"][4]["name"], "access_control");
}

#[test]
fn schema_prints_the_declaration_schema() {
    assert_eq!(stdout_of(&["schema"]), cra_core::schema::declaration_schema_json());
}

#[test]
fn unknown_command_is_an_error_with_usage() {
    let output = cargo_cra(&["catalog"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unrecognized subcommand 'catalog'"), "{stderr}");
    assert!(stderr.contains("catalogue"), "{stderr}");
}

/// `cargo cra build` builds an example product and names its outputs; `cargo cra extract` reads
/// the same declaration back out of the binary's link section without running it.
#[test]
fn build_names_the_outputs_and_extract_reads_the_embedded_declaration() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let target = workspace.join("target/cra-e2e");
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "build", "-p", "ledger-desktop"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout.starts_with("Ledger Desktop 3.4.0 — category default, Module A (internal control); 4 components"),
        "{stdout}"
    );
    assert!(stdout.contains("gap: requirement `I.2.k`"), "{stdout}");
    let declaration_path = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("declaration").map(str::trim))
        .expect("the declaration's path is printed");
    let declaration = std::fs::read_to_string(declaration_path).unwrap();
    let snapshot =
        std::fs::read_to_string(workspace.join("examples/ledger-desktop/expected/ledger-desktop.declaration.json"))
            .unwrap();
    assert_eq!(declaration, snapshot);
    assert_eq!(std::path::Path::new(declaration_path), target.join("cra/ledger-desktop/declaration.json"));
    let binary = target.join("debug").join(format!("ledger-desktop{}", std::env::consts::EXE_SUFFIX));
    // The final SBOM carries the built binary's SHA-512.
    assert!(stdout.contains("(final: with the hashes of"), "{stdout}");
    let sbom: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("cra/ledger-desktop/sbom.cdx.json")).unwrap())
            .unwrap();
    let sha512 = {
        use sha2::Digest;
        use std::fmt::Write;
        sha2::Sha512::digest(std::fs::read(&binary).unwrap()).iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    };
    assert_eq!(sbom["metadata"]["component"]["hashes"][0]["content"], sha512.as_str());
    assert_eq!(stdout_of(&["extract", binary.to_str().unwrap()]), declaration);
    let not_embedded = cargo_cra(&["extract", env!("CARGO_BIN_EXE_cargo-cra")]);
    assert!(!not_embedded.status.success());
    assert!(String::from_utf8_lossy(&not_embedded.stderr).contains("has no embedded cra-rs declaration"));
}

/// The door lock's cloud component is declared only in a build with the `cloud` feature.
#[test]
fn a_feature_gated_component_is_declared_only_when_its_feature_is_on() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let build = |extra: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
            .args(["cra", "build", "-p", "door-lock-hub", "--"])
            .args(extra)
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", workspace.join("target/cra-e2e"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let without = build(&[]);
    assert!(without.contains("; 5 components"), "{without}");
    let with = build(&["--features", "cloud"]);
    assert!(with.contains("; 6 components"), "{with}");
    let declaration_path = with.lines().find_map(|l| l.trim().strip_prefix("declaration").map(str::trim)).unwrap();
    assert!(std::fs::read_to_string(declaration_path).unwrap().contains("\"name\": \"cloud-sync\""));
}

/// `cargo cra render` writes the five documents; bad input is one line naming the file, exit
/// code 2, and nothing written.
#[test]
fn render_writes_five_documents_and_rejects_bad_input_with_exit_code_2() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let declaration = workspace.join("examples/ledger-desktop/expected/ledger-desktop.declaration.json");
    let dir = std::env::temp_dir().join(format!("cargo-cra-render-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("out");
    let output =
        cargo_cra(&["render", declaration.to_str().unwrap(), "--format", "md", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 5);
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 5, "one path per document");

    let truncated = dir.join("truncated.json");
    let text = std::fs::read_to_string(&declaration).unwrap();
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let bad_out = dir.join("never");
    let output = cargo_cra(&["render", truncated.to_str().unwrap(), "--out", bad_out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("truncated.json"), "{stderr}");
    assert!(!bad_out.exists(), "nothing is written for bad input");

    let file_as_dir = dir.join("out/compliance-report.md");
    let output = cargo_cra(&["render", declaration.to_str().unwrap(), "--out", file_as_dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("compliance-report.md"));
    std::fs::remove_dir_all(&dir).unwrap();
}
