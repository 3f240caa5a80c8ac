//! The build-time generator: every build of a product writes its conformity declaration, gap
//! report and SBOM, read from its own source with the same grammar as `#[derive(CraComponent)]`.
//!
//! A product's build script reaches it through `cra-build`, which runs it as the program
//! `cargo cra build-script` (so the product does not compile it) or, with cra-build's feature
//! `in-process`, calls [`main`] here. A build script may also call it directly, with this
//! crate's feature `build` as build-dependency:
//!
//! ```no_run
//! fn main() {
//!     cra_core::build::main();
//! }
//! ```
//!
//! Outputs, under `$OUT_DIR/cra/`: `declaration.json` (valid against the declaration schema),
//! `gap-report.json`, and `sbom.cdx.json` (CycloneDX 1.6 of the packages compiled into the
//! product, as Cargo resolves them for the build's target and features). Files are written
//! only when their bytes change, through a temporary file and a rename. Same inputs give the same
//! bytes; the SBOM carries a timestamp only when `SOURCE_DATE_EPOCH` is set.
//!
//! For options use [`Builder`]:
//!
//! ```no_run
//! fn main() {
//!     if let Err(error) = cra_core::build::Builder::new().strict(true).run() {
//!         eprintln!("{error}");
//!         std::process::exit(1);
//!     }
//! }
//! ```
//!
//! # Errors
//! A mistake in a `#[cra(...)]` attribute or in `[package.metadata.cra]` fails the build with
//! file, line, column and a caret, like rustc. A declaration the law would not accept (for
//! example a procedure the category does not allow) fails the build; gaps are warnings, errors
//! in strict mode.

// A build script's entry point is `fn main`: the examples show exactly that.
#![allow(clippy::needless_doctest_main)]

mod bare_metal;
mod depends;
mod diagnostics;
mod env;
mod final_sbom;
mod lockfile;
mod manifest;
mod metadata;
mod package_id;
mod placeholders;
mod record_cache;
mod report;
mod sarif;
mod sbom;
mod tree;
mod verify;
mod vulnerability_check;
mod watch;
// The module walker (rustc's module resolution, the walk, macro items, components) and the
// readers it needs: one room, public (hidden) only with `internals`, for this project's
// benchmarks, walker tests and fuzz targets; outside the stability promise of docs/api.md.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod walk;
#[cfg(not(feature = "internals"))]
mod walk;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use diagnostics::{BuildError, DeclarationError, SourceError};
pub use env::BuildEnv;
pub use final_sbom::final_sbom;
#[cfg(feature = "fuzzing")]
pub(crate) use manifest::ManifestFile;
pub use report::{
    CheckReport, ComponentSource, REPORT_FILE, ReportedError, ReportedWarning, compile_errors, package_name,
};
pub use verify::{EvidenceChange, verify_evidence};
#[cfg(feature = "fuzzing")]
pub(crate) use walk::stack::declare_large_stack;
use walk::{CfgContext, FoundComponent, Scan, scan_crate};

use crate::declaration::{Component, Declaration};
use crate::evidence::{Location, PackageRoot, Sha256};
use crate::gaps::GapReport;
use crate::validate::Severity;

/// The one line for `build.rs`: runs with default options, prints the `cargo:` lines, and on
/// error prints the diagnostics and exits with status 1, which fails the build.
pub fn main() {
    if let Err(error) = Builder::new().run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}

/// Options of the generator.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    strict: bool,
    out_dir: Option<PathBuf>,
    extra_crates: Vec<PathBuf>,
    watch_package: bool,
}

/// What a run wrote and found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outputs {
    /// The declaration JSON.
    pub declaration: PathBuf,
    /// The gap report JSON.
    pub gap_report: PathBuf,
    /// The CycloneDX SBOM, when a Cargo.lock was found.
    pub sbom: Option<PathBuf>,
    /// Number of components declared.
    pub components: usize,
    /// Number of gaps (not assessed requirements, partial claims and undetermined components).
    pub gaps: usize,
}

