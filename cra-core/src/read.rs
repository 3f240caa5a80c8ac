//! Reading declaration documents back, with errors that say where and what.
//!
//! - JSON that does not parse (malformed, truncated) gives the line and column.
//! - A document that is not a cra-rs declaration (no `schema_version`) says so.
//! - A field of the wrong type or value gives its path, e.g. `components[0].claims[1].requirement`.
//! - Fields this version does not know: in a document of the same version they are an error; in
//!   a document of a newer version they are returned as [`Read::unknown_fields`], never dropped
//!   silently.

use serde::de::DeserializeOwned;

use crate::declaration::{Declaration, SCHEMA_VERSION};

/// A document read back, with the fields this version did not understand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read<T> {
    /// The document.
    pub value: T,
    /// Paths of fields that were present but not understood (only for newer documents).
    pub unknown_fields: Vec<String>,
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Not JSON, or cut short.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// Line, 1-based.
        line: usize,
        /// Column, 1-based.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// JSON, but not a cra-rs declaration.
    #[error("not a cra-rs declaration: {0}")]
    Foreign(String),
    /// A field has the wrong type or value.
    #[error("at `{path}`: {message}")]
    Field {
        /// Field path.
        path: String,
        /// What was expected.
        message: String,
    },
    /// Fields this version does not define, in a document that claims this version.
    #[error("unknown field{} {} (schema_version {version} defines no such field)", if .fields.len() == 1 { "" } else { "s" }, .fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "))]
    UnknownFields {
        /// The document's version.
        version: u32,
        /// Their paths.
        fields: Vec<String>,
    },
}

/// Reads a declaration from JSON text.
pub fn declaration_from_json(text: &str) -> Result<Read<Declaration>, ReadError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ReadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
    })?;
    let version = match value.get("schema_version") {
        None if value.is_object() => return Err(ReadError::Foreign("it has no `schema_version` field".into())),
        None => return Err(ReadError::Foreign("a declaration is a JSON object".into())),
        Some(v) => v.as_u64().and_then(|v| u32::try_from(v).ok()).ok_or_else(|| ReadError::Field {
            path: "schema_version".into(),
            message: format!("expected a positive integer, found {v}"),
        })?,
    };
    let read = typed_from_value::<Declaration>(value)?;
    if !read.unknown_fields.is_empty() && version <= SCHEMA_VERSION {
        return Err(ReadError::UnknownFields { version, fields: read.unknown_fields });
    }
    Ok(read)
}

/// Deserializes a value, collecting the paths of ignored fields and naming the path of the first
/// error.
fn typed_from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<Read<T>, ReadError> {
    let mut unknown_fields = Vec::new();
    // serde_ignored writes `?` for the inside of an `Option`; a document has no such level.
    let mut record = |path: serde_ignored::Path<'_>| unknown_fields.push(path.to_string().replace(".?", ""));
    let ignored = serde_ignored::Deserializer::new(value, &mut record);
    let value = serde_path_to_error::deserialize(ignored)
        .map_err(|e| ReadError::Field { path: e.path().to_string(), message: e.inner().to_string() })?;
    unknown_fields.sort();
    Ok(Read { value, unknown_fields })
}
