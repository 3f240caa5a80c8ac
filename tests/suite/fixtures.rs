//! What several test modules share.

/// `[package.metadata.cra]` of a valid default-category product, for throwaway crates.
pub const METADATA: &str = r#"
[package.metadata.cra]
type = "T-1"
intended-purpose = "test product"
category = "default"
procedure = "module_a"
ce-marking = "declaration"
placed-on-market = "2027-12-11"
support-end = "2032-12"
vulnerability-contact = "psirt@example.test"
cvd-policy-url = "https://example.test/cvd"
risk-assessment = "https://example.test/risk-assessment"

[package.metadata.cra.manufacturer]
name = "Test GmbH"
postal-address = "Teststrasse 1, Berlin"
contact = "support@example.test"
"#;

/// The host's target triple (`rustc -vV`), the `TARGET` of in-process generator runs.
pub fn host() -> &'static str {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
        let output = std::process::Command::new(rustc).arg("-vV").output().expect("rustc runs");
        let text = String::from_utf8(output.stdout).expect("rustc prints UTF-8");
        text.lines().find_map(|l| l.strip_prefix("host: ")).expect("rustc -vV names the host").to_owned()
    })
}

/// The Cargo that runs the tests.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The workspace's root folder.
pub fn workspace() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The target folder of the nested Cargo runs named `name`, inside the running test's target
/// folder (`CARGO_TARGET_TMPDIR` is its `tmp/`): wherever `CARGO_TARGET_DIR` or the
/// configuration puts that folder, and never the workspace's `target/` when it is elsewhere. A
/// nested Cargo cannot share the test's own target folder (it is locked by the running build).
pub fn nested_target(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// Builds `package` of the workspace (with `features`) in [`nested_target`]`("cra-e2e")` and
/// returns Cargo's JSON messages.
pub fn build_example(package: &str, features: &[&str]) -> Vec<serde_json::Value> {
    cargo_json("build", None, package, features)
}

/// Cargo's JSON messages of `cargo <command> -p package --features ...` in `cra-e2e`, for a
/// package of the workspace or of the manifest given.
pub fn cargo_json(
    command: &str,
    manifest: Option<&std::path::Path>,
    package: &str,
    features: &[&str],
) -> Vec<serde_json::Value> {
    let manifest = manifest.map_or_else(|| workspace().join("Cargo.toml"), std::path::Path::to_path_buf);
    let output = std::process::Command::new(cargo())
        .args([command, "--locked", "--message-format=json", "-p", package, "--features", &features.join(",")])
        .arg("--manifest-path")
        .arg(manifest)
        .current_dir(workspace())
        .env("CARGO_TARGET_DIR", nested_target("cra-e2e"))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

/// The `cra` output folder of `package`'s build script among Cargo's messages.
pub fn cra_outputs(messages: &[serde_json::Value], package: &str) -> std::path::PathBuf {
    messages
        .iter()
        .filter(|m| m["reason"] == "build-script-executed")
        .filter(|m| m["package_id"].as_str().is_some_and(|id| id.contains(&format!("/{package}#"))))
        .filter_map(|m| m["out_dir"].as_str().map(|d| std::path::Path::new(d).join("cra")))
        .find(|d| d.join("declaration.json").is_file())
        .unwrap_or_else(|| panic!("the build script of {package} wrote its outputs"))
}

/// The example products, each with the feature sets it is tested with.
pub const EXAMPLES: &[(&str, &[&str])] = &[
    ("door-lock-hub", &[]),
    ("door-lock-hub", &["cloud"]),
    ("firewall-appliance", &[]),
    ("ledger-desktop", &[]),
    ("thermostat", &[]),
];

/// The firmware example and the bare-metal target it is built for.
pub const FIRMWARE: (&str, &str) = ("thermostat", "thumbv7em-none-eabihf");

/// Whether the standard library of `target` is installed; without it a test that needs it fails
/// in CI (`.ci/run` installs it) and is skipped elsewhere, saying what to run.
pub fn target_installed(target: &str) -> bool {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = std::process::Command::new(rustc).args(["--print", "sysroot"]).output().expect("rustc runs");
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_owned();
    let installed = std::path::Path::new(&sysroot).join("lib/rustlib").join(target).join("lib").is_dir();
    if !installed {
        assert!(std::env::var_os("CI").is_none(), "CI needs the target: `rustup target add {target}`");
        eprintln!("skipped: the target {target} is not installed (`rustup target add {target}`)");
    }
    installed
}
