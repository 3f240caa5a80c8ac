//! Writing outputs: only when the bytes change (so tools that watch modification times do not
//! rebuild for nothing), and atomically (a temporary file renamed over the old one), so a reader
//! never sees half a file.

use std::path::Path;

use super::diagnostics::BuildError;

/// Writes `bytes` to `path` unless it already holds exactly them; returns whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, BuildError> {
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(false);
    }
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| BuildError::io(dir, e))?;
    }
    crate::atomic::write(path, bytes).map_err(|e| BuildError::io(path, e))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changed_bytes() {
        let dir = std::env::temp_dir().join(format!("cra-output-test-{}", std::process::id()));
        let path = dir.join("out.json");
        assert!(write_if_changed(&path, b"one").unwrap());
        assert!(!write_if_changed(&path, b"one").unwrap());
        assert!(write_if_changed(&path, b"two").unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
