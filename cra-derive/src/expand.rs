//! Code generation, lean on purpose (its cost is paid per component in every product build):
//! one trait impl with the component's name and one `inventory` registration of a constant
//! descriptor, inside `const _: () = { ... };` with absolute paths, so the output depends on
//! neither the user's imports nor the prelude. Claims travel as one JSON string written with
//! cra-core's own serde types.

use std::path::PathBuf;

use cra_core::registry::ComponentData;
use cra_core::syntax::{ComponentSpec, Failed, parse_component};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// Expands the derive, or on mistakes the errors plus a stub impl (one error per mistake, no cascade).
pub fn expand(input: &syn::DeriveInput) -> TokenStream {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    match parse_component(&input.ident, &input.attrs, manifest_dir.as_deref()) {
        Ok(spec) => generate(&spec, &input.generics),
        Err(failed) => fallback(input, &failed),
    }
}

fn private_path(crate_path: Option<&syn::Path>) -> TokenStream {
    if let Some(path) = crate_path {
        quote!(#path::registry::__private)
    } else {
        quote!(::cra_core::registry::__private)
    }
}

fn generate(spec: &ComponentSpec, generics: &syn::Generics) -> TokenStream {
    let p = private_path(spec.crate_path.as_ref());
    let ident = &spec.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let name = &spec.name;
    // The crate's version is read here, once, rather than through `env!` in every expansion:
    // Cargo sets it for the compilation that runs this macro, and a change of it is a change of
    // the manifest, which recompiles the crate.
    let version = spec.version.clone().or_else(|| std::env::var("CARGO_PKG_VERSION").ok()).unwrap_or_default();
    let data = ComponentData {
        description: spec.description.clone(),
        claims: spec.claims.iter().map(cra_core::syntax::ClaimItem::to_claim).collect(),
        interfaces: spec.interfaces.iter().map(cra_core::syntax::InterfaceItem::to_interface).collect(),
    };
    let data = serde_json::to_string(&data).expect("component data serializes");
    // Spanned on the path: a type that is not a component is reported there by the type system.
    let depends_on = spec.depends_on.iter().map(|path| quote_spanned!(path.span()=> <#path as #p::CraComponent>::NAME));
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #p::CraComponent for #ident #ty_generics #where_clause {
                const NAME: &'static str = #name;
            }
            #p::inventory::submit! {
                #p::ComponentDescriptor {
                    name: #name,
                    version: #version,
                    module_path: ::core::module_path!(),
                    data: #data,
                    depends_on: &[#(#depends_on),*],
                }
            }
        };
    }
}

fn fallback(input: &syn::DeriveInput, failed: &Failed) -> TokenStream {
    let p = private_path(failed.crate_path.as_ref());
    let ident = &input.ident;
    let name = ident.to_string();
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let errors = failed.diagnostics.iter().map(|d| d.to_syn_error().to_compile_error());
    quote! {
        #(#errors)*
        #[automatically_derived]
        impl #impl_generics #p::CraComponent for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name;
        }
    }
}
