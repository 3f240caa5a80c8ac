//! Cargo.lock, read for the SBOM: packages with their source, checksum and dependencies.
//!
//! A small reader on the `toml` crate the generator already uses, rather than the `cargo-lock`
//! crate: that one depends on `url`, which brings about twenty crates (IDNA and Unicode tables)
//! into the build of every product, for about 2.5 s of a clean build on 2 cores. The lockfile
//! format (versions 2 to 4) is stable and small: `[[package]]` tables of `name`, `version`,
//! `source`, `checksum` and `dependencies`, each dependency written as `name`, `name version` or
//! `name version (source)` — just as precise as needed to be unambiguous.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::diagnostics::BuildError;

/// One `[[package]]` of Cargo.lock.
#[derive(Debug, Clone, Deserialize)]
pub struct Package {
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Where it comes from (`registry+…`, `sparse+…`, `git+…`); none for path packages.
    pub source: Option<String>,
    /// SHA-256 of the registry's `.crate` file, as hex.
    pub checksum: Option<String>,
    /// Dependencies, as the lockfile writes them.
    #[serde(default)]
    pub dependencies: Vec<String>,
}

impl Package {
    /// `name@version`, the SBOM's reference for the package.
    pub fn reference(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }

    /// Whether it comes from crates.io.
    pub fn is_crates_io(&self) -> bool {
        self.source.as_deref().is_some_and(|s| {
            s == "registry+https://github.com/rust-lang/crates.io-index" || s == "sparse+https://index.crates.io/"
        })
    }
}

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    package: Vec<Package>,
}

/// A parsed Cargo.lock.
pub struct Lockfile {
    /// Every package.
    pub packages: Vec<Package>,
    by_name: BTreeMap<String, Vec<usize>>,
}

impl Lockfile {
    /// Reads and parses a Cargo.lock.
    pub fn read(path: &Path) -> Result<Lockfile, BuildError> {
        let text = std::fs::read_to_string(path).map_err(|e| BuildError::io(path, &e))?;
        let raw: Raw = toml::from_str(&text).map_err(|e| BuildError::Io {
            path: path.to_path_buf(),
            message: format!("not a valid Cargo.lock: {}", e.message()),
        })?;
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, package) in raw.package.iter().enumerate() {
            by_name.entry(package.name.clone()).or_default().push(index);
        }
        Ok(Lockfile { packages: raw.package, by_name })
    }

    /// The package a dependency entry (`name`, `name version` or `name version (source)`)
    /// names.
    pub fn resolve(&self, entry: &str) -> Option<&Package> {
        let mut parts = entry.splitn(3, ' ');
        let name = parts.next()?;
        let version = parts.next();
        let source = parts.next().map(|s| s.trim_start_matches('(').trim_end_matches(')'));
        self.by_name
            .get(name)?
            .iter()
            .map(|i| &self.packages[*i])
            .find(|p| version.is_none_or(|v| p.version == v) && source.is_none_or(|s| p.source.as_deref() == Some(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_every_form_of_dependency_entry() {
        let dir = std::env::temp_dir().join(format!("cra-lockfile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("Cargo.lock");
        std::fs::write(
            &path,
            r#"version = 4

[[package]]
name = "app"
version = "1.0.0"
dependencies = ["itoa", "syn 2.0.1", "syn 3.0.0 (registry+https://github.com/rust-lang/crates.io-index)"]

[[package]]
name = "itoa"
version = "1.0.15"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "4a5f13b858c8d314ee3e8f639011f7ccefe71f97f96e50151fb991f267928e2c"

[[package]]
name = "syn"
version = "2.0.1"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "syn"
version = "3.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#,
        )
        .unwrap();
        let lock = Lockfile::read(&path).unwrap();
        let app = lock.resolve("app").unwrap();
        let deps: Vec<String> = app.dependencies.iter().map(|d| lock.resolve(d).unwrap().reference()).collect();
        assert_eq!(deps, ["itoa@1.0.15", "syn@2.0.1", "syn@3.0.0"]);
        assert!(lock.resolve("itoa").unwrap().is_crates_io());
        assert!(lock.resolve("serde").is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
