//! The encrypted ledger file.

use cra_derive::CraComponent;

/// Stores the ledger encrypted with a key derived from the user's password; backups are encrypted too.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "ledger-store",
    addresses(
        confidentiality,
        integrity,
        data_removal,
        availability,
        evidence(test_report = "evidence/storage-tests.md")
    ),
    addresses(data_minimisation, evidence(risk_assessment = "evidence/risk-assessment.md")),
    partially_addresses(
        security_monitoring,
        evidence(test_report = "evidence/storage-tests.md"),
        missing = "a user-visible log of failed unlock attempts",
    )
)]
pub struct LedgerStore {
    /// Entries.
    pub entries: Vec<(String, i64)>,
}
