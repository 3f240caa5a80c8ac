use cra_core::catalogue::{
    Applicability, CATALOGUE, CATEGORIES, Category, Class, MILESTONES, Part, REQUIREMENTS, RequirementId,
};

#[test]
fn annex_i_ids_are_exactly_the_annex_numbering() {
    // Annex I Part I: point (1) plus 13 lettered items (2)(a)–(m); Part II: points 1–8.
    let ids: Vec<&str> = REQUIREMENTS.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [
            "I.1", "I.2.a", "I.2.b", "I.2.c", "I.2.d", "I.2.e", "I.2.f", "I.2.g", "I.2.h", "I.2.i", "I.2.j", "I.2.k",
            "I.2.l", "I.2.m", "II.1", "II.2", "II.3", "II.4", "II.5", "II.6", "II.7", "II.8"
        ]
    );
    assert_eq!(REQUIREMENTS.iter().filter(|r| r.part == Part::I).count(), 14);
    assert_eq!(REQUIREMENTS.iter().filter(|r| r.part == Part::II).count(), 8);
    for (index, id) in RequirementId::ALL.iter().enumerate() {
        assert_eq!(id.info().id, REQUIREMENTS[index].id);
    }
}

#[test]
fn part_i_point_1_and_part_ii_always_apply_art_13_3() {
    // Annex I Part I(1) and all of Part II always apply; Part I(2) items apply "where applicable".
    for requirement in REQUIREMENTS {
        let always = requirement.id == "I.1" || requirement.part == Part::II;
        let expected = if always { Applicability::Always } else { Applicability::WhereApplicable };
        assert_eq!(requirement.applicability, expected, "{}", requirement.id);
    }
}

#[test]
fn symbolic_names_are_unique_snake_case_and_resolve() {
    let mut names: Vec<&str> = REQUIREMENTS.iter().map(|r| r.name).collect();
    assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), REQUIREMENTS.len());
    assert_eq!("secure_by_default".parse::<RequirementId>().unwrap().as_str(), "I.2.b");
    assert_eq!("I.2.d".parse::<RequirementId>().unwrap().name(), "access_control");
    let error = "secure_by_defualt".parse::<RequirementId>().unwrap_err();
    assert_eq!(error.to_string(), "unknown requirement `secure_by_defualt`, did you mean `secure_by_default`?");
}

#[test]
fn every_requirement_cites_its_annex_point() {
    for r in REQUIREMENTS {
        assert!(r.reference.starts_with("Annex I Part I") || r.reference.starts_with("Annex I Part II"), "{}", r.id);
        assert!(!r.summary.is_empty() && !r.title.is_empty());
    }
}

#[test]
fn annex_iii_has_19_plus_4_items_and_annex_iv_3() {
    let of = |class| CATEGORIES.iter().filter(|c| c.class == class).map(|c| c.id).collect::<Vec<_>>();
    let class_one: Vec<String> = (1..=19).map(|n| format!("III.I.{n}")).collect();
    assert_eq!(of(Class::ImportantClassI), class_one);
    assert_eq!(of(Class::ImportantClassII), ["III.II.1", "III.II.2", "III.II.3", "III.II.4"]);
    assert_eq!(of(Class::Critical), ["IV.1", "IV.2", "IV.3"]);
    for category in CATEGORIES {
        assert!(category.id.ends_with(&format!(".{}", category.item)));
        assert!(category.reference.starts_with("Annex III") || category.reference.starts_with("Annex IV"));
    }
    let door_lock: Category = "III.I.17".parse().unwrap();
    assert!(door_lock.to_string() == "III.I.17" && door_lock.class() == Class::ImportantClassI);
    assert_eq!("default".parse::<Category>().unwrap(), Category::Default);
    let error = "III.I.20".parse::<Category>().unwrap_err().to_string();
    assert!(error.contains("unknown product category `III.I.20`"), "{error}");
}

#[test]
fn milestones_are_the_dates_of_art_71() {
    let dates: Vec<(&str, String)> = MILESTONES.iter().map(|m| (m.id, m.date.to_string())).collect();
    assert_eq!(
        dates,
        [
            ("published", "2024-11-20".to_owned()),
            ("entry_into_force", "2024-12-10".to_owned()),
            ("notified_bodies_apply", "2026-06-11".to_owned()),
            ("reporting_obligations_apply", "2026-09-11".to_owned()),
            ("full_application", "2027-12-11".to_owned()),
        ]
    );
}

#[test]
fn catalogue_json_names_every_field_the_tools_read() {
    let json = serde_json::to_value(CATALOGUE).unwrap();
    assert_eq!(json["version"], CATALOGUE.version);
    assert_eq!(json["act"]["eli"], "http://data.europa.eu/eli/reg/2024/2847/oj");
    let first = &json["requirements"][0];
    for key in ["id", "name", "title", "part", "applicability", "reference", "summary"] {
        assert!(first.get(key).is_some(), "requirement field {key}");
    }
    let category = &json["categories"][16];
    assert_eq!(category["id"], "III.I.17");
    for key in ["class", "item", "title", "reference"] {
        assert!(category.get(key).is_some(), "category field {key}");
    }
    let procedures: Vec<&str> =
        json["procedures"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(procedures, ["module_a", "module_b_plus_c", "module_h", "eu_certification"]);
}
