//! A declaration read from a `.json` file or from the section a binary embeds it in: what
//! `verify`, `diff`, `render`, `export` and the vulnerability commands take.

use std::path::Path;

/// The declaration in `text` (read from `path`). A document of a newer schema version is refused:
/// this version of cargo-cra would check it only in part.
pub fn parse_declaration(path: &Path, text: &str) -> Result<cra_core::Declaration, String> {
    let read = cra_core::read::declaration_from_json(text).map_err(|e| format!("`{}`: {e}", path.display()))?;
    let version = serde_json::from_str::<serde_json::Value>(text).ok().and_then(|v| v["schema_version"].as_u64());
    if let Some(version) = version.filter(|v| *v > u64::from(cra_core::declaration::SCHEMA_VERSION)) {
        return Err(format!(
            "`{}` is a declaration of schema version {version}; this cargo-cra reads version {} (hint: update cra-rs)",
            path.display(),
            cra_core::declaration::SCHEMA_VERSION
        ));
    }
    Ok(read.value)
}

/// A declaration's JSON from a `.json` file or a binary's embedded section.
pub fn read_declaration(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if starts_json(&bytes) {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
        return String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8", path.display()));
    }
    crate::extract::extract(path)
}

/// Whether `bytes` begin as a JSON object: after a byte-order mark and whitespace, a `{`.
pub fn starts_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}
