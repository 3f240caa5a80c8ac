//! How the manufacturer handles vulnerabilities of the SG-40 (Annex I Part II), and its risk
//! assessment.

use cra_derive::CraComponent;

/// Vulnerability handling: SBOM per release, triage, fixes, advisories, signed updates.
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
        security_updates,
        secure_update_distribution,
        free_security_updates,
        security_monitoring,
        evidence(design_document = "evidence/update-design.md")
    ),
    addresses(disclosure_of_fixes, cvd_policy, vulnerability_contact, evidence(policy = "evidence/cvd-policy.md")),
    not_applicable(data_minimisation, justification = "processes sensor readings only: no personal data"),
    not_applicable(data_removal, justification = "stores no user data; readings are forwarded and not kept"),
    not_applicable(
        confidentiality,
        justification = "stores no data at rest; readings in transit are covered by the MQTT uplink"
    )
)]
pub struct VulnerabilityHandling;
