//! The control loop and its Modbus interface.

use cra_derive::CraComponent;

/// Keeps the room at its setpoint and answers the building controller over Modbus RTU. Writes
/// need the commissioning PIN, which the installer must change from the factory one; failed PIN
/// attempts are logged and slow the interface down.
#[derive(CraComponent, Debug)]
#[cra(
    name = "controller",
    addresses(
        secure_by_default,
        access_control,
        security_monitoring,
        evidence(test_report = "evidence/modbus-tests.md")
    ),
    addresses(
        confidentiality,
        minimise_impact_on_others,
        attack_surface,
        exploitation_mitigation,
        data_removal,
        evidence(design_document = "evidence/firmware-design.md")
    ),
    interface(
        name = "modbus-rtu",
        description = "Modbus RTU slave on RS-485, 19200 baud: setpoints, schedule, status"
    ),
    interface(name = "debug-swd", description = "SWD debug port, locked (RDP level 2) in production units"),
    depends_on(thermo_sensor::TemperatureSensor)
)]
pub struct Controller {
    /// Setpoint in tenths of a degree Celsius.
    pub setpoint: i16,
    /// Frost protection, used while the sensor gives no good reading.
    pub frost: i16,
}

impl Default for Controller {
    fn default() -> Controller {
        Controller { setpoint: 210, frost: 70 }
    }
}

impl Controller {
    /// Whether to heat: towards the setpoint on a fresh reading; without one, only as frost
    /// protection from the last good reading.
    pub fn heat(&self, temperature: i16, fresh: bool) -> bool {
        temperature < if fresh { self.setpoint } else { self.frost }
    }
}
