//! What the derive reads of the item: its outer attributes, its name and its generics. The body
//! (fields, variants) is skipped as whole token groups, never parsed: the claims live in the
//! attributes, and parsing every field's type would cost each product build time per component
//! for nothing (docs/performance.md). The compiler has already parsed the item, so a body that
//! is not Rust never reaches the derive.
//!
//! The common item (no generics, no where clause) is read from its top-level tokens alone
//! ([`Header::read`]): only the `#[cra(...)]` and doc attributes become `syn` attributes, built
//! from their tokens, and neither the body nor any other attribute is looked into. Anything else
//! goes through [`Header`]'s `syn` parser, which reads the same parts.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Generics, Ident, Token, Visibility, WhereClause};

/// The parts of a `struct`, `enum` or `union` the derive's output depends on.
pub struct Header {
    /// Outer attributes: `#[cra(...)]` and doc comments, the ones the grammar reads (the `syn`
    /// parser keeps every attribute; the grammar ignores the others).
    pub attrs: Vec<Attribute>,
    /// The type's name.
    pub ident: Ident,
    /// Its generic parameters and where clause, for the `impl`.
    pub generics: Generics,
}

impl Header {
    /// Reads the item, from its top-level tokens when it has no generics and no where clause,
    /// with the `syn` parser otherwise.
    pub fn read(input: TokenStream) -> syn::Result<Self> {
        match Self::read_plain(input.clone()) {
            Some(header) => Ok(header),
            None => syn::parse2(input),
        }
    }

    /// The plain item: `#[...]* vis? (struct|enum|union) Ident (body | ;)`, where a
    /// visibility is `pub` optionally followed by its parenthesized scope. `None` for anything
    /// else, including every form this reading does not know.
    fn read_plain(input: TokenStream) -> Option<Self> {
        let mut tokens = input.into_iter().peekable();
        let mut attrs = Vec::new();
        while let Some(TokenTree::Punct(pound)) = tokens.peek() {
            if pound.as_char() != '#' {
                return None;
            }
            let pound = pound.clone();
            tokens.next();
            let Some(TokenTree::Group(group)) = tokens.next() else { return None };
            if group.delimiter() != Delimiter::Bracket {
                return None;
            }
            if !read_attribute(&pound, &group, &mut attrs) {
                return None;
            }
        }
        if matches!(tokens.peek(), Some(TokenTree::Ident(word)) if word == "pub") {
            tokens.next();
            if matches!(tokens.peek(), Some(TokenTree::Group(scope)) if scope.delimiter() == Delimiter::Parenthesis) {
                tokens.next();
            }
        }
        let Some(TokenTree::Ident(keyword)) = tokens.next() else { return None };
        if keyword != "struct" && keyword != "enum" && keyword != "union" {
            return None;
        }
        let Some(TokenTree::Ident(ident)) = tokens.next() else { return None };
        // The body: a braced group, or a parenthesized one followed by `;`, or `;` alone.
        match tokens.next()? {
            TokenTree::Group(body) if body.delimiter() == Delimiter::Brace => {}
            TokenTree::Group(body) if body.delimiter() == Delimiter::Parenthesis => {
                let Some(TokenTree::Punct(semi)) = tokens.next() else { return None };
                if semi.as_char() != ';' {
                    return None;
                }
            }
            TokenTree::Punct(semi) if semi.as_char() == ';' => {}
            _ => return None,
        }
        if tokens.next().is_some() {
            return None;
        }
        Some(Self { attrs, ident, generics: Generics::default() })
    }
}

