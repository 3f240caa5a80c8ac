//! Signing a product's outputs (`cargo cra build --sign`): the key, from the command line or
//! from the environment variable the product's metadata names, and what is signed with it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cra_core::sign::{SigningKey, bundle, jsf};

/// The manifest key naming the environment variable that holds the key file's path.
const KEY_ENV: &str = "signing-key-env";

/// The signing key for `package`: `flag` if given, else the file the variable named by
/// `signing-key-env` points to. `Ok(None)` with a note when the metadata names a variable that
/// is not set (a developer's build is unsigned; a release job sets it), an error under
/// `strict` (a release job must not ship unsigned because a secret was missing).
pub fn signing_key(
    workspace: &serde_json::Value,
    package: Option<&str>,
    flag: Option<&Path>,
    strict: bool,
) -> Result<(Option<SigningKey>, String), String> {
    if let Some(path) = flag {
        return SigningKey::read(path).map(|key| (Some(key), String::new())).map_err(|e| e.to_string());
    }
    let Some(variable) = key_variable(workspace, package)? else { return Ok((None, String::new())) };
    match std::env::var_os(&variable).filter(|value| !value.is_empty()) {
        Some(path) => {
            let path = PathBuf::from(path);
            SigningKey::read(&path)
                .map(|key| (Some(key), String::new()))
                .map_err(|e| format!("{e} (the key file `{KEY_ENV} = \"{variable}\"` names)"))
        }
        None if strict => Err(format!(
            "`{variable}` ({KEY_ENV} in [package.metadata.cra]) is not set: --strict does not build unsigned; set it to the signing key file's path"
        )),
        None => Ok((None, format!("unsigned: `{variable}` ({KEY_ENV} in [package.metadata.cra]) is not set\n"))),
    }
}

/// Signs the outputs in `stable` (`target/cra/<package>/`): the SBOM and the attestation in
/// place (JSF), then the bundle of declaration, gap report, SBOM, attestation and documents
/// (DSSE). Returns the summary's lines.
pub fn sign_outputs(stable: &Path, key: &SigningKey) -> Result<String, String> {
    let sbom = stable.join("sbom.cdx.json");
    sign_json_file(&sbom, key)?;
    sign_json_file(&stable.join(cra_core::cdxa::FILE), key)?;
    let sealed = bundle::seal(stable, key).map_err(|e| e.to_string())?;
    let mut out = String::new();
    let _ =
        writeln!(out, "Signed:        {}, {} and {} file(s) in", sbom.display(), cra_core::cdxa::FILE, sealed.subjects);
    let _ = writeln!(out, "               {}", sealed.path.display());
    let _ = writeln!(out, "               with {} key `{}`", key.algorithm(), sealed.key_id);
    Ok(out)
}

/// Signs the CycloneDX document at `path` in place (JSF).
pub fn sign_json_file(path: &Path, key: &SigningKey) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let signed = jsf::sign_text(&text, key).map_err(|e| format!("cannot sign `{}`: {e}", path.display()))?;
    cra_core::write::file(path, signed.as_bytes()).map(|_| ()).map_err(|e| format!("{e}: {}", e.source))
}

/// The variable `signing-key-env` names, from the package's metadata, else the workspace's.
fn key_variable(workspace: &serde_json::Value, package: Option<&str>) -> Result<Option<String>, String> {
    let from_package = workspace["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| package.is_some_and(|name| p["name"] == name))
        .find_map(|p| p["metadata"]["cra"].get(KEY_ENV));
    let Some(value) = from_package.or_else(|| workspace["metadata"]["cra"].get(KEY_ENV)) else { return Ok(None) };
    let name = value.as_str().unwrap_or_default();
    let is_variable_name = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !is_variable_name {
        return Err(format!(
            "`{KEY_ENV}` in [package.metadata.cra] is {value}, not the name of an environment variable (e.g. `{KEY_ENV} = \"CRA_SIGNING_KEY\"`, whose value is the key file's path); a key never goes into the repository"
        ));
    }
    Ok(Some(name.to_owned()))
}
