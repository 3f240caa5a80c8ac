//! A source file read together with its identity on disk.
//!
//! The walker follows each file once and refuses to enter a file it is inside. Comparing the
//! paths as written is not enough: `#[path = "../lib.rs"]` from `src/a/` reaches `src/lib.rs`
//! as `src/a/../lib.rs`, and every round of such a cycle spells the path anew, so the walk ran
//! until the module depth limit, reading and parsing the same files over and over (a fuzz input
//! of 678 bytes took more than a second). The identity is the file system's: device and inode
//! on Unix, from the handle the file is read through (no extra path lookup); elsewhere the
//! canonical path. Hard links and symlinks to one file are one file too: it is walked once
//! (rustc would compile it once per module that names it; its components are the same).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Which file a path leads to: two spellings of one file, or a symlink and its target, are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct FileId(Identity);

#[cfg(unix)]
type Identity = (u64, u64);

#[cfg(not(unix))]
type Identity = std::path::PathBuf;

/// Reads the whole file at `path` and says which file it is.
pub(super) fn read(path: &Path) -> io::Result<(Vec<u8>, FileId)> {
    let mut file = File::open(path)?;
    let (id, size) = identity(&file, path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok((bytes, id))
}

/// The file's identity and its size as the file system reports it (a capacity hint).
#[cfg(unix)]
fn identity(file: &File, _: &Path) -> io::Result<(FileId, u64)> {
    use std::os::unix::fs::MetadataExt;
    let metadata = file.metadata()?;
    Ok((FileId((metadata.dev(), metadata.ino())), metadata.len()))
}

/// Off Unix, the canonical path; where the file system cannot say (some network and virtual
/// drives), the absolute path as written, so the file is still read (and only a cycle through
/// two spellings of it goes unseen until the module depth limit).
#[cfg(not(unix))]
fn identity(file: &File, path: &Path) -> io::Result<(FileId, u64)> {
    let id = std::fs::canonicalize(path).or_else(|_| std::path::absolute(path)).unwrap_or_else(|_| path.to_path_buf());
    Ok((FileId(id), file.metadata()?.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_spellings_of_one_file_are_one_file_and_two_files_are_two() {
        let dir = std::env::temp_dir().join(format!("cra-source-file-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("lib.rs"), "x").unwrap();
        std::fs::write(dir.join("other.rs"), "x").unwrap();
        let (bytes, plain) = read(&dir.join("lib.rs")).unwrap();
        let (_, roundabout) = read(&dir.join("a/../lib.rs")).unwrap();
        let (_, other) = read(&dir.join("other.rs")).unwrap();
        assert_eq!(bytes, b"x");
        assert_eq!(plain, roundabout);
        assert_ne!(plain, other);
        assert_eq!(read(&dir.join("missing.rs")).unwrap_err().kind(), io::ErrorKind::NotFound);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
