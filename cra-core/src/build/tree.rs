//! What ships: the packages Cargo compiles into the product for its target and features, asked
//! of Cargo itself with `cargo tree`.
//!
//! `cargo tree -e normal --target <TARGET> --no-default-features --features <the product's>`
//! applies exactly Cargo's rules: `[target.'cfg(..)'.dependencies]` for the build target,
//! renamed dependencies, workspace inheritance, default features, `dep:`, `dep/feature` and
//! `dep?/feature`, optional dependencies, and feature unification across the product's whole
//! dependency graph (resolver 2: build-dependencies, dev-dependencies and proc-macros do not
//! share features with what ships). Reading manifests ourselves would mean re-implementing that
//! resolver; `cargo metadata` reports features unified over the whole workspace including
//! dev-dependencies, and needs every package of the workspace downloaded, which an offline
//! build of one package does not have. `cargo tree` needs only what the build has.
//!
//! Proc-macro packages (and what only they use) run on the host at compile time and are not in
//! the product; they are left out, and so are build- and dev-dependencies (`-e normal`).
//!
//! The answer is cached in `OUT_DIR` with the contents of Cargo.lock and of every path
//! package's manifest, the target and the features: an edit of source code reruns the build
//! script but not Cargo (docs/performance.md has the figures).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};

use super::diagnostics::{BuildError, CargoSaid};
use super::lockfile::Lockfile;

/// Separates the fields of one `cargo tree` line: no name, licence, URL or feature holds a tab
/// (Cargo drops control characters such as the unit separator from the format).
const SEPARATOR: char = '\t';

/// Bumped when the cached form changes, so that an old cache is not read.
const CACHE_FORMAT: &str = "cra-rs tree cache 6";

/// One package compiled into the product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippedPackage {
    /// Package name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Where Cargo says it comes from: a directory for path packages, a URL for git packages, a
    /// registry name for other registries; none for crates.io.
    pub origin: Origin,
    /// SPDX licence expression from its manifest, if any.
    pub license: Option<String>,
    /// Repository URL from its manifest, if any.
    pub repository: Option<String>,
    /// `authors` from its manifest, where the manifest could be found (path and registry
    /// packages).
    pub authors: Vec<String>,
    /// `description` from its manifest, where the manifest could be found.
    #[serde(default)]
    pub description: Option<String>,
    /// Features Cargo enables for it in this build.
    pub features: BTreeSet<String>,
    /// Indexes (into [`ShippedGraph::packages`]) of the packages it depends on in this build.
    pub dependencies: BTreeSet<usize>,
    /// Whether it depends on the `cra-derive` proc-macro (so may declare components).
    pub uses_cra_derive: bool,
    /// Its source as Cargo.lock writes it (`registry+…`, `git+…#rev`); none for path packages.
    pub lock_source: Option<String>,
    /// The registry's SHA-256 of its `.crate` file, from Cargo.lock.
    pub checksum: Option<String>,
}

/// Where a package comes from, as `cargo tree` prints it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Origin {
    /// crates.io.
    CratesIo,
    /// A local directory.
    Path(PathBuf),
    /// A git repository (`url#revision` as Cargo prints it).
    Git(String),
    /// Another registry, by the name Cargo prints.
    Registry(String),
}

/// The packages of the product, the product first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippedGraph {
    /// Every package, the product at index 0, the rest sorted by name and version.
    pub packages: Vec<ShippedPackage>,
}

/// How to ask Cargo.
pub struct TreeRequest<'a> {
    /// The `cargo` program (`CARGO` in a build script).
    pub cargo: &'a Path,
    /// The product's manifest.
    pub manifest: &'a Path,
    /// The product's package ID spec (`path+file:///dir#name@version`).
    pub package: &'a str,
    /// The build target triple (`TARGET`).
    pub target: &'a str,
    /// The product's features, as the manifest spells them.
    pub features: &'a BTreeSet<String>,
    /// Files whose bytes key the cache: Cargo.lock and the manifests.
    pub key_files: &'a [PathBuf],
    /// The cache file.
    pub cache: &'a Path,
    /// The workspace's root manifest, for `authors.workspace = true`.
    pub workspace_manifest: Option<&'a Path>,
    /// Cargo.lock, for each package's exact source and the registry's checksum.
    pub lockfile: &'a Path,
}

/// The cache: the request, the exact contents of the files the answer depends on, the answer.
/// Comparing contents byte for byte is what an unoptimized build script does fastest (a
/// digest of Cargo.lock at opt-level 0 costs milliseconds).
#[derive(Serialize, Deserialize)]
struct Cached {
    request: String,
    files: Vec<(PathBuf, String)>,
    graph: ShippedGraph,
}

