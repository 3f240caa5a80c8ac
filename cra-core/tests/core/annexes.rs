use cra_core::annex::{
    NoSimplifiedDeclaration, eu_declaration, simplified_declaration, technical_documentation_index, user_information,
};

use super::fixture::door_lock;

#[test]
fn eu_declaration_has_the_eight_points_of_annex_v() {
    let declaration = door_lock();
    let doc = serde_json::to_value(eu_declaration(&declaration)).unwrap();
    let points: Vec<&String> = doc.as_object().unwrap().keys().collect();
    // The 8 points, point 7 in two fields (procedure, notified body), the status and where the
    // CE marking is (on the product here, so the declaration bears no `ce_mark`).
    assert_eq!(points.len(), 11, "{points:?}");
    assert!(doc["ce_marking"].as_str().unwrap().starts_with("CE, affixed visibly"));
    assert_eq!(doc["status"], "complete");
    assert!(doc["procedure"].as_str().unwrap().starts_with("Module B + C"));
    assert_eq!(doc["product"], "LockHub, type LH-200, LH-200 firmware 2.1.0");
    assert!(doc["sole_responsibility"].as_str().unwrap().contains("sole responsibility of the provider"));
    assert!(doc["conformity"].as_str().unwrap().contains("Regulation (EU) 2024/2847"));
    // Annex V point 7: the body, its number and the certificate it issued, without repeating the
    // procedure.
    let body = doc["notified_body"].as_str().unwrap();
    assert!(body.contains("notified body number 0000; EU-type examination certificate: "), "{body}");
    assert!(!body.contains("Module B + C"), "{body}");
    assert_eq!(doc["signature"]["place"], "Berlin");
}

#[test]
fn simplified_declaration_carries_the_exact_url_annex_vi() {
    let mut declaration = door_lock();
    let text = simplified_declaration(&declaration).unwrap();
    assert!(text.starts_with("Hereby, Example Locks GmbH declares that the product with digital elements type LH-200 is in compliance with Regulation (EU) 2024/2847."));
    assert!(text.ends_with("https://lockmaker.eu/doc/lh-200"));
    declaration.user_information.declaration_url = None;
    assert_eq!(simplified_declaration(&declaration), Err(NoSimplifiedDeclaration::MissingDeclarationUrl));
}

/// A draft never states compliance: not in the Annex VI function, not in the Annex V view or its
/// JSON (Art. 28(1)).
#[test]
fn a_draft_has_no_statement_of_conformity_in_any_public_view_art_28_1() {
    let mut declaration = door_lock();
    declaration.vulnerability_findings.push(cra_core::known_vulnerabilities::VulnerabilityFinding {
        kind: cra_core::known_vulnerabilities::FindingKind::Record,
        id: "LH-2026-009".into(),
        actively_exploited: false,
        reason: "LH-2026-009: the record says version 2.1.0 is affected".into(),
        source: "security/vulnerabilities/lh-2026-009.toml".into(),
    });
    assert_eq!(declaration.conformity_status(), cra_core::declaration::ConformityStatus::Draft);
    let Err(NoSimplifiedDeclaration::Draft { open }) = simplified_declaration(&declaration) else {
        panic!("a draft has no simplified declaration");
    };
    assert!(open > 0);
    let view = eu_declaration(&declaration);
    assert_eq!(view.conformity, None);
    let json = serde_json::to_string(&view).unwrap();
    assert!(!json.contains("in conformity with") && !json.contains("in compliance with"), "{json}");
}

#[test]
fn user_information_covers_the_nine_points_of_annex_ii() {
    let sheet = serde_json::to_value(user_information(&door_lock())).unwrap();
    for key in [
        "manufacturer",
        "vulnerability_contact",
        "cvd_policy_url",
        "product",
        "intended_purpose",
        "foreseeable_risks",
        "declaration_url",
        "technical_support",
        "support_end",
        "instructions_url",
        "sbom_url",
    ] {
        assert!(sheet.get(key).is_some(), "{key}");
    }
    assert_eq!(sheet["support_end"], "2033-12");
}

#[test]
fn technical_documentation_index_has_eight_points_pointing_to_evidence_annex_vii() {
    let index = technical_documentation_index(&door_lock());
    assert_eq!(index.iter().map(|p| p.point).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6, 7, 8]);
    // Test reports go under point 6.
    let tests = &index[5];
    assert_eq!(tests.evidence.len(), 22);
    assert!(tests.evidence.iter().any(|e| e.component == "lock-control" && e.requirement.as_str() == "I.2.d"));
}

/// Annex VII point 4 states what the support period decides besides its end: the documentation
/// is kept for ten years after placing on the market or the support period, whichever is longer
/// (Art. 13(13)), and each security update stays available for ten years after its issue or the
/// rest of the support period (Art. 13(9)).
#[test]
fn point_4_states_the_retention_and_update_availability_dates_art_13_13_and_13_9() {
    let mut declaration = door_lock();
    let point_4 = |d: &cra_core::Declaration| technical_documentation_index(d)[3].entries.join("\n");
    // Placed 2027-12-11, support to the end of 2033: ten years after placing is longer.
    let entries = point_4(&declaration);
    assert!(entries.contains("kept until 2037-12-11 (ten years after placing"), "{entries}");
    assert!(
        entries.contains("one issued on the last day of support (2033-12-31) stays available until 2043-12-31"),
        "{entries}"
    );
    // A support period beyond ten years decides the retention.
    declaration.support_period.end = "2040-06".parse().unwrap();
    let entries = point_4(&declaration);
    assert!(entries.contains("kept until 2040-06-30"), "{entries}");
}
