use std::collections::BTreeSet;
use std::path::Path;

use cra_core::catalogue::{Category, RequirementId};
use cra_core::claim::{Claim, RequirementState};
use cra_core::conformity::{AssuranceLevel, Coverage, Procedure};
use cra_core::declaration::{
    AppliedSpecification, ConformityStatus, DelegatedAct, ProductNotApplicable, SpecificationKind,
};
use cra_core::evidence::{Evidence, EvidenceKind, Location};
use cra_core::validate::{Severity, ValidationCode};

use super::fixture::door_lock;

fn codes(declaration: &cra_core::Declaration, severity: Severity) -> Vec<String> {
    declaration.validate().of(severity).map(|p| p.code.as_str().to_owned()).collect()
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

#[test]
fn another_document_format_or_catalogue_version_is_an_error() {
    let mut declaration = door_lock();
    declaration.schema_version = 2;
    declaration.catalogue_version = "2023.0".into();
    let report = declaration.validate();
    let errors: Vec<(&str, &str)> =
        report.of(Severity::Error).map(|p| (p.code.as_str(), p.reference.as_str())).collect();
    assert_eq!(
        errors,
        [("unknown_catalogue_version", "cra-rs catalogue"), ("unsupported_schema_version", "cra-rs document format")]
    );
    assert!(report.problems[0].message.contains("`2023.0`"), "{}", report.problems[0].message);
}

#[test]
fn a_manufacturer_without_a_name_is_an_error_annex_ii_1() {
    let mut declaration = door_lock();
    declaration.manufacturer.name = "  ".into();
    let report = declaration.validate();
    assert_eq!(codes(&declaration, Severity::Error), ["missing_manufacturer_name"]);
    assert_eq!(report.problems[0].path, "manufacturer.name");
    assert_eq!(report.problems[0].reference, "Annex II point 1; Annex V point 2");
}

#[test]
fn the_certification_route_without_a_scheme_is_an_error_art_32_1_d() {
    let mut declaration = door_lock();
    declaration.notified_body = None;
    declaration.specifications = vec![AppliedSpecification {
        kind: SpecificationKind::CertificationScheme,
        reference: "EUCC".into(),
        level: Some(AssuranceLevel::Substantial),
        certificate: Some("EUCC-2027-0042".into()),
        coverage: RequirementId::ALL.iter().map(|r| (*r, Coverage::Full)).collect(),
        parts_applied: None,
    }];
    declaration.procedure = Procedure::EuCertification {
        scheme: " ".into(),
        level: AssuranceLevel::Substantial,
        certificate: Some("EUCC-2027-0042".into()),
        designated_by: None,
    };
    let report = declaration.validate();
    assert_eq!(codes(&declaration, Severity::Error), ["missing_certification_scheme"]);
    assert_eq!(report.problems[0].path, "procedure.scheme");
    assert_eq!(report.problems[0].reference, "Art. 32(1)(d); Annex V point 7");
}

#[test]
fn a_delegated_act_needs_a_reference_and_at_least_level_substantial_art_8_1() {
    let mut declaration = door_lock();
    declaration.category = "IV.1".parse::<Category>().unwrap();
    declaration.notified_body = None;
    declaration.procedure = Procedure::EuCertification {
        scheme: "EUCC".into(),
        level: AssuranceLevel::Substantial,
        certificate: Some("EUCC-2027-0042".into()),
        designated_by: None,
    };
    declaration.delegated_act =
        Some(DelegatedAct { reference: String::new(), level: AssuranceLevel::Basic, requirements: vec![] });
    let report = declaration.validate();
    let errors: Vec<(&str, &str)> = report.of(Severity::Error).map(|p| (p.code.as_str(), p.path.as_str())).collect();
    assert_eq!(
        errors,
        [
            ("delegated_act_level_too_low", "delegated_act.level"),
            ("missing_delegated_act_reference", "delegated_act.reference"),
        ]
    );
    assert!(report.of(Severity::Error).all(|p| p.reference == "Art. 8(1)"));
}

#[test]
fn missing_security_properties_and_technical_support_are_warnings_annex_ii_4_7() {
    let mut declaration = door_lock();
    declaration.product.security_properties.clear();
    declaration.user_information.technical_support = Some(" ".into());
    let report = declaration.validate();
    assert!(report.is_valid(), "{:#?}", report.problems);
    let warnings: Vec<(&str, &str)> =
        report.of(Severity::Warning).map(|p| (p.code.as_str(), p.reference.as_str())).collect();
    assert_eq!(
        warnings,
        [("missing_security_properties", "Annex II point 4"), ("missing_technical_support", "Annex II point 7")]
    );
}

#[test]
fn two_components_with_one_name_are_an_error_annex_vii_2_a() {
    let mut declaration = door_lock();
    let twin = declaration.components[1].clone();
    declaration.components.push(twin);
    let report = declaration.validate();
    assert_eq!(codes(&declaration, Severity::Error), ["duplicate_component"]);
    assert_eq!(report.problems[0].path, "components[2].name");
    assert_eq!(report.problems[0].message, "component `updater` is declared twice");
}

#[test]
fn a_product_statement_of_not_applicable_that_a_component_addresses_is_a_warning_art_13_3_4() {
    let mut declaration = door_lock();
    declaration.not_applicable.insert(
        RequirementId::I2e,
        ProductNotApplicable {
            justification: "the hub stores no confidential data".into(),
            risk_assessment: Location::Path("docs/risk-assessment.md".into()),
        },
    );
    declaration.normalize();
    let report = declaration.validate();
    assert!(report.is_valid(), "{:#?}", report.problems);
    assert_eq!(codes(&declaration, Severity::Warning), ["not_applicable_but_addressed"]);
    let warning = &report.problems[0];
    assert_eq!(warning.path, "not_applicable.I.2.e");
    assert!(warning.message.contains("component `lock-control` addresses it"), "{}", warning.message);
    assert_eq!(warning.reference, "Art. 13(3)–(4)");
}

#[test]
fn a_partial_claim_must_say_what_is_missing_annex_vii() {
    let mut declaration = door_lock();
    let evidence = declaration.components[0].claims[1].evidence().to_vec();
    declaration.components[0].claims[1] =
        Claim::PartiallyAddressed { requirement: RequirementId::I2a, evidence, missing: " ".into() };
    let report = declaration.validate();
    let errors: Vec<(&str, &str)> = report.of(Severity::Error).map(|p| (p.code.as_str(), p.path.as_str())).collect();
    assert_eq!(errors, [("partial_without_missing", "components[0].claims[1]")]);
    let problem = report.of(Severity::Error).next().unwrap();
    assert_eq!(problem.reference, "Art. 31; Annex VII");
    assert!(problem.message.starts_with("component `lock-control`: "), "{}", problem.message);
}

#[test]
fn validation_codes_are_one_string_each_serialized_as_that_string() {
    let strings: BTreeSet<&str> = ValidationCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(strings.len(), ValidationCode::ALL.len(), "two codes share a string");
    for code in ValidationCode::ALL {
        assert_eq!(code.to_string(), code.as_str());
        assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        assert_eq!(serde_json::from_value::<ValidationCode>(code.as_str().into()).unwrap(), *code);
        assert_eq!(code.as_str().parse::<ValidationCode>().unwrap(), *code);
        assert!(code.as_str().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{code}");
    }
    assert!("no_such_code".parse::<ValidationCode>().is_err());
    // A report's codes are written as their strings, and read back as codes.
    let mut declaration = door_lock();
    declaration.signature = None;
    declaration.components[0].claims[0] = Claim::Addressed { requirement: RequirementId::I1, evidence: vec![] };
    let report = declaration.validate();
    assert!(!report.problems.is_empty());
    let json = serde_json::to_value(&report).unwrap();
    for (problem, written) in report.problems.iter().zip(json["problems"].as_array().unwrap()) {
        assert_eq!(written["code"], problem.code.as_str());
    }
    assert_eq!(serde_json::from_value::<cra_core::validate::Findings>(json).unwrap(), report);
}

/// The headings `#### `code`` of `docs/errors.md`.
fn documented_codes(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("#### `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(code, _)| code.to_owned())
        .collect()
}

/// The Rust sources of the tests: `cra-core/tests/core/*.rs` and the workspace's
/// `tests/suite/*.rs`, this completeness test left out.
fn test_sources() -> Vec<String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    for dir in [manifest.join("tests/core"), manifest.join("../tests/suite")] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "rs"))
            .collect();
        files.sort();
        for file in files {
            let mut text = std::fs::read_to_string(&file).unwrap();
            if let Some(start) = text.find("#[test]\nfn every_validation_code_is_documented_and_produced_by_a_test") {
                let end = text[start..].find("\n}\n").map_or(text.len(), |e| start + e + 3);
                text.replace_range(start..end, "");
            }
            sources.push(text);
        }
    }
    sources
}

