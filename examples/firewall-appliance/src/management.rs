//! Remote administration.

use cra_derive::CraComponent;

use crate::filter::PacketFilter;
use crate::platform::FirmwareUpdate;

/// Web UI and REST API for administrators, with per-user accounts and mandatory second factor.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "management-api",
    addresses(access_control, confidentiality, evidence(external_audit = "evidence/management-pentest.md")),
    addresses(integrity, evidence(design_document = "evidence/audit-log.md")),
    addresses(data_minimisation, evidence(threat_model = "evidence/threat-model.md")),
    addresses(data_removal, evidence(test_report = "evidence/rule-engine-tests.md")),
    depends_on(PacketFilter, FirmwareUpdate),
    interface(name = "https-admin", description = "HTTPS web UI and REST API on the LAN management port only")
)]
pub struct ManagementApi {
    /// Active sessions.
    pub sessions: usize,
}
