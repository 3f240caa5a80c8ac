//! The derive and the build-time generator use one grammar, so they must reject the same input
//! with the same messages at the same places. This test reads every compile-fail UI case with
//! the grammar as the generator calls it, and compares each error (line, column, message) with
//! what the derive produced in the reviewed `.stderr` file. Errors that come from the type system
//! (`error[E...]`, such as `depends_on` naming a type that is not a component) are the
//! compiler's, not the grammar's, and are left out on both sides.

use std::collections::BTreeSet;
use std::path::Path;

/// (line, column, message) of every grammar error in a `.stderr` file.
fn expected(stderr: &str) -> BTreeSet<(usize, usize, String)> {
    let mut found = BTreeSet::new();
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else { continue };
        let location = lines.next().unwrap_or_default();
        let position = location.trim().trim_start_matches("--> ");
        let mut parts = position.rsplitn(3, ':');
        let column: usize = parts.next().unwrap().parse().unwrap();
        let line: usize = parts.next().unwrap().parse().unwrap();
        found.insert((line, column, message.to_owned()));
    }
    found
}

/// The same, from the shared grammar on every type that derives `CraComponent`.
fn actual(source: &str, manifest_dir: &Path) -> BTreeSet<(usize, usize, String)> {
    let file = syn::parse_file(source).unwrap();
    let mut found = BTreeSet::new();
    for item in &file.items {
        let (ident, attrs) = match item {
            syn::Item::Struct(s) => (&s.ident, &s.attrs),
            syn::Item::Enum(e) => (&e.ident, &e.attrs),
            _ => continue,
        };
        if let Err(failed) = cra_core::syntax::parse_component(ident, attrs, Some(manifest_dir)) {
            for diagnostic in failed.diagnostics {
                let start = diagnostic.span.start();
                found.insert((start.line, start.column + 1, diagnostic.message));
            }
        }
    }
    found
}

#[test]
fn the_generator_grammar_reports_exactly_the_derive_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // UI cases name `Cargo.toml` as existing evidence: trybuild's project folder has one, and
    // so has this crate's folder.
    let mut cases = 0;
    for entry in std::fs::read_dir(root.join("ui/fail")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let stderr = std::fs::read_to_string(path.with_extension("stderr")).unwrap();
        let expected = expected(&stderr);
        assert!(!expected.is_empty(), "{}", path.display());
        assert_eq!(actual(&source, root), expected, "{}", path.display());
        cases += expected.len();
    }
    assert!(cases >= 20, "only {cases} grammar errors in the UI cases");
}

/// The derive writes a descriptor's data without serde (`ComponentSpec::data_json`), and cra-core
/// reads it with serde (`ComponentData`): the two must be one format. For components of every
/// shape (each claim keyword, path and URL evidence, interfaces, none of either) and texts that
/// hold every character below U+0100, quotes, backslashes and text beyond the Basic Multilingual
/// Plane, the grammar's bytes equal what serde_json writes for the same component, and read back
/// to it.
#[test]
fn component_data_is_byte_for_byte_what_serde_writes() {
    use cra_core::registry::ComponentData;
    use syn::LitStr;

    let span = proc_macro2::Span::call_site();
    let every_char: String = (0u32..0x100).filter_map(char::from_u32).collect();
    let texts = [
        "Keeps the keys",
        "say \"hi\" \\ back",
        "tab\there\nline\r\u{c}\u{8}\u{1f}\u{7f}",
        "Türschloss 🔐 鍵",
        &every_char,
    ];
    let mut compared = 0;
    for text in texts {
        let lit = LitStr::new(text, span);
        let shapes: Vec<syn::Attribute> = vec![
            syn::parse_quote!(#[cra(description = #lit)]),
            syn::parse_quote!(#[cra(description = #lit, addresses(access_control, evidence(test = "Cargo.toml", test_report = "https://example.org/r?a=1#x")))]),
            syn::parse_quote!(#[cra(description = #lit, partially_addresses(secure_by_default, evidence(design_document = "Cargo.toml"), missing = #lit))]),
            syn::parse_quote!(#[cra(description = #lit, not_applicable(data_minimisation, confidentiality, justification = #lit))]),
            syn::parse_quote!(#[cra(description = #lit, interface(name = "ble", description = #lit), interface(name = #lit, description = "x"))]),
        ];
        for attr in shapes {
            let ident = syn::Ident::new("Store", span);
            let spec =
                cra_core::syntax::parse_component(&ident, std::slice::from_ref(&attr), None).unwrap_or_else(|failed| {
                    panic!("{:?}", failed.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>())
                });
            let model = ComponentData {
                description: spec.description.clone(),
                claims: spec.claims.iter().map(cra_core::syntax::claim).collect(),
                interfaces: spec.interfaces.iter().map(cra_core::syntax::interface).collect(),
            };
            let written = spec.data_json();
            assert_eq!(written, serde_json::to_string(&model).unwrap());
            assert_eq!(serde_json::from_str::<ComponentData>(&written).unwrap(), model);
            compared += 1;
        }
    }
    assert_eq!(compared, 25);
}
