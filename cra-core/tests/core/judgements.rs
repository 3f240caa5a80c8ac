//! Product-level judgements: applicability (Art. 13(3)–(4)), draft or complete (Art. 28(1)),
//! support-period facts (Art. 13(8), Art. 69(2)), the FOSS route (Art. 32(5)), the
//! certification route (Annex V point 7; Art. 8(1)), coverage selectors (Art. 27), the
//! documents (Annex II, V, VII).

use cra_core::annex::{eu_declaration, technical_documentation_index, user_information};
use cra_core::catalogue::{Category, RequirementId};
use cra_core::claim::{Claim, RequirementState};
use cra_core::conformity::{AssuranceLevel, Coverage, Procedure, check_procedure, is_free_open_source};
use cra_core::declaration::{
    AppliedSpecification, ConformityStatus, Declaration, DelegatedAct, ProductNotApplicable, SpecificationKind,
};
use cra_core::evidence::Location;
use cra_core::support::UseTime;
use cra_core::validate::Severity;
use jiff::civil::date;

use super::fixture::door_lock;

fn errors(declaration: &Declaration) -> Vec<String> {
    declaration.validate().of(Severity::Error).map(|p| p.code.as_str().to_owned()).collect()
}

fn warnings(declaration: &Declaration) -> Vec<String> {
    declaration.validate().of(Severity::Warning).map(|p| p.code.as_str().to_owned()).collect()
}

/// A Class I door lock on Module A whose harmonised standard covers everything but I.2.e, and a
/// logging component that says confidentiality does not apply to it.
fn lock_with_logging_component() -> Declaration {
    let mut declaration = door_lock();
    declaration.procedure = Procedure::ModuleA;
    declaration.notified_body = None;
    let mut coverage: std::collections::BTreeMap<RequirementId, Coverage> =
        RequirementId::ALL.iter().map(|r| (*r, Coverage::Full)).collect();
    coverage.remove(&RequirementId::I2e);
    declaration.specifications = vec![AppliedSpecification {
        kind: SpecificationKind::HarmonisedStandard,
        reference: "EN 40000-1-2:2026".into(),
        level: None,
        certificate: None,
        coverage,
        parts_applied: None,
    }];
    declaration.components[0].claims.retain(|c| c.requirement() != RequirementId::I2e);
    let mut logging = declaration.components[1].clone();
    logging.name = "logging".into();
    logging.depends_on.clear();
    logging.claims = vec![Claim::NotApplicable {
        requirement: RequirementId::I2e,
        justification: "writes only event counters, no confidential data".into(),
    }];
    declaration.components.push(logging);
    declaration.normalize();
    declaration
}

#[test]
fn a_components_not_applicable_does_not_remove_a_requirement_from_the_product_art_13_3_4() {
    let declaration = lock_with_logging_component();
    assert_eq!(declaration.requirement_state(RequirementId::I2e), RequirementState::NotAssessed);
    // The procedure check: Module A stays forbidden for Class I, I.2.e is not covered in full.
    let refusal = check_procedure(&declaration.assessment_facts(), &Procedure::ModuleA).unwrap_err();
    assert_eq!(refusal.reference, "Art. 32(2)");
    assert!(refusal.reason.contains("I.2.e"), "{}", refusal.reason);
    // Validation and the gap report name the component and say why it does not count.
    let report = declaration.validate();
    let gap = report.problems.iter().find(|p| p.path == "requirements.I.2.e").expect("a gap for I.2.e");
    assert!(gap.message.contains("component `logging`"), "{}", gap.message);
    assert!(gap.message.contains("only the product's risk assessment"), "{}", gap.message);
    assert!(report.codes().contains("forbidden_procedure"));
    let gaps = declaration.gap_report();
    assert_eq!(gaps.not_assessed.iter().map(|g| g.requirement).collect::<Vec<_>>(), [RequirementId::I2e]);
    assert_eq!(declaration.status, ConformityStatus::Draft);
}

