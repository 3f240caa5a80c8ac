//! `Builder::watch_package`: the files of the package, for a build script that relied on
//! Cargo's default.
//!
//! A build script that prints no `rerun-if-changed` line is rerun when any file of its package
//! changes ("the default if no rerun-if instructions are emitted is to scan the entire package
//! directory for changes", Cargo's build script documentation). The generator prints such lines
//! for the files it reads, and from then on Cargo watches only those: a script that also reads
//! something else (the git hash, a file it finds itself) is no longer rerun when that changes.
//! Printing a line for every file Cargo's default would scan gives the old behaviour back.
//!
//! Cargo's own list comes from git (tracked and untracked files not ignored) or a walk of the
//! folder, without the `target` folder at the package root and without nested packages. This
//! walk skips the same, plus version-control folders and any folder Cargo marked as a build
//! folder (`CACHEDIR.TAG`, which Cargo writes into every target folder, wherever
//! `CARGO_TARGET_DIR` puts it). It does not read `.gitignore` or `include`/`exclude`: an ignored
//! file is watched too, so the script may rerun more often than before, never less.

use std::path::{Path, PathBuf};

/// Folders of version-control systems: their contents change on every commit or status, not
/// with the package.
const VCS_FOLDERS: &[&str] = &[".git", ".hg", ".svn", ".jj", ".pijul", ".bzr", "_darcs"];

/// The files under `package_dir` that Cargo's default would watch, sorted, and a warning for
/// each folder that could not be read (its files are then not watched).
pub(crate) fn package_files(package_dir: &Path) -> (Vec<PathBuf>, Vec<super::ReportedWarning>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut folders = vec![package_dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(error) => {
                warnings.push(super::ReportedWarning {
                    code: "folder_not_watched".to_owned(),
                    file: Some(folder.clone()),
                    line: 0,
                    message: format!(
                        "watch_package: cannot read folder `{}` ({error}); a change of its files does not rerun the build script",
                        folder.display()
                    ),
                });
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // `metadata` follows a symbolic link: a link to a file is watched as that file; a
            // link to a folder is not walked (no loops, no folders outside the package).
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            let Ok(metadata) = std::fs::metadata(&path) else { continue };
            if metadata.is_file() {
                files.push(path);
            } else if metadata.is_dir() && !is_link && walked(folder == package_dir, &path) {
                folders.push(path);
            }
        }
    }
    files.sort();
    (files, warnings)
}

/// Whether a folder of the package is walked: not a VCS folder, not a target folder, not a
/// nested package (its own build watches it).
fn walked(at_root: bool, dir: &Path) -> bool {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    !(VCS_FOLDERS.contains(&name)
        || (at_root && name == "target")
        || dir.join("CACHEDIR.TAG").is_file()
        || dir.join("Cargo.toml").is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_package_files_without_vcs_target_folders_and_nested_packages() {
        let root = std::env::temp_dir().join(format!("cra-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let files = [
            "Cargo.toml",
            "build.rs",
            "README.md",
            "src/main.rs",
            "src/deep/er/mod.rs",
            "assets/logo.svg",
            ".cargo/config.toml",
            ".git/HEAD",
            ".hg/store",
            "target/debug/app",
            "build-out/CACHEDIR.TAG",
            "build-out/debug/app",
            "nested/Cargo.toml",
            "nested/src/lib.rs",
            "src/target/kept.rs",
        ];
        for file in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let (found, warnings) = package_files(&root);
        let relative: Vec<String> =
            found.iter().map(|p| p.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(
            relative,
            [
                ".cargo/config.toml",
                "Cargo.toml",
                "README.md",
                "assets/logo.svg",
                "build.rs",
                "src/deep/er/mod.rs",
                "src/main.rs",
                "src/target/kept.rs"
            ],
            "only `target` at the package root is Cargo's"
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let (none, warnings) = package_files(&root.join("missing"));
        assert!(none.is_empty());
        assert!(
            warnings[0].message.contains("missing") && warnings[0].message.contains("cannot read folder"),
            "{warnings:?}"
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
