//! `cargo cra build`: builds a product with Cargo, copies its declaration and gap report to the
//! stable folder `target/cra/<package>/`, writes there the final SBOM of the built binary, and
//! prints a summary.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::cargo_run::{member_spec, metadata, offer_build_day, offer_generator, without_cra_warnings};

/// What Cargo's JSON messages say about the product's build.
struct Built {
    package: String,
    out_dir: PathBuf,
    executable: Option<PathBuf>,
}

/// Builds `package` (or the package in the current directory) and describes its outputs.
pub fn build(
    package: Option<&str>,
    strict: bool,
    sign: Option<&std::path::Path>,
    cargo_args: &[String],
) -> Result<crate::cargo_run::Outcome, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let workspace = metadata(&cargo)?;
    let mut command = Command::new(&cargo);
    command.args(["build", "--message-format=json-render-diagnostics"]);
    if let Some(package) = package {
        command.args(["-p", &member_spec(&workspace, package)]);
    }
    command.args(cargo_args).stderr(Stdio::piped());
    offer_generator(&mut command);
    offer_build_day(&mut command);
    let target =
        workspace["target_directory"].as_str().map(PathBuf::from).ok_or("cargo metadata names no target directory")?;
    // The build script writes its check report beside the outputs, as under `cargo cra check`
    // (the same value, so switching between the two does not rerun it): its warnings are
    // printed once below.
    let named = package.map(str::to_owned).or_else(|| crate::cargo_run::current_package(&cargo, &workspace).ok());
    if let Some(package) = &named {
        command.env("CRA_REPORT_DIR", target.join("cra").join(package));
    }
    // The key is read before the build: a wrong key fails in a second, not after a release build.
    let (key, mut notes) = crate::sign::signing_key(&workspace, named.as_deref(), sign, strict)?;
    if cargo_args.iter().any(|a| a == "--release") && std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        // A release SBOM carries a timestamp, and the same commit gives the same bytes.
        // Without a commit (a release tarball), the generator's `sbom_without_timestamp`
        // warning says how to give the time.
        if let Some(seconds) = last_commit_time() {
            command.env("SOURCE_DATE_EPOCH", &seconds);
            let _ = writeln!(notes, "SOURCE_DATE_EPOCH={seconds} (time of the last commit) for a reproducible release");
        }
    }
    let output = command.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    // Cargo's own messages, without the build script's `cra:` warnings: the summary below
    // prints each gap and warning once.
    eprint!("{}", without_cra_warnings(&String::from_utf8_lossy(&output.stderr)));
    if !output.status.success() {
        return Err("`cargo build` failed".into());
    }
    let built = built(&String::from_utf8_lossy(&output.stdout), package)
        .map_err(|missing| missing.unwrap_or_else(|| no_declaration(&workspace, named.as_deref())))?;
    let stable = target.join("cra").join(&built.package);
    let warnings: Vec<cra_core::build::ReportedWarning> =
        std::fs::read_to_string(stable.join(cra_core::build::REPORT_FILE))
            .ok()
            .and_then(|text| serde_json::from_str::<cra_core::build::CheckReport>(&text).ok())
            .map(|report| report.warnings)
            .unwrap_or_default();
    for warning in &warnings {
        let _ = writeln!(notes, "warning: {warning}");
    }
    let cra = built.out_dir.join("cra");
    let read = |name: &str| {
        std::fs::read(cra.join(name)).map_err(|e| format!("cannot read {}: {e}", cra.join(name).display()))
    };
    let write = |name: &str, bytes: &[u8]| {
        cra_core::write::file(&stable.join(name), bytes).map(|_| ()).map_err(|e| format!("{e}: {}", e.source))
    };
    // A signature of an earlier build must not outlive it: an unsigned build leaves no bundle
    // over files it rewrote.
    for stale in [cra_core::sign::bundle::FILE, cra_core::sign::bundle::PUBLIC_KEY_FILE] {
        let _ = std::fs::remove_file(stable.join(stale));
    }
    let declaration_bytes = read("declaration.json")?;
    write("declaration.json", &declaration_bytes)?;
    write("gap-report.json", &read("gap-report.json")?)?;
    let build_sbom = String::from_utf8(read("sbom.cdx.json")?).map_err(|e| e.to_string())?;
    let sbom = match &built.executable {
        Some(binary) => cra_core::build::final_sbom(&build_sbom, binary).map_err(|e| e.to_string())?,
        None => build_sbom,
    };
    write("sbom.cdx.json", sbom.as_bytes())?;
    let text = String::from_utf8(declaration_bytes).map_err(|e| e.to_string())?;
    let declaration = cra_core::read::declaration_from_json(&text).map_err(|e| e.to_string())?.value;
    // The claims as CycloneDX attestations, naming the SBOM they speak for.
    let sbom_value: serde_json::Value = serde_json::from_str(&sbom).map_err(|e| e.to_string())?;
    let sbom_id = sbom_value["serialNumber"].as_str().zip(sbom_value["version"].as_u64());
    let attestation = cra_core::cdxa::attestation(&declaration, sbom_id);
    write(cra_core::cdxa::FILE, cra_core::write::json_text(&attestation).as_bytes())?;
    // The documents people read, beside the declaration (`cargo cra render` for other formats
    // and templates).
    let documents = stable.join("documents");
    write_documents(&declaration, &documents)?;
    if let Some(key) = &key {
        notes.push_str(&crate::sign::sign_outputs(&stable, key)?);
    }
    let (out, has_gaps) = summary(&declaration, &stable, &documents, built.executable.as_deref(), notes);
    Ok(crate::cargo_run::Outcome { text: out, status: u8::from(strict && has_gaps) })
}

