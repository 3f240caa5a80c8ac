//! The one `#[cra(...)]` grammar, shared by `#[derive(CraComponent)]` and the build-time
//! generator, so both accept and reject exactly the same input.
//!
//! Parsing (`attr`) reads attributes into typed items with spans; checking (`check`) applies rules
//! across items and builds a [`ComponentSpec`]; every mistake is collected ([`Ctxt`]) and reported
//! together. The grammar is documented in `docs/attributes.md`. [`ComponentSpec::data_json`]
//! writes what the derive puts into a component's descriptor.

mod attr;
mod check;
mod ctxt;
mod data;
mod docs;
pub mod keywords;
mod literal;

use std::path::Path;

pub use attr::{ClaimItem, ClaimKeyword, EvidenceItem, InterfaceItem, Spanned};
pub use check::ComponentSpec;
pub use ctxt::{Ctxt, Diagnostic};
pub use docs::doc_text;

/// A component whose attributes have mistakes.
pub struct Failed {
    /// `crate = "..."`, if it was read, so that a fallback can name the right crate.
    pub crate_path: Option<syn::Path>,
    /// Every mistake, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a component from its type name and attributes.
///
/// `manifest_dir` is where evidence paths are looked up; `None` skips the existence check.
pub fn parse_component(
    ident: &syn::Ident,
    attrs: &[syn::Attribute],
    manifest_dir: Option<&Path>,
) -> Result<ComponentSpec, Failed> {
    let cx = Ctxt::new();
    let items = attr::parse_attributes(attrs, &cx);
    let spec = check::check_component(ident, doc_text(attrs), items, manifest_dir, &cx);
    match cx.check() {
        Ok(()) => Ok(spec),
        Err(diagnostics) => Err(Failed { crate_path: spec.crate_path, diagnostics }),
    }
}