#[test]
fn only_the_product_statement_with_its_risk_assessment_makes_a_requirement_not_applicable_art_13_3_4() {
    let mut declaration = lock_with_logging_component();
    declaration.not_applicable.insert(
        RequirementId::I2e,
        ProductNotApplicable {
            justification: "the hub stores and transmits no data whose confidentiality matters: key IDs only".into(),
            risk_assessment: Location::Path("docs/risk-assessment.md".into()),
        },
    );
    declaration.normalize();
    assert_eq!(declaration.requirement_state(RequirementId::I2e), RequirementState::NotApplicable);
    assert!(check_procedure(&declaration.assessment_facts(), &Procedure::ModuleA).is_ok());
    assert!(errors(&declaration).is_empty(), "{:?}", declaration.validate());
    assert_eq!(declaration.status, ConformityStatus::Complete);
    // Annex VII point 3 files the statement with its risk assessment.
    let index = technical_documentation_index(&declaration);
    assert!(index[2].entries.iter().any(|e| e.contains("`I.2.e`") && e.contains("docs/risk-assessment.md")));
    // Part I(1) and Part II can never be declared not applicable by the product either.
    declaration.not_applicable.insert(
        RequirementId::II1,
        ProductNotApplicable { justification: "no".into(), risk_assessment: Location::Path("r.md".into()) },
    );
    assert_eq!(declaration.requirement_state(RequirementId::II1), RequirementState::Addressed);
    assert!(errors(&declaration).contains(&"not_applicable_always_applies".to_owned()));
}

#[test]
fn partially_addressed_is_never_hidden_by_another_components_addressed_annex_i() {
    let mut declaration = door_lock();
    let evidence = declaration.components[0].claims[0].evidence().to_vec();
    declaration.components[1].claims.push(Claim::PartiallyAddressed {
        requirement: RequirementId::I2a,
        evidence,
        missing: "the updater's parser is not fuzzed yet".into(),
    });
    declaration.normalize();
    assert_eq!(declaration.requirement_state(RequirementId::I2a), RequirementState::PartiallyAddressed);
    let gap_paths: Vec<String> = declaration.validate().of(Severity::Gap).map(|p| p.path.clone()).collect();
    assert_eq!(gap_paths, ["requirements.I.2.a"]);
    let gaps = declaration.gap_report();
    assert_eq!(gaps.partially_addressed.len(), 1);
    assert_eq!(gaps.partially_addressed[0].requirement, RequirementId::I2a);
    assert_eq!(gaps.status, ConformityStatus::Draft);
}

#[test]
fn a_draft_carries_no_statement_of_conformity_and_lists_what_is_open_art_28_1() {
    let mut declaration = door_lock();
    assert_eq!(declaration.conformity_status(), ConformityStatus::Complete);
    declaration.components[0].claims.retain(|c| c.requirement() != RequirementId::I2m);
    assert_eq!(declaration.conformity_status(), ConformityStatus::Draft);
    // The stored status is stale until normalize records it.
    assert!(warnings(&declaration).contains(&"status_mismatch".to_owned()));
    let doc = eu_declaration(&declaration);
    assert_eq!(doc.status, ConformityStatus::Draft);
    assert_eq!(doc.conformity, None);
    assert!(doc.open.iter().any(|line| line.contains("I.2.m")), "{:?}", doc.open);
    declaration.normalize();
    assert_eq!(declaration.status, ConformityStatus::Draft);
    let json = serde_json::to_value(&declaration).unwrap();
    assert_eq!(json["status"], "draft");
}

#[test]
fn a_support_period_ending_before_placing_on_the_market_is_an_error_art_13_8() {
    let mut declaration = door_lock();
    declaration.support_period.end = "2027-06".parse().unwrap();
    declaration.support_period.shorter_period_justification = Some("short".into());
    declaration.support_period.expected_use_time = Some(UseTime::Months(6));
    assert_eq!(errors(&declaration), ["support_end_before_placing"]);
}

