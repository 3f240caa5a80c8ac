//! What signing costs: `cargo cra build --sign` against `cargo cra build` of the door lock hub,
//! and `cargo cra verify` of the declaration with the signed SBOM, attestation and bundle against
//! the declaration alone, both warm (nothing to compile), alternating round by round in one run,
//! for an Ed25519 and a P-256 key (made by OpenSSL for the run).
//!
//! Run: `cargo bench -p cra-tests --bench signing` (`CRA_BENCH_ROUNDS` sets the rounds). Target:
//! signing and verifying add at most 10 %.

use std::path::Path;
use std::process::Command;

mod common;
use common::{build_cargo_cra, median, timed, workspace};

fn main() {
    let rounds: usize = std::env::var("CRA_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(9);
    let root = std::env::temp_dir().join("cra-signing-bench");
    std::fs::create_dir_all(&root).unwrap();
    let cargo_cra = build_cargo_cra(&root);
    let target = root.join("target-product");
    let out = target.join("cra/door-lock-hub");
    let cra = |args: &[&str]| {
        let mut command = Command::new(&cargo_cra);
        command.arg("cra").args(args).current_dir(workspace()).env("CARGO_TARGET_DIR", &target);
        command.env_remove("LOCKHUB_SIGNING_KEY");
        command
    };
    println!("signing benchmark: door lock hub, warm, median of {rounds} rounds each");
    for (kind, algorithm) in [
        ("ed25519", &["-algorithm", "ed25519"][..]),
        ("p256", &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"][..]),
    ] {
        let key = root.join(format!("{kind}.pem"));
        let made = Command::new("openssl").arg("genpkey").args(algorithm).arg("-out").arg(&key).status().unwrap();
        assert!(made.success());
        let key = key.to_str().unwrap().to_owned();
        // The first build compiles the product; not timed.
        timed(&mut cra(&["build", "-p", "door-lock-hub", "--sign", &key]));
        let (mut plain, mut signed) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            plain.push(timed(&mut cra(&["build", "-p", "door-lock-hub"])));
            signed.push(timed(&mut cra(&["build", "-p", "door-lock-hub", "--sign", &key])));
        }
        let path = |name: &str| out.join(name).to_str().unwrap().to_owned();
        let declaration = path("declaration.json");
        let signed_outputs = [path("sbom.cdx.json"), path("attestation.cdx.json"), path("bundle.dsse.json")];
        let (mut verify_plain, mut verify_signed) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            verify_plain.push(timed(&mut cra(&["verify", &declaration])));
            let mut args = vec!["verify", declaration.as_str()];
            args.extend(signed_outputs.iter().map(String::as_str));
            verify_signed.push(timed(&mut cra(&args)));
        }
        report(kind, "build", median(plain), median(signed));
        report(kind, "verify", median(verify_plain), median(verify_signed));
    }
    let _ = std::fs::remove_dir_all(Path::new(&target).join("cra"));
}

fn report(kind: &str, what: &str, plain: f64, signed: f64) {
    println!(
        "{kind:8} {what:7} unsigned {plain:8.1} ms, signed {signed:8.1} ms: +{:5.1} % (target <= 10 %)",
        (signed / plain - 1.0) * 100.0
    );
}
