//! The manifests the generator starts from: the product's Cargo.toml, its workspace's, and the
//! Cargo.lock the build resolves with.

use std::path::{Path, PathBuf};

use super::{ManifestFile, Workspace};
use crate::build::diagnostics::BuildError;

/// The product's manifests.
pub(crate) struct ProductManifests {
    /// The product's Cargo.toml.
    pub(crate) product: ManifestFile,
    /// Its workspace, if it is in one.
    pub(crate) workspace: Option<Workspace>,
    /// The workspace's root, else the product's directory: the SBOM's and the evidence's paths
    /// are relative to it.
    pub(crate) root: PathBuf,
    /// The Cargo.lock at the root, else beside the product (where Cargo writes it).
    pub(crate) lockfile: PathBuf,
}

impl ProductManifests {
    /// Reads the manifests of the product in `manifest_dir`.
    pub(crate) fn read(manifest_dir: &Path) -> Result<ProductManifests, BuildError> {
        let workspace = Workspace::find(manifest_dir)?;
        let product = ManifestFile::read(&manifest_dir.join("Cargo.toml"))?;
        let root = workspace.as_ref().map_or(manifest_dir, Workspace::dir).to_path_buf();
        let lockfile = [root.as_path(), manifest_dir]
            .into_iter()
            .map(|dir| dir.join("Cargo.lock"))
            .find(|path| path.is_file())
            .unwrap_or_else(|| root.join("Cargo.lock"));
        Ok(ProductManifests { product, workspace, root, lockfile })
    }

    /// The workspace's root manifest, if there is a workspace.
    pub(crate) fn workspace_manifest(&self) -> Option<&ManifestFile> {
        self.workspace.as_ref().map(|w| &w.manifest)
    }

    /// The manifest files read: a change reruns the generator.
    pub(crate) fn files(&self) -> impl Iterator<Item = PathBuf> + '_ {
        std::iter::once(self.product.path.clone()).chain(self.workspace_manifest().map(|m| m.path.clone()))
    }
}
