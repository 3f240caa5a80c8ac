use cra_core::read::{ReadError, declaration_from_json};

use super::fixture::door_lock;

fn json() -> serde_json::Value {
    serde_json::to_value(door_lock()).unwrap()
}

#[test]
fn a_written_declaration_reads_back_equal() {
    let declaration = door_lock();
    let read = declaration_from_json(&declaration.to_json()).unwrap();
    assert_eq!(read.value, declaration);
    assert!(read.unknown_fields.is_empty());
}

#[test]
fn truncated_json_names_line_and_column() {
    let text = door_lock().to_json();
    let error = declaration_from_json(&text[..text.len() / 2]).unwrap_err();
    assert!(matches!(error, ReadError::Syntax { line, .. } if line > 1), "{error}");
    assert!(error.to_string().contains("EOF while parsing"), "{error}");
}

#[test]
fn foreign_documents_are_named_as_such() {
    let error = declaration_from_json(r#"{"bomFormat":"CycloneDX"}"#).unwrap_err();
    assert_eq!(error.to_string(), "not a cra-rs declaration: it has no `schema_version` field");
    assert!(matches!(declaration_from_json("[1,2]"), Err(ReadError::Foreign(_))));
}

#[test]
fn a_wrong_value_names_its_field_path() {
    let mut value = json();
    value["components"][1]["claims"][2]["requirement"] = "II.9".into();
    let error = declaration_from_json(&value.to_string()).unwrap_err();
    let ReadError::Field { path, message } = &error else { panic!("{error}") };
    assert_eq!(path, "components[1].claims[2].requirement");
    assert!(message.starts_with("unknown requirement ID `II.9`"), "{message}");
    let mut value = json();
    value["support_period"]["end"] = "December 2033".into();
    let error = declaration_from_json(&value.to_string()).unwrap_err().to_string();
    assert!(error.starts_with("at `support_period.end`: `December 2033` is not a year and month"), "{error}");
}

#[test]
fn unknown_fields_are_an_error_in_this_version_and_reported_in_a_newer_one() {
    let mut value = json();
    value["product"]["colour"] = "red".into();
    value["components"][0]["claims"][0]["confidence"] = 0.9.into();
    let error = declaration_from_json(&value.to_string()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown fields `components.0.claims.0.confidence`, `product.colour` (schema_version 1 defines no such field)"
    );
    value["schema_version"] = 2.into();
    let read = declaration_from_json(&value.to_string()).unwrap();
    assert_eq!(read.unknown_fields, ["components.0.claims.0.confidence", "product.colour"]);
}

#[test]
fn unknown_fields_at_any_depth_of_a_newer_document_are_listed_not_errors() {
    let mut value = json();
    value["support_period"]["review_cycle"] = "yearly".into();
    value["procedure"]["audit"] = "annual".into();
    value["components"][0]["claims"][0]["evidence"][0]["signed_by"] = "qa".into();
    value["notified_body"]["country"] = "DE".into();
    let error = declaration_from_json(&value.to_string()).unwrap_err().to_string();
    assert!(error.contains("schema_version 1 defines no such field"), "{error}");
    value["schema_version"] = 2.into();
    let read = declaration_from_json(&value.to_string()).unwrap();
    assert_eq!(
        read.unknown_fields,
        [
            "components.0.claims.0.evidence.0.signed_by",
            "notified_body.country",
            "procedure.audit",
            "support_period.review_cycle"
        ]
    );
    assert_eq!(read.value.procedure, door_lock().procedure);
}
