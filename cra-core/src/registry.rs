//! The registry of components linked into a program.
//!
//! `#[derive(CraComponent)]` implements [`CraComponent`] with one `static` [`ComponentDescriptor`]
//! and registers it through `inventory`. [`components`] lists every registered component, sorted
//! by name and de-duplicated, and [`Declaration::with_registered_components`] builds a declaration
//! at run time from the registry plus product metadata.
//!
//! **Pitfall:** a library crate that nothing in the final binary references is not linked, and its
//! registrations vanish with it. If a crate holds only components, reference it from the binary:
//! `use my_components as _;`.

use crate::catalogue::RequirementId;
use crate::claim::Claim;
use crate::declaration::{Component, Declaration, Interface};
use crate::evidence::{Evidence, EvidenceKind, Location};

/// A type that is a component of a product with digital elements, implemented by
/// `#[derive(CraComponent)]`.
///
/// A generic type is one component: its description does not depend on its type parameters.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a CRA component",
    label = "named in `depends_on`, but not a component",
    note = "add `#[derive(CraComponent)]` to `{Self}`, or remove it from `depends_on(...)`"
)]
pub trait CraComponent {
    /// The component's description, as constant data.
    const DESCRIPTOR: &'static ComponentDescriptor;
}

/// A component as constant data, built by the derive.
#[derive(Debug)]
pub struct ComponentDescriptor {
    /// Name, unique in the product.
    pub name: &'static str,
    /// Description (the `///` doc comment by default).
    pub description: &'static str,
    /// Version (the crate's by default).
    pub version: &'static str,
    /// The crate that declares it.
    pub crate_name: &'static str,
    /// The module that declares it, e.g. `lockhub::actuator`.
    pub module_path: &'static str,
    /// Claims, in the order written.
    pub claims: &'static [ClaimDescriptor],
    /// Components it builds on. Functions rather than references, so that two components may
    /// depend on each other without a cycle in constant evaluation.
    pub depends_on: &'static [fn() -> &'static ComponentDescriptor],
    /// External interfaces: (name, description).
    pub interfaces: &'static [(&'static str, &'static str)],
}

/// A claim as constant data.
#[derive(Debug)]
pub struct ClaimDescriptor {
    /// The requirement.
    pub requirement: RequirementId,
    /// Addressed, partially addressed or not applicable.
    pub status: ClaimStatus,
    /// Evidence.
    pub evidence: &'static [EvidenceDescriptor],
    /// What is missing (partially addressed) or why it does not apply (not applicable).
    pub note: &'static str,
}

/// The status of a claim as constant data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStatus {
    /// `addresses(...)`.
    Addressed,
    /// `partially_addresses(...)`.
    PartiallyAddressed,
    /// `not_applicable(...)`.
    NotApplicable,
}

/// Evidence as constant data.
#[derive(Debug)]
pub struct EvidenceDescriptor {
    /// Kind.
    pub kind: EvidenceKind,
    /// A path relative to the declaring crate's manifest directory, or a URL.
    pub location: &'static str,
    /// Whether `location` is a URL.
    pub is_url: bool,
}

/// One registration: what the derive submits to `inventory`.
#[doc(hidden)]
pub struct Registration(pub &'static ComponentDescriptor);

inventory::collect!(Registration);

impl ClaimDescriptor {
    /// The claim as a document value.
    pub fn to_claim(&self) -> Claim {
        let evidence: Vec<Evidence> = self
            .evidence
            .iter()
            .map(|e| Evidence {
                kind: e.kind,
                location: if e.is_url { Location::Url(e.location.into()) } else { Location::Path(e.location.into()) },
                sha256: None,
            })
            .collect();
        let requirement = self.requirement;
        match self.status {
            ClaimStatus::Addressed => Claim::Addressed { requirement, evidence },
            ClaimStatus::PartiallyAddressed => {
                Claim::PartiallyAddressed { requirement, evidence, missing: self.note.into() }
            }
            ClaimStatus::NotApplicable => Claim::NotApplicable { requirement, justification: self.note.into() },
        }
    }
}

impl ComponentDescriptor {
    /// The component as a document value, claims sorted by requirement.
    pub fn to_component(&self) -> Component {
        let mut component = Component {
            name: self.name.into(),
            description: self.description.into(),
            version: self.version.into(),
            crate_name: Some(self.crate_name.into()),
            claims: self.claims.iter().map(ClaimDescriptor::to_claim).collect(),
            depends_on: self.depends_on.iter().map(|d| d().name.to_owned()).collect(),
            interfaces: self
                .interfaces
                .iter()
                .map(|(name, description)| Interface { name: (*name).into(), description: (*description).into() })
                .collect(),
        };
        component.claims.sort_by_key(Claim::requirement);
        component.depends_on.sort();
        component.interfaces.sort();
        component
    }
}

/// Every component linked into this program, sorted by name, then crate and module;
/// registrations of the same descriptor are listed once.
pub fn components() -> Vec<&'static ComponentDescriptor> {
    let mut found: Vec<&'static ComponentDescriptor> =
        inventory::iter::<Registration>.into_iter().map(|r| r.0).collect();
    found.sort_by(|a, b| (a.name, a.crate_name, a.module_path).cmp(&(b.name, b.crate_name, b.module_path)));
    found.dedup_by(|a, b| std::ptr::eq(*a, *b));
    found
}

impl Declaration {
    /// Replaces the components with every component registered in this program, and normalizes
    /// the declaration for byte-stable output.
    #[must_use]
    pub fn with_registered_components(mut self) -> Declaration {
        self.components = components().into_iter().map(ComponentDescriptor::to_component).collect();
        self.normalize();
        self
    }
}

/// What generated code names. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use super::{
        ClaimDescriptor, ClaimStatus, ComponentDescriptor, CraComponent, EvidenceDescriptor, Registration,
    };
    pub use crate::catalogue::RequirementId;
    pub use crate::evidence::EvidenceKind;
    pub use inventory;

    /// The descriptor of a component whose attributes did not compile: the derive emits it with
    /// the error so that the user sees one error, not a cascade.
    pub static STUB: ComponentDescriptor = ComponentDescriptor {
        name: "",
        description: "",
        version: "",
        crate_name: "",
        module_path: "",
        claims: &[],
        depends_on: &[],
        interfaces: &[],
    };
}
