//! Code generation, lean on purpose (its cost is paid per component in every product build):
//! one trait impl with the component's name and one registration of a constant descriptor
//! (`cra_component::__register!`: `inventory` on hosted targets, a link-section record on bare
//! metal; either keeps its statics inside its own `const _: () = { ... };`), with absolute
//! paths, so the output depends on neither the user's imports nor the prelude. The output names
//! `cra-component` only, which is `#![no_std]`: it compiles for firmware. Claims travel as one
//! JSON string, written by the grammar (`ComponentSpec::data_json`) in the format cra-core's
//! serde types read.

use std::path::PathBuf;

use cra_grammar::syntax::{ComponentSpec, Failed, parse_component};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::header::Header;

/// Expands the derive, or on mistakes the errors plus a stub impl (one error per mistake, no cascade).
pub fn expand(input: &Header) -> TokenStream {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    match parse_component(&input.ident, &input.attrs, manifest_dir.as_deref()) {
        Ok(spec) => generate(&spec, &input.generics),
        Err(failed) => fallback(input, &failed),
    }
}

/// The path of cra-component: `::cra_component`, or what `#[cra(crate = "...")]` names. A path,
/// not a token stream: interpolated, a path adds its tokens one by one, where a stream would be
/// joined to the output through the compiler each time (four times per component).
fn component_crate(crate_path: Option<&syn::Path>) -> syn::Path {
    crate_path.cloned().unwrap_or_else(|| syn::Path {
        leading_colon: Some(syn::Token![::](Span::call_site())),
        segments: std::iter::once(syn::PathSegment::from(Ident::new("cra_component", Span::call_site()))).collect(),
    })
}

fn generate(spec: &ComponentSpec, generics: &syn::Generics) -> TokenStream {
    let c = component_crate(spec.crate_path.as_ref());
    let ident = &spec.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    // One literal, written twice.
    let name = Literal::string(&spec.name);
    // The crate's version is read here, once, rather than through `env!` in every expansion:
    // Cargo sets it for the compilation that runs this macro, and a change of it is a change of
    // the manifest, which recompiles the crate.
    let version = spec.version.clone().or_else(|| std::env::var("CARGO_PKG_VERSION").ok()).unwrap_or_default();
    let data = spec.data_json();
    // Spanned on the path: a type that is not a component is reported there by the type system.
    let depends_on = spec.depends_on.iter().map(|path| quote_spanned!(path.span()=> <#path as #c::CraComponent>::NAME));
    // No `const _` around the two items: the impl names nothing, and the registration keeps its
    // statics in one of its own. Every token here is made once per component in every product
    // build, so the output is as short as it can be written (docs/performance.md).
    quote! {
        #[automatically_derived]
        impl #impl_generics #c::CraComponent for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name;
        }
        #c::__register! {
            #c::ComponentDescriptor {
                name: #name,
                version: #version,
                module_path: ::core::module_path!(),
                data: #data,
                depends_on: &[#(#depends_on),*],
            }
        }
    }
}

fn fallback(input: &Header, failed: &Failed) -> TokenStream {
    let c = component_crate(failed.crate_path.as_ref());
    let ident = &input.ident;
    let name = ident.to_string();
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let errors = failed.diagnostics.iter().map(|d| d.to_syn_error().to_compile_error());
    quote! {
        #(#errors)*
        #[automatically_derived]
        impl #impl_generics #c::CraComponent for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name;
        }
    }
}
