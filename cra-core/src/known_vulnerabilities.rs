//! Known vulnerabilities of the version being built, as the declaration records them: what keeps
//! Annex I Part I(2)(a) ("made available on the market without known exploitable
//! vulnerabilities") open whatever the components claim.
//!
//! The build-time generator fills [`Declaration::vulnerability_findings`] from the product's
//! vulnerability records and its latest `cargo cra audit` evidence (docs/vulnerability-handling.md);
//! each finding is a gap of I.2.a, so a declaration with one is a draft.
//!
//! [`Declaration::vulnerability_findings`]: crate::Declaration::vulnerability_findings

use serde::{Deserialize, Serialize};

/// What kind of fact keeps I.2.a open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// A vulnerability record says this version is affected, or the analysis is not finished
    /// (status `affected` or `under_investigation`, or `fixed` only in a later version).
    Record,
    /// The audit found an advisory on a shipped crate that no record settles.
    Advisory,
    /// The audit checked other crates than this build ships (another release's SBOM).
    AuditOfOtherCrates,
    /// The audit is older than the product allows (`audit-max-age-days`).
    StaleAudit,
    /// The audit file is not `cargo cra audit` evidence of this cra-rs.
    InvalidAudit,
}

/// One known vulnerability, or one reason the absence of known vulnerabilities is not shown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct VulnerabilityFinding {
    /// What kind of fact it is.
    pub kind: FindingKind,
    /// The record's or advisory's ID (`DLH-2026-003`, `RUSTSEC-2024-0001`), or the audit file.
    pub id: String,
    /// Whether a record says it is actively exploited (Art. 3(42)).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub actively_exploited: bool,
    /// Why it keeps I.2.a open, for the product team and the auditor.
    pub reason: String,
    /// The file it comes from, relative to the product's manifest directory.
    pub source: String,
}
