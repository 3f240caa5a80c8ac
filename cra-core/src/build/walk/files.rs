//! The walk through a file's items: the coarse reader's items, syn's items in function bodies
//! and impl blocks, `use` items, and the cfg of each.
use std::ops::Range;
use std::path::Path;

use proc_macro2::LineColumn;
use syn::ext::IdentExt;

use super::cfg::Truth;
use super::macro_items::is_macro_item;
use super::outline;
use super::resolve::{ModDir, Ownership};
use super::search::contains;
use super::source_file::FileId;
use super::stack::{Budget, Unparsed};
use super::uses::{self, WrittenPath};
use super::{
    Body, BodyOf, Enabled, FileContext, LARGE_FILE, MARKER, ModDecl, Module, Scan, Site, Source, Walker, Where, line_of,
};
use crate::build::diagnostics::SourceError;

impl Walker<'_> {
    /// Walks a module file: at most once per file, not inside itself.
    pub(super) fn load(
        &self,
        path: &Path,
        (bytes, id): Source,
        module: &Module,
        declared: Option<Site>,
        scan: &mut Scan,
        stack: &mut Vec<FileId>,
    ) {
        // Every spelling read is watched (`rerun-if-changed`): an editor that saves by renaming
        // turns a hard link or a second name into a file of its own.
        scan.files.insert(path.as_os_str().to_owned());
        if stack.contains(&id) {
            let (file, line) = declared.map_or((path, None), |site| (site.path, Some(line_of(site.text, site.at))));
            scan.warn(
                file,
                line,
                format_args!(
                    "circular modules: `{}` is already being loaded; not followed (rustc will usually report the same as an error)",
                    path.display()
                ),
            );
            return;
        }
        if !scan.walked.insert(id.clone()) {
            return;
        }
        if path.to_str().is_none() {
            scan.warn(path, None, "the path is not UTF-8: Cargo cannot be asked to watch it (`rerun-if-changed`)");
        }
        if bytes.len() > LARGE_FILE {
            scan.warn(
                path,
                None,
                format_args!("{} MB of source, read in full; a file this large slows every build", bytes.len() >> 20),
            );
        }
        // Only a file the walker reads further is decoded: checking every file would cost a
        // tenth of the walk, and one that mentions neither `CraComponent` nor `mod x;` holds
        // nothing the walker needs (rustc rejects it if it is not UTF-8).
        if !contains(&bytes, MARKER) && !declares_outline_module(&bytes) {
            return;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            scan.warn(path, None, "is not UTF-8; skipped (rustc will usually report the same as an error)");
            return;
        };
        stack.push(id.clone());
        let mut file = FileContext { path, id: &id, text: &text, scan, stack };
        self.outline(0..text.len(), module, &mut file);
        stack.pop();
    }

    /// Walks the items of `file.text[range]` (a file or an inline module's body) without parsing
    /// them; only items that mention `CraComponent` or declare an out-of-line module go to syn.
    pub(super) fn outline(&self, range: Range<usize>, module: &Module, file: &mut FileContext) {
        // A body that may hold components records all its `use` items, others only re-exports.
        let all_uses = contains(&file.text.as_bytes()[range.clone()], MARKER);
        let outline = outline::items(file.text, range);
        if let Some(at) = outline.imbalance {
            file.warn(
                Where::Offset(at),
                "does not parse (unbalanced brackets); items after this point are not read (rustc will usually report the same as an error)",
            );
        }
        // An inner `#![cfg(...)]` that cannot be decided marks the rest of the module.
        let mut marked: Option<Module> = None;
        for item in outline.items {
            let module = marked.as_ref().unwrap_or(module);
            let text = &file.text.as_bytes()[item.range.clone()];
            match item.kind {
                outline::ItemKind::InnerAttribute => {
                    let Some(attrs) = self.outline_attrs(&item, file) else { continue };
                    let (attrs, undecided) = self.cfg.expand_cfg_attr(&attrs);
                    match self.enabled(&attrs, undecided, Where::Offset(item.range.start), file) {
                        Enabled::No => return,
                        Enabled::Undetermined(why) => {
                            let inner = module.marked(why);
                            marked = Some(inner);
                        }
                        Enabled::Yes => {}
                    }
                }
                outline::ItemKind::Module => {
                    let Some(name) = item.name.clone() else { continue };
                    let Some(attrs) = self.outline_attrs(&item, file) else { continue };
                    let body = item.body.clone().map_or(Body::None, Body::Outline);
                    // The attributes end where the declaration (`pub mod x`) starts.
                    let at = Where::Offset(item.attrs.end);
                    self.module(ModDecl { name, attrs: &attrs, body, at }, module, file);
                }
                outline::ItemKind::Type | outline::ItemKind::Function | outline::ItemKind::Body
                    if contains(text, MARKER)
                        || (item.kind != outline::ItemKind::Type && declares_outline_module(text)) =>
                {
                    self.parse_candidate(&item, module, file);
                }
                outline::ItemKind::Other
                    if use_item(&file.text[item.attrs.end..item.range.end])
                        .is_some_and(|public| public || all_uses) =>
                {
                    self.outline_use(&item, module, file);
                }
                outline::ItemKind::Other if is_macro_item(&file.text[item.attrs.end..item.range.end]) => {
                    self.outline_macro(&item, module, file);
                }
                outline::ItemKind::Other if contains(text, MARKER) && contains(text, b"derive(") => {
                    file.warn(
                        Where::Offset(item.attrs.end),
                        "this item mentions `derive(` and `CraComponent`; cra-rs does not look inside it, so a component declared there is not in the declaration",
                    );
                }
                _ => {}
            }
        }
    }

    /// A `use` item found by the coarse reader, recorded for resolving `depends_on` paths. Its
    /// spans are not needed, so it is parsed where it is, without padding.
    pub(super) fn outline_use(&self, item: &outline::Item, module: &Module, file: &mut FileContext) {
        match self.budget.parse(<syn::ItemUse as syn::parse::Parse>::parse, &file.text[item.range.clone()]) {
            Ok(parsed) => self.record_use(&parsed, module),
            Err(Unparsed::Syntax(error)) => file.warn(
                Where::Offset(item.attrs.end),
                format_args!("this `use` item does not parse ({error}); `depends_on` paths in this module are resolved without it (rustc will usually report the same as an error)"),
            ),
            Err(Unparsed::TooDeep(too_deep)) => file.warn(
                Where::Offset(item.attrs.end),
                format_args!("this `use` item is not read, so `depends_on` paths in this module are resolved without it: {too_deep}"),
            ),
        }
    }

    /// Records the names a `use` item binds in `module`, unless its cfg is certainly false (an
    /// undecidable one is kept: if it decides a path, the two readings are an ambiguity error).
    pub(super) fn record_use(&self, item: &syn::ItemUse, module: &Module) {
        let (attrs, _) = self.cfg.expand_cfg_attr(&item.attrs);
        if matches!(self.cfg.is_enabled(&attrs), Truth::False) {
            return;
        }
        let mut uses = self.uses.borrow_mut();
        uses::use_entries(item, uses.entry(module.path.clone()).or_default());
    }

    /// The outer (or inner) attributes of an item found by the coarse reader, parsed; `None`
    /// (with a warning) when they do not parse.
    pub(super) fn outline_attrs(&self, item: &outline::Item, file: &mut FileContext) -> Option<Vec<syn::Attribute>> {
        let text = &file.text[item.attrs.clone()];
        if text.is_empty() {
            return Some(Vec::new());
        }
        let parser = if item.kind == outline::ItemKind::InnerAttribute {
            syn::Attribute::parse_inner
        } else {
            syn::Attribute::parse_outer
        };
        match self.budget.parse(parser, text) {
            Ok(attrs) => Some(attrs),
            Err(Unparsed::Syntax(error)) => {
                file.warn(
                    Where::Offset(item.range.start),
                    format_args!(
                        "these attributes do not parse ({error}); the item is skipped (rustc will usually report the same as an error)"
                    ),
                );
                None
            }
            Err(Unparsed::TooDeep(too_deep)) => {
                file.warn(
                    Where::Offset(item.range.start),
                    format_args!("these attributes are not read, so the item is skipped: {too_deep}"),
                );
                None
            }
        }
    }

    /// Gives a candidate item (a type or a function that mentions `CraComponent`, or a function
    /// that declares a module) to syn.
    pub(super) fn parse_candidate(&self, item: &outline::Item, module: &Module, file: &mut FileContext) {
        let error = match parse_item_at(self.budget, file.text, item.range.clone()) {
            Ok(parsed) => return self.items(std::slice::from_ref(&parsed), module, file),
            Err(error) => error,
        };
        let mentions_marker = contains(&file.text.as_bytes()[item.range.clone()], MARKER);
        match error {
            Unparsed::Syntax(error) if mentions_marker => {
                file.scan.errors.push(located(
                    file.path,
                    file.text,
                    error.span(),
                    format!("cannot parse this item: {error}"),
                    Some("fix the syntax error (rustc reports it in detail); cra-rs must read this item because it mentions `CraComponent`".into()),
                ));
            }
            Unparsed::TooDeep(too_deep) if mentions_marker => file.error_at(
                item.attrs.end,
                format!("this item is not read: {too_deep}"),
                "split the item: move part of it into a type alias, constant or function of its own",
            ),
            Unparsed::Syntax(error) => {
                file.warn(
                    Where::Line(error.span().start().line),
                    format_args!(
                        "cannot parse this function ({error}), so the modules declared in it are not followed (rustc will usually report the same as an error)"
                    ),
                );
            }
            Unparsed::TooDeep(too_deep) => {
                file.warn(
                    Where::Offset(item.attrs.end),
                    format_args!(
                        "this function is not read, so the modules declared in it are not followed: {too_deep}"
                    ),
                );
            }
        }
    }

    /// Items that syn parsed: a candidate item, or the items in a function's body.
    pub(super) fn items(&self, items: &[syn::Item], module: &Module, file: &mut FileContext) {
        for item in items {
            match item {
                syn::Item::Mod(decl) => {
                    let name = decl.ident.unraw().to_string();
                    let body = decl.content.as_ref().map_or(Body::None, |(_, items)| Body::Parsed(items));
                    let at = Where::Line(decl.ident.span().start().line);
                    self.module(ModDecl { name, attrs: &decl.attrs, body, at }, module, file);
                }
                syn::Item::Use(u) => self.record_use(u, module),
                syn::Item::Struct(s) => self.component(&s.ident, &s.attrs, module, file),
                syn::Item::Enum(e) => self.component(&e.ident, &e.attrs, module, file),
                syn::Item::Union(u) => self.component(&u.ident, &u.attrs, module, file),
                syn::Item::Fn(f) => self.body(&f.attrs, &f.sig.ident, BodyOf::Block(&f.block), module, file),
                syn::Item::Const(c) => self.body(&c.attrs, &c.ident, BodyOf::Expr(&c.expr), module, file),
                syn::Item::Static(s) => self.body(&s.attrs, &s.ident, BodyOf::Expr(&s.expr), module, file),
                syn::Item::Impl(block) => self.impl_block(block, module, file),
                syn::Item::Macro(invocation) => self.macro_item(invocation, module, file),
                syn::Item::Trait(t) => {
                    for item in &t.items {
                        if let syn::TraitItem::Fn(f) = item
                            && let Some(block) = &f.default
                        {
                            self.body(&f.attrs, &f.sig.ident, BodyOf::Block(block), module, file);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The methods of an `impl` block, under its cfg.
    pub(super) fn impl_block(&self, block: &syn::ItemImpl, module: &Module, file: &mut FileContext) {
        let (attrs, undecided) = self.cfg.expand_cfg_attr(&block.attrs);
        let at = Where::Line(block.impl_token.span.start().line);
        let module = match self.enabled(&attrs, undecided, at, file) {
            Enabled::No => return,
            Enabled::Undetermined(why) => module.marked(why),
            Enabled::Yes => module.marked_by(None),
        };
        for item in &block.items {
            if let syn::ImplItem::Fn(f) = item {
                self.body(&f.attrs, &f.sig.ident, BodyOf::Block(&f.block), &module, file);
            }
        }
    }

    /// The items of a function body or of a constant's blocks: same module path, but a block
    /// owns no directory.
    pub(super) fn body(
        &self,
        attrs: &[syn::Attribute],
        ident: &syn::Ident,
        body: BodyOf,
        module: &Module,
        file: &mut FileContext,
    ) {
        let (attrs, undecided) = self.cfg.expand_cfg_attr(attrs);
        let at = Where::Line(ident.span().start().line);
        let undetermined = match self.enabled(&attrs, undecided, at, file) {
            Enabled::No => return,
            Enabled::Undetermined(why) => module.undetermined.clone().or(Some(why)),
            Enabled::Yes => module.undetermined.clone(),
        };
        let block = Module {
            path: module.path.clone(),
            dir: ModDir { path: module.dir.path.clone(), ownership: Ownership::UnownedViaBlock },
            undetermined,
            depth: module.depth,
        };
        let mut nested = Vec::new();
        match body {
            BodyOf::Block(b) => block_items(b, &mut nested),
            BodyOf::Expr(e) => expression_items(e, &mut nested),
        }
        self.items(&nested, &block, file);
    }

    /// `src/a.rs:3`: where in the crate `at` is, for the reasons components carry.
    pub(super) fn place(&self, file: &FileContext, at: Where) -> String {
        let relative = file.path.strip_prefix(&self.krate.dir).unwrap_or(file.path);
        format!("{}:{}", relative.display(), line_of(file.text, at))
    }

    /// Evaluates the `#[cfg]`s of an item (after `cfg_attr` expansion, whose own undecided
    /// predicate is `undecided`); an undecidable one is a warning, and its reason names the
    /// file and line.
    pub(super) fn enabled(
        &self,
        attrs: &[syn::Attribute],
        undecided: Option<String>,
        at: Where,
        file: &mut FileContext,
    ) -> Enabled {
        let why = match (self.cfg.is_enabled(attrs), undecided) {
            (Truth::False, _) => return Enabled::No,
            (Truth::True, None) => return Enabled::Yes,
            (Truth::Unknown(why), _) | (Truth::True, Some(why)) => why,
        };
        let reason = format!("{why} at {} cannot be decided at build time", self.place(file, at));
        file.warn(
            at,
            format_args!(
                "{why} cannot be decided at build time (a cfg set where build scripts cannot see it?); what it guards is walked and its components are marked undetermined"
            ),
        );
        Enabled::Undetermined(reason)
    }
}

/// The items of a block and of the blocks nested in its statements (`if`, `match`, loops,
/// closures, `unsafe`, `async` and `const` blocks): rustc puts them all in the enclosing module.
pub(super) fn block_items(block: &syn::Block, out: &mut Vec<syn::Item>) {
    for statement in &block.stmts {
        match statement {
            syn::Stmt::Item(item) => out.push(item.clone()),
            syn::Stmt::Local(local) => {
                if let Some(init) = &local.init {
                    expression_items(&init.expr, out);
                    if let Some((_, diverge)) = &init.diverge {
                        expression_items(diverge, out);
                    }
                }
            }
            syn::Stmt::Expr(expr, _) => expression_items(expr, out),
            syn::Stmt::Macro(_) => {}
        }
    }
}

/// The items in the blocks of an expression that holds blocks directly.
pub(super) fn expression_items(expr: &syn::Expr, out: &mut Vec<syn::Item>) {
    match expr {
        syn::Expr::Block(e) => block_items(&e.block, out),
        syn::Expr::Unsafe(e) => block_items(&e.block, out),
        syn::Expr::Async(e) => block_items(&e.block, out),
        syn::Expr::Const(e) => block_items(&e.block, out),
        syn::Expr::Loop(e) => block_items(&e.body, out),
        syn::Expr::While(e) => block_items(&e.body, out),
        syn::Expr::ForLoop(e) => block_items(&e.body, out),
        syn::Expr::If(e) => {
            block_items(&e.then_branch, out);
            if let Some((_, otherwise)) = &e.else_branch {
                expression_items(otherwise, out);
            }
        }
        syn::Expr::Match(e) => e.arms.iter().for_each(|arm| expression_items(&arm.body, out)),
        syn::Expr::Closure(e) => expression_items(&e.body, out),
        _ => {}
    }
}

/// A `depends_on` path as plain data, with where it is written.
pub(super) fn written_path(path: &syn::Path) -> WrittenPath {
    let start = path.leading_colon.map_or_else(
        || path.segments.first().map_or(LineColumn { line: 1, column: 0 }, |s| s.ident.span().start()),
        |colon| colon.spans[0].start(),
    );
    let end = path.segments.last().map_or(start, |s| s.ident.span().end());
    WrittenPath {
        segments: path.segments.iter().map(|s| s.ident.unraw().to_string()).collect(),
        leading_colon: path.leading_colon.is_some(),
        at: (start, end),
    }
}

/// Whether an item (after its attributes) is a `use` item, and if so whether it is `pub` (a
/// re-export other modules' paths may go through).
pub(super) fn use_item(text: &str) -> Option<bool> {
    let text = text.trim_start();
    let (public, rest) = match text.strip_prefix("pub") {
        Some(rest) if rest.starts_with(|c: char| c.is_whitespace() || c == '(') => {
            let rest = rest.trim_start();
            let rest = match rest.strip_prefix('(') {
                Some(inside) => &inside[inside.find(')')? + 1..],
                None => rest,
            };
            (true, rest.trim_start())
        }
        _ => (false, text),
    };
    let after = rest.strip_prefix("use")?;
    after.starts_with(|c: char| c.is_whitespace() || c == ':' || c == '{').then_some(public)
}

/// The attributes of an item, for the kinds a wrapper may be given.
pub(super) fn item_attributes(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Mod(i) => Some(&mut i.attrs),
        syn::Item::Struct(i) => Some(&mut i.attrs),
        syn::Item::Enum(i) => Some(&mut i.attrs),
        syn::Item::Union(i) => Some(&mut i.attrs),
        syn::Item::Fn(i) => Some(&mut i.attrs),
        syn::Item::Const(i) => Some(&mut i.attrs),
        syn::Item::Static(i) => Some(&mut i.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Trait(i) => Some(&mut i.attrs),
        syn::Item::Macro(i) => Some(&mut i.attrs),
        syn::Item::Use(i) => Some(&mut i.attrs),
        syn::Item::Type(i) => Some(&mut i.attrs),
        _ => None,
    }
}

/// `#[path = "..."]` on a module.
pub(super) fn path_attribute(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().filter(|a| a.path().is_ident("path")).find_map(|a| match &a.meta {
        syn::Meta::NameValue(syn::MetaNameValue {
            value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }),
            ..
        }) => Some(s.value()),
        _ => None,
    })
}

/// Whether the text has `mod <name>;` somewhere: a cheap test that can be wrong only towards
/// parsing a file that did not need it (e.g. the words in a comment).
pub fn declares_outline_module(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = super::search::find(&bytes[from..], b"mod ") {
        let start = from + at;
        from = start + 4;
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let rest = &bytes[start + 4..];
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        let name_len =
            rest.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'#' || **b >= 0x80).count();
        if name_len == 0 {
            continue;
        }
        let after = &rest[name_len..];
        let after = &after[after.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        if after.first() == Some(&b';') {
            return true;
        }
    }
    false
}

/// Parses the item at `range` of `text`, if its nesting fits `budget`, so that its spans carry
/// the line and column they have in the file: the item is preceded by as many line breaks and
/// spaces as precede it there.
pub(super) fn parse_item_at(budget: &Budget, text: &str, range: Range<usize>) -> Result<syn::Item, Unparsed> {
    let before = &text[..range.start];
    let lines = before.bytes().filter(|b| *b == b'\n').count();
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    let mut padded = String::with_capacity(lines + column + range.len());
    padded.extend(std::iter::repeat_n('\n', lines));
    padded.extend(std::iter::repeat_n(' ', column));
    padded.push_str(&text[range]);
    budget.parse(<syn::Item as syn::parse::Parse>::parse, &padded)
}

/// A located error from a span of a parsed file.
pub(super) fn located(
    path: &Path,
    text: &str,
    span: proc_macro2::Span,
    message: String,
    help: Option<String>,
) -> SourceError {
    SourceError {
        path: path.to_path_buf(),
        source: text.to_owned(),
        range: byte_range(text, (span.start(), span.end())),
        message,
        help,
        code: None,
    }
}

/// Byte offset of a line (1-based) and column (0-based, in characters) in `text`.
pub(super) fn offset(text: &str, at: proc_macro2::LineColumn) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(at.line.saturating_sub(1)).map(str::len).sum();
    let line = &text[line_start..];
    line_start + line.char_indices().nth(at.column).map_or(line.len(), |(i, _)| i)
}

/// The bytes of `text` from `start` to `end` (lines and columns of a parsed file).
pub(crate) fn byte_range(text: &str, (start, end): (LineColumn, LineColumn)) -> Range<usize> {
    let start = offset(text, start);
    start..offset(text, end).max(start)
}
