//! Claims: one component's statement about one essential requirement, and the rules every claim
//! must satisfy wherever it comes from (a document, the derive, the build-time generator).
//!
//! A requirement that no component claims is **not assessed**, which is a different state from a
//! claim that is partially addressed (something is known to be missing). The two are kept apart in
//! the model ([`RequirementState`]) and in every report.

use serde::{Deserialize, Serialize};

pub use cra_grammar::rules::{ClaimKeyword, ClaimRule};

use crate::catalogue::RequirementId;
use crate::evidence::Evidence;
use crate::validation_code::ValidationCode;

/// One component's claim about one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", try_from = "RawClaim")]
pub enum Claim {
    /// The requirement is addressed, shown by at least one piece of evidence.
    Addressed {
        /// The requirement.
        requirement: RequirementId,
        /// The evidence.
        evidence: Vec<Evidence>,
    },
    /// The requirement is addressed in part: the evidence so far, and what is missing.
    PartiallyAddressed {
        /// The requirement.
        requirement: RequirementId,
        /// The evidence so far.
        evidence: Vec<Evidence>,
        /// What is still missing.
        missing: String,
    },
    /// The requirement does not apply to this component, with the reason (Art. 13(4)); allowed
    /// only for Annex I Part I(2) items.
    NotApplicable {
        /// The requirement.
        requirement: RequirementId,
        /// Why it does not apply.
        justification: String,
    },
}

/// The document shape of [`Claim`] for the JSON Schema: the same variants, without the
/// `try_from` that reading uses.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[schemars(rename = "Claim", deny_unknown_fields)]
#[serde(tag = "status", rename_all = "snake_case")]
#[expect(dead_code, reason = "only its schema is used")]
enum ClaimShape {
    /// The requirement is addressed, shown by at least one piece of evidence.
    Addressed { requirement: RequirementId, evidence: Vec<Evidence> },
    /// Addressed in part: the evidence so far, and what is missing.
    PartiallyAddressed { requirement: RequirementId, evidence: Vec<Evidence>, missing: String },
    /// Not applicable, with the reason (Art. 13(4)).
    NotApplicable { requirement: RequirementId, justification: String },
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Claim {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        ClaimShape::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ClaimShape::json_schema(generator)
    }
}

/// The status names, as documents spell them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StatusTag {
    Addressed,
    PartiallyAddressed,
    NotApplicable,
}

/// A claim as read from a document: a plain struct, so that field paths and unknown fields are
/// reported precisely (an internally tagged enum would buffer its content and lose both).
#[derive(Deserialize)]
struct RawClaim {
    status: StatusTag,
    requirement: RequirementId,
    evidence: Option<Vec<Evidence>>,
    missing: Option<String>,
    justification: Option<String>,
}

impl TryFrom<RawClaim> for Claim {
    type Error = String;

    fn try_from(raw: RawClaim) -> Result<Self, Self::Error> {
        let RawClaim { status, requirement, evidence, missing, justification } = raw;
        let misplaced =
            |field: &str, status: &str| format!("field `{field}` does not belong to a claim with status `{status}`");
        let required = |field: &str, status: &str| format!("a claim with status `{status}` needs the field `{field}`");
        match status {
            StatusTag::Addressed => {
                if missing.is_some() {
                    return Err(misplaced("missing", "addressed"));
                }
                if justification.is_some() {
                    return Err(misplaced("justification", "addressed"));
                }
                let evidence = evidence.ok_or_else(|| required("evidence", "addressed"))?;
                Ok(Claim::Addressed { requirement, evidence })
            }
            StatusTag::PartiallyAddressed => {
                if justification.is_some() {
                    return Err(misplaced("justification", "partially_addressed"));
                }
                let evidence = evidence.ok_or_else(|| required("evidence", "partially_addressed"))?;
                let missing = missing.ok_or_else(|| required("missing", "partially_addressed"))?;
                Ok(Claim::PartiallyAddressed { requirement, evidence, missing })
            }
            StatusTag::NotApplicable => {
                if evidence.is_some() {
                    return Err(misplaced("evidence", "not_applicable"));
                }
                if missing.is_some() {
                    return Err(misplaced("missing", "not_applicable"));
                }
                let justification = justification.ok_or_else(|| required("justification", "not_applicable"))?;
                Ok(Claim::NotApplicable { requirement, justification })
            }
        }
    }
}

