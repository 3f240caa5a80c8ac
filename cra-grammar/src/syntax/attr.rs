//! Step 1: read each `#[cra(...)]` attribute into typed items that keep their spans.
//!
//! This step knows the shape of each item; rules across items live in `check.rs`. A mistake in
//! one item is recorded and parsing resumes at the next top-level comma, so every mistake is
//! reported once and none causes a cascade.

use proc_macro2::{Span, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Ident, Token};

use super::ctxt::Ctxt;
use super::keywords as kw;
use super::literal::{self, Next};
use crate::evidence::{EvidenceKind, Location};
use crate::requirements::RequirementId;
pub use crate::rules::ClaimKeyword;
use crate::suggest::{closest, did_you_mean};

/// A string value with its span.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// One piece of evidence as written.
#[derive(Debug, Clone)]
pub struct EvidenceItem {
    /// The kind.
    pub kind: EvidenceKind,
    /// The location: a URL when the text starts with a scheme (`https:`), a path otherwise.
    pub location: Location,
    /// Span of the location literal.
    pub span: Span,
}

/// One claim as written.
#[derive(Debug, Clone)]
pub struct ClaimItem {
    /// The keyword.
    pub keyword: ClaimKeyword,
    /// Span of the keyword.
    pub keyword_span: Span,
    /// The requirement.
    pub requirement: RequirementId,
    /// Span of the requirement token.
    pub requirement_span: Span,
    /// `evidence(...)` entries.
    pub evidence: Vec<EvidenceItem>,
    /// `missing = "..."`.
    pub missing: Option<Spanned<String>>,
    /// `justification = "..."`.
    pub justification: Option<Spanned<String>>,
    /// Part of the claim did not parse (and was reported): rule checks on it would only repeat
    /// that mistake, so they are skipped.
    pub damaged: bool,
}

/// One external interface as written.
#[derive(Debug, Clone)]
pub struct InterfaceItem {
    /// `name = "..."`.
    pub name: Spanned<String>,
    /// `description = "..."`.
    pub description: Spanned<String>,
}

/// One top-level item of `#[cra(...)]`.
#[derive(Clone)]
pub enum Item {
    /// `name`, `description` or `version` = "...", with the key.
    Text(&'static str, Spanned<String>),
    /// `crate = "path"`.
    Crate(Spanned<syn::Path>),
    /// The claims of one claim keyword: one per requirement named.
    Claims(Vec<ClaimItem>),
    /// `depends_on(...)`.
    DependsOn(Vec<syn::Path>),
    /// `interface(...)`.
    Interface(InterfaceItem),
}

/// Parses the content of every `#[cra(...)]` attribute in `attrs`, in order.
pub fn parse_attributes(attrs: &[syn::Attribute], cx: &Ctxt) -> Vec<Item> {
    let mut items = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident(kw::CRA)) {
        let list = match &attr.meta {
            syn::Meta::List(list) => list,
            other => {
                cx.error_with_help(
                    span_of(other),
                    "expected `#[cra(...)]`",
                    "write the component's claims inside parentheses, e.g. `#[cra(addresses(access_control, evidence(test = \"tests/auth.rs\")))]`",
                );
                continue;
            }
        };
        let parser = |input: ParseStream| {
            parse_items(input, &mut items, cx);
            Ok(())
        };
        if let Err(error) = parser.parse2(list.tokens.clone()) {
            cx.syn_error(&error);
        }
    }
    items
}

fn span_of(meta: &syn::Meta) -> Span {
    meta.path().segments.last().map_or_else(Span::call_site, |s| s.ident.span())
}

/// Parses comma-separated items until the input ends, recovering after each mistake.
fn parse_items(input: ParseStream, items: &mut Vec<Item>, cx: &Ctxt) {
    while !input.is_empty() {
        match parse_item(input, cx) {
            Ok(Some(item)) => items.push(item),
            Ok(None) => {}
            Err(error) => {
                cx.syn_error(&error);
                skip_to_comma(input);
            }
        }
        if input.is_empty() {
            break;
        }
        if let Err(error) = input.parse::<Token![,]>() {
            cx.syn_error(&syn::Error::new(error.span(), "expected `,` between attribute items"));
            skip_to_comma(input);
            let _ = input.parse::<Option<Token![,]>>();
        }
    }
}

/// Skips tokens up to (not including) the next top-level comma.
fn skip_to_comma(input: ParseStream) {
    while !input.is_empty() && !input.peek(Token![,]) {
        let _ = input.parse::<TokenTree>();
    }
}

