// Keys and values: unknown or repeated keys, malformed values. Evidence paths in UI tests are
// relative to trybuild's generated project, whose only file is its Cargo.toml.
use cra_derive::CraComponent;

/// An unknown key with a near miss.
#[derive(CraComponent)]
#[cra(adresses(access_control, evidence(test = "Cargo.toml")))]
struct UnknownKey;

/// A key given twice.
#[derive(CraComponent)]
#[cra(name = "first", name = "second")]
struct DuplicateName;

/// A missing `=`.
#[derive(CraComponent)]
#[cra(version "1.0")]
struct MissingEquals;

/// A value of the wrong literal type.
#[derive(CraComponent)]
#[cra(version = 1)]
struct WrongLiteral;

/// Stray tokens after a value.
#[derive(CraComponent)]
#[cra(name = "x" "y")]
struct StrayTokens;

/// Not a list.
#[derive(CraComponent)]
#[cra = "addresses"]
struct NotAList;

#[derive(CraComponent)]
#[cra(addresses(access_control, evidence(test = "Cargo.toml")))]
struct NoDescription;

/// An empty name.
#[derive(CraComponent)]
#[cra(name = "")]
struct EmptyName;

fn main() {}