impl Builder {
    /// Default options: gaps are warnings, outputs under `$OUT_DIR/cra/`.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Turns gaps into errors.
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Builder {
        self.strict = strict;
        self
    }

    /// Writes the outputs to `dir` instead of `$OUT_DIR/cra/`.
    #[must_use]
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.out_dir = Some(dir.into());
        self
    }

    /// Also reads the components of the crate in `dir` (relative to the product's manifest
    /// directory), for crates that are not path dependencies of the product.
    #[must_use]
    pub fn include_crate(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.extra_crates.push(dir.into());
        self
    }

    /// Also prints `rerun-if-changed` for every file of the package, as Cargo's default
    /// watches them when a build script prints no such line (all files but the target folder,
    /// version-control folders and nested packages). The generator's own lines end that
    /// default; a build script that reads more than the generator does (the git hash, say)
    /// turns this on to keep being rerun when a file of the package changes (docs/build.md).
    #[must_use]
    pub fn watch_package(mut self, watch: bool) -> Builder {
        self.watch_package = watch;
        self
    }

    /// Runs in a build script: reads Cargo's environment and prints the `cargo:` lines.
    pub fn run(&self) -> Result<Outputs, BuildError> {
        let env = BuildEnv::from_process()?;
        self.emit_to(&env, &mut std::io::stdout().lock())
    }

    /// Runs with the given environment and writes the `cargo:` lines to `out`.
    pub fn emit_to(&self, env: &BuildEnv, out: &mut dyn Write) -> Result<Outputs, BuildError> {
        let mut lines = CargoLines::default();
        if self.watch_package {
            let (files, warnings) = watch::package_files(&env.manifest_dir);
            lines.files.extend(files);
            lines.warnings.extend(warnings);
        }
        let mut report = CheckReport { package: env.package.clone(), ..CheckReport::default() };
        let result = self.generate(env, &mut lines, &mut report);
        lines.write(out).map_err(|e| BuildError::io(Path::new("<stdout>"), e))?;
        if let Some(dir) = &env.report_dir {
            if let Err(error) = &result {
                report.record_error(error);
            }
            report.warnings.clone_from(&lines.warnings);
            report.write(dir)?;
        }
        result
    }

    fn generate(
        &self,
        env: &BuildEnv,
        lines: &mut CargoLines,
        report: &mut CheckReport,
    ) -> Result<Outputs, BuildError> {
        lines.env.extend(env.read.iter().cloned());
        report.manifest = env.manifest_dir.join("Cargo.toml");
        let workspace = manifest::Workspace::find(&env.manifest_dir)?;
        let product_manifest = manifest::ManifestFile::read(&env.manifest_dir.join("Cargo.toml"))?;
        report.metadata_line = report::metadata_line(&product_manifest.text);
        lines.files.insert(product_manifest.path.clone());
        if let Some(workspace) = &workspace {
            lines.files.insert(workspace.manifest.path.clone());
        }
        let metadata::ProductMetadata { mut declaration, vulnerabilities } = metadata::read_product(
            &product_manifest,
            workspace.as_ref().map(|w| &w.manifest),
            &env.package,
            &env.version,
        )?;
        // The product's risk assessment files are evidence of the build: a change reruns it.
        let risk_assessments =
            declaration.risk_assessment.iter().chain(declaration.not_applicable.values().map(|n| &n.risk_assessment));
        for location in risk_assessments {
            if let Location::Path(path) = location {
                lines.files.insert(env.manifest_dir.join(path));
            }
        }
        let workspace_root = workspace.as_ref().map_or(env.manifest_dir.as_path(), |w| w.dir()).to_path_buf();
        let lockfile = [workspace_root.clone(), env.manifest_dir.clone()]
            .into_iter()
            .map(|d| d.join("Cargo.lock"))
            .find(|p| p.is_file())
            .unwrap_or_else(|| workspace_root.join("Cargo.lock"));
        let product = manifest::CrateManifest::from_file(product_manifest)?;
        let (graph, graph_files) = Self::shipped(env, &product, &lockfile, workspace.as_ref())?;
        lines.files.extend(graph_files);
        bare_metal::check(&graph, env)?;
        warn_of_unread_packages(&graph, lines);
        let extra: Vec<PathBuf> = self.extra_crates.iter().map(|d| env.manifest_dir.join(d)).collect();
        let (crates, manifests) = manifest::shipped_crates(&graph, &product, &extra)?;
        lines.files.extend(manifests);
        let mut scan = Scan::default();
        let records = walk_and_read_records(&crates, env, &env.manifest_dir.join(&vulnerabilities.records), &mut scan);
        lines.files.extend(scan.files.iter().map(PathBuf::from));
        lines.warnings.extend(scan.warnings.iter().map(ReportedWarning::from));
        if !scan.errors.is_empty() {
            return Err(BuildError::Source(std::mem::take(&mut scan.errors)));
        }
        report.components = scan
            .components
            .iter()
            .map(|c| ComponentSource { name: c.component.name.clone(), file: c.file.clone(), line: c.line })
            .collect();
        declaration.components = components(&scan.components, &workspace_root, lines)?;
        let out_dir = self.out_dir.clone().unwrap_or_else(|| env.out_dir.join("cra"));
        let own_packages: BTreeSet<usize> = graph
            .packages
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(&p.origin, tree::Origin::Path(dir) if dir.starts_with(&workspace_root)))
            .map(|(i, _)| i)
            .collect();
        let sbom_json = sbom::cyclonedx(
            &graph,
            &own_packages,
            &sbom::SbomProduct {
                declaration: &declaration,
                timestamp: env.source_date_epoch,
                product_dir: &env.manifest_dir,
            },
        );
        warn_of_an_untimed_release_sbom(env, lines);
        // Known vulnerabilities of this version and crates (Annex I Part I(2)(a)).
        declaration.vulnerability_findings =
            known_vulnerabilities(env, &vulnerabilities, records, &declaration, &sbom_json, lines)?;
        // Sorted once everything is in (the SBOM reads no component order); the status
        // `normalize` records is the gap report's, not validated a second time.
        declaration.normalize();
        let gap_report = declaration.gap_report_with(declaration.status);
        report.gaps = Some(gap_report.clone());
        self.check(&declaration, &gap_report, &product.file, lines)?;
        let gap_json = crate::write::json_text(&gap_report);
        let outputs = Outputs {
            declaration: out_dir.join("declaration.json"),
            gap_report: out_dir.join("gap-report.json"),
            sbom: Some(out_dir.join("sbom.cdx.json")),
            components: declaration.components.len(),
            gaps: gap_report.len(),
        };
        write_file(&outputs.declaration, declaration.to_json().as_bytes())?;
        write_file(&outputs.gap_report, gap_json.as_bytes())?;
        if let Some(path) = &outputs.sbom {
            write_file(path, sbom_json.as_bytes())?;
        }
        Ok(outputs)
    }

    /// What ships in the product, from Cargo (cached in `OUT_DIR`), and the files it depends on.
    fn shipped(
        env: &BuildEnv,
        product: &manifest::CrateManifest,
        lockfile: &Path,
        workspace: Option<&manifest::Workspace>,
    ) -> Result<(tree::ShippedGraph, Vec<PathBuf>), BuildError> {
        let features = product.features_from_env(&env.features);
        let mut key_files = vec![lockfile.to_path_buf(), product.file.path.clone()];
        key_files.extend(workspace.map(|w| w.manifest.path.clone()));
        // The full ID: `name@version` is ambiguous when the registry's copy of the same
        // version is in the graph too (a fork or patched copy built as the product).
        let package = package_id::path_package_spec(&env.manifest_dir, &env.package, &env.version)
            .unwrap_or_else(|| format!("{}@{}", env.package, env.version));
        tree::ShippedGraph::of(&tree::TreeRequest {
            cargo: &env.cargo,
            manifest: &product.file.path,
            package: &package,
            target: &env.target,
            features: &features,
            key_files: &key_files,
            cache: &env.out_dir.join("cra-shipped-packages.json"),
            workspace_manifest: workspace.map(|w| w.manifest.path.as_path()),
            lockfile,
        })
    }

    /// Validation errors fail the build; gaps warn, or fail in strict mode; validation warnings
    /// are located at their manifest key where they are about one.
    fn check(
        &self,
        declaration: &Declaration,
        gaps: &GapReport,
        manifest: &manifest::ManifestFile,
        lines: &mut CargoLines,
    ) -> Result<(), BuildError> {
        let report = declaration.validate();
        let errors: Vec<DeclarationError> = report
            .of(Severity::Error)
            .map(|p| DeclarationError { problem: p.clone(), line: metadata::line_of(manifest, &p.path) })
            .collect();
        if !errors.is_empty() {
            return Err(BuildError::Declaration(errors));
        }
        let gaps = gaps.lines();
        if self.strict && !gaps.is_empty() {
            return Err(BuildError::StrictGaps(gaps));
        }
        lines.gaps.extend(gaps);
        lines.warnings.extend(report.of(Severity::Warning).map(|p| ReportedWarning {
            code: p.code.as_str().to_owned(),
            file: Some(manifest.path.clone()),
            line: metadata::line_of(manifest, &p.path),
            message: format!("{} ({})", p.message, p.reference),
        }));
        Ok(())
    }
}

