//! Intrusion detection and prevention.

use cra_derive::CraComponent;

use crate::filter::PacketFilter;

/// Signature-based intrusion detection that asks the packet filter to block offending flows.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "intrusion-prevention",
    addresses(no_known_vulnerabilities, exploitation_mitigation, evidence(test_report = "evidence/ids-evaluation.md")),
    addresses(security_monitoring, evidence(design_document = "evidence/audit-log.md")),
    depends_on(PacketFilter)
)]
pub struct IntrusionPrevention {
    /// Loaded signatures.
    pub signatures: usize,
}
