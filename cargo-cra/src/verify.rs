//! `cargo cra verify`: a declaration (a file, or embedded in a binary) against the evidence files
//! it names, and, given both, the binary's embedded declaration against the file; signed
//! outputs through `verify_signed`.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::cargo_run::Outcome;
use crate::verify_signed::{Input, Sniffed, kind, sniff};

/// Verifies `inputs`: declaration files, binaries, signed CycloneDX documents and signed
/// bundles; given a declaration and binaries (or a bundle and binaries), also that the binaries
/// embed that declaration. With `public_key`, signatures must be by that key.
pub fn verify(inputs: &[PathBuf], root: Option<&Path>, public_key: Option<&Path>) -> Result<Outcome, String> {
    let trusted = public_key.map(cra_core::sign::PublicKey::read).transpose().map_err(|e| e.to_string())?;
    let mut out = String::new();
    let mut status = 0;
    // Finding the workspace root runs `cargo metadata`, most of what verifying costs: it starts
    // first and runs while the inputs are read and their signatures checked, unless every input
    // looks like a CycloneDX document (which needs no root). The guess only decides when the
    // root is looked for, never whether: an input it took for CycloneDX that is not one has the
    // root looked for afterwards.
    let sniffed: Vec<Sniffed> = inputs.iter().map(|path| sniff(path)).collect();
    let expect_root = root.is_none() && !sniffed.iter().all(Sniffed::looks_cyclonedx);
    let (examined, found) = std::thread::scope(|scope| {
        let finding = expect_root.then(|| scope.spawn(workspace_root));
        let kinds: Vec<(PathBuf, Input)> =
            inputs.iter().zip(sniffed).map(|(path, sniffed)| (path.clone(), kind(path, sniffed))).collect();
        let examined = examine(kinds, trusted.as_ref(), &mut out, &mut status);
        let found = finding.map(|f| f.join().unwrap_or_else(|_| Err("finding the workspace root failed".into())));
        (examined, found)
    });
    let Some((declaration, signed)) = examined? else { return Ok(Outcome { text: out, status }) };
    let root = match (root, found) {
        (Some(root), _) => Ok(root.to_path_buf()),
        (None, Some(found)) => found,
        (None, None) => workspace_root(),
    };
    // An authority checks the output folder without the product's sources: the evidence files
    // are then not there to hash again, which is said, not reported as missing.
    let changes = match &root {
        Ok(root) => Some(cra_core::build::verify_evidence(&declaration, root)),
        Err(why) => {
            let _ = writeln!(
                out,
                "note: the evidence files were not hashed again ({}): run in the product's workspace or give --root with its sources; the declaration records the SHA-256 of each",
                why.trim_start_matches("error: ")
            );
            None
        }
    };
    for change in changes.iter().flatten() {
        let now = change.now.as_deref().map_or_else(|| "missing".to_owned(), |d| format!("now {d}"));
        let _ = writeln!(
            out,
            "changed: `{}` (evidence of `{}`): recorded {}, {now}",
            change.file.display(),
            change.component,
            change.recorded
        );
    }
    if changes.as_ref().is_some_and(|c| !c.is_empty()) {
        status = 2;
    }
    // A file is often the evidence of several claims: files and references are counted apart.
    let references: Vec<(String, String)> = declaration
        .components
        .iter()
        .flat_map(|c| c.claims.iter().flat_map(cra_core::claim::Claim::evidence))
        .filter(|e| e.sha256.is_some() && matches!(e.location, cra_core::evidence::Location::Path(_)))
        .filter_map(|e| Some((e.package.as_ref()?.root.clone(), e.location.to_string())))
        .collect();
    let files: std::collections::BTreeSet<&(String, String)> = references.iter().collect();
    let evidence = match &changes {
        Some(changes) => format!(
            "{} evidence file(s) checked ({} reference(s) from claims), {} changed or missing",
            files.len(),
            references.len(),
            changes.len()
        ),
        None => format!("{} evidence file(s) not checked", files.len()),
    };
    let verdict = match (status, signed > 0 && trusted.is_none()) {
        (0, true) => "; verified, signatures by the keys they name (integrity, not who signed: give --public-key)",
        (0, false) => "; verified",
        _ => "",
    };
    let _ = writeln!(out, "{} {}: {evidence}{verdict}", declaration.product.name, declaration.product.version);
    Ok(Outcome { text: out, status })
}