#[test]
fn every_validation_code_is_documented_and_produced_by_a_test() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let documented = documented_codes(&text);
    let known: BTreeSet<String> = ValidationCode::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    let undocumented: Vec<&String> = known.difference(&documented).collect();
    let unknown: Vec<&String> = documented.difference(&known).collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty(),
        "codes without an entry (`#### `code``) in docs/errors.md: {undocumented:?}; \
         codes docs/errors.md documents that are not in ValidationCode::ALL: {unknown:?}"
    );

    let sources = test_sources();
    assert!(sources.len() > 10, "found only {} test sources", sources.len());
    let untested: Vec<&str> = ValidationCode::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|code| {
            let literal = format!("\"{code}\"");
            !sources.iter().any(|text| text.contains(&literal))
        })
        .collect();
    assert!(
        untested.is_empty(),
        "codes no test produces (no test source names them as a string literal): {untested:?}"
    );
}

/// `FILL IN`, the marker `cargo cra init` writes, is an error wherever it is: a declaration with
/// one is never complete (Art. 28(1); Annex V).
#[test]
fn a_placeholder_anywhere_is_an_error_and_the_declaration_a_draft_art_28_1() {
    let mut declaration = door_lock();
    declaration.manufacturer.postal_address = Some("FILL IN".into());
    declaration.product.product_type = "FILL IN: product type".into();
    let report = declaration.validate();
    let placeholders: Vec<&str> =
        report.of(Severity::Error).filter(|p| p.code == "placeholder").map(|p| p.path.as_str()).collect();
    assert_eq!(placeholders, ["manufacturer.postal_address", "product.type"], "{:#?}", report.problems);
    assert_eq!(declaration.conformity_status(), ConformityStatus::Draft);
}

