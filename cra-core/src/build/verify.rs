//! Verifying a declaration against the files it names: every evidence file is hashed again
//! from its package root and compared with the SHA-256 the build recorded. An edited or removed
//! evidence file after the declaration was written is a change the manufacturer must see.

use std::path::{Path, PathBuf};

use crate::declaration::Declaration;
use crate::evidence::Location;

/// One evidence file whose content is not the content the declaration recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceChange {
    /// The component that names it.
    pub component: String,
    /// The file, as found from the workspace root.
    pub file: PathBuf,
    /// The digest in the declaration.
    pub recorded: String,
    /// Its digest now; `None` when it cannot be read.
    pub now: Option<String>,
}

/// Every evidence file of `declaration` whose SHA-256 differs from the recorded one, found from
/// `workspace_root` through the package root the declaration records; evidence without a
/// recorded digest or package (URLs, hand-written declarations) is not checked. Sorted by file.
pub fn verify_evidence(declaration: &Declaration, workspace_root: &Path) -> Vec<EvidenceChange> {
    use sha2::Digest;
    let mut changes = Vec::new();
    for component in &declaration.components {
        for evidence in component.claims.iter().flat_map(crate::claim::Claim::evidence) {
            let (Location::Path(path), Some(recorded), Some(package)) =
                (&evidence.location, &evidence.sha256, &evidence.package)
            else {
                continue;
            };
            let file = workspace_root.join(&package.root).join(path);
            let now = super::walk::stable_read::read(&file)
                .ok()
                .map(|bytes| crate::digest::hex(&sha2::Sha256::digest(bytes)));
            if now.as_deref() != Some(recorded.as_str()) {
                changes.push(EvidenceChange {
                    component: component.name.clone(),
                    file,
                    recorded: recorded.as_str().to_owned(),
                    now,
                });
            }
        }
    }
    changes.sort_by(|a, b| (&a.file, &a.component).cmp(&(&b.file, &b.component)));
    changes.dedup_by(|a, b| a.file == b.file && a.component == b.component);
    changes
}
