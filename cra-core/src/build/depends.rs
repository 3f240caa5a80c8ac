//! Resolves the type paths of `depends_on(...)` to the components they name, as the compiler
//! resolves them, so that two components whose types share a name (ripgrep's two
//! `RegexMatcher`s, in grep-regex and grep-pcre2) are never confused.
//!
//! A path is resolved against what the walk recorded as plain data: the `use` items of each
//! module (`UseEntry`, from `use a::b as c;`, groups, globs; with `self::`, `super::` and
//! `crate::`), the module tree (each component's module path), and the crate names a crate's
//! code may use for its dependencies (`CrateScope::externs`, renamed ones by the name in code).
//! The order is rustc's: a name defined or imported in the module first, then glob imports,
//! then the dependency crates; re-exports (`pub use`) are followed through the modules whose
//! `use` items were recorded.
//!
//! The walk does not record everything rustc sees (a `use` made by a macro, the `use` items of
//! a file that mentions no component and declares no module). So when the exact resolution
//! finds nothing, the path's last segment is looked up among the components of the crate the
//! path names, then among all components: one candidate is certain (the derive makes the
//! compiler check that the path names a component, and the run-time registry check compares
//! the result), more than one is an error at the path, never a guess.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

use super::diagnostics::SourceError;
use super::walk::{self, CrateScope, FoundComponent, WrittenPath};

/// How many lookups one path may cost: `use` cycles and chains of glob imports stop here.
const BUDGET: usize = 4096;

/// How deep `use` chains are followed.
const MAX_DEPTH: usize = 32;

/// What a `depends_on` path names.
pub enum Resolved<'f> {
    /// One component.
    One(&'f FoundComponent),
    /// Several, which the generator cannot tell apart.
    Ambiguous(Vec<&'f FoundComponent>),
    /// None the scanner found.
    Missing,
}

/// The error for a path that names several components: at the path, naming each candidate by
/// its full path.
pub fn ambiguity(from: &FoundComponent, path: &WrittenPath, candidates: &[&FoundComponent]) -> SourceError {
    let listed: Vec<String> = candidates
        .iter()
        .map(|c| format!("`{}` (component `{}`, package `{}`)", full_path(c), c.component.name, c.package))
        .collect();
    let example = candidates.first().map(|c| full_path(c)).unwrap_or_default();
    // The file is read again only for this rare error, so that the scan need not keep every
    // component's file in memory.
    let source = std::fs::read_to_string(&from.file).unwrap_or_default();
    let range = walk::byte_range(&source, path.at);
    SourceError {
        path: from.file.clone(),
        source,
        range,
        message: format!(
            "`{}` in `depends_on` of component `{}` may name any of {} components: {}; cra-rs cannot tell which one the compiler resolves",
            path.text(),
            from.component.name,
            candidates.len(),
            listed.join(", ")
        ),
        help: Some(format!(
            "write the path the compiler resolves in full (e.g. `depends_on({example})`), or bring the one meant into this module with `use`"
        )),
        code: None,
    }
}

/// The full path of a component's type: `crate_b::matcher::RegexMatcher`.
pub fn full_path(component: &FoundComponent) -> String {
    format!("{}::{}", component.module_path, component.ident)
}

/// Resolves `path`, written in `from`'s module, among `found`.
pub fn resolve<'f>(from: &FoundComponent, path: &WrittenPath, found: &'f [FoundComponent]) -> Resolved<'f> {
    let resolver = Resolver::new(found);
    let module: Vec<String> = from.module_path.split("::").map(str::to_owned).collect();
    let exact = resolver.relative(&module, &path.segments, path.leading_colon, 0);
    let hits: Vec<usize> = if exact.is_empty() { resolver.by_name(from, path) } else { exact.into_iter().collect() };
    match hits.as_slice() {
        [] => Resolved::Missing,
        [one] => Resolved::One(&found[*one]),
        many => Resolved::Ambiguous(many.iter().map(|i| &found[*i]).collect()),
    }
}

struct Resolver<'f> {
    found: &'f [FoundComponent],
    /// Components by full path.
    by_path: BTreeMap<String, Vec<usize>>,
    /// Each crate's scope, by crate name (lib and bins of one package share one).
    scopes: BTreeMap<&'f str, &'f CrateScope>,
    /// Lookups left.
    budget: Cell<usize>,
}

