//! What the walk records for `depends_on` (`depends.rs` resolves with it): the names each `use`
//! item binds, a crate's scope of dependency names and `use` items, and each path as written.

use std::collections::BTreeMap;

use proc_macro2::LineColumn;

/// One name a `use` item binds, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseEntry {
    /// The name bound (`c` of `use a::b as c;`), or `None` for a glob (`use a::*;`).
    pub name: Option<String>,
    /// The path as written (`self`, `super` and `crate` kept); for a glob, the module's path.
    pub path: Vec<String>,
    /// Whether the path starts with `::` (an extern crate).
    pub leading_colon: bool,
}

/// What the paths of one crate's code are resolved against.
#[derive(Debug, Clone, Default)]
pub struct CrateScope {
    /// The crates its code may name: the name in code (a renamed dependency's, `-` as `_`) →
    /// that crate's name (its library target's name, the first segment of its module paths).
    pub externs: BTreeMap<String, String>,
    /// The `use` items of its modules, by module path (`my_crate::net`).
    pub uses: BTreeMap<String, Vec<UseEntry>>,
}

/// A `depends_on` path as written, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenPath {
    /// Its segments (generic arguments dropped).
    pub segments: Vec<String>,
    /// Whether it starts with `::`.
    pub leading_colon: bool,
    /// Its start and end in the component's file.
    pub at: (LineColumn, LineColumn),
}

impl WrittenPath {
    /// The path as written, without generic arguments: `crate_b::RegexMatcher`.
    pub fn text(&self) -> String {
        let path = self.segments.join("::");
        if self.leading_colon { format!("::{path}") } else { path }
    }
}

/// Adds the names a `use` item binds to `out` (`use a::b as _;` binds none that a path can
/// name).
pub fn use_entries(item: &syn::ItemUse, out: &mut Vec<UseEntry>) {
    tree_entries(&item.tree, &mut Vec::new(), item.leading_colon.is_some(), out);
}

fn tree_entries(tree: &syn::UseTree, prefix: &mut Vec<String>, leading_colon: bool, out: &mut Vec<UseEntry>) {
    use syn::ext::IdentExt;
    // `use a::b::{self}` binds `b` to `a::b`.
    let bind = |ident: &syn::Ident, prefix: &[String]| -> Vec<String> {
        let mut path = prefix.to_vec();
        if ident != "self" || prefix.is_empty() {
            path.push(ident.unraw().to_string());
        }
        path
    };
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.unraw().to_string());
            tree_entries(&p.tree, prefix, leading_colon, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let path = bind(&n.ident, prefix);
            let name = path.last().cloned();
            out.push(UseEntry { name, path, leading_colon });
        }
        syn::UseTree::Rename(r) => {
            if r.rename != "_" {
                let path = bind(&r.ident, prefix);
                out.push(UseEntry { name: Some(r.rename.unraw().to_string()), path, leading_colon });
            }
        }
        syn::UseTree::Glob(_) => out.push(UseEntry { name: None, path: prefix.clone(), leading_colon }),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| tree_entries(t, prefix, leading_colon, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(item: &str) -> Vec<(Option<String>, String)> {
        let mut out = Vec::new();
        use_entries(&syn::parse_str(item).unwrap(), &mut out);
        out.into_iter()
            .map(|e| (e.name, format!("{}{}", if e.leading_colon { "::" } else { "" }, e.path.join("::"))))
            .collect()
    }

    fn named(name: &str, path: &str) -> (Option<String>, String) {
        (Some(name.to_owned()), path.to_owned())
    }

    #[test]
    fn use_items_bind_names_as_rustc_does() {
        assert_eq!(entries("use a::b as c;"), [named("c", "a::b")]);
        assert_eq!(entries("pub use a::{b, c::d};"), [named("b", "a::b"), named("d", "a::c::d")]);
        assert_eq!(entries("use a::b::{self, c as _};"), [named("b", "a::b")]);
        assert_eq!(entries("use a::{self as x, y::*};"), [named("x", "a"), (None, "a::y".to_owned())]);
        assert_eq!(entries("use ::r#krate::Type;"), [named("Type", "::krate::Type")]);
        assert_eq!(entries("use super::super::T;"), [named("T", "super::super::T")]);
    }
}
