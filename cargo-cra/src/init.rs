//! `cargo cra init`: makes an existing crate a cra-rs product. Adds the dependencies, a
//! `[package.metadata.cra]` table with every required key (from flags, or marked `FILL IN`), the
//! one-line `build.rs`, a vulnerability-handling component for Annex I Part II with its evidence
//! templates, and the `declaration_tests!` test. The manifest is edited with `toml_edit`, so its
//! formatting and comments stay; running it again changes nothing.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, value};

/// The answers `init` takes from flags.
pub struct Answers {
    /// The product's crate directory.
    pub dir: PathBuf,
    /// `category`.
    pub category: String,
    /// `procedure`.
    pub procedure: String,
    /// The manufacturer's name.
    pub manufacturer: Option<String>,
    /// Path of a cra-rs checkout, for path dependencies instead of crates.io versions.
    pub cra_path: Option<PathBuf>,
}

/// Marks a value the manufacturer must replace.
const FILL_IN: &str = "FILL IN";

/// Runs `init`; returns what it did, one line each.
pub fn init(answers: &Answers) -> Result<String, String> {
    let manifest_path = answers.dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("cannot read `{}`: {e} (run `cargo cra init` in a crate)", manifest_path.display()))?;
    let mut manifest: DocumentMut =
        text.parse().map_err(|e| format!("`{}` is not valid TOML: {e}", manifest_path.display()))?;
    let build_rs = answers.dir.join("build.rs");
    let ours = "cra_build::main()";
    // A product set up before cra-build calls the generator directly; that still works.
    if let Ok(existing) = std::fs::read_to_string(&build_rs)
        && !existing.contains(ours)
        && !existing.contains("cra_core::build::main()")
    {
        return Err(format!(
            "`{}` exists; add `{ours};` to its `main` yourself (hint: cra-rs needs a build script that calls it). Note: the generator prints `cargo:rerun-if-changed` for the files it reads, which ends Cargo's default of rerunning the build script when any file of the package changes; if this script reads anything else (the git hash, a file it finds itself), call `cra_build::Builder::new().watch_package(true).run()` instead to keep that default, or print `rerun-if-changed` for what it reads (for git: `.git/HEAD` and the branch's ref file; docs/build.md, \"An existing build.rs\")",
            build_rs.display()
        ));
    }
    let mut done = String::new();
    add_dependencies(&mut manifest, answers, &mut done)?;
    add_metadata(&mut manifest, answers, &mut done)?;
    let edited = manifest.to_string();
    if edited != text {
        write(&manifest_path, &edited)?;
    }
    write_new(
        &build_rs,
        "//! Writes the CRA conformity declaration, gap report and SBOM of this product on every build.\nfn main() {\n    cra_build::main();\n}\n",
        &mut done,
    )?;
    write_new(&answers.dir.join("src/vulnerability_handling.rs"), COMPONENT, &mut done)?;
    for (file, text) in EVIDENCE {
        write_new(&answers.dir.join(file), text, &mut done)?;
    }
    let root = ["src/main.rs", "src/lib.rs"]
        .iter()
        .map(|r| answers.dir.join(r))
        .find(|p| p.is_file())
        .ok_or("the crate has neither src/main.rs nor src/lib.rs")?;
    let source = std::fs::read_to_string(&root).map_err(|e| format!("cannot read `{}`: {e}", root.display()))?;
    if !source.contains("mod vulnerability_handling;") {
        let test_module = "\n/// The product's declaration equals what this program registers (cra-rs).\n#[cfg(test)]\nmod cra_declaration {\n    cra_core::declaration_tests!();\n}\n";
        // After the file's inner doc comments and attributes, which must come first.
        let header: usize = source
            .split_inclusive('\n')
            .take_while(|l| l.starts_with("//!") || l.starts_with("#![") || l.trim().is_empty())
            .map(str::len)
            .sum();
        let (head, body) = source.split_at(header);
        write(&root, &format!("{head}mod vulnerability_handling;\n{body}{test_module}"))?;
        let _ =
            writeln!(done, "added the vulnerability-handling module and `declaration_tests!` to {}", root.display());
    }
    if done.is_empty() {
        done.push_str("nothing to do: the crate is already a cra-rs product\n");
    } else {
        let _ = writeln!(
            done,
            "next: replace every `{FILL_IN}` in Cargo.toml and evidence/ (until then each is an error of the build, at its key or file), then `cargo cra check --strict`"
        );
    }
    Ok(done)
}

/// `cra-component` and `cra-derive` (what the product's code links: `#![no_std]`, no model),
/// `cra-core` as dev-dependency (the model, for `declaration_tests!` on the host) and
/// `cra-build` as build-dependency (which runs the installed `cargo-cra` that runs this, so the
/// build script compiles in under a second).
fn add_dependencies(manifest: &mut DocumentMut, answers: &Answers, done: &mut String) -> Result<(), String> {
    let dependency = |name: &str| -> Item {
        let mut table = toml_edit::InlineTable::new();
        match &answers.cra_path {
            Some(path) => {
                table.insert("path", path.join(name).display().to_string().into());
            }
            None => {
                table.insert("version", format!("={}", env!("CARGO_PKG_VERSION")).into());
            }
        }
        value(table)
    };
    for (section, name) in [
        ("dependencies", "cra-component"),
        ("dependencies", "cra-derive"),
        ("dev-dependencies", "cra-core"),
        ("build-dependencies", "cra-build"),
    ] {
        let table = manifest
            .entry(section)
            .or_insert_with(|| Item::Table(Table::new()))
            .as_table_like_mut()
            .ok_or_else(|| format!("`[{section}]` is not a table"))?;
        if !table.contains_key(name) {
            table.insert(name, dependency(name));
            let _ = writeln!(done, "added `{name}` to [{section}]");
        }
    }
    Ok(())
}

