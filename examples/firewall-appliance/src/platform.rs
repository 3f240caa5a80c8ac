//! Platform services: updates and vulnerability handling.

use cra_derive::CraComponent;

/// A/B firmware updates with signature check and rollback protection.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "firmware-update",
    addresses(security_updates, secure_update_distribution, evidence(design_document = "evidence/update-design.md"))
)]
pub struct FirmwareUpdate;

/// The manufacturer's vulnerability handling for BastionOS.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "psirt",
    addresses(sbom, remediation, evidence(process_record = "evidence/psirt.md")),
    addresses(security_testing, evidence(external_audit = "evidence/management-pentest.md")),
    addresses(disclosure_of_fixes, free_security_updates, evidence(policy = "evidence/psirt.md")),
    addresses(cvd_policy, vulnerability_contact, evidence(policy = "evidence/cvd-policy.md"))
)]
pub struct Psirt;
