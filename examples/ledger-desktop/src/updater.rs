//! Application updates.

use cra_derive::CraComponent;

/// Checks for signed updates daily, installs security updates automatically unless the user opts out.
#[derive(CraComponent, Debug, Default)]
#[cra(
    addresses(security_updates, secure_update_distribution, evidence(test_report = "evidence/updater-tests.md")),
    interface(name = "update-feed", description = "outbound HTTPS to the update server; signed manifests")
)]
pub struct Updater;
