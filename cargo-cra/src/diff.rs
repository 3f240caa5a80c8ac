//! `cargo cra diff`: what changed between two declarations (files or binaries), and between two
//! SBOMs when given, with hints where a change may be a substantial modification (Art. 3(30)).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use cra_core::diff::Change;

/// The changes, as text or JSON.
pub fn diff(old: &Path, new: &Path, sboms: &[PathBuf], json: bool) -> Result<String, String> {
    let read = |path: &Path| -> Result<cra_core::Declaration, String> {
        let text = crate::declaration_file::read_declaration(path)?;
        crate::declaration_file::parse_declaration(path, &text)
    };
    let mut changes = cra_core::diff::declarations(&read(old)?, &read(new)?);
    if let [old_sbom, new_sbom] = sboms {
        let read_sbom = |path: &PathBuf| -> Result<serde_json::Value, String> {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("`{}` is not JSON: {e}", path.display()))
        };
        changes.extend(cra_core::diff::sboms(&read_sbom(old_sbom)?, &read_sbom(new_sbom)?));
    }
    if json {
        return Ok(cra_core::write::json_text(&changes));
    }
    Ok(human(&changes))
}

fn human(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        let _ = writeln!(out, "{change}");
        if let Some(hint) = change.hint {
            let _ = writeln!(out, "         hint: {hint}");
        }
    }
    let hints = changes.iter().filter(|c| c.hint.is_some()).count();
    let _ = writeln!(out, "{} change(s), {hints} with a substantial-modification hint", changes.len());
    out
}