/// Packages that use cra-derive but whose source the generator does not read (not path
/// packages): their components are missing from the declaration.
fn warn_of_unread_packages(graph: &tree::ShippedGraph, lines: &mut CargoLines) {
    for package in graph.packages.iter().filter(|p| p.uses_cra_derive && !matches!(p.origin, tree::Origin::Path(_))) {
        lines.warnings.push(ReportedWarning::general(
            "components_not_read",
            format!(
                "package `{}` {} uses cra-derive but is not a path package, so the generator does not read its source: its components are missing from the declaration (the run-time registry check lists them)",
                package.name, package.version
            ),
        ));
    }
}

/// A release build without `SOURCE_DATE_EPOCH`: its SBOM has no timestamp, which BSI TR-03183-2
/// requires. The generator does not take the clock instead (same input, same bytes); it says how
/// to give the time.
fn warn_of_an_untimed_release_sbom(env: &BuildEnv, lines: &mut CargoLines) {
    if env.profile == "release" && env.source_date_epoch.is_none() {
        lines.warnings.push(ReportedWarning::general(
            "sbom_without_timestamp",
            "this release build's SBOM has no timestamp (`metadata.timestamp`, required by BSI TR-03183-2) because `SOURCE_DATE_EPOCH` is not set: set it to the release's time, e.g. `SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`, or the date of the release tarball; `cargo cra build --release` sets it from the last commit when there is one".into(),
        ));
    }
}