#[test]
fn a_support_period_must_not_be_shorter_than_the_expected_use_time_art_13_8() {
    let mut declaration = door_lock();
    declaration.support_period.end = "2030-12".parse().unwrap();
    declaration.support_period.shorter_period_justification = Some("a seasonal product".into());
    assert_eq!(errors(&declaration), ["missing_expected_use_time"]);
    declaration.support_period.expected_use_time = Some(UseTime::Years(4));
    assert_eq!(errors(&declaration), ["support_period_shorter_than_use_time"]);
    declaration.support_period.expected_use_time = Some(UseTime::Months(36));
    assert!(errors(&declaration).is_empty());
    // Five years or more: the period still "shall reflect" the expected use time, so a period
    // shorter than it is an error too.
    declaration.support_period.end = "2033-12".parse().unwrap();
    declaration.support_period.expected_use_time = Some(UseTime::Years(10));
    assert_eq!(errors(&declaration), ["support_period_shorter_than_use_time"]);
    assert!(!warnings(&declaration).contains(&"support_period_shorter_than_use_time".to_owned()));
    declaration.support_period.expected_use_time = Some(UseTime::Years(6));
    assert!(errors(&declaration).is_empty(), "2027-12 + 6 years is within 2033-12");
}

#[test]
fn placing_on_the_market_before_11_december_2027_gets_a_note_about_units_art_69_2() {
    let mut declaration = door_lock();
    declaration.support_period.placed_on_market = date(2027, 12, 10);
    let report = declaration.validate();
    let note = report.problems.iter().find(|p| p.code == "placed_before_application").expect("a note");
    assert_eq!(note.severity, Severity::Warning);
    assert_eq!(note.reference, "Art. 69(2)");
    // Art. 69(2) is about units: the units placed from 11 December 2027 comply whatever the
    // first unit's date, and Art. 14 applies to all (Art. 69(3)).
    assert!(note.message.contains("every unit placed on the market from that date must comply"), "{}", note.message);
    assert!(note.message.contains("only the units placed before it"), "{}", note.message);
    assert!(note.message.contains("Art. 69(3)"), "{}", note.message);
    assert!(!note.message.contains("applies to this product only if"), "{}", note.message);
    declaration.support_period.placed_on_market = date(2027, 12, 11);
    assert!(!warnings(&declaration).contains(&"placed_before_application".to_owned()));
}

#[test]
fn free_and_open_source_is_decided_from_spdx_data_art_32_5() {
    assert!(is_free_open_source("MIT OR Apache-2.0"));
    assert!(is_free_open_source("GPL-3.0-only"));
    assert!(is_free_open_source("MIT AND BSD-3-Clause"));
    assert!(!is_free_open_source("LicenseRef-Proprietary"));
    assert!(!is_free_open_source("MIT AND LicenseRef-Proprietary"));
    assert!(!is_free_open_source("BUSL-1.1"));
    assert!(!is_free_open_source("not a licence"));
}

