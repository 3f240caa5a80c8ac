//! Writing documents so that a reader never sees half a file (through [`crate::write::file()`]).

use std::path::{Path, PathBuf};

use super::RenderError;

/// Writes `(file name, text)` pairs into `dir` (created if missing), each whole or not at all,
/// and returns their paths.
pub fn write_documents(dir: &Path, documents: &[(String, String)]) -> Result<Vec<PathBuf>, RenderError> {
    documents
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            crate::write::file(&path, text.as_bytes())
                .map_err(|e| RenderError::Write { path: e.path, source: e.source })?;
            Ok(path)
        })
        .collect()
}
