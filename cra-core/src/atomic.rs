//! Writing a file whole or not at all: the bytes go to a temporary file beside the target,
//! which is flushed to disk and renamed over it (atomic on one file system). A reader sees the
//! old file or the new one, never half of one; a failure anywhere (a full disk, a read-only
//! folder, a directory in the way) leaves the old file as it was and no temporary file behind.
//!
//! Every writer of cra-rs (the build-time generator, the documents, `cargo cra`) goes through
//! [`write`], so there is one place where this holds.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. The error is the operating system's; callers name the
/// file.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_through(path, bytes, io::Write::write_all)
}

/// [`write`] with the step that puts the bytes into the temporary file given, so tests can make
/// it fail part-way as a full disk does.
pub(crate) fn write_through(
    path: &Path,
    bytes: &[u8],
    put: impl FnOnce(&mut fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let temporary = temporary_for(path);
    let result = (|| {
        let mut file = create_new(&temporary)?;
        put(&mut file, bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// `.<name>.tmp` in the target's folder: on the same file system, so the rename is atomic, and
/// a fixed name, so the leftover of a run that was killed is taken over by the next one.
fn temporary_for(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp"))
}

/// A new, empty file. One that is already there (left by a killed run, or being written by a
/// concurrent one) is unlinked first: a concurrent writer then fails at its rename instead of
/// both writing into one file.
fn create_new(path: &Path) -> io::Result<fs::File> {
    match fs::File::options().write(true).create_new(true).open(path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            fs::File::options().write(true).create_new(true).open(path)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cra-atomic-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_disk_that_fills_up_part_way_leaves_the_old_file_and_nothing_stray() {
        let dir = dir("full");
        let path = dir.join("declaration.json");
        write(&path, b"old and whole").unwrap();
        let error = write_through(&path, b"new and much longer", |file, bytes| {
            file.write_all(&bytes[..4])?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "No space left on device"))
        })
        .unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
        assert_eq!(fs::read(&path).unwrap(), b"old and whole");
        assert_eq!(names(&dir), ["declaration.json"]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_leftover_of_a_killed_run_is_taken_over() {
        let dir = dir("killed");
        let path = dir.join("sbom.cdx.json");
        fs::write(dir.join(".sbom.cdx.json.tmp"), b"half").unwrap();
        write(&path, b"whole").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"whole");
        assert_eq!(names(&dir), ["sbom.cdx.json"]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_directory_in_the_way_is_an_error_and_leaves_nothing_stray() {
        let dir = dir("dir");
        fs::create_dir(dir.join("report.html")).unwrap();
        assert!(write(&dir.join("report.html"), b"x").is_err());
        assert_eq!(names(&dir), ["report.html"]);
        fs::remove_dir_all(dir).unwrap();
    }
}
