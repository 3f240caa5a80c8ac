//! Running Cargo on the product, shared by `cargo cra build` and `check`: the workspace's
//! metadata, which member is the product, the generator and the day offered to its build
//! script, Cargo's stderr without the generator's own warnings (printed once, from the report),
//! and what a command prints and exits with.

use std::process::Command;

/// Lets the product's build script (cra-build) run this program as its generator, unless
/// `CRA_GENERATOR` already names one: `cargo cra build` and `cargo cra check` then work with no
/// `cargo-cra` on `PATH`, and with the version that runs them.
pub fn offer_generator(command: &mut Command) {
    if std::env::var_os("CRA_GENERATOR").is_none_or(|set| set.is_empty())
        && let Ok(program) = std::env::current_exe()
    {
        command.env("CRA_GENERATOR", program);
    }
}

/// Lets the generator rerun once a day under `cargo cra build` and `check`
/// (`rerun-if-env-changed=CRA_BUILD_DAY`): the age of the audit evidence (Annex I Part I(2)(a))
/// changes with the day even when no file does.
pub fn offer_build_day(command: &mut Command) {
    if std::env::var_os("CRA_BUILD_DAY").is_none() {
        let day = jiff::tz::Offset::UTC.to_datetime(jiff::Timestamp::now()).date();
        command.env("CRA_BUILD_DAY", day.to_string());
    }
}

/// Cargo's output without the build script's `cra:` warnings, which `cargo cra` prints once
/// itself from the check report.
pub fn without_cra_warnings(stderr: &str) -> String {
    let mut kept = String::new();
    for line in stderr.lines() {
        if !(line.starts_with("warning: ") && line.contains(": cra: ")) {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

/// The workspace members called `package`, as `cargo metadata` describes them.
fn members_named<'a>(metadata: &'a serde_json::Value, package: &str) -> Vec<&'a serde_json::Value> {
    let members: Vec<&str> =
        metadata["workspace_members"].as_array().into_iter().flatten().filter_map(serde_json::Value::as_str).collect();
    metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["name"].as_str() == Some(package))
        .filter(|p| p["id"].as_str().is_some_and(|id| members.contains(&id)))
        .collect()
}

/// The manifest of the workspace member `package`, from `cargo metadata`.
pub fn manifest_path(metadata: &serde_json::Value, package: &str) -> Option<std::path::PathBuf> {
    members_named(metadata, package).first()?["manifest_path"].as_str().map(std::path::PathBuf::from)
}

/// The package ID of the workspace member called `package`, for Cargo's `-p`: a name alone is
/// ambiguous when a registry crate of the same name is in the graph (a fork built as a
/// product). Anything else (a spec with a version or a URL, a name no member has) is passed on
/// as written, for Cargo to judge.
pub fn member_spec(metadata: &serde_json::Value, package: &str) -> String {
    let ids: Vec<&str> = members_named(metadata, package).iter().filter_map(|p| p["id"].as_str()).collect();
    match ids.as_slice() {
        [id] => (*id).to_owned(),
        _ => package.to_owned(),
    }
}

/// `cargo metadata --no-deps` of the workspace of the current directory.
pub fn metadata(cargo: &str) -> Result<serde_json::Value, String> {
    let output = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1", "--offline"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    serde_json::from_slice(&output.stdout)
        .map_err(|_| format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr).trim()))
}

/// What to print and the exit status.
pub struct Outcome {
    /// The output.
    pub text: String,
    /// 0, 1 or 2.
    pub status: u8,
}

/// The package whose manifest `cargo locate-project` finds from the current directory; in a
/// virtual workspace root, the one default member with `[package.metadata.cra]` (as `cargo cra
/// build` finds the one package that writes a declaration).
pub fn current_package(cargo: &str, metadata: &serde_json::Value) -> Result<String, String> {
    let output = Command::new(cargo)
        .args(["locate-project", "--message-format", "plain"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let manifest = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    if let Some(name) = packages
        .iter()
        .find(|p| p["manifest_path"].as_str() == Some(manifest.as_str()))
        .and_then(|p| p["name"].as_str().map(str::to_owned))
    {
        return Ok(name);
    }
    let members: Vec<&str> = metadata["workspace_default_members"]
        .as_array()
        .or_else(|| metadata["workspace_members"].as_array())
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .collect();
    let products: Vec<String> = packages
        .iter()
        .filter(|p| p["id"].as_str().is_some_and(|id| members.contains(&id)) && !p["metadata"]["cra"].is_null())
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    match products.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!(
            "no package at {manifest} and no workspace member with `[package.metadata.cra]`: run `cargo cra init` in the product's crate, or choose it with -p"
        )),
        several => Err(format!(
            "the workspace has several products ({}): choose one with -p (hint: `cargo cra check -p {}`)",
            several.join(", "),
            several[0]
        )),
    }
}
