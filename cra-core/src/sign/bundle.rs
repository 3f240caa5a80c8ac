//! The signed bundle of a declaration: what a market-surveillance authority checks offline.
//!
//! One file, `bundle.dsse.json`, beside the declaration: a DSSE envelope (the Dead Simple Signing
//! Envelope of the Secure Systems Lab, as in-toto, Sigstore and SLSA use it) around an in-toto
//! Statement v1. The statement's subjects are the declaration, the gap report, the SBOM, the
//! CycloneDX attestation and every
//! document under `documents/`, each with its SHA-256; its predicate is the declaration itself,
//! so the statement says "these files, and this declaration, as the manufacturer signed them".
//! The evidence files are covered through the declaration, which holds their digests.
//!
//! Why DSSE and not a signed CycloneDX attestation: the signature covers exact bytes (no
//! canonicalization to get wrong), any in-toto or Sigstore verifier checks it, and the
//! declaration stays the one document of its own format. docs/documents.md argues it in full.
//!
//! The public key is written beside the bundle (`signing-key.pub.pem`): with it alone a reader
//! learns the files are unchanged since signing; who signed is known only by comparing its key
//! ID with the key the manufacturer publishes (`cargo cra verify --public-key`).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sha2::Digest as _;

use super::key::{KeyError, PublicKey, SigningKey};

/// The bundle's file name, beside the declaration.
pub const FILE: &str = "bundle.dsse.json";
/// The signer's public key, written beside the bundle.
pub const PUBLIC_KEY_FILE: &str = "signing-key.pub.pem";
/// The DSSE payload type of an in-toto statement.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
/// The in-toto statement type.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
/// The files of a product's output folder the bundle lists, besides everything under
/// [`DOCUMENTS`]; `check.json` is a tool's report and rewritten by every check, so it is not.
pub const FILES: [&str; 4] = ["declaration.json", "gap-report.json", "sbom.cdx.json", "attestation.cdx.json"];
/// The folder of documents people read, listed whole.
pub const DOCUMENTS: &str = "documents";

/// A bundle that could not be made or read, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// A file could not be read.
    #[error("cannot read `{}`", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The bundle is not a DSSE envelope of an in-toto statement cra-rs wrote.
    #[error("`{}` is not a signed bundle of a declaration: {reason}", .path.display())]
    Form {
        /// The bundle.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The signature does not hold.
    #[error("`{}`: {reason}", .path.display())]
    Signature {
        /// The bundle.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The key could not be read.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The bundle could not be written.
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
}

/// What sealing wrote.
#[derive(Debug)]
pub struct Sealed {
    /// The bundle file.
    pub path: PathBuf,
    /// How many files it lists.
    pub subjects: usize,
    /// The signer's key ID (RFC 7638 thumbprint).
    pub key_id: String,
}

/// Where the key that verified came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// The key the verifier named: the signer is who the verifier trusts.
    Trusted,
    /// The key beside the bundle: the files are unchanged since signing; who signed is the
    /// holder of that key, which the reader compares with the manufacturer's published key.
    Beside,
}

/// What checking a bundle found. The signature held; the files may still differ.
#[derive(Debug)]
pub struct Checked {
    /// The signer's key ID.
    pub key_id: String,
    /// Where the key came from.
    pub key_source: KeySource,
    /// The files the bundle lists, by their path in the folder.
    pub subjects: Vec<String>,
    /// Listed files whose content changed, or that are missing.
    pub changed: Vec<String>,
    /// Documents in the folder the bundle does not list (added after signing).
    pub unlisted: Vec<String>,
    /// The signed declaration (the statement's predicate).
    pub declaration: Value,
}

/// Signs the output folder `dir` of a product (`target/cra/<package>/`): writes [`FILE`] and
/// [`PUBLIC_KEY_FILE`] into it.
pub fn seal(dir: &Path, key: &SigningKey) -> Result<Sealed, BundleError> {
    let declaration_path = dir.join(FILES[0]);
    let declaration: Value = serde_json::from_slice(&read(&declaration_path)?).map_err(|e| BundleError::Form {
        path: declaration_path.clone(),
        reason: format!("the declaration is not JSON: {e}"),
    })?;
    let subjects: Vec<Value> = listed_files(dir)
        .into_iter()
        .map(|name| Ok(json!({"name": name, "digest": {"sha256": sha256_of(&dir.join(&name))?}})))
        .collect::<Result<_, BundleError>>()?;
    let statement = json!({
        "_type": STATEMENT_TYPE,
        "subject": subjects,
        "predicateType": crate::declaration::SCHEMA_ID,
        "predicate": declaration,
    });
    let payload = serde_json::to_vec(&statement).expect("a statement serializes");
    let public = key.public_key();
    let key_id = public.key_id();
    let envelope = json!({
        "payload": STANDARD.encode(&payload),
        "payloadType": PAYLOAD_TYPE,
        "signatures": [{"keyid": key_id, "sig": STANDARD.encode(key.sign_der(&pae(PAYLOAD_TYPE, &payload)))}],
    });
    let path = dir.join(FILE);
    crate::write::file(&path, crate::write::json_text(&envelope).as_bytes())?;
    crate::write::file(&dir.join(PUBLIC_KEY_FILE), public.to_pem().as_bytes())?;
    Ok(Sealed { path, subjects: subjects.len(), key_id })
}

