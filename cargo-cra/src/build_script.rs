//! `cargo cra build-script`: the generator as a product's build script runs it through
//! cra-build (hidden: not for people). It runs in the build script's environment and writes
//! Cargo's lines to the standard output it shares with the build script.

use std::path::PathBuf;
use std::process::ExitCode;

/// What cra-build passes.
pub struct Request {
    /// cra-build's version: the generator's must be the same.
    pub expect_version: String,
    /// Gaps fail the build.
    pub strict: bool,
    /// Outputs elsewhere than `$OUT_DIR/cra/`.
    pub out_dir: Option<PathBuf>,
    /// Crates read besides the product's path dependencies.
    pub include_crates: Vec<PathBuf>,
    /// Every file of the package gets `rerun-if-changed`, as under Cargo's default.
    pub watch_package: bool,
}

/// Runs the generator; a version other than cra-build's is refused with what to install.
pub fn run(request: &Request) -> ExitCode {
    let ours = env!("CARGO_PKG_VERSION");
    if request.expect_version != ours {
        let program = std::env::current_exe().map_or_else(|_| "cargo-cra".into(), |p| p.display().to_string());
        eprintln!(
            "error: the CRA generator `{program}` is cargo-cra {ours}, and the product's build script uses cra-build {}: they must be the same version, as the declaration's format is theirs. Install the matching generator with `cargo install cargo-cra --version ={} --locked` (until cra-rs is published: `cargo install --path cargo-cra --locked` in a cra-rs checkout of that version), or set CRA_GENERATOR to its path, or use cra-build {ours}",
            request.expect_version, request.expect_version
        );
        return ExitCode::FAILURE;
    }
    let mut builder = cra_core::build::Builder::new().strict(request.strict).watch_package(request.watch_package);
    if let Some(dir) = &request.out_dir {
        builder = builder.out_dir(dir);
    }
    for dir in &request.include_crates {
        builder = builder.include_crate(dir);
    }
    match builder.run() {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
