//! Unix hardening of the sensor gateway: privilege separation and a restricted file system view.

use cra_derive::CraComponent;

/// Runs each service under its own unprivileged user with a read-only root file system.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "posix-hardening",
    addresses(
        minimise_impact_on_others,
        attack_surface,
        evidence(design_document = "evidence/privilege-separation.md")
    )
)]
pub struct PosixHardening;