impl Claim {
    /// The requirement the claim is about.
    pub fn requirement(&self) -> RequirementId {
        match self {
            Claim::Addressed { requirement, .. }
            | Claim::PartiallyAddressed { requirement, .. }
            | Claim::NotApplicable { requirement, .. } => *requirement,
        }
    }

    /// The evidence the claim names.
    pub fn evidence(&self) -> &[Evidence] {
        match self {
            Claim::Addressed { evidence, .. } | Claim::PartiallyAddressed { evidence, .. } => evidence,
            Claim::NotApplicable { .. } => &[],
        }
    }

    /// The state this claim gives its requirement.
    pub fn state(&self) -> RequirementState {
        match self {
            Claim::Addressed { .. } => RequirementState::Addressed,
            Claim::PartiallyAddressed { .. } => RequirementState::PartiallyAddressed,
            Claim::NotApplicable { .. } => RequirementState::NotApplicable,
        }
    }

    /// Every rule this claim breaks. The derive, the build-time generator and document
    /// validation all apply these rules, written once in [`cra_grammar::rules`].
    pub fn violations(&self) -> Vec<ClaimRule> {
        let (keyword, text) = match self {
            Claim::Addressed { .. } => (ClaimKeyword::Addresses, ""),
            Claim::PartiallyAddressed { missing, .. } => (ClaimKeyword::PartiallyAddresses, missing.as_str()),
            Claim::NotApplicable { justification, .. } => (ClaimKeyword::NotApplicable, justification.as_str()),
        };
        cra_grammar::rules::violations(keyword, self.requirement(), self.evidence().iter().map(|e| &e.location), text)
    }
}

/// The stable code of a broken claim rule, shared by compile errors, build diagnostics and
/// validation reports.
pub fn rule_code(rule: &ClaimRule) -> ValidationCode {
    match rule {
        ClaimRule::AddressedWithoutEvidence => ValidationCode::AddressedWithoutEvidence,
        ClaimRule::PartialWithoutMissing => ValidationCode::PartialWithoutMissing,
        ClaimRule::NotApplicableAlwaysApplies => ValidationCode::NotApplicableAlwaysApplies,
        ClaimRule::NotApplicableWithoutJustification => ValidationCode::NotApplicableWithoutJustification,
        ClaimRule::MalformedEvidenceLocation(_) => ValidationCode::MalformedEvidenceLocation,
    }
}

/// The state of one requirement for a product, over all its components' claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequirementState {
    /// No component claims it: nothing is known, which is not the same as not met.
    NotAssessed,
    /// Every claim says it does not apply.
    NotApplicable,
    /// Claimed, but something is known to be missing.
    PartiallyAddressed,
    /// At least one component addresses it with evidence.
    Addressed,
}

impl RequirementState {
    /// Adds one component's claim (`claim`) to the product's state of a requirement so far, as
    /// [`Declaration::requirement_state`](crate::Declaration::requirement_state) does (rules 2–4
    /// of [`Declaration::requirement_states`](crate::Declaration::requirement_states)): a
    /// partially addressed claim decides, an addressing claim counts, and a component's own
    /// `not_applicable` adds nothing: a requirement is not applicable to the product only by the
    /// product's own statement (Art. 13(4)), so components that all say "not applicable" leave
    /// it not assessed.
    #[must_use]
    pub fn combine(self, claim: RequirementState) -> RequirementState {
        match (self, claim) {
            (RequirementState::PartiallyAddressed, _) | (_, RequirementState::PartiallyAddressed) => {
                RequirementState::PartiallyAddressed
            }
            (_, RequirementState::Addressed) => RequirementState::Addressed,
            (state, RequirementState::NotApplicable | RequirementState::NotAssessed) => state,
        }
    }
}