impl<'f> Resolver<'f> {
    fn new(found: &'f [FoundComponent]) -> Resolver<'f> {
        let mut by_path: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut scopes = BTreeMap::new();
        for (i, component) in found.iter().enumerate() {
            by_path.entry(full_path(component)).or_default().push(i);
            scopes.entry(crate_of(&component.module_path)).or_insert(&*component.scope);
        }
        Resolver { found, by_path, scopes, budget: Cell::new(BUDGET) }
    }

    fn scope(&self, krate: &str) -> Option<&CrateScope> {
        self.scopes.get(krate).copied()
    }

    /// The crate that the name `first` means in `module`'s crate, if it is a dependency's name.
    fn extern_crate(&self, module: &[String], first: &str) -> Option<String> {
        let own = module.first()?;
        self.scope(own).and_then(|s| s.externs.get(first).cloned())
    }

    /// The components `segments` names when written in `module`: what the module defines or
    /// imports first, then (for a plain name) the dependency crate of that name.
    fn relative(&self, module: &[String], segments: &[String], leading_colon: bool, depth: usize) -> BTreeSet<usize> {
        let Some((first, rest)) = segments.split_first() else { return BTreeSet::new() };
        if depth > MAX_DEPTH || !self.spend() {
            return BTreeSet::new();
        }
        let joined = |base: &[String], rest: &[String]| -> Vec<String> { base.iter().chain(rest).cloned().collect() };
        if leading_colon {
            let krate = self.extern_crate(module, first).unwrap_or_else(|| first.clone());
            return self.find(&joined(&[krate], rest), depth);
        }
        match first.as_str() {
            "crate" => module
                .first()
                .map_or_else(BTreeSet::new, |root| self.find(&joined(std::slice::from_ref(root), rest), depth)),
            "self" | "super" => {
                let mut base = module.to_vec();
                let mut rest = if first == "self" { rest } else { segments };
                while let Some((_, after)) = rest.split_first().filter(|(s, _)| *s == "super") {
                    if base.len() <= 1 {
                        return BTreeSet::new();
                    }
                    base.pop();
                    rest = after;
                }
                self.find(&joined(&base, rest), depth)
            }
            _ => {
                let local = self.find(&joined(module, segments), depth);
                if !local.is_empty() {
                    return local;
                }
                match self.extern_crate(module, first) {
                    Some(krate) => self.find(&joined(&[krate], rest), depth),
                    None => BTreeSet::new(),
                }
            }
        }
    }

    /// The components at the absolute path `path` (crate name first): defined there, or
    /// imported into one of the modules along it; glob imports only where nothing else is.
    fn find(&self, path: &[String], depth: usize) -> BTreeSet<usize> {
        let mut hits: BTreeSet<usize> = self.by_path.get(&path.join("::")).into_iter().flatten().copied().collect();
        let mut globbed = BTreeSet::new();
        let Some(scope) = path.first().and_then(|krate| self.scope(krate)) else { return hits };
        for at in 1..path.len() {
            let (module, name, rest) = (&path[..at], &path[at], &path[at + 1..]);
            let Some(uses) = scope.uses.get(&module.join("::")) else { continue };
            for entry in uses {
                match &entry.name {
                    Some(bound) if bound == name => {
                        let target: Vec<String> = entry.path.iter().chain(rest).cloned().collect();
                        hits.extend(self.relative(module, &target, entry.leading_colon, depth + 1));
                    }
                    None => {
                        let target: Vec<String> =
                            entry.path.iter().chain(std::iter::once(name)).chain(rest).cloned().collect();
                        globbed.extend(self.relative(module, &target, entry.leading_colon, depth + 1));
                    }
                    Some(_) => {}
                }
            }
        }
        if hits.is_empty() { globbed } else { hits }
    }

    /// One lookup from the budget; false when it is spent.
    fn spend(&self) -> bool {
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(1));
        left > 0
    }

    /// When the exact resolution finds nothing: the components whose type has the path's last
    /// name, in the crate the path names if that is plain from its first segment, else in all
    /// crates.
    fn by_name(&self, from: &FoundComponent, path: &WrittenPath) -> Vec<usize> {
        let Some(last) = path.segments.last() else { return Vec::new() };
        let module: Vec<String> = from.module_path.split("::").map(str::to_owned).collect();
        let first = path.segments.first().map(String::as_str).unwrap_or_default();
        let named_crate = match first {
            "crate" | "self" | "super" if !path.leading_colon => Some(crate_of(&from.module_path).to_owned()),
            _ if path.segments.len() > 1 || path.leading_colon => {
                let imported = from
                    .scope
                    .uses
                    .get(&from.module_path)
                    .is_some_and(|u| u.iter().any(|e| e.name.as_deref() == Some(first)));
                if imported && !path.leading_colon { None } else { self.extern_crate(&module, first) }
            }
            _ => None,
        };
        let with_name = |krate: Option<&str>| -> Vec<usize> {
            (0..self.found.len())
                .filter(|i| self.found[*i].ident == *last)
                .filter(|i| krate.is_none_or(|k| crate_of(&self.found[*i].module_path) == k))
                .collect()
        };
        match named_crate.as_deref().map(|k| with_name(Some(k))) {
            Some(in_crate) if !in_crate.is_empty() => in_crate,
            _ => with_name(None),
        }
    }
}

/// The crate of a module path: its first segment.
fn crate_of(module_path: &str) -> &str {
    module_path.split("::").next().unwrap_or_default()
}
