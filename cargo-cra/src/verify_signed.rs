//! `cargo cra verify` on signed outputs: a CycloneDX document's JSF signature, and the signed
//! bundle of a declaration (its DSSE signature and every file it lists).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cra_core::sign::{PublicKey, bundle, jsf};

/// Checks the signed inputs among `inputs` (status 2 in `status` when one does not hold) and
/// returns the declarations to check further, a bundle's signed declaration first, and how many
/// inputs were signed outputs.
pub fn read_inputs(
    inputs: Vec<(PathBuf, Input)>,
    trusted: Option<&PublicKey>,
    out: &mut String,
    status: &mut u8,
) -> Result<(Vec<(PathBuf, String)>, usize), String> {
    let mut documents: Vec<(PathBuf, String)> = Vec::new();
    let mut signed = 0;
    for (path, input) in inputs {
        match input {
            Input::CycloneDx(document) => {
                signed += 1;
                if !check_cyclonedx(&path, document, trusted, out) {
                    *status = 2;
                }
            }
            Input::Bundle(envelope) => {
                signed += 1;
                let (file, declaration, ok) = check_bundle(&path, envelope.as_ref(), trusted, out)?;
                if !ok {
                    *status = 2;
                }
                if !declaration.is_empty() {
                    // The signed declaration goes first: binaries are held against it.
                    documents.insert(0, (file, declaration));
                }
            }
            Input::Malformed(reason) => {
                let _ = writeln!(out, "invalid: `{}`: {reason}", path.display());
                *status = 2;
            }
            Input::Declaration(Some(text)) => documents.push((path, text)),
            Input::Declaration(None) => {
                let text = crate::declaration_file::read_declaration(&path)?;
                documents.push((path, text));
            }
        }
    }
    Ok((documents, signed))
}

/// What an input of `verify` is.
pub enum Input {
    /// A declaration: its JSON text, already read, or `None` for a binary embedding one (read
    /// from its section later) and for a file that could not be read (whose error comes then).
    Declaration(Option<String>),
    /// A CycloneDX document (SBOM, VEX, attestation), read once: its signature is checked.
    CycloneDx(serde_json::Value),
    /// A signed bundle: the file's envelope, read once, or `None` for the folder holding it.
    Bundle(Option<serde_json::Value>),
    /// JSON no signature can cover: why.
    Malformed(String),
}

/// An input at a first look: a folder, something that is not JSON (a binary, or a file that
/// cannot be read, whose error comes later), or a JSON file's bytes, read once for [`kind`].
pub enum Sniffed {
    /// A folder: a bundle's.
    Folder,
    /// Not JSON: told by its first bytes, not read whole.
    NotJson,
    /// The bytes of a file that begins as JSON.
    Json(Vec<u8>),
}

impl Sniffed {
    /// Whether this is JSON that names `"bomFormat"`, as every CycloneDX document does: `verify`
    /// guesses from it whether the workspace root will be needed, before anything is parsed.
    pub fn looks_cyclonedx(&self) -> bool {
        const BOM_FORMAT: &[u8] = b"\"bomFormat\"";
        matches!(self, Self::Json(text) if text.windows(BOM_FORMAT.len()).any(|window| window == BOM_FORMAT))
    }
}

/// Takes the first look at the input at `path`.
pub fn sniff(path: &Path) -> Sniffed {
    use std::io::Read as _;
    if path.is_dir() {
        return Sniffed::Folder;
    }
    let Ok(mut file) = std::fs::File::open(path) else { return Sniffed::NotJson };
    let mut text = vec![0u8; 64];
    let Ok(read) = file.read(&mut text) else { return Sniffed::NotJson };
    text.truncate(read);
    if !crate::declaration_file::starts_json(&text) || file.read_to_end(&mut text).is_err() {
        return Sniffed::NotJson;
    }
    Sniffed::Json(text)
}

