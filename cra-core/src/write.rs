//! Writing a file whole or not at all: the bytes go to a temporary file beside the target,
//! which is flushed to disk and renamed over it (atomic on one file system). A reader sees the
//! old file or the new one, never half of one; a failure anywhere (a full disk, a read-only
//! folder, a directory in the way) leaves the old file as it was and no temporary file behind.
//! Two processes writing one file at once each write a temporary file of their own; the last
//! rename wins, and each target is one whole version.
//!
//! Every writer of cra-rs (the build-time generator, the documents, `cargo cra`) goes through
//! [`file()`], so there is one place where this holds; [`json_text`] is the one form of the JSON
//! documents it writes (pretty, with a final newline).

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// A temporary file this old is the leftover of a run that was killed: no write takes this long.
const STALE: Duration = Duration::from_secs(10 * 60);

/// A file that could not be written; the operating system's error is its `source()`.
#[derive(Debug, thiserror::Error)]
#[error("cannot write `{}`", .path.display())]
pub struct WriteError {
    /// The file (or the folder that could not be made for it).
    pub path: PathBuf,
    /// What the operating system said.
    #[source]
    pub source: io::Error,
}

/// Writes `bytes` to `path`, whole or not at all, making its folder if missing; a file that
/// already holds exactly these bytes is left alone (tools that watch modification times do not
/// rebuild for nothing). Returns whether it wrote.
pub fn file(path: &Path, bytes: &[u8]) -> Result<bool, WriteError> {
    if fs::read(path).is_ok_and(|existing| existing == bytes) {
        // Nothing to write, but a killed run's leftovers still go, as after a write.
        remove_stale_leftovers(path);
        return Ok(false);
    }
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|source| WriteError { path: dir.to_path_buf(), source })?;
    }
    write(path, bytes).map_err(|source| WriteError { path: path.to_path_buf(), source })?;
    Ok(true)
}

/// A JSON document as cra-rs writes every one: pretty-printed, with a final newline.
pub fn json_text(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("cra-rs's documents serialize to JSON");
    text.push('\n');
    text
}

/// Writes `bytes` to `path` atomically. The error is the operating system's; callers name the
/// file.
fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_through(path, bytes, io::Write::write_all)
}

/// [`write`] with the step that puts the bytes into the temporary file given, so tests can make
/// it fail part-way as a full disk does.
fn write_through(
    path: &Path,
    bytes: &[u8],
    put: impl FnOnce(&mut fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let (temporary, mut file) = create_temporary(path)?;
    let result = (|| {
        put(&mut file, bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    } else {
        remove_stale_leftovers(path);
    }
    result
}

/// `.<name>.<pid>.<n>.tmp` in the target's folder (the same file system, so the rename is
/// atomic), created new: a name no other writer, in this process or another, is using.
fn create_temporary(path: &Path) -> io::Result<(PathBuf, fs::File)> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    loop {
        let mut name = OsString::from(".");
        name.push(path.file_name().unwrap_or_default());
        name.push(format!(".{}.{}.tmp", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        let temporary = path.with_file_name(name);
        match fs::File::options().write(true).create_new(true).open(&temporary) {
            // Left by a killed process that had the same id: take the next number.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
            Ok(file) => return Ok((temporary, file)),
        }
    }
}

/// Removes the temporary files of `path` that runs killed part-way left behind: those of its
/// name older than [`STALE`] (a live writer's is seconds old at most).
fn remove_stale_leftovers(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let (prefix, now) = (prefix.as_encoded_bytes().to_vec(), SystemTime::now());
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let file_name = entry.file_name();
        let bytes = file_name.as_encoded_bytes();
        let stale = || {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE))
        };
        if bytes.starts_with(&prefix) && bytes.ends_with(b".tmp") && stale() {
            let _ = fs::remove_file(entry.path());
        }
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
    fn the_leftovers_of_killed_runs_are_removed_once_stale_and_live_ones_kept() {
        let dir = dir("killed");
        let path = dir.join("sbom.cdx.json");
        let old = fs::File::create(dir.join(".sbom.cdx.json.4242.0.tmp")).unwrap();
        old.set_modified(SystemTime::now() - 2 * STALE).unwrap();
        fs::write(dir.join(".sbom.cdx.json.4243.0.tmp"), b"a concurrent writer's").unwrap();
        fs::write(dir.join(".other.json.1.0.tmp"), b"another file's").unwrap();
        write(&path, b"whole").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"whole");
        assert_eq!(names(&dir), [".other.json.1.0.tmp", ".sbom.cdx.json.4243.0.tmp", "sbom.cdx.json"]);
        fs::remove_dir_all(dir).unwrap();
    }

    /// Two writers of one file at once, each many times: every version read is whole, and no
    /// temporary file is left.
    #[test]
    fn concurrent_writers_of_one_file_each_leave_a_whole_version() {
        let dir = dir("concurrent");
        let path = dir.join("declaration.json");
        let versions: Vec<Vec<u8>> = (0..4u8).map(|v| vec![b'a' + v; 64 * 1024 + usize::from(v)]).collect();
        std::thread::scope(|scope| {
            for version in &versions {
                let path = &path;
                scope.spawn(move || {
                    for _ in 0..25 {
                        write(path, version).unwrap();
                    }
                });
            }
            scope.spawn(|| {
                for _ in 0..200 {
                    if let Ok(bytes) = fs::read(&path) {
                        assert!(versions.contains(&bytes), "a torn file of {} bytes", bytes.len());
                    }
                }
            });
        });
        assert!(versions.contains(&fs::read(&path).unwrap()));
        assert_eq!(names(&dir), ["declaration.json"]);
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

    #[test]
    fn file_makes_the_folder_and_writes_only_changed_bytes() {
        let dir = dir("changed");
        let path = dir.join("a/b/out.json");
        assert!(file(&path, b"one").unwrap());
        assert!(!file(&path, b"one").unwrap());
        assert!(file(&path, b"two").unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let blocked = dir.join("a/b/out.json/inner");
        let error = file(&blocked, b"x").unwrap_err();
        assert_eq!(error.path, dir.join("a/b/out.json"), "the folder that could not be made is named");
        assert!(std::error::Error::source(&error).is_some(), "the cause is the source");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
