//! rustc's module resolution: which file or directory a module declaration leads to
//! (`rustc_expand/src/module.rs`), and the walker's steps that follow it.
use std::path::{Path, PathBuf};

use super::files::{declares_outline_module, path_attribute};
use super::search::contains;
use super::source_file::{self};
use super::{Body, Enabled, FileContext, MARKER, MAX_MODULE_DEPTH, ModDecl, Module, Site, Source, Walker, Where};

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
pub(super) struct Unreadable;

/// Reads a module file: its bytes, or `None` when it does not exist.
pub(super) fn read_module(
    path: &Path,
    name: &str,
    at: Where,
    file: &mut FileContext,
) -> Result<Option<Source>, Unreadable> {
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
pub(super) fn not_found<T>(explicit: bool, name: &str, tried: &str, at: Where, file: &mut FileContext) -> Option<T> {
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
pub(super) fn may_have_subdirectories(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // Some file systems (btrfs) report 1 for every directory: only exactly 2 means none.
    std::fs::metadata(dir).map_or(true, |m| m.nlink() != 2)
}

#[cfg(not(unix))]
pub(super) fn may_have_subdirectories(_: &Path) -> bool {
    true
}

pub(super) fn parent_of(file: &Path) -> PathBuf {
    file.parent().unwrap_or(Path::new(".")).to_path_buf()
}

impl Walker<'_> {
    /// Whether `dir/x/mod.rs` exists, for rustc's error when `dir/x.rs` does too. A `stat` per
    /// module would slow the walk by a tenth, so `dir` is asked once whether it has
    /// subdirectories at all (on Unix its link count is 2 when it has none; symlinks to
    /// directories are not counted, so such an `x` is not seen).
    pub(super) fn mod_rs_exists(&self, dir: &Path, name: &str) -> bool {
        let mut last = self.last_dir.borrow_mut();
        if last.0.is_empty() || last.0 != dir.as_os_str() {
            *last = (dir.as_os_str().to_owned(), may_have_subdirectories(dir));
        }
        last.1 && Candidate::ModRs.file(dir, name).exists()
    }

    /// A module declaration from either item source: cfg, `#[path]`, then its items or file.
    pub(super) fn module(&self, decl: ModDecl, parent: &Module, file: &mut FileContext) {
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
    pub(super) fn module_file(
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
}
