//! What the benchmark binaries share. Each bench is a binary of its own and uses part of this
//! module, so an unused item in one of them is not dead code.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The Cargo that runs the benchmark.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The median of `values`.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The host's target triple.
pub fn host() -> String {
    let output = Command::new("rustc").arg("-vV").output().unwrap();
    String::from_utf8(output.stdout).unwrap().lines().find_map(|l| l.strip_prefix("host: ")).unwrap().to_owned()
}

/// Milliseconds of one run of `command`, which must succeed (exit 0 or 1: gaps are not failures
/// of the gate's cost).
pub fn timed(command: &mut Command) -> f64 {
    let started = Instant::now();
    let output = command.output().unwrap();
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "{:?}: {}{}",
        command,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
}

/// cargo-cra as users install it: the release profile, in the bench's own target folder.
pub fn build_cargo_cra(root: &Path) -> PathBuf {
    let target = root.join("target-cli");
    let status = Command::new(cargo())
        .args(["build", "-q", "--release", "--locked", "-p", "cargo-cra"])
        .current_dir(workspace())
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .unwrap();
    assert!(status.success());
    target.join("release").join(format!("cargo-cra{}", std::env::consts::EXE_SUFFIX))
}
