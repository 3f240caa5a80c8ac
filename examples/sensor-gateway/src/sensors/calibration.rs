//! Calibration tables, signed by the manufacturer.

use cra_derive::CraComponent;

/// Loads calibration tables only with a valid manufacturer signature.
#[derive(CraComponent, Debug, Default)]
#[cra(
    name = "calibration",
    addresses(integrity, secure_by_default, evidence(design_document = "evidence/calibration-signing.md"))
)]
pub struct Calibration;
