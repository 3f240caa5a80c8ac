//! `#[cfg(...)]` and `#[cfg_attr(...)]` evaluated from the build's features and target, so that
//! a component behind a disabled feature is not declared.
//!
//! Evaluation has three values, because a build script does not see every configuration option
//! the crate is compiled with:
//! - `feature = "..."` is decided from the crate's enabled features;
//! - a name present in `CARGO_CFG_*` is decided from it (with its values, for `name = "value"`);
//! - the names rustc sets itself and Cargo passes to build scripts when set (`unix`, `windows`,
//!   `target_*`, `debug_assertions`, `panic`, `overflow_checks`, `sanitize`, ...) are false when
//!   absent;
//! - `test`, `doc`, `doctest`, `clippy` and `rustfmt` are false: the declaration describes the
//!   shipped product build, never a test, documentation or lint build;
//! - any other name (a custom cfg) is false for a crate without a build script of its own
//!   (its options come from rustc and `RUSTFLAGS`, all in `CARGO_CFG_*`), and undecidable for a
//!   crate with one (its `cargo:rustc-cfg` lines are invisible to other build scripts); a
//!   malformed predicate is undecidable.
//!
//! `all`, `any` and `not` follow Kleene's logic: `all(false, ?)` is false, `any(true, ?)` is
//! true, `not(?)` is undecidable. `true` and `false` are the literals rustc accepts.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Attribute, Meta, Token};

use crate::build::env::feature_env_name;

/// The configuration a crate is compiled with.
#[derive(Debug, Clone, Default)]
pub struct CfgContext {
    /// Enabled features, spelled as in `CARGO_FEATURE_*`.
    pub features: BTreeSet<String>,
    /// Configuration from `CARGO_CFG_*`: lower-case name to values (empty for a name without
    /// value such as `unix`).
    pub target: BTreeMap<String, BTreeSet<String>>,
    /// Whether the crate has a build script of its own, which may set configuration options
    /// (`cargo:rustc-cfg`) that no other build script sees. Without one, every option the crate
    /// is compiled with comes from rustc or `RUSTFLAGS` and is in `CARGO_CFG_*`, so a name absent
    /// from it is unset.
    pub own_build_script: bool,
}

/// The value of a predicate, when the build script can know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Cannot be decided at build time: the first undecidable part, spelled like
    /// ``cfg(`name`)``, for warnings.
    Unknown(String),
}

impl Truth {
    fn from_bool(value: bool) -> Truth {
        if value { Truth::True } else { Truth::False }
    }

    /// Kleene negation.
    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            unknown @ Truth::Unknown(_) => unknown,
        }
    }

    /// Kleene conjunction: false wins, then the first unknown.
    fn all(values: impl IntoIterator<Item = Truth>) -> Truth {
        let mut unknown = None;
        for value in values {
            match value {
                Truth::False => return Truth::False,
                Truth::Unknown(why) => {
                    unknown.get_or_insert(why);
                }
                Truth::True => {}
            }
        }
        unknown.map_or(Truth::True, Truth::Unknown)
    }

    /// Kleene disjunction: true wins, then the first unknown.
    fn any(values: impl IntoIterator<Item = Truth>) -> Truth {
        let mut unknown = None;
        for value in values {
            match value {
                Truth::True => return Truth::True,
                Truth::Unknown(why) => {
                    unknown.get_or_insert(why);
                }
                Truth::False => {}
            }
        }
        unknown.map_or(Truth::False, Truth::Unknown)
    }
}

/// Names rustc sets itself, which Cargo passes to build scripts as `CARGO_CFG_*` whenever they
/// are set: absent means unset. (Names starting with `target_` or `sanitizer_` too.)
const SET_BY_RUSTC: &[&str] = &[
    "unix",
    "windows",
    "debug_assertions",
    "panic",
    "overflow_checks",
    "ub_checks",
    "relocation_model",
    "sanitize",
    "fmt_debug",
    "proc_macro",
    "miri",
    "contract_checks",
    "emscripten_wasm_eh",
];

/// Names false in the build the declaration describes: the shipped product, not its tests,
/// documentation or lints.
const NOT_THE_PRODUCT_BUILD: &[&str] = &["test", "doc", "doctest", "clippy", "rustfmt"];

/// A predicate as rustc's grammar has it.
enum Predicate {
    Bool(bool),
    Name(String),
    Value(String, String),
    All(Vec<Predicate>),
    Any(Vec<Predicate>),
    Not(Box<Predicate>),
}

