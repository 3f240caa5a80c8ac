//! `cargo cra`: the Cyber Resilience Act catalogue, schema and declarations from the command line.
//!
//! Thin by design: every rule lives in `cra-core`; this binary parses arguments, runs Cargo and
//! prints. Installed, it runs as `cargo cra <command>`; from the workspace, as
//! `cargo run -p cargo-cra -- cra <command>`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod build;
mod extract;
mod print;
mod render;

/// Cargo passes the subcommand's own name (`cra`) as the first argument.
#[derive(Parser)]
#[command(name = "cargo", bin_name = "cargo")]
enum Cargo {
    /// CRA compliance as code.
    #[command(version, about)]
    Cra(Cra),
}

#[derive(clap::Args)]
struct Cra {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the requirement catalogue, categories, procedures and milestones.
    Catalogue {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of declaration documents.
    Schema,
    /// Build a product; write its declaration, gap report and final SBOM to `target/cra/<package>/`.
    ///
    /// Example: `cargo cra build -p door-lock-hub -- --release --features cloud`. With
    /// `--release` and no `SOURCE_DATE_EPOCH`, the time of the last git commit is used, so the
    /// release SBOM has a reproducible timestamp.
    Build {
        /// The product's package (default: the package in the current directory).
        #[arg(short, long)]
        package: Option<String>,
        /// Further arguments for `cargo build`, e.g. `--features cloud` or `--release`.
        #[arg(last = true)]
        cargo_args: Vec<String>,
    },
    /// Print the declaration embedded in a binary by `cra_core::embed_declaration!()`.
    Extract {
        /// The binary.
        binary: PathBuf,
    },
    /// Render the EU declaration of conformity, Annex II, VI and VII documents and a compliance report.
    Render(render::Args),
}

fn main() -> ExitCode {
    let Cargo::Cra(cra) = Cargo::parse();
    let result = match cra.command {
        Command::Catalogue { json: true } => Ok(print::catalogue_json()),
        Command::Catalogue { json: false } => Ok(print::catalogue_text()),
        Command::Schema => Ok(cra_core::schema::declaration_schema_json()),
        Command::Build { package, cargo_args } => build::build(package.as_deref(), &cargo_args),
        Command::Extract { binary } => extract::extract(&binary),
        Command::Render(args) => return render::run(&args),
    };
    match result {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
