//! Why a build script's generator run failed.
//!
//! Written by hand, not with thiserror: this crate compiles nothing but itself. As thiserror
//! would have it, `Display` is one lower-case line without the cause, which is `source()`;
//! [`Error::render`] is what a build script prints.

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
                "CRA_GENERATOR is `{}`, which is not a file; set it to the path of a `cargo-cra` program, or unset it to use the one on PATH ({})",
                path.display(),
                install_hint()
            ),
            Error::NotFound { searched } => {
                let places: Vec<String> = searched.iter().map(|p| format!("`{}`", p.display())).collect();
                write!(
                    f,
                    "cra-build found no `cargo-cra` program to generate the CRA declaration (CRA_GENERATOR is not set; looked in {}): {}",
                    if places.is_empty() {
                        "no folder: PATH is empty and there is no home folder".to_owned()
                    } else {
                        places.join(", ")
                    },
                    install_hint()
                )
            }
            Error::Start { generator, .. } => {
                write!(f, "cannot run the CRA generator `{}`", generator.display())
            }
            Error::Outdated { generator, status } => write!(
                f,
                "the CRA generator `{}` did not take cra-build's arguments ({status}; its message is above): it is not a `cargo-cra` that runs build scripts, or one built before it could; {}",
                generator.display(),
                install_hint()
            ),
            Error::Failed { generator, status } => {
                write!(f, "the CRA generator `{}` failed ({status}); its messages are above", generator.display())
            }
            #[cfg(feature = "in-process")]
            Error::Generator(_) => f.write_str("the CRA generator compiled into the build script failed"),
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

impl Error {
    /// What a build script prints: `error:` with the message and its causes; for the generator
    /// compiled in, its own rendering (every located mistake as rustc shows it).
    pub fn render(&self) -> String {
        #[cfg(feature = "in-process")]
        if let Error::Generator(error) = self {
            return error.render();
        }
        let mut text = format!("error: {self}");
        let mut cause = std::error::Error::source(self);
        while let Some(error) = cause {
            text.push_str(": ");
            text.push_str(&error.to_string());
            cause = error.source();
        }
        text
    }
}
