//! Follows a crate's module tree from its roots and finds the components it declares.
//!
//! Build scripts run unoptimized, where a full parse runs at a few MB/s, so nothing is parsed
//! whole. A file is read and searched; only if it mentions `CraComponent` or declares an
//! out-of-line module (`mod x;`) is it split into items by a coarse reader (`outline`), and only
//! the items that mention `CraComponent`, and the attributes of module declarations, are parsed
//! with syn.
//!
//! What the scanner cannot see: items made by macros (including `include!`), and modules whose
//! declaration is made by a macro. Such components still reach the run-time registry; the
//! consistency test of each example compares the two.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::cfg::CfgContext;
use super::diagnostics::{BuildError, SourceError};
use super::manifest::CrateInfo;
use super::outline;
use super::search::contains;
use crate::syntax::{ComponentSpec, parse_component};

/// The text that makes a file or item a candidate for holding a component.
const MARKER: &[u8] = b"CraComponent";

/// A component found in source.
#[derive(Clone)]
pub struct FoundComponent {
    /// Package that declares it.
    pub package: String,
    /// That package's version.
    pub version: String,
    /// Directory of that package (evidence paths are relative to it).
    pub crate_dir: PathBuf,
    /// Module path, as `module_path!()` spells it.
    pub module_path: String,
    /// The file.
    pub file: PathBuf,
    /// What the grammar read.
    pub spec: ComponentSpec,
}

/// Everything one scan found.
#[derive(Default)]
pub struct Scan {
    /// Components, in the order found.
    pub components: Vec<FoundComponent>,
    /// Mistakes in `#[cra(...)]` attributes, and candidate items that do not parse.
    pub errors: Vec<SourceError>,
    /// Things skipped, for build warnings.
    pub warnings: Vec<String>,
    /// Every file read. (Kept as plain strings: ordering them is a byte comparison, where paths
    /// compare component by component, which is slow in an unoptimized build script.)
    pub files: BTreeSet<OsString>,
    /// Bytes read.
    pub bytes_read: u64,
    /// Bytes given to syn.
    pub bytes_parsed: u64,
}

/// Scans every root of a crate.
pub fn scan_crate(krate: &CrateInfo, cfg: &CfgContext, scan: &mut Scan) -> Result<(), BuildError> {
    for (crate_name, root) in &krate.roots {
        let dir = root.parent().unwrap_or(Path::new(".")).to_path_buf();
        let walker = Walker { krate, cfg };
        walker.file(root, crate_name, &dir, scan)?;
    }
    Ok(())
}

struct Walker<'a> {
    krate: &'a CrateInfo,
    cfg: &'a CfgContext,
}

struct FileContext<'a> {
    path: &'a Path,
    text: &'a str,
    scan: &'a mut Scan,
}

