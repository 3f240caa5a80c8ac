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
