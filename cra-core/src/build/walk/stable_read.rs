//! Reading a file that may change while it is read (an evidence file edited or regenerated
//! during a build): its size and modification time are taken before and after; when they
//! differ, the file is read again, and after a few tries the read is an error. A digest is
//! thus always the digest of one whole version of the file, never of a mix of two.

use std::io;
use std::path::Path;
use std::time::SystemTime;

/// How often a changing file is read before giving up.
const TRIES: usize = 3;

/// The bytes of `path` as they were in one moment.
pub(crate) fn read(path: &Path) -> io::Result<Vec<u8>> {
    read_with(path, |p: &Path| std::fs::read(p))
}

/// [`read`] with the read itself given, so tests can change the file while it is read.
pub(crate) fn read_with(path: &Path, mut read: impl FnMut(&Path) -> io::Result<Vec<u8>>) -> io::Result<Vec<u8>> {
    for _ in 0..TRIES {
        let before = stamp(path)?;
        let bytes = read(path)?;
        if stamp(path)? == before && before.0 == bytes.len() as u64 {
            return Ok(bytes);
        }
    }
    Err(io::Error::other(format!("it changed each of the {TRIES} times it was read; read it again when it is written")))
}

fn stamp(path: &Path) -> io::Result<(u64, Option<SystemTime>)> {
    let metadata = std::fs::metadata(path)?;
    Ok((metadata.len(), metadata.modified().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("cra-stable-read-{name}-{}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_file_changed_while_read_is_read_again_whole() {
        let path = file("once", "first version");
        let mut reads = 0;
        let bytes = read_with(&path, |p| {
            reads += 1;
            let bytes = std::fs::read(p)?;
            if reads == 1 {
                // Rewritten while the first read was under way: the bytes read are stale.
                std::fs::write(p, "second, longer version")?;
            }
            Ok(bytes)
        })
        .unwrap();
        assert_eq!((reads, bytes.as_slice()), (2, b"second, longer version".as_slice()));
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_file_that_keeps_changing_is_an_error_not_a_mixed_digest() {
        let path = file("always", "v");
        let mut n = 0;
        let error = read_with(&path, |p| {
            let bytes = std::fs::read(p)?;
            n += 1;
            std::fs::write(p, "v".repeat(n + 1))?;
            Ok(bytes)
        })
        .unwrap_err();
        assert!(error.to_string().contains("changed each of the 3 times"), "{error}");
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_missing_file_is_the_operating_systems_error() {
        let error = read(Path::new("/nonexistent/cra-evidence.md")).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }
}
