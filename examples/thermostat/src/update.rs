//! Firmware updates.

use cra_derive::CraComponent;

/// Installs a new firmware only when its Ed25519 signature verifies against the manufacturer's
/// key in the boot ROM, into the inactive slot, and boots back into the old one when the new
/// one does not confirm itself.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "firmware-update",
    addresses(
        security_updates,
        integrity,
        secure_update_distribution,
        evidence(design_document = "evidence/update-design.md")
    )
)]
pub struct FirmwareUpdate;
