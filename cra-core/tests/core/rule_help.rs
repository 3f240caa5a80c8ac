//! SARIF's rule help is the error catalogue's text: `cra-core/src/build/sarif/help.rs` is made
//! from docs/errors.md (each validation code's cause, fix and reference; the tables of generator
//! warnings and of rules without a code), so the two cannot drift. `CRA_BLESS=1` rewrites the
//! file after an edit of the catalogue; without it, a difference fails with what to run.

use std::fmt::Write as _;
use std::path::Path;

/// One line of markdown from a bullet's text and its indented continuation lines.
fn unwrap(lines: &[&str]) -> String {
    lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The text of bullet `- **{name}:**` in a code's section, continuation lines joined.
fn bullet(section: &str, name: &str) -> Option<String> {
    let start = format!("- **{name}:** ");
    let lines: Vec<&str> = section.lines().collect();
    let at = lines.iter().position(|l| l.starts_with(&start))?;
    let mut text = vec![&lines[at][start.len()..]];
    text.extend(lines[at + 1..].iter().take_while(|l| l.starts_with("  ")));
    Some(unwrap(&text))
}

/// `(code, cause, fix, reference)` of every `#### \`code\`` under "## Validation codes".
fn validation_codes(catalogue: &str) -> Vec<[String; 4]> {
    let start = catalogue.find("\n## Validation codes").expect("the catalogue has its validation codes");
    let end = catalogue[start + 1..].find("\n## ").map_or(catalogue.len(), |e| start + 1 + e);
    let mut codes = Vec::new();
    for section in catalogue[start..end].split("\n#### `").skip(1) {
        let code = section.split('`').next().unwrap().to_owned();
        let section = section.split("\n### ").next().unwrap();
        let field = |name: &str| bullet(section, name).unwrap_or_else(|| panic!("`{code}` has no **{name}:**"));
        codes.push([code.clone(), field("Cause"), field("Fix"), field("Reference")]);
    }
    codes
}

/// `(code, what it is, what to do)` of each row of the table under the heading `heading`.
fn table(catalogue: &str, heading: &str) -> Vec<[String; 3]> {
    let start = catalogue.find(heading).unwrap_or_else(|| panic!("the catalogue has `{heading}`"));
    let rows = catalogue[start..].lines().skip_while(|l| !l.starts_with("|---")).skip(1);
    rows.take_while(|l| l.starts_with("| `"))
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
            [cells[0].trim_matches('`').to_owned(), cells[1].to_owned(), cells[2].to_owned()]
        })
        .collect()
}

/// The Rust file, from the catalogue.
fn generated(catalogue: &str) -> String {
    let mut text = String::from(
        "//! The help of each SARIF rule, made from docs/errors.md by the test `rule_help` of\n\
         //! cra-core (`CRA_BLESS=1 cargo test -p cra-core --all-features --test core rule_help`\n\
         //! rewrites it): edit the catalogue, not this file.\n\n\
         /// Each validation code's cause, fix and legal reference: `(code, cause, fix, reference)`.\n\
         pub(super) const VALIDATION: &[(&str, &str, &str, &str)] = &[\n",
    );
    for [code, cause, fix, reference] in validation_codes(catalogue) {
        let _ = writeln!(text, "    ({code:?}, {cause:?}, {fix:?}, {reference:?}),");
    }
    text.push_str(
        "];\n\n/// The generator's warnings, and the rules of results without a code: `(rule, what it is,\n\
         /// what to do)`.\npub(super) const OTHER: &[(&str, &str, &str)] = &[\n",
    );
    for heading in ["\n## Generator warnings", "\n## Errors and gaps without a code"] {
        for [code, what, fix] in table(catalogue, heading) {
            let _ = writeln!(text, "    ({code:?}, {what:?}, {fix:?}),");
        }
    }
    text.push_str("];\n");
    text
}

#[test]
fn sarif_rule_help_is_made_from_the_error_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalogue = std::fs::read_to_string(root.join("../docs/errors.md")).unwrap();
    assert_eq!(validation_codes(&catalogue).len(), cra_core::validate::ValidationCode::ALL.len());
    let expected = generated(&catalogue);
    let file = root.join("src/build/sarif/help.rs");
    let actual = std::fs::read_to_string(&file).unwrap_or_default();
    if actual != expected {
        if std::env::var_os("CRA_BLESS").is_some() {
            std::fs::write(&file, &expected).unwrap();
        } else {
            panic!(
                "{} is not what docs/errors.md says: run `CRA_BLESS=1 cargo test -p cra-core --all-features --test core rule_help`",
                file.display()
            );
        }
    }
}

/// The reader sees the fields: a bullet over several lines is joined, a table row is split.
#[test]
fn the_catalogue_reader_joins_bullets_and_splits_rows() {
    let section = "x`\n\n- **Fix:** one\n  two\n- **Reference:** Art. 1\n";
    assert_eq!(bullet(section, "Fix").as_deref(), Some("one two"));
    assert_eq!(bullet(section, "Cause"), None);
    let catalogue = "\n## T\n\n| A | B | C |\n|---|---|---|\n| `a` | what | do |\n\nafter";
    assert_eq!(table(catalogue, "\n## T"), [["a".to_owned(), "what".to_owned(), "do".to_owned()]]);
}
