//! Bluetooth LE transport of the door lock hub.

use cra_derive::CraComponent;

/// Bluetooth LE stack: advertising, GATT server and LE Secure Connections pairing.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "ble-stack",
    addresses(no_known_vulnerabilities, attack_surface, evidence(test_report = "evidence/ble-fuzzing.md")),
    partially_addresses(
        availability,
        evidence(test_report = "evidence/ble-fuzzing.md"),
        missing = "connection-flood resilience test on the production radio",
    ),
    interface(name = "ble-gatt", description = "GATT services for pairing and lock commands, range about 10 m")
)]
pub struct BleStack {
    /// Bonded devices.
    pub bonded: Vec<[u8; 6]>,
}

impl BleStack {
    /// Whether a device is bonded.
    pub fn is_bonded(&self, address: [u8; 6]) -> bool {
        self.bonded.contains(&address)
    }
}
