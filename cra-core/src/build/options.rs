//! The generator's options: the one type a build script, cra-build and the CLI's hidden
//! `build-script` command share, and its command-line form, which cra-build writes and this
//! module alone reads. (cra-build declares its own builder with the same setters, as it may not
//! depend on this crate, which depends on it with `in-process`; a test proves the two agree.)

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// Options of the generator, set the way prost-build's `Config` is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Builder {
    pub(super) strict: bool,
    pub(super) out_dir: Option<PathBuf>,
    pub(super) extra_crates: Vec<PathBuf>,
    pub(super) watch_package: bool,
}

/// Arguments the generator's command-line form does not take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OptionsError {
    /// An argument that is no option.
    #[error(
        "`{0}` is not an option of the generator: it takes `--strict`, `--out-dir <dir>`, `--include-crate <dir>` and `--watch-package`"
    )]
    Unknown(String),
    /// A flag that takes a folder, last.
    #[error("`{0}` takes a folder after it")]
    NoFolder(String),
}

impl Builder {
    /// Default options: gaps are warnings, outputs under `$OUT_DIR/cra/`.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Turns gaps into errors.
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Builder {
        self.strict = strict;
        self
    }

    /// Writes the outputs to `dir` instead of `$OUT_DIR/cra/`.
    #[must_use]
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.out_dir = Some(dir.into());
        self
    }

    /// Also reads the components of the crate in `dir` (relative to the product's manifest
    /// directory), for crates that are not path dependencies of the product.
    #[must_use]
    pub fn include_crate(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.extra_crates.push(dir.into());
        self
    }

    /// Also prints `rerun-if-changed` for every file of the package, as Cargo's default
    /// watches them when a build script prints no such line (all files but the target folder,
    /// version-control folders and nested packages). The generator's own lines end that
    /// default; a build script that reads more than the generator does (the git hash, say)
    /// turns this on to keep being rerun when a file of the package changes (docs/build.md).
    #[must_use]
    pub fn watch_package(mut self, watch: bool) -> Builder {
        self.watch_package = watch;
        self
    }

    /// The command-line form of these options, as cra-build passes them to
    /// `cargo cra build-script`: what [`Builder::from_arguments`] reads back.
    pub fn arguments(&self) -> Vec<OsString> {
        let mut arguments = Vec::new();
        if self.strict {
            arguments.push("--strict".into());
        }
        if let Some(dir) = &self.out_dir {
            arguments.extend(["--out-dir".into(), dir.clone().into_os_string()]);
        }
        for dir in &self.extra_crates {
            arguments.extend(["--include-crate".into(), dir.clone().into_os_string()]);
        }
        if self.watch_package {
            arguments.push("--watch-package".into());
        }
        arguments
    }

    /// The options from their command-line form. A flag without its folder, or an argument
    /// that is no option, is an error that names it.
    pub fn from_arguments<I>(arguments: I) -> Result<Builder, OptionsError>
    where
        I: IntoIterator,
        I::Item: Into<OsString>,
    {
        let mut builder = Builder::new();
        let mut arguments = arguments.into_iter().map(Into::into);
        while let Some(argument) = arguments.next() {
            let mut folder =
                |flag: &OsStr| arguments.next().ok_or_else(|| OptionsError::NoFolder(flag.display().to_string()));
            match argument.to_str() {
                Some("--strict") => builder.strict = true,
                Some("--watch-package") => builder.watch_package = true,
                Some("--out-dir") => builder.out_dir = Some(folder(&argument)?.into()),
                Some("--include-crate") => builder.extra_crates.push(folder(&argument)?.into()),
                _ => return Err(OptionsError::Unknown(argument.display().to_string())),
            }
        }
        Ok(builder)
    }
}
