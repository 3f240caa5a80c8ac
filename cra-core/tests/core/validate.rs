use cra_core::catalogue::RequirementId;
use cra_core::claim::{Claim, RequirementState};
use cra_core::conformity::Procedure;
use cra_core::evidence::{Evidence, EvidenceKind, Location};
use cra_core::validate::Severity;

use super::fixture::door_lock;

fn codes(declaration: &cra_core::Declaration, severity: Severity) -> Vec<String> {
    declaration.validate().of(severity).map(|p| p.code.clone()).collect()
}

#[test]
fn the_fixture_is_valid_and_complete() {
    let report = door_lock().validate();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
}

#[test]
fn forbidden_procedure_names_the_article_art_32_2() {
    let mut declaration = door_lock();
    declaration.procedure = Procedure::ModuleA;
    let report = declaration.validate();
    let problem = report.problems.iter().find(|p| p.code == "forbidden_procedure").expect("forbidden_procedure");
    assert_eq!(problem.reference, "Art. 32(2)");
    assert_eq!(problem.path, "procedure");
}

#[test]
fn module_b_plus_c_without_a_notified_body_is_an_error_annex_v_7() {
    let mut declaration = door_lock();
    declaration.notified_body = None;
    assert_eq!(codes(&declaration, Severity::Error), ["missing_notified_body"]);
}

#[test]
fn short_support_period_needs_a_justification_art_13_8() {
    let mut declaration = door_lock();
    declaration.support_period.end = "2030-12".parse().unwrap();
    declaration.support_period.expected_use_time = Some(cra_core::support::UseTime::Years(3));
    assert_eq!(codes(&declaration, Severity::Error), ["support_period_too_short"]);
    declaration.support_period.shorter_period_justification = Some("expected use is three years".into());
    assert!(declaration.validate().is_valid());
}

#[test]
fn not_applicable_on_an_always_applicable_requirement_or_without_justification_art_13_4() {
    let mut declaration = door_lock();
    declaration.components[1].claims[0] =
        Claim::NotApplicable { requirement: RequirementId::II1, justification: "no".into() };
    declaration.components[0].claims[1] =
        Claim::NotApplicable { requirement: RequirementId::I2a, justification: "  ".into() };
    let report = declaration.validate();
    let errors: Vec<(&str, &str)> = report.of(Severity::Error).map(|p| (p.code.as_str(), p.path.as_str())).collect();
    assert_eq!(
        errors,
        [
            ("not_applicable_without_justification", "components[0].claims[1]"),
            ("not_applicable_always_applies", "components[1].claims[0]"),
        ]
    );
    assert!(report.problems.iter().any(|p| p.reference.contains("Art. 13(3)–(4)")));
}

#[test]
fn addressed_without_evidence_and_malformed_locations_are_errors_annex_vii() {
    let mut declaration = door_lock();
    declaration.components[0].claims[0] = Claim::Addressed { requirement: RequirementId::I1, evidence: vec![] };
    declaration.components[0].claims[1] = Claim::Addressed {
        requirement: RequirementId::I2a,
        evidence: vec![Evidence {
            kind: EvidenceKind::TestReport,
            location: Location::Url("ftp:/nowhere".into()),
            sha256: None,
            package: None,
        }],
    };
    let errors = codes(&declaration, Severity::Error);
    assert_eq!(errors, ["addressed_without_evidence", "malformed_evidence_location"]);
}

#[test]
fn missing_contacts_and_cvd_policy_are_errors_annex_ii_1_2() {
    let mut declaration = door_lock();
    declaration.manufacturer.postal_address = None;
    declaration.manufacturer.contact = Some(String::new());
    declaration.vulnerability_handling.single_point_of_contact = None;
    declaration.vulnerability_handling.cvd_policy_url = None;
    let report = declaration.validate();
    let errors: Vec<&str> = report.of(Severity::Error).map(|p| p.path.as_str()).collect();
    assert_eq!(
        errors,
        [
            "manufacturer.contact",
            "manufacturer.postal_address",
            "vulnerability_handling.cvd_policy_url",
            "vulnerability_handling.single_point_of_contact",
        ]
    );
    let mut error_codes: Vec<&str> = report.of(Severity::Error).map(|p| p.code.as_str()).collect();
    error_codes.sort_unstable();
    error_codes.dedup();
    assert_eq!(
        error_codes,
        [
            "missing_cvd_policy",
            "missing_manufacturer_contact",
            "missing_manufacturer_postal_address",
            "missing_vulnerability_contact"
        ]
    );
}

#[test]
fn gaps_are_reported_apart_from_errors_and_not_assessed_differs_from_partial() {
    let mut declaration = door_lock();
    declaration.components[0].claims.retain(|c| c.requirement() != RequirementId::I2m);
    let evidence = declaration.components[0].claims[0].evidence().to_vec();
    declaration.components[0].claims[1] = Claim::PartiallyAddressed {
        requirement: RequirementId::I2a,
        evidence,
        missing: "fuzzing of the BLE parser".into(),
    };
    let report = declaration.validate();
    assert!(report.is_valid(), "gaps are not errors: {:#?}", report.problems);
    let gaps: Vec<(&str, &str)> = report.of(Severity::Gap).map(|p| (p.code.as_str(), p.path.as_str())).collect();
    assert_eq!(
        gaps,
        [("partially_addressed", "requirements.I.2.a"), ("unaddressed_requirement", "requirements.I.2.m")]
    );
    let states = declaration.requirement_states();
    assert_eq!(states[&RequirementId::I2m], RequirementState::NotAssessed);
    assert_eq!(states[&RequirementId::I2a], RequirementState::PartiallyAddressed);
}

#[test]
fn duplicate_claims_and_unknown_dependencies_are_errors() {
    let mut declaration = door_lock();
    let first = declaration.components[0].claims[0].clone();
    declaration.components[0].claims.push(first);
    declaration.components[0].depends_on.push("cloud".into());
    assert_eq!(codes(&declaration, Severity::Error), ["duplicate_claim", "unknown_dependency"]);
}

#[test]
fn an_unsigned_declaration_is_a_warning_not_an_error_annex_v_8() {
    let mut declaration = door_lock();
    declaration.signature = None;
    let report = declaration.validate();
    assert!(report.is_valid());
    assert_eq!(codes(&declaration, Severity::Warning), ["unsigned_declaration"]);
    assert_eq!(report.problems[0].reference, "Annex V point 8; Art. 28(4)");
}
