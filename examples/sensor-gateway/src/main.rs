//! SG-40 sensor gateway (host simulation).
//!
//! Its module tree uses every rule rustc has for finding module files, so that the example
//! shows (and its tests check) that the declaration lists exactly the components compiled in.

// `#[path]` on an out-of-line module: the file is `src/platform/posix_impl.rs`, and the modules
// it declares are its siblings in `src/platform/`.
#[path = "platform/posix_impl.rs"]
mod platform;

// An inline module in a mod-rs file: a `#[path]` inside it is relative to `src/protocols/`.
mod protocols {
    #[path = "mqtt_client.rs"]
    pub mod mqtt;
}

// `sensors.rs` with its submodules in `sensors/`.
mod sensors;

// Only one of these is compiled, by target.
#[cfg(windows)]
mod named_pipe;
#[cfg(unix)]
mod unix_socket;

// Nothing else references the Unix hardening library; this keeps it linked, so that its
// component is in the run-time registry.
#[cfg(unix)]
use gateway_posix as _;

fn main() {
    let declaration = cra_component::embed_declaration!();
    if std::env::args().any(|a| a == "--cra-declaration") {
        print!("{declaration}");
        return;
    }
    let bus = sensors::SensorBus::default();
    println!("SG-40: {} sensors, broker {}", bus.sensors, protocols::mqtt::MqttClient::default().broker);
    platform::start();
    #[cfg(unix)]
    println!("status: {:?}", unix_socket::LocalStatus);
    #[cfg(windows)]
    println!("status: {:?}", named_pipe::LocalStatusWindows);
}

#[cfg(test)]
mod tests {
    cra_core::declaration_tests!("expected/sensor-gateway.declaration.json");
}