/// Parses one predicate; anything outside rustc's grammar is an error (so undecidable).
fn predicate(input: ParseStream) -> syn::Result<Predicate> {
    if input.peek(syn::LitBool) {
        return Ok(Predicate::Bool(input.parse::<syn::LitBool>()?.value));
    }
    let name = syn::Ident::parse_any(input)?.unraw().to_string();
    if input.peek(Token![::]) {
        return Err(input.error("a cfg name is one identifier"));
    }
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        let value: syn::LitStr = input.parse()?;
        return Ok(Predicate::Value(name, value.value()));
    }
    if !input.peek(syn::token::Paren) {
        return Ok(Predicate::Name(name));
    }
    let content;
    syn::parenthesized!(content in input);
    let mut inner: Vec<Predicate> =
        Punctuated::<Predicate, Token![,]>::parse_terminated_with(&content, predicate)?.into_iter().collect();
    match name.as_str() {
        "all" => Ok(Predicate::All(inner)),
        "any" => Ok(Predicate::Any(inner)),
        "not" if inner.len() == 1 => Ok(Predicate::Not(Box::new(inner.remove(0)))),
        _ => Err(content.error("expected `all`, `any` or `not(one predicate)`")),
    }
}

impl CfgContext {
    /// Evaluates the tokens of a predicate (the inside of `cfg(...)`).
    pub(crate) fn eval_tokens(&self, tokens: TokenStream) -> Truth {
        let text = tokens.to_string();
        match predicate.parse2(tokens) {
            Ok(parsed) => self.eval(&parsed),
            Err(_) => Truth::Unknown(format!("malformed cfg(`{text}`)")),
        }
    }

    fn eval(&self, predicate: &Predicate) -> Truth {
        match predicate {
            Predicate::Bool(value) => Truth::from_bool(*value),
            Predicate::Name(name) => self.name(name, None),
            Predicate::Value(name, value) => self.name(name, Some(value)),
            Predicate::All(inner) => Truth::all(inner.iter().map(|p| self.eval(p))),
            Predicate::Any(inner) => Truth::any(inner.iter().map(|p| self.eval(p))),
            Predicate::Not(inner) => self.eval(inner).not(),
        }
    }

    /// A leaf: `name` or `name = "value"`.
    fn name(&self, name: &str, value: Option<&str>) -> Truth {
        if name == "feature" {
            return Truth::from_bool(value.is_some_and(|v| self.features.contains(&feature_env_name(v))));
        }
        if NOT_THE_PRODUCT_BUILD.contains(&name) {
            return Truth::False;
        }
        if let Some(values) = self.target.get(name) {
            return Truth::from_bool(value.is_none_or(|v| values.contains(v)));
        }
        if SET_BY_RUSTC.contains(&name) || name.starts_with("target_") || name.starts_with("sanitizer_") {
            return Truth::False;
        }
        if !self.own_build_script {
            return Truth::False;
        }
        let spelled = match value {
            Some(value) => format!("{name} = {value:?}"),
            None => name.to_owned(),
        };
        Truth::Unknown(format!("cfg(`{spelled}`)"))
    }

    /// Whether every `#[cfg(...)]` among the attributes holds (after `cfg_attr` expansion).
    pub(crate) fn is_enabled(&self, attrs: &[Attribute]) -> Truth {
        Truth::all(attrs.iter().filter(|a| a.path().is_ident("cfg")).map(|a| match &a.meta {
            Meta::List(list) => self.eval_tokens(list.tokens.clone()),
            _ => Truth::Unknown("malformed `#[cfg]`".into()),
        }))
    }

    /// Replaces each `#[cfg_attr(predicate, attrs...)]` by its attributes when the predicate
    /// holds, or by nothing, recursively. When a predicate cannot be decided its attributes are
    /// kept (a component or module may exist, so it is looked at) and the first such predicate
    /// is returned, so that what is found under it is marked undetermined.
    pub(crate) fn expand_cfg_attr(&self, attrs: &[Attribute]) -> (Vec<Attribute>, Option<String>) {
        let mut out = Vec::with_capacity(attrs.len());
        let mut undecided = None;
        self.expand_into(attrs, &mut out, &mut undecided);
        (out, undecided)
    }

