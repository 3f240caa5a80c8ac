//! What the generator reads from the environment Cargo gives build scripts, with the names read,
//! so that each gets its `cargo:rerun-if-env-changed` line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::diagnostics::BuildError;

/// The build-script environment.
#[derive(Debug, Clone, Default)]
pub struct BuildEnv {
    /// `CARGO_MANIFEST_DIR`.
    pub manifest_dir: PathBuf,
    /// `OUT_DIR`.
    pub out_dir: PathBuf,
    /// `CARGO_PKG_NAME`.
    pub package: String,
    /// `CARGO_PKG_VERSION`.
    pub version: String,
    /// Enabled features of the product, as Cargo spells them in `CARGO_FEATURE_*` (upper case,
    /// `-` as `_`).
    pub features: BTreeSet<String>,
    /// Target configuration from `CARGO_CFG_*`: lower-case key to values.
    pub cfg: BTreeMap<String, BTreeSet<String>>,
    /// `CARGO`: the Cargo that runs the build (`cargo` from `PATH` when unset).
    pub cargo: PathBuf,
    /// `TARGET`: the triple the product is built for.
    pub target: String,
    /// `CRA_REPORT_DIR`, if set: where `cargo cra check` wants the check report.
    pub report_dir: Option<PathBuf>,
    /// `SOURCE_DATE_EPOCH`, if set.
    pub source_date_epoch: Option<i64>,
    /// `PROFILE`: `release` for `--release` and the profiles that inherit from it, else
    /// `debug` (empty when Cargo does not say).
    pub profile: String,
    /// Variables that are not Cargo's own, read by name: they get `rerun-if-env-changed`.
    pub read: BTreeSet<String>,
}

impl BuildEnv {
    /// Reads the environment of the running build script.
    pub fn from_process() -> Result<BuildEnv, BuildError> {
        Self::from_vars(std::env::vars())
    }

    /// Reads an environment given as pairs (for tests).
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<BuildEnv, BuildError> {
        let vars: BTreeMap<String, String> = vars.into_iter().collect();
        let required = |name: &str| {
            vars.get(name).cloned().ok_or_else(|| {
                BuildError::Environment(format!(
                    "`{name}` is not set: the cra-rs generator runs from a build script under Cargo"
                ))
            })
        };
        let mut env = BuildEnv {
            manifest_dir: PathBuf::from(required("CARGO_MANIFEST_DIR")?),
            out_dir: PathBuf::from(required("OUT_DIR")?),
            package: required("CARGO_PKG_NAME")?,
            version: required("CARGO_PKG_VERSION")?,
            cargo: PathBuf::from(vars.get("CARGO").map_or("cargo", String::as_str)),
            target: required("TARGET")?,
            profile: vars.get("PROFILE").cloned().unwrap_or_default(),
            ..BuildEnv::default()
        };
        for (name, value) in &vars {
            if let Some(feature) = name.strip_prefix("CARGO_FEATURE_") {
                env.features.insert(feature.to_owned());
            } else if let Some(key) = name.strip_prefix("CARGO_CFG_") {
                let values = env.cfg.entry(key.to_ascii_lowercase()).or_default();
                values.extend(value.split(',').filter(|v| !v.is_empty()).map(str::to_owned));
            }
        }
        env.read.insert("SOURCE_DATE_EPOCH".into());
        env.read.insert("CRA_REPORT_DIR".into());
        // Set by `cargo cra build` and `check` to the day: the audit's age changes with it.
        env.read.insert("CRA_BUILD_DAY".into());
        env.report_dir = vars.get("CRA_REPORT_DIR").filter(|d| !d.is_empty()).map(PathBuf::from);
        env.source_date_epoch = match vars.get("SOURCE_DATE_EPOCH") {
            None => None,
            Some(text) => Some(text.trim().parse().map_err(|_| {
                BuildError::Environment(format!(
                    "`SOURCE_DATE_EPOCH` is `{text}`; expected seconds since 1970 as an integer"
                ))
            })?),
        };
        Ok(env)
    }
}

/// Cargo's spelling of a feature in `CARGO_FEATURE_*`.
pub fn feature_env_name(feature: &str) -> String {
    feature.to_ascii_uppercase().replace('-', "_")
}