impl Walker<'_> {
    /// Reads one module file; `children` is the directory of its out-of-line submodules.
    fn file(&self, path: &Path, module_path: &str, children: &Path, scan: &mut Scan) -> Result<(), BuildError> {
        let bytes = std::fs::read(path).map_err(|e| BuildError::io(path, &e))?;
        self.contents(path, bytes, module_path, children, scan)
    }

    /// Walks a module file's contents, once per file.
    fn contents(
        &self,
        path: &Path,
        bytes: Vec<u8>,
        module_path: &str,
        children: &Path,
        scan: &mut Scan,
    ) -> Result<(), BuildError> {
        if !scan.files.insert(path.as_os_str().to_owned()) {
            return Ok(());
        }
        scan.bytes_read += bytes.len() as u64;
        if !contains(&bytes, MARKER) && !declares_outline_module(&bytes) {
            return Ok(());
        }
        let Ok(text) = String::from_utf8(bytes) else {
            scan.warnings.push(format!("{} is not UTF-8; skipped", path.display()));
            return Ok(());
        };
        let mut context = FileContext { path, text: &text, scan };
        self.outline(0..text.len(), module_path, children, &mut context)
    }

    /// Walks the items of `file.text[range]` (a file or an inline module's body) without parsing
    /// them; only items that mention `CraComponent`, and module attributes, go to syn.
    fn outline(
        &self,
        range: Range<usize>,
        module_path: &str,
        children: &Path,
        file: &mut FileContext,
    ) -> Result<(), BuildError> {
        let (items, balanced) = outline::items(file.text, range.clone());
        if !balanced && !contains(&file.text.as_bytes()[range], MARKER) {
            file.scan.warnings.push(format!(
                "{}: does not parse (unbalanced brackets); read up to the imbalance, it holds no component",
                file.path.display()
            ));
        }
        for item in items {
            let holds_marker = contains(&file.text.as_bytes()[item.range.clone()], MARKER);
            match item.kind {
                outline::ItemKind::Module => self.outline_module(&item, module_path, children, file)?,
                outline::ItemKind::Type | outline::ItemKind::Function if holds_marker => {
                    file.scan.bytes_parsed += item.range.len() as u64;
                    match parse_item_at(file.text, item.range.clone()) {
                        Ok(parsed) => self.items(std::slice::from_ref(&parsed), module_path, children, file)?,
                        Err(error) => file.scan.errors.push(located(
                            file.path,
                            file.text,
                            error.span(),
                            format!("cannot parse this item: {error}"),
                            Some("fix the syntax error (rustc reports it in detail); cra-rs must read this item because it mentions `CraComponent`".into()),
                        )),
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn outline_module(
        &self,
        item: &outline::Item,
        module_path: &str,
        children: &Path,
        file: &mut FileContext,
    ) -> Result<(), BuildError> {
        let Some(name) = item.name.clone() else { return Ok(()) };
        let attrs_text = &file.text[item.attrs.clone()];
        let parsed = if attrs_text.is_empty() {
            Ok(Vec::new())
        } else {
            syn::parse::Parser::parse_str(syn::Attribute::parse_outer, attrs_text)
        };
        let attrs = match parsed {
            Ok(attrs) => self.cfg.expand_cfg_attr(&attrs),
            Err(error) => {
                file.scan.warnings.push(format!(
                    "{}: attributes of module `{name}` do not parse ({error}); skipped",
                    file.path.display()
                ));
                return Ok(());
            }
        };
        if !self.cfg.is_enabled(&attrs) {
            return Ok(());
        }
        let inner_path = format!("{module_path}::{name}");
        if let Some(body) = item.body.clone() {
            let bytes = &file.text.as_bytes()[body.clone()];
            if contains(bytes, MARKER) || declares_outline_module(bytes) {
                return self.outline(body, &inner_path, &children.join(&name), file);
            }
            return Ok(());
        }
        self.module_file(&name, &inner_path, path_attribute(&attrs), children, file)
    }

    /// Follows `mod name;` to its file and reads it: `#[path]` if given, else `name.rs`, else
    /// `name/mod.rs` (tried by reading, without a separate existence check).
    fn module_file(
        &self,
        name: &str,
        inner_path: &str,
        explicit: Option<String>,
        children: &Path,
        file: &mut FileContext,
    ) -> Result<(), BuildError> {
        let here = file.path.parent().unwrap_or(Path::new("."));
        let candidates = match explicit {
            Some(relative) => vec![here.join(relative)],
            None => vec![children.join(format!("{name}.rs")), children.join(name).join("mod.rs")],
        };
        for target in candidates {
            let bytes = match std::fs::read(&target) {
                Ok(bytes) => bytes,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(BuildError::io(&target, &error)),
            };
            let grandchildren = if target.file_name().is_some_and(|f| f == "mod.rs") {
                target.parent().unwrap_or(Path::new(".")).to_path_buf()
            } else {
                target.parent().unwrap_or(Path::new(".")).join(target.file_stem().unwrap_or_default())
            };
            return self.contents(&target, bytes, inner_path, &grandchildren, file.scan);
        }
        // No file: rustc reports that; nothing to declare from it.
        Ok(())
    }

    /// Items that syn parsed: a candidate item, or the items in a function's body.
    fn items(
        &self,
        items: &[syn::Item],
        module_path: &str,
        children: &Path,
        file: &mut FileContext,
    ) -> Result<(), BuildError> {
        for item in items {
            match item {
                syn::Item::Mod(module) => self.module(module, module_path, children, file)?,
                syn::Item::Struct(s) => self.component(&s.ident, &s.attrs, module_path, file),
                syn::Item::Enum(e) => self.component(&e.ident, &e.attrs, module_path, file),
                syn::Item::Union(u) => self.component(&u.ident, &u.attrs, module_path, file),
                syn::Item::Fn(function) => {
                    let attrs = self.cfg.expand_cfg_attr(&function.attrs);
                    if self.cfg.is_enabled(&attrs) {
                        let nested: Vec<syn::Item> = function
                            .block
                            .stmts
                            .iter()
                            .filter_map(|s| if let syn::Stmt::Item(i) = s { Some(i.clone()) } else { None })
                            .collect();
                        self.items(&nested, module_path, children, file)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A module inside an item that syn parsed (a function body).
    fn module(
        &self,
        module: &syn::ItemMod,
        module_path: &str,
        children: &Path,
        file: &mut FileContext,
    ) -> Result<(), BuildError> {
        let attrs = self.cfg.expand_cfg_attr(&module.attrs);
        if !self.cfg.is_enabled(&attrs) {
            return Ok(());
        }
        let name = module.ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        let inner_path = format!("{module_path}::{name}");
        match &module.content {
            Some((_, items)) => self.items(items, &inner_path, &children.join(&name), file),
            None => self.module_file(&name, &inner_path, path_attribute(&attrs), children, file),
        }
    }

    fn component(&self, ident: &syn::Ident, attrs: &[syn::Attribute], module_path: &str, file: &mut FileContext) {
        let attrs = self.cfg.expand_cfg_attr(attrs);
        if !self.cfg.is_enabled(&attrs) || !derives_component(&attrs) {
            return;
        }
        match parse_component(ident, &attrs, Some(&self.krate.dir)) {
            Ok(spec) => file.scan.components.push(FoundComponent {
                package: self.krate.package.clone(),
                version: self.krate.version.clone(),
                crate_dir: self.krate.dir.clone(),
                module_path: module_path.to_owned(),
                file: file.path.to_path_buf(),
                spec,
            }),
            Err(failed) => {
                for diagnostic in failed.diagnostics {
                    let error = located(file.path, file.text, diagnostic.span, diagnostic.message, diagnostic.help);
                    file.scan.errors.push(error);
                }
            }
        }
    }
}

/// Whether `#[derive(...)]` among the attributes names `CraComponent` (by any path).
fn derives_component(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("derive")).any(|a| {
        let mut found = false;
        let _ = a.parse_nested_meta(|meta| {
            found |= meta.path.segments.last().is_some_and(|s| s.ident == "CraComponent");
            Ok(())
        });
        found
    })
}

/// `#[path = "..."]` on a module.
fn path_attribute(attrs: &[syn::Attribute]) -> Option<String> {
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
        let name_len = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'#').count();
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

/// Parses the item at `range` of `text` so that its spans carry the line and column they have in
/// the file: the item is preceded by as many line breaks and spaces as precede it there.
fn parse_item_at(text: &str, range: Range<usize>) -> syn::Result<syn::Item> {
    let before = &text[..range.start];
    let lines = before.bytes().filter(|b| *b == b'\n').count();
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    let mut padded = String::with_capacity(lines + column + range.len());
    padded.extend(std::iter::repeat_n('\n', lines));
    padded.extend(std::iter::repeat_n(' ', column));
    padded.push_str(&text[range]);
    syn::parse_str(&padded)
}

/// A located error from a span of a parsed file.
pub(super) fn located(
    path: &Path,
    text: &str,
    span: proc_macro2::Span,
    message: String,
    help: Option<String>,
) -> SourceError {
    let start = offset(text, span.start());
    let end = offset(text, span.end()).max(start);
    SourceError { path: path.to_path_buf(), source: text.to_owned(), range: start..end, message, help }
}

/// Byte offset of a line (1-based) and column (0-based, in characters) in `text`.
fn offset(text: &str, at: proc_macro2::LineColumn) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(at.line.saturating_sub(1)).map(str::len).sum();
    let line = &text[line_start..];
    line_start + line.char_indices().nth(at.column).map_or(line.len(), |(i, _)| i)
}
