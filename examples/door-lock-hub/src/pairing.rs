//! Pairing of residents' phones.

use cra_derive::CraComponent;

/// Bonds phones with LE Secure Connections and stores their public keys; revokes them on request.
#[derive(CraComponent, Debug, Default)]
#[cra(
    addresses(confidentiality, evidence(design_document = "evidence/design/command-signing.md")),
    addresses(data_removal, evidence(test_report = "evidence/reports/unlock-authentication.md"))
)]
pub struct Pairing {
    /// Bonded key IDs.
    pub keys: Vec<u32>,
}
