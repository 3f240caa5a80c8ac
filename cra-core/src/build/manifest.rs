//! The parts of Cargo manifests the generator needs: package identity, targets, features and
//! path dependencies, and the workspace they belong to.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::diagnostics::{BuildError, SourceError};
use super::env::feature_env_name;

/// A value that may be inherited from `[workspace.package]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Inheritable {
    Value(String),
    Workspace {
        #[allow(dead_code)] // present means inherited
        workspace: bool,
    },
}

#[derive(Debug, Clone, Default, Deserialize)]
struct RawPackage {
    name: Option<String>,
    version: Option<Inheritable>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct RawTarget {
    name: Option<String>,
    path: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum RawDependency {
    #[allow(dead_code)] // a registry version: not a path dependency
    Version(String),
    Detailed(DetailedDependency),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct DetailedDependency {
    path: Option<String>,
    #[serde(default)]
    features: Vec<String>,
    default_features: Option<bool>,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    workspace: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct RawWorkspace {
    #[serde(default)]
    package: BTreeMap<String, toml::Value>,
    #[serde(default)]
    dependencies: BTreeMap<String, RawDependency>,
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
    dependencies: BTreeMap<String, RawDependency>,
    workspace: Option<RawWorkspace>,
}

/// A manifest file and its text, kept for diagnostics.
#[derive(Debug, Clone)]
pub struct ManifestFile {
    /// Path of the Cargo.toml.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

impl ManifestFile {
    /// Reads a manifest.
    pub fn read(path: &Path) -> Result<ManifestFile, BuildError> {
        let text = std::fs::read_to_string(path).map_err(|e| BuildError::io(path, &e))?;
        Ok(ManifestFile { path: path.to_path_buf(), text })
    }

    /// Deserializes the text, turning a TOML error into a located error that names the key.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, BuildError> {
        let deserializer =
            toml::de::Deserializer::parse(&self.text).map_err(|e| BuildError::Source(vec![self.error(&e, "")]))?;
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let path = e.path().to_string();
            BuildError::Source(vec![self.error(e.inner(), &path)])
        })
    }

    /// A located error from a TOML deserialization error at key `path`, with "did you mean"
    /// for unknown keys.
    pub fn error(&self, error: &toml::de::Error, path: &str) -> SourceError {
        let mut message = error.message().trim().lines().next().unwrap_or_default().to_owned();
        let help = unknown_field_hint(&message);
        if message.starts_with("unknown field") {
            // With a suggestion, the list of every valid key is noise.
            if help.as_deref().is_some_and(|h| h.starts_with("did you mean"))
                && let Some(cut) = message.find(", expected one of")
            {
                message.truncate(cut);
            }
            // The path ends with the unknown key itself; name the table it is in.
            if let Some((table, _)) = path.rsplit_once('.') {
                message = format!("{message} in `[{table}]`");
            }
        } else if !path.is_empty() && path != "." {
            message = format!("`{path}`: {message}");
        }
        SourceError {
            path: self.path.clone(),
            source: self.text.clone(),
            range: error.span().unwrap_or(0..0),
            message,
            help,
        }
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the closest known key.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = &message[message.find("unknown field `")? + "unknown field `".len()..];
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    match crate::suggest::closest(field, expected.iter().copied()) {
        Some(suggestion) => Some(format!("did you mean `{suggestion}`?")),
        None => Some(format!(
            "expected one of {}",
            expected.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}

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
}

/// The workspace a package belongs to, if any.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Its root manifest.
    pub manifest: ManifestFile,
    package: BTreeMap<String, toml::Value>,
    dependencies: BTreeMap<String, RawDependency>,
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
                return Ok(Some(Workspace {
                    manifest,
                    package: workspace.package,
                    dependencies: workspace.dependencies,
                }));
            }
        }
        Ok(None)
    }

    /// The directory of the root manifest.
    pub fn dir(&self) -> &Path {
        self.manifest.path.parent().unwrap_or(Path::new("."))
    }
}

/// A path dependency to read as part of the product.
#[derive(Debug, Clone)]
struct PathDependency {
    dir: PathBuf,
    features: Vec<String>,
    default_features: bool,
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
        let file = ManifestFile::read(&dir.join("Cargo.toml"))?;
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

