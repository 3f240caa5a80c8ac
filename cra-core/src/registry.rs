//! The registry of components linked into a program.
//!
//! `#[derive(CraComponent)]` implements [`CraComponent`] and registers one constant
//! [`ComponentDescriptor`] through `inventory`. [`components`] lists every registered component, sorted
//! by name and de-duplicated, and [`Declaration::with_registered_components`] builds a declaration
//! at run time from the registry plus product metadata.
//!
//! **Pitfall:** a library crate that nothing in the final binary references is not linked, and its
//! registrations vanish with it. If a crate holds only components, reference it from the binary:
//! `use my_components as _;`.

use serde::{Deserialize, Serialize};

use crate::claim::Claim;
use crate::declaration::{Component, Declaration, Interface};

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
    /// The component's name, unique in the product.
    const NAME: &'static str;

    /// The component's registered description.
    fn descriptor() -> Option<&'static ComponentDescriptor> {
        components().into_iter().find(|c| c.name == Self::NAME)
    }
}

/// A component as constant data, registered by the derive.
///
/// Kept lean on purpose: each field the derive fills costs compile time in every product, so the
/// description, claims and interfaces travel as one JSON string of [`ComponentData`], written
/// by the derive with the same serde types that read it.
#[derive(Debug)]
pub struct ComponentDescriptor {
    /// Name, unique in the product.
    pub name: &'static str,
    /// Version (the crate's by default).
    pub version: &'static str,
    /// The module that declares it, e.g. `lockhub::actuator`; its first segment is the crate.
    pub module_path: &'static str,
    /// [`ComponentData`] as JSON.
    pub data: &'static str,
    /// Names of the components it builds on.
    pub depends_on: &'static [&'static str],
}

/// What the derive knows of a component at expansion time, serialized into
/// [`ComponentDescriptor::data`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentData {
    /// Description.
    pub description: String,
    /// Claims in the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// External interfaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<Interface>,
}

inventory::collect!(ComponentDescriptor);

impl ComponentDescriptor {
    /// The crate that declares the component (the first segment of its module path).
    pub fn crate_name(&self) -> &'static str {
        self.module_path.split("::").next().unwrap_or_default()
    }

    /// The data written by the derive.
    pub fn data(&self) -> ComponentData {
        serde_json::from_str(self.data).expect("the derive writes valid component data")
    }

    /// The component as a document value, claims sorted by requirement.
    pub fn to_component(&self) -> Component {
        let ComponentData { description, claims, interfaces } = self.data();
        let mut component = Component {
            name: self.name.into(),
            description,
            version: self.version.into(),
            crate_name: Some(self.crate_name().into()),
            claims,
            depends_on: self.depends_on.iter().map(|d| (*d).to_owned()).collect(),
            interfaces,
            undetermined: None,
        };
        component.normalize();
        component
    }
}

/// Every component linked into this program, sorted by name, then module; identical
/// registrations (the same crate linked twice) are listed once.
pub fn components() -> Vec<&'static ComponentDescriptor> {
    let key = |c: &ComponentDescriptor| (c.name, c.module_path, c.version, c.data);
    let mut found: Vec<&'static ComponentDescriptor> = inventory::iter::<ComponentDescriptor>.into_iter().collect();
    found.sort_by(|a, b| key(a).cmp(&key(b)));
    found.dedup_by(|a, b| key(a) == key(b));
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
    pub use super::{ComponentDescriptor, CraComponent};
    pub use inventory;
}
