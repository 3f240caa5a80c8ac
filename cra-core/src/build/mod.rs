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
//!         eprintln!("{}", error.render());
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
mod cargo_lines;
mod components;
mod depends;
mod diagnostics;
mod env;
mod final_sbom;
mod lockfile;
mod manifest;
mod metadata;
mod options;
mod package_id;
mod placeholders;
mod record_cache;
mod report;
mod sarif;
mod sbom;
mod tree;
mod verdict;
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

use cargo_lines::CargoLines;

pub use diagnostics::{BuildError, CargoSaid, DeclarationError, SourceError};
pub use env::BuildEnv;
pub use final_sbom::final_sbom;
#[cfg(feature = "fuzzing")]
pub(crate) use manifest::ManifestFile;
pub use options::{Builder, OptionsError};
pub use report::{
    CheckReport, ComponentSource, REPORT_FILE, ReportedError, ReportedWarning, compile_errors, package_name,
};
pub use sarif::{Provenance, SarifRun};
pub use verify::{EvidenceChange, verify_evidence};
#[cfg(feature = "fuzzing")]
pub(crate) use walk::stack::declare_large_stack;
use walk::{CfgContext, FoundComponent, Scan, scan_crate};

use crate::declaration::Declaration;
use crate::gaps::GapReport;
use crate::validate::Findings;

/// The one line for `build.rs`: runs with default options, prints the `cargo:` lines, and on
/// error prints the diagnostics and exits with status 1, which fails the build.
pub fn main() {
    if let Err(error) = Builder::new().run() {
        eprintln!("{}", error.render());
        std::process::exit(1);
    }
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

    /// The pipeline: environment → manifests → metadata → dependencies → walk → components and
    /// evidence → SBOM → known vulnerabilities → validation (once) → verdict → outputs.
    fn generate(
        &self,
        env: &BuildEnv,
        lines: &mut CargoLines,
        report: &mut CheckReport,
    ) -> Result<Outputs, BuildError> {
        lines.env.extend(env.read.iter().cloned());
        let manifests = manifest::ProductManifests::read(&env.manifest_dir)?;
        lines.files.extend(manifests.files());
        report.manifest.clone_from(&manifests.product.path);
        report.metadata_line = report::metadata_line(&manifests.product.text);
        let metadata =
            metadata::read_product(&manifests.product, manifests.workspace_manifest(), &env.package, &env.version)?;
        lines.files.extend(metadata.risk_assessment_files(&env.manifest_dir));
        // Mistakes in the metadata's keys do not stop the build yet: the keys that did parse are
        // validated with the rest, so every mistake is reported in one pass.
        let key_errors = metadata.key_errors.clone();
        let mut declared =
            self.declare(env, &manifests, metadata, lines).map_err(|error| key_errors.ahead_of(error))?;
        report.components = std::mem::take(&mut declared.sources);
        if key_errors.is_empty() {
            // Not of a declaration with wrong keys left out.
            report.gaps = Some(declared.gap_report.clone());
        }
        verdict::judge(&declared.findings, key_errors, &declared.gap_report, &manifests.product, self.strict, lines)?;
        self.write(env, &declared)
    }

    /// Everything up to the verdict: the declaration with its components and known
    /// vulnerabilities, validated once, and the SBOM of what ships.
    fn declare(
        &self,
        env: &BuildEnv,
        manifests: &manifest::ProductManifests,
        metadata: metadata::ProductMetadata,
        lines: &mut CargoLines,
    ) -> Result<Declared, BuildError> {
        let metadata::ProductMetadata { mut declaration, vulnerabilities, .. } = metadata;
        let product = manifest::CrateManifest::from_file(manifests.product.clone())?;
        let graph = Self::shipped(env, &product, manifests, lines)?;
        let extra: Vec<PathBuf> = self.extra_crates.iter().map(|d| env.manifest_dir.join(d)).collect();
        let (crates, crate_manifests) = manifest::shipped_crates(&graph, &product, &extra)?;
        lines.files.extend(crate_manifests);
        let (found, records) = walk(&crates, env, &env.manifest_dir.join(&vulnerabilities.records), lines)?;
        let sources = found
            .iter()
            .map(|c| ComponentSource { name: c.component.name.clone(), file: c.file.clone(), line: c.line })
            .collect();
        declaration.components = components::components(&found, &manifests.root, lines)?;
        let sbom = sbom::cyclonedx(
            &graph,
            &own_packages(&graph, &manifests.root),
            &sbom::SbomProduct {
                declaration: &declaration,
                timestamp: env.source_date_epoch,
                product_dir: &env.manifest_dir,
            },
        );
        warn_of_an_untimed_release_sbom(env, lines);
        // Known vulnerabilities of this version and crates (Annex I Part I(2)(a)).
        declaration.vulnerability_findings =
            known_vulnerabilities(env, &vulnerabilities, records, &declaration, &sbom, lines)?;
        // Sorted once everything is in (the SBOM reads no component order), then validated once:
        // the status, the gap report and the verdict come from the same findings.
        let findings = declaration.normalize_and_validate();
        let gap_report = declaration.gap_report_from(declaration.status, &findings);
        Ok(Declared { declaration, findings, gap_report, sbom, sources })
    }

    /// The outputs, each written whole or not at all.
    fn write(&self, env: &BuildEnv, declared: &Declared) -> Result<Outputs, BuildError> {
        let out_dir = self.out_dir.clone().unwrap_or_else(|| env.out_dir.join("cra"));
        let outputs = Outputs {
            declaration: out_dir.join("declaration.json"),
            gap_report: out_dir.join("gap-report.json"),
            sbom: Some(out_dir.join("sbom.cdx.json")),
            components: declared.declaration.components.len(),
            gaps: declared.gap_report.len(),
        };
        crate::write::file(&outputs.declaration, declared.declaration.to_json().as_bytes())?;
        crate::write::file(&outputs.gap_report, crate::write::json_text(&declared.gap_report).as_bytes())?;
        if let Some(path) = &outputs.sbom {
            crate::write::file(path, declared.sbom.as_bytes())?;
        }
        Ok(outputs)
    }

    /// What ships in the product, from Cargo (cached in `OUT_DIR`); the files the answer depends
    /// on are watched. A crate that needs `std` on bare metal is an error; packages whose
    /// components the generator cannot read are warned of.
    fn shipped(
        env: &BuildEnv,
        product: &manifest::CrateManifest,
        manifests: &manifest::ProductManifests,
        lines: &mut CargoLines,
    ) -> Result<tree::ShippedGraph, BuildError> {
        let features = product.features_from_env(&env.features);
        let mut key_files = vec![manifests.lockfile.clone(), product.file.path.clone()];
        key_files.extend(manifests.workspace_manifest().map(|m| m.path.clone()));
        // The full ID: `name@version` is ambiguous when the registry's copy of the same
        // version is in the graph too (a fork or patched copy built as the product).
        let package = package_id::path_package_spec(&env.manifest_dir, &env.package, &env.version)
            .unwrap_or_else(|| format!("{}@{}", env.package, env.version));
        let (graph, files) = tree::ShippedGraph::of(&tree::TreeRequest {
            cargo: &env.cargo,
            manifest: &product.file.path,
            package: &package,
            target: &env.target,
            features: &features,
            key_files: &key_files,
            cache: &env.out_dir.join("cra-shipped-packages.json"),
            workspace_manifest: manifests.workspace_manifest().map(|m| m.path.as_path()),
            lockfile: &manifests.lockfile,
        })?;
        lines.files.extend(files);
        bare_metal::check(&graph, env)?;
        warn_of_unread_packages(&graph, lines);
        Ok(graph)
    }
}