/// Reads the attribute `#[...]` made of `pound` and `group` into `attrs` if the grammar reads it
/// (`cra` or `doc` as its whole path); any other attribute whose path starts with a name is not
/// looked into. `false` for an attribute that does not start with a name, or a form `syn`
/// rejects: the caller then falls back to the `syn` parser, which reads or reports it.
///
/// `#[cra(...)]` becomes a list whose tokens stay unread (the grammar reads them), `#[doc = "..."]`
/// a name-value pair holding the literal: the values `syn`'s parser would build, without running it
/// over tokens the grammar reads again. Any other form of either name is parsed by `syn` itself.
fn read_attribute(pound: &proc_macro2::Punct, group: &Group, attrs: &mut Vec<Attribute>) -> bool {
    let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
    // Anything but a name first goes to `syn`: above all the invisible group in which the
    // compiler hands over an attribute a `macro_rules!` wrote from a `$m:meta` fragment, which
    // `syn` looks through and this reading does not.
    let Some(TokenTree::Ident(name)) = tokens.first() else { return false };
    if name != "cra" && name != "doc" {
        return true;
    }
    // `cra::x` and other paths that merely start with the name are not the grammar's, exactly as
    // `Path::is_ident` decides for the syn parser.
    if matches!(tokens.get(1), Some(TokenTree::Punct(colon)) if colon.as_char() == ':') {
        return true;
    }
    let meta = match (name == "cra", &tokens[1..]) {
        (true, [TokenTree::Group(list)]) if list.delimiter() == Delimiter::Parenthesis => {
            syn::Meta::List(syn::MetaList {
                path: name.clone().into(),
                delimiter: syn::MacroDelimiter::Paren(syn::token::Paren(list.delim_span())),
                tokens: list.stream(),
            })
        }
        (false, [TokenTree::Punct(eq), TokenTree::Literal(text)]) if eq.as_char() == '=' => {
            syn::Meta::NameValue(syn::MetaNameValue {
                path: name.clone().into(),
                eq_token: Token![=](eq.span()),
                value: syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::new(text.clone()) }),
            })
        }
        _ => {
            let mut stream = TokenStream::new();
            stream.extend([TokenTree::Punct(pound.clone()), TokenTree::Group(group.clone())]);
            return match syn::parse::Parser::parse2(Attribute::parse_outer, stream) {
                Ok(parsed) => {
                    attrs.extend(parsed);
                    true
                }
                Err(_) => false,
            };
        }
    };
    attrs.push(Attribute {
        pound_token: Token![#](pound.span()),
        style: syn::AttrStyle::Outer,
        bracket_token: syn::token::Bracket(group.delim_span()),
        meta,
    });
    true
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

#[cfg(test)]
mod tests {
    use proc_macro2::{Delimiter, Group, TokenTree};
    use quote::ToTokens;

    use super::Header;

    /// The attributes the grammar reads (`cra` and `doc` as the whole path), as text and by kind.
    fn grammar_attrs(header: &Header) -> Vec<(String, &'static str)> {
        header
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("cra") || a.path().is_ident("doc"))
            .map(|a| {
                let kind = match &a.meta {
                    syn::Meta::Path(_) => "path",
                    syn::Meta::List(_) => "list",
                    syn::Meta::NameValue(_) => "name-value",
                };
                (a.to_token_stream().to_string(), kind)
            })
            .collect()
    }

    /// What the grammar makes of the attributes: the doc text, and the component's data or its
    /// mistakes.
    fn grammar_reads(header: &Header) -> (String, Result<String, Vec<String>>) {
        let component = cra_grammar::syntax::parse_component(&header.ident, &header.attrs, None)
            .map(|spec| spec.data_json())
            .map_err(|failed| failed.diagnostics.into_iter().map(|d| d.message).collect());
        (cra_grammar::syntax::doc_text(&header.attrs), component)
    }

    /// The plain reading gives what the `syn` parser gives, for every form it accepts.
    #[test]
    fn plain_items_read_as_syn_parses_them() {
        let items = [
            "/// Keeps keys.\n#[derive(Debug)]\n#[cra(name = \"vault\", addresses(access_control, evidence(test = \"t.rs\")))]\npub struct Vault { key: [u8; 32], map: std::collections::BTreeMap<u8, Vec<u8>> }",
            "#[cra(description = \"unit\")] struct Unit;",
            "#[cra(description = \"tuple\")] pub(crate) struct Tuple(u8, String);",
            "#[doc = \"An enum.\"] #[cra::other] #[doc(hidden)] #[cra = \"x\"] #[cra] enum Mode { A, B(u8) }",
            "#[serde(rename = \"w\")] #[cra(description = \"w\")] pub(in crate::a) union Word { a: u32, b: f32 }",
            "#[doc = r#\"Raw \"doc\".\"#] #[cra(crate = \"::cra\")] struct Raw {}",
        ];
        for item in items {
            let tokens: proc_macro2::TokenStream = item.parse().unwrap();
            let plain = Header::read_plain(tokens.clone()).unwrap_or_else(|| panic!("read plainly: {item}"));
            let parsed: Header = syn::parse2(tokens).unwrap();
            assert_eq!(plain.ident, parsed.ident, "{item}");
            assert_eq!(grammar_attrs(&plain), grammar_attrs(&parsed), "{item}");
            assert_eq!(grammar_reads(&plain), grammar_reads(&parsed), "{item}");
            assert!(plain.generics.params.is_empty() && plain.generics.where_clause.is_none());
        }
    }

    /// An attribute a `macro_rules!` wrote from a `$m:meta` fragment reaches the derive inside an
    /// invisible group: the `syn` parser reads it, as it does the same attribute written out.
    #[test]
    fn attributes_from_macro_fragments_go_to_syn() {
        let written: proc_macro2::TokenStream =
            "/// Keeps keys.\n#[cra(addresses(access_control, evidence(test = \"t.rs\")))] struct Vault;"
                .parse()
                .unwrap();
        let fragment: proc_macro2::TokenStream =
            "cra(addresses(access_control, evidence(test = \"t.rs\")))".parse().unwrap();
        let mut wrapped: proc_macro2::TokenStream = "/// Keeps keys.\n#".parse().unwrap();
        wrapped.extend([TokenTree::Group(Group::new(
            Delimiter::Bracket,
            TokenTree::Group(Group::new(Delimiter::None, fragment)).into(),
        ))]);
        wrapped.extend("struct Vault;".parse::<proc_macro2::TokenStream>().unwrap());
        assert!(Header::read_plain(wrapped.clone()).is_none());
        let (doc, data) = grammar_reads(&Header::read(wrapped).unwrap());
        assert_eq!((doc, data), grammar_reads(&Header::read(written).unwrap()));
    }

    /// Generics, where clauses and anything unusual go to the `syn` parser, which reads them.
    #[test]
    fn other_items_go_to_syn() {
        let items = [
            "struct Generic<T> { t: T }",
            "struct Lifetime<'a>(&'a str);",
            "struct Bounded where u8: Copy { a: u8 }",
            "struct TupleBounded(u8) where u8: Copy;",
            "pub(crate) enum Const<const N: usize> { A }",
        ];
        for item in items {
            let tokens: proc_macro2::TokenStream = item.parse().unwrap();
            assert!(Header::read_plain(tokens.clone()).is_none(), "{item}");
            let header = Header::read(tokens).unwrap();
            assert!(!header.generics.params.is_empty() || header.generics.where_clause.is_some(), "{item}");
        }
    }
}
