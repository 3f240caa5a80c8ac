//! A product named and versioned like a registry crate that is in its own graph (a fork or a
//! patched copy built as the product): `name@version` is then ambiguous to Cargo, and the
//! generator must name the product by its full package ID.

use std::path::PathBuf;

use cra_core::build::{BuildEnv, Builder};

use super::fixtures::{METADATA, cargo, host, workspace};

/// The version of `itoa` in the workspace's Cargo.lock: the registry copy the fork shadows.
fn locked_itoa_version() -> String {
    let lock = std::fs::read_to_string(workspace().join("Cargo.lock")).unwrap();
    let at = lock.find("name = \"itoa\"\nversion = \"").expect("the workspace locks itoa");
    let rest = &lock[at + "name = \"itoa\"\nversion = \"".len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// A throwaway product `itoa` at the registry's version, depending on serde_json (which
/// depends on the registry's itoa), in a folder whose last component is not the package name
/// and whose path has a space, a non-ASCII letter and `%` (percent-encoded in the ID).
fn fork(version: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cra twin ü 100%-{}", std::process::id())).join("fork");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"itoa\"\nversion = \"{version}\"\nedition = \"2024\"\nlicense = \"MIT\"\n\n[dependencies]\nserde_json = \"1\"\n\n[workspace]\n{METADATA}"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/lib.rs"), "//! A fork.\n").unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let output = std::process::Command::new(cargo())
        .args(["update", "--workspace", "--offline", "--quiet"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    dir
}

#[test]
fn a_product_named_like_a_registry_crate_in_its_own_graph_is_named_by_its_package_id() {
    let version = locked_itoa_version();
    let dir = fork(&version);
    // Cargo itself refuses `itoa@<version>` here: the case is real, not hypothetical.
    let ambiguous = std::process::Command::new(cargo())
        .args(["tree", "--offline", "--locked", "--package", &format!("itoa@{version}")])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!ambiguous.status.success());
    assert!(String::from_utf8_lossy(&ambiguous.stderr).contains("is ambiguous"));

    let vars: Vec<(String, String)> = vec![
        ("CARGO_MANIFEST_DIR".into(), dir.display().to_string()),
        ("OUT_DIR".into(), dir.join("out").display().to_string()),
        ("CARGO_PKG_NAME".into(), "itoa".into()),
        ("CARGO_PKG_VERSION".into(), version.clone()),
        ("TARGET".into(), host().to_owned()),
        ("CARGO".into(), cargo()),
        ("CARGO_CFG_UNIX".into(), String::new()),
    ];
    let env = BuildEnv::from_vars(vars).unwrap();
    let outputs = Builder::new().emit_to(&env, &mut Vec::new()).unwrap();
    let sbom: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outputs.sbom.unwrap()).unwrap()).unwrap();
    let product = &sbom["metadata"]["component"];
    assert_eq!(product["name"], "itoa");
    assert_eq!(product["bom-ref"], format!("itoa@{version}+path"), "the twin is told apart: {product}");
    let purls: Vec<&str> = sbom["components"].as_array().unwrap().iter().filter_map(|c| c["purl"].as_str()).collect();
    assert!(purls.contains(&format!("pkg:cargo/itoa@{version}").as_str()), "the registry's itoa ships: {purls:?}");
    assert!(purls.iter().any(|p| p.starts_with("pkg:cargo/serde_json@")), "{purls:?}");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}
