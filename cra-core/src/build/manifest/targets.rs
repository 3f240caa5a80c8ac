//! A package's root files, found as Cargo's target discovery finds them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::CrateManifest;

impl CrateManifest {
    /// Root files: the library, then binaries (explicit, `src/main.rs`, `src/bin/*.rs`).
    pub fn roots(&self, with_bins: bool) -> Vec<(String, PathBuf)> {
        let dir = self.dir();
        let crate_ident = self.package().replace('-', "_");
        let mut roots: Vec<(String, PathBuf)> = self.lib().into_iter().collect();
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

    /// The library: its crate name (what other crates' code calls it, before a rename) and
    /// root file, if it has one.
    pub fn lib(&self) -> Option<(String, PathBuf)> {
        let lib = self.raw.lib.clone().unwrap_or_default();
        let lib_path = self.dir().join(lib.path.unwrap_or_else(|| "src/lib.rs".into()));
        let name = lib.name.unwrap_or_else(|| self.package()).replace('-', "_");
        lib_path.is_file().then_some((name, lib_path))
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
}
