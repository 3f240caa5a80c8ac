//! The documents people read (`cra_core::render`): snapshots of every document of every example
//! declaration, the template override, HTML escaping, and the HTML opened in a real browser
//! (headless Chromium) and printed to PDF.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cra_core::Declaration;
use cra_core::render::{Document, Format, Renderer, write_documents};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// `(example name, declaration)` for every `examples/*/expected/*.declaration.json`.
fn examples() -> Vec<(String, Declaration)> {
    let mut found = Vec::new();
    for example in std::fs::read_dir(workspace().join("examples")).unwrap() {
        let expected = example.unwrap().path().join("expected");
        let Ok(files) = std::fs::read_dir(&expected) else { continue };
        for file in files {
            let path = file.unwrap().path();
            let Some(name) =
                path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".declaration.json"))
            else {
                continue;
            };
            let text = std::fs::read_to_string(&path).unwrap();
            let declaration = cra_core::read::declaration_from_json(&text).unwrap().value;
            found.push((name.to_owned(), declaration));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(found.len() >= 4, "every example has an expected declaration");
    found
}

/// A fresh, empty folder under the system's temporary folder.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cra-documents-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every document of every example, in both formats, equals `docs/documents/<example>/`
/// (`CRA_BLESS=1` rewrites them). One test: a failure lists every document that changed.
#[test]
fn every_document_of_every_example_matches_its_snapshot() {
    let renderer = Renderer::new();
    let mut failures = Vec::new();
    for (name, declaration) in examples() {
        for format in [Format::Markdown, Format::Html] {
            for (file, text) in renderer.render_all(&declaration, &[format]).unwrap() {
                let path = workspace().join("docs/documents").join(&name).join(&file);
                if let Err(difference) = cra_core::testing::snapshot(&path, &text) {
                    failures.push(difference.to_string());
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The declaration of conformity states conformity only when complete, and a draft is marked
/// DRAFT with its open items (Art. 28(1)); Annex V's eight points come in order.
#[test]
fn a_draft_never_states_conformity_and_a_complete_declaration_does_with_annex_v_in_order() {
    let renderer = Renderer::new();
    for (name, declaration) in examples() {
        let draft = declaration.conformity_status() == cra_core::declaration::ConformityStatus::Draft;
        for format in [Format::Markdown, Format::Html] {
            let text = renderer.render(&declaration, Document::DeclarationOfConformity, format).unwrap();
            assert_eq!(text.contains("is in conformity with"), !draft, "{name} {format:?}");
            assert_eq!(text.contains("DRAFT"), draft, "{name} {format:?}");
            for item in declaration.open_items() {
                let item = if format == Format::Html { html_escaped(&item) } else { item };
                assert!(!draft || text.contains(&item), "{name} {format:?}: open item `{item}` missing");
            }
            let points = [
                "Product with digital elements",
                "Name and address",
                "Sole responsibility",
                "Object of",
                "Conformity",
                "Harmonised standards",
                "Conformity assessment procedure",
                "Additional information",
            ];
            let positions: Vec<usize> =
                points.iter().map(|p| text.find(p).unwrap_or_else(|| panic!("{name}: `{p}` missing"))).collect();
            assert!(positions.is_sorted(), "{name} {format:?}: Annex V points out of order");
            let simplified = renderer.render(&declaration, Document::SimplifiedDeclaration, format).unwrap();
            assert_eq!(simplified.contains("is in compliance with"), !draft, "{name} {format:?}: Annex VI text");
            let url = declaration.user_information.declaration_url.clone().unwrap();
            let url = if format == Format::Html { html_escaped(&url) } else { url };
            assert!(simplified.contains(&url), "{name} {format:?}: the exact URL");
        }
    }
}

/// A known vulnerability of the version is in the documents: the compliance report names it
/// under its gaps with the record it comes from, and the declaration of conformity is a draft
/// that lists it (Annex I Part I(2)(a)).
#[test]
fn a_known_exploitable_vulnerability_is_named_in_the_compliance_report_annex_i_part_i_2_a() {
    use cra_core::known_vulnerabilities::{FindingKind, VulnerabilityFinding};
    let renderer = Renderer::new();
    let (name, mut declaration) = examples()
        .into_iter()
        .find(|(_, d)| d.conformity_status() == cra_core::declaration::ConformityStatus::Complete)
        .expect("an example is complete");
    declaration.vulnerability_findings.push(VulnerabilityFinding {
        kind: FindingKind::Record,
        id: "EX-2027-004".into(),
        actively_exploited: true,
        reason: "EX-2027-004 (replayed pairing): the record says this version is affected".into(),
        source: "security/vulnerabilities/ex-2027-004.toml".into(),
    });
    for format in [Format::Markdown, Format::Html] {
        let report = renderer.render(&declaration, Document::ComplianceReport, format).unwrap();
        let gaps = &report[report.find("Gaps").unwrap()..];
        assert!(!gaps.starts_with("Gaps\n\nNone.") && !gaps.contains(">None.<"), "{name} {format:?}: {gaps}");
        for expected in [
            "I.2.a",
            "actively exploited",
            "EX-2027-004 (replayed pairing)",
            "security/vulnerabilities/ex-2027-004.toml",
        ] {
            let expected = if format == Format::Html { html_escaped(expected) } else { expected.to_owned() };
            assert!(gaps.contains(&expected), "{name} {format:?}: `{expected}` missing from {gaps}");
        }
        let conformity = renderer.render(&declaration, Document::DeclarationOfConformity, format).unwrap();
        assert!(conformity.contains("DRAFT") && !conformity.contains("is in conformity with"), "{name} {format:?}");
        assert!(conformity.contains("EX-2027-004"), "{name} {format:?}: the open item");
    }
}

/// The imported example shows its importer in the user information and the operators with
/// their duties in the compliance report (Art. 19(4); Art. 13, 19).
#[test]
fn the_importer_and_the_roles_reach_the_documents_art_19() {
    let renderer = Renderer::new();
    let (_, declaration) = examples().into_iter().find(|(_, d)| d.importer.is_some()).expect("an imported example");
    let importer = declaration.importer.clone().unwrap();
    for format in [Format::Markdown, Format::Html] {
        let user = renderer.render(&declaration, Document::UserInformation, format).unwrap();
        assert!(user.contains("Importer") && user.contains(&importer.name), "{format:?}: {user}");
        let report = renderer.render(&declaration, Document::ComplianceReport, format).unwrap();
        assert!(report.contains("Importer (places the product on the market)"), "{format:?}: {report}");
        assert!(report.contains("Art. 19(6)") && report.contains("Art. 13(12)"), "{format:?}");
    }
}

/// Text as MiniJinja's HTML auto-escaping writes it.
fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

/// A manufacturer's directory replaces the templates it has (here the letterhead and the
/// declaration, in German) and keeps the defaults for the others; HTML stays escaped.
#[test]
fn templates_from_a_directory_override_the_defaults() {
    let dir = temp_dir("templates");
    std::fs::write(
        dir.join("layout.html"),
        "<html><body><header>ACME letterhead</header>{% block content %}{% endblock %}</body></html>",
    )
    .unwrap();
    std::fs::write(dir.join("signature.html"), "<p>Unterschrift: {{ declaration.manufacturer.name }}</p>").unwrap();
    std::fs::write(
        dir.join("eu-declaration-of-conformity.html"),
        "{% extends \"layout.html\" %}{% block content %}<h1>EU-Konformitätserklärung</h1>{{ doc.product }}{% include \"signature.html\" %}{% endblock %}",
    )
    .unwrap();
    let renderer = Renderer::with_templates(&dir).unwrap();
    let (_, mut declaration) = examples().into_iter().next().unwrap();
    declaration.product.name = "<script>alert(1)</script>".into();
    let doc = renderer.render(&declaration, Document::DeclarationOfConformity, Format::Html).unwrap();
    assert!(
        doc.contains("ACME letterhead") && doc.contains("EU-Konformitätserklärung") && doc.contains("Unterschrift")
    );
    assert!(!doc.contains("<script>") && doc.contains("&lt;script&gt;"), "{doc}");
    let report = renderer.render(&declaration, Document::ComplianceReport, Format::Html).unwrap();
    assert!(report.contains("ACME letterhead") && report.contains("id=\"matrix\""));
    let md = renderer.render(&declaration, Document::DeclarationOfConformity, Format::Markdown).unwrap();
    assert!(md.contains("# EU declaration of conformity"), "defaults stay for what the directory lacks");
    // A typo in a manufacturer's template is an error naming the template, not a silent gap.
    std::fs::write(dir.join("user-information.md"), "{{ user.end_of_suport }}").unwrap();
    let error =
        Renderer::with_templates(&dir).unwrap().render(&declaration, Document::UserInformation, Format::Markdown);
    assert!(error.unwrap_err().to_string().contains("user-information.md"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The default templates do not read `declaration.components`, so the context leaves them out;
/// a template that reads them, however it names them, or a partial the analysis cannot see,
/// gets them all.
#[test]
fn a_template_that_reads_the_components_gets_them() {
    let (_, declaration) = examples().into_iter().next().unwrap();
    let names: Vec<&str> = declaration.components.iter().map(|c| c.name.as_str()).collect();
    let cases = [
        ("dotted", "{% for c in declaration.components %}{{ c.name }}\n{% endfor %}", None),
        ("aliased", "{% set d = declaration %}{% for c in d.components %}{{ c.name }}\n{% endfor %}", None),
        ("subscript", "{% for c in declaration[\"components\"] %}{{ c.name }}\n{% endfor %}", None),
        (
            "partial",
            "{% include \"components.md\" %}",
            Some("{% for c in declaration.components %}{{ c.name }}\n{% endfor %}"),
        ),
    ];
    for (case, template, partial) in cases {
        let dir = temp_dir(&format!("components-{case}"));
        std::fs::write(dir.join("user-information.md"), template).unwrap();
        if let Some(partial) = partial {
            std::fs::write(dir.join("components.md"), partial).unwrap();
        }
        let text = Renderer::with_templates(&dir)
            .unwrap()
            .render(&declaration, Document::UserInformation, Format::Markdown)
            .unwrap();
        let listed: Vec<&str> = text.lines().collect();
        assert_eq!(listed, names, "{case}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    // Without components in the context, a template that reads them would print nothing: the
    // defaults' output shows the other fields of `declaration` are all there.
    let dir = temp_dir("components-fields");
    std::fs::write(
        dir.join("user-information.md"),
        "{{ declaration.product.name }}|{{ declaration.support_period.end }}|{{ declaration.manufacturer.name }}",
    )
    .unwrap();
    let text = Renderer::with_templates(&dir)
        .unwrap()
        .render(&declaration, Document::UserInformation, Format::Markdown)
        .unwrap();
    assert_eq!(
        text,
        format!("{}|{}|{}", declaration.product.name, declaration.support_period.end, declaration.manufacturer.name)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Documents land in the folder whole: no temporary file is left behind.
#[test]
fn documents_are_written_whole() {
    let dir = temp_dir("write");
    let (_, declaration) = examples().into_iter().next().unwrap();
    let documents = Renderer::new().render_all(&declaration, &[Format::Markdown]).unwrap();
    let paths = write_documents(&dir.join("out"), &documents).unwrap();
    assert_eq!(paths.len(), 5);
    let names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");

    // A run killed between writing its temporary file and renaming it leaves
    // `.<name>.<pid>.<n>.tmp` behind: a later run removes it once it is stale (ten minutes; a
    // younger one may be a concurrent writer's) and leaves nothing stray.
    let out = dir.join("out");
    let leftover = std::fs::File::create(out.join(".user-information.md.4242.0.tmp")).unwrap();
    leftover.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600)).unwrap();
    drop(leftover);
    write_documents(&out, &documents).unwrap();
    let stray: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");

    // A document that cannot be put in place (a directory holds its name) is an error naming
    // it; the documents written before keep their content, and no temporary file is left.
    let before = std::fs::read_to_string(out.join("eu-declaration-of-conformity.md")).unwrap();
    std::fs::remove_file(out.join("user-information.md")).unwrap();
    std::fs::create_dir(out.join("user-information.md")).unwrap();
    let mut changed = documents.clone();
    for (_, text) in &mut changed {
        text.push_str("\nchanged\n");
    }
    let error = write_documents(&out, &changed).unwrap_err().to_string();
    assert!(error.contains("user-information.md: cannot write"), "{error}");
    let names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    let after = std::fs::read_to_string(out.join("eu-declaration-of-conformity.md")).unwrap();
    assert!(after == before || after == format!("{before}\nchanged\n"), "each file is whole: old or new");

    // An output folder that is a file: an error naming it, nothing written.
    let file = dir.join("not-a-folder");
    std::fs::write(&file, "").unwrap();
    let error = write_documents(&file, &documents).unwrap_err().to_string();
    assert!(error.starts_with(&format!("{}: cannot write", file.display())), "{error}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Where Chromium is, or why the browser test cannot run. In CI (`CI` set) a missing browser is
/// a failure, never a skip.
fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Some(path) = std::env::var_os("PATH")
            .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()))
        {
            return Some(path);
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "chromium is not installed; CI must run the browser test (.ci/run installs it)"
    );
    eprintln!("skipping the browser test: chromium is not installed (apt-get install chromium poppler-utils)");
    None
}

/// Runs a command with a deadline, so a hung browser fails the test instead of hanging it.
fn run(command: &mut Command) -> String {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("the program starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).map(|_| text)
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{command:?} failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{command:?} did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap().unwrap()
}

fn headless(chromium: &Path, profile: &Path) -> Command {
    let mut command = Command::new(chromium);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-pdf-header-footer",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// Each HTML document of a draft and of a complete example, opened in headless Chromium: the DOM
/// has the eight Annex V points in order and the components × requirements matrix; the
/// declaration printed to PDF reads as the declaration (pdftotext).
/// A requirement a component does not claim is neutral in its row; red "not assessed" is the
/// product's verdict, in the product's row only.
fn matrix_colours(name: &str, declaration: &Declaration, matrix: &str) {
    for component in &declaration.components {
        let row = matrix.split(&format!("<th>{}</th>", component.name)).nth(1).unwrap().split("</tr>").next().unwrap();
        assert!(!row.contains("not_assessed"), "{name}: {} has a red cell: {row}", component.name);
        let claimed =
            component.claims.iter().map(cra_core::claim::Claim::requirement).collect::<std::collections::BTreeSet<_>>();
        assert_eq!(
            row.matches("class=\"no_claim\"").count(),
            cra_core::RequirementId::ALL.len() - claimed.len(),
            "{name}: {row}"
        );
    }
    let product_row = matrix.split("class=\"product\"").nth(1).unwrap();
    let open = declaration
        .requirement_states()
        .values()
        .filter(|s| **s == cra_core::claim::RequirementState::NotAssessed)
        .count();
    assert_eq!(product_row.matches("class=\"not_assessed\"").count(), open, "{name}: the product's open requirements");
}

/// Annex VII point 2(a) in the browser: the architecture as a diagram (inline SVG, no script),
/// a table and the attack surface; every piece of evidence by its package and path from the
/// workspace root; and the same in the printed PDF.
fn architecture_and_evidence_in_the_browser(
    name: &str,
    declaration: &Declaration,
    chromium: &Path,
    profile: &Path,
    out: &Path,
) {
    let index = out.join(Document::TechnicalDocumentation.file_name(Format::Html));
    let dom = run(headless(chromium, profile).arg("--dump-dom").arg(format!("file://{}", index.display())));
    let diagram = dom
        .split("id=\"architecture-diagram\"")
        .nth(1)
        .unwrap_or_else(|| panic!("{name}: no diagram"))
        .split("</svg>")
        .next()
        .unwrap();
    assert_eq!(diagram.matches("class=\"component\"").count(), declaration.components.len(), "{name}: boxes");
    let edges: usize = declaration
        .components
        .iter()
        .map(|c| c.depends_on.iter().filter(|d| declaration.components.iter().any(|o| &o.name == *d)).count())
        .sum();
    assert_eq!(diagram.matches("class=\"depends-on\"").count(), edges, "{name}: arrows");
    assert!(!dom.contains("<script"), "{name}: a document runs no script");
    assert!(dom.contains("id=\"attack-surface\""), "{name}: no attack surface");
    for interface in declaration.components.iter().flat_map(|c| &c.interfaces) {
        assert!(
            dom.contains(&format!("<strong>{}</strong>", interface.name)),
            "{name}: interface {} missing",
            interface.name
        );
    }
    for evidence in declaration.components.iter().flat_map(|c| &c.claims).flat_map(cra_core::claim::Claim::evidence) {
        if let (cra_core::evidence::Location::Path(path), Some(package)) = (&evidence.location, &evidence.package) {
            let shown = if package.root == "." { path.clone() } else { format!("{}/{path}", package.root) };
            assert!(
                dom.contains(&format!("<td>{}</td><td><code>{shown}</code></td>", package.name)),
                "{name}: evidence {shown} without its package"
            );
        }
    }
    let index_pdf = out.join("index.pdf");
    run(headless(chromium, profile)
        .arg(format!("--print-to-pdf={}", index_pdf.display()))
        .arg(format!("file://{}", index.display())));
    let text = run(Command::new("pdftotext").args(["-layout"]).arg(&index_pdf).arg("-"));
    assert!(text.contains("System architecture") && text.contains("Attack surface"), "{name}: {text}");
}

#[test]
fn html_documents_open_and_print_in_a_real_browser() {
    let Some(chromium) = chromium() else { return };
    let dir = temp_dir("browser");
    let profile = dir.join("profile");
    let renderer = Renderer::new();
    for (name, declaration) in examples() {
        let draft = declaration.conformity_status() == cra_core::declaration::ConformityStatus::Draft;
        let out = dir.join(&name);
        let paths = write_documents(&out, &renderer.render_all(&declaration, &[Format::Html]).unwrap()).unwrap();
        for path in &paths {
            let dom = run(headless(&chromium, &profile).arg("--dump-dom").arg(format!("file://{}", path.display())));
            assert!(dom.contains("</main>"), "{}: the browser shows no document:\n{dom}", path.display());
        }
        let doc = out.join(Document::DeclarationOfConformity.file_name(Format::Html));
        let dom = run(headless(&chromium, &profile).arg("--dump-dom").arg(format!("file://{}", doc.display())));
        let points: Vec<usize> = (1..=8)
            .map(|n| {
                dom.find(&format!("id=\"point-{n}\"")).unwrap_or_else(|| panic!("{name}: Annex V point {n} missing"))
            })
            .collect();
        assert!(points.is_sorted(), "{name}: Annex V points out of order");
        assert_eq!(dom.contains("id=\"draft\""), draft, "{name}: DRAFT marking");

        let report = out.join(Document::ComplianceReport.file_name(Format::Html));
        let dom = run(headless(&chromium, &profile).arg("--dump-dom").arg(format!("file://{}", report.display())));
        let matrix = dom.split("id=\"matrix\"").nth(1).unwrap_or_else(|| panic!("{name}: no matrix"));
        let matrix = matrix.split("</table>").next().unwrap();
        for component in &declaration.components {
            assert!(matrix.contains(&format!("<th>{}</th>", component.name)), "{name}: row {} missing", component.name);
        }
        assert!(matrix.contains("class=\"addressed\""), "{name}: no addressed cell");
        assert!(matrix.contains("I.2.m") && matrix.contains("II.8"), "{name}: requirement columns missing");
        matrix_colours(&name, &declaration, matrix);
        architecture_and_evidence_in_the_browser(&name, &declaration, &chromium, &profile, &out);

        let pdf = out.join("declaration.pdf");
        run(headless(&chromium, &profile)
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", doc.display())));
        let text = run(Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-"));
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("EU declaration of conformity"), "{name}: PDF text:\n{text}");
        assert!(flat.contains(&declaration.manufacturer.name), "{name}: PDF lacks the manufacturer");
        assert!(flat.contains("Sole responsibility") && flat.contains("Additional information"), "{name}: {text}");
        assert_eq!(flat.contains("is in conformity with"), !draft, "{name}: conformity statement in the PDF");
        assert_eq!(flat.contains("DRAFT"), draft, "{name}: DRAFT in the PDF");
        let declaration_dom =
            run(headless(&chromium, &profile).arg("--dump-dom").arg(format!("file://{}", doc.display())));
        assert!(declaration_dom.contains("class=\"signature-line\""), "{name}: no line to sign on");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
