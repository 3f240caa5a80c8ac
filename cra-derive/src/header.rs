//! What the derive reads of the item: its outer attributes, its name and its generics. The body
//! (fields, variants) is skipped as whole token groups, never parsed: the claims live in the
//! attributes, and parsing every field's type would cost each product build time per component
//! for nothing (docs/performance.md). The compiler has already parsed the item, so a body that
//! is not Rust never reaches the derive.

use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Generics, Ident, Token, Visibility, WhereClause};

/// The parts of a `struct`, `enum` or `union` the derive's output depends on.
pub struct Header {
    /// Outer attributes: `#[cra(...)]`, doc comments, everything else the item carries.
    pub attrs: Vec<Attribute>,
    /// The type's name.
    pub ident: Ident,
    /// Its generic parameters and where clause, for the `impl`.
    pub generics: Generics,
}

impl Parse for Header {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        input.parse::<Visibility>()?;
        if input.peek(Token![struct]) {
            input.parse::<Token![struct]>()?;
        } else if input.peek(Token![enum]) {
            input.parse::<Token![enum]>()?;
        } else if input.peek(Token![union]) {
            input.parse::<Token![union]>()?;
        } else {
            return Err(input.error("expected `struct`, `enum` or `union`"));
        }
        let ident: Ident = input.parse()?;
        let mut generics: Generics = input.parse()?;
        // The where clause stands before a braced body and after a tuple struct's parentheses;
        // everything else at this level is one token tree (the body's group, or `;`).
        while !input.is_empty() {
            if input.peek(Token![where]) {
                generics.where_clause = Some(input.parse::<WhereClause>()?);
            } else {
                input.parse::<proc_macro2::TokenTree>()?;
            }
        }
        Ok(Self { attrs, ident, generics })
    }
}
