//! The parts of Cargo manifests the generator needs: package identity, targets, features and
//! the dependency names that are implicit features, and the workspace they belong to. Which
//! packages ship, and with which features, is Cargo's answer (`tree.rs`), not read here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::diagnostics::{BuildError, SourceError};
use super::env::feature_env_name;
use super::tree::{Origin, ShippedGraph};

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
        let text = std::fs::read_to_string(path).map_err(|e| BuildError::io(path, e))?;
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
    /// Whether it has a build script (which may set cfgs the generator cannot see).
    pub build_script: bool,
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
        let automatic = self.raw.package.as_ref().and_then(|p| p.autobins).unwrap_or(true);
        let main = dir.join("src/main.rs");
        if automatic && main.is_file() && !bins.contains_key(&main) {
            bins.insert(main, crate_ident.clone());
        }
        // Cargo's target auto-discovery: `src/bin/<name>.rs` and `src/bin/<name>/main.rs`.
        let discovered = std::fs::read_dir(dir.join("src/bin")).into_iter().flatten().flatten().filter(|_| automatic);
        for entry in discovered {
            let path = entry.path();
            let (root, name) = if path.extension().is_some_and(|e| e == "rs") {
                (path.clone(), path.file_stem().unwrap_or_default().to_string_lossy().into_owned())
            } else {
                (path.join("main.rs"), path.file_name().unwrap_or_default().to_string_lossy().into_owned())
            };
            bins.entry(root).or_insert_with(|| name.replace('-', "_"));
        }
        roots.extend(bins.into_iter().filter(|(path, _)| path.is_file()).map(|(path, name)| (name, path)));
        roots
    }

    /// Whether the package has a build script: `package.build` names one, or `build.rs` exists
    /// and `build = false` does not turn it off.
    pub fn has_build_script(&self) -> bool {
        match self.raw.package.as_ref().and_then(|p| p.build.as_ref()) {
            Some(toml::Value::Boolean(false)) => false,
            Some(toml::Value::String(_) | toml::Value::Boolean(true)) => true,
            _ => self.dir().join("build.rs").is_file(),
        }
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

/// The crates whose source the generator reads: every path package that ships in the product
/// (from Cargo's answer, with the features Cargo enables for it), then the extra crates of
/// [`Builder::include_crate`](super::Builder::include_crate) with their default features;
/// `product` is the product's manifest, already parsed.
/// Returns them with every manifest read (for `rerun-if-changed`).
pub fn shipped_crates(
    graph: &ShippedGraph,
    product: &CrateManifest,
    extra: &[PathBuf],
) -> Result<(Vec<CrateInfo>, Vec<PathBuf>), BuildError> {
    let mut crates = Vec::new();
    let mut manifests = Vec::new();
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
        crates.push(CrateInfo {
            package: package.name.clone(),
            version: package.version.clone(),
            roots: manifest.roots(index == 0),
            features: package.features.iter().map(|f| feature_env_name(f)).collect(),
            build_script: manifest.has_build_script(),
            dir: dir.clone(),
        });
    }
    for dir in extra {
        let manifest = CrateManifest::read(dir)?;
        manifests.push(manifest.file.path.clone());
        let features = manifest.resolve_features(&[], true);
        crates.push(CrateInfo {
            package: manifest.package(),
            version: manifest.version(None),
            roots: manifest.roots(false),
            features: features.iter().map(|f| feature_env_name(f)).collect(),
            build_script: manifest.has_build_script(),
            dir: dir.clone(),
        });
    }
    crates.sort_by(|a, b| (&a.package, &a.dir).cmp(&(&b.package, &b.dir)));
    crates.dedup_by(|a, b| a.dir == b.dir);
    manifests.sort();
    manifests.dedup();
    Ok((crates, manifests))
}
