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
