//! What several test modules share.

/// `[package.metadata.cra]` of a valid default-category product, for throwaway crates.
pub const METADATA: &str = r#"
[package.metadata.cra]
type = "T-1"
intended-purpose = "test product"
category = "default"
procedure = "module_a"
placed-on-market = "2027-12-11"
support-end = "2032-12"
vulnerability-contact = "psirt@example.test"
cvd-policy-url = "https://example.test/cvd"

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
