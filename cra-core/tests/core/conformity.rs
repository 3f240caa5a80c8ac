use std::collections::BTreeMap;

use cra_core::catalogue::{Category, RequirementId};
use cra_core::conformity::{
    AssessmentFacts, AssuranceLevel, Coverage, Procedure, ProcedureKind, allowed_procedures, check_procedure,
};

fn facts(category: &str) -> AssessmentFacts {
    AssessmentFacts { category: category.parse::<Category>().unwrap(), ..Default::default() }
}

fn kinds(facts: &AssessmentFacts) -> Vec<ProcedureKind> {
    allowed_procedures(facts).allowed.iter().map(|a| a.procedure).collect()
}

fn full_coverage() -> BTreeMap<RequirementId, Coverage> {
    RequirementId::ALL.iter().map(|r| (*r, Coverage::Full)).collect()
}

const ALL: [ProcedureKind; 4] =
    [ProcedureKind::ModuleA, ProcedureKind::ModuleBPlusC, ProcedureKind::ModuleH, ProcedureKind::EuCertification];

#[test]
fn default_category_may_use_every_procedure_art_32_1() {
    let f = facts("default");
    assert_eq!(kinds(&f), ALL);
    assert_eq!(allowed_procedures(&f).reference, "Art. 32(1)");
}

#[test]
fn class_i_without_full_coverage_needs_b_plus_c_or_h_art_32_2() {
    let mut f = facts("III.I.17");
    f.coverage = full_coverage();
    f.coverage.insert(RequirementId::I2c, Coverage::Partial);
    let ruling = allowed_procedures(&f);
    assert_eq!(kinds(&f), [ProcedureKind::ModuleBPlusC, ProcedureKind::ModuleH]);
    assert_eq!(ruling.reference, "Art. 32(2)");
    assert_eq!(ruling.not_fully_covered, [RequirementId::I2c]);
    let error = check_procedure(&f, &Procedure::ModuleA).unwrap_err();
    assert_eq!(error.reference, "Art. 32(2)");
    assert!(error.to_string().contains("not in full: I.2.c"), "{error}");
}

#[test]
fn class_i_with_full_coverage_may_use_module_a_art_32_2() {
    let mut f = facts("III.I.17");
    f.coverage = full_coverage();
    assert_eq!(kinds(&f), ALL);
    // A requirement declared not applicable needs no coverage; one that always applies still does.
    f.coverage.remove(&RequirementId::I2m);
    f.not_applicable.insert(RequirementId::I2m);
    assert!(check_procedure(&f, &Procedure::ModuleA).is_ok());
    f.coverage.remove(&RequirementId::II5);
    f.not_applicable.insert(RequirementId::II5);
    assert!(check_procedure(&f, &Procedure::ModuleA).is_err());
}

#[test]
fn class_ii_never_uses_module_a_and_needs_substantial_certificates_art_32_3() {
    let mut f = facts("III.II.2");
    f.coverage = full_coverage();
    assert_eq!(kinds(&f), [ProcedureKind::ModuleBPlusC, ProcedureKind::ModuleH, ProcedureKind::EuCertification]);
    assert_eq!(check_procedure(&f, &Procedure::ModuleA).unwrap_err().reference, "Art. 32(3)");
    let basic = Procedure::EuCertification {
        scheme: "EUCC".into(),
        level: AssuranceLevel::Basic,
        certificate: None,
        designated_by: None,
    };
    assert!(check_procedure(&f, &basic).unwrap_err().to_string().contains("`substantial` or higher"));
    let substantial = Procedure::EuCertification {
        scheme: "EUCC".into(),
        level: AssuranceLevel::Substantial,
        certificate: None,
        designated_by: None,
    };
    assert!(check_procedure(&f, &substantial).is_ok());
}

#[test]
fn foss_with_public_documentation_may_use_module_a_in_annex_iii_only_art_32_5() {
    for category in ["III.I.3", "III.II.1"] {
        let f = AssessmentFacts { foss_with_public_documentation: true, ..facts(category) };
        assert_eq!(kinds(&f), ALL, "{category}");
        assert_eq!(allowed_procedures(&f).reference, "Art. 32(5)");
    }
    let critical = AssessmentFacts { foss_with_public_documentation: true, ..facts("IV.3") };
    assert!(!kinds(&critical).contains(&ProcedureKind::ModuleA));
}

#[test]
fn critical_products_follow_class_ii_until_a_delegated_act_requires_certification_art_8_1() {
    let without_act = facts("IV.1");
    assert_eq!(
        kinds(&without_act),
        [ProcedureKind::ModuleBPlusC, ProcedureKind::ModuleH, ProcedureKind::EuCertification]
    );
    assert_eq!(allowed_procedures(&without_act).reference, "Art. 8(1); Art. 32(4)(b)");
    let with_act = AssessmentFacts { certification_required_by_delegated_act: true, ..facts("IV.1") };
    assert_eq!(kinds(&with_act), [ProcedureKind::EuCertification]);
    assert_eq!(allowed_procedures(&with_act).allowed[0].minimum_level, Some(AssuranceLevel::Substantial));
    assert!(check_procedure(&with_act, &Procedure::ModuleH).is_err());
}

#[test]
fn module_b_or_c_alone_is_not_a_procedure_art_32_1_b() {
    for alone in [r#"{"kind":"module_b"}"#, r#"{"kind":"module_c"}"#, r#"{"kind":"module_d"}"#] {
        assert!(serde_json::from_str::<Procedure>(alone).is_err(), "{alone}");
    }
    let both: Procedure = serde_json::from_str(r#"{"kind":"module_b_plus_c"}"#).unwrap();
    assert_eq!(both, Procedure::ModuleBPlusC);
}
