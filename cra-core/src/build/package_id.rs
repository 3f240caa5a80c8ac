//! The product's package ID spec, for every Cargo command the generator runs.
//!
//! `name@version` is ambiguous as soon as another package of the same name and version is in
//! the lock file: a fork or a patched copy built as a product while the registry's copy is a
//! dependency of its graph. Cargo then refuses the spec ("specification `itoa@1.0.19` is
//! ambiguous"). The full spec `path+file:///dir#name@version` names one package. A build script
//! knows the product's directory (`CARGO_MANIFEST_DIR`), so the spec is made here without
//! running `cargo pkgid`, byte for byte as Cargo writes the directory's URL (the `url` crate's
//! `Url::from_file_path`), which is what Cargo compares a spec's URL with.

use std::fmt::Write;
use std::path::{Component, Path, Prefix};

/// `path+file://<dir as a URL>#name@version`, the spec `cargo pkgid` prints for the package in
/// `dir`; `None` when `dir` is not absolute or is a Windows path with no drive letter (UNC),
/// where the caller falls back to `name@version`.
pub(crate) fn path_package_spec(dir: &Path, name: &str, version: &str) -> Option<String> {
    Some(format!("path+{}#{name}@{version}", file_url(dir)?))
}

/// `file:///…` of an absolute directory, each path segment percent-encoded with the set
/// `Url::from_file_path` uses (controls, space, `"`, `#`, `%`, `<`, `>`, `?`, `` ` ``, `{`,
/// `}`, `/`, `\` and every byte outside ASCII). Encoding more (say `!`) would name another URL:
/// Cargo compares URLs as written, without normalizing escapes.
fn file_url(dir: &Path) -> Option<String> {
    if !dir.is_absolute() {
        return None;
    }
    let mut url = String::from("file://");
    let mut segments = 0;
    for component in dir.components() {
        match component {
            Component::Prefix(prefix) => match prefix.kind() {
                Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => {
                    let _ = write!(url, "/{}:", char::from(letter));
                }
                _ => return None,
            },
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir => return None,
            Component::Normal(segment) => {
                url.push('/');
                encode_segment(segment.as_encoded_bytes(), &mut url);
                segments += 1;
            }
        }
    }
    if segments == 0 && !url.ends_with(':') {
        url.push('/');
    }
    Some(url)
}

fn encode_segment(bytes: &[u8], out: &mut String) {
    for &byte in bytes {
        let escaped = !(0x20..0x7f).contains(&byte)
            || matches!(byte, b' ' | b'"' | b'#' | b'%' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}' | b'/' | b'\\');
        if escaped {
            let _ = write!(out, "%{byte:02X}");
        } else {
            out.push(char::from(byte));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_each_segment_as_url_from_file_path_does() {
        let spec = |dir: &str| path_package_spec(Path::new(dir), "itoa", "1.0.19");
        assert_eq!(spec("/src/fork").as_deref(), Some("path+file:///src/fork#itoa@1.0.19"));
        assert_eq!(
            spec("/tmp/my dir ü/50%#x{y}?").as_deref(),
            Some("path+file:///tmp/my%20dir%20%C3%BC/50%25%23x%7By%7D%3F#itoa@1.0.19")
        );
        assert_eq!(spec("/a/!$&'()*+,;=:@[]~-._").as_deref(), Some("path+file:///a/!$&'()*+,;=:@[]~-._#itoa@1.0.19"));
        assert_eq!(spec("relative/dir"), None);
    }

    /// Cargo itself agrees: for directories with spaces, non-ASCII letters, URL delimiters and a
    /// last component other than the package name, `cargo pkgid` prints the same spec.
    #[test]
    fn cargo_pkgid_prints_the_same_spec() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let root = std::env::temp_dir().join(format!("cra-pkgid-{}", std::process::id()));
        for (i, folder) in ["plain", "with space ü", "50% #1 {x} ?q `b` \"d\""].iter().enumerate() {
            let dir = root.join(folder);
            std::fs::create_dir_all(dir.join("src")).unwrap();
            let manifest =
                "[package]\nname = \"pkgid-probe\"\nversion = \"0.3.1\"\nedition = \"2021\"\n\n[workspace]\n";
            std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
            std::fs::write(dir.join("src/lib.rs"), "").unwrap();
            // A package without dependencies: its lock file needs no registry.
            std::fs::write(
                dir.join("Cargo.lock"),
                "version = 4\n\n[[package]]\nname = \"pkgid-probe\"\nversion = \"0.3.1\"\n",
            )
            .unwrap();
            let output = std::process::Command::new(&cargo)
                .args(["pkgid", "--offline", "--quiet", "--manifest-path"])
                .arg(dir.join("Cargo.toml"))
                .output()
                .unwrap();
            assert!(output.status.success(), "{i}: {}", String::from_utf8_lossy(&output.stderr));
            let printed = String::from_utf8(output.stdout).unwrap();
            assert_eq!(path_package_spec(&dir, "pkgid-probe", "0.3.1").as_deref(), Some(printed.trim()), "{folder}");
        }
        let _ = std::fs::remove_dir_all(&root);
    }
}
