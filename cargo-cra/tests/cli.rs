//! End-to-end tests of the `cargo cra` binary.

use std::process::{Command, Output};

fn cargo_cra(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-cra")).arg("cra").args(args).output().expect("cargo-cra runs")
}

fn stdout(args: &[&str]) -> String {
    let output = cargo_cra(args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn catalogue_lists_every_requirement_category_and_procedure() {
    let text = stdout(&["catalogue"]);
    for needle in
        ["I.1 ", "I.2.m", "II.8", "secure_by_default", "III.I.19", "III.II.4", "IV.3", "Module B + C", "2027-12-11"]
    {
        assert!(text.contains(needle), "missing {needle}");
    }
}

#[test]
fn catalogue_json_has_22_requirements_26_categories_4_procedures() {
    let json: serde_json::Value = serde_json::from_str(&stdout(&["catalogue", "--json"])).unwrap();
    assert_eq!(json["requirements"].as_array().unwrap().len(), 22);
    assert_eq!(json["categories"].as_array().unwrap().len(), 26);
    assert_eq!(json["procedures"].as_array().unwrap().len(), 4);
    assert_eq!(json["requirements"][4]["id"], "I.2.d");
    assert_eq!(json["requirements"][4]["name"], "access_control");
}

#[test]
fn schema_prints_the_declaration_schema() {
    assert_eq!(stdout(&["schema"]), cra_core::schema::declaration_schema_json());
}

#[test]
fn unknown_command_is_an_error_with_usage() {
    let output = cargo_cra(&["catalog"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unrecognized subcommand 'catalog'"), "{stderr}");
    assert!(stderr.contains("catalogue"), "{stderr}");
}