/// What [`Builder::declare`] makes, for the verdict and the outputs.
struct Declared {
    declaration: Declaration,
    findings: Findings,
    gap_report: GapReport,
    /// The SBOM's JSON.
    sbom: String,
    /// Where each component is declared, for the check report.
    sources: Vec<ComponentSource>,
}

/// The packages of the product's own workspace (path packages under its root): the SBOM marks
/// them as the manufacturer's.
fn own_packages(graph: &tree::ShippedGraph, root: &Path) -> BTreeSet<usize> {
    graph
        .packages
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(&p.origin, tree::Origin::Path(dir) if dir.starts_with(root)))
        .map(|(i, _)| i)
        .collect()
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

/// The records read beside the walk: `None` without a records folder.
type Records = Option<Result<Vec<crate::vuln::ReadRecord>, crate::vuln::RecordError>>;

/// Walks the shipped crates for their components and, beside the walk, reads and parses the
/// product's vulnerability records: the two are independent, and at opt-level 0 parsing 100
/// records costs about as much as walking a small crate. Mistakes in the source are errors,
/// every one at its token.
fn walk(
    crates: &[manifest::CrateInfo],
    env: &BuildEnv,
    records_dir: &Path,
    lines: &mut CargoLines,
) -> Result<(Vec<FoundComponent>, Records), BuildError> {
    let mut scan = Scan::default();
    let records = std::thread::scope(|scope| {
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
                scan_crate(krate, &cfg, &mut scan);
            }
        });
        records.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    lines.files.extend(scan.files.iter().map(PathBuf::from));
    lines.warnings.extend(scan.warnings.iter().map(ReportedWarning::from));
    if scan.errors.is_empty() { Ok((scan.components, records)) } else { Err(BuildError::Source(scan.errors)) }
}

/// The findings of [`vulnerability_check`] for the build's SBOM, with the files to watch and the
/// warnings.
fn known_vulnerabilities(
    env: &BuildEnv,
    sources: &metadata::VulnerabilitySources,
    records: Records,
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

/// `[package.metadata.cra]` of one manifest, without a workspace: the metadata reader the fuzz
/// target runs.
#[cfg(feature = "fuzzing")]
pub(crate) fn read_product_metadata(manifest: &ManifestFile) -> Result<crate::Declaration, BuildError> {
    metadata::read_product(manifest, None, "fuzz", "1.0.0").map(|m| m.declaration)
}
