//! `cargo cra`: the Cyber Resilience Act catalogue, schema and declarations from the command line.
//!
//! Thin by design: every rule lives in `cra-core`; this binary parses arguments, runs Cargo and
//! prints. Installed, it runs as `cargo cra <command>`; from the workspace, as
//! `cargo run -p cargo-cra -- cra <command>`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod build;
mod build_script;
mod cargo_run;
mod check;
mod declaration_file;
mod diff;
mod export;
mod extract;
mod init;
mod print;
mod render;
mod sign;
mod vcs;
mod verify;
mod verify_signed;
mod vuln;

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
    ///
    /// Example: `cargo cra catalogue --json | jq '.requirements[].id'`.
    Catalogue {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of declaration documents.
    ///
    /// Example: `cargo cra schema > declaration.schema.json`.
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
        /// Gaps fail the command (exit status 1).
        #[arg(long)]
        strict: bool,
        /// Sign the SBOM (JSF) and the bundle of declaration, SBOM and documents (DSSE) with
        /// this PKCS#8 PEM private key, Ed25519 or P-256 (default: the file the variable named by
        /// `signing-key-env` in [package.metadata.cra] points to, if set).
        #[arg(long, value_name = "KEY.pem")]
        sign: Option<PathBuf>,
        /// Further arguments for `cargo build`, e.g. `--features cloud` or `--release`.
        #[arg(last = true)]
        cargo_args: Vec<String>,
    },
    /// Run the generator's checks and print errors and gaps once.
    ///
    /// Exit status: 0 complete, 1 gaps with `--strict`, 2 errors. Example for CI:
    /// `cargo cra check -p door-lock-hub --strict --format sarif > cra.sarif`.
    Check {
        /// The product's package (default: the package in the current directory).
        #[arg(short, long)]
        package: Option<String>,
        /// Gaps fail the check (exit status 1).
        #[arg(long)]
        strict: bool,
        /// Output for people, as JSON, or as SARIF 2.1.0 for code-scanning tools.
        #[arg(long, value_enum, default_value = "human")]
        format: check::Format,
        /// Further arguments for `cargo check`, e.g. `--features cloud`.
        #[arg(last = true)]
        cargo_args: Vec<String>,
    },
    /// Hash every evidence file again and compare with the declaration's digests; given a binary
    /// and a declaration file, also compare the embedded declaration with the file; check the
    /// signatures of a signed SBOM or VEX and of a signed bundle, and every file the bundle lists.
    ///
    /// Exit status: 0 verified, 2 a changed or missing evidence file, a differing declaration, a
    /// signature that does not hold, a changed or added file of a bundle, or an unreadable input.
    /// Example: `cargo cra verify target/debug/door-lock-hub target/cra/door-lock-hub/declaration.json`.
    Verify {
        /// Declaration files or binaries (compared with each other), signed CycloneDX documents
        /// (`sbom.cdx.json`, a VEX) and signed bundles (`bundle.dsse.json` or its folder).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The workspace root evidence paths are found from (default: from `cargo metadata`).
        #[arg(long)]
        root: Option<PathBuf>,
        /// The manufacturer's public key (PEM): signatures must be by it. Without it, a signature
        /// is checked with the key it names, which shows the content is unchanged, not who signed.
        #[arg(long, value_name = "KEY.pem")]
        public_key: Option<PathBuf>,
    },
    /// What changed between two declarations (files or binaries), and two SBOMs if given.
    ///
    /// Marks changes that may be a substantial modification (Art. 3(30)): a hint, not a ruling.
    /// Example: `cargo cra diff old/declaration.json target/cra/door-lock-hub/declaration.json`.
    Diff {
        /// The earlier declaration (file or binary).
        old: PathBuf,
        /// The later declaration (file or binary).
        new: PathBuf,
        /// The earlier and the later SBOM, for crates added, removed and upgraded.
        #[arg(long, num_args = 2, value_names = ["OLD", "NEW"])]
        sbom: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Make an existing crate a cra-rs product: dependencies, `[package.metadata.cra]` with
    /// every required key, `build.rs`, a vulnerability-handling component and the
    /// `declaration_tests!` test. Keeps the manifest's formatting; running it again changes
    /// nothing.
    ///
    /// Example: `cargo new lockhub && cd lockhub && cargo cra init --category III.I.17 --procedure module_b_plus_c`.
    Init {
        /// The crate's folder.
        #[arg(long, default_value = ".")]
        path: PathBuf,
        /// The product category (`cargo cra catalogue` lists them).
        #[arg(long, default_value = "default")]
        category: String,
        /// The conformity assessment procedure.
        #[arg(long, default_value = "module_a")]
        procedure: String,
        /// The manufacturer's name.
        #[arg(long)]
        manufacturer: Option<String>,
        /// A cra-rs checkout to depend on by path instead of crates.io versions.
        #[arg(long)]
        cra_path: Option<PathBuf>,
    },
    /// Print the declaration embedded in a binary by `cra_component::embed_declaration!()`.
    ///
    /// Example: `cargo cra extract target/release/door-lock-hub > declaration.json`.
    Extract {
        /// The binary.
        binary: PathBuf,
    },
    /// Render the EU declaration of conformity, Annex II, VI and VII documents and a compliance report.
    Render(render::Args),
    /// The declaration in an exchange format: OSCAL 1.1 (a component definition and the CRA
    /// catalog) for governance, risk and compliance tools.
    #[command(
        after_help = "Example: cargo cra export --format oscal --out oscal target/cra/door-lock-hub/declaration.json"
    )]
    Export {
        /// The declaration (`declaration.json`), or a binary with an embedded declaration.
        declaration: PathBuf,
        /// The format.
        #[arg(long, value_enum)]
        format: export::ExportFormat,
        /// The folder to write into.
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// The CSAF 2.0 security advisory and CSAF VEX of a vulnerability record; with `--sbom`, its
    /// CycloneDX 1.6 VEX bound to the SBOM.
    #[command(
        after_help = "Example: cargo cra advisory security/vulnerabilities/dlh-2026-001.toml --declaration target/cra/door-lock-hub/declaration.json --sbom target/cra/door-lock-hub/sbom.cdx.json --out target/cra/door-lock-hub/advisories"
    )]
    Advisory {
        /// The record (TOML).
        record: PathBuf,
        /// The product's declaration (`declaration.json`) or a binary embedding it.
        #[arg(long)]
        declaration: PathBuf,
        /// The product's SBOM, for the CycloneDX VEX.
        #[arg(long)]
        sbom: Option<PathBuf>,
        /// Where to write the documents.
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// Sign the CycloneDX VEX (JSF) with this PKCS#8 PEM key, Ed25519 or P-256.
        #[arg(long, value_name = "KEY.pem", requires = "sbom")]
        sign: Option<PathBuf>,
        /// Also publish both CSAF documents into this folder as a trusted provider serves them
        /// (CSAF 2.0 section 7.1): hashes, OpenPGP signatures, index.txt, changes.csv,
        /// provider-metadata.json. Publishing record after record into one folder keeps one layout.
        #[arg(long, value_name = "DIR", requires = "openpgp_key")]
        publish: Option<PathBuf>,
        /// The provider's armored OpenPGP secret key (`gpg --armor --export-secret-keys`).
        #[arg(long, value_name = "KEY.asc", requires = "publish")]
        openpgp_key: Option<PathBuf>,
    },
    /// An Art. 14 report (early warning, notification, final report) of a record, as JSON and
    /// Markdown, with its deadline and what is missing.
    #[command(
        after_help = "Example: cargo cra report security/vulnerabilities/dlh-2026-001.toml --stage notification --declaration target/cra/door-lock-hub/declaration.json"
    )]
    Report {
        /// The record (TOML).
        record: PathBuf,
        /// Which report.
        #[arg(long, value_enum)]
        stage: vuln::StageArg,
        /// The product's declaration (`declaration.json`) or a binary embedding it.
        #[arg(long)]
        declaration: PathBuf,
        /// Where to write the report.
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// The time of a report not yet submitted (default: now), e.g. `2026-09-22T09:00:00Z`;
        /// a submitted report is made as of its submission time, which the record gives.
        #[arg(long)]
        at: Option<String>,
    },
    /// The Art. 14 clocks of every record in a directory, overdue first; exit status 1 when a
    /// report is overdue (for a scheduled CI job).
    #[command(after_help = "Example: cargo cra deadlines security/vulnerabilities --at 2026-10-03T09:00:00Z")]
    Deadlines {
        /// The directory of records.
        #[arg(default_value = "security/vulnerabilities")]
        dir: PathBuf,
        /// Check the records' components against this declaration too.
        #[arg(long)]
        declaration: Option<PathBuf>,
        /// The time to judge at (default: now), with its offset.
        #[arg(long)]
        at: Option<String>,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Evidence for I.2.a: the SBOM's crates against the RustSec advisory database (a local clone)
    /// or `cargo audit --json` output; exit status 1 when an advisory applies and no
    /// vulnerability record settles it.
    #[command(
        after_help = "Example: cargo cra audit --sbom target/cra/door-lock-hub/sbom.cdx.json --db ~/advisory-db --records examples/door-lock-hub/security/vulnerabilities"
    )]
    Audit {
        /// The product's SBOM (`sbom.cdx.json`).
        #[arg(long)]
        sbom: PathBuf,
        /// A local clone of the RustSec advisory database.
        #[arg(long, conflicts_with = "cargo_audit_json", required_unless_present = "cargo_audit_json")]
        db: Option<PathBuf>,
        /// `cargo audit --json` output instead of the database.
        #[arg(long)]
        cargo_audit_json: Option<PathBuf>,
        /// The product's vulnerability records.
        #[arg(long, default_value = "security/vulnerabilities")]
        records: PathBuf,
        /// cargo-audit and cargo-deny configurations whose ignores need a reason.
        #[arg(long, default_values = [".cargo/audit.toml", "audit.toml", "deny.toml"])]
        ignores: Vec<PathBuf>,
        /// The day of the check (default: today, UTC).
        #[arg(long)]
        on: Option<String>,
        /// Where to write the evidence (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// `security.txt` (RFC 9116) from `[package.metadata.cra]` and its `security-txt` table.
    #[command(
        name = "security-txt",
        after_help = "Example: cargo cra security-txt --manifest examples/door-lock-hub/Cargo.toml --declaration target/cra/door-lock-hub/declaration.json --out security.txt"
    )]
    SecurityTxt {
        /// The product's Cargo.toml.
        #[arg(long, default_value = "Cargo.toml")]
        manifest: PathBuf,
        /// The product's declaration (`declaration.json`) or a binary embedding it.
        #[arg(long)]
        declaration: PathBuf,
        /// The time to check `expires` against (default: now).
        #[arg(long)]
        at: Option<String>,
        /// Where to write it (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The generator, run by a product's build script through cra-build (not for people).
    #[command(name = "build-script", hide = true)]
    BuildScript {
        /// cra-build's version; this program refuses another.
        #[arg(long)]
        expect_version: String,
        /// The generator's options in their command-line form (`--strict`, `--out-dir <dir>`,
        /// `--include-crate <dir>`, `--watch-package`), read by cra-core as cra-build writes them.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        options: Vec<std::ffi::OsString>,
    },
}