fn parse_key(input: ParseStream, expected: &[&str], context: &str) -> syn::Result<Ident> {
    let key = Ident::parse_any(input)
        .map_err(|e| syn::Error::new(e.span(), format!("expected {context}, one of {}", backticked(expected))))?;
    Ok(key)
}

pub(crate) fn backticked(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn unknown_key(key: &Ident, expected: &[&str], context: &str) -> syn::Error {
    let text = key.unraw().to_string();
    let message = match closest(&text, expected.iter().copied()) {
        Some(suggestion) => format!("unknown {context} `{text}`{}", did_you_mean(Some(suggestion))),
        None => format!("unknown {context} `{text}`, expected one of {}", backticked(expected)),
    };
    syn::Error::new(key.span(), message)
}

/// `= "text"` after `key`.
fn parse_string_value(input: ParseStream, key: &Ident) -> syn::Result<Spanned<String>> {
    if !input.peek(Token![=]) {
        return Err(syn::Error::new(
            if input.is_empty() { key.span() } else { input.span() },
            format!("expected `=` after `{key}`, as in `{key} = \"...\"`"),
        ));
    }
    input.parse::<Token![=]>()?;
    parse_string(input, &format!("`{key}`"))
}

fn parse_string(input: ParseStream, what: &str) -> syn::Result<Spanned<String>> {
    let found = match literal::parse_string_literal(input)? {
        Next::String(value, span) => return Ok(Spanned { value, span }),
        Next::OtherLiteral => "a literal of another type",
        Next::NotLiteral => "no string",
    };
    Err(syn::Error::new(input.span(), format!("expected a string literal for {what}, found {found}")))
}

fn parse_item(input: ParseStream, cx: &Ctxt) -> syn::Result<Option<Item>> {
    let key = parse_key(input, kw::TOP_LEVEL, "an attribute key")?;
    let text = key.unraw().to_string();
    match text.as_str() {
        kw::NAME | kw::DESCRIPTION | kw::VERSION => {
            let keyword = kw::TOP_LEVEL.iter().find(|k| **k == text).copied().expect("matched above");
            Ok(Some(Item::Text(keyword, parse_string_value(input, &key)?)))
        }
        kw::CRATE => {
            let value = parse_string_value(input, &key)?;
            // Mod-style: a crate path has no generic arguments, and without them syn's parse of
            // it cannot recurse (the text is a string literal, which the walker's nesting budget
            // does not count).
            let path = syn::parse::Parser::parse_str(syn::Path::parse_mod_style, &value.value).map_err(|_| {
                syn::Error::new(value.span, format!("`{}` is not a path; expected e.g. `crate = \"cra\"`", value.value))
            })?;
            Ok(Some(Item::Crate(Spanned { value: path, span: value.span })))
        }
        kw::ADDRESSES | kw::PARTIALLY_ADDRESSES | kw::NOT_APPLICABLE => {
            let keyword = match text.as_str() {
                kw::ADDRESSES => ClaimKeyword::Addresses,
                kw::PARTIALLY_ADDRESSES => ClaimKeyword::PartiallyAddresses,
                _ => ClaimKeyword::NotApplicable,
            };
            let content = parenthesized(input, &key, "requirement, ...")?;
            Ok(Some(Item::Claims(parse_claim(&content, keyword, &key, cx))))
        }
        kw::DEPENDS_ON => {
            let content = parenthesized(input, &key, "ComponentType, ...")?;
            let paths = content.parse_terminated(syn::Path::parse_mod_style_or_generic, Token![,])?;
            if paths.is_empty() {
                return Err(syn::Error::new(
                    key.span(),
                    "`depends_on(...)` names no component; list component types, e.g. `depends_on(Storage)`",
                ));
            }
            Ok(Some(Item::DependsOn(paths.into_iter().collect())))
        }
        kw::INTERFACE => {
            let content = parenthesized(input, &key, "name = \"...\", description = \"...\"")?;
            Ok(parse_interface(&content, &key, cx).map(Item::Interface))
        }
        _ => Err(unknown_key(&key, kw::TOP_LEVEL, "attribute key")),
    }
}

/// Paths in `depends_on` may carry generic arguments (`Cache<u8>`).
trait ParsePath {
    fn parse_mod_style_or_generic(input: ParseStream) -> syn::Result<syn::Path>;
}

impl ParsePath for syn::Path {
    fn parse_mod_style_or_generic(input: ParseStream) -> syn::Result<syn::Path> {
        let ty: syn::Type = input.parse()?;
        match ty {
            syn::Type::Path(type_path) if type_path.qself.is_none() => Ok(type_path.path),
            other => Err(syn::Error::new_spanned(
                other,
                "expected the path of a component type, e.g. `Storage` or `crate::net::Uplink`",
            )),
        }
    }
}

fn parenthesized<'a>(input: ParseStream<'a>, key: &Ident, shape: &str) -> syn::Result<syn::parse::ParseBuffer<'a>> {
    if !input.peek(syn::token::Paren) {
        return Err(syn::Error::new(
            if input.is_empty() { key.span() } else { input.span() },
            format!("expected `(` after `{key}`, as in `{key}({shape})`"),
        ));
    }
    let content;
    syn::parenthesized!(content in input);
    Ok(content)
}