#[test]
fn a_proprietary_or_unshared_product_cannot_take_the_foss_route_art_32_5_and_3_48() {
    let mut declaration = door_lock();
    declaration.category = "III.II.2".parse::<Category>().unwrap();
    declaration.procedure = Procedure::ModuleA;
    declaration.notified_body = None;
    declaration.foss_with_public_documentation = true;
    declaration.product.license = Some("LicenseRef-Proprietary".into());
    let report = declaration.validate();
    let problem = report.problems.iter().find(|p| p.code == "foss_route_unsupported").expect("foss_route_unsupported");
    assert_eq!(problem.reference, "Art. 32(5)");
    assert!(problem.message.contains("`LicenseRef-Proprietary` is not a free and open-source licence"));
    assert!(problem.message.contains("technical-documentation-url"));
    assert!(report.codes().contains("forbidden_procedure"));
    // Free licence and public documentation, but the source code is not shared: not free and
    // open-source software in the sense of Art. 3(48).
    declaration.product.license = Some("Apache-2.0".into());
    declaration.technical_documentation_url = Some("https://lockmaker.eu/techdoc".into());
    let report = declaration.validate();
    let problem = report.problems.iter().find(|p| p.code == "foss_route_unsupported").expect("no source URL");
    assert!(
        problem.message.contains("no URL says where the source code is openly shared (`source-code-url`; Art. 3(48))"),
        "{}",
        problem.message
    );
    // Source shared too: Module A is allowed for Class II.
    declaration.source_code_url = Some("https://git.lockmaker.eu/lockhub".into());
    assert!(errors(&declaration).is_empty(), "{:?}", errors(&declaration));
}

#[test]
fn a_class_ii_refusal_of_module_a_points_to_art_32_5_when_the_licence_is_free_art_32_3() {
    let mut declaration = door_lock();
    declaration.category = "III.II.2".parse::<Category>().unwrap();
    declaration.product.license = Some("MIT".into());
    let refusal = check_procedure(&declaration.assessment_facts(), &Procedure::ModuleA).unwrap_err();
    assert_eq!(refusal.reference, "Art. 32(3)");
    assert!(refusal.reason.contains("Art. 32(5)"), "{}", refusal.reason);
    declaration.product.license = Some("LicenseRef-Proprietary".into());
    let refusal = check_procedure(&declaration.assessment_facts(), &Procedure::ModuleA).unwrap_err();
    assert!(!refusal.reason.contains("Art. 32(5)"), "{}", refusal.reason);
}

#[test]
fn the_certification_route_names_scheme_certificate_and_level_annex_v_7() {
    let mut declaration = door_lock();
    declaration.notified_body = None;
    declaration.procedure = Procedure::EuCertification {
        scheme: "EUCC".into(),
        level: AssuranceLevel::Substantial,
        certificate: None,
        designated_by: None,
    };
    let specs = declaration.specifications.clone();
    declaration.specifications = vec![AppliedSpecification {
        kind: SpecificationKind::CertificationScheme,
        reference: "EUCC".into(),
        level: Some(AssuranceLevel::Substantial),
        certificate: Some("EUCC-2027-0042".into()),
        coverage: RequirementId::ALL.iter().map(|r| (*r, Coverage::Full)).collect(),
        parts_applied: None,
    }];
    assert_eq!(errors(&declaration), ["missing_certificate"]);
    declaration.procedure = Procedure::EuCertification {
        scheme: "EUCC".into(),
        level: AssuranceLevel::Substantial,
        certificate: Some("EUCC-2027-0042".into()),
        designated_by: None,
    };
    assert!(errors(&declaration).is_empty(), "{:?}", errors(&declaration));
    let point_7 = eu_declaration(&declaration).procedure;
    assert!(point_7.contains("EUCC (Implementing Regulation (EU) 2024/482)"), "{point_7}");
    assert!(point_7.contains("certificate EUCC-2027-0042"), "{point_7}");
    assert!(point_7.contains("`substantial`"), "{point_7}");
    // Another scheme is accepted with a warning.
    declaration.procedure = Procedure::EuCertification {
        scheme: "EUCS".into(),
        level: AssuranceLevel::High,
        certificate: Some("X-1".into()),
        designated_by: None,
    };
    assert!(warnings(&declaration).contains(&"unknown_certification_scheme".to_owned()));
    declaration.specifications = specs;
}

