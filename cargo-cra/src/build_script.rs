//! `cargo cra build-script`: the generator as a product's build script runs it through
//! cra-build (hidden: not for people). It runs in the build script's environment and writes
//! Cargo's lines to the standard output it shares with the build script.

use std::ffi::OsString;
use std::process::ExitCode;

/// Runs the generator; a version other than cra-build's is refused with what to install.
pub fn run(expect_version: &str, options: Vec<OsString>) -> ExitCode {
    let ours = env!("CARGO_PKG_VERSION");
    if expect_version != ours {
        let program = std::env::current_exe().map_or_else(|_| "cargo-cra".into(), |p| p.display().to_string());
        eprintln!(
            "error: the CRA generator `{program}` is cargo-cra {ours}, and the product's build script uses cra-build {expect_version}: they must be the same version, as the declaration's format is theirs. Install the matching generator with `cargo install cargo-cra --version ={expect_version} --locked` (until cra-rs is published: `cargo install --path cargo-cra --locked` in a cra-rs checkout of that version), or set CRA_GENERATOR to its path, or use cra-build {ours}",
        );
        return ExitCode::FAILURE;
    }
    let builder = match cra_core::build::Builder::from_arguments(options) {
        Ok(builder) => builder,
        Err(error) => {
            // A usage error, as clap's: cra-build says the program is not the one it needs.
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match builder.run() {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error.render());
            ExitCode::FAILURE
        }
    }
}
