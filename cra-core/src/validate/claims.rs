//! What the components claim against Annex I: applicability, claims and their evidence, the gaps
//! left, and known exploitable vulnerabilities (Annex I Part I(2)(a)).

use std::collections::BTreeSet;

use super::{Findings, Severity, ValidationCode};
use crate::catalogue::RequirementId;
use crate::claim::RequirementState;
use crate::declaration::Declaration;

pub(super) fn check_product_applicability(declaration: &Declaration, report: &mut Findings) {
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

pub(super) fn check_components(declaration: &Declaration, report: &mut Findings) {
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

pub(super) fn check_gaps(declaration: &Declaration, report: &mut Findings) {
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
pub(super) fn partial_only_by_findings(declaration: &Declaration, requirement: RequirementId) -> bool {
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
pub(super) fn check_vulnerability_findings(declaration: &Declaration, report: &mut Findings) {
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
