//! `#[cfg(...)]` and `#[cfg_attr(...)]` evaluated from the build's features and target, so that
//! a component behind a disabled feature is not declared.
//!
//! `cfg(test)` is false: the generator describes the product, not its test builds. Unknown
//! predicates are false, as rustc treats unset configuration options.

use std::collections::{BTreeMap, BTreeSet};

use syn::punctuated::Punctuated;
use syn::{Attribute, Meta, Token};

use super::env::feature_env_name;

/// The configuration a crate is compiled with.
#[derive(Debug, Clone, Default)]
pub struct CfgContext {
    /// Enabled features, spelled as in `CARGO_FEATURE_*`.
    pub features: BTreeSet<String>,
    /// Target configuration from `CARGO_CFG_*`.
    pub target: BTreeMap<String, BTreeSet<String>>,
}

impl CfgContext {
    /// Evaluates one predicate.
    pub fn eval(&self, predicate: &Meta) -> bool {
        match predicate {
            Meta::Path(path) => {
                let name = path_name(path);
                name != "test" && self.target.contains_key(&name)
            }
            Meta::NameValue(pair) => {
                let name = path_name(&pair.path);
                let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(value), .. }) = &pair.value else {
                    return false;
                };
                if name == "feature" {
                    self.features.contains(&feature_env_name(&value.value()))
                } else {
                    self.target.get(&name).is_some_and(|values| values.contains(&value.value()))
                }
            }
            Meta::List(list) => {
                let name = path_name(&list.path);
                let Ok(inner) = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) else {
                    return false;
                };
                match name.as_str() {
                    "all" => inner.iter().all(|p| self.eval(p)),
                    "any" => inner.iter().any(|p| self.eval(p)),
                    "not" => inner.len() == 1 && !self.eval(&inner[0]),
                    _ => false,
                }
            }
        }
    }

    /// Whether every `#[cfg(...)]` among the attributes holds (after `cfg_attr` expansion).
    pub fn is_enabled(&self, attrs: &[Attribute]) -> bool {
        attrs.iter().filter(|a| a.path().is_ident("cfg")).all(|a| a.parse_args::<Meta>().is_ok_and(|p| self.eval(&p)))
    }

    /// Replaces each `#[cfg_attr(predicate, attrs...)]` by its attributes when the predicate
    /// holds, or by nothing, recursively.
    pub fn expand_cfg_attr(&self, attrs: &[Attribute]) -> Vec<Attribute> {
        let mut out = Vec::with_capacity(attrs.len());
        for attr in attrs {
            if !attr.path().is_ident("cfg_attr") {
                out.push(attr.clone());
                continue;
            }
            let Ok(parts) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) else {
                continue;
            };
            let mut parts = parts.into_iter();
            let Some(predicate) = parts.next() else { continue };
            if self.eval(&predicate) {
                let expanded: Vec<Attribute> = parts
                    .map(|meta| Attribute {
                        pound_token: attr.pound_token,
                        style: attr.style,
                        bracket_token: attr.bracket_token,
                        meta,
                    })
                    .collect();
                out.extend(self.expand_cfg_attr(&expanded));
            }
        }
        out
    }
}

fn path_name(path: &syn::Path) -> String {
    path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> CfgContext {
        let mut target = BTreeMap::new();
        target.insert("target_os".to_owned(), BTreeSet::from(["linux".to_owned()]));
        target.insert("unix".to_owned(), BTreeSet::new());
        CfgContext { features: BTreeSet::from(["CLOUD_SYNC".to_owned()]), target }
    }

    fn holds(text: &str) -> bool {
        context().eval(&syn::parse_str::<Meta>(text).unwrap())
    }

    #[test]
    fn predicates_follow_features_and_target() {
        assert!(holds("feature = \"cloud-sync\""));
        assert!(!holds("feature = \"ble\""));
        assert!(holds("all(unix, target_os = \"linux\", not(windows))"));
        assert!(holds("any(windows, feature = \"cloud-sync\")"));
        assert!(!holds("test"));
        assert!(!holds("not(unix)"));
    }

    #[test]
    fn cfg_attr_expands_only_when_its_predicate_holds() {
        let item: syn::ItemStruct = syn::parse_str(
            "#[cfg_attr(feature = \"cloud-sync\", derive(A), cfg_attr(unix, b))] #[cfg_attr(windows, c)] struct S;",
        )
        .unwrap();
        let names: Vec<String> = context().expand_cfg_attr(&item.attrs).iter().map(|a| path_name(a.path())).collect();
        assert_eq!(names, ["derive", "b"]);
    }
}
