//! The hardware watchdog.

use cra_derive::CraComponent;

/// Restarts the gateway into its last good image when a service hangs.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "watchdog",
    addresses(availability, exploitation_mitigation, evidence(test_report = "evidence/watchdog-tests.md"))
)]
pub struct Watchdog;
