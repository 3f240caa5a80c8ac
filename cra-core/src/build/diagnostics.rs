//! Errors of the build-time generator, rendered like rustc's: file, line, column, the source line
//! with a caret under the culprit, and a hint.

use std::path::{Path, PathBuf};

pub use crate::located::SourceError;

/// Everything that can stop the generator, one variant per cause. I/O, TOML and JSON errors
/// keep their source ([`std::error::Error::source`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// Mistakes in source or manifests, each located.
    #[error("{}", render_source_errors(.0))]
    Source(Vec<SourceError>),
    /// A file could not be read or written.
    #[error("error: cannot access `{}`: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// Cargo.lock is not a lockfile Cargo would write.
    #[error("error: `{}` is not a valid Cargo.lock: {}", .path.display(), .source.message())]
    Lockfile {
        /// The lockfile.
        path: PathBuf,
        /// The TOML error.
        #[source]
        source: toml::de::Error,
    },
    /// A JSON document the generator reads back (the build-time SBOM) does not parse.
    #[error("error: {what} is not JSON: {source}")]
    Json {
        /// Which document.
        what: &'static str,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// A variable Cargo sets for build scripts is missing: not running under Cargo.
    #[error("error: {0}")]
    Environment(String),
    /// The declaration has errors the law would not accept, each with its validation code and
    /// the manifest line of the key it is about.
    #[error("{}", render_problems(&.0.iter().map(DeclarationError::text).collect::<Vec<_>>()))]
    Declaration(Vec<DeclarationError>),
    /// Gaps, in strict mode: each one line of the gap report.
    #[error("{}", render_problems(&.0.iter().map(|gap| strict_gap(gap)).collect::<Vec<_>>()))]
    StrictGaps(Vec<String>),
    /// Cargo could not say what the product is built from.
    #[error(
        "error: cra-rs asks Cargo which packages the product is built from, and it failed: {message}\n  command: {command}"
    )]
    Cargo {
        /// The command run.
        command: String,
        /// What went wrong, as Cargo said it.
        message: String,
    },
    /// Neither rustc nor Cargo knows the build target (`TARGET`), so the crates that ship for it
    /// cannot be asked for.
    #[error(
        "error: Cargo does not know the target `{target}`, so cra-rs cannot ask which packages the product is built from for it\n  \
         help: `rustc --print target-list` lists the built-in targets; a custom target specification (`{target}.json`, on nightly) \
         is found by its name when `RUST_TARGET_PATH` names its folder: add `RUST_TARGET_PATH = {{ value = \"<folder>\", relative = true }}` \
         under `[env]` in .cargo/config.toml\n  command: {command}\n  Cargo said: {message}"
    )]
    UnknownTarget {
        /// The triple (`TARGET`).
        target: String,
        /// The command run.
        command: String,
        /// What Cargo said.
        message: String,
    },
    /// A crate that needs `std` ships in a product built for bare metal (`target_os = "none"`).
    #[error(
        "error: `{package}` needs `std`, but the product is built for `{target}`, a bare-metal target (`target_os = \"none\"`); it is compiled in through {}\n  \
         help: `{package}` is the model of the regulation for build scripts, `cargo cra` and host tests: in [dependencies] name `cra-component` \
         (`#![no_std]`, what `#[derive(CraComponent)]` and `embed_declaration!` need) and keep `{package}` in [dev-dependencies] for `declaration_tests!` (docs/build.md, \"Firmware\")",
        .dependents.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")
    )]
    StdOnlyOnBareMetal {
        /// The crate that needs `std`.
        package: String,
        /// The triple (`TARGET`).
        target: String,
        /// The shipped packages that depend on it directly.
        dependents: Vec<String>,
    },
}

/// A validation error of the declaration, at the line of the product's manifest it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclarationError {
    /// The problem, with its code, field path and legal reference.
    pub problem: crate::validate::Problem,
    /// 1-based line in the product's manifest: the key's, else `[package.metadata.cra]`'s.
    pub line: usize,
}

impl DeclarationError {
    /// The one-line message: what is wrong, the code, the field and the reference.
    pub fn text(&self) -> String {
        self.problem.text_at(&self.problem.path)
    }
}

/// A gap as an error of strict mode.
pub(crate) fn strict_gap(gap: &str) -> String {
    format!("{gap} [strict mode]")
}

impl BuildError {
    pub(crate) fn io(path: &Path, error: std::io::Error) -> BuildError {
        BuildError::Io { path: path.to_path_buf(), source: error }
    }
}

fn render_source_errors(errors: &[SourceError]) -> String {
    use std::fmt::Write as _;
    let mut text: String = errors.iter().map(SourceError::render).collect();
    let _ = write!(text, "error: cra-rs found {} mistake{}", errors.len(), if errors.len() == 1 { "" } else { "s" });
    text
}

fn render_problems(problems: &[String]) -> String {
    use std::fmt::Write as _;
    let mut text = String::new();
    for problem in problems {
        let _ = writeln!(text, "error: {problem}");
    }
    let _ = write!(
        text,
        "error: the conformity declaration has {} error{}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    text
}
