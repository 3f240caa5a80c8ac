//! The item macros whose meaning is fixed, read without a macro expander: `cfg_if!` and
//! `cfg_select!` (the first branch whose predicate holds is compiled), and crate-local
//! wrappers of the one shape
//!
//! ```text
//! macro_rules! cfg_net {
//!     ($($item:item)*) => { $( #[cfg(feature = "net")] $item )* }
//! }
//! ```
//!
//! which put their attributes on each item given to them. Anything else is not interpreted:
//! the walker follows the modules and components inside such an invocation, marks them
//! undetermined and warns (`scan.rs`).

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Item, Token};

/// One branch of a `cfg_if!` or `cfg_select!`: its predicate (none for `else` / `_`) and items.
pub(crate) struct Branch {
    /// The tokens of the predicate, as inside `cfg(...)`.
    pub predicate: Option<TokenStream>,
    /// The items of the branch.
    pub items: Vec<Item>,
}

/// What an item macro invocation is, by the last segment of its path.
pub(crate) enum Known {
    /// `cfg_if!` (crate `cfg-if`).
    CfgIf,
    /// `cfg_select!` (the standard library's).
    CfgSelect,
}

impl Known {
    /// The macro a name denotes, if its meaning is fixed.
    pub(crate) fn of(name: &str) -> Option<Known> {
        match name {
            "cfg_if" => Some(Known::CfgIf),
            "cfg_select" => Some(Known::CfgSelect),
            _ => None,
        }
    }

    /// Its branches, in order.
    pub(crate) fn branches(&self, tokens: TokenStream) -> syn::Result<Vec<Branch>> {
        match self {
            Known::CfgIf => cfg_if_branches.parse2(tokens),
            Known::CfgSelect => cfg_select_branches.parse2(tokens),
        }
    }
}

/// `if #[cfg(p)] { .. } else if #[cfg(q)] { .. } else { .. }`
fn cfg_if_branches(input: ParseStream) -> syn::Result<Vec<Branch>> {
    let mut branches = Vec::new();
    let mut first = true;
    while !input.is_empty() {
        if !first {
            input.parse::<Token![else]>()?;
        }
        let predicate = if first || input.peek(Token![if]) {
            input.parse::<Token![if]>()?;
            let attributes = input.call(Attribute::parse_outer)?;
            let [attribute] = attributes.as_slice() else {
                return Err(input.error("expected one `#[cfg(...)]` after `if`"));
            };
            if !attribute.path().is_ident("cfg") {
                return Err(syn::Error::new_spanned(attribute, "expected `#[cfg(...)]`"));
            }
            Some(attribute.meta.require_list()?.tokens.clone())
        } else {
            None
        };
        let content;
        syn::braced!(content in input);
        branches.push(Branch { predicate: predicate.clone(), items: content.call(items)? });
        first = false;
        if predicate.is_none() {
            break;
        }
    }
    if !input.is_empty() {
        return Err(input.error("unexpected tokens after the `else` branch"));
    }
    Ok(branches)
}

/// `p => { .. } q => { .. } _ => { .. }` (commas between arms allowed)
fn cfg_select_branches(input: ParseStream) -> syn::Result<Vec<Branch>> {
    let mut branches = Vec::new();
    while !input.is_empty() {
        let predicate = if input.peek(Token![_]) && input.peek2(Token![=>]) {
            input.parse::<Token![_]>()?;
            None
        } else {
            Some(input.step(|cursor| {
                let mut tokens = TokenStream::new();
                let mut rest = *cursor;
                while let Some((tree, next)) = rest.token_tree() {
                    if let TokenTree::Punct(p) = &tree
                        && p.as_char() == '='
                        && next.punct().is_some_and(|(q, _)| q.as_char() == '>')
                    {
                        return Ok((tokens, rest));
                    }
                    tokens.extend([tree]);
                    rest = next;
                }
                Err(cursor.error("expected `=>` after the predicate"))
            })?)
        };
        input.parse::<Token![=>]>()?;
        let content;
        syn::braced!(content in input);
        branches.push(Branch { predicate, items: content.call(items)? });
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
    }
    Ok(branches)
}

/// Items, to the end of the input.
pub(crate) fn items(input: ParseStream) -> syn::Result<Vec<Item>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(input.parse()?);
    }
    Ok(items)
}

