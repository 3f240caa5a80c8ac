//! The library half of the cross-crate registry test: components declared in a library crate.
//! The integration test (a binary) links this crate and declares components of its own.
#![deny(warnings, missing_docs)]
#![no_implicit_prelude]

use ::cra_derive::CraComponent;

/// Encrypted key-value storage shared by the product's services.
#[derive(CraComponent)]
#[cra(
    name = "shared-storage",
    addresses(confidentiality, evidence(test_report = "evidence/storage-report.md")),
    not_applicable(minimise_impact_on_others, justification = "local storage with no network access"),
    interface(name = "unix-socket", description = "local socket for the product's own services")
)]
pub struct SharedStorage;

/// A cache over any key type: one component whatever its parameter.
#[derive(CraComponent)]
#[cra(addresses(availability, evidence(test_report = "https://reports.example/cache-load.html")))]
pub struct Cache<K: ::core::cmp::Ord> {
    /// Entries.
    pub entries: ::std::collections::BTreeMap<K, ::std::vec::Vec<u8>>,
}

/// How the product reports security events.
#[derive(CraComponent)]
#[cra(
    addresses(security_monitoring, evidence(design_document = "evidence/storage-report.md")),
    depends_on(SharedStorage, Cache<u8>)
)]
pub enum AuditLog {
    /// Logging to the local journal.
    Journal,
    /// Logging to a remote collector.
    Remote,
}
