//! The CSAF provider layout (CSAF 2.0 section 7.1) of the door lock hub's records, checked by
//! the tools a reader of a trusted provider uses: `gpg --verify` on every `.asc` with the
//! published public key alone, `sha256sum -c` and `sha512sum -c` on every hash file, and BSI's
//! validator on every document. The OpenPGP keys are made by gpg for the test; none is committed.

use std::path::{Path, PathBuf};
use std::process::Command;

use cra_core::vuln::openpgp::{OpenPgpError, OpenPgpKey};
use cra_core::vuln::provider::{self, ProviderError};
use cra_core::vuln::{self, CsafKind};

use super::vuln::{csaf_validator, declaration, records};

/// gpg with its own home folder, in batch mode, without passphrases.
fn gpg(home: &Path, args: &[&str]) -> std::process::Output {
    Command::new("gpg")
        .env("GNUPGHOME", home)
        .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", ""])
        .args(args)
        .output()
        .expect("gpg runs (Debian: gnupg; .ci/run installs it)")
}

/// A fresh gpg home with a signing key for `email` valid for `expiry`; returns the armored
/// secret key file and the key's fingerprint.
fn make_key(dir: &Path, email: &str, expiry: &str) -> (PathBuf, String) {
    let home = dir.join(format!("gnupg-{email}"));
    std::fs::create_dir_all(&home).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::PermissionsExt::set_mode(&mut std::fs::metadata(&home).unwrap().permissions(), 0o700);
    let made = gpg(&home, &["--quick-gen-key", &format!("Example Devices PSIRT <{email}>"), "ed25519", "sign", expiry]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let listed = String::from_utf8(gpg(&home, &["--with-colons", "--list-keys", email]).stdout).unwrap();
    let fingerprint = listed.lines().find_map(|l| l.strip_prefix("fpr:")).unwrap().trim_matches(':').to_owned();
    if email.starts_with("revoked") {
        // gpg made a revocation certificate with the key; importing it revokes the key.
        let certificate = home.join("revoke.asc");
        let text = std::fs::read_to_string(home.join(format!("openpgp-revocs.d/{fingerprint}.rev"))).unwrap();
        std::fs::write(&certificate, text.replace(":-----BEGIN", "-----BEGIN")).unwrap();
        assert!(gpg(&home, &["--import", certificate.to_str().unwrap()]).status.success());
    }
    let secret = gpg(&home, &["--armor", "--export-secret-keys", email]);
    let path = dir.join(format!("{email}.asc"));
    std::fs::write(&path, secret.stdout).unwrap();
    (path, fingerprint)
}

/// Every file under `dir`, by its path relative to it.
fn files_under(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(folder).unwrap().flatten() {
            if entry.path().is_dir() {
                pending.push(entry.path());
            } else {
                files.push(entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_csaf_provider_layout_verifies_with_gpg_and_sha_sums_and_every_document_is_valid() {
    let scratch = std::env::temp_dir().join(format!("cra-csaf-provider-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let now = jiff::Timestamp::now().as_second();
    let (key_file, fingerprint) = make_key(&scratch, "psirt@devices.example", "1y");
    let key = OpenPgpKey::read(&key_file, now).unwrap();
    assert_eq!(key.fingerprint(), fingerprint, "the fingerprint gpg gives");

    let declaration = declaration();
    let base = declaration.vulnerability_handling.advisories_url.clone().unwrap();
    let out = scratch.join("provider");
    let mut documents = Vec::new();
    for record in records() {
        let pair: Vec<serde_json::Value> = [CsafKind::SecurityAdvisory, CsafKind::Vex]
            .into_iter()
            .map(|kind| vuln::csaf(&record, &declaration, kind).unwrap())
            .collect();
        // Record after record into one folder, as a provider publishes them over time.
        provider::publish(&out, &pair, &base, &key).unwrap();
        documents.extend(pair);
    }

    // Only the published public key, in an empty keyring, verifies every signature.
    let reader = scratch.join("reader");
    std::fs::create_dir_all(&reader).unwrap();
    let public = out.join(format!("openpgp/{fingerprint}.asc"));
    assert!(gpg(&reader, &["--import", public.to_str().unwrap()]).status.success());
    let files = files_under(&out);
    let published: Vec<&String> = files
        .iter()
        .filter(|f| Path::new(f).extension().is_some_and(|e| e == "json") && f.matches('/').count() == 2)
        .collect();
    assert_eq!(published.len(), documents.len(), "{files:?}");
    for file in &published {
        for suffix in [".asc", ".sha256", ".sha512"] {
            assert!(files.contains(&format!("{file}{suffix}")), "{file}{suffix} in {files:?}");
        }
        let path = out.join(file);
        let verified = gpg(&reader, &["--verify", &format!("{}.asc", path.display()), path.to_str().unwrap()]);
        assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
        let folder = path.parent().unwrap();
        for (tool, suffix) in [("sha256sum", ".sha256"), ("sha512sum", ".sha512")] {
            let name = format!("{}{suffix}", path.file_name().unwrap().to_string_lossy());
            let checked = Command::new(tool).args(["-c", &name]).current_dir(folder).output().unwrap();
            assert!(checked.status.success(), "{tool} {name}: {}", String::from_utf8_lossy(&checked.stdout));
        }
    }
    // index.txt and changes.csv of each TLP folder name every document there, newest first.
    let metadata: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("provider-metadata.json")).unwrap()).unwrap();
    assert_eq!(metadata["role"], "csaf_trusted_provider");
    assert_eq!(metadata["public_openpgp_keys"][0]["fingerprint"], fingerprint.as_str());
    assert_eq!(metadata["canonical_url"], format!("{base}/provider-metadata.json"));
    for distribution in metadata["distributions"].as_array().unwrap() {
        let tlp = distribution["directory_url"].as_str().unwrap().trim_end_matches('/').rsplit('/').next().unwrap();
        let index = std::fs::read_to_string(out.join(tlp).join("index.txt")).unwrap();
        let in_folder: Vec<String> =
            published.iter().filter_map(|f| f.strip_prefix(&format!("{tlp}/")).map(str::to_owned)).collect();
        assert_eq!(index.lines().collect::<Vec<_>>(), in_folder.iter().map(String::as_str).collect::<Vec<_>>());
        let changes = std::fs::read_to_string(out.join(tlp).join("changes.csv")).unwrap();
        let dates: Vec<&str> = changes.lines().map(|l| l.rsplit(',').next().unwrap()).collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first: {changes}");
        assert_eq!(changes.lines().count(), in_folder.len());
    }
    // BSI's validator on every published document.
    let paths: Vec<PathBuf> = published.iter().map(|f| out.join(f)).collect();
    if let Some(results) = csaf_validator(&paths) {
        for (file, valid, findings) in results {
            assert!(valid, "{file}: {findings:?}");
        }
    }
    // The same records again: the same documents and hashes, byte for byte.
    let before: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    provider::publish(&out, &documents[..2], &base, &key).unwrap();
    assert_eq!(before, paths.iter().map(|p| std::fs::read(p).unwrap()).collect::<Vec<_>>());

    a_document_published_under_another_year_moves(&out, &documents, &base, &key);

    // One changed byte: gpg and sha256sum say so.
    let first = &paths[0];
    let mut bytes = std::fs::read(first).unwrap();
    bytes[10] = if bytes[10] == b' ' { b'\t' } else { b' ' };
    std::fs::write(first, bytes).unwrap();
    let tampered = gpg(&reader, &["--verify", &format!("{}.asc", first.display()), first.to_str().unwrap()]);
    assert!(!tampered.status.success() && String::from_utf8_lossy(&tampered.stderr).contains("BAD signature"));
    let name = format!("{}.sha256", first.file_name().unwrap().to_string_lossy());
    assert!(
        !Command::new("sha256sum")
            .args(["-c", &name])
            .current_dir(first.parent().unwrap())
            .output()
            .unwrap()
            .status
            .success()
    );

    // A document without its canonical URL under the provider's base URL.
    let without_base = scratch.join("without-base");
    let mut unpublishable = documents[0].clone();
    unpublishable["document"]["references"] = serde_json::json!([]);
    assert!(matches!(
        provider::publish(&without_base, &[unpublishable], &base, &key),
        Err(ProviderError::NoCanonicalUrl { .. })
    ));
    std::fs::remove_dir_all(&scratch).unwrap();
}

/// A document published once more under another year moves there: its old copy, hashes and
/// signature go, and the index names it once. Publishes the document as it was again after.
fn a_document_published_under_another_year_moves(
    out: &Path,
    documents: &[serde_json::Value],
    base: &str,
    key: &OpenPgpKey,
) {
    let mut moved = documents[0].clone();
    let old_url = moved["document"]["references"][0]["url"].as_str().unwrap().to_owned();
    let (old_year, name) = {
        let mut parts = old_url.rsplit('/');
        let name = parts.next().unwrap().to_owned();
        (parts.next().unwrap().to_owned(), name)
    };
    moved["document"]["references"][0]["url"] = old_url.replace(&format!("/{old_year}/"), "/2099/").into();
    provider::publish(out, &[moved], base, key).unwrap();
    let after = files_under(out);
    assert_eq!(after.iter().filter(|f| f.ends_with(&format!("/{name}"))).count(), 1, "{after:?}");
    assert!(!after.iter().any(|f| f.contains(&format!("/{old_year}/{name}"))), "{after:?}");
    let tlp = old_url.trim_start_matches(&format!("{base}/")).split('/').next().unwrap().to_owned();
    let index = std::fs::read_to_string(out.join(&tlp).join("index.txt")).unwrap();
    assert_eq!(index.lines().filter(|l| l.ends_with(&format!("/{name}"))).count(), 1, "{index}");
    provider::publish(out, &documents[..1], base, key).unwrap();
}

/// An expired, a revoked and a non-key file are refused, each naming the file and what to do.
#[test]
fn openpgp_keys_that_must_not_sign_advisories_are_refused_naming_the_file() {
    let scratch = std::env::temp_dir().join(format!("cra-openpgp-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let now = jiff::Timestamp::now().as_second();
    let (expired, _) = make_key(&scratch, "expired@devices.example", "seconds=1");
    let later = jiff::Timestamp::now().as_second() + 5;
    assert!(matches!(OpenPgpKey::read(&expired, later), Err(OpenPgpError::Expired { .. })));
    let (revoked, _) = make_key(&scratch, "revoked@devices.example", "1y");
    let error = OpenPgpKey::read(&revoked, now).unwrap_err();
    assert!(matches!(error, OpenPgpError::Revoked { .. }), "{error}");
    assert!(error.to_string().contains(&revoked.display().to_string()), "{error}");
    // A passphrase-protected key is refused when read, not after the first advisory is written.
    let protected_home = scratch.join("gnupg-protected");
    std::fs::create_dir_all(&protected_home).unwrap();
    let protected = Command::new("gpg")
        .env("GNUPGHOME", &protected_home)
        .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", "secret"])
        .args(["--quick-gen-key", "Protected <protected@devices.example>", "ed25519", "sign", "1y"])
        .output()
        .unwrap();
    assert!(protected.status.success(), "{}", String::from_utf8_lossy(&protected.stderr));
    let exported = Command::new("gpg")
        .env("GNUPGHOME", &protected_home)
        .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", "secret", "--armor", "--export-secret-keys"])
        .output()
        .unwrap();
    let protected_key = scratch.join("protected.asc");
    std::fs::write(&protected_key, exported.stdout).unwrap();
    let error = OpenPgpKey::read(&protected_key, now).unwrap_err();
    assert!(error.to_string().contains("protected.asc") && error.to_string().contains("passphrase"), "{error}");
    let junk = scratch.join("junk.asc");
    std::fs::write(&junk, "not a key").unwrap();
    let error = OpenPgpKey::read(&junk, now).unwrap_err();
    assert!(error.to_string().contains("junk.asc") && error.to_string().contains("gpg --armor --export-secret-keys"));
    std::fs::remove_dir_all(&scratch).unwrap();
}
