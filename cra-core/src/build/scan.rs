//! Follows a crate's module tree from its roots and finds the components it declares.
//!
//! Build scripts run unoptimized, where a full parse runs at a few MB/s, so a file is parsed only
//! when a fast search says it can matter: it mentions `CraComponent` (it may hold a component) or
//! declares an out-of-line module (`mod x;`). Every other file is read and searched, never parsed.
//!
//! What the scanner cannot see: items made by macros (including `include!`), and modules whose
//! declaration is made by a macro. Such components still reach the run-time registry; the
//! consistency test of each example compares the two.

use std::path::{Path, PathBuf};

use super::cfg::CfgContext;
use super::diagnostics::{BuildError, SourceError};
use super::manifest::CrateInfo;
use super::search::contains;
use crate::syntax::{ComponentSpec, parse_component};

/// The text that makes a file a candidate for holding a component.
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
    /// The file's text, for diagnostics about the component.
    pub source: String,
    /// What the grammar read.
    pub spec: ComponentSpec,
}

/// Everything one scan found.
#[derive(Default)]
pub struct Scan {
    /// Components, in the order found.
    pub components: Vec<FoundComponent>,
    /// Mistakes in `#[cra(...)]` attributes, and candidate files that do not parse.
    pub errors: Vec<SourceError>,
    /// Files skipped because they do not parse and hold no component.
    pub warnings: Vec<String>,
    /// Every file read.
    pub files: Vec<PathBuf>,
    /// Bytes read.
    pub bytes_read: u64,
    /// Bytes parsed.
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

impl Walker<'_> {
    /// Reads one module file; `children` is the directory of its out-of-line submodules.
    fn file(&self, path: &Path, module_path: &str, children: &Path, scan: &mut Scan) -> Result<(), BuildError> {
        if scan.files.iter().any(|f| f == path) {
            return Ok(());
        }
        let bytes = std::fs::read(path).map_err(|e| BuildError::io(path, &e))?;
        scan.files.push(path.to_path_buf());
        scan.bytes_read += bytes.len() as u64;
        let candidate = contains(&bytes, MARKER);
        if !candidate && !declares_outline_module(&bytes) {
            return Ok(());
        }
        let Ok(text) = String::from_utf8(bytes) else {
            scan.warnings.push(format!("{} is not UTF-8; skipped", path.display()));
            return Ok(());
        };
        scan.bytes_parsed += text.len() as u64;
        let parsed = match syn::parse_file(&text) {
            Ok(file) => file,
            Err(error) if candidate => {
                // It may hold a component: the declaration would be incomplete without it.
                scan.errors.push(located(path, &text, error.span(), format!("cannot parse this file: {error}"), Some(
                    "fix the syntax error (rustc reports it in detail); cra-rs must read this file because it mentions `CraComponent`".into(),
                )));
                return Ok(());
            }
            Err(error) => {
                scan.warnings
                    .push(format!("{}: does not parse ({error}); skipped, it holds no component", path.display()));
                return Ok(());
            }
        };
        let mut context = FileContext { path, text: &text, scan };
        self.items(&parsed.items, module_path, children, &mut context)
    }

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
        let name = name.strip_prefix("r#").unwrap_or(&name);
        let inner_path = format!("{module_path}::{name}");
        let explicit = path_attribute(&attrs);
        if let Some((_, items)) = &module.content {
            return self.items(items, &inner_path, &children.join(name), file);
        }
        let here = file.path.parent().unwrap_or(Path::new("."));
        let target = match explicit {
            Some(relative) => Some(here.join(relative)),
            None => [children.join(format!("{name}.rs")), children.join(name).join("mod.rs")]
                .into_iter()
                .find(|p| p.is_file()),
        };
        let Some(target) = target else {
            // rustc reports the missing file; nothing to declare from it.
            return Ok(());
        };
        let is_mod_rs = target.file_name().is_some_and(|f| f == "mod.rs");
        let grandchildren = if is_mod_rs {
            target.parent().unwrap_or(Path::new(".")).to_path_buf()
        } else {
            target.parent().unwrap_or(Path::new(".")).join(target.file_stem().unwrap_or_default())
        };
        self.file(&target, &inner_path, &grandchildren, file.scan)
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
                source: file.text.to_owned(),
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

struct FileContext<'a> {
    path: &'a Path,
    text: &'a str,
    scan: &'a mut Scan,
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

/// A located error from a span of a parsed file.
fn located(path: &Path, text: &str, span: proc_macro2::Span, message: String, help: Option<String>) -> SourceError {
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
