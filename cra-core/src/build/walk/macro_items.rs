//! Items made by macros the walker can read: `macro_rules!` wrappers that put attributes on
//! the items they are given, `cfg_if!`-style branches, and invocations settled after the walk.
use std::path::PathBuf;

use super::cfg::Truth;
use super::files::{declares_outline_module, item_attributes, parse_item_at};
use super::macros::{self, Known};
use super::outline;
use super::search::contains;
use super::stack::Unparsed;
use super::{Enabled, FileContext, MARKER, Module, Pending, Scan, Walker, Where};

impl Walker<'_> {
    /// A macro item found by the coarse reader: a `macro_rules!` definition, or an invocation
    /// whose tokens may declare a module or a component, goes to syn; others are skipped.
    pub(super) fn outline_macro(&self, item: &outline::Item, module: &Module, file: &mut FileContext) {
        let text = &file.text.as_bytes()[item.range.clone()];
        let definition = file.text[item.attrs.end..item.range.end].trim_start().starts_with("macro_rules");
        if !definition && !contains(text, MARKER) && !declares_outline_module(text) {
            return;
        }
        match parse_item_at(self.budget, file.text, item.range.clone()) {
            Ok(syn::Item::Macro(invocation)) => self.macro_item(&invocation, module, file),
            Ok(_) => {}
            Err(Unparsed::Syntax(error)) => file.warn(
                Where::Offset(item.attrs.end),
                format_args!("this macro item does not parse ({error}); what it declares is not followed"),
            ),
            Err(Unparsed::TooDeep(too_deep)) if contains(text, MARKER) => file.error_at(
                item.attrs.end,
                format!("this macro item is not read: {too_deep}"),
                "split it into several invocations; cra-rs must read it because it mentions `CraComponent`",
            ),
            Err(Unparsed::TooDeep(too_deep)) => file.warn(
                Where::Offset(item.attrs.end),
                format_args!("this macro item is not read, so the modules it declares are not followed: {too_deep}"),
            ),
        }
    }

    /// A macro item: records a wrapper definition, or reads an invocation.
    pub(super) fn macro_item(&self, item: &syn::ItemMacro, module: &Module, file: &mut FileContext) {
        if let Some(name) = &item.ident {
            if item.mac.path.is_ident("macro_rules")
                && let Some(attributes) = macros::wrapper_attributes(&item.mac.tokens)
            {
                self.wrappers.borrow_mut().insert(name.to_string(), attributes);
            } else if item.mac.tokens.to_string().contains("CraComponent") {
                let at = Where::Line(name.span().start().line);
                file.warn(
                    at,
                    format_args!("the definition of `{name}!` mentions `CraComponent`; cra-rs does not look inside it, so components it makes are not in the declaration (the run-time registry check lists them)"),
                );
            }
            return;
        }
        let (attrs, undecided) = self.cfg.expand_cfg_attr(&item.attrs);
        let at = macro_site(item);
        let module = match self.enabled(&attrs, undecided, at, file) {
            Enabled::No => return,
            Enabled::Undetermined(why) => module.marked(why),
            Enabled::Yes => module.clone(),
        };
        let name = macro_name(item);
        if let Some(known) = Known::of(&name) {
            match known.branches(item.mac.tokens.clone()) {
                Ok(branches) => self.branches(branches, &name, at, &module, file),
                Err(error) => file.warn(
                    at,
                    format_args!(
                        "cannot read this `{name}!` ({error}); the modules and components in it are not followed"
                    ),
                ),
            }
            return;
        }
        if !macros::may_declare(&item.mac.tokens) {
            return;
        }
        let wrapper = self.wrappers.borrow().get(&name).cloned();
        match wrapper {
            Some(attributes) => self.wrapped(item, &attributes, &module, file),
            None => self.pending.borrow_mut().push(Pending {
                path: file.path.to_path_buf(),
                id: file.id.clone(),
                text: file.text.to_owned(),
                invocation: item.clone(),
                module,
            }),
        }
    }

    /// `cfg_if!` / `cfg_select!`: the first branch whose predicate holds. A branch whose
    /// predicate cannot be decided is walked with its components undetermined, and so is every
    /// later branch up to the first that holds (it is taken only if the undecided ones are not).
    pub(super) fn branches(
        &self,
        branches: Vec<macros::Branch>,
        name: &str,
        at: Where,
        module: &Module,
        file: &mut FileContext,
    ) {
        let mut undecided: Option<String> = None;
        for branch in branches {
            let truth = branch.predicate.map_or(Truth::True, |tokens| self.cfg.eval_tokens(tokens));
            match truth {
                Truth::False => {}
                Truth::True => {
                    self.items(&branch.items, &module.marked_by(undecided), file);
                    return;
                }
                Truth::Unknown(why) => {
                    let reason =
                        format!("{why} in `{name}!` at {} cannot be decided at build time", self.place(file, at));
                    file.warn(
                        at,
                        format_args!("{why} in `{name}!` cannot be decided at build time; this branch is walked and its components are marked undetermined"),
                    );
                    self.items(&branch.items, &module.marked(reason.clone()), file);
                    undecided.get_or_insert(reason);
                }
            }
        }
    }

    /// The items of a wrapper's invocation, each with the wrapper's attributes put first.
    pub(super) fn wrapped(
        &self,
        item: &syn::ItemMacro,
        attributes: &[syn::Attribute],
        module: &Module,
        file: &mut FileContext,
    ) {
        let name = macro_name(item);
        let at = macro_site(item);
        match syn::parse::Parser::parse2(macros::items, item.mac.tokens.clone()) {
            Ok(mut items) => {
                for inner in &mut items {
                    if let Some(own) = item_attributes(inner) {
                        own.splice(0..0, attributes.iter().cloned());
                    }
                }
                self.items(&items, module, file);
            }
            Err(error) => file.warn(
                at,
                format_args!("the items given to `{name}!` do not parse ({error}); what they declare is not followed"),
            ),
        }
    }

    /// After the walk: invocations of wrappers defined later in the walk, then of macros that are
    /// not wrappers, whose modules and components are followed, undetermined, with a warning.
    pub(super) fn settle_pending(&self, scan: &mut Scan) {
        let mut definitions_searched = false;
        loop {
            let batch = std::mem::take(&mut *self.pending.borrow_mut());
            if batch.is_empty() {
                return;
            }
            for pending in batch {
                let name = macro_name(&pending.invocation);
                if !definitions_searched && !self.wrappers.borrow().contains_key(&name) {
                    self.search_skipped_files_for_wrappers(scan);
                    definitions_searched = true;
                }
                let mut stack = vec![pending.id.clone()];
                let mut file =
                    FileContext { path: &pending.path, id: &pending.id, text: &pending.text, scan, stack: &mut stack };
                let wrapper = self.wrappers.borrow().get(&name).cloned();
                match wrapper {
                    Some(attributes) => self.wrapped(&pending.invocation, &attributes, &pending.module, &mut file),
                    None => self.unexpanded(&pending.invocation, &name, &pending.module, &mut file),
                }
            }
        }
    }

    /// An invocation of a macro cra-rs does not interpret: its modules and components are
    /// followed and marked undetermined, with a warning naming the macro.
    pub(super) fn unexpanded(&self, item: &syn::ItemMacro, name: &str, module: &Module, file: &mut FileContext) {
        let at = macro_site(item);
        let reason = format!("declared inside `{name}!` at {}, a macro cra-rs does not expand", self.place(file, at));
        file.warn(
            at,
            format_args!(
                "`{name}!` is not a macro cra-rs interprets (`cfg_if!`, `cfg_select!`, or a crate-local wrapper `($($x:item)*) => {{ $( #[...] $x )* }}`); the modules and components in it are followed and marked undetermined: the run-time registry check (`declaration_tests!`) settles them"
            ),
        );
        match syn::parse::Parser::parse2(macros::items, item.mac.tokens.clone()) {
            Ok(items) => self.items(&items, &module.marked(reason), file),
            Err(error) => file.warn(
                at,
                format_args!("the tokens given to `{name}!` are not items ({error}); the modules and components in it are not followed"),
            ),
        }
    }

    /// Reads the crate's files again for `macro_rules!` wrapper definitions: the walk skips a
    /// file that declares no module and mentions no component (a crate's `macros.rs`). Only an
    /// invocation of an unknown macro costs this; files without macros cost nothing more.
    pub(super) fn search_skipped_files_for_wrappers(&self, scan: &mut Scan) {
        let root = self.krate.dir.as_os_str().as_encoded_bytes();
        let files: Vec<PathBuf> =
            scan.files.iter().filter(|f| f.as_encoded_bytes().starts_with(root)).map(PathBuf::from).collect();
        for path in files {
            let Ok(bytes) = std::fs::read(&path) else { continue };
            if !contains(&bytes, b"macro_rules!") {
                continue;
            }
            let Ok(text) = String::from_utf8(bytes) else { continue };
            for item in outline::items(&text, 0..text.len()).items {
                if item.kind != outline::ItemKind::Other
                    || !text[item.attrs.end..item.range.end].trim_start().starts_with("macro_rules")
                {
                    continue;
                }
                if let Ok(syn::Item::Macro(definition)) = parse_item_at(self.budget, &text, item.range.clone())
                    && let Some(name) = &definition.ident
                    && let Some(attributes) = macros::wrapper_attributes(&definition.mac.tokens)
                {
                    self.wrappers.borrow_mut().insert(name.to_string(), attributes);
                }
            }
        }
    }
}

/// The name of an invoked macro: the last segment of its path (`cfg_if` of `cfg_if::cfg_if!`).
pub(super) fn macro_name(item: &syn::ItemMacro) -> String {
    item.mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()
}

/// Where a macro invocation starts.
pub(super) fn macro_site(item: &syn::ItemMacro) -> Where {
    Where::Line(item.mac.path.segments.first().map_or(0, |s| s.ident.span().start().line))
}

/// Whether an item (after its attributes) is a macro item: `path! ...` or `macro_rules! name`.
pub(super) fn is_macro_item(text: &str) -> bool {
    let text = text.trim_start();
    let path_len = text.bytes().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':')).count();
    path_len > 0 && text[path_len..].trim_start().starts_with('!')
}
