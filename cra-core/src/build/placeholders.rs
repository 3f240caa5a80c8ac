//! `FILL IN` placeholders in `[package.metadata.cra]` and `[workspace.metadata.cra]`, found in the
//! manifest's text before its values are read as types: each is an error at the value, naming
//! its key, so that a placeholder in a date or a table is reported as what it is, not as a value
//! of the wrong form.

use std::ops::Range;

use super::diagnostics::SourceError;
use super::manifest::ManifestFile;
use crate::validate::PLACEHOLDER;

/// One placeholder: the key (`package.metadata.cra.manufacturer.postal-address`) and the value's
/// byte range.
pub(crate) struct Placeholder {
    /// The dotted key.
    pub(crate) key: String,
    /// The value's byte range in the manifest.
    pub(crate) range: Range<usize>,
}

/// Every placeholder under the table at `table` (`["package", "metadata", "cra"]`) of `file`.
pub(crate) fn placeholders(file: &ManifestFile, table: &[&str]) -> Vec<Placeholder> {
    let Ok(document) = toml_edit::Document::parse(file.text.as_str()) else { return Vec::new() };
    let mut item = document.as_item();
    for key in table {
        match item.as_table_like().and_then(|t| t.get(key)) {
            Some(next) => item = next,
            None => return Vec::new(),
        }
    }
    let mut found = Vec::new();
    walk_item(item, &table.join("."), &mut found);
    found
}

/// The errors for the placeholders of `file` under `table`.
pub(crate) fn placeholder_errors(file: &ManifestFile, table: &[&str]) -> Vec<SourceError> {
    placeholders(file, table)
        .into_iter()
        .map(|p| SourceError {
            path: file.path.clone(),
            source: file.text.clone(),
            range: p.range,
            message: format!("`{}` is still a placeholder [placeholder] (Art. 28(1); Annex V)", p.key),
            help: Some(format!(
                "replace the `{PLACEHOLDER}` value with the product's fact (`cargo cra init` wrote it; docs/model.md says what each key means)"
            )),
        })
        .collect()
}

fn walk_item(item: &toml_edit::Item, key: &str, found: &mut Vec<Placeholder>) {
    match item {
        toml_edit::Item::Value(value) => walk_value(value, key, found),
        toml_edit::Item::Table(table) => {
            for (name, child) in table {
                walk_item(child, &format!("{key}.{name}"), found);
            }
        }
        toml_edit::Item::ArrayOfTables(tables) => {
            for (i, table) in tables.iter().enumerate() {
                for (name, child) in table {
                    walk_item(child, &format!("{key}[{i}].{name}"), found);
                }
            }
        }
        toml_edit::Item::None => {}
    }
}

fn walk_value(value: &toml_edit::Value, key: &str, found: &mut Vec<Placeholder>) {
    match value {
        toml_edit::Value::String(text) if text.value().contains(PLACEHOLDER) => {
            found.push(Placeholder { key: key.to_owned(), range: value.span().unwrap_or(0..0) });
        }
        toml_edit::Value::Array(array) => {
            for (i, item) in array.iter().enumerate() {
                walk_value(item, &format!("{key}[{i}]"), found);
            }
        }
        toml_edit::Value::InlineTable(table) => {
            for (name, item) in table {
                walk_value(item, &format!("{key}.{name}"), found);
            }
        }
        _ => {}
    }
}
