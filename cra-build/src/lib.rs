//! The build-script side of cra-rs: the one line of a product's `build.rs`.
//!
//! ```rust,ignore
//! // build.rs
//! fn main() {
//!     cra_build::main();
//! }
//! ```
//!
//! On every build it writes the product's CRA conformity declaration, gap report and SBOM to
//! `$OUT_DIR/cra/` and prints Cargo's `rerun-if-changed` lines and the gaps as warnings; an error
//! in a `#[cra(...)]` attribute or in `[package.metadata.cra]` fails the build with the file and
//! line (docs/build.md).
//!
//! **Where the work is done.** This crate compiles nothing but itself (the standard library
//! only). The generator (the attribute grammar on syn with `full`, the model, TOML, digests,
//! dates) is about 21 s of compilation on two cores and 32 s on one, paid by every clean build of a product that
//! compiles it into its build script. So by default the build script runs the generator as a
//! program, as `prost-build` runs `protoc`: the `cargo-cra` of the same version, installed once
//! (`cargo install cargo-cra --version =0.1.0 --locked`). Which program:
//! 1. `CRA_GENERATOR`, a path, if set (`cargo cra build` and `cargo cra check` set it to
//!    themselves, so those always work);
//! 2. else `cargo-cra` on `PATH`;
//! 3. else `cargo-cra` in `$CARGO_HOME/bin` (by default `~/.cargo/bin`).
//!
//! The program must be this crate's version exactly (the declaration's format is theirs); it
//! refuses another, and a missing one is an error that says how to install it. It inherits the
//! build script's environment and standard output, so Cargo reads its lines directly.
//!
//! With the feature `in-process` the generator is compiled into the build script instead and no
//! program is needed (the examples of this repository build that way).

use std::path::PathBuf;

mod error;
#[cfg(not(feature = "in-process"))]
mod locate;

pub use error::Error;

/// The version of the generator this crate runs: its own.
pub const GENERATOR_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Runs with default options; on error prints it and exits with status 1, which fails the build.
pub fn main() {
    if let Err(error) = Builder::new().run() {
        eprintln!("{}", error.render());
        std::process::exit(1);
    }
}

/// Options of the generator: the same as `cra_core::build::Builder`'s, declared again because
/// this crate depends on cra-core (with `in-process`), so cra-core cannot be where this type
/// lives, and a product's build does not compile cra-core. They cross as command-line arguments,
/// which cra-core alone reads, in the installed generator and in-process alike (a test of the
/// workspace proves the two builders agree).
#[derive(Debug, Clone, Default)]
pub struct Builder {
    strict: bool,
    out_dir: Option<PathBuf>,
    include_crates: Vec<PathBuf>,
    watch_package: bool,
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
        self.include_crates.push(dir.into());
        self
    }

    /// Also watches every file of the package, as Cargo does for a build script that prints
    /// no `rerun-if-changed` line: the generator's lines end that default, and a build script
    /// that reads more than the generator (the git hash, say) keeps its old reruns with this
    /// (docs/build.md).
    #[must_use]
    pub fn watch_package(mut self, watch: bool) -> Builder {
        self.watch_package = watch;
        self
    }

    /// The options' command-line form, as `cargo cra build-script` takes it (the form
    /// `cra_core::build::Builder::from_arguments` reads).
    pub fn arguments(&self) -> Vec<std::ffi::OsString> {
        let mut arguments = Vec::new();
        if self.strict {
            arguments.push("--strict".into());
        }
        if let Some(dir) = &self.out_dir {
            arguments.extend(["--out-dir".into(), dir.clone().into_os_string()]);
        }
        for dir in &self.include_crates {
            arguments.extend(["--include-crate".into(), dir.clone().into_os_string()]);
        }
        if self.watch_package {
            arguments.push("--watch-package".into());
        }
        arguments
    }

    /// Runs the generator in the build script's environment. The generator prints the `cargo:`
    /// lines and, on failure, its diagnostics.
    #[cfg(not(feature = "in-process"))]
    pub fn run(&self) -> Result<(), Error> {
        let generator = locate::generator(|name| std::env::var_os(name))?;
        // A reinstalled generator reruns the build script (Cargo compares the file's time).
        println!("cargo:rerun-if-changed={}", generator.display());
        let mut command = std::process::Command::new(&generator);
        command.args(["cra", "build-script", "--expect-version", GENERATOR_VERSION]).args(self.arguments());
        let status = command.status().map_err(|source| Error::Start { generator: generator.clone(), source })?;
        match status.code() {
            Some(0) => Ok(()),
            // Command-line usage errors: a program of this version from before `build-script`.
            Some(2) => Err(Error::Outdated { generator, status }),
            _ => Err(Error::Failed { generator, status }),
        }
    }

    /// Runs the generator compiled into this build script.
    #[cfg(feature = "in-process")]
    pub fn run(&self) -> Result<(), Error> {
        // The command-line form, read by the generator's own reader: the one way options cross.
        let builder = cra_core::build::Builder::from_arguments(self.arguments())
            .map_err(|error| Error::Generator(cra_core::build::BuildError::Environment(error.to_string())))?;
        builder.run().map(|_| ()).map_err(Error::Generator)
    }
}
