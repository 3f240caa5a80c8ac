//! Ledger Desktop: a desktop accounting application in the default category, assessed with
//! Module A (internal control).

pub mod import;
pub mod storage;
pub mod updater;

use cra_derive::CraComponent;

/// Security and vulnerability handling of Ledger Desktop as a whole.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "ledger-security",
    addresses(appropriate_cybersecurity, evidence(risk_assessment = "evidence/risk-assessment.md")),
    addresses(sbom, remediation, no_known_vulnerabilities, evidence(process_record = "evidence/process.md")),
    addresses(security_testing, evidence(test_report = "evidence/import-fuzzing.md")),
    addresses(disclosure_of_fixes, free_security_updates, evidence(policy = "evidence/process.md")),
    addresses(cvd_policy, vulnerability_contact, evidence(policy = "evidence/cvd-policy.md")),
    not_applicable(minimise_impact_on_others, justification = "a desktop application that serves no network clients"),
    not_applicable(
        access_control,
        justification = "single-user desktop application; the operating system account and the ledger password protect access"
    )
)]
pub struct LedgerSecurity;
