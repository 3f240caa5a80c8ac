//! The final SBOM of a built binary: the build-time SBOM with the product component's hashes
//! and file properties filled in.
//!
//! A build script runs before the product is linked, so the SBOM it writes cannot carry the
//! SHA-512 of the deployable that BSI TR-03183-2 asks for. After the build, `cargo cra build`
//! calls [`final_sbom`] with the binary; the result is the SBOM to publish with that binary.

use std::path::Path;

use super::diagnostics::BuildError;
use crate::digest::{hex, with_serial_number};

/// For each published crate of the SBOM whose `.crate` file is in Cargo's registry cache with
/// exactly the SHA-256 the SBOM records (Cargo.lock's checksum): that file's SHA-512, on the
/// component and on its distribution references (the hash of the deployable form TR-03183-2
/// asks for).
fn add_crate_sha512(document: &mut serde_json::Value) {
    use sha2::Digest;
    let Some(cache) = super::tree::cargo_home().map(|home| home.join("registry/cache")) else { return };
    for component in document["components"].as_array_mut().into_iter().flatten() {
        let (Some(name), Some(version)) = (component["name"].as_str(), component["version"].as_str()) else {
            continue;
        };
        let sha256 = component["hashes"].as_array().and_then(|hashes| {
            hashes.iter().find(|h| h["alg"] == "SHA-256").and_then(|h| h["content"].as_str()).map(str::to_owned)
        });
        let Some(sha256) = sha256 else { continue };
        let Some(file) = super::tree::registry_file(&cache, &format!("{name}-{version}.crate")) else { continue };
        let Ok(bytes) = std::fs::read(&file) else { continue };
        if hex(&sha2::Sha256::digest(&bytes)) != sha256 {
            continue;
        }
        let sha512 = serde_json::json!({ "alg": "SHA-512", "content": hex(&sha2::Sha512::digest(&bytes)) });
        if let Some(hashes) = component["hashes"].as_array_mut() {
            hashes.push(sha512.clone());
        }
        for reference in component["externalReferences"].as_array_mut().into_iter().flatten() {
            if matches!(reference["type"].as_str(), Some("distribution" | "source-distribution"))
                && let Some(hashes) = reference["hashes"].as_array_mut()
            {
                hashes.push(sha512.clone());
            }
        }
    }
}

/// The build-time SBOM `build_sbom` (JSON) completed for `binary`: the product component gets
/// the SHA-512 and SHA-256 of the file, its file name and the TR-03183-2 properties of an
/// executable; libraries that have no published file of their own (path packages) get the same
/// file name and hashes, because they are delivered only inside it; the document gets a new
/// serial number (its content changed).
pub fn final_sbom(build_sbom: &str, binary: &Path) -> Result<String, BuildError> {
    use sha2::Digest;
    let mut document: serde_json::Value =
        serde_json::from_str(build_sbom).map_err(|source| BuildError::Json { what: "the build-time SBOM", source })?;
    let bytes = std::fs::read(binary).map_err(|e| BuildError::io(binary, e))?;
    let file_name = binary.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let component = &mut document["metadata"]["component"];
    component["hashes"] = serde_json::json!([
        { "alg": "SHA-512", "content": hex(&sha2::Sha512::digest(&bytes)) },
        { "alg": "SHA-256", "content": hex(&sha2::Sha256::digest(&bytes)) },
    ]);
    let mut properties: Vec<serde_json::Value> = component["properties"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| !p["name"].as_str().is_some_and(|n| n.starts_with("bsi:component:")))
        .collect();
    properties.extend([
        serde_json::json!({ "name": "bsi:component:archive", "value": "false" }),
        serde_json::json!({ "name": "bsi:component:executable", "value": "true" }),
        serde_json::json!({ "name": "bsi:component:filename", "value": file_name }),
        serde_json::json!({ "name": "bsi:component:structured", "value": "false" }),
    ]);
    properties.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    component["properties"] = serde_json::Value::Array(properties);
    let hashes = component["hashes"].clone();
    add_crate_sha512(&mut document);
    // A library with no published form of its own (the manufacturer's path packages) is
    // delivered only inside this binary: the binary is its deployable form.
    for library in document["components"].as_array_mut().into_iter().flatten() {
        let named =
            library["properties"].as_array().is_some_and(|p| p.iter().any(|p| p["name"] == "bsi:component:filename"));
        if named || library["hashes"].as_array().is_some_and(|h| !h.is_empty()) {
            continue;
        }
        library["hashes"] = hashes.clone();
        if let Some(properties) = library["properties"].as_array_mut() {
            properties.insert(0, serde_json::json!({ "name": "bsi:component:filename", "value": file_name }));
        }
    }
    Ok(with_serial_number(document))
}
