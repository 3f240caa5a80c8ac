//! Where the product's source is in git, for SARIF's `versionControlProvenance`: the repository
//! root (code scanning reads result paths from there), the commit and branch checked, and the
//! remote's address without credentials. Nothing when git is missing, the folder is in no
//! repository, or the repository has no `origin` (SARIF requires the repository's URI).

use std::path::{Path, PathBuf};
use std::process::Command;

use cra_core::build::Provenance;

/// The repository at or above `dir`: its root, and the provenance when it has a remote.
pub fn repository(dir: &Path) -> Option<(PathBuf, Option<Provenance>)> {
    let root = git(dir, &["rev-parse", "--show-toplevel"])?;
    let provenance = (|| {
        let remote = git(dir, &["config", "--get", "remote.origin.url"])?;
        // A local remote is named relative to the repository's root.
        let remote = if remote.starts_with('.') {
            Path::new(&root).join(&remote).canonicalize().ok()?.to_string_lossy().into_owned()
        } else {
            remote
        };
        Some(Provenance {
            repository: without_credentials(&remote),
            revision: git(dir, &["rev-parse", "HEAD"])?,
            branch: git(dir, &["symbolic-ref", "--short", "-q", "HEAD"]),
        })
    })();
    Some((PathBuf::from(root), provenance))
}

/// A git command's output, trimmed; `None` when it fails or says nothing.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !text.is_empty()).then_some(text)
}

/// The remote as an absolute URI without a user or password: `git@host:owner/repo.git`
/// becomes `ssh://host/owner/repo.git`, `https://user:token@host/x` becomes `https://host/x`, a
/// local path a `file://` URI.
pub fn without_credentials(remote: &str) -> String {
    if let Some((scheme, rest)) = remote.split_once("://") {
        let rest = match rest.split_once('/') {
            Some((authority, path)) => {
                format!("{}/{path}", authority.rsplit_once('@').map_or(authority, |(_, host)| host))
            }
            None => rest.rsplit_once('@').map_or(rest, |(_, host)| host).to_owned(),
        };
        return format!("{scheme}://{rest}");
    }
    if remote.starts_with('/') {
        return format!("file://{remote}");
    }
    // A Windows path, `C:\\repos\\r` or `C:/repos/r`: not scp syntax.
    let bytes = remote.as_bytes();
    if bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && matches!(bytes[2], b'\\' | b'/') {
        return format!("file:///{}", remote.replace('\\', "/"));
    }
    // scp-like syntax: [user@]host:path
    match remote.split_once(':') {
        Some((host, path)) if !host.contains('/') => {
            let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
            format!("ssh://{host}/{}", path.trim_start_matches('/'))
        }
        _ => remote.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::without_credentials;

    #[test]
    fn remotes_lose_their_credentials_and_become_uris() {
        assert_eq!(without_credentials("https://user:token@github.com/o/r.git"), "https://github.com/o/r.git");
        assert_eq!(without_credentials("https://github.com/o/r"), "https://github.com/o/r");
        assert_eq!(without_credentials("git@github.com:o/r.git"), "ssh://github.com/o/r.git");
        assert_eq!(without_credentials("ssh://git@host:22/o/r"), "ssh://host:22/o/r");
        assert_eq!(without_credentials("/srv/git/r.git"), "file:///srv/git/r.git");
        assert_eq!(without_credentials("C:\\repos\\r.git"), "file:///C:/repos/r.git");
    }
}
