//! Validation of a declaration: every problem at once, each with a stable code, a message a
//! product owner understands, the legal reference and where in the document it is.
//!
//! Gaps (an applicable requirement that no component addresses, or addresses only in part) are
//! reported with [`Severity::Gap`], apart from errors: a gap is work still to do, an error is a
//! declaration the law would not accept.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::catalogue::CATALOGUE_VERSION;
use crate::claim::RequirementState;
use crate::conformity::{ProcedureKind, check_procedure};
use crate::declaration::{Declaration, SCHEMA_VERSION};

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
    /// Stable code, e.g. `forbidden_procedure`.
    pub code: String,
    /// What is wrong, for a product owner.
    pub message: String,
    /// The legal reference.
    pub reference: String,
}

/// The result of validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Report {
    /// Every problem, sorted by severity, then path.
    pub problems: Vec<Problem>,
}

impl Report {
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
        code: &str,
        path: impl Into<String>,
        message: impl Into<String>,
        reference: &str,
    ) {
        self.problems.push(Problem {
            severity,
            code: code.to_owned(),
            path: path.into(),
            message: message.into(),
            reference: reference.to_owned(),
        });
    }
}

fn blank(value: Option<&String>) -> bool {
    value.is_none_or(|v| v.trim().is_empty())
}

impl Declaration {
    /// Checks the declaration against the rules of the regulation and returns every problem.
    pub fn validate(&self) -> Report {
        let mut report = Report::default();
        check_versions(self, &mut report);
        check_contacts(self, &mut report);
        check_procedure_rules(self, &mut report);
        check_support_period(self, &mut report);
        check_components(self, &mut report);
        check_gaps(self, &mut report);
        if self.signature.is_none() {
            report.push(
                Severity::Warning,
                "unsigned_declaration",
                "signature",
                "the declaration has no signature yet: who signs it, where and when",
                "Annex V point 8; Art. 28(4)",
            );
        }
        report.problems.sort();
        report
    }
}

fn check_versions(declaration: &Declaration, report: &mut Report) {
    if declaration.schema_version != SCHEMA_VERSION {
        report.push(
            Severity::Error,
            "unsupported_schema_version",
            "schema_version",
            format!(
                "document format version {} is not {SCHEMA_VERSION}, the version this library validates",
                declaration.schema_version
            ),
            "cra-rs document format",
        );
    }
    if declaration.catalogue_version != CATALOGUE_VERSION {
        report.push(
            Severity::Error,
            "unknown_catalogue_version",
            "catalogue_version",
            format!(
                "claims refer to requirement catalogue `{}`, but this library encodes `{CATALOGUE_VERSION}`",
                declaration.catalogue_version
            ),
            "cra-rs catalogue",
        );
    }
}

fn check_contacts(declaration: &Declaration, report: &mut Report) {
    let manufacturer = &declaration.manufacturer;
    if manufacturer.name.trim().is_empty() {
        report.push(
            Severity::Error,
            "missing_manufacturer_name",
            "manufacturer.name",
            "the manufacturer's name is missing",
            "Annex II point 1; Annex V point 2",
        );
    }
    if blank(manufacturer.postal_address.as_ref()) {
        report.push(
            Severity::Error,
            "missing_manufacturer_contact",
            "manufacturer.postal_address",
            "the manufacturer's postal address is missing",
            "Annex II point 1; Art. 13(16)",
        );
    }
    if blank(manufacturer.contact.as_ref()) {
        report.push(
            Severity::Error,
            "missing_manufacturer_contact",
            "manufacturer.contact",
            "the manufacturer's email address or other digital contact is missing",
            "Annex II point 1; Art. 13(16)",
        );
    }
    let handling = &declaration.vulnerability_handling;
    if blank(handling.single_point_of_contact.as_ref()) {
        report.push(
            Severity::Error,
            "missing_vulnerability_contact",
            "vulnerability_handling.single_point_of_contact",
            "there is no single point of contact for reporting vulnerabilities",
            "Art. 13(17); Annex II point 2; Annex I Part II(6)",
        );
    }
    if blank(handling.cvd_policy_url.as_ref()) {
        report.push(
            Severity::Error,
            "missing_cvd_policy",
            "vulnerability_handling.cvd_policy_url",
            "there is no coordinated vulnerability disclosure policy",
            "Annex II point 2; Annex I Part II(5)",
        );
    }
}

