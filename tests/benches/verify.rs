//! Speed of `cargo cra verify` (evidence re-hashing) against `sha256sum` on the same files, in the
//! same run: 1,000 evidence files of 1 MB (1 GB; page cache warm after the first round).
//!
//! Run: `cargo bench -p cra-tests --bench verify` (`CRA_BENCH_ROUNDS` sets the rounds). Target:
//! at most 1.5 × `sha256sum`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use cra_core::declaration::Component;
use cra_core::evidence::{Evidence, EvidenceKind, Location, PackageRoot, Sha256};

mod common;
use common::median;

const FILES: usize = 1000;
const SIZE: usize = 1 << 20;

/// Writes the files and a declaration whose components name them with their true digests.
fn setup(root: &Path) -> (cra_core::Declaration, Vec<PathBuf>) {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/firewall-appliance/expected/firewall-appliance.declaration.json"),
    )
    .unwrap();
    let mut declaration = cra_core::read::declaration_from_json(&text).unwrap().value;
    let template: Component = declaration.components[0].clone();
    declaration.components.clear();
    let mut files = Vec::new();
    std::fs::create_dir_all(root.join("evidence")).unwrap();
    for i in 0..FILES {
        let relative = format!("evidence/report-{i:04}.bin");
        let path = root.join(&relative);
        if std::fs::metadata(&path).map(|m| m.len()).ok() != Some(SIZE as u64) {
            let bytes: Vec<u8> =
                (0..SIZE).map(|b| (b.wrapping_mul(31).wrapping_add(i) % 251).to_le_bytes()[0]).collect();
            std::fs::write(&path, bytes).unwrap();
        }
        let digest = {
            use sha2::Digest;
            let bytes = std::fs::read(&path).unwrap();
            sha2::Sha256::digest(&bytes).iter().fold(String::new(), |mut hex, b| {
                use std::fmt::Write;
                let _ = write!(hex, "{b:02x}");
                hex
            })
        };
        let mut component = template.clone();
        component.name = format!("component-{i:04}");
        component.claims = vec![cra_core::Claim::Addressed {
            requirement: cra_core::RequirementId::I2f,
            evidence: vec![Evidence {
                kind: EvidenceKind::TestReport,
                location: Location::Path(relative),
                sha256: Some(Sha256::try_from(digest).unwrap()),
                package: Some(PackageRoot { name: "bench".into(), root: ".".into() }),
            }],
        }];
        declaration.components.push(component);
        files.push(path);
    }
    (declaration, files)
}

fn main() {
    let rounds: usize = std::env::var("CRA_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let root = std::env::temp_dir().join("cra-verify-bench");
    let (declaration, files) = setup(&root);
    let mut ours = Vec::new();
    let mut reference = Vec::new();
    for _ in 0..rounds {
        let started = Instant::now();
        let changes = cra_core::build::verify_evidence(&declaration, &root);
        ours.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(changes.is_empty(), "{changes:?}");
        let started = Instant::now();
        let output = Command::new("sha256sum").args(&files).output().unwrap();
        reference.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(output.status.success());
    }
    let (ours, reference) = (median(ours), median(reference));
    println!("verify benchmark: {FILES} evidence files of 1 MB, median of {rounds} rounds");
    println!("cra-rs verify_evidence:  {ours:8.1} ms");
    println!("sha256sum, same files:   {reference:8.1} ms");
    println!("ratio:                   {:8.2} x  (target <= 1.5 x)", ours / reference);
}
