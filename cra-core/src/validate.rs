//! Validation of a declaration: every problem at once, each with a stable code, a message a
//! product owner understands, the legal reference and where in the document it is.
//!
//! The codes are the variants of [`ValidationCode`], one per rule; `docs/errors.md` lists each
//! with its message, cause, fix and legal reference.
//!
//! Gaps (an applicable requirement that no component addresses, or addresses only in part) are
//! reported with [`Severity::Gap`], apart from errors: a gap is work still to do, an error is a
//! declaration the law would not accept.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::claim::RequirementState;
use crate::declaration::{ConformityStatus, Declaration};

mod annex_v;
mod claims;
mod procedure;
mod product;
mod unfinished;

pub use crate::validation_code::{UnknownCode, ValidationCode};
pub(crate) use claims::not_assessed_reason;
use claims::{check_components, check_gaps, check_product_applicability, check_vulnerability_findings};
use procedure::{check_certification, check_foss_route, check_importer, check_procedure_rules};
use product::{check_contacts, check_risk_assessment, check_support_period, check_user_information, check_versions};
pub use unfinished::{PLACEHOLDER, reserved_host};

/// A product placed on the market before the regulation applies is caught only if substantially
/// modified from that date (Art. 69(2)).
const APPLICATION_DATE: jiff::civil::Date = crate::catalogue::FULL_APPLICATION;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The declaration is not acceptable as it stands.
    Error,
    /// An applicable requirement is not (fully) addressed yet.
    Gap,
    /// Worth a look; not an error.
    Warning,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Problem {
    /// How serious.
    pub severity: Severity,
    /// Where in the document, as a field path, e.g. `components[1].claims[0]`.
    pub path: String,
    /// Stable code, e.g. `forbidden_procedure` (serialized as that string).
    pub code: ValidationCode,
    /// What is wrong, for a product owner.
    pub message: String,
    /// The legal reference.
    pub reference: String,
}

impl Problem {
    /// The problem in one line, placed at `at` (its field path, or the manifest key it comes
    /// from): what is wrong, the code, the place and the legal reference.
    pub fn text_at(&self, at: &str) -> String {
        format!("{} [{}] at `{at}` ({})", self.message, self.code, self.reference)
    }
}

/// The result of validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Findings {
    /// Every problem, sorted by severity, then path.
    pub problems: Vec<Problem>,
}

impl Findings {
    /// Problems of one severity.
    pub fn of(&self, severity: Severity) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(move |p| p.severity == severity)
    }

    /// Whether there is no error (gaps and warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.of(Severity::Error).next().is_none()
    }

    /// The codes found, for tests and summaries.
    pub fn codes(&self) -> BTreeSet<&str> {
        self.problems.iter().map(|p| p.code.as_str()).collect()
    }

    fn push(
        &mut self,
        severity: Severity,
        code: ValidationCode,
        path: impl Into<String>,
        message: impl Into<String>,
        reference: &str,
    ) {
        self.problems.push(Problem {
            severity,
            code,
            path: path.into(),
            message: message.into(),
            reference: reference.to_owned(),
        });
    }
}

/// [`Declaration::conformity_status`] and [`Declaration::open_items`] of one validation run.
pub(crate) struct Assessment {
    /// Complete or draft.
    pub(crate) status: ConformityStatus,
    /// What keeps it a draft (empty when complete).
    pub(crate) open: Vec<String>,
    /// The validation run both come from, for the gap report.
    pub(crate) findings: Findings,
}

fn open_items_of(report: &Findings) -> Vec<String> {
    let mut open: Vec<String> = report
        .problems
        .iter()
        .filter(|p| matches!(p.severity, Severity::Error | Severity::Gap))
        .map(|p| format!("{} ({})", p.message, p.reference))
        .collect();
    open.dedup();
    open
}

/// The gaps of the declaration itself, not of a requirement: what Annex V, the procedure and
/// the CE marking still need (`certificate_not_issued`, `scheme_not_designated`,
/// `missing_oj_reference`, `missing_ce_marking`). The gap report lists them.
pub fn declaration_gaps(declaration: &Declaration) -> Vec<Problem> {
    declaration_gaps_in(&declaration.validate_content())
}

