use cra_core::scope::{Exclusion, ProductKind, ScopeFacts, assess_scope};

fn facts(kind: ProductKind) -> ScopeFacts {
    ScopeFacts { kind, data_connection: true, commercial_activity: true, exclusions: vec![] }
}

#[test]
fn connected_commercial_product_is_in_scope_art_2_1() {
    let result = assess_scope(&facts(ProductKind::Hardware));
    assert!(result.in_scope);
    assert!(result.reasons[0].reference.contains("Art. 2(1)"));
}

#[test]
fn each_exclusion_of_art_2_takes_the_product_out_with_its_article() {
    let cases = [
        (Exclusion::MedicalDevice, "Art. 2(2)(a)"),
        (Exclusion::InVitroDiagnostic, "Art. 2(2)(b)"),
        (Exclusion::MotorVehicle, "Art. 2(2)(c)"),
        (Exclusion::CertifiedCivilAviation, "Art. 2(3)"),
        (Exclusion::MarineEquipment, "Art. 2(4)"),
        (Exclusion::IdenticalSparePart, "Art. 2(6)"),
        (Exclusion::ExclusivelyNationalSecurityOrDefence, "Art. 2(7)"),
        (Exclusion::ClassifiedInformation, "Art. 2(7)"),
    ];
    for (exclusion, article) in cases {
        let result = assess_scope(&ScopeFacts { exclusions: vec![exclusion], ..facts(ProductKind::Software) });
        assert!(!result.in_scope, "{exclusion:?}");
        assert_eq!(result.reasons.len(), 1);
        assert_eq!(result.reasons[0].reference, article);
    }
}

#[test]
fn non_commercial_and_unconnected_products_are_out_with_every_reason_art_3_22() {
    let result = assess_scope(&ScopeFacts {
        data_connection: false,
        commercial_activity: false,
        ..facts(ProductKind::Software)
    });
    assert!(!result.in_scope);
    let references: Vec<&str> = result.reasons.iter().map(|r| r.reference.as_str()).collect();
    assert_eq!(references, ["Art. 2(1)", "Art. 3(22); recitals 15–18"]);
}

#[test]
fn standalone_saas_is_out_but_remote_processing_of_a_product_is_in_art_3_2() {
    assert!(!assess_scope(&facts(ProductKind::StandaloneService)).in_scope);
    let backend = assess_scope(&facts(ProductKind::RemoteDataProcessing));
    assert!(backend.in_scope);
    assert!(backend.reasons.iter().any(|r| r.reference == "Art. 3(1)–(2)" && r.reason.contains("component")));
}
