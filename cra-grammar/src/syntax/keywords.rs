//! Every keyword of the `#[cra(...)]` grammar, in one place.

/// The attribute's own name: `#[cra(...)]`.
pub const CRA: &str = "cra";

/// `name = "..."`: the component's name (default: the type's name).
pub const NAME: &str = "name";
/// `description = "..."`: what the component does (default: the `///` doc comment).
pub const DESCRIPTION: &str = "description";
/// `version = "..."`: the component's version (default: the crate's).
pub const VERSION: &str = "version";
/// `crate = "..."`: path of cra-core when the dependency is renamed.
pub const CRATE: &str = "crate";
/// `addresses(requirement, evidence(...))`.
pub const ADDRESSES: &str = "addresses";
/// `partially_addresses(requirement, evidence(...), missing = "...")`.
pub const PARTIALLY_ADDRESSES: &str = "partially_addresses";
/// `not_applicable(requirement, justification = "...")`.
pub const NOT_APPLICABLE: &str = "not_applicable";
/// `depends_on(TypeA, TypeB)`: components this one builds on.
pub const DEPENDS_ON: &str = "depends_on";
/// `interface(name = "...", description = "...")`: an external interface.
pub const INTERFACE: &str = "interface";

/// Inside a claim: `evidence(kind = "path or URL", ...)`.
pub const EVIDENCE: &str = "evidence";
/// Inside `partially_addresses(...)`: what is missing.
pub const MISSING: &str = "missing";
/// Inside `not_applicable(...)`: why it does not apply.
pub const JUSTIFICATION: &str = "justification";

/// Keys allowed directly inside `#[cra(...)]`.
pub const TOP_LEVEL: &[&str] =
    &[NAME, DESCRIPTION, VERSION, CRATE, ADDRESSES, PARTIALLY_ADDRESSES, NOT_APPLICABLE, DEPENDS_ON, INTERFACE];

/// Keys allowed inside a claim after the requirement.
pub const CLAIM_ARGUMENTS: &[&str] = &[EVIDENCE, MISSING, JUSTIFICATION];

/// Keys allowed inside `interface(...)`.
pub const INTERFACE_ARGUMENTS: &[&str] = &[NAME, DESCRIPTION];
