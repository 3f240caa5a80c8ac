//! Evidence: the documents, tests and records that show a requirement is addressed.
//!
//! Evidence sits in the technical documentation (Annex VII): test reports (point 6), the risk
//! assessment (point 3), design information (point 2(a)), the SBOM and vulnerability-handling
//! records (point 2(b)), and the standards or certificates applied (point 5). The kinds and the
//! accepted forms of a location are the attribute grammar's (`cra-grammar`), so that the derive
//! and document validation accept the same evidence.

use serde::{Deserialize, Serialize};

pub use cra_grammar::evidence::{EvidenceKind, InvalidLocation, Location, UnknownEvidenceKind, check_url};

/// A SHA-256 digest, 64 lower-case hex digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256(String);

string_schema!(Sha256, "Sha256", "SHA-256 digest as 64 lower-case hexadecimal digits.", pattern = "^[0-9a-f]{64}$");

impl Sha256 {
    /// The digest as hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A text that is not a SHA-256 digest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a SHA-256 digest; expected 64 lower-case hex digits")]
pub struct InvalidSha256(String);

impl InvalidSha256 {
    /// The text that was refused.
    pub fn text(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sha256 {
    type Error = InvalidSha256;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        if value.len() == 64 && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(Sha256(value))
        } else {
            Err(InvalidSha256(value))
        }
    }
}

impl From<Sha256> for String {
    fn from(value: Sha256) -> Self {
        value.0
    }
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Evidence {
    /// What it is.
    pub kind: EvidenceKind,
    /// Where it is.
    pub location: Location,
    /// Digest of the file's content, filled in by the build-time generator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<Sha256>,
    /// For a path: the package whose root the path is relative to, filled in by the build-time
    /// generator, so that the file can be found and re-hashed from the workspace root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<PackageRoot>,
}

impl Evidence {
    /// Where a reader finds it: a URL as it is, a path from the workspace root through its
    /// package's folder ([`location_from_root`]).
    pub fn location_from_root(&self) -> std::borrow::Cow<'_, str> {
        location_from_root(&self.location, self.package.as_ref())
    }
}

/// Where a reader finds a location: a URL as it is; a path from the workspace root, through the
/// folder of the package it is relative to (`examples/door-lock-hub/tests/unlock.rs`). The one
/// rule for the SBOM, the documents, OSCAL and the CycloneDX attestation.
pub fn location_from_root<'a>(location: &'a Location, package: Option<&PackageRoot>) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    match (location, package.map(|p| p.root.as_str())) {
        (Location::Url(url), _) => Cow::Borrowed(url.as_str()),
        (Location::Path(path), None | Some(".")) => Cow::Borrowed(path.as_str()),
        (Location::Path(path), Some(root)) => Cow::Owned(format!("{}/{path}", root.trim_end_matches('/'))),
    }
}

/// The package an evidence path belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct PackageRoot {
    /// Package name, as in its Cargo.toml.
    pub name: String,
    /// Its directory relative to the workspace root (the directory of the root Cargo.toml, or
    /// of the product's own Cargo.toml without a workspace), with `/` separators; `.` for the
    /// root itself.
    pub root: String,
}