/// A contact on a reserved example domain is a warning naming the field (RFC 2606;
/// Art. 13(16)–(17)); it does not change the status.
#[test]
fn a_contact_on_a_reserved_domain_is_a_warning_art_13_17() {
    let mut declaration = door_lock();
    declaration.vulnerability_handling.single_point_of_contact = Some("psirt@devices.example".into());
    declaration.user_information.declaration_url = Some("https://example.com/doc".into());
    let report = declaration.validate();
    let reserved: Vec<&str> =
        report.of(Severity::Warning).filter(|p| p.code == "reserved_domain").map(|p| p.path.as_str()).collect();
    assert_eq!(
        reserved,
        ["user_information.declaration_url", "vulnerability_handling.single_point_of_contact"],
        "{:#?}",
        report.problems
    );
    assert_eq!(declaration.conformity_status(), ConformityStatus::Complete);
}

/// A known vulnerability of this version keeps I.2.a open whatever the components claim
/// (Annex I Part I(2)(a)): a gap, the declaration a draft, the gap report names it.
#[test]
fn a_known_vulnerability_makes_i_2_a_a_gap_annex_i_part_i_2_a() {
    use cra_core::known_vulnerabilities::{FindingKind, VulnerabilityFinding};
    let mut declaration = door_lock();
    assert_eq!(declaration.requirement_state(RequirementId::I2a), RequirementState::Addressed);
    declaration.vulnerability_findings.push(VulnerabilityFinding {
        kind: FindingKind::Record,
        id: "LH-2026-009".into(),
        actively_exploited: true,
        reason: "LH-2026-009 (pairing bypass): the record says version 2.1.0 is affected".into(),
        source: "security/vulnerabilities/lh-2026-009.toml".into(),
    });
    assert_eq!(declaration.requirement_state(RequirementId::I2a), RequirementState::PartiallyAddressed);
    assert_eq!(declaration.requirement_states()[&RequirementId::I2a], RequirementState::PartiallyAddressed);
    let gaps: Vec<(String, String)> =
        declaration.validate().of(Severity::Gap).map(|p| (p.code.as_str().to_owned(), p.message.clone())).collect();
    assert_eq!(gaps.len(), 1, "one gap, not a second generic one: {gaps:#?}");
    assert_eq!(gaps[0].0, "known_vulnerability");
    assert!(gaps[0].1.contains("actively exploited: LH-2026-009"), "{gaps:#?}");
    assert_eq!(declaration.conformity_status(), ConformityStatus::Draft);
    let report = declaration.gap_report();
    assert_eq!(report.len(), 1);
    assert!(report.lines()[0].starts_with("requirement `I.2.a` (no known exploitable vulnerabilities) is not met"));
    assert!(declaration.open_items().iter().any(|i| i.contains("LH-2026-009")), "{:?}", declaration.open_items());
}

