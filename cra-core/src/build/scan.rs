//! Follows a crate's module tree from its roots and finds the components it declares.
//!
//! Build scripts run unoptimized, where a full parse runs at a few MB/s, so nothing is parsed
//! whole. A file is read and searched; only if it mentions `CraComponent` or declares an
//! out-of-line module (`mod x;`) is it split into items by a coarse reader (`outline`), and only
//! the items that mention `CraComponent` (or functions that declare modules), and the attributes
//! of module declarations, are parsed with syn.
//!
//! Module files are found as rustc finds them (`rustc_expand/src/module.rs`; see `resolve`):
//! `x.rs` and `x/mod.rs`, `#[path]` on out-of-line and inline modules, in mod-rs and non-mod-rs
//! files and in function bodies, after `cfg_attr` expansion. Both sources of items, the coarse
//! reader and syn (for the items in function bodies), hand their module declarations to the
//! same function, so the rules exist once. A test compares the files read with rustc's
//! dep-info on a fixture of every rule.
//!
//! Nothing is skipped in silence: a module file that cannot be found, read, decoded or parsed,
//! a module cycle, and a `#[cfg]` that cannot be decided at build time are warnings with the
//! file and line of the declaration (rustc usually reports all but the last as errors). What
//! an undecidable `#[cfg]` guards is walked, and its components are marked undetermined. For
//! speed, three checks are narrowed: a file is decoded (and so found not UTF-8) only when it
//! mentions `CraComponent` or `mod x;`; a file that does not mention `CraComponent` is walked
//! only when `mod` is followed by a space in some `mod x;` (a tab or line break there, which
//! rustfmt never writes, is not seen); and `x.rs` beside `x/mod.rs` is noticed only when `x/`
//! is a real directory, not a symlink.
//!
//! What the scanner cannot see: items made by macros (including `include!`; a derive of
//! `CraComponent` inside a macro definition is a warning), modules whose declaration is made by
//! a macro, and items in blocks that are operands of other expressions (`f({ struct A; })`).
//! Function bodies (also of methods and trait defaults), the blocks of their statements (`if`,
//! `match`, loops, closures, `unsafe`, `async`, `const`) and the blocks of constants and
//! statics are walked. Components the scanner misses still reach the run-time registry; the
//! consistency test of each example compares the two. A file reached twice (not circularly) is
//! walked once, and a cycle is a cycle however the path is spelled: files are told apart by
//! their identity on disk (`source_file`), not by the path written.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cfg::{CfgContext, Truth};
use super::depends::{self, CrateScope, UseEntry, WrittenPath};
use super::diagnostics::SourceError;
use super::macros::{self, Known};
use super::manifest::CrateInfo;
use super::outline;
use super::search::contains;
use super::source_file::{self, FileId};
use super::stack::{self, Budget, Unparsed};
use crate::declaration::Component;
use crate::syntax::parse_component;
use proc_macro2::LineColumn;
use syn::ext::IdentExt;

/// The text that makes a file or item a candidate for holding a component.
const MARKER: &[u8] = b"CraComponent";

/// Files larger than this are read in full, with a warning: they slow every build.
const LARGE_FILE: usize = 16 << 20;

/// Modules nested deeper than this (files or inline) are not followed: only a cycle through
/// differently spelled paths, or generated input, gets there.
const MAX_MODULE_DEPTH: usize = 128;

/// A component found in source.
#[derive(Clone)]
pub struct FoundComponent {
    /// Package that declares it.
    pub package: String,
    /// Directory of that package (evidence paths are relative to it).
    pub crate_dir: PathBuf,
    /// Module path, as `module_path!()` spells it.
    pub module_path: String,
    /// The file.
    pub file: PathBuf,
    /// The 1-based line of the type's name in it.
    pub line: usize,
    /// The type's name, as `depends_on(...)` paths end.
    pub ident: String,
    /// The component as written: its claims' evidence without digests, `depends_on` as the
    /// type names written and no crate name (the generator hashes, resolves and names them
    /// after the walk). Its `undetermined` says why the build may or may not contain it, when
    /// a `#[cfg]` on it or on a module around it cannot be decided at build time: "cfg(`x`) at
    /// src/a.rs:3 cannot be decided at build time"; `None` when it is certainly compiled.
    pub component: Component,
    /// Where in `file` each claim's evidence entries are written (start and end, in the order
    /// of `component.claims` and of their evidence), for errors about evidence files; turned
    /// into byte offsets only for an error, as counting lines for every entry slows the walk.
    pub evidence_at: Vec<Vec<(LineColumn, LineColumn)>>,
    /// The `depends_on` paths as written (in the order of `component.depends_on`, which holds
    /// their last segments), for the generator to resolve as the compiler does.
    pub depends_on_written: Vec<WrittenPath>,
    /// What paths in its crate resolve against: the crate's `use` items and dependency names
    /// (one per crate, shared by its components; complete once the crate's walk ends).
    pub scope: Arc<CrateScope>,
}