/// Walks the shipped crates into `scan` and, beside the walk, reads and parses the product's
/// vulnerability records (`None` without a records folder): the two are independent, and at
/// opt-level 0 parsing 100 records costs about as much as walking a small crate.
fn walk_and_read_records(
    crates: &[manifest::CrateInfo],
    env: &BuildEnv,
    records_dir: &Path,
    scan: &mut Scan,
) -> Option<Result<Vec<crate::vuln::ReadRecord>, crate::vuln::RecordError>> {
    std::thread::scope(|scope| {
        let records =
            scope.spawn(|| records_dir.is_dir().then(|| record_cache::read_records(records_dir, &env.out_dir)));
        // One thread with a large stack for the whole walk (`stack.rs`), not one per crate.
        walk::stack::on_a_large_stack(|_| {
            for krate in crates {
                let cfg = CfgContext {
                    features: krate.features.clone(),
                    target: env.cfg.clone(),
                    own_build_script: krate.build_script,
                };
                scan_crate(krate, &cfg, scan);
            }
        });
        records.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The findings of [`vulnerability_check`] for the build's SBOM, with the files to watch and the
/// warnings.
fn known_vulnerabilities(
    env: &BuildEnv,
    sources: &metadata::VulnerabilitySources,
    records: Option<Result<Vec<crate::vuln::ReadRecord>, crate::vuln::RecordError>>,
    declaration: &Declaration,
    sbom_json: &str,
    lines: &mut CargoLines,
) -> Result<Vec<crate::known_vulnerabilities::VulnerabilityFinding>, BuildError> {
    let sbom: serde_json::Value =
        serde_json::from_str(sbom_json).map_err(|source| BuildError::Json { what: "the SBOM", source })?;
    let at = vulnerability_check::judged_at(env.source_date_epoch);
    let checked = vulnerability_check::check(&env.manifest_dir, records, sources, declaration, &sbom, at)?;
    lines.files.extend(checked.files);
    lines.warnings.extend(checked.warnings);
    Ok(checked.findings)
}

/// The declaration's components from what the scan found: versions defaulted, evidence files
/// hashed, dependencies resolved to component names.
fn components(
    found: &[FoundComponent],
    workspace_root: &Path,
    lines: &mut CargoLines,
) -> Result<Vec<Component>, BuildError> {
    let mut errors = Vec::new();
    let mut components = Vec::with_capacity(found.len());
    for component in found {
        let mut declared = component.component.clone();
        declared.crate_name = Some(component.module_path.split("::").next().unwrap_or_default().to_owned());
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
                    Err(error) => errors.push(scan_error(
                        component,
                        *at,
                        format!("cannot read evidence file `{relative}`: {error}"),
                    )),
                }
            }
        }
        // Resolved as the compiler resolves the paths (`depends.rs`); two candidates are an
        // error at the path, never a guess.
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
        components.push(declared);
    }
    if errors.is_empty() { Ok(components) } else { Err(BuildError::Source(errors)) }
}

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

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    crate::digest::hex(&sha2::Sha256::digest(bytes))
}