/// Module B + C and Module H name the certificate their notified body issued (Annex V point 7):
/// without it the declaration is a draft, whose point 7 says the certificate is not yet
/// identified.
#[test]
fn the_notified_body_s_certificate_is_required_for_a_complete_declaration_annex_v_point_7() {
    let mut declaration = door_lock();
    assert!(codes(&declaration, Severity::Gap).is_empty());
    declaration.notified_body.as_mut().unwrap().certificate = None;
    assert_eq!(codes(&declaration, Severity::Gap), ["certificate_not_issued"]);
    let gap = declaration.validate().of(Severity::Gap).next().unwrap().clone();
    assert!(gap.message.starts_with("the EU-type examination certificate issued by"), "{}", gap.message);
    assert_eq!(gap.path, "notified_body.certificate");
    assert_eq!(declaration.conformity_status(), ConformityStatus::Draft);
    let point_7 = cra_core::annex::eu_declaration(&declaration).notified_body.unwrap();
    assert!(point_7.ends_with("EU-type examination certificate: not yet identified"), "{point_7}");
    declaration.procedure = Procedure::ModuleH;
    let gap = declaration.validate().of(Severity::Gap).next().unwrap().clone();
    assert!(gap.message.starts_with("the approval of the quality system issued by"), "{}", gap.message);
    // Module A involves no notified body and asks for no certificate.
    declaration.procedure = Procedure::ModuleA;
    declaration.notified_body = None;
    assert!(!codes(&declaration, Severity::Gap).contains(&"certificate_not_issued".to_owned()));
}

