//! MQTT uplink, loaded with `#[path]` from an inline module of `main.rs`.

use cra_derive::CraComponent;

/// Publishes readings to the plant broker over TLS 1.3 with a client certificate.
#[derive(CraComponent, Debug)]
#[cra(
    name = "mqtt-uplink",
    addresses(confidentiality, integrity, evidence(test_report = "evidence/mqtt-tls-tests.md")),
    interface(name = "mqtt", description = "MQTT over TLS 1.3 to the plant broker, port 8883")
)]
pub struct MqttClient {
    /// Broker address.
    pub broker: &'static str,
}

impl Default for MqttClient {
    fn default() -> MqttClient {
        MqttClient { broker: "broker.plant.example:8883" }
    }
}
