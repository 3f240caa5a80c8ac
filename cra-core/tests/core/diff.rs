//! What changed between two declarations, with the Art. 3(30) hint, and the snapshot check of
//! `declaration_tests!` naming the same changes.

use cra_core::diff;
use cra_core::evidence::Sha256;

use super::fixture::door_lock;

#[test]
fn a_changed_evidence_digest_and_intended_purpose_are_named_and_the_purpose_hints_art_3_30() {
    let before = door_lock();
    let mut after = door_lock();
    after.product.intended_purpose.push_str(", also for garage doors");
    let evidence = after.components.iter_mut().flat_map(|c| c.claims.iter_mut()).next().unwrap();
    if let cra_core::Claim::Addressed { evidence, .. } = evidence {
        evidence[0].sha256 = Some(Sha256::try_from("a".repeat(64)).unwrap());
    }
    let changes = diff::declarations(&before, &after);
    let shown: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert!(shown.iter().any(|c| c.starts_with("changed  product intended purpose:")), "{shown:#?}");
    assert!(
        shown.iter().any(|c| c.starts_with("changed  evidence lock-control / ") && c.ends_with(&"a".repeat(64))),
        "{shown:#?}"
    );
    let purpose = changes.iter().find(|c| c.subject == "intended purpose").unwrap();
    assert_eq!(purpose.hint, Some(diff::SUBSTANTIAL_HINT));
    assert!(diff::declarations(&before, &before).is_empty(), "no change, nothing listed");

    let dir = std::env::temp_dir().join(format!("cra-snapshot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("snapshot.json");
    std::fs::write(&path, before.to_json()).unwrap();
    let message = cra_core::testing::snapshot(&path, &after.to_json()).unwrap_err().to_string();
    assert!(message.contains("changed  product intended purpose"), "{message}");
    assert!(message.contains("CRA_BLESS=1"), "{message}");
    // No snapshot yet: said so, not "differs at line 1".
    let missing = dir.join("never-written.json");
    let message = cra_core::testing::snapshot(&missing, &after.to_json()).unwrap_err().to_string();
    assert!(message.contains("no snapshot yet") && message.contains("CRA_BLESS=1"), "{message}");
    assert!(!message.contains("line 1"), "{message}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// The diff sees the attack surface and the product's own state (Art. 3(30)): a new interface is
/// named and hinted; a claim that changes no product-level state, a new description and a new
/// `depends_on` are named without a hint; a cryptographic crate added is named, marked and
/// hinted, and a new version of one is marked but not hinted; the JSON carries the same.
#[test]
fn the_diff_names_the_attack_surface_and_hints_only_where_the_product_changed_art_3_30() {
    let before = door_lock();
    let mut after = door_lock();
    let updater = after.components.iter_mut().find(|c| c.name == "updater").unwrap();
    updater.interfaces.push(cra_core::declaration::Interface {
        name: "https-api".into(),
        description: "remote unlock over the internet".into(),
    });
    updater.description = "Downloads and installs signed updates, now also over HTTPS.".into();
    updater.depends_on.push("lock-control".into());
    // A second claim of a requirement the product already has addressed: no state changes.
    let lock = after.components.iter().find(|c| c.name == "lock-control").unwrap();
    let already = lock.claims[0].clone();
    after.components.iter_mut().find(|c| c.name == "updater").unwrap().claims.push(already.clone());
    assert_eq!(before.requirement_state(already.requirement()), after.requirement_state(already.requirement()));

    let changes = diff::declarations(&before, &after);
    let find = |kind: &str, subject: &str| {
        changes
            .iter()
            .find(|c| c.kind == kind && c.subject == subject)
            .unwrap_or_else(|| panic!("{kind} {subject}: {changes:#?}"))
    };
    let interface = find("interface", "updater / https-api");
    assert_eq!(
        (interface.before.as_deref(), interface.after.as_deref()),
        (None, Some("remote unlock over the internet"))
    );
    assert_eq!(interface.hint, Some(diff::SUBSTANTIAL_HINT), "a new attack surface");
    let claim = find("claim", &format!("updater / {}", already.requirement()));
    assert_eq!(claim.hint, None, "the product's state did not change");
    assert_eq!(find("description", "updater").hint, None);
    assert_eq!(find("depends_on", "updater").after.as_deref(), Some("lock-control"));
    assert!(!changes.iter().any(|c| c.kind == "requirement"), "{changes:#?}");

    let sbom = |crates: &[(&str, &str)]| {
        let components: Vec<serde_json::Value> =
            crates.iter().map(|(name, version)| serde_json::json!({ "name": name, "version": version })).collect();
        serde_json::json!({ "components": components })
    };
    let old = sbom(&[("serde", "1.0.200"), ("sha2", "0.10.8")]);
    let new = sbom(&[("serde", "1.0.201"), ("sha2", "0.10.9"), ("chacha20poly1305", "0.10.1"), ("reqwest", "0.12.0")]);
    let crates = diff::sboms(&old, &new);
    let of = |name: &str| crates.iter().find(|c| c.subject == name).unwrap();
    assert_eq!(
        (of("chacha20poly1305").role, of("chacha20poly1305").hint),
        (Some(diff::CrateRole::Cryptography), Some(diff::SUBSTANTIAL_HINT))
    );
    assert_eq!(
        (of("reqwest").role, of("reqwest").hint),
        (Some(diff::CrateRole::Network), Some(diff::SUBSTANTIAL_HINT))
    );
    assert_eq!(
        (of("sha2").role, of("sha2").hint),
        (Some(diff::CrateRole::Cryptography), None),
        "an update is no new surface"
    );
    assert_eq!((of("serde").role, of("serde").hint), (None, None));
    assert_eq!(of("chacha20poly1305").to_string(), "added    crate chacha20poly1305 (0.10.1) [cryptography]");
    let json = serde_json::to_value(of("chacha20poly1305")).unwrap();
    assert_eq!(json["role"], "cryptography");
    assert!(json["hint"].as_str().unwrap().contains("Art. 3(30)"));
}
