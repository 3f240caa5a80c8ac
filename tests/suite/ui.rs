//! Compile-fail and pass cases of `#[derive(CraComponent)]`, grouped by family: each file is one
//! compile holding several cases, which keeps the suite fast on 2 cores.
//!
//! The `.stderr` files were written for the compiler named in `ui/RUSTC_VERSION`; compiler
//! releases change how diagnostics are rendered. On another compiler the test prints why and
//! skips, so `cargo test --workspace` stays green for a newcomer whose toolchain differs; with
//! `CI` set (`.ci/run` sets it) it fails instead, so CI never loses these cases silently.
//! Regenerate with `TRYBUILD=overwrite` and review every caret.

use std::process::Command;

#[test]
fn ui() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pinned = std::fs::read_to_string(root.join("ui/RUSTC_VERSION")).unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(rustc).arg("--version").output().expect("rustc runs");
    let actual = String::from_utf8_lossy(&output.stdout);
    if !actual.starts_with(pinned.trim()) {
        let why = format!(
            "the UI expectations in tests/ui were written for `{}`, but this is `{}`; regenerate them with `TRYBUILD=overwrite cargo test -p cra-tests --test suite ui`, review each caret, and update tests/ui/RUSTC_VERSION",
            pinned.trim(),
            actual.trim()
        );
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("skipped: {why}");
        return;
    }
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
