//! Code generation: one `static` descriptor, one trait impl, one `inventory` registration per
//! component, all inside `const _: () = { ... };` with absolute paths, so the output depends on
//! neither the user's imports nor the prelude.

use std::path::PathBuf;

use cra_core::syntax::{ClaimKeyword, ComponentSpec, Failed, parse_component};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
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
    let description = &spec.description;
    let version =
        if let Some(version) = &spec.version { quote!(#version) } else { quote!(::core::env!("CARGO_PKG_VERSION")) };
    let claims = spec.claims.iter().map(|claim| {
        let requirement = format_ident!("{}", claim.requirement.variant_name());
        let (status, note) = match claim.keyword {
            ClaimKeyword::Addresses => (quote!(Addressed), String::new()),
            ClaimKeyword::PartiallyAddresses => {
                (quote!(PartiallyAddressed), claim.missing.as_ref().map(|m| m.value.clone()).unwrap_or_default())
            }
            ClaimKeyword::NotApplicable => {
                (quote!(NotApplicable), claim.justification.as_ref().map(|j| j.value.clone()).unwrap_or_default())
            }
        };
        let evidence = claim.evidence.iter().map(|e| {
            let kind = format_ident!("{}", e.kind.variant_name());
            let (location, is_url) = match &e.location {
                cra_core::evidence::Location::Path(path) => (path, false),
                cra_core::evidence::Location::Url(url) => (url, true),
            };
            quote!(#p::EvidenceDescriptor { kind: #p::EvidenceKind::#kind, location: #location, is_url: #is_url })
        });
        quote! {
            #p::ClaimDescriptor {
                requirement: #p::RequirementId::#requirement,
                status: #p::ClaimStatus::#status,
                evidence: &[#(#evidence),*],
                note: #note,
            }
        }
    });
    // Spanned on the path: a type that is not a component is reported there by the type system.
    let depends_on =
        spec.depends_on.iter().map(|path| quote_spanned!(path.span()=> || <#path as #p::CraComponent>::DESCRIPTOR));
    let interfaces = spec.interfaces.iter().map(|i| {
        let (name, description) = (&i.name.value, &i.description.value);
        quote!((#name, #description))
    });
    quote! {
        #[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
        const _: () = {
            static DESCRIPTOR: #p::ComponentDescriptor = #p::ComponentDescriptor {
                name: #name,
                description: #description,
                version: #version,
                crate_name: ::core::env!("CARGO_PKG_NAME"),
                module_path: ::core::module_path!(),
                claims: &[#(#claims),*],
                depends_on: &[#(#depends_on),*],
                interfaces: &[#(#interfaces),*],
            };
            #[automatically_derived]
            impl #impl_generics #p::CraComponent for #ident #ty_generics #where_clause {
                const DESCRIPTOR: &'static #p::ComponentDescriptor = &DESCRIPTOR;
            }
            #p::inventory::submit! { #p::Registration(&DESCRIPTOR) }
        };
    }
}

fn fallback(input: &syn::DeriveInput, failed: &Failed) -> TokenStream {
    let p = private_path(failed.crate_path.as_ref());
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let errors = failed.diagnostics.iter().map(|d| d.to_syn_error().to_compile_error());
    quote! {
        #(#errors)*
        #[automatically_derived]
        impl #impl_generics #p::CraComponent for #ident #ty_generics #where_clause {
            const DESCRIPTOR: &'static #p::ComponentDescriptor = &#p::STUB;
        }
    }
}
