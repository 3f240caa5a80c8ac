//! The SBOM of every example against Cargo itself and against the official CycloneDX 1.6 JSON
//! Schema: its components are exactly the packages `cargo tree -e normal,no-proc-macro` shows for
//! the build's target and features, with Cargo's dependency edges, and it is valid CycloneDX.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::fixtures::{EXAMPLES, build_example, cargo, cra_outputs, host, workspace};

/// `name version` of every package `cargo tree` shows, and its edges.
fn cargo_tree(package: &str, features: &[&str]) -> (BTreeSet<String>, BTreeSet<(String, String)>) {
    let output = std::process::Command::new(cargo())
        .args(["tree", "--locked", "--offline", "-p", package, "-e", "normal,no-proc-macro", "--target", host()])
        .args(["--features", &features.join(","), "--prefix", "depth", "--format", "{p}"])
        .current_dir(workspace())
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut packages = BTreeSet::new();
    let mut edges = BTreeSet::new();
    let mut path: Vec<String> = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let depth: usize = line[..digits].parse().unwrap();
        let mut words = line[digits..].split(' ');
        let id = format!("{} {}", words.next().unwrap(), words.next().unwrap().trim_start_matches('v'));
        path.truncate(depth);
        if let Some(parent) = path.last() {
            edges.insert((parent.clone(), id.clone()));
        }
        packages.insert(id.clone());
        path.push(id);
    }
    (packages, edges)
}

/// `name version` of every component (and the product) in an SBOM, and its edges.
fn sbom_packages(sbom: &serde_json::Value) -> (BTreeSet<String>, BTreeSet<(String, String)>) {
    let id = |c: &serde_json::Value| format!("{} {}", c["name"].as_str().unwrap(), c["version"].as_str().unwrap());
    let components: Vec<&serde_json::Value> =
        sbom["components"].as_array().unwrap().iter().chain(std::iter::once(&sbom["metadata"]["component"])).collect();
    let by_ref = |r: &str| components.iter().find(|c| c["bom-ref"] == r).map(|c| id(c)).unwrap();
    let mut edges = BTreeSet::new();
    for entry in sbom["dependencies"].as_array().unwrap() {
        for to in entry["dependsOn"].as_array().unwrap() {
            edges.insert((by_ref(entry["ref"].as_str().unwrap()), by_ref(to.as_str().unwrap())));
        }
    }
    (components.iter().map(|c| id(c)).collect(), edges)
}

/// Resolves the schema's references to the vendored files, never the network.
struct Vendored;

impl jsonschema::Retrieve for Vendored {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        let text = std::fs::read_to_string(schemas().join(name)).map_err(|e| format!("{uri}: {e}"))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn schemas() -> PathBuf {
    workspace().join("tests/fixtures/cyclonedx")
}

/// Validates `document` against the official CycloneDX 1.6 schema; panics with every error.
pub fn assert_valid_cyclonedx(document: &serde_json::Value, what: &Path) {
    let errors = cyclonedx_errors(document);
    assert!(errors.is_empty(), "{} is not valid CycloneDX 1.6:\n{}", what.display(), errors.join("\n"));
}

/// Every error of `document` against the official CycloneDX 1.6 schema.
fn cyclonedx_errors(document: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schemas().join("bom-1.6.SNAPSHOT.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::options().with_retriever(Vendored).build(&schema).expect("the schema compiles");
    validator.iter_errors(document).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn every_example_sbom_lists_exactly_what_cargo_compiles_and_is_valid_cyclonedx() {
    for (package, features) in EXAMPLES {
        let outputs = cra_outputs(&build_example(package, features), package);
        let path = outputs.join("sbom.cdx.json");
        let sbom: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let (expected, expected_edges) = cargo_tree(package, features);
        let (actual, actual_edges) = sbom_packages(&sbom);
        assert_eq!(actual, expected, "{package} {features:?}: SBOM components against `cargo tree`");
        assert_eq!(actual_edges, expected_edges, "{package} {features:?}: SBOM graph against `cargo tree`");
        assert_valid_cyclonedx(&sbom, &path);
    }
}

#[test]
fn the_schema_check_rejects_what_cyclonedx_does_not_allow() {
    let mut document = serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1});
    assert!(cyclonedx_errors(&document).is_empty());
    document["components"] = serde_json::json!([{"type": "crate", "name": "x", "licenses": [{"expression": 1}]}]);
    assert_eq!(cyclonedx_errors(&document).len(), 2, "{:?}", cyclonedx_errors(&document));
}