/// Everything one scan found.
#[derive(Default)]
pub struct Scan {
    /// Components, in the order found.
    pub components: Vec<FoundComponent>,
    /// Mistakes in `#[cra(...)]` attributes, and candidate items that do not parse.
    pub errors: Vec<SourceError>,
    /// Things skipped or uncertain, for build warnings, each displayed `path:line: message` (or
    /// `path: message` when no line applies).
    pub warnings: Vec<ScanWarning>,
    /// Every file read. (Kept as plain strings: ordering them is a byte comparison, where paths
    /// compare component by component, which is slow in an unoptimized build script.)
    pub files: BTreeSet<OsString>,
    /// Every file walked, by identity: each is walked once, however its path is spelled and
    /// from whichever crate it is reached (one `Scan` holds all crates of a build).
    walked: HashSet<FileId>,
}

/// Something the walk skipped or could not decide, at a file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanWarning {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line, when one applies.
    pub line: Option<usize>,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for ScanWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl Scan {
    /// Adds a warning located at `line` of `path` (or at the file when there is no line).
    fn warn(&mut self, path: &Path, line: Option<usize>, message: impl std::fmt::Display) {
        self.warnings.push(ScanWarning { path: path.to_path_buf(), line, message: message.to_string() });
    }
}

/// Scans every root of a crate into `scan`: components, grammar errors (in `scan.errors`, for
/// the caller to stop on) and warnings; nothing stops the walk itself.
///
/// The walk runs on a thread with a large stack, and syn is given only items whose nesting
/// that stack holds (`stack`): an item nested too deep is an error at that item, not a stack
/// overflow of the build script.
pub fn scan_crate(krate: &CrateInfo, cfg: &CfgContext, scan: &mut Scan) {
    stack::on_a_large_stack(|budget| walk_crate(krate, cfg, scan, budget));
}

fn walk_crate(krate: &CrateInfo, cfg: &CfgContext, scan: &mut Scan, budget: &Budget) {
    let walker = Walker {
        krate,
        cfg,
        budget,
        last_dir: RefCell::default(),
        wrappers: RefCell::default(),
        pending: RefCell::default(),
        uses: RefCell::default(),
    };
    let first_component = scan.components.len();
    for (crate_name, root) in &krate.roots {
        let module = Module {
            path: crate_name.clone(),
            dir: ModDir { path: parent_of(root), ownership: Ownership::Owned { relative: None } },
            undetermined: None,
            depth: 0,
        };
        let mut stack = Vec::new();
        match source_file::read(root) {
            Ok(source) => walker.load(root, source, &module, None, scan, &mut stack),
            Err(error) => scan.warn(root, None, format_args!("cannot read this crate root: {error}")),
        }
    }
    walker.settle_pending(scan);
    let scope = Arc::new(CrateScope { externs: krate.externs.clone(), uses: walker.uses.take() });
    for component in &mut scan.components[first_component..] {
        component.scope = Arc::clone(&scope);
    }
}

/// Where a module's out-of-line submodules are looked for: rustc's `dir_path` with its
/// `DirOwnership`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ModDir {
    /// The directory `#[path]` is relative to.
    pub path: PathBuf,
    /// Whether `mod x;` may load a file here, and under which subdirectory.
    pub ownership: Ownership,
}

