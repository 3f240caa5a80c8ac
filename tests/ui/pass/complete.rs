// The complete example of docs/attributes.md, under the strictest lints and without the prelude,
// plus a renamed cra-component dependency. Evidence paths name the generated project's Cargo.toml.
#![deny(warnings, missing_docs)]
#![no_implicit_prelude]
//! A product.

use ::cra_derive::CraComponent;

// A renamed cra-component, as `[dependencies] cra = { package = "cra-component" }` would give.
extern crate cra_component as cra;

/// Drives the lock actuator and checks every unlock request against the paired keys.
#[derive(CraComponent)]
#[cra(
    name = "lock-control",
    addresses(access_control, evidence(test = "Cargo.toml", test_report = "Cargo.toml")),
    addresses("I.2.f", evidence(design_document = "Cargo.toml")),
    partially_addresses(
        availability,
        evidence(test_report = "Cargo.toml"),
        missing = "rate limiting of BLE pairing requests",
    ),
    not_applicable(data_minimisation, justification = "processes no personal data: only key IDs"),
    depends_on(UpdateAgent),
    interface(name = "ble", description = "Bluetooth LE pairing and unlock commands from phones"),
)]
pub struct LockControl;

/// Downloads, verifies and installs signed firmware updates.
#[derive(CraComponent)]
#[cra(addresses(security_updates, evidence(test = "https://ci.example/update-signature")))]
#[cra(version = "3.1.4", depends_on(LockControl))]
pub struct UpdateAgent;

/// Reached through a renamed dependency.
#[derive(CraComponent)]
#[cra(crate = "::cra", description = "A generic buffer", addresses(integrity, evidence(test = "Cargo.toml")))]
pub enum Buffer<T: ::core::clone::Clone> {
    /// Empty.
    Empty,
    /// Holding a value.
    Full(T),
}

/// A tuple struct: its where clause follows its fields, and the impl must carry it.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test = "Cargo.toml")))]
pub struct Framed<T>(pub T)
where
    T: ::core::marker::Copy;

/// A braced struct: its where clause precedes its fields.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test = "Cargo.toml")))]
pub struct Keyed<K>
where
    K: ::core::cmp::Ord,
{
    /// The key.
    pub key: K,
}

/// A union: the derive reads attributes, name and generics of any item a derive accepts.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test = "Cargo.toml")))]
pub union Word {
    /// As a number.
    pub int: u32,
    /// As bytes.
    pub bytes: [u8; 4],
}

fn main() {
    use ::std::iter::Iterator;

    let names: ::std::vec::Vec<&str> =
        ::cra_core::registry::components().iter().map(|c| c.name).collect();
    ::std::assert_eq!(names, ["Buffer", "Framed", "Keyed", "UpdateAgent", "Word", "lock-control"]);
    let agent = <UpdateAgent as ::cra_core::registry::CraComponent>::descriptor().unwrap();
    ::std::assert_eq!(agent.version, "3.1.4");
    ::std::assert_eq!(agent.depends_on, ["lock-control"]);
    let lock = ::cra_core::registry::DescriptorExt::to_component(
        <LockControl as ::cra_core::registry::CraComponent>::descriptor().unwrap(),
    );
    ::std::assert_eq!(lock.claims.len(), 4);
    ::std::assert_eq!(lock.interfaces[0].name, "ble");
}
