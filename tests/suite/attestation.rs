//! The declarations as CycloneDX 1.6 attestations (`cra_core::cdxa`): valid against the official
//! schema, signed (JSF) and unsigned; every requirement of Annex I mapped; every reference
//! resolving; a gap as counter-claim and counter-evidence; a draft affirming nothing, a complete
//! declaration affirmed by its signatory.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cra_core::cdxa;

use super::sbom::assert_valid_cyclonedx;

fn example_declaration(name: &str) -> (PathBuf, cra_core::Declaration) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join(format!("examples/{name}/expected/{name}.declaration.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    (path, cra_core::read::declaration_from_json(&text).unwrap().value)
}

fn collect_bom_refs(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(serde_json::Value::String(reference)) = object.get("bom-ref") {
                into.push(reference.clone());
            }
            object.values().for_each(|v| collect_bom_refs(v, into));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_bom_refs(v, into)),
        _ => {}
    }
}

fn refs(values: &serde_json::Value) -> Vec<String> {
    values.as_array().into_iter().flatten().map(|v| v.as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_declaration_is_a_valid_cyclonedx_attestation_with_every_requirement_claim_and_gap() {
    let (path, declaration) = example_declaration("door-lock-hub");
    let serial = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
    let document = cdxa::attestation(&declaration, Some((serial, 1)));
    assert_valid_cyclonedx(&document, &path);
    assert_eq!(document, cdxa::attestation(&declaration, Some((serial, 1))), "same declaration, same document");
    assert_eq!(document["externalReferences"][0]["url"], "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1");
    // Every bom-ref is unique in a BOM (the schema cannot say so).
    let mut bom_refs = Vec::new();
    collect_bom_refs(&document, &mut bom_refs);
    let unique: BTreeSet<&String> = bom_refs.iter().collect();
    assert_eq!(unique.len(), bom_refs.len(), "{bom_refs:?}");

    let standard = &document["definitions"]["standards"][0];
    let requirements: Vec<&str> =
        standard["requirements"].as_array().unwrap().iter().map(|r| r["identifier"].as_str().unwrap()).collect();
    assert_eq!(requirements.len(), cra_core::RequirementId::ALL.len());
    let declarations = &document["declarations"];
    let claims: BTreeSet<String> =
        declarations["claims"].as_array().unwrap().iter().map(|c| c["bom-ref"].as_str().unwrap().to_owned()).collect();
    let evidence: BTreeSet<String> = declarations["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["bom-ref"].as_str().unwrap().to_owned())
        .collect();
    let map = declarations["attestations"][0]["map"].as_array().unwrap();
    assert_eq!(map.len(), requirements.len(), "every requirement of Annex I is mapped");
    for entry in map {
        for claim in refs(&entry["claims"]).iter().chain(&refs(&entry["counterClaims"])) {
            assert!(claims.contains(claim), "{claim} resolves");
        }
    }
    for claim in declarations["claims"].as_array().unwrap() {
        for item in refs(&claim["evidence"]).iter().chain(&refs(&claim["counterEvidence"])) {
            assert!(evidence.contains(item), "{item} resolves");
        }
    }
    // The partial claim of ble-stack on I.2.h: a counter-claim, its counter-evidence says what
    // is missing, and the requirement's conformance is partial.
    let gap = map.iter().find(|m| m["requirement"] == "cra:I.2.h").unwrap();
    assert_eq!(refs(&gap["counterClaims"]), ["claim:ble-stack:I.2.h"]);
    assert_eq!(gap["conformance"]["score"], 0.5);
    let counter = declarations["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["bom-ref"] == "counter-evidence:claim:ble-stack:I.2.h")
        .unwrap();
    assert!(counter["description"].as_str().unwrap().contains("connection-flood resilience test"));
    // The product's own risk assessment makes I.2.g not applicable: a claim on the product.
    let product_claim =
        declarations["claims"].as_array().unwrap().iter().find(|c| c["bom-ref"] == "claim:product:I.2.g").unwrap();
    assert_eq!(product_claim["target"], "product");
    // Evidence carries its digest; the draft affirms nothing.
    assert!(
        declarations["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["description"].as_str().unwrap().contains("SHA-256 "))
    );
    assert!(declarations["affirmation"]["statement"].as_str().unwrap().starts_with("DRAFT"));
    assert!(declarations["affirmation"]["signatories"].as_array().unwrap().is_empty());

    // A complete declaration is affirmed by its signatory.
    let (path, complete) = example_declaration("thermostat");
    let document = cdxa::attestation(&complete, None);
    assert_valid_cyclonedx(&document, &path);
    let affirmation = &document["declarations"]["affirmation"];
    assert!(affirmation["statement"].as_str().unwrap().contains("declares under its sole responsibility"));
    let signature = complete.signature.as_ref().unwrap();
    assert_eq!(affirmation["signatories"][0]["name"], signature.name.as_str());
    assert_eq!(affirmation["signatories"][0]["role"], signature.function.as_str());
    assert!(map.iter().all(|m| m["conformance"]["score"].as_f64().is_some()));
}

/// A signed attestation (JSF, Ed25519 and P-256 keys made by OpenSSL for the test) is still valid
/// CycloneDX 1.6, and verifies; a changed claim does not.
#[test]
fn a_signed_attestation_is_valid_cyclonedx_and_a_changed_claim_breaks_its_signature() {
    let (path, declaration) = example_declaration("door-lock-hub");
    let dir = std::env::temp_dir().join(format!("cra-attestation-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, algorithm) in [
        ("ed25519", &["-algorithm", "ed25519"][..]),
        ("p256", &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"][..]),
    ] {
        let key_file = dir.join(format!("{name}.pem"));
        let made = std::process::Command::new("openssl")
            .arg("genpkey")
            .args(algorithm)
            .arg("-out")
            .arg(&key_file)
            .output()
            .unwrap();
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
        let key = cra_core::sign::SigningKey::read(&key_file).unwrap();
        let mut document = cdxa::attestation(&declaration, None);
        cra_core::sign::jsf::sign(&mut document, &key).unwrap();
        assert_valid_cyclonedx(&document, &path);
        let verified = cra_core::sign::jsf::verify(document.clone(), Some(&key.public_key())).unwrap();
        assert_eq!(verified.key_id, key.public_key().key_id());
        document["declarations"]["claims"][0]["predicate"] = "Addresses everything".into();
        assert!(matches!(
            cra_core::sign::jsf::verify(document.clone(), None),
            Err(cra_core::sign::SignatureError::Invalid { .. })
        ));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
