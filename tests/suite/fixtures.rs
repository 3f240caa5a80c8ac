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
