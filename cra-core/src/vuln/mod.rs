//! Vulnerability handling across the support period (Annex I Part II; Art. 13(6)–(9); Art. 14):
//! one record per vulnerability kept in the product's repository, and what is made from it — a
//! CSAF 2.0 security advisory and VEX document, CycloneDX VEX bound to the SBOM, the Art. 14
//! reports with their deadlines, and `security.txt` (RFC 9116) from the product's metadata.
//!
//! Records are TOML files (`security/vulnerabilities/<id>.toml` by convention), read with
//! every mistake located at file, line and field like the product metadata; the JSON Schema of
//! a record is `record_schema()` (feature `schema`). docs/vulnerability-handling.md walks
//! through the lifecycle.

mod art14;
mod audit;
mod csaf;
mod cyclonedx;
#[cfg(feature = "openpgp")]
pub mod openpgp;
#[cfg(feature = "openpgp")]
pub mod provider;
mod read;
mod record;
mod security_txt;

pub use art14::{DeadlineLine, DeadlineState, Notification, ReportItem, deadlines, report};
#[cfg(feature = "vuln")]
pub use audit::audit_database;
#[cfg(feature = "build")]
pub(crate) use audit::covering;
pub use audit::{
    AUDIT_SCOPE, AdvisoryKind, AdvisoryMatch, AuditError, AuditEvidence, DatabaseRevision, audit_cargo_audit_json,
    check_ignores, crates_digest, sbom_crates,
};
pub use csaf::{CsafError, CsafKind, csaf};
pub use cyclonedx::{VexError, cyclonedx_vex};
pub use read::{ReadRecord, RecordError, check_against, parse_record, read_record, read_records, record_paths};
pub use record::{
    AdvisoryText, Cwe, Dependency, Exploitation, Fix, Incident, Justification, Record, SentReports, Status, Tlp,
    UpstreamReport,
};
pub use security_txt::{SecurityTxt, SecurityTxtError, security_txt};

/// The JSON Schema of a vulnerability record, as checked in at
/// `docs/schema/vulnerability-record-v1.schema.json`.
#[cfg(feature = "schema")]
pub fn record_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Record)).expect("a schema always serializes")
}
