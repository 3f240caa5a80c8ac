//! What evidence a claim may name, and where it may be: the kinds of evidence and the accepted
//! forms of a location, which the attribute grammar and document validation both check.
//!
//! Evidence sits in the technical documentation (Annex VII): test reports (point 6), the risk
//! assessment (point 3), design information (point 2(a)), the SBOM and vulnerability-handling
//! records (point 2(b)), and the standards or certificates applied (point 5).

use std::fmt;
use std::str::FromStr;

macro_rules! evidence_kinds {
    ($( $variant:ident = $name:literal, $doc:literal; )*) => {
        // Exhaustive: cra-core maps each kind to its point of Annex VII, and a new kind must
        // get one there (the crates of cra-rs ask for each other's exact version). Said in a
        // comment, not the doc comment, which is the JSON Schema's description.
        /// What kind of evidence a document or artefact is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub enum EvidenceKind {
            $(
                #[doc = $doc]
                #[cfg_attr(feature = "serde", serde(rename = $name))]
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownEvidenceKind {
    /// The text given.
    pub text: String,
    /// The closest kind, if the text looks like a typo of it.
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownEvidenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds = EvidenceKind::ALL.iter().map(|k| format!("`{}`", k.name())).collect::<Vec<_>>().join(", ");
        write!(
            f,
            "unknown evidence kind `{}`{}; expected one of {kinds}",
            self.text,
            crate::suggest::did_you_mean(self.suggestion)
        )
    }
}

impl std::error::Error for UnknownEvidenceKind {}

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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", deny_unknown_fields))]
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidLocation {
    /// An empty path.
    EmptyPath,
    /// A path from the root of a file system.
    AbsolutePath(String),
    /// A path whose `..` climb above the package root.
    OutsidePackage(String),
    /// Text without `http://` or `https://`.
    NotAUrl(String),
    /// A URL without a host, or with spaces.
    NoHost(String),
}

impl fmt::Display for InvalidLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidLocation::EmptyPath => f.write_str("evidence path is empty"),
            InvalidLocation::AbsolutePath(path) => {
                write!(f, "evidence path `{path}` is absolute; give it relative to the crate's manifest directory")
            }
            InvalidLocation::OutsidePackage(path) => write!(
                f,
                "evidence path `{path}` leads out of the package; evidence must lie inside the package that names it"
            ),
            InvalidLocation::NotAUrl(text) => {
                write!(f, "`{text}` is not a URL; expected `https://host/…` or `http://host/…`")
            }
            InvalidLocation::NoHost(text) => {
                write!(f, "`{text}` is not a URL; expected a host after `://` and no spaces")
            }
        }
    }
}

impl std::error::Error for InvalidLocation {}

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
