//! How the manufacturer handles vulnerabilities of the TH-10 (Annex I Part II).

use cra_derive::CraComponent;

/// Vulnerability handling: SBOM per release, triage, fixes, advisories, free signed updates.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "vulnerability-handling",
    addresses(appropriate_cybersecurity, evidence(risk_assessment = "evidence/risk-assessment.md")),
    addresses(
        no_known_vulnerabilities,
        sbom,
        remediation,
        security_testing,
        evidence(process_record = "evidence/psirt.md")
    ),
    addresses(
        free_security_updates,
        disclosure_of_fixes,
        cvd_policy,
        vulnerability_contact,
        evidence(policy = "evidence/cvd-policy.md")
    )
)]
pub struct VulnerabilityHandling;