/// The declaration says where the CE marking is (Art. 30(1)); under Module H the notified
/// body's number follows the marking (Art. 30(4)); a declaration that bears the marking shows
/// it. Without the place the declaration is a draft.
#[test]
fn the_declaration_says_where_the_ce_marking_is_and_module_h_adds_the_body_s_number_art_30() {
    use cra_core::ce_marking::CeMarking;
    let mut declaration = door_lock();
    let view = cra_core::annex::eu_declaration(&declaration);
    assert_eq!(
        view.ce_marking.as_deref(),
        Some("CE, affixed visibly, legibly and indelibly to the product (Art. 30(1))")
    );
    assert_eq!(view.ce_mark, None, "the marking is on the product, not on the declaration");
    declaration.procedure = Procedure::ModuleH;
    declaration.ce_marking = Some(CeMarking::Declaration);
    let view = cra_core::annex::eu_declaration(&declaration);
    assert_eq!(view.ce_mark.as_deref(), Some("CE 0000"));
    assert!(
        view.ce_marking
            .unwrap()
            .starts_with("CE 0000 (the notified body's identification number follows it, Art. 30(4))")
    );
    // Module B + C: no number follows the marking.
    declaration.procedure = Procedure::ModuleBPlusC;
    assert_eq!(declaration.ce_marking_text(), "CE");
    declaration.ce_marking = None;
    assert_eq!(codes(&declaration, Severity::Gap), ["missing_ce_marking"]);
    declaration.ce_marking = Some(CeMarking::Website(" ".into()));
    let gap = declaration.validate().of(Severity::Gap).next().unwrap().clone();
    assert_eq!((gap.code.as_str(), gap.path.as_str()), ("missing_ce_marking", "ce_marking.website"));
}

/// The declaration cites every Union act with its Official Journal reference, the CRA
/// included (Art. 28(3); Annex V point 5): an act listed without one is a gap.
#[test]
fn every_union_act_of_the_declaration_carries_its_official_journal_reference_art_28_3() {
    let mut declaration = door_lock();
    let conformity = cra_core::annex::eu_declaration(&declaration).conformity.unwrap();
    assert!(
        conformity.contains("Regulation (EU) 2024/2847 (Cyber Resilience Act) (OJ L, 2024/2847, 20.11.2024)"),
        "{conformity}"
    );
    declaration.other_union_legislation = vec!["Directive 2014/53/EU (OJ L 153, 22.5.2014, p. 62)".into()];
    assert!(codes(&declaration, Severity::Gap).is_empty());
    declaration.other_union_legislation.push("Directive 2014/30/EU".into());
    assert_eq!(codes(&declaration, Severity::Gap), ["missing_oj_reference"]);
    let gap = declaration.validate().of(Severity::Gap).next().unwrap().clone();
    assert_eq!(gap.path, "other_union_legislation.1");
    assert_eq!(gap.reference, "Art. 28(3); Annex V point 5");
}

/// An importer places a product of a manufacturer outside the Union: it gives its name, postal
/// address and digital contact with the product (Art. 19(4)); the user information shows them
/// and the roles say who places the product and with what duties.
#[test]
fn an_importer_gives_its_name_and_contact_and_places_the_product_art_19() {
    use cra_core::roles::{Role, roles};
    let mut declaration = door_lock();
    assert_eq!(roles(&declaration).len(), 1);
    assert!(roles(&declaration)[0].places_on_the_market, "without an importer the manufacturer places it");
    declaration.importer = Some(cra_core::declaration::Party {
        name: "Import GmbH".into(),
        postal_address: Some("Hafenstrasse 2, Hamburg".into()),
        contact: None,
        website: None,
    });
    let problem =
        declaration.validate().problems.into_iter().find(|p| p.code == "incomplete_importer").expect("no contact");
    assert_eq!(problem.reference, "Art. 19(4)");
    assert!(problem.message.contains("email address or other digital contact"), "{}", problem.message);
    declaration.importer.as_mut().unwrap().contact = Some("import@import.eu".into());
    assert!(!codes(&declaration, Severity::Error).contains(&"incomplete_importer".to_owned()));
    let sheet = cra_core::annex::user_information(&declaration);
    assert_eq!(sheet.importer.unwrap().name, "Import GmbH");
    let operators = roles(&declaration);
    let importer = operators.iter().find(|o| o.role == Role::Importer).unwrap();
    assert!(importer.places_on_the_market && !operators[0].places_on_the_market);
    assert!(importer.duties.iter().any(|d| d.article == "Art. 19(6)"));
}
