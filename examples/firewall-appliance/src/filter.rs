//! Packet filtering.

use cra_derive::CraComponent;

/// Stateful packet filter: evaluates every packet against the active policy; denies inbound by default.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "packet-filter",
    addresses(appropriate_cybersecurity, attack_surface, evidence(threat_model = "evidence/threat-model.md")),
    addresses(
        secure_by_default,
        availability,
        minimise_impact_on_others,
        evidence(test_report = "evidence/rule-engine-tests.md")
    ),
    interface(name = "wan", description = "internet uplink, no services listening"),
    interface(name = "lan", description = "internal network, DHCP and DNS forwarder only")
)]
pub struct PacketFilter {
    /// Number of active rules.
    pub rules: usize,
}
