//! Driver of the TH-10's temperature sensor: `#![no_std]`, no allocation, as firmware drivers
//! are. Its component is registered like any other: through `inventory` when the crate is built
//! for the host (the firmware's tests), as a record in the image's `.cra_components` section on
//! bare metal.
#![no_std]

use cra_derive::CraComponent;

/// Reads the sensor over I²C and rejects readings outside the sensor's physical range, so a
/// faulty or tampered sensor cannot drive the heating to an unsafe setpoint.
#[derive(CraComponent, Debug, Default, Clone, Copy)]
#[cra(
    name = "temperature-sensor",
    addresses(integrity, availability, evidence(test_report = "evidence/sensor-range-tests.md"))
)]
pub struct TemperatureSensor {
    /// The last accepted reading, in tenths of a degree Celsius.
    pub last: i16,
}

/// What the sensor may physically report, in tenths of a degree Celsius.
pub const RANGE: core::ops::RangeInclusive<i16> = -400..=1250;

impl TemperatureSensor {
    /// Accepts a raw reading within [`RANGE`]; keeps the last good one otherwise.
    pub fn accept(&mut self, raw: i16) -> bool {
        let good = RANGE.contains(&raw);
        if good {
            self.last = raw;
        }
        good
    }
}