/// A certification scheme is an Art. 32 route only once a delegated act under Art. 27(9) (for a
/// critical product, Art. 8(1)) specifies it: without that act named the declaration is a draft,
/// EUCC included; with it, point 7 names the act.
#[test]
fn a_certification_scheme_counts_only_as_specified_by_a_delegated_act_art_27_9() {
    let mut declaration = door_lock();
    declaration.notified_body = None;
    // Class I on this route needs the requirements covered in full (Art. 32(2)).
    declaration.specifications = vec![AppliedSpecification {
        kind: SpecificationKind::CertificationScheme,
        reference: "EUCC".into(),
        level: Some(AssuranceLevel::Substantial),
        certificate: Some("EUCC-2027-0042".into()),
        coverage: RequirementId::ALL.iter().map(|r| (*r, Coverage::Full)).collect(),
        parts_applied: None,
    }];
    declaration.procedure = Procedure::EuCertification {
        scheme: "EUCC".into(),
        level: AssuranceLevel::Substantial,
        certificate: Some("EUCC-2027-0042".into()),
        designated_by: None,
    };
    let gaps: Vec<String> = declaration.validate().of(Severity::Gap).map(|p| p.code.as_str().to_owned()).collect();
    assert_eq!(gaps, ["scheme_not_designated"]);
    let gap = declaration.validate().of(Severity::Gap).next().unwrap().clone();
    assert_eq!(gap.reference, "Art. 27(9); Art. 32(1)(d), 32(3)(c)");
    assert!(gap.message.contains("scheme `EUCC`") && gap.message.contains("Art. 27(9)"), "{}", gap.message);
    assert_eq!(declaration.conformity_status(), ConformityStatus::Draft);
    declaration.procedure = Procedure::EuCertification {
        scheme: "EUCC".into(),
        level: AssuranceLevel::Substantial,
        certificate: Some("EUCC-2027-0042".into()),
        designated_by: Some("Commission Delegated Regulation (EU) 2028/0002".into()),
    };
    assert!(declaration.validate().of(Severity::Gap).next().is_none());
    assert_eq!(declaration.conformity_status(), ConformityStatus::Complete);
    let point_7 = eu_declaration(&declaration).procedure;
    assert!(
        point_7.contains("specified under Art. 27(9) by Commission Delegated Regulation (EU) 2028/0002"),
        "{point_7}"
    );
    // For a critical product the Art. 8(1) act is that act.
    declaration.procedure = Procedure::EuCertification {
        scheme: "EUCC".into(),
        level: AssuranceLevel::Substantial,
        certificate: Some("EUCC-2027-0042".into()),
        designated_by: None,
    };
    declaration.category = "IV.1".parse::<Category>().unwrap();
    declaration.delegated_act = Some(DelegatedAct {
        reference: "Delegated Regulation (EU) 2028/0001".into(),
        level: AssuranceLevel::Substantial,
        requirements: vec![],
    });
    assert!(!declaration.validate().of(Severity::Gap).any(|p| p.code == "scheme_not_designated"));
}

#[test]
fn a_delegated_act_under_art_8_1_is_expressible_with_its_level_art_8_1() {
    let mut declaration = door_lock();
    declaration.category = "IV.1".parse::<Category>().unwrap();
    declaration.delegated_act = Some(DelegatedAct {
        reference: "Delegated Regulation (EU) 2028/0001".into(),
        level: AssuranceLevel::High,
        requirements: vec![RequirementId::I2d],
    });
    let facts = declaration.assessment_facts();
    assert!(facts.certification_required_by_delegated_act);
    let substantial = Procedure::EuCertification {
        scheme: "EUCC".into(),
        level: AssuranceLevel::Substantial,
        certificate: Some("c".into()),
        designated_by: None,
    };
    let refusal = check_procedure(&facts, &substantial).unwrap_err();
    assert!(refusal.reason.contains("`high`"), "{}", refusal.reason);
    assert_eq!(refusal.reference, "Art. 8(1); Art. 32(4)(a)");
}