fn parse_requirement(input: ParseStream) -> syn::Result<(RequirementId, Span)> {
    let (text, span) = if let Next::String(value, span) = literal::parse_string_literal(input)? {
        (value, span)
    } else if input.peek(Ident::peek_any) {
        let ident = Ident::parse_any(input)?;
        (ident.unraw().to_string(), ident.span())
    } else {
        return Err(syn::Error::new(
            input.span(),
            "expected a requirement: a name such as `access_control` or an ID such as `\"I.2.d\"`",
        ));
    };
    match RequirementId::lookup(&text) {
        Some(requirement) => Ok((requirement, span)),
        None => Err(syn::Error::new(
            span,
            format!("unknown requirement `{text}`{}", did_you_mean(RequirementId::suggest(&text))),
        )),
    }
}

/// Whether the next tokens start a claim argument (`evidence(`, `missing =`, `justification =`)
/// rather than another requirement.
fn at_claim_argument(input: ParseStream) -> bool {
    let fork = input.fork();
    let Ok(ident) = Ident::parse_any(&fork) else { return false };
    let name = ident.unraw().to_string();
    (kw::CLAIM_ARGUMENTS.contains(&name.as_str()) || fork.peek(Token![=]) || fork.peek(syn::token::Paren))
        && RequirementId::lookup(&name).is_none()
}

/// A claim keyword's content: one or more requirements, then the arguments they share. Each
/// requirement becomes its own claim with the same evidence, so evidence is written once.
fn parse_claim(input: ParseStream, keyword: ClaimKeyword, key: &Ident, cx: &Ctxt) -> Vec<ClaimItem> {
    if input.is_empty() || at_claim_argument(input) {
        cx.error(key.span(), format!("`{key}(...)` names no requirement; expected e.g. `{key}(access_control, ...)`"));
        drain(input);
        return Vec::new();
    }
    let mut requirements = Vec::new();
    let mut template = ClaimItem {
        keyword,
        keyword_span: key.span(),
        requirement: RequirementId::I1,
        requirement_span: key.span(),
        evidence: Vec::new(),
        missing: None,
        justification: None,
        damaged: false,
    };
    let mut content = || -> syn::Result<()> {
        requirements.push(parse_requirement(input)?);
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            if at_claim_argument(input) {
                parse_claim_argument(input, &mut template, key, cx)?;
            } else if template.evidence.is_empty() && template.missing.is_none() && template.justification.is_none() {
                requirements.push(parse_requirement(input)?);
            } else {
                return Err(syn::Error::new(
                    input.span(),
                    "requirements come first in a claim, before `evidence`, `missing` and `justification`",
                ));
            }
        }
        Ok(())
    };
    if let Err(error) = content() {
        cx.syn_error(&error);
        drain(input);
        template.damaged = true;
        if requirements.is_empty() {
            return Vec::new();
        }
    }
    requirements
        .into_iter()
        .map(|(requirement, requirement_span)| ClaimItem { requirement, requirement_span, ..template.clone() })
        .collect()
}

/// Consumes what is left of a parenthesized group after a mistake, so that it causes no second error.
fn drain(input: ParseStream) {
    while !input.is_empty() {
        let _ = input.parse::<TokenTree>();
    }
}