    fn expand_into(&self, attrs: &[Attribute], out: &mut Vec<Attribute>, undecided: &mut Option<String>) {
        for attr in attrs {
            if !attr.path().is_ident("cfg_attr") {
                out.push(attr.clone());
                continue;
            }
            let parsed = attr.parse_args_with(|input: ParseStream| {
                let predicate: TokenStream = input.step(|cursor| {
                    let mut rest = *cursor;
                    let mut tokens = TokenStream::new();
                    while let Some((tree, next)) = rest.token_tree() {
                        if matches!(&tree, proc_macro2::TokenTree::Punct(p) if p.as_char() == ',') {
                            return Ok((tokens, rest));
                        }
                        tokens.extend([tree]);
                        rest = next;
                    }
                    Ok((tokens, rest))
                })?;
                input.parse::<Token![,]>()?;
                let metas = Punctuated::<Meta, Token![,]>::parse_terminated(input)?;
                Ok((predicate, metas))
            });
            let Ok((predicate, metas)) = parsed else {
                let text = attr.meta.require_list().map(|l| l.tokens.to_string()).unwrap_or_default();
                undecided.get_or_insert(format!("malformed cfg_attr(`{text}`)"));
                continue;
            };
            let truth = self.eval_tokens(predicate);
            if truth == Truth::False {
                continue;
            }
            let expanded: Vec<Attribute> = metas
                .into_iter()
                .map(|meta| Attribute {
                    pound_token: attr.pound_token,
                    style: attr.style,
                    bracket_token: attr.bracket_token,
                    meta,
                })
                .collect();
            let mut inner = Vec::new();
            let mut inner_undecided = None;
            self.expand_into(&expanded, &mut inner, &mut inner_undecided);
            // `cfg_attr(docsrs, doc(...))` and the like change nothing the walker looks at.
            if let Truth::Unknown(why) = truth
                && (inner_undecided.is_some() || inner.iter().any(matters_to_the_walker))
            {
                undecided.get_or_insert(why);
            }
            if let Some(why) = inner_undecided {
                undecided.get_or_insert(why);
            }
            out.extend(inner);
        }
    }
}

