//! Bank statement import.

use cra_derive::CraComponent;

use crate::storage::LedgerStore;

/// Parses bank statements (CSV, CAMT.053, MT940) chosen by the user and books them into the ledger.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "statement-import",
    addresses(attack_surface, secure_by_default, evidence(test_report = "evidence/import-fuzzing.md")),
    depends_on(LedgerStore),
    interface(name = "statement-files", description = "files the user opens; parsed, never executed")
)]
pub struct StatementImport;
