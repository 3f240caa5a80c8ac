//! From Cargo's graph of what ships to the crates whose source the generator reads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::CrateManifest;
use crate::build::diagnostics::BuildError;
use crate::build::env::feature_env_name;
use crate::build::tree::{Origin, ShippedGraph};

/// A crate whose source the generator reads.
#[derive(Debug, Clone)]
pub struct CrateInfo {
    /// Package name.
    pub package: String,
    /// Package version.
    pub version: String,
    /// Directory of its Cargo.toml.
    pub dir: PathBuf,
    /// Root files with the crate name each is compiled as: lib, then bins.
    pub roots: Vec<(String, PathBuf)>,
    /// Enabled features, spelled as in `CARGO_FEATURE_*`.
    pub features: BTreeSet<String>,
    /// Whether it has a build script (which may set cfgs the generator cannot see).
    pub build_script: bool,
    /// The crates its code may name by a dependency's name: the name in code (a renamed
    /// dependency's, `-` as `_`) → that crate's name as its module paths start (its library's
    /// name when the package is read, else the package name with `-` as `_`); its own library
    /// under its own name, for its binaries. Resolves `depends_on` paths.
    pub externs: BTreeMap<String, String>,
}

/// The crates whose source the generator reads: every path package that ships in the product
/// (from Cargo's answer, with the features Cargo enables for it), then the extra crates of
/// [`Builder::include_crate`](crate::build::Builder::include_crate) with their default features;
/// `product` is the product's manifest, already parsed.
/// Returns them with every manifest read (for `rerun-if-changed`).
pub fn shipped_crates(
    graph: &ShippedGraph,
    product: &CrateManifest,
    extra: &[PathBuf],
) -> Result<(Vec<CrateInfo>, Vec<PathBuf>), BuildError> {
    let mut crates = Vec::new();
    let mut manifests = Vec::new();
    // Per crate: its dependencies by name in code → package; and each package's library name.
    let mut dependencies = Vec::new();
    let mut libraries: BTreeMap<String, String> = BTreeMap::new();
    for (index, package) in graph.packages.iter().enumerate() {
        let Origin::Path(dir) = &package.origin else { continue };
        // The product's manifest is already parsed; the others are read here.
        let read;
        let manifest = if index == 0 {
            product
        } else {
            read = CrateManifest::read(dir)?;
            &read
        };
        manifests.push(manifest.file.path.clone());
        dependencies.push(manifest.dependency_packages());
        libraries.extend(manifest.lib().map(|(name, _)| (package.name.clone(), name)));
        crates.push(CrateInfo {
            package: package.name.clone(),
            version: package.version.clone(),
            roots: manifest.roots(index == 0),
            features: package.features.iter().map(|f| feature_env_name(f)).collect(),
            build_script: manifest.has_build_script(),
            dir: dir.clone(),
            externs: BTreeMap::new(),
        });
    }
    for dir in extra {
        let manifest = CrateManifest::read(dir)?;
        manifests.push(manifest.file.path.clone());
        dependencies.push(manifest.dependency_packages());
        libraries.extend(manifest.lib().map(|(name, _)| (manifest.package(), name)));
        let features = manifest.resolve_features(&[], true);
        crates.push(CrateInfo {
            package: manifest.package(),
            version: manifest.version(None),
            roots: manifest.roots(false),
            features: features.iter().map(|f| feature_env_name(f)).collect(),
            build_script: manifest.has_build_script(),
            dir: dir.clone(),
            externs: BTreeMap::new(),
        });
    }
    for (krate, dependencies) in crates.iter_mut().zip(dependencies) {
        let crate_name = |package: &str| libraries.get(package).cloned().unwrap_or_else(|| package.replace('-', "_"));
        krate.externs = dependencies.into_iter().map(|(name, package)| (name, crate_name(&package))).collect();
        if let Some(own) = libraries.get(&krate.package) {
            krate.externs.entry(own.clone()).or_insert_with(|| own.clone());
        }
    }
    crates.sort_by(|a, b| (&a.package, &a.dir).cmp(&(&b.package, &b.dir)));
    crates.dedup_by(|a, b| a.dir == b.dir);
    manifests.sort();
    manifests.dedup();
    Ok((crates, manifests))
}
