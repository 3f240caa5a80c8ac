//! The product's own facts: the document's versions, the manufacturer's contacts, the support
//! period (Art. 13(8)), the risk assessment (Art. 13(2)–(4)) and the user information (Annex II).

use super::{APPLICATION_DATE, Findings, Severity, ValidationCode, blank};
use crate::catalogue::CATALOGUE_VERSION;
use crate::declaration::{Declaration, InstructionTopic, SCHEMA_VERSION};
use crate::evidence::EvidenceKind;

pub(super) fn check_versions(declaration: &Declaration, report: &mut Findings) {
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

pub(super) fn check_contacts(declaration: &Declaration, report: &mut Findings) {
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

pub(super) fn check_support_period(declaration: &Declaration, report: &mut Findings) {
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

pub(super) fn check_risk_assessment(declaration: &Declaration, report: &mut Findings) {
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

pub(super) fn check_user_information(declaration: &Declaration, report: &mut Findings) {
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