/// rustc's `DirOwnership`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ownership {
    /// In a module: `relative` is the name of a non-`mod.rs` file (`a` for `a.rs`), whose
    /// submodules live in `a/` below `path`; consumed by the first inline module.
    Owned {
        /// The pending subdirectory.
        relative: Option<String>,
    },
    /// In a block (a function body): `mod x;` needs `#[path]`.
    UnownedViaBlock,
}

/// Where a module declaration leads.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// An inline module: its items are walked with this directory.
    Inline(ModDir),
    /// `#[path]` on `mod x;`: this file, treated like a `mod.rs` (its submodules are its
    /// siblings).
    PathFile(PathBuf),
    /// `mod x;`: one of the [`Candidate`] files in this directory.
    Default(PathBuf),
    /// `mod x;` without `#[path]` in a block: rustc rejects it.
    InBlock,
}

/// The files rustc tries for `mod x;` in a directory, in order. (Built only when tried: paths
/// built up front for every module slow the walk in an unoptimized build script.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Candidate {
    /// `dir/x.rs`: its submodules are in `dir/x/` (relative offset `x`).
    OwnFile,
    /// `dir/x/mod.rs`: its submodules are beside it.
    ModRs,
}

impl Candidate {
    /// The file for module `name` in `dir`.
    pub(crate) fn file(self, dir: &Path, name: &str) -> PathBuf {
        match self {
            Candidate::OwnFile => dir.join(format!("{name}.rs")),
            Candidate::ModRs => dir.join(name).join("mod.rs"),
        }
    }

    /// Where the submodules of that file are.
    pub(crate) fn children(self, dir: PathBuf, name: &str) -> ModDir {
        match self {
            Candidate::OwnFile => ModDir { path: dir, ownership: Ownership::Owned { relative: Some(name.to_owned()) } },
            Candidate::ModRs => ModDir { path: dir.join(name), ownership: Ownership::Owned { relative: None } },
        }
    }
}

/// Resolves a module declaration as rustc does (`mod_dir_path` and `mod_file_path` in
/// `rustc_expand/src/module.rs`):
/// - inline `#[path = "d"] mod x { }`: directory `dir/d` (the path names a directory here);
/// - inline `mod x { }`: directory `dir/[relative/]x`, the relative offset consumed; in a block
///   it stays unowned;
/// - `#[path = "p"] mod x;`: file `dir/p`, which is treated like a `mod.rs`: its submodules are
///   its siblings;
/// - `mod x;`: `dir/[relative/]x.rs` (submodules in `x/` beside it) or
///   `dir/[relative/]x/mod.rs` (submodules beside it); in a block, an error.
pub(crate) fn resolve(parent: &ModDir, name: &str, inline: bool, path_attr: Option<&str>) -> Resolution {
    match (inline, path_attr) {
        (true, Some(path)) => {
            Resolution::Inline(ModDir { path: parent.path.join(path), ownership: Ownership::Owned { relative: None } })
        }
        (true, None) => {
            let mut path = parent.path.clone();
            let ownership = match &parent.ownership {
                Ownership::Owned { relative } => {
                    path.extend(relative);
                    Ownership::Owned { relative: None }
                }
                Ownership::UnownedViaBlock => Ownership::UnownedViaBlock,
            };
            path.push(name);
            Resolution::Inline(ModDir { path, ownership })
        }
        (false, Some(path)) => Resolution::PathFile(parent.path.join(path)),
        (false, None) => match &parent.ownership {
            Ownership::UnownedViaBlock => Resolution::InBlock,
            Ownership::Owned { relative } => {
                let mut dir = parent.path.clone();
                dir.extend(relative);
                Resolution::Default(dir)
            }
        },
    }
}

/// A module file that exists but cannot be read; the warning is given.
struct Unreadable;

