//! `#[derive(CraComponent)]`: a product's components state which requirements of the Cyber
//! Resilience Act they address, with what evidence, or why one does not apply; the compiler
//! rejects every claim the CRA would not accept, pointing at the offending token.
//!
//! The grammar lives in `cra_grammar::syntax` (shared with the build-time generator); this crate
//! parses with it and generates code. It never writes files: expansion is cached and also run by
//! IDEs.
//!
#![doc = include_str!("../attributes.md")]

mod expand;
mod header;

use proc_macro::TokenStream;

/// Derives `cra_component::CraComponent` and registers the component. See the crate
/// documentation for the `#[cra(...)]` grammar.
#[proc_macro_derive(CraComponent, attributes(cra))]
pub fn derive_cra_component(input: TokenStream) -> TokenStream {
    let input = match header::Header::read(input.into()) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error().into(),
    };
    expand::expand(&input).into()
}
