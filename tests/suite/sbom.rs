//! The SBOM of every example against Cargo itself and against the official CycloneDX 1.6 JSON
//! Schema: its components are exactly the packages `cargo tree -e normal,no-proc-macro` shows for
//! the build's target and features, with Cargo's dependency edges, and it is valid CycloneDX.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::fixtures::{
    EXAMPLES, FIRMWARE, build_example, cargo, cra_outputs, host, nested_target, target_installed, workspace,
};

/// `name version` of every package `cargo tree` shows for the host, and its edges.
fn cargo_tree(package: &str, features: &[&str]) -> (BTreeSet<String>, BTreeSet<(String, String)>) {
    cargo_tree_for(package, features, host())
}

/// The same for the build target `target`.
fn cargo_tree_for(package: &str, features: &[&str], target: &str) -> (BTreeSet<String>, BTreeSet<(String, String)>) {
    let output = std::process::Command::new(cargo())
        .args(["tree", "--locked", "--offline", "-p", package, "-e", "normal,no-proc-macro", "--target", target])
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

/// The firmware's SBOM lists what Cargo compiles for the bare-metal target: its runtime
/// (cortex-m-rt) and no `inventory`, which only hosted builds link.
#[test]
fn the_firmware_sbom_lists_exactly_what_cargo_compiles_for_the_bare_metal_target() {
    let (package, target) = FIRMWARE;
    if !target_installed(target) {
        return;
    }
    let output = std::process::Command::new(cargo())
        .args(["build", "--locked", "--message-format=json", "-p", package, "--target", target])
        .current_dir(workspace())
        .env("CARGO_TARGET_DIR", nested_target("cra-e2e"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let messages: Vec<serde_json::Value> =
        String::from_utf8_lossy(&output.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let path = cra_outputs(&messages, package).join("sbom.cdx.json");
    let sbom: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let (expected, expected_edges) = cargo_tree_for(package, &[], target);
    let (actual, actual_edges) = sbom_packages(&sbom);
    assert_eq!(actual, expected, "{package} for {target}: SBOM components against `cargo tree`");
    assert_eq!(actual_edges, expected_edges, "{package} for {target}: SBOM graph against `cargo tree`");
    assert!(actual.iter().any(|p| p.starts_with("cortex-m-rt ")), "{actual:?}");
    assert!(!actual.iter().any(|p| p.starts_with("inventory ")), "{actual:?}");
    assert_valid_cyclonedx(&sbom, &path);
}

/// The executable of `package` among Cargo's messages.
fn executable(messages: &[serde_json::Value], package: &str) -> PathBuf {
    messages
        .iter()
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == package)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("{package} built an executable"))
}

/// The fields BSI TR-03183-2 v2.1 (§5.2.1 SBOM, §5.2.2 components) requires, read from the
/// guideline's list and mapped to CycloneDX 1.6 as `docs/sbom.md` says; returns what is missing.
fn tr_03183_2_missing(sbom: &serde_json::Value) -> Vec<String> {
    let mut missing = Vec::new();
    let text = |v: &serde_json::Value| v.as_str().is_some_and(|s| !s.is_empty());
    let reachable = |entity: &serde_json::Value| {
        entity["url"].as_array().is_some_and(|u| u.iter().any(text))
            || entity["contact"].as_array().is_some_and(|c| c.iter().any(|c| text(&c["email"])))
    };
    if sbom["specVersion"].as_str().is_none_or(|v| v < "1.6") {
        missing.push("CycloneDX 1.6 or later".to_owned());
    }
    if !reachable(&sbom["metadata"]["manufacturer"]) {
        missing.push("creator of the SBOM (email or URL)".to_owned());
    }
    if !text(&sbom["metadata"]["timestamp"]) {
        missing.push("timestamp".to_owned());
    }
    if !sbom["serialNumber"].as_str().is_some_and(|s| s.starts_with("urn:uuid:")) {
        missing.push("SBOM-URI (serialNumber)".to_owned());
    }
    let refs_with_entry: BTreeSet<&str> =
        sbom["dependencies"].as_array().unwrap().iter().filter_map(|d| d["ref"].as_str()).collect();
    let components =
        sbom["components"].as_array().unwrap().iter().chain(std::iter::once(&sbom["metadata"]["component"]));
    for component in components {
        let name = component["name"].as_str().unwrap_or("?");
        let property = |key: &str| {
            component["properties"].as_array().and_then(|p| p.iter().find(|p| p["name"] == key)).map(|p| &p["value"])
        };
        let reference =
            |kind: &str| component["externalReferences"].as_array().and_then(|r| r.iter().find(|r| r["type"] == kind));
        let sha512 = |hashes: &serde_json::Value| {
            hashes.as_array().is_some_and(|h| h.iter().any(|h| h["alg"] == "SHA-512" && text(&h["content"])))
        };
        let mut checks = vec![
            ("component creator (email or URL)", reachable(&component["manufacturer"])),
            ("name", text(&component["name"])),
            ("version", text(&component["version"])),
            ("filename", property("bsi:component:filename").is_some_and(text)),
            ("dependencies", component["bom-ref"].as_str().is_some_and(|r| refs_with_entry.contains(r))),
            (
                "licence (SPDX expression, declared)",
                component["licenses"][0]["expression"].is_string()
                    && component["licenses"][0]["acknowledgement"] == "declared",
            ),
            (
                "SHA-512 of the deployable",
                sha512(&component["hashes"]) || reference("distribution").is_some_and(|r| sha512(&r["hashes"])),
            ),
            ("other unique identifier (purl)", text(&component["purl"])),
            ("source code URI", reference("source-distribution").or_else(|| reference("vcs")).is_some()),
            ("URI of the deployable form", reference("distribution").is_some()),
        ];
        for property_name in ["executable", "archive", "structured"] {
            let value = property(&format!("bsi:component:{property_name}"));
            checks.push((property_name, value.is_some_and(|v| v == "true" || v == "false")));
        }
        missing.extend(checks.into_iter().filter(|(_, present)| !present).map(|(field, _)| format!("{name}: {field}")));
    }
    missing
}

/// Each package's description as `cargo metadata` reads it, whitespace collapsed:
/// `(name, version)` → description. For the platforms the examples build for (the host and the
/// firmware's Cortex-M): offline, Cargo has only the packages some build needed, and a package
/// for another platform or backend (fiat-crypto under curve25519-dalek) is not there.
fn cargo_descriptions() -> std::collections::BTreeMap<(String, String), String> {
    let output = std::process::Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", super::fixtures::host(), "--filter-platform", "thumbv7em-none-eabihf"])
        .current_dir(workspace())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            let description = p["description"].as_str()?.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(((p["name"].as_str()?.to_owned(), p["version"].as_str()?.to_owned()), description))
        })
        .collect()
}