/// For `macro_rules!` of the wrapper shape `($($x:item)*) => { $( <attributes> $x )* }` (one
/// rule; `*` or `+`; any delimiters), the attributes it puts on each item; `None` for any other
/// macro.
pub(crate) fn wrapper_attributes(rules: &TokenStream) -> Option<Vec<Attribute>> {
    let trees: Vec<TokenTree> = rules.clone().into_iter().collect();
    let (matcher, arrow, transcriber, rest) = match trees.as_slice() {
        [TokenTree::Group(m), TokenTree::Punct(eq), TokenTree::Punct(gt), TokenTree::Group(t), rest @ ..] => {
            (m, (eq.as_char(), gt.as_char()), t, rest)
        }
        _ => return None,
    };
    let ends = match rest {
        [] => true,
        [TokenTree::Punct(semicolon)] => semicolon.as_char() == ';',
        _ => false,
    };
    if arrow != ('=', '>') || !ends {
        return None;
    }
    // Matcher: `$ ( $ name : item ) *`
    let name = match repetition(&matcher.stream())?.as_slice() {
        [TokenTree::Punct(dollar), TokenTree::Ident(name), TokenTree::Punct(colon), TokenTree::Ident(kind)]
            if dollar.as_char() == '$' && colon.as_char() == ':' && kind == "item" =>
        {
            name.to_string()
        }
        _ => return None,
    };
    // Transcriber: `$ ( <attributes> $ name ) *`
    let body = repetition(&transcriber.stream())?;
    let [attributes @ .., TokenTree::Punct(dollar), TokenTree::Ident(last)] = body.as_slice() else {
        return None;
    };
    if dollar.as_char() != '$' || *last != name {
        return None;
    }
    let attributes: TokenStream = attributes.iter().cloned().collect();
    Attribute::parse_outer.parse2(attributes).ok()
}

/// The inside of `$( ... )*` (or `+`) when that is all of `stream`.
fn repetition(stream: &TokenStream) -> Option<Vec<TokenTree>> {
    let trees: Vec<TokenTree> = stream.clone().into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Punct(dollar), TokenTree::Group(group), TokenTree::Punct(kleene)]
            if dollar.as_char() == '$'
                && group.delimiter() == Delimiter::Parenthesis
                && matches!(kleene.as_char(), '*' | '+') =>
        {
            Some(group.stream().into_iter().collect())
        }
        _ => None,
    }
}

/// Whether tokens hold `mod name;` or mention `CraComponent`: an invocation worth reading.
pub(crate) fn may_declare(tokens: &TokenStream) -> bool {
    let mut previous_mod = false;
    let mut after_name = false;
    for tree in tokens.clone() {
        match &tree {
            TokenTree::Group(group) => {
                if may_declare(&group.stream()) {
                    return true;
                }
                previous_mod = false;
                after_name = false;
            }
            TokenTree::Ident(ident) => {
                if ident == "CraComponent" {
                    return true;
                }
                after_name = previous_mod;
                previous_mod = ident == "mod";
            }
            TokenTree::Punct(punct) => {
                if after_name && punct.as_char() == ';' {
                    return true;
                }
                previous_mod = false;
                after_name = false;
            }
            TokenTree::Literal(_) => {
                previous_mod = false;
                after_name = false;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> TokenStream {
        text.parse().unwrap()
    }

    #[test]
    fn cfg_if_and_cfg_select_branches_in_order() {
        let branches = Known::CfgIf
            .branches(tokens("if #[cfg(unix)] { mod a; } else if #[cfg(windows)] { mod b; struct S; } else { }"))
            .unwrap();
        let shape: Vec<(Option<String>, usize)> =
            branches.iter().map(|b| (b.predicate.as_ref().map(ToString::to_string), b.items.len())).collect();
        assert_eq!(shape, [(Some("unix".into()), 1), (Some("windows".into()), 2), (None, 0)]);
        let branches = Known::CfgSelect
            .branches(tokens("all(unix, target_pointer_width = \"64\") => { mod a; } , _ => { mod b; }"))
            .unwrap();
        assert_eq!(branches[0].predicate.as_ref().unwrap().to_string(), "all (unix , target_pointer_width = \"64\")");
        assert!(branches[1].predicate.is_none());
        assert!(Known::CfgIf.branches(tokens("if #[cfg(unix)] { } else { } else { }")).is_err());
        assert!(Known::CfgSelect.branches(tokens("unix { }")).is_err());
    }

    #[test]
    fn only_the_wrapper_shape_is_a_wrapper() {
        let attributes = wrapper_attributes(&tokens(
            "($($item:item)*) => { $( #[cfg(feature = \"net\")] #[cfg_attr(docsrs, doc(cfg(feature = \"net\")))] $item )* }",
        ))
        .unwrap();
        assert_eq!(attributes.len(), 2);
        assert!(wrapper_attributes(&tokens("($($i:item)+) => { $( #[cfg(unix)] $i )+ };")).is_some());
        assert!(wrapper_attributes(&tokens("($($i:item)*) => { $( #[cfg(unix)] $i )* } ($x:expr) => {}")).is_none());
        assert!(wrapper_attributes(&tokens("($($i:item)*) => { $( #[cfg(unix)] $i mod extra; )* }")).is_none());
        assert!(wrapper_attributes(&tokens("($($i:tt)*) => { $( #[cfg(unix)] $i )* }")).is_none());
        assert!(wrapper_attributes(&tokens("($($i:item)*) => { $( #[cfg(unix)] $other )* }")).is_none());
    }

    #[test]
    fn invocations_worth_reading_declare_a_module_or_mention_the_derive() {
        assert!(may_declare(&tokens("pub mod net;")));
        assert!(may_declare(&tokens("{ #[derive(CraComponent)] struct A; }")));
        assert!(!may_declare(&tokens("mod inline { fn f() {} } fn g() {}")));
        assert!(!may_declare(&tokens("let x = 1;")));
    }
}
