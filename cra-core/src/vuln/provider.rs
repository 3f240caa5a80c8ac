//! The CSAF provider layout (CSAF 2.0 section 7.1, directory-based distribution): what a
//! trusted provider serves under its `advisories-url`, written into a folder.
//!
//! - `<tlp>/<year>/<id>.json`, each with `.sha256` and `.sha512` (in `sha256sum -c` form) and a
//!   detached, armored OpenPGP signature `.asc`: the documents at their canonical URLs;
//! - `<tlp>/index.txt` (every document's path) and `<tlp>/changes.csv` (path and
//!   `current_release_date`, newest first), rebuilt from what the folder holds, so publishing
//!   record after record into one folder keeps one consistent layout;
//! - `openpgp/<fingerprint>.asc`: the public key;
//! - `provider-metadata.json`: the publisher, the distributions and the key's fingerprint and URL.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};
use sha2::Digest as _;

use super::openpgp::{OpenPgpError, OpenPgpKey};

/// The provider metadata's file name.
pub const PROVIDER_METADATA: &str = "provider-metadata.json";

/// Why a layout could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// A document has no canonical URL under the advisories URL.
    #[error(
        "the document `{id}` has no canonical URL under `{base}`: set `advisories-url` in [package.metadata.cra] (the provider's base URL)"
    )]
    NoCanonicalUrl {
        /// The document's tracking ID.
        id: String,
        /// The advisories URL.
        base: String,
    },
    /// A file of the folder could not be read or written.
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
    /// Signing failed.
    #[error(transparent)]
    OpenPgp(#[from] OpenPgpError),
}

/// Writes `documents` (CSAF documents of one provider) into the layout under `dir`, signed with
/// `key`; `base` is the provider's base URL (`advisories-url`). Returns the paths written,
/// relative to `dir`.
pub fn publish(dir: &Path, documents: &[Value], base: &str, key: &OpenPgpKey) -> Result<Vec<String>, ProviderError> {
    let base = base.trim_end_matches('/');
    // Every document and signature is made before the first file is written: a failure leaves
    // the folder as it was, never a document without its signature.
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut publisher = Value::Null;
    for document in documents {
        let id = document["document"]["tracking"]["id"].as_str().unwrap_or_default().to_owned();
        let relative = document["document"]["references"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["category"] == "self")
            .and_then(|r| r["url"].as_str()?.strip_prefix(base)?.strip_prefix('/').map(str::to_owned))
            .ok_or_else(|| ProviderError::NoCanonicalUrl { id, base: base.to_owned() })?;
        let text = crate::write::json_text(document);
        let name = relative.rsplit('/').next().unwrap_or(&relative).to_owned();
        let sha256 = format!("{}  {name}\n", crate::digest::hex(&sha2::Sha256::digest(&text)));
        let sha512 = format!("{}  {name}\n", crate::digest::hex(&sha2::Sha512::digest(&text)));
        let signature = key.sign(text.as_bytes())?;
        files.push((format!("{relative}.sha256"), sha256.into_bytes()));
        files.push((format!("{relative}.sha512"), sha512.into_bytes()));
        files.push((format!("{relative}.asc"), signature.into_bytes()));
        files.push((relative, text.into_bytes()));
        publisher = document["document"]["publisher"].clone();
    }
    let mut written = Vec::new();
    let mut put = |relative: &str, bytes: &[u8]| -> Result<(), ProviderError> {
        crate::write::file(&dir.join(relative), bytes)?;
        written.push(relative.to_owned());
        Ok(())
    };
    for (relative, bytes) in &files {
        put(relative, bytes)?;
    }
    // A document published again under another year or TLP label (its fix came later, its
    // label changed) moves: the copy at its old place goes, with its hashes and signature, so
    // that the indexes name each document once.
    let just_written: Vec<&str> = files.iter().map(|(relative, _)| relative.as_str()).collect();
    for (relative, _) in files.iter().filter(|(r, _)| Path::new(r).extension().is_some_and(|e| e == "json")) {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        for stale in copies_elsewhere(dir, name, relative) {
            for suffix in ["", ".sha256", ".sha512", ".asc"] {
                let path = format!("{stale}{suffix}");
                if !just_written.contains(&path.as_str()) {
                    let _ = std::fs::remove_file(dir.join(&path));
                }
            }
        }
    }
    let mut distributions = Vec::new();
    let mut last_updated = String::new();
    for tlp in ["white", "green", "amber", "red"] {
        let entries = folder_entries(&dir.join(tlp));
        if entries.is_empty() {
            continue;
        }
        let index = entries.iter().fold(String::new(), |mut text, (path, _)| {
            let _ = writeln!(text, "{path}");
            text
        });
        let mut changes = entries.clone();
        // Newest first, by the time the date says, not its spelling (`…00.5Z` is after `…00Z`).
        let time = |date: &str| date.parse::<jiff::Timestamp>().ok();
        changes.sort_by(|a, b| time(&b.1).cmp(&time(&a.1)).then_with(|| a.0.cmp(&b.0)));
        let csv = changes.iter().fold(String::new(), |mut text, (path, date)| {
            let _ = writeln!(text, "\"{path}\",\"{date}\"");
            text
        });
        put(&format!("{tlp}/index.txt"), index.as_bytes())?;
        put(&format!("{tlp}/changes.csv"), csv.as_bytes())?;
        if time(&changes[0].1) > time(&last_updated) {
            last_updated.clone_from(&changes[0].1);
        }
        distributions.push(json!({ "directory_url": format!("{base}/{tlp}/") }));
    }
    let fingerprint = key.fingerprint();
    let key_path = format!("openpgp/{fingerprint}.asc");
    put(&key_path, key.public_armored().as_bytes())?;
    let metadata = json!({
        "canonical_url": format!("{base}/{PROVIDER_METADATA}"),
        "distributions": distributions,
        "last_updated": last_updated,
        "list_on_CSAF_aggregators": true,
        "metadata_version": "2.0",
        "mirror_on_CSAF_aggregators": true,
        "public_openpgp_keys": [{ "fingerprint": fingerprint, "url": format!("{base}/{key_path}") }],
        "publisher": publisher,
        "role": "csaf_trusted_provider",
    });
    put(PROVIDER_METADATA, crate::write::json_text(&metadata).as_bytes())?;
    Ok(written)
}

/// The places other than `relative` where a document named `name` lies in the layout under
/// `dir` (`<tlp>/<year>/<name>`).
fn copies_elsewhere(dir: &Path, name: &str, relative: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tlp in ["white", "green", "amber", "red"] {
        for year in std::fs::read_dir(dir.join(tlp)).into_iter().flatten().flatten() {
            let candidate = format!("{tlp}/{}/{name}", year.file_name().to_string_lossy());
            if candidate != relative && dir.join(&candidate).is_file() {
                found.push(candidate);
            }
        }
    }
    found
}

/// Every document of a TLP folder: its path below the folder (`2026/x.json`) and its
/// `current_release_date`, sorted by path.
fn folder_entries(tlp: &Path) -> Vec<(String, String)> {
    let mut entries = Vec::new();
    for year in std::fs::read_dir(tlp).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(year.path()).into_iter().flatten().flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            let Some(date) = name
                .strip_suffix(".json")
                .and_then(|_| std::fs::read(file.path()).ok())
                .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
                .and_then(|d| d["document"]["tracking"]["current_release_date"].as_str().map(str::to_owned))
            else {
                continue;
            };
            entries.push((format!("{}/{name}", year.file_name().to_string_lossy()), date));
        }
    }
    entries.sort();
    entries
}
