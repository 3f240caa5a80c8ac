//! `FILL IN` placeholders in `[package.metadata.cra]` and `[workspace.metadata.cra]`, found in the
//! manifest's text before its values are read as types: each is an error at the value, naming
//! its key, so that a placeholder in a date or a table is reported as what it is, not as a value
//! of the wrong form.

use std::ops::Range;

use super::diagnostics::SourceError;
use super::manifest::ManifestFile;
use crate::validate::PLACEHOLDER;

/// One placeholder: its key, the metadata key it is under, and the value's byte range.
pub(crate) struct Placeholder {
    /// The dotted key (`package.metadata.cra.manufacturer.postal-address`).
    pub(crate) key: String,
    /// The key of the metadata table it is under (`manufacturer`).
    pub(crate) top_key: String,
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
    let Some(metadata) = item.as_table_like() else { return Vec::new() };
    let prefix = table.join(".");
    let mut found = Vec::new();
    for (top_key, child) in metadata.iter() {
        let mut walk = Walk { top_key, found: &mut found };
        walk.item(child, &format!("{prefix}.{top_key}"));
    }
    found
}

/// The error for placeholder `p` of `file`.
pub(crate) fn placeholder_error(file: &ManifestFile, p: &Placeholder) -> SourceError {
    SourceError {
        path: file.path.clone(),
        source: file.text.clone(),
        range: p.range.clone(),
        message: format!("`{}` is still a placeholder [placeholder] (Art. 28(1); Annex V)", p.key),
        help: Some(format!(
            "replace the `{PLACEHOLDER}` value with the product's fact (`cargo cra init` wrote it; docs/model.md says what each key means)"
        )),
        code: None,
    }
}

/// The walk under one metadata key.
struct Walk<'a> {
    top_key: &'a str,
    found: &'a mut Vec<Placeholder>,
}

impl Walk<'_> {
    fn item(&mut self, item: &toml_edit::Item, key: &str) {
        match item {
            toml_edit::Item::Value(value) => self.value(value, key),
            toml_edit::Item::Table(table) => {
                for (name, child) in table {
                    self.item(child, &format!("{key}.{name}"));
                }
            }
            toml_edit::Item::ArrayOfTables(tables) => {
                for (i, table) in tables.iter().enumerate() {
                    for (name, child) in table {
                        self.item(child, &format!("{key}[{i}].{name}"));
                    }
                }
            }
            toml_edit::Item::None => {}
        }
    }

    fn value(&mut self, value: &toml_edit::Value, key: &str) {
        match value {
            toml_edit::Value::String(text) if text.value().contains(PLACEHOLDER) => {
                self.found.push(Placeholder {
                    key: key.to_owned(),
                    top_key: self.top_key.to_owned(),
                    range: value.span().unwrap_or(0..0),
                });
            }
            toml_edit::Value::Array(array) => {
                for (i, item) in array.iter().enumerate() {
                    self.value(item, &format!("{key}[{i}]"));
                }
            }
            toml_edit::Value::InlineTable(table) => {
                for (name, item) in table {
                    self.value(item, &format!("{key}.{name}"));
                }
            }
            _ => {}
        }
    }
}
