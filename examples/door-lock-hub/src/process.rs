//! The manufacturer's vulnerability handling, declared where the product's code lives.

use cra_derive::CraComponent;

/// Vulnerability handling for LockHub over its support period: intake, triage, fixes, advisories.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "vulnerability-handling",
    addresses(sbom, evidence(sbom = "evidence/process/psirt.md")),
    addresses(remediation, no_known_vulnerabilities, evidence(process_record = "evidence/process/psirt.md")),
    addresses(security_testing, evidence(policy = "evidence/process/security-testing.md")),
    addresses(
        disclosure_of_fixes,
        free_security_updates,
        evidence(policy = "evidence/process/psirt.md", process_record = "expected/security/dlh-2026-001.csaf.json")
    ),
    // security.txt is written by `cargo cra security-txt` from the metadata (RFC 9116).
    addresses(
        cvd_policy,
        vulnerability_contact,
        evidence(policy = "evidence/process/cvd-policy.md", policy = "security/security.txt")
    )
)]
pub struct VulnerabilityHandling;