fn check_procedure_rules(declaration: &Declaration, report: &mut Report) {
    if let Err(error) = check_procedure(&declaration.assessment_facts(), &declaration.procedure) {
        report.push(
            Severity::Error,
            "forbidden_procedure",
            "procedure",
            format!("{}: {}", error.procedure, error.reason),
            &error.reference,
        );
    }
    let needs_body = matches!(declaration.procedure.kind(), ProcedureKind::ModuleBPlusC | ProcedureKind::ModuleH);
    if needs_body && declaration.notified_body.is_none() {
        report.push(
            Severity::Error,
            "missing_notified_body",
            "notified_body",
            format!("{} involves a notified body, but none is named", declaration.procedure.kind()),
            "Annex V point 7; Annex VIII",
        );
    }
}

fn check_support_period(declaration: &Declaration, report: &mut Report) {
    let period = &declaration.support_period;
    if !period.meets_five_years() && blank(period.shorter_period_justification.as_ref()) {
        report.push(
            Severity::Error,
            "support_period_too_short",
            "support_period.end",
            format!(
                "the support period ends in {}, less than 5 years after placing on the market on {}, and no justification says the expected use time is shorter",
                period.end, period.placed_on_market
            ),
            "Art. 13(8)",
        );
    }
}

fn check_components(declaration: &Declaration, report: &mut Report) {
    let names: BTreeSet<&str> = declaration.components.iter().map(|c| c.name.as_str()).collect();
    let mut seen = BTreeSet::new();
    for (index, component) in declaration.components.iter().enumerate() {
        let at = format!("components[{index}]");
        if !seen.insert(component.name.as_str()) {
            report.push(
                Severity::Error,
                "duplicate_component",
                format!("{at}.name"),
                format!("component `{}` is declared twice", component.name),
                "Annex VII point 2(a)",
            );
        }
        for (d, dependency) in component.depends_on.iter().enumerate() {
            if !names.contains(dependency.as_str()) {
                report.push(
                    Severity::Error,
                    "unknown_dependency",
                    format!("{at}.depends_on[{d}]"),
                    format!(
                        "component `{}` depends on `{dependency}`, which is not a component of this product",
                        component.name
                    ),
                    "Annex VII point 2(a)",
                );
            }
        }
        let mut claimed = BTreeSet::new();
        for (c, claim) in component.claims.iter().enumerate() {
            let requirement = claim.requirement();
            if !claimed.insert(requirement) {
                report.push(
                    Severity::Error,
                    "duplicate_claim",
                    format!("{at}.claims[{c}]"),
                    format!("component `{}` claims requirement `{requirement}` more than once", component.name),
                    "Annex VII point 3",
                );
            }
            for rule in claim.violations() {
                report.push(
                    Severity::Error,
                    rule.code(),
                    format!("{at}.claims[{c}]"),
                    format!("component `{}`: {}", component.name, rule.message(requirement)),
                    rule.reference(),
                );
            }
        }
    }
}

fn check_gaps(declaration: &Declaration, report: &mut Report) {
    for (requirement, state) in declaration.requirement_states() {
        match state {
            RequirementState::NotAssessed => report.push(
                Severity::Gap,
                "unaddressed_requirement",
                format!("requirements.{requirement}"),
                format!(
                    "no component addresses requirement `{requirement}` ({}), nor declares it not applicable",
                    requirement.info().title
                ),
                requirement.info().reference,
            ),
            RequirementState::PartiallyAddressed => report.push(
                Severity::Gap,
                "partially_addressed",
                format!("requirements.{requirement}"),
                format!("requirement `{requirement}` ({}) is only partially addressed", requirement.info().title),
                requirement.info().reference,
            ),
            RequirementState::Addressed | RequirementState::NotApplicable => {}
        }
    }
}
