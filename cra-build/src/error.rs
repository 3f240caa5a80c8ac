//! Why a build script's generator run failed.
//!
//! Written by hand, not with thiserror: this crate compiles nothing but itself.

use std::fmt;
use std::path::PathBuf;

/// Why the generator did not write the declaration.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// `CRA_GENERATOR` names no file.
    GeneratorMissing {
        /// The path it names.
        path: PathBuf,
    },
    /// No `cargo-cra` program in any of the places looked at.
    NotFound {
        /// Where it was looked for, in order.
        searched: Vec<PathBuf>,
    },
    /// The program could not be started.
    Start {
        /// The program.
        generator: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The program did not take the arguments cra-build gives it (exit status 2, a usage
    /// error): a `cargo-cra` of the same version number built before it could run build
    /// scripts, or not a `cargo-cra` at all.
    Outdated {
        /// The program.
        generator: PathBuf,
        /// How it ended.
        status: std::process::ExitStatus,
    },
    /// The program ran and failed; it printed its diagnostics (or, if it is of another version,
    /// what to install) before this.
    Failed {
        /// The program.
        generator: PathBuf,
        /// How it ended.
        status: std::process::ExitStatus,
    },
    /// The generator compiled into the build script (`in-process`) failed.
    #[cfg(feature = "in-process")]
    Generator(cra_core::build::BuildError),
}

/// What to do when no generator can be run.
fn install_hint() -> String {
    format!(
        "install the generator of this version with `cargo install cargo-cra --version ={} --locked` (from a cra-rs checkout: `cargo install --path cargo-cra`), or set CRA_GENERATOR to its path, or enable cra-build's feature `in-process` to compile it into the build script (about 21 s more per clean build on two cores)",
        crate::GENERATOR_VERSION
    )
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::GeneratorMissing { path } => write!(
                f,
                "error: CRA_GENERATOR is `{}`, which is not a file; set it to the path of a `cargo-cra` program, or unset it to use the one on PATH ({})",
                path.display(),
                install_hint()
            ),
            Error::NotFound { searched } => {
                let places: Vec<String> = searched.iter().map(|p| format!("`{}`", p.display())).collect();
                write!(
                    f,
                    "error: cra-build found no `cargo-cra` program to generate the CRA declaration (CRA_GENERATOR is not set; looked in {}): {}",
                    if places.is_empty() {
                        "no folder: PATH is empty and there is no home folder".to_owned()
                    } else {
                        places.join(", ")
                    },
                    install_hint()
                )
            }
            Error::Start { generator, source } => {
                write!(f, "error: cannot run the CRA generator `{}`: {source}", generator.display())
            }
            Error::Outdated { generator, status } => write!(
                f,
                "error: the CRA generator `{}` did not take cra-build's arguments ({status}; its message is above): it is not a `cargo-cra` that runs build scripts, or one built before it could; {}",
                generator.display(),
                install_hint()
            ),
            Error::Failed { generator, status } => write!(
                f,
                "error: the CRA generator `{}` failed ({status}); its messages are above",
                generator.display()
            ),
            #[cfg(feature = "in-process")]
            Error::Generator(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Start { source, .. } => Some(source),
            #[cfg(feature = "in-process")]
            Error::Generator(error) => Some(error),
            _ => None,
        }
    }
}