#[test]
fn coverage_accepts_names_ids_all_and_ranges_art_27() {
    let spec: AppliedSpecification = serde_json::from_value(serde_json::json!({
        "kind": "harmonised_standard",
        "reference": "EN 40000-1-2",
        "coverage": { "I": "partial", "confidentiality": "full", "II.1..II.3": "full" }
    }))
    .unwrap();
    assert_eq!(spec.coverage.len(), 17);
    assert_eq!(spec.coverage[&RequirementId::I2e], Coverage::Full);
    assert_eq!(spec.coverage[&RequirementId::I2a], Coverage::Partial);
    assert_eq!(spec.coverage[&RequirementId::II3], Coverage::Full);
    assert_eq!(RequirementId::select("all").unwrap().len(), RequirementId::ALL.len());
    assert_eq!(RequirementId::select("I.2").unwrap().len(), 13);
    assert!(RequirementId::select("I.2.f..I.2.a").unwrap_err().to_string().contains("backwards"));
}

#[test]
fn did_you_mean_never_suggests_the_input_back_art_27() {
    let error = serde_json::from_value::<RequirementId>(serde_json::json!("appropriate_cybersecurity")).unwrap_err();
    assert_eq!(error.to_string(), "requirement `appropriate_cybersecurity` is written with its ID in documents: `I.1`");
    let error = RequirementId::select("confidentialty").unwrap_err().to_string();
    assert!(error.contains("did you mean `confidentiality`?"), "{error}");
    for known in RequirementId::ALL.iter().flat_map(|r| [r.as_str(), r.name()]) {
        assert_ne!(RequirementId::suggest(known), Some(known));
    }
}

#[test]
fn a_missing_risk_assessment_is_an_error_art_13_4() {
    let mut declaration = door_lock();
    declaration.risk_assessment = None;
    let report = declaration.validate();
    let problem =
        report.problems.iter().find(|p| p.code == "missing_risk_assessment").expect("missing_risk_assessment");
    assert!(problem.reference.contains("Art. 13(2)–(4)"));
}

/// The product's risk assessment is the product's (Art. 13(2)–(4)): a component's threat model,
/// filed as evidence of its claims, does not stand in for it, and the error says so.
#[test]
fn a_component_s_threat_model_is_not_the_product_s_risk_assessment_art_13_2() {
    let mut declaration = door_lock();
    declaration.risk_assessment = None;
    let evidence = cra_core::evidence::Evidence {
        kind: cra_core::evidence::EvidenceKind::ThreatModel,
        location: Location::Path("docs/lock-threat-model.md".into()),
        sha256: None,
        package: None,
    };
    if let Claim::Addressed { evidence: list, .. } = &mut declaration.components[0].claims[0] {
        list.push(evidence);
    }
    let report = declaration.validate();
    let problem = report.problems.iter().find(|p| p.code == "missing_risk_assessment").expect("still missing");
    assert!(problem.message.contains("are the components', not the product's"), "{}", problem.message);
    assert!(problem.message.contains("`lock-control`"), "{}", problem.message);
}

#[test]
fn the_documents_show_every_point_annex_ii_and_vii() {
    let mut declaration = door_lock();
    let sheet = user_information(&declaration);
    assert!(sheet.missing.is_empty(), "{:?}", sheet.missing);
    assert_eq!(sheet.security_properties, ["only paired keys unlock"]);
    declaration.user_information.instructions_url = None;
    declaration.user_information.instructions.insert(cra_core::declaration::InstructionTopic::SecureUse, "pair".into());
    let sheet = user_information(&declaration);
    assert_eq!(sheet.missing, ["8(b)", "8(c)", "8(d)", "8(e)", "8(f)"]);
    assert!(warnings(&declaration).contains(&"incomplete_instructions".to_owned()));
    let index = technical_documentation_index(&declaration);
    assert!(index[1].entries.iter().any(|e| e.starts_with("2(b): the SBOM")));
    assert!(index[2].entries.iter().any(|e| e.contains("docs/risk-assessment.md")));
    assert!(index[3].entries[0].starts_with("support period from 2027-12-11"));
    assert!(index[6].entries[0].starts_with("this EU declaration of conformity"));
}