impl Cached {
    /// Whether this answers `request`: same request, every file (the request's own included)
    /// unchanged.
    fn holds_for(&self, request: &TreeRequest) -> bool {
        self.request == request_key(request)
            && request.key_files.iter().all(|f| self.files.iter().any(|(p, _)| p == f))
            && self.files.iter().all(|(path, text)| std::fs::read(path).is_ok_and(|bytes| bytes == text.as_bytes()))
    }
}

impl ShippedGraph {
    /// The graph from the cache if its key still holds, else from `cargo tree` (and cached).
    /// Also returns the files the answer depends on, for `rerun-if-changed`.
    pub fn of(request: &TreeRequest) -> Result<(ShippedGraph, Vec<PathBuf>), BuildError> {
        if let Ok(bytes) = std::fs::read(request.cache)
            && let Ok(cached) = serde_json::from_slice::<Cached>(&bytes)
            && cached.holds_for(request)
        {
            return Ok((cached.graph, cached.files.into_iter().map(|(path, _)| path).collect()));
        }
        let mut graph = ShippedGraph::from_cargo(request)?;
        graph.add_lock_data(&Lockfile::read(request.lockfile)?);
        // Key by the manifests of every path package in the answer, besides the given files: a
        // change to any of them can change what ships.
        let mut key_files: BTreeSet<PathBuf> = request.key_files.iter().cloned().collect();
        for package in &graph.packages {
            if let Origin::Path(dir) = &package.origin {
                key_files.insert(dir.join("Cargo.toml"));
            }
        }
        // A file that is missing or not UTF-8 is kept as a text no file has, so it never holds.
        let files: Vec<(PathBuf, String)> = key_files
            .into_iter()
            .map(|path| {
                let text = std::fs::read(&path).ok().and_then(|b| String::from_utf8(b).ok());
                (path, text.unwrap_or_else(|| "\u{0}missing".into()))
            })
            .collect();
        let cached = Cached { request: request_key(request), files, graph };
        let json = serde_json::to_vec(&cached).expect("the graph serializes");
        crate::write::file(request.cache, &json)?;
        Ok((cached.graph, cached.files.into_iter().map(|(path, _)| path).collect()))
    }

    /// Each package's exact source and checksum from Cargo.lock (`cargo tree` prints neither).
    fn add_lock_data(&mut self, lockfile: &Lockfile) {
        for package in &mut self.packages {
            let entry = lockfile.packages.iter().find(|p| {
                p.name == package.name
                    && p.version == package.version
                    && match &package.origin {
                        Origin::CratesIo => p.is_crates_io(),
                        Origin::Path(_) => p.source.is_none(),
                        Origin::Git(_) => p.source.as_deref().is_some_and(|s| s.starts_with("git+")),
                        Origin::Registry(_) => p.source.is_some() && !p.is_crates_io(),
                    }
            });
            package.lock_source = entry.and_then(|p| p.source.clone());
            package.checksum = entry.and_then(|p| p.checksum.clone());
        }
    }

    /// Runs `cargo tree` and reads its answer.
    fn from_cargo(request: &TreeRequest) -> Result<ShippedGraph, BuildError> {
        let format = format!("{{p}}{SEPARATOR}{{l}}{SEPARATOR}{{r}}{SEPARATOR}{{f}}");
        let features = request.features.iter().cloned().collect::<Vec<_>>().join(",");
        let mut command = Command::new(request.cargo);
        command
            .arg("tree")
            .arg("--manifest-path")
            .arg(request.manifest)
            .args(["--package", request.package, "--edges", "normal", "--target", request.target])
            .args(["--no-default-features", "--features", &features])
            .args(["--prefix", "depth", "--charset", "ascii", "--format", &format, "--locked", "--offline", "--quiet"])
            .env("CARGO_TERM_COLOR", "never");
        let shown = format!("{command:?}");
        let output = command.output().map_err(|error| BuildError::Cargo {
            command: shown.clone(),
            said: CargoSaid(format!("cannot run it: {error}")),
        })?;
        if !output.status.success() {
            let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
            if unknown_target(&message) {
                let said = CargoSaid(message);
                return Err(BuildError::UnknownTarget { target: request.target.to_owned(), command: shown, said });
            }
            return Err(BuildError::Cargo { command: shown, said: CargoSaid(message) });
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let mut graph =
            parse(&text).map_err(|message| BuildError::Cargo { command: shown, said: CargoSaid(message) })?;
        let registry_sources = cargo_home().map(|home| home.join("registry/src"));
        for package in &mut graph.packages {
            let manifest = match &package.origin {
                Origin::Path(dir) => Some(dir.join("Cargo.toml")),
                Origin::CratesIo | Origin::Registry(_) => registry_sources
                    .as_deref()
                    .and_then(|dir| registry_file(dir, &format!("{}-{}/Cargo.toml", package.name, package.version))),
                Origin::Git(_) => None,
            };
            // A path package inherits from its own workspace, which may not be the product's;
            // a published manifest inherits nothing.
            let facts = manifest
                .map(|m| {
                    let own = matches!(package.origin, Origin::Path(_)).then(|| workspace_of(&m)).flatten();
                    manifest_facts(&m, own.as_deref().or(request.workspace_manifest))
                })
                .unwrap_or_default();
            (package.authors, package.description) = facts;
        }
        Ok(graph)
    }

    /// The product.
    pub fn product(&self) -> &ShippedPackage {
        &self.packages[0]
    }
}

/// Whether Cargo failed because rustc has no specification for the target (a misspelt triple,
/// or a custom `.json` target it cannot find by name), in the words of rustc's error.
fn unknown_target(stderr: &str) -> bool {
    stderr.contains("could not find specification for target") || stderr.contains("error loading target specification")
}

/// Cargo's home: `CARGO_HOME`, else `.cargo` in the user's home.
pub(crate) fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).map(|h| Path::new(&h).join(".cargo"))
    })
}

