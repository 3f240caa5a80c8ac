//! Platform services, loaded with `#[path]`: its submodules are siblings of this file.

mod process;
mod watchdog;

/// Starts the platform services.
pub fn start() {
    let _ = (watchdog::Watchdog, process::VulnerabilityHandling);
}