/// `RequirementState::combine` is the product's rule, the one `Declaration::requirement_state`
/// folds the claims with: a partial claim decides, an addressing claim counts, a component's own
/// "not applicable" adds nothing (only the product's statement makes a requirement not
/// applicable, Art. 13(4)).
#[test]
fn combining_claims_is_the_product_rule_of_requirement_state_art_13_4() {
    use RequirementState::{Addressed, NotApplicable, NotAssessed, PartiallyAddressed};
    let table = [
        (NotAssessed, NotApplicable, NotAssessed),
        (NotAssessed, Addressed, Addressed),
        (NotAssessed, PartiallyAddressed, PartiallyAddressed),
        (Addressed, NotApplicable, Addressed),
        (Addressed, PartiallyAddressed, PartiallyAddressed),
        (PartiallyAddressed, Addressed, PartiallyAddressed),
        (NotApplicable, Addressed, Addressed),
    ];
    for (so_far, claim, expected) in table {
        assert_eq!(so_far.combine(claim), expected, "{so_far:?} + {claim:?}");
    }
    // The same through a declaration where a component says I.2.e does not apply to it.
    let declaration = lock_with_logging_component();
    for requirement in RequirementId::ALL.iter().copied().filter(|r| !declaration.not_applicable.contains_key(r)) {
        let folded = declaration
            .components
            .iter()
            .flat_map(|c| &c.claims)
            .filter(|c| c.requirement() == requirement)
            .fold(NotAssessed, |state, claim| state.combine(claim.state()));
        let expected = if requirement == RequirementId::I2a && !declaration.vulnerability_findings.is_empty() {
            PartiallyAddressed
        } else {
            folded
        };
        assert_eq!(declaration.requirement_state(requirement), expected, "{requirement}");
    }
}

/// Annex VII in full: 1(c) for hardware, 2(a) the architecture (components, what they build on,
/// their interfaces), 2(c) the production processes, 4 the Art. 13(8) information used, 5 the
/// solutions adopted when no standard is applied.
#[test]
fn the_technical_documentation_index_shows_architecture_support_reasoning_and_solutions_annex_vii() {
    use cra_core::support::SupportFactor;
    let mut declaration = door_lock();
    declaration.specifications.clear();
    let index = technical_documentation_index(&declaration);
    let point = |n: usize| index[n - 1].entries.join("\n");
    assert!(point(1).contains("1(c): photographs or illustrations showing the external features"), "{}", point(1));
    assert!(
        point(2).contains("2(a): component `lock-control` version 2.1.0: Controls the lock actuator; builds on `updater`; interfaces: `ble` (Bluetooth LE pairing)"),
        "{}",
        point(2)
    );
    assert!(point(2).contains("2(c): the production and monitoring processes"), "{}", point(2));
    assert!(point(4).contains("is not recorded (`support-reasoning`)"), "{}", point(4));
    assert!(
        point(5).starts_with("no harmonised standard, common specification or certification scheme is applied"),
        "{}",
        point(5)
    );
    assert!(point(5).contains("I.2.a: `lock-control`"), "{}", point(5));
    declaration
        .support_period
        .reasoning
        .insert(SupportFactor::ComparableProducts, "door locks of other makers get 7 years".into());
    declaration.ce_marking = Some(cra_core::ce_marking::CeMarking::Declaration);
    let index = technical_documentation_index(&declaration);
    assert!(index[3].entries.iter().any(|e| e == "Art. 13(8), support periods of products offering a similar functionality: door locks of other makers get 7 years"));
    assert!(!index[3].entries.iter().any(|e| e.contains("not recorded")));
    assert!(index[0].entries.iter().any(|e| e.starts_with("1(c): does not apply")));
}
