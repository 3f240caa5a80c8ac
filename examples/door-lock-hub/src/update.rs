//! Firmware updates.

use cra_derive::CraComponent;

/// Downloads, verifies and installs signed firmware images; automatic by default, can be postponed.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "update-agent",
    addresses(
        security_updates,
        secure_update_distribution,
        evidence(test_report = "evidence/reports/update-signature.md")
    ),
    addresses(exploitation_mitigation, evidence(design_document = "evidence/design/architecture.md")),
    not_applicable(
        minimise_impact_on_others,
        justification = "the hub sends no traffic to other devices; updates are pulled once a day"
    ),
    not_applicable(
        confidentiality,
        justification = "firmware images are public; integrity is protected by signatures"
    )
)]
pub struct UpdateAgent {
    /// Installed version.
    pub version: String,
}
