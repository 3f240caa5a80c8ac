//! Remote unlock through the vendor cloud (feature `cloud`).

use cra_derive::CraComponent;

/// Relays remote unlock requests from the vendor cloud over MQTT with mutual TLS.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "cloud-sync",
    addresses(confidentiality, availability, evidence(design_document = "evidence/design/architecture.md")),
    interface(
        name = "mqtt-tls",
        description = "outbound MQTT over TLS 1.3 to the vendor cloud, client certificate per hub"
    )
)]
pub struct CloudSync {
    /// Broker host.
    pub broker: String,
}
