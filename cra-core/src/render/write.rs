//! Writing documents so that a reader never sees half a file (through [`crate::atomic`]).

use std::fs;
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
            crate::atomic::write(&path, text.as_bytes())
                .map_err(|source| RenderError::Write { path: path.clone(), source })?;
            Ok(path)
        })
        .collect()
}
