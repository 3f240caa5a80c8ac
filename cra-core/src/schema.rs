//! The JSON Schema of the declaration document, generated from the same types that serialize it.
//!
//! The checked-in copy under `docs/schema/` is compared with this output by a test, so the two
//! cannot drift.

use crate::declaration::{Declaration, SCHEMA_ID, SCHEMA_VERSION};

/// The JSON Schema (draft 2020-12) of [`Declaration`] documents of [`SCHEMA_VERSION`].
pub fn declaration_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(Declaration).to_value();
    let object = schema.as_object_mut().expect("a schema is an object");
    object.insert("$id".into(), SCHEMA_ID.into());
    object.insert("title".into(), "cra-rs conformity declaration".into());
    // Pin the version: a v1 schema validates v1 documents only.
    if let Some(version) = object
        .get_mut("properties")
        .and_then(|p| p.get_mut("schema_version"))
        .and_then(serde_json::Value::as_object_mut)
    {
        version.insert("const".into(), SCHEMA_VERSION.into());
    }
    schema
}

/// The schema as pretty JSON with a trailing newline: the bytes of the checked-in file.
pub fn declaration_schema_json() -> String {
    crate::write::json_text(&declaration_schema())
}
