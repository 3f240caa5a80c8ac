//! Values that are not facts yet: the `FILL IN` placeholders `cargo cra init` writes (an error
//! wherever they are) and contacts or URLs on reserved example domains (a warning: a real
//! product has none, but this repository's example products keep theirs).

use serde_json::Value;

use super::{Findings, Severity, ValidationCode};
use crate::declaration::Declaration;

/// The marker of a value the manufacturer still has to write, in manifests and evidence files.
pub const PLACEHOLDER: &str = "FILL IN";

/// The host of an email address or `http(s)://` URL when it is a reserved example name
/// (RFC 2606: `.example`, `.invalid`, `.test`, `.localhost`, `example.com`, `example.net`,
/// `example.org`; RFC 6761 keeps them out of the DNS), else `None`.
pub fn reserved_host(text: &str) -> Option<&str> {
    let text = text.trim();
    let host = if let Some(rest) = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")) {
        rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?
    } else {
        let rest = text.strip_prefix("mailto:").unwrap_or(text);
        let (local, host) = rest.rsplit_once('@')?;
        if local.is_empty() || local.contains(char::is_whitespace) || host.contains(char::is_whitespace) {
            return None;
        }
        host
    };
    let lower = host.trim_end_matches('.').to_ascii_lowercase();
    let reserved_tld = ["example", "invalid", "test", "localhost"]
        .iter()
        .any(|tld| lower == *tld || lower.ends_with(&format!(".{tld}")));
    let reserved_domain =
        ["example.com", "example.net", "example.org"].iter().any(|d| lower == *d || lower.ends_with(&format!(".{d}")));
    (reserved_tld || reserved_domain).then_some(host)
}

/// Every string of the declaration: a placeholder is an error at its path, a reserved domain a
/// warning. One walk over the serialized document, so that no field is forgotten.
pub(super) fn check_unfinished(declaration: &Declaration, report: &mut Findings) {
    // Validation runs on every view: the walk, which builds the document's tree, is left out
    // when its text holds neither the marker nor a word every reserved name contains.
    let Ok(text) = serde_json::to_string(declaration) else { return };
    let lower = text.to_ascii_lowercase();
    let suspect = text.contains(PLACEHOLDER)
        || ["example", "invalid", "localhost"].iter().any(|word| lower.contains(word))
        || ends_a_host_somewhere(&lower, "test");
    if !suspect {
        return;
    }
    let Ok(document) = serde_json::to_value(declaration) else { return };
    let mut strings = Vec::new();
    collect(&document, String::new(), &mut strings);
    for (path, text) in strings {
        if text.contains(PLACEHOLDER) {
            report.push(
                Severity::Error,
                ValidationCode::Placeholder,
                path.as_str(),
                format!("`{path}` is still a placeholder (`{text}`): write the fact it stands for"),
                "Art. 28(1); Annex V",
            );
        } else if let Some(host) = reserved_host(&text) {
            report.push(
                Severity::Warning,
                ValidationCode::ReservedDomain,
                path.as_str(),
                format!(
                    "`{path}` is on the reserved example domain `{host}` (`{text}`), which no one can be reached at: give the product's real contact or address"
                ),
                "Art. 13(16)–(17); RFC 2606",
            );
        }
    }
}

/// Whether `word` occurs where a host name could end with it: before `"`, `/`, `:`, `?`, `#` or
/// `.` (a host `a.test`, `a.test.`, `a.test:8080`, a string ending in it). A cheap filter that
/// never misses what [`reserved_host`] finds; it may find more.
fn ends_a_host_somewhere(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        text.as_bytes().get(at + word.len()).is_none_or(|b| matches!(b, b'"' | b'/' | b':' | b'?' | b'#' | b'.'))
    })
}

/// `(path, text)` of every string in `value`, paths as validation writes them
/// (`manufacturer.contact`, `components[2].claims[0].justification`).
fn collect(value: &Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(text) => out.push((path, text.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                collect(item, path, out);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{ends_a_host_somewhere, reserved_host};

    #[test]
    fn the_filter_lets_every_reserved_host_through() {
        for reserved in ["\"a@test\"", "\"https://a.test/x\"", "\"http://a.test:8080\"", "\"a@b.test.\""] {
            assert!(ends_a_host_somewhere(reserved, "test"), "{reserved}");
        }
        assert!(!ends_a_host_somewhere("\"test_report\", \"security testing\"", "test"));
    }

    #[test]
    fn reserved_hosts_are_those_of_rfc_2606_and_no_others() {
        for reserved in [
            "psirt@devices.example",
            "mailto:a@b.invalid",
            "https://example.com/cvd",
            "https://www.example.org",
            "http://user@host.test:8080/x",
            "x@localhost",
        ] {
            assert!(reserved_host(reserved).is_some(), "{reserved}");
        }
        for real in
            ["psirt@devices.eu", "https://examples.com", "https://example.com.evil.eu/", "no contact", "a @b.example"]
        {
            assert_eq!(reserved_host(real), None, "{real}");
        }
    }
}
