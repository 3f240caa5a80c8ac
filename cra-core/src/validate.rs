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

use crate::catalogue::{CATALOGUE_VERSION, RequirementId};
use crate::claim::RequirementState;
use crate::conformity::{AssuranceLevel, Procedure, ProcedureKind, check_procedure, scheme_act};
use crate::declaration::{ConformityStatus, Declaration, InstructionTopic, SCHEMA_VERSION};
use crate::evidence::EvidenceKind;

mod annex_v;
mod code;
mod unfinished;

pub use code::{UnknownCode, ValidationCode};
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
    /// Stable code, e.g. `forbidden_procedure`: the string of a [`ValidationCode`].
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
        code: ValidationCode,
        path: impl Into<String>,
        message: impl Into<String>,
        reference: &str,
    ) {
        self.problems.push(Problem {
            severity,
            code: code.as_str().to_owned(),
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
}

fn open_items_of(report: &Report) -> Vec<String> {
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
    let mut report = Report::default();
    check_procedure_rules(declaration, &mut report);
    check_certification(declaration, &mut report);
    annex_v::check_annex_v(declaration, &mut report);
    let mut gaps: Vec<Problem> = report.problems.into_iter().filter(|p| p.severity == Severity::Gap).collect();
    gaps.sort();
    gaps
}

fn blank(value: Option<&String>) -> bool {
    value.is_none_or(|v| v.trim().is_empty())
}

impl Declaration {
    /// Checks the declaration against the rules of the regulation and returns every problem.
    /// Never panics, whatever the dates.
    pub fn validate(&self) -> Report {
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

    /// The status and the open items from one validation run, for views that need both.
    pub(crate) fn assess(&self) -> Assessment {
        let report = self.validate_content();
        Assessment { status: self.status_from(&report), open: open_items_of(&report) }
    }

    fn status_from(&self, report: &Report) -> ConformityStatus {
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

    fn validate_content(&self) -> Report {
        let mut report = Report::default();
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

fn check_versions(declaration: &Declaration, report: &mut Report) {
    if declaration.schema_version != SCHEMA_VERSION {
        report.push(
            Severity::Error,
            ValidationCode::UnsupportedSchemaVersion,
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
            ValidationCode::UnknownCatalogueVersion,
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
            ValidationCode::MissingManufacturerName,
            "manufacturer.name",
            "the manufacturer's name is missing",
            "Annex II point 1; Annex V point 2",
        );
    }
    if blank(manufacturer.postal_address.as_ref()) {
        report.push(
            Severity::Error,
            ValidationCode::MissingManufacturerPostalAddress,
            "manufacturer.postal_address",
            "the manufacturer's postal address is missing",
            "Annex II point 1; Art. 13(16)",
        );
    }
    if blank(manufacturer.contact.as_ref()) {
        report.push(
            Severity::Error,
            ValidationCode::MissingManufacturerContact,
            "manufacturer.contact",
            "the manufacturer's email address or other digital contact is missing",
            "Annex II point 1; Art. 13(16)",
        );
    }
    let handling = &declaration.vulnerability_handling;
    if blank(handling.single_point_of_contact.as_ref()) {
        report.push(
            Severity::Error,
            ValidationCode::MissingVulnerabilityContact,
            "vulnerability_handling.single_point_of_contact",
            "there is no single point of contact for reporting vulnerabilities",
            "Art. 13(17); Annex II point 2; Annex I Part II(6)",
        );
    }
    if blank(handling.cvd_policy_url.as_ref()) {
        report.push(
            Severity::Error,
            ValidationCode::MissingCvdPolicy,
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
            ValidationCode::ForbiddenProcedure,
            "procedure",
            format!("{}: {}", error.procedure, error.reason),
            &error.reference,
        );
    }
    let needs_body = matches!(declaration.procedure.kind(), ProcedureKind::ModuleBPlusC | ProcedureKind::ModuleH);
    if needs_body && declaration.notified_body.is_none() {
        report.push(
            Severity::Error,
            ValidationCode::MissingNotifiedBody,
            "notified_body",
            format!("{} involves a notified body, but none is named", declaration.procedure.kind()),
            "Annex V point 7; Annex VIII",
        );
    }
    if let Some(body) = declaration.notified_body.as_ref().filter(|b| needs_body && blank(b.certificate.as_ref())) {
        let what = crate::annex::notified_body_certificate(declaration.procedure.kind()).unwrap_or("certificate");
        report.push(
            Severity::Gap,
            ValidationCode::CertificateNotIssued,
            "notified_body.certificate",
            format!(
                "the {what} issued by {} is not identified: until the notified body has issued it, the declaration is a draft",
                body.name
            ),
            "Annex V point 7; Annex VIII",
        );
    }
}

fn check_support_period(declaration: &Declaration, report: &mut Report) {
    let period = &declaration.support_period;
    if period.ends_before_placing() {
        report.push(
            Severity::Error,
            ValidationCode::SupportEndBeforePlacing,
            "support_period.end",
            format!(
                "the support period ends in {}, before the product is placed on the market on {}",
                period.end, period.placed_on_market
            ),
            "Art. 13(8)",
        );
    } else if !period.meets_five_years() {
        if blank(period.shorter_period_justification.as_ref()) {
            report.push(
                Severity::Error,
                ValidationCode::SupportPeriodTooShort,
                "support_period.end",
                format!(
                    "the support period ends in {}, less than 5 years after placing on the market on {}, and no justification says the expected use time is shorter",
                    period.end, period.placed_on_market
                ),
                "Art. 13(8)",
            );
        }
        match (period.expected_use_time, period.covers_expected_use_time()) {
            (None, _) => report.push(
                Severity::Error,
                ValidationCode::MissingExpectedUseTime,
                "support_period.expected_use_time",
                format!(
                    "the support period ends in {}, less than 5 years after placing on the market, but the expected use time it must equal is not given",
                    period.end
                ),
                "Art. 13(8)",
            ),
            (Some(use_time), Some(false)) => report.push(
                Severity::Error,
                ValidationCode::SupportPeriodShorterThanUseTime,
                "support_period.end",
                format!(
                    "the support period ends in {}, before the expected use time of {use_time} after placing on the market on {} is over; a period under 5 years must not be shorter than the expected use time",
                    period.end, period.placed_on_market
                ),
                "Art. 13(8)",
            ),
            _ => {}
        }
    } else if period.covers_expected_use_time() == Some(false)
        && let Some(use_time) = period.expected_use_time
    {
        report.push(
            Severity::Error,
            ValidationCode::SupportPeriodShorterThanUseTime,
            "support_period.end",
            format!(
                "the support period ends in {}, before the expected use time of {use_time} after placing on the market on {} is over; the support period shall reflect the time the product is expected to be in use",
                period.end, period.placed_on_market
            ),
            "Art. 13(8)",
        );
    }
    if period.placed_on_market < APPLICATION_DATE {
        report.push(
            Severity::Warning,
            ValidationCode::PlacedBeforeApplication,
            "support_period.placed_on_market",
            format!(
                "the first unit was placed on the market on {}, before 11 December 2027: every unit placed on the market from that date must comply, whatever the date of the first; only the units placed before it are outside the regulation unless substantially modified from that date (Art. 69(2)); the reporting obligations of Art. 14 apply to all of them (Art. 69(3))",
                period.placed_on_market
            ),
            "Art. 69(2)",
        );
    }
}

fn check_certification(declaration: &Declaration, report: &mut Report) {
    if let Procedure::EuCertification { scheme, level, certificate, designated_by } = &declaration.procedure {
        if scheme.trim().is_empty() {
            report.push(
                Severity::Error,
                ValidationCode::MissingCertificationScheme,
                "procedure.scheme",
                "the European cybersecurity certification scheme is not named",
                "Art. 32(1)(d); Annex V point 7",
            );
        } else if scheme_act(scheme).is_none() {
            report.push(
                Severity::Warning,
                ValidationCode::UnknownCertificationScheme,
                "procedure.scheme",
                format!(
                    "certification scheme `{scheme}` is not one cra-rs knows (EUCC, Implementing Regulation (EU) 2024/482); check that it is a European cybersecurity certification scheme adopted under Reg. (EU) 2019/881"
                ),
                "Art. 27(9); Art. 32(1)(d)",
            );
        }
        if blank(certificate.as_ref()) {
            report.push(
                Severity::Error,
                ValidationCode::MissingCertificate,
                "procedure.certificate",
                format!(
                    "the certificate under scheme `{scheme}` at level `{}` is not identified",
                    crate::conformity::level_name(*level)
                ),
                "Annex V point 7",
            );
        }
        // A scheme counts for this route only as specified by a delegated act under Art. 27(9)
        // (for critical products, the Art. 8(1) act); cra-rs presumes no scheme has one.
        if blank(designated_by.as_ref()) && declaration.delegated_act.is_none() && !scheme.trim().is_empty() {
            report.push(
                Severity::Gap,
                ValidationCode::SchemeNotDesignated,
                "procedure.designated_by",
                format!(
                    "no delegated act is named that specifies scheme `{scheme}` for the conformity assessment of this product: a European cybersecurity certification scheme is a route of Art. 32 only once a delegated act under Art. 27(9) (for a critical product, under Art. 8(1)) specifies it; name the act (`designated-by`) or choose another procedure"
                ),
                "Art. 27(9); Art. 32(1)(d), 32(3)(c)",
            );
        }
    }
    if let Some(act) = &declaration.delegated_act {
        if act.reference.trim().is_empty() {
            report.push(
                Severity::Error,
                ValidationCode::MissingDelegatedActReference,
                "delegated_act.reference",
                "the delegated act under Art. 8(1) has no reference",
                "Art. 8(1)",
            );
        }
        if act.level < AssuranceLevel::Substantial {
            report.push(
                Severity::Error,
                ValidationCode::DelegatedActLevelTooLow,
                "delegated_act.level",
                "a delegated act under Art. 8(1) requires assurance level `substantial` or higher",
                "Art. 8(1)",
            );
        }
    }
}

fn check_foss_route(declaration: &Declaration, report: &mut Report) {
    if !declaration.foss_with_public_documentation {
        return;
    }
    let licence = declaration.product.license.as_deref().unwrap_or("");
    let licence_ok = declaration.open_source_license() == Some(true);
    let documentation_ok = declaration.documentation_public();
    let source_ok = declaration.source_shared();
    if !(licence_ok && documentation_ok && source_ok) {
        let licence_part = if licence.trim().is_empty() {
            "no licence is recorded (the package's `license`)".to_owned()
        } else if licence_ok {
            format!("the licence `{licence}` is free and open-source")
        } else {
            format!(
                "the licence `{licence}` is not a free and open-source licence (no OSI-approved or FSF free/libre SPDX licence satisfies it)"
            )
        };
        let documentation_part = if documentation_ok {
            "the technical documentation is public".to_owned()
        } else {
            "no URL says where the technical documentation is public (`technical-documentation-url`)".to_owned()
        };
        let source_part = if source_ok {
            "the source code is openly shared"
        } else {
            "no URL says where the source code is openly shared (`source-code-url`; Art. 3(48))"
        };
        report.push(
            Severity::Error,
            ValidationCode::FossRouteUnsupported,
            "foss_with_public_documentation",
            format!(
                "the product relies on Art. 32(5), which needs free and open-source software (source code openly shared under a free and open-source licence, Art. 3(48)) with public technical documentation: {licence_part}; {source_part}; {documentation_part}"
            ),
            "Art. 32(5)",
        );
    }
}

fn check_product_applicability(declaration: &Declaration, report: &mut Report) {
    for (requirement, statement) in &declaration.not_applicable {
        let at = format!("not_applicable.{requirement}");
        if requirement.always_applies() {
            report.push(
                Severity::Error,
                ValidationCode::NotApplicableAlwaysApplies,
                at.clone(),
                format!(
                    "requirement `{requirement}` ({}) always applies and cannot be declared not applicable",
                    requirement.name()
                ),
                "Art. 13(3)–(4); Annex I",
            );
        }
        if statement.justification.trim().is_empty() {
            report.push(
                Severity::Error,
                ValidationCode::NotApplicableWithoutJustification,
                at.clone(),
                format!(
                    "requirement `{requirement}` ({}) is declared not applicable without a justification",
                    requirement.name()
                ),
                "Art. 13(4)",
            );
        }
        if let Err(message) = statement.risk_assessment.check_form() {
            report.push(
                Severity::Error,
                ValidationCode::MalformedEvidenceLocation,
                format!("{at}.risk_assessment"),
                message.to_string(),
                "Annex VII point 3",
            );
        }
        let addressing: Vec<&str> = declaration
            .components
            .iter()
            .filter(|c| {
                c.claims.iter().any(|claim| {
                    claim.requirement() == *requirement
                        && matches!(claim.state(), RequirementState::Addressed | RequirementState::PartiallyAddressed)
                })
            })
            .map(|c| c.name.as_str())
            .collect();
        if !addressing.is_empty() && !requirement.always_applies() {
            report.push(
                Severity::Warning,
                ValidationCode::NotApplicableButAddressed,
                at,
                format!(
                    "the product declares requirement `{requirement}` not applicable, yet component{} {} address{} it; check the risk assessment",
                    if addressing.len() == 1 { "" } else { "s" },
                    addressing.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
                    if addressing.len() == 1 { "es" } else { "" }
                ),
                "Art. 13(3)–(4)",
            );
        }
    }
}

/// The product's own risk assessment (Art. 13(2)–(4)): it covers the product, its intended and
/// foreseeable use and every Part I requirement, so a component's threat model or risk
/// assessment, filed as evidence of a claim, does not stand in for it.
/// The importer's identification with the product (Art. 19(4)): name, postal address and a
/// digital contact.
fn check_importer(declaration: &Declaration, report: &mut Report) {
    let Some(importer) = &declaration.importer else { return };
    let mut missing = Vec::new();
    if importer.name.trim().is_empty() {
        missing.push("name");
    }
    if blank(importer.postal_address.as_ref()) {
        missing.push("postal address");
    }
    if blank(importer.contact.as_ref()) {
        missing.push("email address or other digital contact");
    }
    if !missing.is_empty() {
        report.push(
            Severity::Error,
            ValidationCode::IncompleteImporter,
            "importer",
            format!(
                "the importer's {} is missing: the importer gives its name, postal address and digital contact with the product",
                missing.join(", ")
            ),
            "Art. 19(4)",
        );
    }
}

fn check_risk_assessment(declaration: &Declaration, report: &mut Report) {
    let component_assessments: Vec<&str> = declaration
        .components
        .iter()
        .filter(|c| {
            c.claims
                .iter()
                .flat_map(crate::claim::Claim::evidence)
                .any(|e| matches!(e.kind, EvidenceKind::RiskAssessment | EvidenceKind::ThreatModel))
        })
        .map(|c| c.name.as_str())
        .collect();
    match &declaration.risk_assessment {
        Some(location) => {
            if let Err(message) = location.check_form() {
                report.push(Severity::Error, ValidationCode::MalformedEvidenceLocation, "risk_assessment", message.to_string(), "Annex VII point 3");
            }
        }
        None => report.push(
            Severity::Error,
            ValidationCode::MissingRiskAssessment,
            "risk_assessment",
            if component_assessments.is_empty() {
                "there is no cybersecurity risk assessment of the product: name it with `risk-assessment`".to_owned()
            } else {
                format!(
                    "there is no cybersecurity risk assessment of the product: name it with `risk-assessment`; the threat models or risk assessments filed as evidence of {} are the components', not the product's",
                    component_assessments.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                )
            },
            "Art. 13(2)–(4); Annex VII point 3",
        ),
    }
}

fn check_user_information(declaration: &Declaration, report: &mut Report) {
    let info = &declaration.user_information;
    if blank(info.instructions_url.as_ref()) {
        let missing: Vec<&str> = InstructionTopic::ALL
            .iter()
            .filter(|t| info.instructions.get(t).is_none_or(|text| text.trim().is_empty()))
            .map(|t| t.letter())
            .collect();
        if !missing.is_empty() {
            report.push(
                Severity::Warning,
                ValidationCode::IncompleteInstructions,
                "user_information.instructions",
                format!(
                    "the detailed instructions of Annex II point 8 are neither linked (`instructions-url`) nor given for point{} ({})",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join("), (")
                ),
                "Annex II point 8",
            );
        }
    }
    if declaration.product.security_properties.is_empty() {
        report.push(
            Severity::Warning,
            ValidationCode::MissingSecurityProperties,
            "product.security_properties",
            "the product's security properties are not listed",
            "Annex II point 4",
        );
    }
    if blank(info.technical_support.as_ref()) {
        report.push(
            Severity::Warning,
            ValidationCode::MissingTechnicalSupport,
            "user_information.technical_support",
            "the type of technical security support offered is not stated",
            "Annex II point 7",
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
                ValidationCode::DuplicateComponent,
                format!("{at}.name"),
                format!("component `{}` is declared twice", component.name),
                "Annex VII point 2(a)",
            );
        }
        for (d, dependency) in component.depends_on.iter().enumerate() {
            if !names.contains(dependency.as_str()) {
                report.push(
                    Severity::Error,
                    ValidationCode::UnknownDependency,
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
                    ValidationCode::DuplicateClaim,
                    format!("{at}.claims[{c}]"),
                    format!("component `{}` claims requirement `{requirement}` more than once", component.name),
                    "Annex VII point 3",
                );
            }
            for rule in claim.violations() {
                report.push(
                    Severity::Error,
                    crate::claim::rule_code(&rule),
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
                ValidationCode::UnaddressedRequirement,
                format!("requirements.{requirement}"),
                not_assessed_message(declaration, requirement),
                requirement.info().reference,
            ),
            // Open only through known vulnerabilities: each is a gap of its own, below.
            RequirementState::PartiallyAddressed if partial_only_by_findings(declaration, requirement) => {}
            RequirementState::PartiallyAddressed => report.push(
                Severity::Gap,
                ValidationCode::PartiallyAddressed,
                format!("requirements.{requirement}"),
                format!("requirement `{requirement}` ({}) is only partially addressed", requirement.info().title),
                requirement.info().reference,
            ),
            RequirementState::Addressed | RequirementState::NotApplicable => {}
        }
    }
}

/// Whether `requirement` is partially addressed only because of
/// [`Declaration::vulnerability_findings`]: every claim of it addresses it in full.
fn partial_only_by_findings(declaration: &Declaration, requirement: RequirementId) -> bool {
    requirement == RequirementId::I2a
        && !declaration.vulnerability_findings.is_empty()
        && declaration
            .components
            .iter()
            .flat_map(|c| &c.claims)
            .filter(|c| c.requirement() == requirement)
            .all(|c| matches!(c.state(), RequirementState::Addressed | RequirementState::NotApplicable))
}

/// Each known vulnerability of this version is a gap of I.2.a (Annex I Part I(2)(a); Part II(1)–(2)).
fn check_vulnerability_findings(declaration: &Declaration, report: &mut Report) {
    for (i, finding) in declaration.vulnerability_findings.iter().enumerate() {
        report.push(
            Severity::Gap,
            ValidationCode::KnownVulnerability,
            format!("requirements.I.2.a.vulnerability_findings[{i}]"),
            format!(
                "requirement `I.2.a` (no known exploitable vulnerabilities) is not met: {}{} ({})",
                if finding.actively_exploited { "actively exploited: " } else { "" },
                finding.reason,
                finding.source
            ),
            "Annex I Part I(2)(a); Annex I Part II(1)–(2)",
        );
    }
}

/// Why a requirement is not assessed, naming components that declare it not applicable to
/// themselves: only the product's risk assessment can make it not applicable (Art. 13(3)–(4)).
pub(crate) fn not_assessed_reason(declaration: &Declaration, requirement: RequirementId) -> String {
    let components = declaration.components_declaring_not_applicable(requirement);
    if requirement.always_applies() {
        "no component addresses it, and it applies to every product".to_owned()
    } else if components.is_empty() {
        "no component addresses it, nor does the product declare it not applicable".to_owned()
    } else {
        format!(
            "no component addresses it; {} declare{} it not applicable to {}, which does not make it not applicable to the product: only the product's risk assessment can (`[package.metadata.cra.not-applicable]`)",
            components.iter().map(|n| format!("component `{n}`")).collect::<Vec<_>>().join(", "),
            if components.len() == 1 { "s" } else { "" },
            if components.len() == 1 { "itself" } else { "themselves" }
        )
    }
}

/// The full message: requirement, title and reason.
pub(crate) fn not_assessed_message(declaration: &Declaration, requirement: RequirementId) -> String {
    format!(
        "requirement `{requirement}` ({}) is not assessed: {}",
        requirement.info().title,
        not_assessed_reason(declaration, requirement)
    )
}
