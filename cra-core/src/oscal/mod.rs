//! OSCAL 1.1 for governance, risk and compliance tools: the requirement catalogue of Annex I
//! as an OSCAL catalog ([`catalog`]) and a declaration as an OSCAL component definition
//! ([`component_definition`]): one component per cra-rs component and one for the product, each
//! with its claims as implemented requirements against the catalog, and the evidence as
//! back-matter resources with their SHA-256.
//!
//! What OSCAL cannot say in its own words is said in properties of the regulation's namespace
//! (its ELI, [`NS`]): the requirement state `not_assessed`, which OSCAL's implementation statuses
//! lack, the category, the procedure and whether the declaration is complete or a draft. A draft
//! is exported, and marked as one (Art. 28(1): only a complete declaration states conformity).
//!
//! UUIDs are name-based (version 5) from the product, component and requirement, so the same
//! declaration gives the same bytes and a requirement keeps its UUID across releases.

mod catalog;
mod component_definition;

pub use catalog::{CATALOG_FILE, catalog};
pub use component_definition::component_definition;

/// The OSCAL version the documents are written for.
pub const OSCAL_VERSION: &str = "1.1.2";

/// The namespace of the properties OSCAL does not define: the regulation's European Legislation
/// Identifier.
pub const NS: &str = crate::catalogue::ACT.eli;

/// A name-based UUID for `what` (`catalog`, `component:<name>`, …) in cra-rs's names.
fn uuid(what: &str) -> String {
    crate::digest::uuid_v5(&format!("urn:cra-rs:oscal:{what}"))
}

/// An OSCAL control ID for a requirement: its ID in lower case (`I.2.a` → `i.2.a`).
fn control_id(requirement: crate::catalogue::RequirementId) -> String {
    requirement.as_str().to_ascii_lowercase()
}