/// Tells the inputs apart by their content, not their names: a folder by the bundle in it, a
/// file by its JSON (read as JSF reads it: a key twice in one object is refused, not resolved
/// one way). A bundle is classified the same whether named by its file or its folder.
pub fn kind(path: &Path, sniffed: Sniffed) -> Input {
    let text = match sniffed {
        Sniffed::NotJson => return Input::Declaration(None),
        Sniffed::Json(text) => text,
        Sniffed::Folder => {
            let file = path.join(bundle::FILE);
            return match std::fs::read(&file).map(|text| json(&text)) {
                Ok(Ok(envelope)) if envelope.get("payloadType").is_some() => Input::Bundle(Some(envelope)),
                Ok(Err(reason)) if reason.contains("appears twice") => {
                    Input::Malformed(format!("`{}`: {reason}", file.display()))
                }
                // Unreadable or not a bundle: `bundle::check` says what is wrong with it.
                _ => Input::Bundle(None),
            };
        }
    };
    match json(&text) {
        Ok(value) if value["bomFormat"] == "CycloneDX" => Input::CycloneDx(value),
        Ok(value) if value.get("payloadType").is_some() => Input::Bundle(Some(value)),
        Err(reason) if reason.contains("appears twice") => Input::Malformed(reason),
        _ => {
            let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
            Input::Declaration(String::from_utf8(text.to_vec()).ok())
        }
    }
}

/// `text` parsed without duplicate keys, after a byte-order mark if there is one.
fn json(text: &[u8]) -> Result<serde_json::Value, String> {
    cra_core::sign::strict_json::parse(text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text))
}

/// Checks a CycloneDX document's JSF signature; writes the verdict to `out`. `false` when the
/// document is unsigned or its signature does not hold.
pub fn check_cyclonedx(
    path: &Path,
    document: serde_json::Value,
    trusted: Option<&PublicKey>,
    out: &mut String,
) -> bool {
    match jsf::verify(document, trusted) {
        Ok(verified) => {
            let _ = writeln!(
                out,
                "`{}`: signature verified ({}, key `{}`{})",
                path.display(),
                verified.algorithm,
                verified.key_id,
                if trusted.is_some() {
                    ", the trusted key"
                } else {
                    ": the key in the document; compare its ID with the manufacturer's published key"
                }
            );
            true
        }
        Err(error) => {
            let _ = writeln!(out, "invalid: `{}`: {error}", path.display());
            false
        }
    }
}

/// Checks a signed bundle (`envelope`: its file's content, already read, or `None` to read it
/// here); writes the verdict to `out`. Returns the signed declaration's JSON (to hold
/// binaries against) and whether everything held.
pub fn check_bundle(
    path: &Path,
    envelope: Option<&serde_json::Value>,
    trusted: Option<&PublicKey>,
    out: &mut String,
) -> Result<(PathBuf, String, bool), String> {
    let file = if path.is_dir() { path.join(bundle::FILE) } else { path.to_path_buf() };
    let checked =
        match envelope.map_or_else(|| bundle::check(path, trusted), |e| bundle::check_envelope(&file, e, trusted)) {
            Ok(checked) => checked,
            Err(bundle::BundleError::Signature { path, reason }) => {
                let _ = writeln!(out, "invalid: `{}`: {reason}", path.display());
                return Ok((path, String::new(), false));
            }
            Err(error) => return Err(error.to_string()),
        };
    for name in &checked.changed {
        let _ =
            writeln!(out, "changed: `{name}` is not the file the bundle `{}` signed (or is missing)", file.display());
    }
    for name in &checked.unlisted {
        let _ = writeln!(out, "added: `{name}` is not in the bundle `{}`", file.display());
    }
    let ok = checked.changed.is_empty() && checked.unlisted.is_empty();
    let _ = writeln!(
        out,
        "`{}`: signature verified (key `{}`, {}); {} file(s) listed, {} changed or missing, {} added{}",
        file.display(),
        checked.key_id,
        match checked.key_source {
            bundle::KeySource::Trusted => "the trusted key".to_owned(),
            bundle::KeySource::Beside => format!(
                "the key in `{}` beside it: compare its ID with the manufacturer's published key, or give it with --public-key",
                bundle::PUBLIC_KEY_FILE
            ),
        },
        checked.subjects.len(),
        checked.changed.len(),
        checked.unlisted.len(),
        if ok { "" } else { ": NOT as signed" }
    );
    Ok((file, checked.declaration.to_string(), ok))
}
