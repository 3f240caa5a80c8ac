//! Local status interface on Windows.

use cra_derive::CraComponent;

/// Status over a named pipe restricted to administrators.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "local-status-windows",
    addresses(access_control, evidence(test_report = "evidence/local-status-tests.md")),
    interface(name = "named-pipe", description = "status queries on \\\\.\\pipe\\sg40-status")
)]
pub struct LocalStatusWindows;