/// Reads a module file: its bytes, or `None` when it does not exist.
fn read_module(path: &Path, name: &str, at: Where, file: &mut FileContext) -> Result<Option<Source>, Unreadable> {
    match source_file::read(path) {
        Ok(source) => Ok(Some(source)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => {
            file.warn(
                at,
                format_args!(
                    "cannot read `{}` for module `{name}`: {error}; not followed (rustc will usually report the same as an error)",
                    path.display()
                ),
            );
            Err(Unreadable)
        }
    }
}

/// Warns that no file of module `name` exists; always `None`.
fn not_found<T>(explicit: bool, name: &str, tried: &str, at: Where, file: &mut FileContext) -> Option<T> {
    let what = if explicit { "no `#[path]` file for module" } else { "no file for module" };
    file.warn(
        at,
        format_args!(
            "{what} `{name}` found (tried {tried}); not followed (rustc will usually report the same as an error)"
        ),
    );
    None
}

/// False only when `dir` certainly has no subdirectory.
#[cfg(unix)]
fn may_have_subdirectories(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // Some file systems (btrfs) report 1 for every directory: only exactly 2 means none.
    std::fs::metadata(dir).map_or(true, |m| m.nlink() != 2)
}

#[cfg(not(unix))]
fn may_have_subdirectories(_: &Path) -> bool {
    true
}

fn parent_of(file: &Path) -> PathBuf {
    file.parent().unwrap_or(Path::new(".")).to_path_buf()
}

struct Walker<'a> {
    krate: &'a CrateInfo,
    cfg: &'a CfgContext,
    /// How much nesting syn may be given on the walk's stack.
    budget: &'a Budget,
    /// The last directory where `x/mod.rs` was looked for next to a found `x.rs`, and whether
    /// it may have subdirectories. (One directory: its modules come one after the other.)
    last_dir: RefCell<(OsString, bool)>,
    /// The crate's `macro_rules!` item wrappers seen so far: name → the attributes each puts
    /// on its items.
    wrappers: RefCell<BTreeMap<String, Vec<syn::Attribute>>>,
    /// Invocations of macros not (yet) known to be wrappers, whose tokens declare a module or
    /// mention `CraComponent`: settled after the walk, when every wrapper defined anywhere in
    /// the crate has been seen (`#[macro_use]` lets a definition follow its use in the walk).
    pending: RefCell<Vec<Pending>>,
    /// The `use` items recorded so far, by module path, for resolving `depends_on` paths
    /// (`depends`): every `use` of a module body that mentions `CraComponent`, and the `pub use`
    /// re-exports of the others walked.
    uses: RefCell<BTreeMap<String, Vec<UseEntry>>>,
}

/// A file's bytes and which file it is.
type Source = (Vec<u8>, FileId);

/// A macro invocation waiting for the end of the walk.
struct Pending {
    path: PathBuf,
    id: FileId,
    text: String,
    invocation: syn::ItemMacro,
    module: Module,
}

/// The module whose items are being walked.
#[derive(Clone)]
struct Module {
    /// As `module_path!()` spells it (items in function bodies keep their module's path).
    path: String,
    /// Where its out-of-line submodules are.
    dir: ModDir,
    /// Why it may not be compiled at all, if a cfg around it cannot be decided.
    undetermined: Option<String>,
    /// How many modules enclose it.
    depth: usize,
}

/// One file being walked.
struct FileContext<'a> {
    path: &'a Path,
    text: &'a str,
    scan: &'a mut Scan,
    /// Which file it is (for the cycle check of the modules it declares).
    id: &'a FileId,
    /// The files of the modules around this one, for rustc's "circular modules" check.
    stack: &'a mut Vec<FileId>,
}

/// Where in a file: a byte offset from the coarse reader, or a line from syn. Lines of offsets
/// are counted only for warnings, as counting for every module would slow the walk.
#[derive(Debug, Clone, Copy)]
enum Where {
    Offset(usize),
    Line(usize),
}

/// The 1-based line of `at` in `text`.
fn line_of(text: &str, at: Where) -> usize {
    match at {
        Where::Line(line) => line,
        Where::Offset(offset) => memchr::memchr_iter(b'\n', &text.as_bytes()[..offset.min(text.len())]).count() + 1,
    }
}

impl FileContext<'_> {
    fn warn(&mut self, at: Where, message: impl std::fmt::Display) {
        let line = line_of(self.text, at);
        self.scan.warn(self.path, Some(line), message);
    }

    /// An error that stops the build, at the character at byte `offset`.
    fn error_at(&mut self, offset: usize, message: String, help: &str) {
        self.scan.errors.push(SourceError {
            path: self.path.to_path_buf(),
            source: self.text.to_owned(),
            range: offset..(offset + 1).min(self.text.len()),
            message,
            help: Some(help.to_owned()),
        });
    }
}