/// Everything that needs no workspace root, done while it is looked for: the inputs read and
/// their signatures checked, the declarations compared, the binaries held against the first.
/// `None` when there is no declaration to check further (only signed CycloneDX documents, or
/// inputs already found invalid); else the declaration and how many inputs were signed.
fn examine(
    kinds: Vec<(PathBuf, Input)>,
    trusted: Option<&cra_core::sign::PublicKey>,
    out: &mut String,
    status: &mut u8,
) -> Result<Option<(cra_core::Declaration, usize)>, String> {
    let binaries: Vec<PathBuf> =
        kinds.iter().filter(|(_, input)| matches!(input, Input::Declaration(None))).map(|(p, _)| p.clone()).collect();
    let (documents, signed) = crate::verify_signed::read_inputs(kinds, trusted, out, status)?;
    if trusted.is_some() && signed == 0 {
        let _ = writeln!(
            out,
            "invalid: --public-key names a signer, but no input is signed: give the signed SBOM, attestation or bundle (`target/cra/<package>/`)"
        );
        *status = 2;
    }
    if documents.is_empty() && (signed > 0 || *status != 0) {
        return Ok(None);
    }
    let [(first_path, first), rest @ ..] = documents.as_slice() else {
        return Err(
            "name a declaration file, a binary, a signed SBOM or bundle (hint: `cargo cra verify target/cra/<package>/declaration.json`)"
                .into(),
        );
    };
    let same = |a: &str, b: &str| {
        a == b || serde_json::from_str::<serde_json::Value>(a).ok() == serde_json::from_str::<serde_json::Value>(b).ok()
    };
    for (path, text) in rest {
        if !same(text, first) {
            let _ = writeln!(
                out,
                "differs: the declaration in `{}` is not the one in `{}`",
                first_path.display(),
                path.display()
            );
            *status = 2;
        }
    }
    let declaration = crate::declaration_file::parse_declaration(first_path, first)?;
    check_images(&binaries, first, out, status)?;
    Ok(Some((declaration, signed)))
}

/// Each binary or firmware image of `binaries` against the declaration `first` (JSON): a
/// bare-metal image holds a record of every component compiled in, and held against the
/// declaration it is the firmware's registry check.
fn check_images(binaries: &[PathBuf], first: &str, out: &mut String, status: &mut u8) -> Result<(), String> {
    for path in binaries {
        let image = crate::extract::read_image(path)?;
        if image.components.is_none() && image.bare_metal {
            let _ = writeln!(
                out,
                "note: `{}` is a bare-metal image without a `{}` section, so its components cannot be checked: keep the section with the linker script's `KEEP` line (docs/build.md, \"Firmware\")",
                path.display(),
                cra_core::registry::COMPONENT_SECTION
            );
        }
        if let Some(section) = image.components {
            match cra_core::testing::image_matches_declaration(first, &section) {
                Ok(()) => {
                    let count = cra_core::registry::image_components(&section).map_or(0, |c| c.len());
                    let _ =
                        writeln!(out, "`{}`: its {count} component record(s) match the declaration", path.display());
                }
                Err(mismatch) => {
                    let _ = writeln!(out, "differs: `{}`: {mismatch}", path.display());
                    *status = 2;
                }
            }
        }
    }
    Ok(())
}

/// The workspace root of the current directory (evidence paths are found from it).
fn workspace_root() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    crate::cargo_run::metadata(&cargo)?["workspace_root"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata names no workspace root; give it with --root".into())
}