/// `[package.metadata.cra]` with every required key.
fn add_metadata(manifest: &mut DocumentMut, answers: &Answers, done: &mut String) -> Result<(), String> {
    let package = manifest["package"].as_table_mut().ok_or("the manifest has no [package]")?;
    let metadata = package.entry("metadata").or_insert_with(|| {
        let mut table = Table::new();
        table.set_implicit(true);
        Item::Table(table)
    });
    let metadata = metadata.as_table_mut().ok_or("`package.metadata` is not a table")?;
    if metadata.contains_key("cra") {
        return Ok(());
    }
    let mut cra = Table::new();
    let mut fill = |key: &str, text: &str, note: &str| {
        cra.insert(key, value(text));
        if let Some(mut entry) = cra.key_mut(key) {
            entry.leaf_decor_mut().set_prefix(format!("# {note}\n"));
        }
    };
    // Every value the manufacturer must write says FILL IN: the build refuses each one, at its
    // key, until it is replaced, so nothing `init` guessed can reach a declaration.
    fill("type", FILL_IN, "product type as on the simplified declaration (Annex VI)");
    fill("intended-purpose", FILL_IN, "intended purpose and security environment (Annex II point 4)");
    fill("category", &answers.category, "default, III.I.1..19, III.II.1..4, IV.1..3 (`cargo cra catalogue`)");
    fill("procedure", &answers.procedure, "module_a, module_b_plus_c, module_h (Art. 32)");
    fill("placed-on-market", &format!("{FILL_IN}: YYYY-MM-DD"), "first placing on the market, e.g. 2027-12-11");
    fill("support-end", &format!("{FILL_IN}: YYYY-MM"), "last month of support, at least five years (Art. 13(8))");
    fill(
        "vulnerability-contact",
        &format!("{FILL_IN}: email or URL"),
        "single point of contact for vulnerabilities (Art. 13(17))",
    );
    fill(
        "cvd-policy-url",
        &format!("{FILL_IN}: https://..."),
        "coordinated vulnerability disclosure policy (Annex I Part II(5))",
    );
    fill("risk-assessment", "evidence/risk-assessment.md", "the cybersecurity risk assessment (Art. 13(2)-(4))");
    fill(
        "ce-marking",
        &format!("{FILL_IN}: product, packaging_and_declaration or declaration"),
        "where the CE marking is affixed (Art. 30(1)); for software also { website = \"https://...\" }",
    );
    let mut manufacturer = Table::new();
    manufacturer.insert("name", value(answers.manufacturer.as_deref().unwrap_or(FILL_IN)));
    manufacturer.insert("postal-address", value(FILL_IN));
    manufacturer.insert("contact", value(format!("{FILL_IN}: email or URL")));
    cra.insert("manufacturer", Item::Table(manufacturer));
    // Module B + C and Module H need the notified body (Annex V point 7; Art. 32(2)-(3)).
    if matches!(answers.procedure.as_str(), "module_b_plus_c" | "module_h") {
        let mut body = Table::new();
        body.insert("name", value(FILL_IN));
        body.insert("number", value(format!("{FILL_IN}: four digits")));
        body.insert("certificate", value(FILL_IN));
        if let Some(mut key) = body.key_mut("name") {
            key.leaf_decor_mut().set_prefix("# the notified body of the procedure (Annex V point 7)\n");
        }
        cra.insert("notified-body", Item::Table(body));
    }
    metadata.insert("cra", Item::Table(cra));
    let _ = writeln!(done, "added [package.metadata.cra] with every required key");
    Ok(())
}

/// Writes a file that does not exist yet (never overwrites the manufacturer's).
fn write_new(path: &Path, text: &str, done: &mut String) -> Result<(), String> {
    if path.exists() {
        return Ok(());
    }
    write(path, text)?;
    let _ = writeln!(done, "wrote {}", path.display());
    Ok(())
}

/// Writes through a temporary file and a rename.
fn write(path: &Path, text: &str) -> Result<(), String> {
    cra_core::write::file(path, text.as_bytes()).map(|_| ()).map_err(|e| format!("{e}: {}", e.source))
}

/// The vulnerability-handling component: Annex I Part II as the manufacturer's process.
const COMPONENT: &str = r#"//! How the manufacturer handles vulnerabilities over the support period (Annex I Part II).

use cra_derive::CraComponent;

/// Vulnerability handling: SBOM, triage, fixes, advisories and updates.
#[expect(dead_code, reason = "declared for the CRA; the program never constructs it")]
#[derive(CraComponent)]
#[cra(
    name = "vulnerability-handling",
    addresses(sbom, remediation, security_testing, disclosure_of_fixes, evidence(process_record = "evidence/vulnerability-handling.md")),
    addresses(cvd_policy, vulnerability_contact, secure_update_distribution, free_security_updates, evidence(policy = "evidence/vulnerability-handling.md")),
)]
pub struct VulnerabilityHandling;
"#;

/// Evidence templates the component and the metadata name.
const EVIDENCE: &[(&str, &str)] = &[
    (
        "evidence/risk-assessment.md",
        "# Cybersecurity risk assessment\n\nFILL IN: the assessment of Art. 13(2)-(3): intended purpose, environment, assets, threats, and which\nrequirements of Annex I Part I point (2) apply (Art. 13(4)).\n",
    ),
    (
        "evidence/vulnerability-handling.md",
        "# Vulnerability handling\n\nFILL IN: how vulnerabilities are identified (SBOM), triaged, fixed and disclosed, the\ncoordinated vulnerability disclosure policy and contact, and how updates are distributed\n(Annex I Part II points 1-8).\n",
    ),
];