#[test]
fn every_example_final_sbom_has_every_tr_03183_2_field_and_the_cra_data() {
    let descriptions = cargo_descriptions();
    assert!(descriptions.len() > 20, "cargo metadata was read");
    for (package, features) in EXAMPLES {
        let messages = build_example(package, features);
        let path = cra_outputs(&messages, package).join("sbom.cdx.json");
        let build_sbom = std::fs::read_to_string(&path).unwrap();
        let binary = executable(&messages, package);
        let mut sbom: serde_json::Value =
            serde_json::from_str(&cra_core::build::final_sbom(&build_sbom, &binary).unwrap()).unwrap();
        // The build-time SBOM has a timestamp only with SOURCE_DATE_EPOCH (tested below).
        sbom["metadata"]["timestamp"] = serde_json::json!("2027-01-15T08:00:00Z");
        assert_eq!(tr_03183_2_missing(&sbom), Vec::<String>::new(), "{package} {features:?}");
        assert_valid_cyclonedx(&sbom, &binary);
        let product = &sbom["metadata"]["component"];
        let types: BTreeSet<&str> =
            product["externalReferences"].as_array().unwrap().iter().filter_map(|r| r["type"].as_str()).collect();
        for expected in ["security-contact", "other", "risk-assessment"] {
            assert!(types.contains(expected), "{package}: no {expected} reference: {types:?}");
        }
        let support_end = product["properties"].as_array().unwrap().iter().find(|p| p["name"] == "cra:support-end");
        assert!(support_end.is_some_and(|p| p["value"].as_str().unwrap().len() == 7), "{package}: support end");
        assert_eq!(product["supplier"]["name"], "Example Devices GmbH");
        // Descriptions as Cargo reads them from each manifest; a supplier only for the
        // manufacturer's own packages, and the SBOM says why the others have none.
        for component in sbom["components"].as_array().unwrap() {
            let key =
                (component["name"].as_str().unwrap().to_owned(), component["version"].as_str().unwrap().to_owned());
            assert_eq!(
                component["description"].as_str(),
                descriptions.get(&key).map(String::as_str),
                "{package}: {key:?}"
            );
            let from_crates_io = component["externalReferences"].as_array().is_some_and(|references| {
                references.iter().any(|r| r["url"].as_str().is_some_and(|u| u.starts_with("https://crates.io/")))
            });
            assert_eq!(component["supplier"].is_null(), from_crates_io, "{package}: {key:?} supplier");
        }
        let policy = sbom["metadata"]["properties"].as_array().unwrap().iter().find(|p| p["name"] == "cra-rs:supplier");
        assert!(policy.is_some_and(|p| p["value"].as_str().unwrap().contains("third-party crate names none")));
    }
    // What the check reports on an SBOM without the fields.
    let bare = serde_json::json!({"specVersion": "1.5", "metadata": {"component": {"name": "p", "bom-ref": "p"}},
        "components": [], "dependencies": []});
    assert_eq!(tr_03183_2_missing(&bare).len(), 4 + 12, "every field but the name: {:?}", tr_03183_2_missing(&bare));
}

