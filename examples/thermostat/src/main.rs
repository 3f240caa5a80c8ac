//! TH-10 room thermostat firmware.
//!
//! On the board (`--target thumbv7em-none-eabihf`) it is `#![no_std]` and `#![no_main]`, started
//! by cortex-m-rt; on the host the same control code is an ordinary program, so that
//! `cargo test` checks the declaration against the components compiled in. Its components live
//! in this binary and in the `no_std` driver crate `thermo-sensor`.
#![cfg_attr(target_os = "none", no_std)]
#![cfg_attr(target_os = "none", no_main)]

mod control;
mod process;
mod update;

use control::Controller;
use thermo_sensor::TemperatureSensor;

/// One pass of the control loop: read the sensor, decide the heating output.
fn step(controller: &Controller, sensor: &mut TemperatureSensor, raw: i16) -> bool {
    let fresh = sensor.accept(raw);
    controller.heat(sensor.last, fresh)
}

/// The firmware's entry point on the board.
#[cfg(target_os = "none")]
#[cortex_m_rt::entry]
fn main() -> ! {
    // The embedded declaration: in flash, printed by the service command `cra` of the debug
    // console, and read by `cargo cra extract` from the ELF.
    let declaration = cra_component::embed_declaration!();
    core::hint::black_box(declaration.len());
    let (controller, mut sensor) = (Controller::default(), TemperatureSensor::default());
    let _ = (update::FirmwareUpdate, process::VulnerabilityHandling);
    loop {
        let raw = core::hint::black_box(215);
        core::hint::black_box(step(&controller, &mut sensor, raw));
    }
}

/// On the board a panic stops the control loop; the hardware watchdog then restarts the
/// thermostat in frost-protection mode.
#[cfg(target_os = "none")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {
        core::hint::spin_loop();
    }
}

/// The host simulation: one pass of the control loop, or the declaration.
#[cfg(not(target_os = "none"))]
fn main() {
    let declaration = cra_component::embed_declaration!();
    if std::env::args().any(|a| a == "--cra-declaration") {
        print!("{declaration}");
        return;
    }
    let (controller, mut sensor) = (Controller::default(), TemperatureSensor::default());
    let _ = (update::FirmwareUpdate, process::VulnerabilityHandling);
    println!("TH-10: heating {}", if step(&controller, &mut sensor, 195) { "on" } else { "off" });
}

#[cfg(test)]
mod tests {
    cra_core::declaration_tests!("expected/thermostat.declaration.json");

    #[test]
    fn an_out_of_range_reading_keeps_the_last_good_one_and_falls_back_to_frost_protection() {
        let (controller, mut sensor) = (super::Controller::default(), super::TemperatureSensor::default());
        assert!(super::step(&controller, &mut sensor, 180), "18.0 °C is below the 21.0 °C setpoint");
        assert!(!super::step(&controller, &mut sensor, 9999), "no good reading: heat only below 7.0 °C");
        assert_eq!(sensor.last, 180);
    }
}