/// Whether an attribute decides what the walker finds: `cfg`, `path`, `cra`, or a derive of
/// `CraComponent`.
fn matters_to_the_walker(attr: &Attribute) -> bool {
    let path = attr.path();
    path.is_ident("cfg")
        || path.is_ident("path")
        || path.is_ident("cra")
        || matches!(&attr.meta, Meta::List(list) if path.is_ident("derive") && list.tokens.to_string().contains("CraComponent"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> CfgContext {
        let mut target = BTreeMap::new();
        target.insert("target_os".to_owned(), BTreeSet::from(["linux".to_owned()]));
        target.insert("target_feature".to_owned(), BTreeSet::from(["sse2".to_owned(), "avx".to_owned()]));
        target.insert("unix".to_owned(), BTreeSet::new());
        target.insert("custom_set".to_owned(), BTreeSet::new());
        target.insert("custom_kv".to_owned(), BTreeSet::from(["on".to_owned()]));
        CfgContext { features: BTreeSet::from(["CLOUD_SYNC".to_owned()]), target, own_build_script: true }
    }

    fn eval(text: &str) -> Truth {
        context().eval_tokens(text.parse().unwrap())
    }

    fn unknown(text: &str) -> bool {
        matches!(eval(text), Truth::Unknown(_))
    }

    #[test]
    fn leaves_are_decided_from_features_and_cargo_cfg() {
        assert_eq!(eval("feature = \"cloud-sync\""), Truth::True);
        assert_eq!(eval("feature = \"ble\""), Truth::False);
        assert_eq!(eval("feature"), Truth::False);
        assert_eq!(eval("unix"), Truth::True);
        assert_eq!(eval("target_os = \"linux\""), Truth::True);
        assert_eq!(eval("target_os = \"macos\""), Truth::False);
        assert_eq!(eval("target_feature = \"avx\""), Truth::True);
        assert_eq!(eval("target_feature = \"neon\""), Truth::False);
        assert_eq!(eval("custom_set"), Truth::True);
        assert_eq!(eval("custom_kv = \"on\""), Truth::True);
        assert_eq!(eval("custom_kv = \"off\""), Truth::False);
        assert_eq!(eval("r#unix"), Truth::True);
        assert_eq!(eval("true"), Truth::True);
        assert_eq!(eval("false"), Truth::False);
    }

    #[test]
    fn names_rustc_sets_are_false_when_cargo_does_not_pass_them() {
        for name in [
            "windows",
            "debug_assertions",
            "panic = \"abort\"",
            "overflow_checks",
            "target_has_atomic = \"64\"",
            "target_env = \"gnu\"",
            "sanitize = \"address\"",
            "miri",
        ] {
            assert_eq!(eval(name), Truth::False, "{name}");
        }
    }

    #[test]
    fn test_doc_and_doctest_are_false_even_when_set() {
        let mut cfg = context();
        cfg.target.insert("test".into(), BTreeSet::new());
        for name in ["test", "doc", "doctest"] {
            assert_eq!(cfg.eval_tokens(name.parse().unwrap()), Truth::False, "{name}");
        }
    }

    #[test]
    fn custom_names_absent_from_cargo_cfg_are_undecidable() {
        assert_eq!(eval("tokio_unstable"), Truth::Unknown("cfg(`tokio_unstable`)".into()));
        assert_eq!(eval("has_foo = \"x\""), Truth::Unknown("cfg(`has_foo = \"x\"`)".into()));
    }

    #[test]
    fn malformed_predicates_are_undecidable() {
        for text in ["a::b", "all(unix) unix", "unix = 1", "maybe(unix)", "not(unix, windows)", "not()", "= \"x\"", ""]
        {
            assert!(unknown(text), "{text}");
        }
    }

    #[test]
    fn all_any_not_follow_kleene_logic() {
        // all
        assert_eq!(eval("all()"), Truth::True);
        assert_eq!(eval("all(unix, target_os = \"linux\")"), Truth::True);
        assert_eq!(eval("all(unix, windows)"), Truth::False);
        assert_eq!(eval("all(windows, custom)"), Truth::False);
        assert!(unknown("all(unix, custom)"));
        // any
        assert_eq!(eval("any()"), Truth::False);
        assert_eq!(eval("any(windows, feature = \"cloud-sync\")"), Truth::True);
        assert_eq!(eval("any(windows, test)"), Truth::False);
        assert_eq!(eval("any(custom, unix)"), Truth::True);
        assert!(unknown("any(windows, custom)"));
        // not
        assert_eq!(eval("not(unix)"), Truth::False);
        assert_eq!(eval("not(windows)"), Truth::True);
        assert!(unknown("not(custom)"));
        // nesting, trailing commas
        assert_eq!(eval("all(unix, not(any(windows, test)),)"), Truth::True);
        assert!(unknown("not(all(unix, any(windows, custom)))"));
        assert_eq!(eval("any(all(custom, windows), unix)"), Truth::True);
    }

    #[test]
    fn cfg_attributes_combine_like_all() {
        let item: syn::ItemStruct = syn::parse_str("#[cfg(unix)] #[cfg(custom)] struct S;").unwrap();
        assert!(matches!(context().is_enabled(&item.attrs), Truth::Unknown(_)));
        let item: syn::ItemStruct = syn::parse_str("#[cfg(windows)] #[cfg(custom)] struct S;").unwrap();
        assert_eq!(context().is_enabled(&item.attrs), Truth::False);
        let item: syn::ItemStruct = syn::parse_str("#[cfg] struct S;").unwrap();
        assert!(matches!(context().is_enabled(&item.attrs), Truth::Unknown(_)));
    }

    fn names(attrs: &[Attribute]) -> Vec<String> {
        attrs.iter().map(|a| a.path().get_ident().map(ToString::to_string).unwrap_or_default()).collect()
    }

    #[test]
    fn cfg_attr_expands_only_when_its_predicate_holds() {
        let item: syn::ItemStruct = syn::parse_str(
            "#[cfg_attr(feature = \"cloud-sync\", derive(A), cfg_attr(unix, b))] #[cfg_attr(windows, c)] #[cfg_attr(all(unix, not(windows)), path = \"x.rs\")] struct S;",
        )
        .unwrap();
        let (attrs, undecided) = context().expand_cfg_attr(&item.attrs);
        assert_eq!(names(&attrs), ["derive", "b", "path"]);
        assert_eq!(undecided, None);
    }

    #[test]
    fn cfg_attr_with_an_undecidable_predicate_is_kept_and_reported() {
        let item: syn::ItemStruct = syn::parse_str(
            "#[cfg_attr(docsrs, doc(cfg(unix)))] #[cfg_attr(custom, derive(CraComponent))] #[cfg_attr(windows, c)] struct S;",
        )
        .unwrap();
        let (attrs, undecided) = context().expand_cfg_attr(&item.attrs);
        assert_eq!(names(&attrs), ["doc", "derive"]);
        assert_eq!(undecided.as_deref(), Some("cfg(`custom`)"), "docsrs decides nothing the walker reads");
        let item: syn::ItemMod = syn::parse_str("#[cfg_attr(other, cfg_attr(unix, path = \"p.rs\"))] mod m;").unwrap();
        assert_eq!(context().expand_cfg_attr(&item.attrs).1.as_deref(), Some("cfg(`other`)"));
        let item: syn::ItemStruct = syn::parse_str("#[cfg_attr(docsrs, doc = \"x\")] struct S;").unwrap();
        assert_eq!(context().expand_cfg_attr(&item.attrs).1, None);
        let item: syn::ItemStruct = syn::parse_str("#[cfg_attr(unix)] struct S;").unwrap();
        assert!(context().expand_cfg_attr(&item.attrs).1.is_some_and(|w| w.starts_with("malformed")));
    }
}