#[test]
fn builds_with_the_same_source_date_epoch_give_the_same_sbom_bytes_and_serial_number() {
    let build = || {
        let output = std::process::Command::new(cargo())
            .args(["build", "--locked", "--message-format=json", "-p", "ledger-desktop"])
            .current_dir(workspace())
            .env("CARGO_TARGET_DIR", super::fixtures::nested_target("cra-sde"))
            .env("SOURCE_DATE_EPOCH", "1800000000")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let messages: Vec<serde_json::Value> =
            String::from_utf8_lossy(&output.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
        std::fs::read(cra_outputs(&messages, "ledger-desktop").join("sbom.cdx.json")).unwrap()
    };
    let first = build();
    let clean = std::process::Command::new(cargo())
        .args(["clean", "-p", "ledger-desktop"])
        .current_dir(workspace())
        .env("CARGO_TARGET_DIR", super::fixtures::nested_target("cra-sde"))
        .output()
        .unwrap();
    assert!(clean.status.success());
    let second = build();
    assert_eq!(first, second, "same SOURCE_DATE_EPOCH, same bytes");
    let sbom: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(sbom["metadata"]["timestamp"], "2027-01-15T08:00:00Z");
    assert!(sbom["serialNumber"].as_str().unwrap().starts_with("urn:uuid:"));
}

#[test]
fn the_schema_check_rejects_what_cyclonedx_does_not_allow() {
    let mut document = serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1});
    assert!(cyclonedx_errors(&document).is_empty());
    document["components"] = serde_json::json!([{"type": "crate", "name": "x", "licenses": [{"expression": 1}]}]);
    assert_eq!(cyclonedx_errors(&document).len(), 2, "{:?}", cyclonedx_errors(&document));
}