/// Checks the bundle at `path` (the file, or the folder holding it): its signature by `trusted`
/// (else by the key beside it), and every file it lists against the folder.
pub fn check(path: &Path, trusted: Option<&PublicKey>) -> Result<Checked, BundleError> {
    let path = if path.is_dir() { path.join(FILE) } else { path.to_path_buf() };
    let text = read(&path)?;
    let envelope =
        super::strict_json::parse(text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text)).map_err(|reason| {
            BundleError::Form { path: path.clone(), reason: format!("it is not JSON as JCS reads it: {reason}") }
        })?;
    check_envelope(&path, &envelope, trusted)
}

/// [`check`] for a bundle file already read: `envelope` is the content of `path`, parsed
/// without duplicate keys (`strict_json`).
pub fn check_envelope(path: &Path, envelope: &Value, trusted: Option<&PublicKey>) -> Result<Checked, BundleError> {
    let path = path.to_path_buf();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let form = |reason: &str| BundleError::Form { path: path.clone(), reason: reason.to_owned() };
    if envelope["payloadType"] != PAYLOAD_TYPE {
        return Err(form(&format!("its `payloadType` is not `{PAYLOAD_TYPE}`")));
    }
    let payload = envelope["payload"]
        .as_str()
        .and_then(|p| STANDARD.decode(p).ok())
        .ok_or_else(|| form("its `payload` is not base64"))?;
    let (key, key_source) = match trusted {
        Some(key) => (key.clone(), KeySource::Trusted),
        None => (PublicKey::read(&dir.join(PUBLIC_KEY_FILE))?, KeySource::Beside),
    };
    let key_id = key.key_id();
    let message = pae(PAYLOAD_TYPE, &payload);
    let signatures = envelope["signatures"].as_array().ok_or_else(|| form("it has no `signatures`"))?;
    let verified = signatures.iter().any(|s| {
        s["sig"].as_str().and_then(|sig| STANDARD.decode(sig).ok()).is_some_and(|sig| key.verifies_der(&message, &sig))
    });
    if !verified {
        let signers: Vec<&str> = signatures.iter().filter_map(|s| s["keyid"].as_str()).collect();
        return Err(BundleError::Signature {
            path: path.clone(),
            reason: format!(
                "no signature by key `{key_id}` holds (the bundle names {}): it was changed after it was signed, or signed by another key",
                if signers.is_empty() { "no key".to_owned() } else { signers.join(", ") }
            ),
        });
    }
    let statement: Value =
        serde_json::from_slice(&payload).map_err(|e| form(&format!("its statement is not JSON: {e}")))?;
    if statement["_type"] != STATEMENT_TYPE || statement["predicateType"] != crate::declaration::SCHEMA_ID {
        return Err(form("its statement is not an in-toto statement of a cra-rs declaration"));
    }
    let mut subjects = Vec::new();
    let mut changed = Vec::new();
    for subject in statement["subject"].as_array().ok_or_else(|| form("its statement has no `subject`"))? {
        let (Some(name), Some(digest)) = (subject["name"].as_str(), subject["digest"]["sha256"].as_str()) else {
            return Err(form("a subject has no `name` or no `digest.sha256`"));
        };
        // Names are `/`-separated paths inside the folder: nothing may point outside it, on any
        // system (no `..`, `.`, empty part, `\\`, drive or absolute path).
        if name.split('/').any(|part| matches!(part, "" | "." | "..") || part.contains(['\\', ':']))
            || Path::new(name).is_absolute()
        {
            return Err(form(&format!("the subject `{name}` is not a path inside the bundle's folder")));
        }
        // A link is not the file that was signed, whatever it points to now.
        let path = dir.join(name);
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link || sha256_of(&path).ok().as_deref() != Some(digest) {
            changed.push(name.to_owned());
        }
        subjects.push(name.to_owned());
    }
    let unlisted = listed_files(&dir).into_iter().filter(|name| !subjects.contains(name)).collect();
    Ok(Checked { key_id, key_source, subjects, changed, unlisted, declaration: statement["predicate"].clone() })
}

/// DSSE's pre-authentication encoding: what is signed, binding the payload to its type.
fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut message = format!("DSSEv1 {} {payload_type} {} ", payload_type.len(), payload.len()).into_bytes();
    message.extend_from_slice(payload);
    message
}

/// The files of `dir` the bundle lists: [`FILES`] that exist and every regular file under
/// [`DOCUMENTS`] (links are not followed), as `/`-separated paths, sorted.
fn listed_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        FILES.iter().filter(|name| dir.join(name).is_file()).map(|n| (*n).to_owned()).collect();
    let mut pending = vec![PathBuf::from(DOCUMENTS)];
    while let Some(relative) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&relative)) else { continue };
        for entry in entries.flatten() {
            let name = relative.join(entry.file_name());
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                pending.push(name);
            } else if kind.is_file() {
                let parts: Vec<String> =
                    name.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                names.push(parts.join("/"));
            }
        }
    }
    names.sort();
    names
}

fn read(path: &Path) -> Result<Vec<u8>, BundleError> {
    std::fs::read(path).map_err(|source| BundleError::Read { path: path.to_path_buf(), source })
}

fn sha256_of(path: &Path) -> Result<String, BundleError> {
    Ok(crate::digest::hex(&sha2::Sha256::digest(read(path)?)))
}