    /// Root files: the library, then binaries (explicit, `src/main.rs`, `src/bin/*.rs`).
    pub fn roots(&self, with_bins: bool) -> Vec<(String, PathBuf)> {
        let dir = self.dir();
        let crate_ident = self.package().replace('-', "_");
        let mut roots = Vec::new();
        let lib = self.raw.lib.clone().unwrap_or_default();
        let lib_path = dir.join(lib.path.unwrap_or_else(|| "src/lib.rs".into()));
        if lib_path.is_file() {
            roots.push((lib.name.unwrap_or_else(|| crate_ident.clone()).replace('-', "_"), lib_path));
        }
        if !with_bins {
            return roots;
        }
        let mut bins: BTreeMap<PathBuf, String> = BTreeMap::new();
        for bin in &self.raw.bin {
            let name = bin.name.clone().unwrap_or_else(|| crate_ident.clone());
            let path = bin.path.clone().map_or_else(|| dir.join("src/bin").join(format!("{name}.rs")), |p| dir.join(p));
            bins.insert(path, name.replace('-', "_"));
        }
        let main = dir.join("src/main.rs");
        if main.is_file() && !bins.contains_key(&main) {
            bins.insert(main, crate_ident.clone());
        }
        if let Ok(entries) = std::fs::read_dir(dir.join("src/bin")) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "rs") && !bins.contains_key(&path) {
                    let name = path.file_stem().map(|s| s.to_string_lossy().replace('-', "_")).unwrap_or_default();
                    bins.insert(path, name);
                }
            }
        }
        roots.extend(bins.into_iter().filter(|(path, _)| path.is_file()).map(|(path, name)| (name, path)));
        roots
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

    /// The path dependencies of this crate that are enabled by `features` (original spelling),
    /// each with the features it is asked for.
    fn path_dependencies(&self, workspace: Option<&Workspace>, features: &BTreeSet<String>) -> Vec<PathDependency> {
        let mut found = Vec::new();
        for (key, dependency) in &self.raw.dependencies {
            let RawDependency::Detailed(detail) = dependency else { continue };
            let (base_dir, path, inherited) = if detail.workspace {
                let Some(workspace) = workspace else { continue };
                let Some(RawDependency::Detailed(shared)) = workspace.dependencies.get(key) else { continue };
                (workspace.dir().to_path_buf(), shared.path.clone(), Some(shared))
            } else {
                (self.dir().to_path_buf(), detail.path.clone(), None)
            };
            let Some(path) = path else { continue };
            if detail.optional && !features.contains(key) && !features.contains(&format!("dep:{key}")) {
                continue;
            }
            let mut requested = detail.features.clone();
            requested.extend(inherited.map(|s| s.features.clone()).unwrap_or_default());
            for (feature, implied) in &self.raw.features {
                if features.contains(feature) {
                    for entry in implied {
                        if let Some((dep, dep_feature)) = entry.split_once('/')
                            && dep.trim_end_matches('?') == key
                        {
                            requested.push(dep_feature.to_owned());
                        }
                    }
                }
            }
            let default_features =
                detail.default_features.or_else(|| inherited.and_then(|s| s.default_features)).unwrap_or(true);
            found.push(PathDependency { dir: base_dir.join(path), features: requested, default_features });
        }
        found
    }
}

/// The product crate and every path dependency reachable from it, each with its features, and
/// every manifest read (for `rerun-if-changed`).
pub fn collect_crates(
    product_dir: &Path,
    product_features: &BTreeSet<String>,
    workspace: Option<&Workspace>,
    extra: &[PathBuf],
) -> Result<(Vec<CrateInfo>, Vec<PathBuf>), BuildError> {
    let mut crates = Vec::new();
    let mut manifests = Vec::new();
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let product = CrateManifest::read(product_dir)?;
    // The product's features come from Cargo as CARGO_FEATURE_* names; map them back to the
    // manifest's spelling to follow `dep/feature` entries.
    let original: BTreeSet<String> = product
        .raw
        .features
        .keys()
        .filter(|f| product_features.contains(&feature_env_name(f)))
        .cloned()
        .chain(product.raw.dependencies.keys().filter(|d| product_features.contains(&feature_env_name(d))).cloned())
        .collect();
    let mut queue: Vec<(CrateManifest, BTreeSet<String>, bool)> = vec![(product, original, true)];
    for dir in extra {
        let manifest = CrateManifest::read(dir)?;
        let features = manifest.resolve_features(&[], true);
        queue.push((manifest, features, false));
    }
    while let Some((manifest, features, is_product)) = queue.pop() {
        let dir = manifest.dir().to_path_buf();
        let canonical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if !seen.insert(canonical) {
            continue;
        }
        manifests.push(manifest.file.path.clone());
        for dependency in manifest.path_dependencies(workspace, &features) {
            let child = CrateManifest::read(&dependency.dir)?;
            let child_features = child.resolve_features(&dependency.features, dependency.default_features);
            queue.push((child, child_features, false));
        }
        crates.push(CrateInfo {
            package: manifest.package(),
            version: manifest.version(workspace),
            roots: manifest.roots(is_product),
            features: features.iter().map(|f| feature_env_name(f)).collect(),
            dir,
        });
    }
    crates.sort_by(|a, b| a.package.cmp(&b.package));
    manifests.sort();
    Ok((crates, manifests))
}
