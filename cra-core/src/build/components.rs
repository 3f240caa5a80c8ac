//! The declaration's components from what the walk found: versions defaulted, evidence files
//! hashed (a template is no evidence), dependencies resolved to component names as the compiler
//! resolves the paths.

use std::path::Path;

use super::cargo_lines::CargoLines;
use super::diagnostics::{BuildError, SourceError};
use super::report::ReportedWarning;
use super::walk::{self, FoundComponent};
use super::{depends, sbom};
use crate::declaration::Component;
use crate::evidence::{Location, PackageRoot, Sha256};

/// The declaration's components from what the walk found. Every mistake (an evidence file
/// missing or a template, an ambiguous dependency) is reported, each at its token.
pub(super) fn components(
    found: &[FoundComponent],
    workspace_root: &Path,
    lines: &mut CargoLines,
) -> Result<Vec<Component>, BuildError> {
    let mut errors = Vec::new();
    let components = found
        .iter()
        .map(|component| {
            let mut declared = component.component.clone();
            declared.crate_name = Some(component.module_path.split("::").next().unwrap_or_default().to_owned());
            hash_evidence(component, &mut declared, workspace_root, lines, &mut errors);
            resolve_depends_on(component, &mut declared, found, lines, &mut errors);
            declared
        })
        .collect();
    if errors.is_empty() { Ok(components) } else { Err(BuildError::Source(errors)) }
}

/// Each evidence file of the component's claims: watched, given its package root, and hashed.
fn hash_evidence(
    component: &FoundComponent,
    declared: &mut Component,
    workspace_root: &Path,
    lines: &mut CargoLines,
    errors: &mut Vec<SourceError>,
) {
    for (claim, written_at) in declared.claims.iter_mut().zip(&component.evidence_at) {
        let evidence = match claim {
            crate::claim::Claim::Addressed { evidence, .. }
            | crate::claim::Claim::PartiallyAddressed { evidence, .. } => Some(evidence),
            crate::claim::Claim::NotApplicable { .. } => None,
        };
        for (entry, at) in evidence.into_iter().flatten().zip(written_at) {
            let Location::Path(relative) = &entry.location else { continue };
            let path = component.crate_dir.join(relative);
            lines.files.insert(path.clone());
            entry.package = Some(PackageRoot {
                name: component.package.clone(),
                root: sbom::relative(workspace_root, &component.crate_dir),
            });
            match walk::stable_read::read(&path) {
                // A template `cargo cra init` wrote is no evidence until it is written.
                Ok(bytes) if walk::search::contains(&bytes, crate::validate::PLACEHOLDER.as_bytes()) => {
                    errors.push(scan_error(
                            component,
                            *at,
                            format!(
                                "evidence file `{relative}` is still a template: it says `{}` [placeholder]; write the evidence, then the claim counts (Art. 31; Annex VII)",
                                crate::validate::PLACEHOLDER
                            ),
                        ));
                }
                Ok(bytes) => entry.sha256 = Sha256::try_from(sha256_hex(&bytes)).ok(),
                Err(error) => {
                    errors.push(scan_error(component, *at, format!("cannot read evidence file `{relative}`: {error}")));
                }
            }
        }
    }
}

/// The component's `depends_on` paths as the names of the components they reach, resolved as
/// the compiler resolves the paths (`depends.rs`): two candidates are an error at the path, never
/// a guess; none is a warning, and the written type name stays.
fn resolve_depends_on(
    component: &FoundComponent,
    declared: &mut Component,
    found: &[FoundComponent],
    lines: &mut CargoLines,
    errors: &mut Vec<SourceError>,
) {
    for (ident, written) in declared.depends_on.iter_mut().zip(&component.depends_on_written) {
        match depends::resolve(component, written, found) {
                depends::Resolved::One(target) => target.component.name.clone_into(ident),
                depends::Resolved::Ambiguous(candidates) => {
                    errors.push(depends::ambiguity(component, written, &candidates));
                }
                depends::Resolved::Missing => lines.warnings.push(ReportedWarning {
                    code: "unresolved_dependency".to_owned(),
                    file: Some(component.file.clone()),
                    line: component.line,
                    message: format!(
                        "component `{}` depends on `{}`, which the scanner did not find (made by a macro?); its type name is used",
                        declared.name,
                        written.text()
                    ),
                }),
            }
    }
}

/// An error at a token of the component's source.
fn scan_error(
    component: &FoundComponent,
    at: (proc_macro2::LineColumn, proc_macro2::LineColumn),
    message: String,
) -> SourceError {
    // The file is read again only for this rare error, so that the scan need not keep every
    // component's file in memory.
    let source = std::fs::read_to_string(&component.file).unwrap_or_default();
    let range = walk::byte_range(&source, at);
    SourceError { path: component.file.clone(), source, range, message, help: None, code: None }
}

/// The SHA-256 of an evidence file, in hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    crate::digest::hex(&sha2::Sha256::digest(bytes))
}
