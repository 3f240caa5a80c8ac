//! `cargo cra`: the Cyber Resilience Act catalogue, schema and declarations from the command line.
//!
//! Thin by design: every rule lives in `cra-core`; this binary parses arguments and prints.
//! Installed, it runs as `cargo cra <command>`; from the workspace, as
//! `cargo run -p cargo-cra -- cra <command>`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod print;

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
}

fn main() -> ExitCode {
    let Cargo::Cra(cra) = Cargo::parse();
    let output = match cra.command {
        Command::Catalogue { json: true } => print::catalogue_json(),
        Command::Catalogue { json: false } => print::catalogue_text(),
        Command::Schema => cra_core::schema::declaration_schema_json(),
    };
    print!("{output}");
    ExitCode::SUCCESS
}