/// [`declaration_gaps`] from a validation run already made: every gap but those of a
/// requirement (not assessed, partially addressed, a known vulnerability), which the gap report
/// lists by requirement.
pub(crate) fn declaration_gaps_in(findings: &Findings) -> Vec<Problem> {
    let mut gaps: Vec<Problem> = findings
        .of(Severity::Gap)
        .filter(|p| {
            !matches!(
                p.code,
                ValidationCode::UnaddressedRequirement
                    | ValidationCode::PartiallyAddressed
                    | ValidationCode::KnownVulnerability
            )
        })
        .cloned()
        .collect();
    gaps.sort();
    gaps
}

fn blank(value: Option<&String>) -> bool {
    value.is_none_or(|v| v.trim().is_empty())
}

impl Declaration {
    /// Checks the declaration against the rules of the regulation and returns every problem.
    /// Never panics, whatever the dates.
    pub fn validate(&self) -> Findings {
        let mut report = self.validate_content();
        let status = self.status_from(&report);
        if self.status == ConformityStatus::Complete && status == ConformityStatus::Draft {
            // A warning: every view recomputes the status, so a stale field cannot make a draft
            // pass for complete; it only misinforms a reader of the raw document.
            report.push(
                Severity::Warning,
                ValidationCode::StatusMismatch,
                "status",
                "the document says `complete`, but it is a draft: see the open items; `normalize` records the status",
                "Art. 28(1)",
            );
            report.problems.sort();
        }
        report
    }

    /// `complete` when every applicable requirement is addressed (the product state of
    /// [`Declaration::requirement_states`]) and validation finds no error; otherwise `draft`
    /// (Art. 28(1): the declaration states that the applicable requirements are demonstrated).
    pub fn conformity_status(&self) -> ConformityStatus {
        self.status_from(&self.validate_content())
    }

    /// What keeps the declaration a draft, one line each: requirements not assessed or only
    /// partially addressed, and validation errors.
    pub fn open_items(&self) -> Vec<String> {
        open_items_of(&self.validate_content())
    }

    /// [`Declaration::normalize`] with the one validation run it needs, returned: the
    /// generator validates once. The status recorded is the findings', so they hold no
    /// `status_mismatch`.
    #[cfg(feature = "build")]
    pub(crate) fn normalize_and_validate(&mut self) -> Findings {
        self.sort();
        let findings = self.validate_content();
        self.status = self.status_from(&findings);
        findings
    }

    /// The status and the open items from one validation run, for views that need both.
    pub(crate) fn assess(&self) -> Assessment {
        let findings = self.validate_content();
        Assessment { status: self.status_from(&findings), open: open_items_of(&findings), findings }
    }

    fn status_from(&self, report: &Findings) -> ConformityStatus {
        let open_requirement = self
            .requirement_states()
            .values()
            .any(|s| matches!(s, RequirementState::NotAssessed | RequirementState::PartiallyAddressed));
        let open_gap = report.of(Severity::Gap).next().is_some();
        if open_requirement || open_gap || !report.is_valid() {
            ConformityStatus::Draft
        } else {
            ConformityStatus::Complete
        }
    }

    fn validate_content(&self) -> Findings {
        let mut report = Findings::default();
        check_versions(self, &mut report);
        check_contacts(self, &mut report);
        check_procedure_rules(self, &mut report);
        annex_v::check_annex_v(self, &mut report);
        check_certification(self, &mut report);
        check_foss_route(self, &mut report);
        check_support_period(self, &mut report);
        check_product_applicability(self, &mut report);
        check_risk_assessment(self, &mut report);
        check_importer(self, &mut report);
        check_user_information(self, &mut report);
        check_components(self, &mut report);
        check_gaps(self, &mut report);
        check_vulnerability_findings(self, &mut report);
        unfinished::check_unfinished(self, &mut report);
        if self.signature.is_none() {
            report.push(
                Severity::Warning,
                ValidationCode::UnsignedDeclaration,
                "signature",
                "the declaration has no signature yet: who signs it, where and when",
                "Annex V point 8; Art. 28(4)",
            );
        }
        report.problems.sort();
        report
    }
}