/// A file of a registry package in one of Cargo's per-index folders (`registry/src/<index>/`
/// or `registry/cache/<index>/`), if it is there.
pub(crate) fn registry_file(folder: &Path, relative: &str) -> Option<PathBuf> {
    let mut indexes: Vec<PathBuf> = std::fs::read_dir(folder).ok()?.flatten().map(|e| e.path()).collect();
    indexes.sort();
    indexes.into_iter().map(|index| index.join(relative)).find(|m| m.is_file())
}

/// The root manifest of the workspace `manifest` belongs to: the manifest itself when it has a
/// `[workspace]` table, else the nearest one above it that has one.
fn workspace_of(manifest: &Path) -> Option<PathBuf> {
    manifest
        .parent()?
        .ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|candidate| std::fs::read_to_string(candidate).is_ok_and(|text| text.contains("[workspace")))
}

/// `package.authors` and `package.description` of a manifest (each following `workspace =
/// true`); empty if unreadable.
fn manifest_facts(manifest: &Path, workspace_manifest: Option<&Path>) -> (Vec<String>, Option<String>) {
    let read = |path: &Path| -> Option<toml::Table> { toml::from_str(&std::fs::read_to_string(path).ok()?).ok() };
    let Some(table) = read(manifest) else { return (Vec::new(), None) };
    let workspace = std::cell::OnceCell::new();
    let field = |key: &str| -> Option<toml::Value> {
        let value = table.get("package")?.get(key)?;
        if value.get("workspace").is_some() {
            let workspace = workspace.get_or_init(|| workspace_manifest.and_then(read));
            workspace.as_ref()?.get("workspace")?.get("package")?.get(key).cloned()
        } else {
            Some(value.clone())
        }
    };
    let authors = field("authors")
        .and_then(|v| v.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()))
        .unwrap_or_default();
    let description = field("description")
        .and_then(|v| v.as_str().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|d| !d.is_empty());
    (authors, description)
}

/// What the answer depends on besides files.
fn request_key(request: &TreeRequest) -> String {
    format!(
        "{CACHE_FORMAT}\n{}\n{}\n{}\n{:?}",
        request.manifest.display(),
        request.package,
        request.target,
        request.features
    )
}

/// One line of `cargo tree --prefix depth`.
struct Line {
    depth: usize,
    name: String,
    version: String,
    origin: Origin,
    proc_macro: bool,
    license: Option<String>,
    repository: Option<String>,
    features: BTreeSet<String>,
}