/// Where a module is declared, for a warning about its file.
struct Site<'s> {
    path: &'s Path,
    text: &'s str,
    at: Where,
}

/// A module declaration from either item source.
struct ModDecl<'d> {
    name: String,
    attrs: &'d [syn::Attribute],
    body: Body<'d>,
    at: Where,
}

/// The inside of an inline module, as its item source has it.
enum Body<'d> {
    /// `mod x;`
    None,
    /// Found by the coarse reader: a range of the file's text.
    Outline(Range<usize>),
    /// Parsed by syn (a module in a function body).
    Parsed(&'d [syn::Item]),
}

impl Walker<'_> {
    /// Whether `dir/x/mod.rs` exists, for rustc's error when `dir/x.rs` does too. A `stat` per
    /// module would slow the walk by a tenth, so `dir` is asked once whether it has
    /// subdirectories at all (on Unix its link count is 2 when it has none; symlinks to
    /// directories are not counted, so such an `x` is not seen).
    fn mod_rs_exists(&self, dir: &Path, name: &str) -> bool {
        let mut last = self.last_dir.borrow_mut();
        if last.0.is_empty() || last.0 != dir.as_os_str() {
            *last = (dir.as_os_str().to_owned(), may_have_subdirectories(dir));
        }
        last.1 && Candidate::ModRs.file(dir, name).exists()
    }

    /// Walks a module file: at most once per file, not inside itself.
    fn load(
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
    fn outline(&self, range: Range<usize>, module: &Module, file: &mut FileContext) {
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
    fn outline_use(&self, item: &outline::Item, module: &Module, file: &mut FileContext) {
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
    fn record_use(&self, item: &syn::ItemUse, module: &Module) {
        let (attrs, _) = self.cfg.expand_cfg_attr(&item.attrs);
        if matches!(self.cfg.is_enabled(&attrs), Truth::False) {
            return;
        }
        let mut uses = self.uses.borrow_mut();
        depends::use_entries(item, uses.entry(module.path.clone()).or_default());
    }

    /// The outer (or inner) attributes of an item found by the coarse reader, parsed; `None`
    /// (with a warning) when they do not parse.
    fn outline_attrs(&self, item: &outline::Item, file: &mut FileContext) -> Option<Vec<syn::Attribute>> {
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
    fn parse_candidate(&self, item: &outline::Item, module: &Module, file: &mut FileContext) {
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
    fn items(&self, items: &[syn::Item], module: &Module, file: &mut FileContext) {
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
    fn impl_block(&self, block: &syn::ItemImpl, module: &Module, file: &mut FileContext) {
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
    fn body(
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

    /// A module declaration from either item source: cfg, `#[path]`, then its items or file.
    fn module(&self, decl: ModDecl, parent: &Module, file: &mut FileContext) {
        let (attrs, undecided) = self.cfg.expand_cfg_attr(decl.attrs);
        let undetermined = match self.enabled(&attrs, undecided, decl.at, file) {
            Enabled::No => return,
            Enabled::Undetermined(why) => Some(why),
            Enabled::Yes => parent.undetermined.clone(),
        };
        if parent.depth >= MAX_MODULE_DEPTH {
            file.warn(
                decl.at,
                format_args!("modules nest more than {MAX_MODULE_DEPTH} deep here; `{}` is not followed", decl.name),
            );
            return;
        }
        let path_attr = path_attribute(&attrs);
        let inline = !matches!(decl.body, Body::None);
        let child = |dir: ModDir| Module {
            path: format!("{}::{}", parent.path, decl.name),
            dir,
            undetermined: undetermined.clone().or_else(|| parent.undetermined.clone()),
            depth: parent.depth + 1,
        };
        match (resolve(&parent.dir, &decl.name, inline, path_attr.as_deref()), decl.body) {
            (Resolution::Inline(dir), Body::Outline(range)) => {
                let bytes = &file.text.as_bytes()[range.clone()];
                if contains(bytes, MARKER) || declares_outline_module(bytes) {
                    self.outline(range, &child(dir), file);
                }
            }
            (Resolution::Inline(dir), Body::Parsed(items)) => self.items(items, &child(dir), file),
            (resolution @ (Resolution::PathFile(_) | Resolution::Default(_)), _) => {
                if let Some((path, bytes, dir)) = self.module_file(&decl.name, decl.at, resolution, file) {
                    self.load(&path, bytes, &child(dir), Some(Site { path: file.path, text: file.text, at: decl.at }), file.scan, file.stack);
                }
            }
            (Resolution::InBlock, _) => file.warn(
                decl.at,
                format_args!(
                    "`mod {};` in a block needs `#[path]`; not followed (rustc will usually report the same as an error)",
                    decl.name
                ),
            ),
            (Resolution::Inline(_), Body::None) => {}
        }
    }

    /// Reads the file of `mod x;` (as rustc, it is an error when both `x.rs` and `x/mod.rs`
    /// exist, or neither), with the directory of its submodules.
    fn module_file(
        &self,
        name: &str,
        at: Where,
        resolution: Resolution,
        file: &mut FileContext,
    ) -> Option<(PathBuf, Source, ModDir)> {
        let dir = match resolution {
            Resolution::PathFile(path) => {
                let bytes = read_module(&path, name, at, file).ok()?;
                let Some(bytes) = bytes else {
                    let tried = format!("`{}`", path.display());
                    return not_found(true, name, &tried, at, file);
                };
                let children = ModDir { path: parent_of(&path), ownership: Ownership::Owned { relative: None } };
                return Some((path, bytes, children));
            }
            Resolution::Default(dir) => dir,
            Resolution::Inline(_) | Resolution::InBlock => return None,
        };
        let own = Candidate::OwnFile.file(&dir, name);
        if let Some(bytes) = read_module(&own, name, at, file).ok()? {
            if self.mod_rs_exists(&dir, name) {
                let message = format!(
                    "both `{}` and `{}` exist for module `{name}`; read the first (rustc will usually report the same as an error)",
                    own.display(),
                    Candidate::ModRs.file(&dir, name).display()
                );
                file.warn(at, message);
            }
            return Some((own, bytes, Candidate::OwnFile.children(dir, name)));
        }
        let mod_rs = Candidate::ModRs.file(&dir, name);
        if let Some(bytes) = read_module(&mod_rs, name, at, file).ok()? {
            return Some((mod_rs, bytes, Candidate::ModRs.children(dir, name)));
        }
        let tried = format!("`{}`, `{}`", own.display(), mod_rs.display());
        not_found(false, name, &tried, at, file)
    }

    /// A macro item found by the coarse reader: a `macro_rules!` definition, or an invocation
    /// whose tokens may declare a module or a component, goes to syn; others are skipped.
    fn outline_macro(&self, item: &outline::Item, module: &Module, file: &mut FileContext) {
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
    fn macro_item(&self, item: &syn::ItemMacro, module: &Module, file: &mut FileContext) {
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
    fn branches(&self, branches: Vec<macros::Branch>, name: &str, at: Where, module: &Module, file: &mut FileContext) {
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
    fn wrapped(&self, item: &syn::ItemMacro, attributes: &[syn::Attribute], module: &Module, file: &mut FileContext) {
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
    fn settle_pending(&self, scan: &mut Scan) {
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
    fn unexpanded(&self, item: &syn::ItemMacro, name: &str, module: &Module, file: &mut FileContext) {
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
    fn search_skipped_files_for_wrappers(&self, scan: &mut Scan) {
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

    /// `src/a.rs:3`: where in the crate `at` is, for the reasons components carry.
    fn place(&self, file: &FileContext, at: Where) -> String {
        let relative = file.path.strip_prefix(&self.krate.dir).unwrap_or(file.path);
        format!("{}:{}", relative.display(), line_of(file.text, at))
    }

    /// Evaluates the `#[cfg]`s of an item (after `cfg_attr` expansion, whose own undecided
    /// predicate is `undecided`); an undecidable one is a warning, and its reason names the
    /// file and line.
    fn enabled(
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

    fn component(&self, ident: &syn::Ident, attrs: &[syn::Attribute], module: &Module, file: &mut FileContext) {
        let (attrs, undecided) = self.cfg.expand_cfg_attr(attrs);
        if !derives_component(&attrs) {
            return;
        }
        let at = Where::Line(ident.span().start().line);
        let undetermined = match self.enabled(&attrs, undecided, at, file) {
            Enabled::No => return,
            Enabled::Undetermined(why) => Some(why),
            Enabled::Yes => module.undetermined.clone(),
        };
        match parse_component(ident, &attrs, Some(&self.krate.dir)) {
            Ok(spec) => {
                // Only plain data leaves the walk's thread: syn's trees and spans cannot.
                let evidence_at = spec
                    .claims
                    .iter()
                    .map(|claim| claim.evidence.iter().map(|e| (e.span.start(), e.span.end())).collect())
                    .collect();
                let last_segment =
                    |path: &syn::Path| path.segments.last().map(|s| s.ident.unraw().to_string()).unwrap_or_default();
                let depends_on_written = spec.depends_on.iter().map(written_path).collect();
                let component = Component {
                    name: spec.name,
                    description: spec.description,
                    version: spec.version.unwrap_or_else(|| self.krate.version.clone()),
                    crate_name: None,
                    claims: spec.claims.iter().map(crate::syntax::claim).collect(),
                    depends_on: spec.depends_on.iter().map(last_segment).collect(),
                    interfaces: spec.interfaces.iter().map(crate::syntax::interface).collect(),
                    undetermined,
                };
                file.scan.components.push(FoundComponent {
                    package: self.krate.package.clone(),
                    crate_dir: self.krate.dir.clone(),
                    module_path: module.path.clone(),
                    file: file.path.to_path_buf(),
                    line: ident.span().start().line,
                    ident: ident.to_string(),
                    component,
                    evidence_at,
                    depends_on_written,
                    scope: Arc::default(),
                });
            }
            Err(failed) => {
                for diagnostic in failed.diagnostics {
                    let error = located(file.path, file.text, diagnostic.span, diagnostic.message, diagnostic.help);
                    file.scan.errors.push(error);
                }
            }
        }
    }
}

/// What holds the items of a function or constant.
#[derive(Clone, Copy)]
enum BodyOf<'b> {
    Block(&'b syn::Block),
    Expr(&'b syn::Expr),
}

/// Whether an item's cfg holds.
enum Enabled {
    Yes,
    No,
    /// Cannot be decided: the reason, kept in the component's `undetermined`.
    Undetermined(String),
}

impl Module {
    /// The same module, marked undetermined (by an inner `#![cfg]`, or a cfg on an `impl`).
    fn marked(&self, why: String) -> Module {
        self.marked_by(Some(why))
    }

    /// The same module, marked undetermined if `why` is given and it is not already.
    fn marked_by(&self, why: Option<String>) -> Module {
        Module {
            path: self.path.clone(),
            dir: self.dir.clone(),
            undetermined: self.undetermined.clone().or(why),
            depth: self.depth,
        }
    }
}

/// The items of a block and of the blocks nested in its statements (`if`, `match`, loops,
/// closures, `unsafe`, `async` and `const` blocks): rustc puts them all in the enclosing module.
fn block_items(block: &syn::Block, out: &mut Vec<syn::Item>) {
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
fn expression_items(expr: &syn::Expr, out: &mut Vec<syn::Item>) {
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
fn written_path(path: &syn::Path) -> WrittenPath {
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
fn use_item(text: &str) -> Option<bool> {
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

/// The name of an invoked macro: the last segment of its path (`cfg_if` of `cfg_if::cfg_if!`).
fn macro_name(item: &syn::ItemMacro) -> String {
    item.mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()
}

/// Where a macro invocation starts.
fn macro_site(item: &syn::ItemMacro) -> Where {
    Where::Line(item.mac.path.segments.first().map_or(0, |s| s.ident.span().start().line))
}

/// Whether an item (after its attributes) is a macro item: `path! ...` or `macro_rules! name`.
fn is_macro_item(text: &str) -> bool {
    let text = text.trim_start();
    let path_len = text.bytes().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':')).count();
    path_len > 0 && text[path_len..].trim_start().starts_with('!')
}

/// The attributes of an item, for the kinds a wrapper may be given.
fn item_attributes(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
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
fn parse_item_at(budget: &Budget, text: &str, range: Range<usize>) -> Result<syn::Item, Unparsed> {
    let before = &text[..range.start];
    let lines = before.bytes().filter(|b| *b == b'\n').count();
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    let mut padded = String::with_capacity(lines + column + range.len());
    padded.extend(std::iter::repeat_n('\n', lines));
    padded.extend(std::iter::repeat_n(' ', column));
    padded.push_str(&text[range]);
    budget.parse(<syn::Item as syn::parse::Parse>::parse, &padded)
}

/// The bytes of `text` from `start` to `end` (lines and columns of a parsed file).
pub(super) fn byte_range(text: &str, (start, end): (LineColumn, LineColumn)) -> Range<usize> {
    let start = offset(text, start);
    start..offset(text, end).max(start)
}

/// A located error from a span of a parsed file.
fn located(path: &Path, text: &str, span: proc_macro2::Span, message: String, help: Option<String>) -> SourceError {
    SourceError {
        path: path.to_path_buf(),
        source: text.to_owned(),
        range: byte_range(text, (span.start(), span.end())),
        message,
        help,
    }
}

/// Byte offset of a line (1-based) and column (0-based, in characters) in `text`.
fn offset(text: &str, at: proc_macro2::LineColumn) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(at.line.saturating_sub(1)).map(str::len).sum();
    let line = &text[line_start..];
    line_start + line.char_indices().nth(at.column).map_or(line.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(path: &str, relative: Option<&str>) -> ModDir {
        ModDir { path: PathBuf::from(path), ownership: Ownership::Owned { relative: relative.map(str::to_owned) } }
    }

    /// The files a resolution leads to, each with the directory of its submodules.
    fn files(resolution: Resolution, name: &str) -> Vec<(PathBuf, ModDir)> {
        match resolution {
            Resolution::PathFile(file) => vec![(file.clone(), owned(&parent_of(&file).display().to_string(), None))],
            Resolution::Default(dir) => [Candidate::OwnFile, Candidate::ModRs]
                .into_iter()
                .map(|c| (c.file(&dir, name), c.children(dir.clone(), name)))
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn out_of_line_modules_resolve_as_rustc_does() {
        // In a mod-rs file (the crate root, `mod.rs`, or a `#[path]` file).
        assert_eq!(
            files(resolve(&owned("src", None), "a", false, None), "a"),
            [
                (PathBuf::from("src/a.rs"), owned("src", Some("a"))),
                (PathBuf::from("src/a/mod.rs"), owned("src/a", None)),
            ]
        );
        // In `src/a.rs`: below `src/a/`.
        assert_eq!(
            files(resolve(&owned("src", Some("a")), "b", false, None), "b"),
            [
                (PathBuf::from("src/a/b.rs"), owned("src/a", Some("b"))),
                (PathBuf::from("src/a/b/mod.rs"), owned("src/a/b", None)),
            ]
        );
        // `#[path]` in `src/a.rs` is relative to `src/`, and the file is like a `mod.rs`.
        assert_eq!(
            files(resolve(&owned("src", Some("a")), "p", false, Some("other/p.rs")), "p"),
            [(PathBuf::from("src/other/p.rs"), owned("src/other", None))]
        );
    }

    #[test]
    fn inline_modules_and_blocks_resolve_as_rustc_does() {
        assert_eq!(resolve(&owned("src", Some("a")), "i", true, None), Resolution::Inline(owned("src/a/i", None)));
        assert_eq!(resolve(&owned("src", None), "i", true, None), Resolution::Inline(owned("src/i", None)));
        assert_eq!(resolve(&owned("src", Some("a")), "i", true, Some("d")), Resolution::Inline(owned("src/d", None)));
        let block = ModDir { path: PathBuf::from("src"), ownership: Ownership::UnownedViaBlock };
        assert_eq!(resolve(&block, "y", false, None), Resolution::InBlock);
        assert_eq!(
            resolve(&block, "i", true, None),
            Resolution::Inline(ModDir { path: PathBuf::from("src/i"), ownership: Ownership::UnownedViaBlock })
        );
        assert_eq!(
            files(resolve(&block, "y", false, Some("y.rs")), "y"),
            [(PathBuf::from("src/y.rs"), owned("src", None))]
        );
    }
}
