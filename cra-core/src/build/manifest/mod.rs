//! The parts of Cargo manifests the generator needs: package identity, features and the
//! dependency names that are implicit features, and the workspace they belong to. Which
//! packages ship, and with which features, is Cargo's answer (`tree.rs`), not read here.
//!
//! One job per file: `file.rs` reads a manifest and locates its errors at file, line and key;
//! `targets.rs` finds a package's root files as Cargo's target discovery does; `shipped.rs`
//! turns Cargo's graph of what ships into the crates whose source is read.

mod file;
mod product;
mod shipped;
mod targets;

pub use file::ManifestFile;
pub(crate) use product::ProductManifests;
pub use shipped::{CrateInfo, shipped_crates};

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use super::diagnostics::BuildError;
use super::env::feature_env_name;

/// A value that may be inherited from `[workspace.package]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Inheritable {
    Value(String),
    Workspace {
        #[expect(dead_code, reason = "present means inherited")]
        workspace: bool,
    },
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawPackage {
    name: Option<String>,
    autobins: Option<bool>,
    build: Option<toml::Value>,
    version: Option<Inheritable>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct RawTarget {
    name: Option<String>,
    path: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct RawWorkspace {
    #[serde(default)]
    package: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct RawManifest {
    package: Option<RawPackage>,
    lib: Option<RawTarget>,
    #[serde(default)]
    bin: Vec<RawTarget>,
    #[serde(default)]
    features: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    target: BTreeMap<String, RawTargetTable>,
    workspace: Option<RawWorkspace>,
}

/// `[target.'<cfg or triple>']`: only its dependency names matter here (implicit features).
#[derive(Debug, Clone, Default, Deserialize)]
struct RawTargetTable {
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
}

/// The workspace a package belongs to, if any.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Its root manifest.
    pub manifest: ManifestFile,
    package: BTreeMap<String, toml::Value>,
}

impl Workspace {
    /// The workspace root at or above `dir`, if there is one.
    pub fn find(dir: &Path) -> Result<Option<Workspace>, BuildError> {
        for candidate in dir.ancestors() {
            let path = candidate.join("Cargo.toml");
            if !path.is_file() {
                continue;
            }
            let manifest = ManifestFile::read(&path)?;
            if !manifest.text.contains("[workspace") {
                continue;
            }
            let raw: RawManifest = manifest.parse()?;
            if let Some(workspace) = raw.workspace {
                return Ok(Some(Workspace { manifest, package: workspace.package }));
            }
        }
        Ok(None)
    }

    /// The directory of the root manifest.
    pub fn dir(&self) -> &Path {
        self.manifest.path.parent().unwrap_or(Path::new("."))
    }
}

/// Reads one crate's manifest: identity, roots, path dependencies.
pub struct CrateManifest {
    /// The file.
    pub file: ManifestFile,
    raw: RawManifest,
}

impl CrateManifest {
    /// Reads and parses `dir/Cargo.toml`.
    pub fn read(dir: &Path) -> Result<CrateManifest, BuildError> {
        CrateManifest::from_file(ManifestFile::read(&dir.join("Cargo.toml"))?)
    }

    /// Parses a manifest already read.
    pub fn from_file(file: ManifestFile) -> Result<CrateManifest, BuildError> {
        let raw = file.parse()?;
        Ok(CrateManifest { file, raw })
    }

    fn dir(&self) -> &Path {
        self.file.path.parent().unwrap_or(Path::new("."))
    }

    /// The package name.
    pub fn package(&self) -> String {
        self.raw.package.as_ref().and_then(|p| p.name.clone()).unwrap_or_default()
    }

    /// The package version, resolving `version.workspace = true`.
    pub fn version(&self, workspace: Option<&Workspace>) -> String {
        match self.raw.package.as_ref().and_then(|p| p.version.clone()) {
            Some(Inheritable::Value(version)) => version,
            Some(Inheritable::Workspace { .. }) => workspace
                .and_then(|w| w.package.get("version"))
                .and_then(toml::Value::as_str)
                .unwrap_or("0.0.0")
                .to_owned(),
            None => "0.0.0".to_owned(),
        }
    }

    /// The dependencies (`[dependencies]` and `[target.*.dependencies]`) by the name the code
    /// uses (the key, `-` as `_`) → the package (`package = "..."` of a renamed one). A rename
    /// made only in `[workspace.dependencies]` is not seen: the package is taken to be the key.
    pub fn dependency_packages(&self) -> BTreeMap<String, String> {
        let targets = self.raw.target.values().flat_map(|t| &t.dependencies);
        self.raw
            .dependencies
            .iter()
            .chain(targets)
            .map(|(key, value)| {
                let package = value.get("package").and_then(toml::Value::as_str).unwrap_or(key);
                (key.replace('-', "_"), package.to_owned())
            })
            .collect()
    }

    /// The features named by Cargo's `CARGO_FEATURE_*` spellings, in the manifest's spelling:
    /// `[features]` keys and the implicit features of optional dependencies.
    pub fn features_from_env(&self, env_names: &BTreeSet<String>) -> BTreeSet<String> {
        let targets = self.raw.target.values().flat_map(|t| t.dependencies.keys());
        self.raw
            .features
            .keys()
            .chain(self.raw.dependencies.keys())
            .chain(targets)
            .filter(|name| env_names.contains(&feature_env_name(name)))
            .cloned()
            .collect()
    }

    /// The enabled features from `requested` (original spelling) and, if `default`, the
    /// `default` feature, following the `[features]` table.
    pub fn resolve_features(&self, requested: &[String], default: bool) -> BTreeSet<String> {
        let mut enabled: BTreeSet<String> = BTreeSet::new();
        let mut queue: Vec<String> = requested.to_vec();
        if default {
            queue.push("default".into());
        }
        while let Some(feature) = queue.pop() {
            if !enabled.insert(feature.clone()) {
                continue;
            }
            for implied in self.raw.features.get(&feature).into_iter().flatten() {
                if !implied.contains('/') && !implied.starts_with("dep:") {
                    queue.push(implied.clone());
                } else if let Some(dep) = implied.strip_prefix("dep:") {
                    enabled.insert(dep.to_owned());
                }
            }
        }
        enabled
    }
}
