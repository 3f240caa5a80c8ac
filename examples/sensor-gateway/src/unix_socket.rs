//! Local status interface on Unix.

use cra_derive::CraComponent;

/// Status over a Unix socket readable only by the `sg40-admin` group.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "local-status",
    addresses(access_control, evidence(test_report = "evidence/local-status-tests.md")),
    interface(name = "unix-socket", description = "status queries on /run/sg40/status.sock")
)]
pub struct LocalStatus;
