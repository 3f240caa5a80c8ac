//! The module walker on every example product against rustc itself: the `.rs` files the
//! generator read (its `cargo:rerun-if-changed` lines) are exactly the Rust sources rustc's
//! dep-info lists for the crates it compiled into the product, feature on and off.
//!
//! The examples are checked with `cargo check`, whose messages name each unit's `.rmeta`; its
//! dep-info is the `.d` file beside it. (Cargo's own `target/<profile>/<bin>.d` is no reference:
//! it also lists every file the build script asked to be rerun for.) Units for the build
//! machine (build-dependencies) are compiled to `.rlib` even by `cargo check` and are left out:
//! they are not in the product.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::depinfo::rust_sources;
use super::fixtures::{EXAMPLES, cargo_json, workspace};

/// Cargo's JSON messages of `cargo check` of a package (a check names each unit's `.rmeta`).
pub fn check(manifest: Option<&Path>, package: &str, features: &[&str]) -> Vec<serde_json::Value> {
    cargo_json("check", manifest, package, features)
}

/// The Rust sources rustc read for the product's target units (libraries and binaries compiled
/// for the target, not proc-macros or build scripts) of path packages. Cargo runs rustc in the
/// workspace root `base`, and dep-info names files relative to it.
pub fn compiled_sources(messages: &[serde_json::Value], base: &Path) -> BTreeSet<PathBuf> {
    let mut sources = BTreeSet::new();
    for message in messages.iter().filter(|m| m["reason"] == "compiler-artifact") {
        let local = message["package_id"].as_str().is_some_and(|id| id.starts_with("path+"));
        let kinds: Vec<&str> =
            message["target"]["kind"].as_array().unwrap().iter().filter_map(|k| k.as_str()).collect();
        let files: Vec<&str> = message["filenames"].as_array().unwrap().iter().filter_map(|f| f.as_str()).collect();
        let for_target = files.iter().all(|f| Path::new(f).extension().is_some_and(|e| e == "rmeta"));
        if !local || !for_target || !kinds.iter().any(|k| matches!(*k, "lib" | "rlib" | "bin")) {
            continue;
        }
        for rmeta in files {
            // `deps/libname-HASH.rmeta` → `deps/name-HASH.d`
            let path = Path::new(rmeta);
            let stem = path.file_stem().unwrap().to_string_lossy();
            let dep_info = path.with_file_name(format!("{}.d", stem.strip_prefix("lib").unwrap_or(&stem)));
            sources.extend(rust_sources(&dep_info).into_iter().map(|f| base.join(f)));
        }
    }
    sources
}

/// The `.rs` files the product's build script read: its `rerun-if-changed` lines.
pub fn generator_sources(messages: &[serde_json::Value], package: &str) -> BTreeSet<PathBuf> {
    let out_dir = super::fixtures::cra_outputs(messages, package);
    let output = out_dir.parent().unwrap().parent().unwrap().join("output");
    std::fs::read_to_string(&output)
        .unwrap_or_else(|e| panic!("{}: {e}", output.display()))
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
        .map(PathBuf::from)
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect()
}

#[test]
fn every_example_walk_reads_exactly_the_sources_rustc_compiles_into_the_product() {
    let root = workspace();
    let shown = |files: &BTreeSet<PathBuf>| -> Vec<String> {
        files.iter().map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string()).collect()
    };
    let mut checked = Vec::new();
    for (package, features) in EXAMPLES {
        let messages = check(None, package, features);
        let by_rustc = compiled_sources(&messages, &root);
        let by_generator = generator_sources(&messages, package);
        assert!(by_rustc.iter().any(|p| p.ends_with("src/main.rs")), "{package}: {:?}", shown(&by_rustc));
        assert_eq!(shown(&by_generator), shown(&by_rustc), "{package} {features:?}: generator against rustc");
        checked.push(by_rustc.len());
        if *package == "door-lock-hub" {
            let packages: BTreeSet<String> =
                shown(&by_rustc).iter().map(|f| f.split("/src/").next().unwrap().to_owned()).collect();
            assert_eq!(
                packages,
                BTreeSet::from([
                    "cra-component".to_owned(),
                    "examples/door-lock-hub".into(),
                    "examples/lock-ble".into()
                ])
            );
        }
    }
    // The cloud feature adds a module file: the two door lock builds differ by exactly it.
    assert_eq!(checked[1], checked[0] + 1, "{checked:?}");
}
