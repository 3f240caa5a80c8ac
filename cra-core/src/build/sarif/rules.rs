//! The SARIF rules: the tool's description, and one rule per code with the error catalogue's
//! text (`help.rs`) as its descriptions and help, and a link into the catalogue where the
//! project's repository is a real address.

use std::str::FromStr;

use serde_json::{Value, json};

use super::help;
use crate::validate::ValidationCode;

/// The project's repository, from its manifest; none while it is a reserved example address.
fn repository() -> Option<&'static str> {
    real_address(env!("CARGO_PKG_REPOSITORY"))
}

/// `url`, unless it is empty or on a reserved example domain, which no one can reach (a SARIF
/// viewer would link to nowhere; RFC 2606).
fn real_address(url: &str) -> Option<&str> {
    let url = url.trim_end_matches('/');
    let host = url.split("://").nth(1)?.split('/').next()?;
    let reserved = [".invalid", ".example", ".test", ".localhost"].iter().any(|tld| host.ends_with(tld))
        || host == "example.com"
        || host == "example.org";
    (!url.is_empty() && !reserved).then_some(url)
}

/// The tool: its name, version, address and rules. The address is the repository's when it has
/// a real one, else the registry page of `cargo-cra`, the crate of `cargo cra check`, where the
/// tool is published (its name, not a guess: `cargo install cargo-cra` installs it from there).
pub(super) fn driver(rules: &[Value]) -> Value {
    let information = repository().map_or_else(|| "https://crates.io/crates/cargo-cra".to_owned(), str::to_owned);
    json!({
        "name": "cra-rs",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": information,
        "rules": rules,
    })
}

/// The rule `id` with its help; `template` is its message string, where its results carry
/// arguments.
pub(super) fn descriptor(id: &str, template: Option<&str>) -> Value {
    let help = Help::of(id);
    let markdown = format!(
        "{}\n\n**Cause:** {}\n\n**Fix:** {}\n\n**Reference:** {}\n\nThe error catalogue of cra-rs, docs/errors.md, has `{id}` with its message.",
        help.title, help.cause, help.fix, help.reference
    );
    let mut rule = json!({
        "id": id,
        "name": pascal_case(id),
        "shortDescription": { "text": sentence(help.title) },
        "fullDescription": { "text": sentence(help.cause) },
        "help": {
            "text": format!("Fix: {} Reference: {}.", sentence(help.fix), help.reference.trim_end_matches('.')),
            "markdown": markdown,
        },
        "properties": { "tags": ["compliance", "cra"] },
    });
    if let Some(url) = repository() {
        rule["helpUri"] = json!(format!("{url}/blob/v{}/docs/errors.md#{id}", env!("CARGO_PKG_VERSION")));
    }
    if let Some(template) = template {
        rule["messageStrings"] = json!({ "default": { "text": sentence(template) } });
    }
    rule
}

/// What the catalogue says of one rule.
struct Help {
    title: &'static str,
    cause: &'static str,
    fix: &'static str,
    reference: &'static str,
}

impl Help {
    /// The catalogue's text of `id`: a validation code's, a generator warning's or a kind's.
    fn of(id: &str) -> Help {
        if let Some((_, cause, fix, reference)) = help::VALIDATION.iter().find(|entry| entry.0 == id) {
            let title = ValidationCode::from_str(id).map_or(*cause, ValidationCode::summary);
            return Help { title, cause, fix, reference };
        }
        if let Some((_, what, fix)) = help::OTHER.iter().find(|entry| entry.0 == id) {
            return Help { title: what, cause: what, fix, reference: "docs/errors.md" };
        }
        // A code this version's catalogue does not list: said, not guessed.
        Help {
            title: "A finding of cra-rs",
            cause: "A finding whose code this version's error catalogue does not describe",
            fix: "Read the result's message",
            reference: "docs/errors.md",
        }
    }
}

/// `forbidden_procedure` as `ForbiddenProcedure`, SARIF's friendly rule name.
fn pascal_case(id: &str) -> String {
    id.split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// A text as one sentence: capitalised, with a final full stop (SARIF's rule for messages).
pub(super) fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let capitalised =
        chars.next().map(|first| first.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default();
    if capitalised.ends_with(['.', '!', '?']) { capitalised } else { format!("{capitalised}.") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_build_reports_has_its_help_in_the_catalogue() {
        for code in ValidationCode::ALL {
            assert!(help::VALIDATION.iter().any(|e| e.0 == code.as_str()), "`{}` has no help", code.as_str());
        }
        // The generator's own warning codes, as its source writes them.
        let sources = [
            include_str!("../report.rs"),
            include_str!("../mod.rs"),
            include_str!("../components.rs"),
            include_str!("../watch.rs"),
            include_str!("../vulnerability_check.rs"),
        ];
        let mut codes = Vec::new();
        for source in sources {
            for marker in ["code: \"", "ReportedWarning::general(\n            \"", "ReportedWarning::general(\""] {
                for (at, _) in source.match_indices(marker) {
                    let code: String = source[at + marker.len()..].chars().take_while(|c| *c != '"').collect();
                    codes.push(code);
                }
            }
        }
        assert!(codes.len() >= 5, "the reader found the codes: {codes:?}");
        for code in codes {
            assert!(help::OTHER.iter().any(|e| e.0 == code), "the warning `{code}` has no row in docs/errors.md");
        }
        for kind in ["manifest_error", "attribute_error", "record_error", "generator_error", "compile_error"] {
            assert!(help::OTHER.iter().any(|e| e.0 == kind), "`{kind}` has no row in docs/errors.md");
        }
    }

    #[test]
    fn rules_are_named_and_described_as_code_scanning_wants() {
        let rule = descriptor("forbidden_procedure", None);
        assert_eq!(rule["name"], "ForbiddenProcedure");
        assert!(rule["shortDescription"]["text"].as_str().unwrap().ends_with('.'));
        assert!(rule["fullDescription"]["text"].as_str().unwrap().starts_with("The product's category"));
        assert!(rule["help"]["markdown"].as_str().unwrap().contains("**Fix:** choose one of the procedures"));
        assert_eq!(rule.get("helpUri").is_some(), repository().is_some(), "a link only to a real address");
        assert_eq!(real_address("https://example.invalid/cra-rs"), None);
        assert_eq!(real_address("https://devices.example/x"), None);
        assert_eq!(real_address(""), None);
        assert_eq!(real_address("https://github.com/owner/cra-rs/"), Some("https://github.com/owner/cra-rs"));
        assert_eq!(pascal_case("no_audit"), "NoAudit");
        assert_eq!(sentence("a gap"), "A gap.");
    }
}
