//! A candidate item becomes a component: its `#[cra(...)]` read with the derive's grammar, its
//! cfg and place recorded.
use std::sync::Arc;

use syn::ext::IdentExt;

use super::files::{located, written_path};
use super::{Enabled, FileContext, FoundComponent, Module, Walker, Where};
use crate::declaration::Component;
use crate::syntax::parse_component;

impl Walker<'_> {
    pub(super) fn component(
        &self,
        ident: &syn::Ident,
        attrs: &[syn::Attribute],
        module: &Module,
        file: &mut FileContext,
    ) {
        let (attrs, undecided) = self.cfg.expand_cfg_attr(attrs);
        if !derives_component(&attrs) {
            return;
        }
        let at = Where::Line(ident.span().start().line);
        let undetermined = match self.enabled(&attrs, undecided, at, file) {
            Enabled::No => return,
            Enabled::Undetermined(why) => Some(why),
            Enabled::Yes => module.undetermined.clone(),
        };
        match parse_component(ident, &attrs, Some(&self.krate.dir)) {
            Ok(spec) => {
                // Only plain data leaves the walk's thread: syn's trees and spans cannot.
                let evidence_at = spec
                    .claims
                    .iter()
                    .map(|claim| claim.evidence.iter().map(|e| (e.span.start(), e.span.end())).collect())
                    .collect();
                let last_segment =
                    |path: &syn::Path| path.segments.last().map(|s| s.ident.unraw().to_string()).unwrap_or_default();
                let depends_on_written = spec.depends_on.iter().map(written_path).collect();
                let component = Component {
                    name: spec.name,
                    description: spec.description,
                    version: spec.version.unwrap_or_else(|| self.krate.version.clone()),
                    crate_name: None,
                    claims: spec.claims.iter().map(crate::syntax::claim).collect(),
                    depends_on: spec.depends_on.iter().map(last_segment).collect(),
                    interfaces: spec.interfaces.iter().map(crate::syntax::interface).collect(),
                    undetermined,
                };
                file.scan.components.push(FoundComponent {
                    package: self.krate.package.clone(),
                    crate_dir: self.krate.dir.clone(),
                    module_path: module.path.clone(),
                    file: file.path.to_path_buf(),
                    line: ident.span().start().line,
                    ident: ident.to_string(),
                    component,
                    evidence_at,
                    depends_on_written,
                    scope: Arc::default(),
                });
            }
            Err(failed) => {
                for diagnostic in failed.diagnostics {
                    let error = located(file.path, file.text, diagnostic.span, diagnostic.message, diagnostic.help);
                    file.scan.errors.push(error);
                }
            }
        }
    }
}

/// Whether `#[derive(...)]` among the attributes names `CraComponent` (by any path).
pub(super) fn derives_component(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("derive")).any(|a| {
        let mut found = false;
        let _ = a.parse_nested_meta(|meta| {
            found |= meta.path.segments.last().is_some_and(|s| s.ident == "CraComponent");
            Ok(())
        });
        found
    })
}