/// The product's build script outputs and binary among Cargo's JSON messages.
/// `Err(None)` when no package wrote a declaration ([`no_declaration`] says why).
fn built(stdout: &str, package: Option<&str>) -> Result<Built, Option<String>> {
    let messages: Vec<serde_json::Value> = stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let name_of = cra_core::build::package_name;
    // By package ID, not name: a product may share its name with a registry crate of its graph.
    let mut products: Vec<(String, String, PathBuf)> = messages
        .iter()
        .filter(|m| m["reason"] == "build-script-executed")
        .filter_map(|m| {
            let id = m["package_id"].as_str()?;
            Some((id.to_owned(), name_of(id), PathBuf::from(m["out_dir"].as_str()?)))
        })
        .filter(|(_, name, dir)| package.is_none_or(|p| p == name) && dir.join("cra/declaration.json").is_file())
        .collect();
    products.dedup();
    let (id, package, out_dir) = match products.len() {
        1 => products.remove(0),
        0 => return Err(None),
        _ => {
            let names: Vec<&str> = products.iter().map(|(_, n, _)| n.as_str()).collect();
            return Err(Some(format!(
                "several packages wrote a declaration ({}); choose one with -p",
                names.join(", ")
            )));
        }
    };
    let executables: Vec<(String, PathBuf)> = messages
        .iter()
        .filter(|m| m["reason"] == "compiler-artifact")
        .filter(|m| m["package_id"] == id.as_str())
        .filter_map(|m| Some((m["target"]["name"].as_str()?.to_owned(), PathBuf::from(m["executable"].as_str()?))))
        .collect();
    let executable = executables
        .iter()
        .find(|(name, _)| *name == package)
        .or_else(|| (executables.len() == 1).then(|| &executables[0]))
        .map(|(_, path)| path.clone());
    Ok(Built { package, out_dir, executable })
}

/// Seconds since 1970 of the last commit in the current repository (`git log -1 --format=%ct`).
fn last_commit_time() -> Option<String> {
    let output = Command::new("git").args(["log", "-1", "--format=%ct"]).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let seconds = text.trim();
    (output.status.success() && !seconds.is_empty() && seconds.bytes().all(|b| b.is_ascii_digit()))
        .then(|| seconds.to_owned())
}

