//! The Rust sources a compilation read, from rustc's dep-info (`.d`) files: the reference the
//! generator's module walker is compared with. Also compiles a crate for its dep-info with
//! rustc alone (no Cargo, no network), `cra_derive` replaced by a stub that expands to nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `.rs` files listed in a dep-info file (rustc's, or Cargo's `target/*/name.d`): every
/// prerequisite of every rule, unescaped (`\ ` is a space).
pub fn rust_sources(dep_info: &Path) -> BTreeSet<PathBuf> {
    let text = std::fs::read_to_string(dep_info).unwrap_or_else(|e| panic!("{}: {e}", dep_info.display()));
    let joined = text.replace("\\\n", " ");
    let mut sources = BTreeSet::new();
    for line in joined.lines().filter(|l| !l.starts_with('#')) {
        let Some(prerequisites) = rule_prerequisites(line) else { continue };
        sources.extend(
            split_escaped(prerequisites)
                .into_iter()
                .map(PathBuf::from)
                .filter(|p| p.extension().is_some_and(|e| e == "rs")),
        );
    }
    sources
}

/// What follows the first unescaped `:` that ends a target (followed by a space or the end).
fn rule_prerequisites(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find_map(|i| {
        let escaped = i > 0 && bytes[i - 1] == b'\\';
        let ends_target = bytes[i] == b':' && !escaped && (i + 1 == bytes.len() || bytes[i + 1] == b' ');
        ends_target.then(|| &line[i + 1..])
    })
}

/// Splits on spaces that are not escaped, and unescapes `\ ` and `\\`.
fn split_escaped(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some(' ' | '\\')) => word.extend(chars.next()),
            ' ' | '\t' => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// `$RUSTC`, else `rustc` from `PATH`.
pub fn rustc() -> String {
    std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into())
}

/// The host's target triple, from `rustc -vV`.
pub fn host_triple() -> String {
    let output = Command::new(rustc()).arg("-vV").output().expect("rustc runs");
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().find_map(|l| l.strip_prefix("host: ")).expect("rustc -vV names the host").to_owned()
}

/// The `CARGO_CFG_*` variables Cargo would give a build script for the host, from
/// `rustc --print cfg` (values of one name joined by commas, as Cargo does).
pub fn host_cfg_vars() -> Vec<(String, String)> {
    let output = Command::new(rustc()).args(["--print", "cfg"]).output().expect("rustc runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut vars: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let (name, value) = match line.split_once('=') {
            Some((name, value)) => (name, Some(value.trim_matches('"').to_owned())),
            None => (line, None),
        };
        let values = vars.entry(format!("CARGO_CFG_{}", name.to_ascii_uppercase())).or_default();
        values.extend(value);
    }
    vars.into_iter().map(|(name, values)| (name, values.join(","))).collect()
}

/// Compiles a stub `cra_derive` proc-macro (the derive and its `cra` attribute expand to
/// nothing) into `dir`, and returns the library's path.
pub fn stub_cra_derive(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let source = dir.join("cra_derive_stub.rs");
    std::fs::write(
        &source,
        "extern crate proc_macro;\n#[proc_macro_derive(CraComponent, attributes(cra))]\npub fn derive(_: proc_macro::TokenStream) -> proc_macro::TokenStream { proc_macro::TokenStream::new() }\n",
    )
    .unwrap();
    let status = Command::new(rustc())
        .args(["--crate-type", "proc-macro", "--crate-name", "cra_derive", "--edition", "2021", "--out-dir"])
        .arg(dir)
        .arg(&source)
        .status()
        .expect("rustc runs");
    assert!(status.success(), "the stub derive compiles");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_stem().is_some_and(|s| s.to_string_lossy().starts_with("libcra_derive") || s == "cra_derive")
                && p.extension().is_some_and(|e| e == "so" || e == "dylib" || e == "dll")
        })
        .expect("the stub derive library")
}

/// Runs `rustc --emit=dep-info` on a library crate root with the given `--cfg`s and
/// `--extern`s, writing `out`; panics with rustc's errors if it fails.
pub fn rustc_dep_info(root: &Path, crate_name: &str, cfgs: &[&str], externs: &[(&str, &Path)], out: &Path) {
    let mut command = Command::new(rustc());
    command.args(["--edition", "2024", "--crate-type", "lib", "--crate-name", crate_name, "--emit=dep-info", "-o"]);
    command.arg(out);
    for cfg in cfgs {
        command.args(["--cfg", cfg]);
    }
    for (name, path) in externs {
        command.arg("--extern").arg(format!("{name}={}", path.display()));
    }
    let output = command.arg(root).output().expect("rustc runs");
    assert!(output.status.success(), "rustc fails on {}:\n{}", root.display(), String::from_utf8_lossy(&output.stderr));
}

#[test]
fn dep_info_rules_are_read_with_escapes_and_continuations() {
    let dir = std::env::temp_dir().join(format!("cra-depinfo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("x.d");
    std::fs::write(
        &file,
        "out.d: /a/lib.rs /a/my\\ dir/b.rs \\\n /a/c.rs /a/notes.md\n\n/a/lib.rs:\n/a/my\\ dir/b.rs:\n\n# env-dep:X=1\n",
    )
    .unwrap();
    let found: Vec<PathBuf> = rust_sources(&file).into_iter().collect();
    assert_eq!(found, [PathBuf::from("/a/c.rs"), PathBuf::from("/a/lib.rs"), PathBuf::from("/a/my dir/b.rs")]);
    let _ = std::fs::remove_dir_all(&dir);
}
