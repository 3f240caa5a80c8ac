//! The rows of the Annex VII index's evidence tables, written without the template engine
//! when the built-in `evidence-row.*` templates are in use.
//!
//! A large declaration has thousands of pieces of evidence, and each row through MiniJinja's
//! interpreter cost about 0.8 µs: with 5,000 claims, the two index documents took more than half
//! of all rendering. These functions write the bytes the built-in row templates write (the
//! engine's own HTML escaping, the `cell` filter's Markdown escaping); a test renders rows both
//! ways and compares them. A manufacturer's `evidence-row.*` is rendered by MiniJinja, row by row.

use std::fmt::Write;

use minijinja::HtmlEscape;

use crate::annex::EvidenceEntry;
use crate::evidence::{Location, Sha256};

use super::markdown_cell_text;

/// What `evidence-row.html` writes for `e`.
pub(super) fn html(out: &mut String, e: &EvidenceEntry<'_>) {
    out.push_str("<tr><td>");
    escaped(out, e.component);
    out.push_str("</td><td>");
    escaped(out, e.requirement.as_str());
    out.push_str("</td><td>");
    escaped(out, e.kind.name());
    out.push_str("</td><td>");
    if let Some(package) = e.package {
        escaped(out, &package.name);
    }
    out.push_str("</td><td>");
    match (e.location, e.workspace_path()) {
        (Location::Url(url), _) => {
            out.push_str("<a href=\"");
            escaped(out, url);
            out.push_str("\">");
            escaped(out, url);
            out.push_str("</a>");
        }
        (Location::Path(path), workspace_path) => {
            out.push_str("<code>");
            escaped(out, workspace_path.as_deref().unwrap_or(path));
            out.push_str("</code>");
        }
    }
    out.push_str("</td><td class=\"digest\">");
    escaped(out, e.sha256.map_or("(not recorded)", Sha256::as_str));
    out.push_str("</td></tr>");
}

/// `text` as the engine escapes it in an HTML template; most text needs nothing, and is copied.
fn escaped(out: &mut String, text: &str) {
    if text.contains(['&', '<', '>', '"', '\'', '/']) {
        let _ = write!(out, "{}", HtmlEscape(text));
    } else {
        out.push_str(text);
    }
}

/// What `evidence-row.md` writes for `e`.
pub(super) fn markdown(out: &mut String, e: &EvidenceEntry<'_>) {
    out.push_str("| ");
    out.push_str(&markdown_cell_text(e.component));
    out.push_str(" | ");
    out.push_str(e.requirement.as_str());
    out.push_str(" | ");
    out.push_str(e.kind.name());
    out.push_str(" | ");
    if let Some(package) = e.package {
        out.push_str(&markdown_cell_text(&package.name));
    }
    out.push_str(" | ");
    match (e.location, e.workspace_path()) {
        (Location::Url(url), _) => {
            out.push('<');
            out.push_str(&markdown_cell_text(url));
            out.push('>');
        }
        (Location::Path(path), workspace_path) => {
            out.push('`');
            out.push_str(&markdown_cell_text(workspace_path.as_deref().unwrap_or(path)));
            out.push('`');
        }
    }
    match e.sha256 {
        Some(digest) => {
            out.push_str(" | `");
            out.push_str(digest.as_str());
            out.push_str("` |");
        }
        None => out.push_str(" | (not recorded) |"),
    }
}

#[cfg(test)]
mod tests {
    use crate::render::{DEFAULT_TEMPLATES, Document, Format, Renderer};

    /// The door lock hub's declaration with text that needs escaping in every field a row shows,
    /// a URL and a piece of evidence without a digest.
    fn awkward_declaration() -> crate::Declaration {
        let json = include_str!("../../../examples/door-lock-hub/expected/door-lock-hub.declaration.json");
        let mut document: serde_json::Value = serde_json::from_str(json).unwrap();
        let component = &mut document["components"][0];
        component["name"] = "Pair|ing <b>'s</b> & \"co\"\r\nnext".into();
        let claims = &mut component["claims"];
        claims[0]["evidence"][0]["location"] = serde_json::json!({ "url": "https://example.com/a?b=1&c=<2>|3\"" });
        claims[0]["evidence"][0].as_object_mut().unwrap().remove("sha256");
        claims[1]["evidence"][0]["location"] = serde_json::json!({ "path": "evidence/we|ird <&> 'q\".md" });
        // Read, not validated: `cargo cra render` renders what the file says.
        document["components"][1]["claims"][0]["evidence"][0]["location"] = serde_json::json!({ "url": "" });
        crate::read::declaration_from_json(&document.to_string()).unwrap().value
    }

