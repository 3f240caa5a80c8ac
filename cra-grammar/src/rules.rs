//! The rules every claim must satisfy, wherever it comes from: a `#[cra(...)]` attribute (the
//! derive and the build-time generator read it with this crate's grammar) or a declaration
//! document (`cra_core::claim::Claim::violations` calls [`violations`]). Written once, here.

use crate::evidence::{InvalidLocation, Location};
use crate::requirements::RequirementId;

/// What a claim says of its requirement: the keyword of an attribute, the `status` of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimKeyword {
    /// `addresses(...)`, status `addressed`.
    Addresses,
    /// `partially_addresses(...)`, status `partially_addressed`.
    PartiallyAddresses,
    /// `not_applicable(...)`, status `not_applicable`.
    NotApplicable,
}

/// A rule a single claim must satisfy. Exhaustive on purpose: `cra_core::claim::rule_code`
/// gives each its validation code, and a new rule must get one there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimRule {
    /// Addressed (or partially addressed) needs at least one piece of evidence.
    AddressedWithoutEvidence,
    /// Partially addressed needs to say what is missing.
    PartialWithoutMissing,
    /// Annex I Part I(1) and Part II always apply.
    NotApplicableAlwaysApplies,
    /// Not applicable needs a non-empty justification.
    NotApplicableWithoutJustification,
    /// An evidence location that is not a relative path or an http(s) URL.
    MalformedEvidenceLocation(InvalidLocation),
}

/// Every rule a claim breaks: `keyword` and `requirement` as written, the locations of its
/// evidence, and its `missing` or `justification` text (empty when absent).
pub fn violations<'a>(
    keyword: ClaimKeyword,
    requirement: RequirementId,
    evidence: impl IntoIterator<Item = &'a Location>,
    text: &str,
) -> Vec<ClaimRule> {
    let mut found = Vec::new();
    let mut evidence = evidence.into_iter().peekable();
    match keyword {
        ClaimKeyword::Addresses => {
            if evidence.peek().is_none() {
                found.push(ClaimRule::AddressedWithoutEvidence);
            }
        }
        ClaimKeyword::PartiallyAddresses => {
            if evidence.peek().is_none() {
                found.push(ClaimRule::AddressedWithoutEvidence);
            }
            if text.trim().is_empty() {
                found.push(ClaimRule::PartialWithoutMissing);
            }
        }
        ClaimKeyword::NotApplicable => {
            if requirement.always_applies() {
                found.push(ClaimRule::NotApplicableAlwaysApplies);
            }
            if text.trim().is_empty() {
                found.push(ClaimRule::NotApplicableWithoutJustification);
            }
        }
    }
    for location in evidence {
        if let Err(message) = location.check_form() {
            found.push(ClaimRule::MalformedEvidenceLocation(message));
        }
    }
    found
}

impl ClaimRule {
    /// The message, lower-case with names in backticks.
    pub fn message(&self, requirement: RequirementId) -> String {
        let id = requirement.as_str();
        let name = requirement.name();
        match self {
            ClaimRule::AddressedWithoutEvidence => {
                format!("requirement `{id}` ({name}) is claimed as addressed without evidence")
            }
            ClaimRule::PartialWithoutMissing => {
                format!("requirement `{id}` ({name}) is partially addressed but does not say what is missing")
            }
            ClaimRule::NotApplicableAlwaysApplies => {
                format!("requirement `{id}` ({name}) always applies and cannot be declared not applicable")
            }
            ClaimRule::NotApplicableWithoutJustification => {
                format!("requirement `{id}` ({name}) is declared not applicable without a justification")
            }
            ClaimRule::MalformedEvidenceLocation(message) => message.to_string(),
        }
    }

    /// What would be right.
    pub fn hint(&self) -> &'static str {
        match self {
            ClaimRule::AddressedWithoutEvidence => {
                "add evidence, e.g. `evidence(test_report = \"docs/tests.md\")`, or use `partially_addresses`"
            }
            ClaimRule::PartialWithoutMissing => "add `missing = \"...\"` describing what is not yet done",
            ClaimRule::NotApplicableAlwaysApplies => {
                "Annex I Part I(1) and all of Part II apply to every product; address it instead"
            }
            ClaimRule::NotApplicableWithoutJustification => {
                "add `justification = \"...\"` explaining why it does not apply (it goes into the technical documentation)"
            }
            ClaimRule::MalformedEvidenceLocation(_) => {
                "give a path relative to the crate's manifest directory or an `https://` URL"
            }
        }
    }

    /// The legal reference behind the rule.
    pub fn reference(&self) -> &'static str {
        match self {
            ClaimRule::AddressedWithoutEvidence | ClaimRule::PartialWithoutMissing => "Art. 31; Annex VII",
            ClaimRule::NotApplicableAlwaysApplies | ClaimRule::NotApplicableWithoutJustification => {
                "Art. 13(3)–(4); Annex I"
            }
            ClaimRule::MalformedEvidenceLocation(_) => "Annex VII",
        }
    }
}