/// Reads the output of `cargo tree --prefix depth --format '{p}␟{l}␟{r}␟{f}'`.
fn parse(text: &str) -> Result<ShippedGraph, String> {
    type Key = (String, String, Origin);
    let mut packages: BTreeMap<Key, ShippedPackage> = BTreeMap::new();
    let mut edges: BTreeSet<(Key, Key)> = BTreeSet::new();
    let mut root: Option<Key> = None;
    // The package at each depth of the current path; `None` below a proc-macro.
    let mut path: Vec<Option<Key>> = Vec::new();
    for raw in text.lines().filter(|l| !l.trim().is_empty()) {
        let line = parse_line(raw).ok_or_else(|| format!("unexpected line in `cargo tree` output: `{raw}`"))?;
        path.truncate(line.depth);
        if path.len() != line.depth {
            return Err(format!("`cargo tree` line deeper than its parent: `{raw}`"));
        }
        let parent = path.last().cloned();
        let key: Key = (line.name.clone(), line.version.clone(), line.origin.clone());
        if line.proc_macro || matches!(parent, Some(None)) {
            // Runs on the host; what it uses is not in the product.
            if line.proc_macro
                && line.name == "cra-derive"
                && let Some(Some(user)) = &parent
                && let Some(package) = packages.get_mut(user)
            {
                package.uses_cra_derive = true;
            }
            path.push(None);
            continue;
        }
        let entry = packages.entry(key.clone()).or_insert_with(|| ShippedPackage {
            name: line.name,
            version: line.version,
            origin: line.origin,
            license: line.license,
            repository: line.repository,
            authors: Vec::new(),
            description: None,
            features: BTreeSet::new(),
            dependencies: BTreeSet::new(),
            uses_cra_derive: false,
            lock_source: None,
            checksum: None,
        });
        entry.features.extend(line.features);
        match parent {
            Some(Some(parent)) => {
                edges.insert((parent, key.clone()));
            }
            Some(None) => unreachable!("handled above"),
            None if root.is_none() => root = Some(key.clone()),
            None => return Err(format!("`cargo tree` printed a second root: `{raw}`")),
        }
        path.push(Some(key));
    }
    let root = root.ok_or("`cargo tree` printed nothing")?;
    let mut keys: Vec<Key> = packages.keys().filter(|k| **k != root).cloned().collect();
    keys.insert(0, root);
    let index: BTreeMap<&Key, usize> = keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut ordered: Vec<ShippedPackage> = keys.iter().map(|k| packages[k].clone()).collect();
    for (from, to) in &edges {
        ordered[index[from]].dependencies.insert(index[to]);
    }
    Ok(ShippedGraph { packages: ordered })
}

fn parse_line(raw: &str) -> Option<Line> {
    let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
    let depth = raw[..digits].parse().ok()?;
    let mut fields = raw[digits..].split(SEPARATOR);
    let package = fields.next()?;
    let license = fields.next()?;
    let repository = fields.next()?;
    let features = fields.next()?;
    let features = features.strip_suffix(" (*)").unwrap_or(features);
    // `name vX (proc-macro) (/path)`: the marker comes before the source.
    let proc_macro = package.contains(" (proc-macro)");
    let package = package.replacen(" (proc-macro)", "", 1);
    let mut rest = package.as_str();
    let mut origin = Origin::CratesIo;
    if let Some(open) = rest.find(" (")
        && rest.ends_with(')')
    {
        let hint = &rest[open + 2..rest.len() - 1];
        origin = if let Some(name) = hint.strip_prefix("registry `") {
            Origin::Registry(name.trim_end_matches('`').to_owned())
        } else if hint.contains("://") {
            Origin::Git(hint.to_owned())
        } else {
            Origin::Path(PathBuf::from(hint))
        };
        rest = &rest[..open];
    }
    let (name, version) = rest.split_once(" v")?;
    let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Some(Line {
        depth,
        name: name.to_owned(),
        version: version.to_owned(),
        origin,
        proc_macro,
        license: text(license),
        repository: text(repository),
        features: features.split(',').filter(|f| !f.is_empty()).map(str::to_owned).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(depth: usize, package: &str, features: &str) -> String {
        format!("{depth}{package}{SEPARATOR}MIT{SEPARATOR}{SEPARATOR}{features}\n")
    }

    #[test]
    fn reads_the_graph_without_what_only_proc_macros_use() {
        let text = [
            line(0, "app v1.0.0 (/src/app)", "default"),
            line(1, "radio v2.0.0 (/src/radio)", "extra"),
            line(2, "cra-derive v0.1.0 (proc-macro) (/src/cra-derive)", ""),
            line(3, "syn v3.0.0", "full"),
            line(2, "itoa v1.0.0", ""),
            line(1, "itoa v1.0.0", " (*)"),
            line(1, "gitdep v0.3.0 (https://example.invalid/g.git#abc)", ""),
            line(1, "other v1.0.0 (registry `corp`)", ""),
        ]
        .concat();
        let graph = parse(&text).unwrap();
        let names: Vec<&str> = graph.packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["app", "gitdep", "itoa", "other", "radio"], "no proc-macro, nothing only it uses");
        assert_eq!(graph.product().origin, Origin::Path("/src/app".into()));
        let radio = &graph.packages[4];
        assert!(radio.uses_cra_derive);
        assert_eq!(radio.features, BTreeSet::from(["extra".to_owned()]));
        assert_eq!(radio.dependencies, BTreeSet::from([2]));
        assert_eq!(graph.product().dependencies, BTreeSet::from([1, 2, 3, 4]));
        assert_eq!(graph.packages[1].origin, Origin::Git("https://example.invalid/g.git#abc".into()));
        assert_eq!(graph.packages[3].origin, Origin::Registry("corp".into()));
        assert!(parse("garbage\n").is_err());
        assert!(parse(&line(2, "deep v1.0.0", "")).is_err());
    }
}
