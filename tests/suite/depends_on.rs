//! `depends_on` paths resolved by the generator as the compiler resolves them: two crates that
//! each define a component type `RegexMatcher` (ripgrep's grep-regex and grep-pcre2), named
//! through `use` items, renames, groups, re-exports, full paths and `self`/`super`/`crate`; and
//! a name the generator cannot settle is an error at the token naming every candidate.

use std::collections::BTreeMap;

use cra_core::build::BuildError;

use super::generator::TempCrate;

/// A component of type `ty` named `name`, depending on the types `depends` (if any).
fn component(ty: &str, name: &str, depends: &str) -> String {
    let depends = if depends.is_empty() { String::new() } else { format!(", depends_on({depends})") };
    format!(
        "/// {name}.\n#[derive(cra_derive::CraComponent)]\n#[cra(name = \"{name}\", addresses(integrity, evidence(test_report = \"evidence.md\")){depends})]\npub struct {ty};\n"
    )
}

/// A product depending on `crate-a` (as `crate_a`) and `crate-b` (renamed `beta` when
/// `renamed`). crate-a's `RegexMatcher` is at its root; crate-b has two, `matcher` (re-exported
/// at the root, as grep-regex does) and `legacy`.
fn product(name: &str, renamed: bool, lib: &str) -> TempCrate {
    let krate = TempCrate::new(name);
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    let crate_b = if renamed {
        "beta = { path = \"crate-b\", package = \"crate-b\" }"
    } else {
        "crate-b = { path = \"crate-b\" }"
    };
    let dependencies =
        format!("[features]\ncloud = []\n\n[dependencies]\ncrate-a = {{ path = \"crate-a\" }}\n{crate_b}\n");
    krate
        .write("Cargo.toml", &manifest.replace("[features]\ncloud = []\n", &dependencies))
        .write("src/lib.rs", lib)
        .write("crate-a/Cargo.toml", "[package]\nname = \"crate-a\"\nversion = \"1.0.0\"\nedition = \"2024\"\n")
        .write("crate-a/evidence.md", "a\n")
        .write("crate-a/src/lib.rs", &component("RegexMatcher", "matcher-a", ""))
        .write("crate-b/Cargo.toml", "[package]\nname = \"crate-b\"\nversion = \"1.0.0\"\nedition = \"2024\"\n")
        .write("crate-b/evidence.md", "b\n")
        .write("crate-b/src/lib.rs", "mod matcher;\npub mod legacy;\n\npub use matcher::RegexMatcher;\n")
        .write("crate-b/src/matcher.rs", &component("RegexMatcher", "matcher-b", ""))
        .write("crate-b/src/legacy.rs", &component("RegexMatcher", "matcher-b-legacy", ""));
    krate
}

/// Each component's `depends_on` in the declaration written.
fn depends_on(krate: &TempCrate) -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(krate.dir.join("out/cra/declaration.json")).unwrap();
    let declaration = cra_core::read::declaration_from_json(&text).unwrap().value;
    declaration.components.into_iter().map(|c| (c.name, c.depends_on)).collect()
}

#[test]
fn depends_on_names_the_component_the_compiler_resolves_among_two_of_one_type_name() {
    let lib = [
        "use beta::RegexMatcher;\nuse crate_a::RegexMatcher as AMatcher;\nuse beta::{self as b, legacy::{RegexMatcher as Legacy}};\n\n".to_owned(),
        component("ViaUse", "via-use", "RegexMatcher"),
        component("ViaPath", "via-path", "beta::RegexMatcher"),
        component("ViaAbsolute", "via-absolute", "::crate_a::RegexMatcher"),
        component("ViaRename", "via-rename", "AMatcher"),
        component("ViaGroup", "via-group", "Legacy, b::legacy::RegexMatcher"),
        format!("pub mod local {{\n{}}}\n", component("Local", "local", "")),
        format!(
            "pub mod inner {{\n{}pub mod deeper {{\n{}}}\n}}\n",
            component("Inner", "inner", "super::local::Local, crate::local::Local, self::deeper::Deep"),
            component("Deep", "deep", "")
        ),
    ]
    .concat();
    let krate = product("depends-resolve", true, &lib);
    let (result, lines) = krate.run(&[]);
    result.unwrap();
    assert!(!lines.contains("which the scanner did not find"), "{lines}");
    let found = depends_on(&krate);
    let expected: BTreeMap<String, Vec<String>> = [
        ("via-use", &["matcher-b"][..]),
        ("via-path", &["matcher-b"]),
        ("via-absolute", &["matcher-a"]),
        ("via-rename", &["matcher-a"]),
        ("via-group", &["matcher-b-legacy"]),
        ("inner", &["deep", "local"]),
        ("local", &[]),
        ("deep", &[]),
        ("matcher-a", &[]),
        ("matcher-b", &[]),
        ("matcher-b-legacy", &[]),
    ]
    .into_iter()
    .map(|(name, depends)| (name.to_owned(), depends.iter().map(|d| (*d).to_owned()).collect()))
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_name_that_matches_components_in_two_crates_with_no_use_to_decide_is_an_error_at_the_token() {
    let krate = product("depends-ambiguous", false, &component("User", "user", "RegexMatcher"));
    let error = krate.run(&[]).0.unwrap_err();
    let BuildError::Source(errors) = &error else { panic!("{error}") };
    assert_eq!(errors.len(), 1, "{error}");
    // Line 3, `#[cra(name = "user", addresses(integrity, evidence(test_report = "evidence.md")), depends_on(RegexMatcher)`.
    let column =
        "#[cra(name = \"user\", addresses(integrity, evidence(test_report = \"evidence.md\")), depends_on(".len() + 1;
    assert_eq!(errors[0].line_column(), (3, column));
    let rendered = error.render();
    for candidate in [
        "`crate_a::RegexMatcher` (component `matcher-a`",
        "`crate_b::matcher::RegexMatcher` (component `matcher-b`",
        "`crate_b::legacy::RegexMatcher` (component `matcher-b-legacy`",
    ] {
        assert!(rendered.contains(candidate), "{rendered}");
    }
    assert!(rendered.contains("`RegexMatcher` in `depends_on` of component `user` may name any of 3"), "{rendered}");
    assert!(rendered.contains(&format!("src/lib.rs:3:{column}")), "{rendered}");
    // A `use` decides it.
    krate.write("src/lib.rs", &format!("use crate_b::RegexMatcher;\n{}", component("User", "user", "RegexMatcher")));
    krate.run(&[]).0.unwrap();
    assert_eq!(depends_on(&krate)["user"], ["matcher-b"]);
}
