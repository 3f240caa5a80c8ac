//! Modules declared inside macros: the fixture product `tests/fixtures/macro-product` (each
//! idiom: `cfg_if!` with several branches, `cfg_select!`, a crate-local wrapper with
//! `cfg(feature = ...)`, a wrapper defined in a file the walk otherwise skips, a macro of
//! another shape) against its own binary and against rustc, and the walker on the sources of a
//! real crate that uses `cfg_if!`: `sha2`, from Cargo's registry cache (it is a dependency of
//! the generator itself, so every machine that builds the tests has its source).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::depinfo::{host_cfg_vars, rust_sources};
use super::example_sources::{check, compiled_sources, generator_sources};
use super::fixtures::{build_example, cargo, cra_outputs, workspace};

fn fixture() -> PathBuf {
    workspace().join("tests/fixtures/macro-product")
}

fn shown(files: &BTreeSet<PathBuf>) -> Vec<String> {
    let root = workspace();
    files.iter().map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string()).collect()
}

#[test]
fn the_macro_product_declares_exactly_what_its_binary_registers_feature_on_and_off() {
    for features in ["", "net"] {
        let output = std::process::Command::new(cargo())
            .args(["test", "--locked", "--features", features, "--manifest-path"])
            .arg(fixture().join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", super::fixtures::nested_target("cra-e2e"))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "features {features:?}: {text}{}", String::from_utf8_lossy(&output.stderr));
        assert!(text.contains("build_time_components_equal_the_run_time_registry ... ok"), "{text}");
    }
}

#[test]
fn the_macro_product_walk_reads_exactly_the_sources_rustc_compiles() {
    let manifest = fixture().join("Cargo.toml");
    let mut counts = Vec::new();
    for features in [&[][..], &["net"][..]] {
        let messages = check(Some(&manifest), "macro-product", features);
        let by_rustc = compiled_sources(&messages, &fixture());
        let by_generator = generator_sources(&messages, "macro-product");
        let own = |files: BTreeSet<PathBuf>| files.into_iter().filter(|f| f.starts_with(fixture())).collect();
        let (by_rustc, by_generator): (BTreeSet<PathBuf>, BTreeSet<PathBuf>) = (own(by_rustc), own(by_generator));
        assert_eq!(shown(&by_generator), shown(&by_rustc), "features {features:?}");
        counts.push(by_rustc.len());
    }
    assert_eq!(counts[1], counts[0] + 2, "`net` adds net.rs and net/uplink.rs: {counts:?}");
}

#[test]
fn a_macro_of_another_shape_is_said_not_guessed() {
    let messages = check(Some(&fixture().join("Cargo.toml")), "macro-product", &[]);
    let outputs = cra_outputs(&messages, "macro-product");
    let declaration: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outputs.join("declaration.json")).unwrap()).unwrap();
    let states: Vec<(String, Option<String>)> = declaration["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_owned(), c["undetermined"].as_str().map(str::to_owned)))
        .collect();
    let expected: Vec<(String, Option<String>)> = [
        ("audit", None),
        ("backend-unix", None),
        ("extra-tools", Some("declared inside `tools!` at src/main.rs:34, a macro cra-rs does not expand")),
        ("storage", None),
    ]
    .into_iter()
    .map(|(n, u)| (n.to_owned(), u.map(str::to_owned)))
    .collect();
    assert_eq!(states, expected);
    let gaps: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outputs.join("gap-report.json")).unwrap()).unwrap();
    assert_eq!(gaps["undetermined"][0]["component"], "extra-tools");
    let output = std::fs::read_to_string(outputs.parent().unwrap().parent().unwrap().join("output")).unwrap();
    assert!(
        output.lines().any(|l| l.starts_with("cargo:warning=cra: ")
            && l.contains("src/main.rs:34: `tools!` is not a macro cra-rs interprets")),
        "{output}"
    );
}

#[test]
fn the_walker_reads_exactly_the_files_rustc_compiles_of_a_real_crate_that_uses_cfg_if() {
    // sha2 is compiled for the build machine as a dependency of the generator: its unit is in
    // the door lock hub's build.
    let messages = build_example("door-lock-hub", &[]);
    let unit = messages
        .iter()
        .find(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "sha2")
        .expect("sha2 is compiled");
    let manifest = PathBuf::from(unit["manifest_path"].as_str().unwrap());
    let dir = manifest.parent().unwrap().to_path_buf();
    let rmeta = unit["filenames"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .find(|f| Path::new(f).extension().is_some_and(|e| e == "rmeta"))
        .unwrap();
    let stem = Path::new(rmeta).file_stem().unwrap().to_string_lossy().into_owned();
    let by_rustc = rust_sources(&Path::new(rmeta).with_file_name(format!("{}.d", stem.trim_start_matches("lib"))));
    assert!(
        std::fs::read_to_string(dir.join("src/lib.rs")).unwrap().contains("cfg_if!")
            || by_rustc.iter().any(|f| std::fs::read_to_string(f).unwrap().contains("cfg_if!")),
        "sha2 uses cfg_if!"
    );
    let features: BTreeSet<String> = unit["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_ascii_uppercase().replace('-', "_"))
        .collect();
    let target = host_cfg_vars()
        .into_iter()
        .map(|(k, v)| {
            let name = k.trim_start_matches("CARGO_CFG_").to_ascii_lowercase();
            (name, v.split(',').filter(|v| !v.is_empty()).map(str::to_owned).collect())
        })
        .collect();
    let krate = cra_core::build::walk::CrateInfo {
        package: "sha2".into(),
        version: unit["package_id"].as_str().unwrap().rsplit('@').next().unwrap().into(),
        dir: dir.clone(),
        roots: vec![("sha2".into(), PathBuf::from(unit["target"]["src_path"].as_str().unwrap()))],
        features,
        build_script: dir.join("build.rs").is_file(),
        externs: std::collections::BTreeMap::new(),
    };
    let cfg = cra_core::build::walk::CfgContext {
        features: krate.features.clone(),
        target,
        own_build_script: krate.build_script,
    };
    let mut scan = cra_core::build::walk::Scan::default();
    cra_core::build::walk::scan_crate(&krate, &cfg, &mut scan);
    let by_generator: BTreeSet<PathBuf> = scan.files.iter().map(PathBuf::from).collect();
    let relative = |files: &BTreeSet<PathBuf>| -> Vec<String> {
        files.iter().map(|f| f.strip_prefix(&dir).unwrap_or(f).display().to_string()).collect()
    };
    assert_eq!(relative(&by_generator), relative(&by_rustc));
    assert!(scan.warnings.is_empty(), "{:#?}", scan.warnings);
    assert!(by_rustc.len() > 3, "{by_rustc:?}");
}
