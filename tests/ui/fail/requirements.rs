// Requirements and claim rules.
use cra_derive::CraComponent;

/// A typo in a symbolic name.
#[derive(CraComponent)]
#[cra(addresses(acess_control, evidence(test = "Cargo.toml")))]
struct Typo;

/// An ID that does not exist.
#[derive(CraComponent)]
#[cra(addresses("I.2.n", evidence(test = "Cargo.toml")))]
struct UnknownId;

/// The same requirement twice, once by name and once by ID.
#[derive(CraComponent)]
#[cra(
    addresses(access_control, evidence(test = "Cargo.toml")),
    partially_addresses("I.2.d", evidence(test = "Cargo.toml"), missing = "audit of admin paths")
)]
struct ClaimedTwice;

/// Addressed without evidence.
#[derive(CraComponent)]
#[cra(addresses(integrity))]
struct NoEvidence;

/// Partially addressed without saying what is missing.
#[derive(CraComponent)]
#[cra(partially_addresses(integrity, evidence(test = "Cargo.toml")))]
struct NoMissing;

/// Not applicable without a justification.
#[derive(CraComponent)]
#[cra(not_applicable(data_removal))]
struct NoJustification;

/// Not applicable with an empty justification.
#[derive(CraComponent)]
#[cra(not_applicable(data_removal, justification = "  "))]
struct EmptyJustification;

/// Part II always applies.
#[derive(CraComponent)]
#[cra(not_applicable(cvd_policy, justification = "we publish no policy"))]
struct PartTwoNotApplicable;

/// Annex I Part I(1) always applies.
#[derive(CraComponent)]
#[cra(not_applicable("I.1", justification = "low risk"))]
struct PartOneNotApplicable;

/// A justification on an addressed claim.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test = "Cargo.toml"), justification = "signed"))]
struct MisplacedArgument;

/// A claim that names no requirement.
#[derive(CraComponent)]
#[cra(addresses())]
struct NoRequirement;

fn main() {}