/// The five documents of the declaration, in HTML and Markdown, into `dir`.
fn write_documents(declaration: &cra_core::Declaration, dir: &std::path::Path) -> Result<(), String> {
    use cra_core::render::{Format, Renderer};
    let documents =
        Renderer::new().render_all(declaration, &[Format::Html, Format::Markdown]).map_err(|e| e.to_string())?;
    let written = cra_core::render::write_documents(dir, &documents).map_err(|e| e.to_string())?;
    // What an earlier version wrote and this one does not is not this product's document: it
    // goes, so that a bundle never seals it.
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_type().is_ok_and(|t| t.is_file()) && !written.contains(&entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// The summary `build` prints: product, status, paths, gaps; and whether there are gaps.
fn summary(
    declaration: &cra_core::Declaration,
    stable: &std::path::Path,
    documents: &std::path::Path,
    executable: Option<&std::path::Path>,
    notes: String,
) -> (String, bool) {
    let conformity =
        documents.join(cra_core::render::Document::DeclarationOfConformity.file_name(cra_core::render::Format::Html));
    let gaps = declaration.gap_report();
    let mut out = notes;
    let _ = writeln!(
        out,
        "{} {} — category {}, {}; {} components",
        declaration.product.name,
        declaration.product.version,
        declaration.category,
        declaration.procedure.kind(),
        declaration.components.len()
    );
    let open = declaration.open_items();
    if open.is_empty() {
        let _ = writeln!(out, "  complete: the declaration may state conformity (Annex V point 5)");
    } else {
        let _ = writeln!(out, "  DRAFT: {} open item(s); the declaration does not state conformity", open.len());
    }
    let _ = writeln!(out, "  declaration  {}", stable.join("declaration.json").display());
    let _ = writeln!(out, "  gap report   {}", stable.join("gap-report.json").display());
    let _ = writeln!(
        out,
        "  documents    {} (EU declaration of conformity: {})",
        documents.display(),
        conformity.display()
    );
    match executable {
        Some(binary) => {
            let _ = writeln!(
                out,
                "  SBOM         {} (final: with the hashes of {})",
                stable.join("sbom.cdx.json").display(),
                binary.display()
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  SBOM         {} (no binary built: without the product's hash)",
                stable.join("sbom.cdx.json").display()
            );
        }
    }
    if gaps.is_empty() {
        let _ = writeln!(out, "no gaps: every applicable requirement is addressed or declared not applicable");
    } else {
        for line in gaps.lines() {
            let _ = writeln!(out, "gap: {line}");
        }
    }
    (out, !gaps.is_empty())
}

/// Why the build wrote no declaration, from the manifest of the package built: no `cra-build`
/// build-dependency (the usual first mistake), or a build script that does not call it.
fn no_declaration(workspace: &serde_json::Value, package: Option<&str>) -> String {
    let Some(name) = package else {
        return "no package of this build wrote a declaration: name the product with `-p`, or run in its folder; a product has `cra-build` in [build-dependencies] and calls `cra_build::main()` from build.rs (`cargo cra init` writes both)".into();
    };
    let manifest = workspace["packages"].as_array().into_iter().flatten().find(|p| p["name"] == name);
    let has_build_line = manifest.is_some_and(|p| {
        p["dependencies"].as_array().into_iter().flatten().any(|d| d["name"] == "cra-build" && d["kind"] == "build")
    });
    if has_build_line {
        format!(
            "package `{name}` has cra-build, but its build script wrote no declaration: call `cra_build::main()` from its build.rs (`cargo cra init` writes it)"
        )
    } else {
        format!(
            "package `{name}` has no `cra-build` in [build-dependencies], so its build writes no declaration: add it and call `cra_build::main()` from build.rs (`cargo cra init` does both; until cra-rs is published, take the crates from a checkout: docs/build.md)"
        )
    }
}
