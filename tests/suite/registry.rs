//! Components in two crates: the `cra_tests` library and this test binary.

use cra_core::registry::{CraComponent, DescriptorExt, components};
use cra_core::testing::registry_matches_declaration;
use cra_derive::CraComponent;

// The library has no item this binary uses; without this line its components would not be linked.
use cra_tests as _;

/// The binary's own component: its command-line front end.
#[derive(CraComponent)]
#[cra(
    name = "cli",
    addresses(secure_by_default, evidence(test_report = "evidence/storage-report.md")),
    depends_on(cra_tests::AuditLog)
)]
#[expect(dead_code, reason = "only its registration is used")]
struct Cli;

#[test]
fn components_of_the_library_and_the_binary_are_all_listed_sorted() {
    let listed: Vec<(&str, &str)> = components().iter().map(|c| (c.name, c.module_path)).collect();
    assert_eq!(
        listed,
        [
            ("AuditLog", "cra_tests"),
            ("Cache", "cra_tests"),
            ("cli", "suite::registry"),
            ("shared-storage", "cra_tests"),
        ]
    );
}

#[test]
fn descriptors_carry_the_claims_and_defaults() {
    let storage = cra_tests::SharedStorage::descriptor().expect("registered");
    assert_eq!(storage.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(storage.crate_name(), "cra_tests");
    let component = storage.to_component();
    assert_eq!(component.description, "Encrypted key-value storage shared by the product's services.");
    let json = serde_json::to_value(&component).unwrap();
    assert_eq!(json["claims"][0]["requirement"], "I.2.e");
    assert_eq!(json["claims"][0]["evidence"][0]["location"]["path"], "evidence/storage-report.md");
    assert_eq!(json["claims"][1]["status"], "not_applicable");
    assert_eq!(json["interfaces"][0]["name"], "unix-socket");
    let audit = cra_tests::AuditLog::descriptor().unwrap();
    assert_eq!(audit.to_component().depends_on, ["Cache", "shared-storage"]);
    // A generic type is one component, whatever its parameters.
    assert!(std::ptr::eq(
        cra_tests::Cache::<u8>::descriptor().unwrap(),
        cra_tests::Cache::<String>::descriptor().unwrap()
    ));
    assert_eq!(components().iter().filter(|c| c.name == "Cache").count(), 1);
}

/// A declaration of this program's registered components.
fn registered_declaration() -> cra_core::Declaration {
    cra_core::Declaration::new(
        cra_core::declaration::Product::default(),
        cra_core::declaration::Party::default(),
        cra_core::Category::Default,
        cra_core::conformity::Procedure::ModuleA,
        cra_core::support::SupportPeriod {
            placed_on_market: "2027-12-11".parse().unwrap(),
            end: "2032-12".parse().unwrap(),
            shorter_period_justification: None,
            expected_use_time: None,
            reasoning: std::collections::BTreeMap::new(),
        },
    )
    .with_registered_components()
}

#[test]
fn a_declaration_is_built_from_the_registry() {
    let declaration = registered_declaration();
    let names: Vec<&str> = declaration.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["AuditLog", "Cache", "cli", "shared-storage"]);
    let report = declaration.validate();
    assert!(report.codes().contains("unaddressed_requirement"));
    assert!(!report.codes().contains("unknown_dependency"), "{:?}", report.codes());
}

#[test]
fn the_registry_check_compares_depends_on_and_names_the_component_and_both_sides() {
    let declaration = registered_declaration();
    assert_eq!(registry_matches_declaration(&declaration.to_json()), Ok(()));
    // The generator resolving `depends_on(SharedStorage)` to the wrong component.
    let mut wrong = declaration.clone();
    let audit = wrong.components.iter_mut().find(|c| c.name == "AuditLog").unwrap();
    audit.depends_on = vec!["Cache".into(), "cli".into()];
    let mismatch = registry_matches_declaration(&wrong.to_json()).unwrap_err();
    assert!(
        mismatch.text().contains(
            "component `AuditLog` (crate `cra_tests`): the declaration says it depends on `Cache`, `cli`, the program says `Cache`, `shared-storage`"
        ),
        "{mismatch}"
    );
    // Dependencies missing on one side.
    let mut none = declaration;
    none.components.iter_mut().find(|c| c.name == "cli").unwrap().depends_on.clear();
    let mismatch = registry_matches_declaration(&none.to_json()).unwrap_err();
    assert!(
        mismatch.text().contains(
            "component `cli` (crate `suite`): the declaration says it depends on nothing, the program says `AuditLog`"
        ),
        "{mismatch}"
    );
}