fn main() -> ExitCode {
    let Cargo::Cra(cra) = Cargo::parse();
    if let Command::BuildScript { expect_version, options } = cra.command {
        return build_script::run(&expect_version, options);
    }
    let outcome = match &cra.command {
        Command::Check { package, strict, format, cargo_args } => {
            Some(check::check(package.as_deref(), *strict, *format, cargo_args))
        }
        Command::Verify { inputs, root, public_key } => {
            Some(verify::verify(inputs, root.as_deref(), public_key.as_deref()))
        }
        Command::Build { package, strict, sign, cargo_args } => {
            Some(build::build(package.as_deref(), *strict, sign.as_deref(), cargo_args))
        }
        Command::Audit { sbom, db, cargo_audit_json, records, ignores, on, out } => {
            let source = match (db, cargo_audit_json) {
                (Some(db), _) => vuln::AdvisorySource::Database(db),
                (None, Some(json)) => vuln::AdvisorySource::CargoAuditJson(json),
                (None, None) => unreachable!("clap requires one"),
            };
            Some(vuln::audit(&source, sbom, records, ignores, on.as_deref(), out.as_deref()))
        }
        Command::Deadlines { dir, declaration, at, json } => {
            Some(vuln::deadlines(dir, declaration.as_deref(), at.as_deref(), *json))
        }
        _ => None,
    };
    if let Some(outcome) = outcome {
        return match outcome {
            Ok(outcome) => {
                print!("{}", outcome.text);
                ExitCode::from(outcome.status)
            }
            Err(message) => {
                eprintln!("error: {}", message.trim_start_matches("error: "));
                ExitCode::from(2)
            }
        };
    }
    let result = match cra.command {
        Command::Catalogue { json: true } => Ok(print::catalogue_json()),
        Command::Catalogue { json: false } => Ok(print::catalogue_text()),
        Command::Schema => Ok(cra_core::schema::declaration_schema_json()),
        Command::Extract { binary } => extract::extract(&binary),
        Command::Render(args) => return render::run(&args),
        Command::Export { declaration, format, out } => export::export(&declaration, format, &out),
        Command::Diff { old, new, sbom, json } => diff::diff(&old, &new, &sbom, json),
        Command::Init { path, category, procedure, manufacturer, cra_path } => {
            init::init(&init::Answers { dir: path, category, procedure, manufacturer, cra_path })
        }
        Command::Advisory { record, declaration, sbom, out, sign, publish, openpgp_key } => vuln::advisory(
            &record,
            &declaration,
            sbom.as_deref(),
            &out,
            sign.as_deref(),
            publish.as_deref().zip(openpgp_key.as_deref()),
        ),
        Command::Report { record, stage, declaration, out, at } => {
            vuln::report(&record, &declaration, stage, at.as_deref(), &out)
        }
        Command::SecurityTxt { manifest, declaration, at, out } => {
            vuln::security_txt(&manifest, &declaration, at.as_deref(), out.as_ref())
        }
        Command::Check { .. }
        | Command::Verify { .. }
        | Command::Build { .. }
        | Command::Deadlines { .. }
        | Command::Audit { .. }
        | Command::BuildScript { .. } => {
            unreachable!("handled above")
        }
    };
    match result {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {}", message.trim_start_matches("error: "));
            ExitCode::from(2)
        }
    }
}
