//! `security.txt` (RFC 9116) from the product's metadata: where to report a vulnerability
//! (Annex I Part II(5)–(6); Art. 13(17)), the CVD policy, the languages, the canonical address
//! and the CSAF provider metadata (CSAF 2.0 section 7.1.8).
//!
//! `Contact` and `Policy` come from `vulnerability-contact` and `cvd-policy-url`; the rest from
//! `[package.metadata.cra.security-txt]`. `Expires` is written as given, never computed from the
//! clock, so the same metadata always gives the same file; the clock only checks that it is in
//! the future and at most a year ahead (RFC 9116 section 2.5.5).

use std::path::Path;

use jiff::{Timestamp, ToSpan};
use serde::Deserialize;

use crate::declaration::Declaration;

/// `[package.metadata.cra.security-txt]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SecurityTxt {
    /// When the file stops being valid.
    #[serde(deserialize_with = "super::read::timestamp")]
    pub expires: Timestamp,
    /// Where the file is published (`https://…/.well-known/security.txt`).
    #[serde(default)]
    pub canonical: Option<String>,
    /// Languages reports are read in, e.g. `["en", "de"]`.
    #[serde(default)]
    pub preferred_languages: Vec<String>,
    /// The manufacturer's CSAF `provider-metadata.json`.
    #[serde(default)]
    pub csaf: Option<String>,
}

/// Why a `security.txt` cannot be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SecurityTxtError {
    /// The manifest could not be read.
    #[error("{}: cannot read: {source}", .path.display())]
    Read {
        /// The manifest.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The manifest or its `security-txt` table is not valid.
    #[error("{}: `[package.metadata.cra.security-txt]`: {message}", .path.display())]
    Metadata {
        /// The manifest.
        path: std::path::PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A field cannot be written as RFC 9116 asks.
    #[error("security.txt: {0}")]
    Field(String),
}

impl SecurityTxt {
    /// Reads `[package.metadata.cra.security-txt]` from a product's `Cargo.toml`.
    pub fn from_manifest(path: &Path) -> Result<SecurityTxt, SecurityTxtError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| SecurityTxtError::Read { path: path.to_path_buf(), source })?;
        let metadata = |message: String| SecurityTxtError::Metadata { path: path.to_path_buf(), message };
        let manifest: toml::Table = toml::from_str(&text).map_err(|e| metadata(e.message().to_owned()))?;
        let table = manifest
            .get("package")
            .and_then(|p| p.get("metadata"))
            .and_then(|m| m.get("cra"))
            .and_then(|c| c.get("security-txt"))
            .ok_or_else(|| metadata("missing; add it with at least `expires = 2027-06-30T00:00:00Z`".into()))?;
        SecurityTxt::deserialize(table.clone()).map_err(|e| metadata(e.message().to_owned()))
    }
}

/// The `security.txt` text for the product, checked against `now`.
pub fn security_txt(
    declaration: &Declaration,
    settings: &SecurityTxt,
    now: Timestamp,
) -> Result<String, SecurityTxtError> {
    let field = |message: String| SecurityTxtError::Field(message);
    let contact = declaration
        .vulnerability_handling
        .single_point_of_contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            field("`Contact` is required: set `vulnerability-contact` in [package.metadata.cra] (Art. 13(17))".into())
        })?;
    let contact = if contact.starts_with("https://") || contact.starts_with("mailto:") || contact.starts_with("tel:") {
        contact.to_owned()
    } else if contact.contains('@') && !contact.contains(':') {
        format!("mailto:{contact}")
    } else {
        return Err(field(format!(
            "`Contact` must be an https:// URL, an e-mail address or a tel: URI, found `{contact}`"
        )));
    };
    if settings.expires <= now {
        return Err(field(format!(
            "`expires` {} has passed (now is {now}): a stale security.txt must not be published",
            settings.expires
        )));
    }
    let year_ahead =
        now.to_zoned_datetime(jiff::tz::TimeZone::UTC).checked_add(1.year()).map_or(Timestamp::MAX, |z| z.timestamp());
    if settings.expires > year_ahead {
        return Err(field(format!(
            "`expires` {} is more than a year ahead of {now}; RFC 9116 section 2.5.5 recommends less, so that the file is reviewed",
            settings.expires
        )));
    }
    for (name, url) in [("canonical", &settings.canonical), ("csaf", &settings.csaf)] {
        if let Some(url) = url
            && !url.starts_with("https://")
        {
            return Err(field(format!("`{name}` must be an https:// URL, found `{url}`")));
        }
    }
    let mut lines = vec![
        format!(
            "# Security contact of {} ({}), from its CRA metadata.",
            declaration.product.name, declaration.manufacturer.name
        ),
        format!("Contact: {contact}"),
        format!("Expires: {}", settings.expires.strftime("%Y-%m-%dT%H:%M:%SZ")),
    ];
    if let Some(policy) = &declaration.vulnerability_handling.cvd_policy_url {
        lines.push(format!("Policy: {policy}"));
    }
    if !settings.preferred_languages.is_empty() {
        lines.push(format!("Preferred-Languages: {}", settings.preferred_languages.join(", ")));
    }
    if let Some(canonical) = &settings.canonical {
        lines.push(format!("Canonical: {canonical}"));
    }
    if let Some(csaf) = &settings.csaf {
        lines.push(format!("CSAF: {csaf}"));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Ok(text)
}
