//! Evidence: the documents, tests and records that show a requirement is addressed.
//!
//! Evidence sits in the technical documentation (Annex VII): test reports (point 6), the risk
//! assessment (point 3), design information (point 2(a)), the SBOM and vulnerability-handling
//! records (point 2(b)), and the standards or certificates applied (point 5).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! evidence_kinds {
    ($( $variant:ident = $name:literal, $doc:literal; )*) => {
        /// What kind of evidence a document or artefact is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        pub enum EvidenceKind {
            $(
                #[doc = $doc]
                #[serde(rename = $name)]
                $variant,
            )*
        }

        impl EvidenceKind {
            /// Every kind.
            pub const ALL: &'static [EvidenceKind] = &[$(EvidenceKind::$variant),*];

            /// The Rust variant name, for generated code.
            #[doc(hidden)]
            pub fn variant_name(self) -> &'static str {
                match self {
                    $(EvidenceKind::$variant => stringify!($variant),)*
                }
            }

            /// The snake_case name used in documents and attributes.
            pub fn name(self) -> &'static str {
                match self {
                    $(EvidenceKind::$variant => $name,)*
                }
            }
        }
    };
}

evidence_kinds! {
    Test = "test", "An automated test in the product's code base.";
    TestReport = "test_report", "A report of tests run against Annex I Part I or Part II (Annex VII point 6).";
    DesignDocument = "design_document", "Design information or architecture (Annex VII point 2(a)).";
    RiskAssessment = "risk_assessment", "The cybersecurity risk assessment (Art. 13(2)–(3); Annex VII point 3).";
    ThreatModel = "threat_model", "A threat model, part of the risk assessment.";
    Sbom = "sbom", "A software bill of materials (Annex I Part II(1); Annex VII point 2(b)).";
    Standard = "standard", "A harmonised standard or common specification applied (Art. 27; Annex VII point 5).";
    Certificate = "certificate", "A certificate: EU-type examination, European cybersecurity certificate (Art. 27(8)–(9)).";
    Policy = "policy", "A policy document, such as the coordinated vulnerability disclosure policy (Annex I Part II(5)).";
    ProcessRecord = "process_record", "A record that a process ran: reviews, triage, release records.";
    ExternalAudit = "external_audit", "An external audit or assessment report.";
}

impl fmt::Display for EvidenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A text that names no evidence kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown evidence kind `{text}`{}; expected one of {}",
    crate::suggest::did_you_mean(*.suggestion),
    EvidenceKind::ALL.iter().map(|k| format!("`{}`", k.name())).collect::<Vec<_>>().join(", ")
)]
#[non_exhaustive]
pub struct UnknownEvidenceKind {
    /// The text given.
    pub text: String,
    /// The closest kind, if the text looks like a typo of it.
    pub suggestion: Option<&'static str>,
}

impl FromStr for EvidenceKind {
    type Err = UnknownEvidenceKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EvidenceKind::ALL.iter().copied().find(|k| k.name() == s).ok_or_else(|| UnknownEvidenceKind {
            text: s.to_owned(),
            suggestion: crate::suggest::closest(s, EvidenceKind::ALL.iter().map(|k| k.name())),
        })
    }
}

/// Where a piece of evidence is: a path in the product's repository, or a URL.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Location {
    /// A path relative to the manifest directory of the crate that declares the claim, with `/`
    /// separators.
    Path(String),
    /// An `http` or `https` URL.
    Url(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Path(path) => f.write_str(path),
            Location::Url(url) => f.write_str(url),
        }
    }
}

impl Location {
    /// Checks the form of the location: a path must be relative and non-empty, a URL must be
    /// `http(s)://` followed by a host. Existence of a path is checked where the file system is
    /// known (the derive and the build-time generator).
    pub fn check_form(&self) -> Result<(), InvalidLocation> {
        match self {
            Location::Path(path) => check_path(path),
            Location::Url(url) => check_url(url),
        }
    }
}

/// Why a location is not of the accepted form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidLocation {
    /// An empty path.
    #[error("evidence path is empty")]
    EmptyPath,
    /// A path from the root of a file system.
    #[error("evidence path `{0}` is absolute; give it relative to the crate's manifest directory")]
    AbsolutePath(String),
    /// A path whose `..` climb above the package root.
    #[error("evidence path `{0}` leads out of the package; evidence must lie inside the package that names it")]
    OutsidePackage(String),
    /// Text without `http://` or `https://`.
    #[error("`{0}` is not a URL; expected `https://host/…` or `http://host/…`")]
    NotAUrl(String),
    /// A URL without a host, or with spaces.
    #[error("`{0}` is not a URL; expected a host after `://` and no spaces")]
    NoHost(String),
}

fn check_path(path: &str) -> Result<(), InvalidLocation> {
    if path.trim().is_empty() {
        return Err(InvalidLocation::EmptyPath);
    }
    if path.starts_with('/') || path.starts_with('\\') || path.get(1..2) == Some(":") {
        return Err(InvalidLocation::AbsolutePath(path.to_owned()));
    }
    // Lexically, without the file system: `..` may not climb above the package root.
    let mut depth = 0usize;
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                depth = depth.checked_sub(1).ok_or_else(|| InvalidLocation::OutsidePackage(path.to_owned()))?;
            }
            _ => depth += 1,
        }
    }
    Ok(())
}

/// The accepted URL form: scheme `http` or `https`, `://`, a host without spaces.
pub fn check_url(url: &str) -> Result<(), InvalidLocation> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| InvalidLocation::NotAUrl(url.to_owned()))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || url.chars().any(char::is_whitespace) {
        return Err(InvalidLocation::NoHost(url.to_owned()));
    }
    Ok(())
}

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
    /// The message, or the text that was refused.
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
