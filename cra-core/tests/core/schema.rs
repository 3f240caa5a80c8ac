use std::path::{Path, PathBuf};

use cra_core::schema::{declaration_schema, declaration_schema_json};

use super::fixture::door_lock;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

const CHECKED_IN: &str = "docs/schema/declaration-v1.schema.json";

#[test]
fn checked_in_schema_is_what_the_code_generates() {
    snapshot(CHECKED_IN, &declaration_schema_json());
}

/// Writes `content` to `relative` under the repository when `CRA_BLESS` is set, then checks the
/// file holds exactly `content`.
fn snapshot(relative: &str, content: &str) {
    let path = repo().join(relative);
    if std::env::var_os("CRA_BLESS").is_some() {
        std::fs::write(&path, content).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == content,
        "{relative} is out of date; run `CRA_BLESS=1 cargo test -p cra-core` and review the diff"
    );
}

#[test]
fn the_documented_example_declaration_is_current() {
    snapshot("docs/examples/door-lock.declaration.json", &door_lock().to_json());
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&declaration_schema()).expect("the schema is a valid JSON Schema")
}

/// Every JSON document under the given folders.
fn documents(folders: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = folders.iter().map(|f| repo().join(f)).collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && path.file_name().is_some_and(|n| n != "target") {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(".declaration.json") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_example_document_validates_against_the_schema() {
    let validator = validator();
    let fixture = serde_json::to_value(door_lock()).unwrap();
    assert!(
        validator.is_valid(&fixture),
        "{:?}",
        validator.iter_errors(&fixture).map(|e| e.to_string()).collect::<Vec<_>>()
    );
    let documents = documents(&["docs/examples", "examples"]);
    assert!(!documents.is_empty(), "no *.declaration.json under docs/examples or examples");
    for path in documents {
        let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_schema_rejects_what_the_model_rejects() {
    let validator = validator();
    let mut value = serde_json::to_value(door_lock()).unwrap();
    value["components"][0]["claims"][0]["requirement"] = "I.3".into();
    assert!(!validator.is_valid(&value));
    let mut value = serde_json::to_value(door_lock()).unwrap();
    value["procedure"] = serde_json::json!({"kind": "module_b"});
    assert!(!validator.is_valid(&value));
    let mut value = serde_json::to_value(door_lock()).unwrap();
    value["product"]["colour"] = "red".into();
    assert!(!validator.is_valid(&value), "unknown fields are not allowed in a v1 document");
    let mut value = serde_json::to_value(door_lock()).unwrap();
    value["schema_version"] = 2.into();
    assert!(!validator.is_valid(&value), "a v1 schema validates v1 documents only");
}

/// The vulnerability record's JSON Schema is checked in like the declaration's, and the door lock
/// hub's records, as JSON, are valid against it.
#[cfg(feature = "vuln")]
#[test]
fn checked_in_record_schema_is_what_the_code_generates_and_the_examples_records_are_valid() {
    let schema = cra_core::vuln::record_schema();
    let mut text = serde_json::to_string_pretty(&schema).unwrap();
    text.push('\n');
    snapshot("docs/schema/vulnerability-record-v1.schema.json", &text);
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = repo().join("examples/door-lock-hub/security/vulnerabilities");
    for (path, record) in cra_core::vuln::read_records(&dir).unwrap() {
        let value = serde_json::to_value(record.unwrap()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}
