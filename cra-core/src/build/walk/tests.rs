//! Unit tests of rustc's module resolution as the walker applies it: the files out-of-line
//! modules resolve to, and the folders of inline modules and blocks.

use super::resolve::{Candidate, ModDir, Ownership, Resolution, parent_of, resolve};
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
        [(PathBuf::from("src/a.rs"), owned("src", Some("a"))), (PathBuf::from("src/a/mod.rs"), owned("src/a", None)),]
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
