use cra_core::annex::{
    MissingDeclarationUrl, eu_declaration, simplified_declaration, technical_documentation_index, user_information,
};

use super::fixture::door_lock;

#[test]
fn eu_declaration_has_the_eight_points_of_annex_v() {
    let declaration = door_lock();
    let doc = serde_json::to_value(eu_declaration(&declaration)).unwrap();
    let points: Vec<&String> = doc.as_object().unwrap().keys().collect();
    // The 8 points, point 7 in two fields (procedure, notified body), and the status.
    assert_eq!(points.len(), 10, "{points:?}");
    assert_eq!(doc["status"], "complete");
    assert!(doc["procedure"].as_str().unwrap().starts_with("Module B + C"));
    assert_eq!(doc["product"], "LockHub, type LH-200, LH-200 firmware 2.1.0");
    assert!(doc["sole_responsibility"].as_str().unwrap().contains("sole responsibility of the provider"));
    assert!(doc["conformity"].as_str().unwrap().contains("Regulation (EU) 2024/2847"));
    assert!(doc["notified_body"].as_str().unwrap().contains("(number 0000) performed Module B + C"));
    assert_eq!(doc["signature"]["place"], "Berlin");
}

#[test]
fn simplified_declaration_carries_the_exact_url_annex_vi() {
    let mut declaration = door_lock();
    let text = simplified_declaration(&declaration).unwrap();
    assert!(text.starts_with("Hereby, Example Locks GmbH declares that the product with digital elements type LH-200 is in compliance with Regulation (EU) 2024/2847."));
    assert!(text.ends_with("https://lockmaker.eu/doc/lh-200"));
    declaration.user_information.declaration_url = None;
    assert_eq!(simplified_declaration(&declaration), Err(MissingDeclarationUrl));
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