fn parse_claim_argument(input: ParseStream, claim: &mut ClaimItem, claim_key: &Ident, cx: &Ctxt) -> syn::Result<()> {
    let key = parse_key(input, kw::CLAIM_ARGUMENTS, "a claim argument")?;
    let text = key.unraw().to_string();
    let allowed: &[&str] = match claim.keyword {
        ClaimKeyword::Addresses => &[kw::EVIDENCE],
        ClaimKeyword::PartiallyAddresses => &[kw::EVIDENCE, kw::MISSING],
        ClaimKeyword::NotApplicable => &[kw::JUSTIFICATION],
    };
    if !kw::CLAIM_ARGUMENTS.contains(&text.as_str()) {
        return Err(unknown_key(&key, allowed, &format!("argument of `{claim_key}`")));
    }
    if !allowed.contains(&text.as_str()) {
        return Err(syn::Error::new(
            key.span(),
            format!("`{text}` does not belong in `{claim_key}(...)`; it takes {}", backticked(allowed)),
        ));
    }
    match text.as_str() {
        kw::EVIDENCE => {
            let content = parenthesized(input, &key, "test_report = \"docs/report.md\", ...")?;
            let (entries, complete) = parse_evidence(&content, &key, cx);
            claim.evidence.extend(entries);
            claim.damaged |= !complete;
        }
        kw::MISSING => set_once(&mut claim.missing, parse_string_value(input, &key)?, &key, cx),
        _ => set_once(&mut claim.justification, parse_string_value(input, &key)?, &key, cx),
    }
    Ok(())
}

fn set_once(slot: &mut Option<Spanned<String>>, value: Spanned<String>, key: &Ident, cx: &Ctxt) {
    if slot.is_some() {
        cx.error(key.span(), format!("`{key}` is given twice in this claim"));
    } else {
        *slot = Some(value);
    }
}

/// Whether text names a URL: it starts with a scheme, letters followed by `:`.
pub(crate) fn looks_like_url(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1 && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
    })
}

/// The entries of `evidence(...)`, and whether all of them parsed.
fn parse_evidence(input: ParseStream, key: &Ident, cx: &Ctxt) -> (Vec<EvidenceItem>, bool) {
    let mut entries = Vec::new();
    let kinds: Vec<&str> = EvidenceKind::ALL.iter().map(|k| k.name()).collect();
    let mut entry = || -> syn::Result<()> {
        let kind_ident = parse_key(input, &kinds, "an evidence kind")?;
        let kind_text = kind_ident.unraw().to_string();
        let kind = kind_text.parse::<EvidenceKind>().map_err(|_| unknown_key(&kind_ident, &kinds, "evidence kind"))?;
        let value = parse_string_value(input, &kind_ident)?;
        let location =
            if looks_like_url(&value.value) { Location::Url(value.value) } else { Location::Path(value.value) };
        entries.push(EvidenceItem { kind, location, span: value.span });
        Ok(())
    };
    let mut complete = true;
    if input.is_empty() {
        cx.error(key.span(), "`evidence(...)` is empty; expected e.g. `evidence(test_report = \"docs/report.md\")`");
        complete = false;
    }
    while !input.is_empty() {
        if let Err(error) = entry() {
            cx.syn_error(&error);
            skip_to_comma(input);
            complete = false;
        }
        if input.is_empty() {
            break;
        }
        if let Err(error) = input.parse::<Token![,]>() {
            cx.syn_error(&error);
            drain(input);
            complete = false;
        }
    }
    (entries, complete)
}

fn parse_interface(input: ParseStream, key: &Ident, cx: &Ctxt) -> Option<InterfaceItem> {
    let mut name = None;
    let mut description = None;
    let mut arguments = || -> syn::Result<()> {
        while !input.is_empty() {
            let arg = parse_key(input, kw::INTERFACE_ARGUMENTS, "an interface argument")?;
            let slot = match arg.unraw().to_string().as_str() {
                kw::NAME => &mut name,
                kw::DESCRIPTION => &mut description,
                _ => return Err(unknown_key(&arg, kw::INTERFACE_ARGUMENTS, "argument of `interface`")),
            };
            set_once(slot, parse_string_value(input, &arg)?, &arg, cx);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(())
    };
    if let Err(error) = arguments() {
        cx.syn_error(&error);
        return None;
    }
    match (name, description) {
        (Some(name), Some(description)) => Some(InterfaceItem { name, description }),
        (name, _) => {
            let missing = if name.is_none() { kw::NAME } else { kw::DESCRIPTION };
            cx.error(key.span(), format!("`interface(...)` needs `{missing} = \"...\"`"));
            None
        }
    }
}