    #[test]
    fn rows_written_without_the_engine_are_the_bytes_the_built_in_row_templates_render() {
        let declaration = awkward_declaration();
        let fast = Renderer::new();
        // The same templates, but given as overrides: every row goes through MiniJinja.
        let engine = Renderer::build(|name| {
            Ok(name.starts_with("evidence-row.").then(|| {
                DEFAULT_TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, text)| (*text).to_owned()).unwrap()
            }))
        })
        .unwrap();
        assert_eq!((fast.builtin_evidence_rows, engine.builtin_evidence_rows), ([true; 2], [false; 2]));
        for format in [Format::Html, Format::Markdown] {
            let document = Document::TechnicalDocumentation;
            let (fast, engine) = (
                fast.render(&declaration, document, format).unwrap(),
                engine.render(&declaration, document, format).unwrap(),
            );
            assert_eq!(fast, engine, "{format:?}");
            assert!(fast.contains("(not recorded)"), "{fast}");
        }
        let html = fast.render(&declaration, Document::TechnicalDocumentation, Format::Html).unwrap();
        assert!(html.contains("Pair|ing &lt;b&gt;&#x27;s&lt;&#x2f;b&gt; &amp; &quot;co&quot;"), "{html}");
        let markdown = fast.render(&declaration, Document::TechnicalDocumentation, Format::Markdown).unwrap();
        assert!(markdown.contains("| Pair\\|ing <b>'s</b> & \"co\"  next |"), "{markdown}");
        assert!(
            markdown.contains("| door-lock-hub | `examples/door-lock-hub/evidence/we\\|ird <&> 'q\".md`"),
            "{markdown}"
        );
        assert!(markdown.contains(" | <> | "), "the empty URL: {markdown}");
    }

    #[test]
    fn an_override_of_a_part_applies_to_that_part_and_format_and_its_errors_name_it() {
        let declaration = awkward_declaration();
        let overrides = |overrides: &'static [(&'static str, &'static str)]| {
            Renderer::build(move |name| {
                Ok(overrides.iter().find(|(n, _)| *n == name).map(|(_, text)| (*text).to_owned()))
            })
        };
        let built_in = Renderer::new();
        let renderer = overrides(&[
            ("evidence-row.md", "* {{ component | cell }}: {{ path or url }}\n"),
            ("matrix-cell.html", "<td>{{ state }}!</td>\n"),
            // A manufacturer's index from before the rows were a part: it loops over the rows.
            ("technical-documentation.html", "{% for point in index %}{% for e in point.evidence %}{{ e.requirement }} {{ e.sha256 or '-' }}\n{% endfor %}{% endfor %}"),
        ])
        .unwrap();
        assert_eq!(renderer.builtin_evidence_rows, [true, false]);
        let evidence: usize =
            declaration.components.iter().flat_map(|c| &c.claims).map(|claim| claim.evidence().len()).sum();
        let markdown = renderer.render(&declaration, Document::TechnicalDocumentation, Format::Markdown).unwrap();
        assert_eq!(markdown.lines().filter(|line| line.starts_with("* ")).count(), evidence, "{markdown}");
        assert!(
            markdown.contains("* Pair\\|ing <b>'s</b> & \"co\"  next: examples/door-lock-hub/evidence/we|ird"),
            "{markdown}"
        );
        let html = renderer.render(&declaration, Document::TechnicalDocumentation, Format::Html).unwrap();
        assert_eq!(html.lines().count(), evidence, "{html}");
        let report = renderer.render(&declaration, Document::ComplianceReport, Format::Html).unwrap();
        assert!(report.contains("<td>addressed!</td>") && !report.contains("<td class="), "{report}");
        // The parts that are not overridden are the built-in ones.
        assert_eq!(
            renderer.render(&declaration, Document::ComplianceReport, Format::Markdown).unwrap(),
            built_in.render(&declaration, Document::ComplianceReport, Format::Markdown).unwrap()
        );
        let broken = overrides(&[("evidence-row.md", "{{ no_such_field }}")]).unwrap();
        let error = broken.render(&declaration, Document::DeclarationOfConformity, Format::Html).unwrap_err();
        assert!(error.to_string().starts_with("template `evidence-row.md`:"), "{error}");
    }
}
