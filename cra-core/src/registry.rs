//! The registry of components linked into a program.
//!
//! `#[derive(CraComponent)]` implements [`CraComponent`] and registers one constant
//! [`ComponentDescriptor`], both from `cra-component`, the crate product code links: through
//! `inventory` on hosted targets, as a link-section record on bare metal. [`components`] lists
//! every component registered in this (hosted) program, sorted by name and de-duplicated, and
//! [`Declaration::with_registered_components`] builds a declaration at run time from the
//! registry plus product metadata. A firmware's registry is read from its image instead
//! (`cargo cra extract`, [`cra_component::record`]).
//!
//! **Pitfall:** a library crate that nothing in the final binary references is not linked, and its
//! registrations vanish with it. If a crate holds only components, reference it from the binary:
//! `use my_components as _;`.

use serde::{Deserialize, Serialize};

pub use cra_component::record::COMPONENT_SECTION;
pub use cra_component::{ComponentDescriptor, CraComponent};

use crate::claim::Claim;
use crate::declaration::{Component, Declaration, Interface};

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

/// What cra-core reads from a [`ComponentDescriptor`] (the type lives in `cra-component`, the
/// crate product code links, so these are a trait's methods).
pub trait DescriptorExt {
    /// The data written by the derive.
    fn data(&self) -> ComponentData;

    /// The component as a document value, claims sorted by requirement.
    fn to_component(&self) -> Component;
}

impl DescriptorExt for ComponentDescriptor {
    fn data(&self) -> ComponentData {
        serde_json::from_str(self.data).expect("the derive writes valid component data")
    }

    fn to_component(&self) -> Component {
        let depends_on = self.depends_on.iter().map(|d| (*d).to_owned()).collect();
        component(self.name, self.version, self.crate_name(), depends_on, self.data())
    }
}

/// A component as a document value, claims sorted by requirement: from a registered descriptor
/// or from an image's record, alike.
fn component(name: &str, version: &str, crate_name: &str, depends_on: Vec<String>, data: ComponentData) -> Component {
    let ComponentData { description, claims, interfaces } = data;
    let mut component = Component {
        name: name.into(),
        description,
        version: version.into(),
        crate_name: Some(crate_name.into()),
        claims,
        depends_on,
        interfaces,
        undetermined: None,
    };
    component.normalize();
    component
}

/// Why an image's component section cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImageError {
    /// The bytes are not records of this format.
    #[error("{0}")]
    Record(cra_component::record::RecordError),
    /// A record's data is not the derive's JSON.
    #[error("component `{name}`: its data is not what the derive writes: {message}")]
    Data {
        /// The component.
        name: String,
        /// What the JSON reader said.
        message: String,
    },
}

/// The components recorded in a bare-metal image's `.cra_components` section
/// ([`cra_component::record`]), in the order the linker placed them.
pub fn image_components(section: &[u8]) -> Result<Vec<Component>, ImageError> {
    cra_component::record::records(section)
        .map(|record| {
            let record = record.map_err(ImageError::Record)?;
            let data: ComponentData = serde_json::from_str(record.data)
                .map_err(|e| ImageError::Data { name: record.name.to_owned(), message: e.to_string() })?;
            let depends_on = record.depends_on().map(str::to_owned).collect();
            Ok(component(record.name, record.version, record.crate_name(), depends_on, data))
        })
        .collect()
}

/// Every component linked into this program, sorted by name, then module; identical
/// registrations (the same crate linked twice) are listed once.
pub fn components() -> Vec<&'static ComponentDescriptor> {
    let key = |c: &ComponentDescriptor| (c.name, c.module_path, c.version, c.data);
    let mut found: Vec<&'static ComponentDescriptor> = cra_component::registered().collect();
    found.sort_by(|a, b| key(a).cmp(&key(b)));
    found.dedup_by(|a, b| key(a) == key(b));
    found
}

impl Declaration {
    /// Replaces the components with every component registered in this program, and normalizes
    /// the declaration for byte-stable output.
    #[must_use]
    pub fn with_registered_components(mut self) -> Declaration {
        self.components = components().into_iter().map(DescriptorExt::to_component).collect();
        self.normalize();
        self
    }
}
