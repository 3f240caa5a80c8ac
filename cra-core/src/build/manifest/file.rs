//! A manifest's text kept beside its parse, so that every error points at file, line and key.

use std::path::{Path, PathBuf};

use crate::build::diagnostics::{BuildError, SourceError};

/// A manifest file and its text, kept for diagnostics.
#[derive(Debug, Clone)]
pub struct ManifestFile {
    /// Path of the Cargo.toml.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

impl ManifestFile {
    /// Reads a manifest.
    pub fn read(path: &Path) -> Result<ManifestFile, BuildError> {
        let text = std::fs::read_to_string(path).map_err(|e| BuildError::io(path, e))?;
        Ok(ManifestFile { path: path.to_path_buf(), text })
    }

    /// Deserializes the text, turning a TOML error into a located error that names the key.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, BuildError> {
        let deserializer =
            toml::de::Deserializer::parse(&self.text).map_err(|e| BuildError::Source(vec![self.error(&e, "")]))?;
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let path = e.path().to_string();
            BuildError::Source(vec![self.error(e.inner(), &path)])
        })
    }

    /// A located error from a TOML deserialization error at key `path`, with "did you mean"
    /// for unknown keys.
    pub fn error(&self, error: &toml::de::Error, path: &str) -> SourceError {
        let mut message = error.message().trim().lines().next().unwrap_or_default().to_owned();
        let help = unknown_field_hint(&message);
        if message.starts_with("unknown field") {
            // With a suggestion, the list of every valid key is noise.
            if help.as_deref().is_some_and(|h| h.starts_with("did you mean"))
                && let Some(cut) = message.find(", expected one of")
            {
                message.truncate(cut);
            }
            // The path ends with the unknown key itself; name the table it is in.
            if let Some((table, _)) = path.rsplit_once('.') {
                message = format!("{message} in `[{table}]`");
            }
        } else if !path.is_empty() && path != "." {
            message = format!("`{path}`: {message}");
        }
        SourceError {
            path: self.path.clone(),
            source: self.text.clone(),
            range: error.span().unwrap_or(0..0),
            message,
            help,
            code: None,
        }
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the closest known key.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = &message[message.find("unknown field `")? + "unknown field `".len()..];
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    match crate::suggest::closest(field, expected.iter().copied()) {
        Some(suggestion) => Some(format!("did you mean `{suggestion}`?")),
        None => Some(format!(
            "expected one of {}",
            expected.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}
