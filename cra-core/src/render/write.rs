//! Writing documents so that a reader never sees half a file: each goes to a temporary file in
//! the same directory, then is renamed over the target (atomic on one file system).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::RenderError;

/// Writes `(file name, text)` pairs into `dir` (created if missing), each through a temporary
/// file and a rename, and returns the paths written.
pub fn write_documents(dir: &Path, documents: &[(String, String)]) -> Result<Vec<PathBuf>, RenderError> {
    fs::create_dir_all(dir).map_err(|source| RenderError::Write { path: dir.to_path_buf(), source })?;
    documents
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            let temp = dir.join(format!(".{name}.tmp"));
            let write = || -> std::io::Result<()> {
                let mut file = fs::File::create(&temp)?;
                file.write_all(text.as_bytes())?;
                file.sync_all()?;
                fs::rename(&temp, &path)
            };
            write().map_err(|source| {
                let _ = fs::remove_file(&temp);
                RenderError::Write { path: path.clone(), source }
            })?;
            Ok(path)
        })
        .collect()
}
