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

pub(crate) mod cfg;
mod component;
mod files;
mod macro_items;
mod macros;
mod outline;
mod resolve;
pub(crate) mod search;
mod source_file;
pub(crate) mod stable_read;
pub(crate) mod stack;
mod uses;

pub use self::cfg::CfgContext;
pub(crate) use self::files::byte_range;
#[cfg(feature = "internals")]
pub use self::files::declares_outline_module;
use self::resolve::{ModDir, Ownership, parent_of};
use self::source_file::FileId;
use self::stack::Budget;
use super::diagnostics::SourceError;
pub use super::manifest::CrateInfo;
use crate::declaration::Component;
use proc_macro2::LineColumn;
pub use uses::{CrateScope, UseEntry, WrittenPath};

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
            code: None,
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

#[cfg(test)]
mod tests;