/// [`crate::write::file`], its error as the generator's.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<bool, BuildError> {
    crate::write::file(path, bytes).map_err(|e| BuildError::Io { path: e.path, source: e.source })
}

/// The `cargo:` lines of one run, written together at the end in a stable order.
#[derive(Default)]
struct CargoLines {
    files: BTreeSet<PathBuf>,
    env: BTreeSet<String>,
    /// One line per gap.
    gaps: Vec<String>,
    /// Every warning, once.
    warnings: Vec<ReportedWarning>,
}

impl CargoLines {
    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        for file in &self.files {
            writeln!(out, "cargo:rerun-if-changed={}", file.display())?;
        }
        for name in &self.env {
            writeln!(out, "cargo:rerun-if-env-changed={name}")?;
        }
        for gap in &self.gaps {
            writeln!(out, "cargo:warning=cra: {}", gap.replace('\n', " "))?;
        }
        for warning in &self.warnings {
            writeln!(out, "cargo:warning=cra: {}", warning.to_string().replace('\n', " "))?;
        }
        Ok(())
    }
}

/// `[package.metadata.cra]` of one manifest, without a workspace: the metadata reader the fuzz
/// target runs.
#[cfg(feature = "fuzzing")]
pub(crate) fn read_product_metadata(manifest: &ManifestFile) -> Result<crate::Declaration, BuildError> {
    metadata::read_product(manifest, None, "fuzz", "1.0.0").map(|m| m.declaration)
}
