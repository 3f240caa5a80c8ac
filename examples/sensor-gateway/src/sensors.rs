//! Wired sensors; calibration lives in `sensors/calibration.rs`.

mod calibration;

use cra_derive::CraComponent;

/// Reads the wired sensors and rejects readings outside their calibrated range.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "sensor-bus",
    addresses(integrity, evidence(test_report = "evidence/sensor-input-tests.md")),
    depends_on(calibration::Calibration)
)]
pub struct SensorBus {
    /// Connected sensors.
    pub sensors: u8,
}
