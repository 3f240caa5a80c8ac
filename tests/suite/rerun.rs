//! A product whose own build script reads git state, as ripgrep's embeds the commit hash in
//! `--version`: once the generator prints `rerun-if-changed`, Cargo no longer reruns the script
//! when any file of the package changes, and the hash goes stale; with
//! `Builder::watch_package(true)` it reruns as under Cargo's default (docs/build.md).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::fixtures::{METADATA, cargo, nested_target, workspace};

const DEFAULT: &str = "    cra_build::main();\n";
const WATCHING: &str = "    if let Err(error) = cra_build::Builder::new().watch_package(true).run() {\n        eprintln!(\"{error}\");\n        std::process::exit(1);\n    }\n";

/// The build script: the commit hash for the program, then the generator.
fn build_rs(generator: &str) -> String {
    format!(
        "fn main() {{\n    let head = std::process::Command::new(\"git\").args([\"rev-parse\", \"HEAD\"]).output().unwrap();\n    println!(\"cargo:rustc-env=GIT_HASH={{}}\", String::from_utf8(head.stdout).unwrap().trim());\n{generator}}}\n"
    )
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.test", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Edits the README (a file no build step reads) and commits it: the new HEAD.
fn commit_readme(dir: &Path, text: &str) -> String {
    std::fs::write(dir.join("README.md"), text).unwrap();
    git(dir, &["commit", "--quiet", "-am", text]);
    git(dir, &["rev-parse", "HEAD"])
}

/// `cargo run`: the hash the program was built with.
fn built_hash(dir: &Path) -> String {
    let output = Command::new(cargo())
        .args(["run", "--quiet", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", nested_target("cra-e2e"))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn product() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cra-git-hash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let build = workspace().join("cra-build").display().to_string();
    let manifest = format!(
        "[package]\nname = \"git-hash\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[build-dependencies]\ncra-build = {{ path = {build:?}, features = [\"in-process\"] }}\n\n[workspace]\n{METADATA}"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("build.rs"), build_rs(DEFAULT)).unwrap();
    std::fs::write(dir.join("src/main.rs"), "fn main() {\n    print!(\"{}\", env!(\"GIT_HASH\"));\n}\n").unwrap();
    std::fs::write(dir.join("README.md"), "one\n").unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    git(&dir, &["init", "--quiet"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "--quiet", "-m", "one"]);
    dir
}

#[test]
fn a_build_script_reading_the_git_hash_is_rerun_after_a_commit_with_watch_package() {
    let dir = product();
    let first = git(&dir, &["rev-parse", "HEAD"]);
    assert_eq!(built_hash(&dir), first);
    // The default: the generator's lines name only what it reads, so a commit that changes
    // only the README leaves the build script, and the hash, as they were.
    let second = commit_readme(&dir, "two\n");
    assert_ne!(second, first);
    assert_eq!(built_hash(&dir), first, "without watch_package the hash is stale: the case this option exists for");
    // With the option (the edit of build.rs reruns it once by itself) ...
    std::fs::write(dir.join("build.rs"), build_rs(WATCHING)).unwrap();
    git(&dir, &["commit", "--quiet", "-am", "watch the package"]);
    let third = git(&dir, &["rev-parse", "HEAD"]);
    assert_eq!(built_hash(&dir), third);
    // ... a commit that changes only the README reruns it, and the program has the new hash.
    let fourth = commit_readme(&dir, "four\n");
    assert_eq!(built_hash(&dir), fourth, "watch_package reruns the build script when a file of the package changes");
    let _ = std::fs::remove_dir_all(&dir);
}
