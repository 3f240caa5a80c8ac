//! Errors of the build-time generator, rendered like rustc's: file, line, column, the source line
//! with a caret under the culprit, and a hint.

use std::path::{Path, PathBuf};

pub use crate::located::SourceError;

/// Everything that can stop the generator, one variant per cause. `Display` is one lower-case
/// line without the cause, which is [`std::error::Error::source`] (I/O, TOML, JSON, Cargo's
/// words); [`BuildError::render`] is what a build script prints: every located mistake as rustc
/// shows it, the causes, and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// Mistakes in source or manifests, each located.
    #[error("cra-rs found {} mistake{} in the product's source or manifests", .0.len(), plural(.0.len()))]
    Source(Vec<SourceError>),
    /// A file could not be read or written.
    #[error("cannot access `{}`", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// Cargo.lock is not a lockfile Cargo would write.
    #[error("`{}` is not a valid Cargo.lock", .path.display())]
    Lockfile {
        /// The lockfile.
        path: PathBuf,
        /// The TOML error.
        #[source]
        source: toml::de::Error,
    },
    /// A JSON document the generator reads back (the build-time SBOM) does not parse.
    #[error("{what} is not JSON")]
    Json {
        /// Which document.
        what: &'static str,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// A variable Cargo sets for build scripts is missing: not running under Cargo.
    #[error("{0}")]
    Environment(String),
    /// The declaration has errors the law would not accept, each with its validation code and
    /// the manifest line of the key it is about.
    #[error("the conformity declaration has {} error{}", .0.len(), plural(.0.len()))]
    Declaration(Vec<DeclarationError>),
    /// Gaps, in strict mode: each one line of the gap report.
    #[error("the declaration has {} gap{}, and strict mode makes each an error", .0.len(), plural(.0.len()))]
    StrictGaps(Vec<String>),
    /// Cargo could not say what the product is built from.
    #[error("cra-rs asks Cargo which packages the product is built from (`{command}`), and it failed")]
    Cargo {
        /// The command run.
        command: String,
        /// What went wrong, as Cargo said it.
        #[source]
        said: CargoSaid,
    },
    /// Neither rustc nor Cargo knows the build target (`TARGET`), so the crates that ship for it
    /// cannot be asked for.
    #[error(
        "Cargo does not know the target `{target}`, so cra-rs cannot ask which packages the product is built from for it (`{command}`)"
    )]
    UnknownTarget {
        /// The triple (`TARGET`).
        target: String,
        /// The command run.
        command: String,
        /// What Cargo said.
        #[source]
        said: CargoSaid,
    },
    /// A crate that needs `std` ships in a product built for bare metal (`target_os = "none"`).
    #[error(
        "`{package}` needs `std`, but the product is built for `{target}`, a bare-metal target (`target_os = \"none\"`); it is compiled in through {}",
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

/// A file the generator writes: the same error as one it cannot read.
impl From<crate::write::WriteError> for BuildError {
    fn from(error: crate::write::WriteError) -> BuildError {
        BuildError::Io { path: error.path, source: error.source }
    }
}

impl BuildError {
    pub(crate) fn io(path: &Path, error: std::io::Error) -> BuildError {
        BuildError::Io { path: path.to_path_buf(), source: error }
    }
}

/// What Cargo printed when it failed, or what was wrong with its answer: the cause of
/// [`BuildError::Cargo`] and [`BuildError::UnknownTarget`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CargoSaid(pub String);

impl BuildError {
    /// What to do about it, where the error alone does not say.
    pub fn help(&self) -> Option<String> {
        match self {
            BuildError::UnknownTarget { target, .. } => Some(format!(
                "`rustc --print target-list` lists the built-in targets; a custom target specification (`{target}.json`, on nightly) \
                 is found by its name when `RUST_TARGET_PATH` names its folder: add `RUST_TARGET_PATH = {{ value = \"<folder>\", relative = true }}` \
                 under `[env]` in .cargo/config.toml"
            )),
            BuildError::StdOnlyOnBareMetal { package, .. } => Some(format!(
                "`{package}` is the model of the regulation for build scripts, `cargo cra` and host tests: in [dependencies] name `cra-component` \
                 (`#![no_std]`, what `#[derive(CraComponent)]` and `embed_declaration!` need) and keep `{package}` in [dev-dependencies] for `declaration_tests!` (docs/build.md, \"Firmware\")"
            )),
            _ => None,
        }
    }

    /// The error in one line with its causes, as `what: cause: cause` (for the check report and
    /// SARIF, which show one message per error).
    pub fn with_causes(&self) -> String {
        let mut line = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(error) = cause {
            line.push_str(": ");
            line.push_str(error.to_string().trim_end());
            cause = error.source();
        }
        line
    }

    /// What a build script prints: each located mistake as rustc renders it, each validation
    /// error and strict-mode gap on its line, then `error:` with the summary and its causes, and
    /// `help:` where there is one.
    pub fn render(&self) -> String {
        use std::fmt::Write as _;
        let mut text = String::new();
        match self {
            BuildError::Source(errors) => errors.iter().for_each(|e| text.push_str(&e.render())),
            BuildError::Declaration(errors) => errors.iter().for_each(|e| {
                let _ = writeln!(text, "error: {}", e.text());
            }),
            BuildError::StrictGaps(gaps) => gaps.iter().for_each(|gap| {
                let _ = writeln!(text, "error: {}", strict_gap(gap));
            }),
            _ => {}
        }
        let _ = write!(text, "error: {}", self.with_causes());
        if let Some(help) = self.help() {
            let _ = write!(text, "\n  help: {help}");
        }
        text
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
