//! Evidence for Annex I Part I(2)(a), "without known exploitable vulnerabilities": the crates the
//! product ships (its SBOM) matched against the RustSec advisory database, read offline from a
//! local clone (or `cargo audit --json` output). The result is a dated record naming the
//! database revision: no known vulnerability, or the matches, each covered by a vulnerability
//! record (fixed, or not affected with a justification) or a gap.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::record::{Record, Status};

/// Why the audit cannot run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuditError {
    /// The directory is not a RustSec advisory database.
    #[error("{}: not a RustSec advisory database (no `crates/` folder of advisories): {message}", .path.display())]
    NotADatabase {
        /// The directory.
        path: PathBuf,
        /// What the reader said.
        message: String,
    },
    /// A file could not be read.
    #[error("{}: cannot read: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// `cargo audit --json` output or an ignore file does not parse.
    #[error("{}: {message}", .path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Advisories ignored without a reason.
    #[error("{}: advisories ignored without a reason: {}; give the reason in a vulnerability record (status `fixed` or `not_affected` with a justification) or as `{{ id = \"…\", reason = \"…\" }}` in deny.toml", .path.display(), .ids.join(", "))]
    UnjustifiedIgnores {
        /// The file.
        path: PathBuf,
        /// The advisories.
        ids: Vec<String>,
    },
}

/// Which database, and at which revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseRevision {
    /// What was read: the database folder's name or the `cargo audit` file's name, never a
    /// local absolute path (the evidence is published with the technical documentation).
    pub source: String,
    /// The git commit of the clone, when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git_commit: Option<String>,
    /// SHA-256 over the advisories (paths and contents, sorted): names the revision without git.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_sha256: Option<String>,
    /// How many advisories it holds.
    pub advisories: usize,
}

/// What an advisory says of the crate. Both kinds count against Annex I Part I(2)(a) until a
/// vulnerability record settles them: an unsound crate lets safe code cause undefined behaviour,
/// and whether that is exploitable in the product is the manufacturer's assessment to record,
/// not the audit's to assume. Unmaintained and notice advisories are not counted (they name no
/// defect).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AdvisoryKind {
    /// A vulnerability advisory.
    #[default]
    Vulnerability,
    /// An informational advisory saying the crate is unsound.
    Unsound,
}

impl AdvisoryKind {
    #[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's `skip_serializing_if` passes a reference")]
    fn is_vulnerability(&self) -> bool {
        *self == Self::Vulnerability
    }

    /// What follows the advisory's ID in a finding: nothing for a vulnerability, ` (unsound)`
    /// for an unsound crate, as in "RUSTSEC-… (unsound) affects foo 1.0".
    pub fn tag(self) -> &'static str {
        match self {
            Self::Vulnerability => "",
            Self::Unsound => " (unsound)",
        }
    }
}

/// What the audit covers, stated in every evidence record so that nobody reads "no known
/// vulnerability" as more than it is.
pub const AUDIT_SCOPE: &str = "the crates of the SBOM against the RustSec advisory database only \
(vulnerability and unsound advisories); unmaintained and notice advisories, components that are \
not crates and other databases (OSV, NVD, GitHub advisories) are not checked";

/// One advisory that applies to a shipped crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisoryMatch {
    /// The advisory, e.g. `RUSTSEC-2024-0001`.
    pub advisory: String,
    /// A vulnerability, or an unsound crate (omitted for a vulnerability).
    #[serde(default, skip_serializing_if = "AdvisoryKind::is_vulnerability")]
    pub kind: AdvisoryKind,
    /// Its title.
    pub title: String,
    /// The crate.
    pub package: String,
    /// The shipped version.
    pub version: String,
    /// Other identifiers of the advisory (`CVE-…`, `GHSA-…`), for matching records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The versions that fix it, as semver requirements (empty: no fixed version yet).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patched: Vec<String>,
    /// The vulnerability record that settles it (fixed, or not affected with a justification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covered_by: Option<String>,
}

/// The evidence record. The build reads it back (`security/audit.json` by default) and holds
/// it against the crates of the build: an audit of other crates, an old one, or a match no
/// record settles keeps I.2.a open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvidence {
    /// The requirement it is evidence for.
    pub requirement: String,
    /// The day of the check.
    pub checked_on: String,
    /// What was checked and what was not ([`AUDIT_SCOPE`]).
    #[serde(default)]
    pub scope: String,
    /// The database.
    pub database: DatabaseRevision,
    /// The SBOM checked (its serial number).
    pub sbom: String,
    /// How many shipped crates were checked.
    pub crates_checked: usize,
    /// SHA-256 of the crates checked ([`crates_digest`]): binds the audit to the content of the
    /// SBOM, whatever its serial number or timestamp.
    #[serde(default)]
    pub crates_sha256: String,
    /// The crates checked, `name@version`, sorted: what the build compares with its own.
    #[serde(default)]
    pub crates: Vec<String>,
    /// `no_known_vulnerability` or `matches`.
    pub result: String,
    /// Every advisory that applies, sorted.
    pub matches: Vec<AdvisoryMatch>,
    /// Advisories that apply and no record settles: gaps.
    pub gaps: Vec<String>,
}

/// The crates of an SBOM as `name@version`, sorted: every component with a semver version, the
/// set an audit checks and the build compares.
pub fn sbom_crates(sbom: &serde_json::Value) -> Vec<String> {
    shipped(sbom).into_iter().map(|(name, version)| format!("{name}@{version}")).collect()
}

/// SHA-256 (hex) of crates given as `name@version`, one per line, in the given (sorted) order.
pub fn crates_digest(crates: &[String]) -> String {
    let mut hasher = sha2::Sha256::new();
    for name in crates {
        hasher.update(name.as_bytes());
        hasher.update(b"\n");
    }
    crate::digest::hex(&hasher.finalize())
}

/// The shipped crates of an SBOM: `(name, version)` of every component with a version.
fn shipped(sbom: &serde_json::Value) -> Vec<(String, semver::Version)> {
    let mut crates: Vec<(String, semver::Version)> = sbom["components"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| Some((c["name"].as_str()?.to_owned(), semver::Version::parse(c["version"].as_str()?).ok()?)))
        .collect();
    crates.sort();
    crates.dedup();
    crates
}

/// The record that settles an advisory on a crate version, if any: it names the advisory, one
/// of its aliases (or the crate and version) and is fixed, or not affected with a
/// justification.
pub(crate) fn covering<'a>(
    records: &'a [Record],
    advisory: &str,
    aliases: &[String],
    package: &str,
    version: &semver::Version,
) -> Option<&'a Record> {
    records.iter().find(|r| {
        let names = r.aliases.iter().any(|a| a == advisory || aliases.contains(a))
            || r.dependency.as_ref().is_some_and(|d| {
                d.name == package && semver::VersionReq::parse(&d.versions).is_ok_and(|req| req.matches(version))
            });
        let settled = r.status == Status::Fixed || (r.status == Status::NotAffected && r.justification.is_some());
        names && settled
    })
}

fn evidence(
    database: DatabaseRevision,
    sbom: &serde_json::Value,
    crates: usize,
    mut matches: Vec<AdvisoryMatch>,
    checked_on: Date,
) -> AuditEvidence {
    matches.sort_by(|a, b| (&a.advisory, &a.package, &a.version).cmp(&(&b.advisory, &b.package, &b.version)));
    matches.dedup();
    let gaps = matches
        .iter()
        .filter(|m| m.covered_by.is_none())
        .map(|m| {
            format!(
                "{}{} affects {} {} and no vulnerability record settles it (Annex I Part I(2)(a))",
                m.advisory,
                m.kind.tag(),
                m.package,
                m.version
            )
        })
        .collect();
    let checked = sbom_crates(sbom);
    AuditEvidence {
        requirement: "I.2.a".to_owned(),
        checked_on: checked_on.to_string(),
        scope: AUDIT_SCOPE.to_owned(),
        database,
        sbom: sbom["serialNumber"].as_str().unwrap_or_default().to_owned(),
        crates_checked: crates,
        crates_sha256: crates_digest(&checked),
        crates: checked,
        result: if matches.is_empty() { "no_known_vulnerability" } else { "matches" }.to_owned(),
        matches,
        gaps,
    }
}

/// Matches the SBOM's crates against an advisory database directory (a clone of
/// rustsec/advisory-db, or a copy of its `crates/` tree). Vulnerability and unsound advisories
/// count ([`AdvisoryKind`]); withdrawn, unmaintained and notice advisories do not. Feature `vuln`.
#[cfg(feature = "vuln")]
pub fn audit_database(
    dir: &Path,
    sbom: &serde_json::Value,
    records: &[Record],
    checked_on: Date,
) -> Result<AuditEvidence, AuditError> {
    let database = rustsec::Database::open(dir)
        .map_err(|e| AuditError::NotADatabase { path: dir.to_path_buf(), message: e.to_string() })?;
    let crates = shipped(sbom);
    let mut matches = Vec::new();
    for (name, version) in &crates {
        let Ok(package) = name.parse::<rustsec::package::Name>() else { continue };
        for advisory in database.iter() {
            let metadata = &advisory.metadata;
            let kind = match &metadata.informational {
                None => AdvisoryKind::Vulnerability,
                Some(rustsec::advisory::Informational::Unsound) => AdvisoryKind::Unsound,
                Some(_) => continue,
            };
            if metadata.package != package || metadata.withdrawn.is_some() {
                continue;
            }
            let rustsec_version: rustsec::Version = match version.to_string().parse() {
                Ok(v) => v,
                Err(_) => continue,
            };
            if advisory.versions.is_vulnerable(&rustsec_version) {
                let id = metadata.id.to_string();
                let aliases: Vec<String> = metadata.aliases.iter().map(ToString::to_string).collect();
                matches.push(AdvisoryMatch {
                    covered_by: covering(records, &id, &aliases, name, version).map(|r| r.id.clone()),
                    patched: advisory.versions.patched().iter().map(ToString::to_string).collect(),
                    aliases,
                    advisory: id,
                    kind,
                    title: metadata.title.clone(),
                    package: name.clone(),
                    version: version.to_string(),
                });
            }
        }
    }
    let revision = DatabaseRevision {
        source: file_name(dir),
        git_commit: git_commit(dir),
        content_sha256: Some(content_digest(&dir.join("crates"))?),
        advisories: database.iter().count(),
    };
    Ok(evidence(revision, sbom, crates.len(), matches, checked_on))
}

/// The same from `cargo audit --json` output: its vulnerability list, matched to the SBOM's crates
/// (a lockfile may hold more than the product ships).
pub fn audit_cargo_audit_json(
    path: &Path,
    sbom: &serde_json::Value,
    records: &[Record],
    checked_on: Date,
) -> Result<AuditEvidence, AuditError> {
    let text = std::fs::read_to_string(path).map_err(|source| AuditError::Read { path: path.to_path_buf(), source })?;
    let invalid = |message: String| AuditError::Invalid { path: path.to_path_buf(), message };
    let report: serde_json::Value = serde_json::from_str(&text).map_err(|e| invalid(format!("not JSON: {e}")))?;
    let list = report["vulnerabilities"]["list"]
        .as_array()
        .ok_or_else(|| invalid("not `cargo audit --json` output: no `vulnerabilities.list`".into()))?;
    // `cargo audit` lists unsound crates among its warnings (`warnings.unsound`), with the same
    // fields as a vulnerability.
    let unsound = report["warnings"]["unsound"].as_array().into_iter().flatten();
    let entries =
        list.iter().map(|e| (AdvisoryKind::Vulnerability, e)).chain(unsound.map(|e| (AdvisoryKind::Unsound, e)));
    let crates = shipped(sbom);
    let mut matches = Vec::new();
    for (kind, entry) in entries {
        let section = match kind {
            AdvisoryKind::Vulnerability => "vulnerabilities.list[]",
            AdvisoryKind::Unsound => "warnings.unsound[]",
        };
        let field = |value: &serde_json::Value, what: &str| {
            value.as_str().map(str::to_owned).ok_or_else(|| invalid(format!("`{section}`: no `{what}`")))
        };
        let name = field(&entry["package"]["name"], "package.name")?;
        let version_text = field(&entry["package"]["version"], "package.version")?;
        let version = semver::Version::parse(&version_text)
            .map_err(|e| invalid(format!("`{name}` version `{version_text}`: {e}")))?;
        if !crates.iter().any(|(n, v)| *n == name && *v == version) {
            continue;
        }
        let id = field(&entry["advisory"]["id"], "advisory.id")?;
        let strings = |value: &serde_json::Value| -> Vec<String> {
            value.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
        };
        let aliases = strings(&entry["advisory"]["aliases"]);
        matches.push(AdvisoryMatch {
            covered_by: covering(records, &id, &aliases, &name, &version).map(|r| r.id.clone()),
            patched: strings(&entry["versions"]["patched"]),
            aliases,
            title: entry["advisory"]["title"].as_str().unwrap_or_default().to_owned(),
            advisory: id,
            kind,
            package: name,
            version: version_text,
        });
    }
    let revision = DatabaseRevision {
        source: file_name(path),
        git_commit: report["database"]["last-commit"].as_str().map(str::to_owned),
        content_sha256: None,
        advisories: usize::try_from(report["database"]["advisory-count"].as_u64().unwrap_or(0)).unwrap_or(usize::MAX),
    };
    Ok(evidence(revision, sbom, crates.len(), matches, checked_on))
}

/// The last component of `path` (the evidence names what was read, not where it lay locally).
fn file_name(path: &Path) -> String {
    path.canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(path)
        .file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Checks the advisories ignored in `audit.toml` (cargo-audit) and `deny.toml` (cargo-deny):
/// each needs a reason, a `{ id, reason }` entry of deny.toml or a vulnerability record that
/// settles it. `files` that do not exist are skipped.
pub fn check_ignores(files: &[PathBuf], records: &[Record]) -> Result<(), AuditError> {
    for path in files.iter().filter(|p| p.is_file()) {
        let text = std::fs::read_to_string(path).map_err(|source| AuditError::Read { path: path.clone(), source })?;
        let table: toml::Table = toml::from_str(&text)
            .map_err(|e| AuditError::Invalid { path: path.clone(), message: e.message().to_owned() })?;
        let ignores = table.get("advisories").and_then(|a| a.get("ignore")).and_then(toml::Value::as_array);
        let mut without_reason = Vec::new();
        for entry in ignores.into_iter().flatten() {
            let (id, reason) = match entry {
                toml::Value::String(id) => (id.clone(), None),
                toml::Value::Table(t) => (
                    t.get("id").and_then(toml::Value::as_str).unwrap_or_default().to_owned(),
                    t.get("reason").and_then(toml::Value::as_str).filter(|r| !r.trim().is_empty()),
                ),
                _ => continue,
            };
            let recorded = records.iter().any(|r| {
                r.aliases.contains(&id)
                    && (r.status == Status::Fixed || (r.status == Status::NotAffected && r.justification.is_some()))
            });
            if reason.is_none() && !recorded {
                without_reason.push(id);
            }
        }
        if !without_reason.is_empty() {
            return Err(AuditError::UnjustifiedIgnores { path: path.clone(), ids: without_reason });
        }
    }
    Ok(())
}

/// The commit a git clone is at, read from `.git` (no git library, no process). A worktree or
/// submodule checkout has a `.git` file naming its git directory (`gitdir: …`), whose `commondir`
/// holds the shared refs.
#[cfg(feature = "vuln")]
fn git_commit(dir: &Path) -> Option<String> {
    let mut git = dir.join(".git");
    if git.is_file() {
        let pointer = std::fs::read_to_string(&git).ok()?;
        git = dir.join(pointer.trim().strip_prefix("gitdir:")?.trim());
    }
    let head = std::fs::read_to_string(git.join("HEAD")).ok()?;
    let head = head.trim();
    let Some(reference) = head.strip_prefix("ref: ") else { return Some(head.to_owned()) };
    // A worktree's own refs are few; branches live in the common directory.
    let common = std::fs::read_to_string(git.join("commondir")).map_or_else(|_| git.clone(), |c| git.join(c.trim()));
    for base in [&git, &common] {
        if let Ok(commit) = std::fs::read_to_string(base.join(reference)) {
            return Some(commit.trim().to_owned());
        }
    }
    let packed = std::fs::read_to_string(common.join("packed-refs")).ok()?;
    packed.lines().find(|l| l.ends_with(reference)).and_then(|l| l.split_whitespace().next()).map(str::to_owned)
}

/// SHA-256 over every advisory file under `crates/`: relative path and content, sorted.
#[cfg(feature = "vuln")]
fn content_digest(crates: &Path) -> Result<String, AuditError> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![crates.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| AuditError::Read { path: dir.clone(), source })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let content = std::fs::read(&path).map_err(|source| AuditError::Read { path: path.clone(), source })?;
                let relative = path.strip_prefix(crates).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                files.insert(relative, content);
            }
        }
    }
    let mut hasher = sha2::Sha256::new();
    for (path, content) in &files {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update(content);
        hasher.update([0]);
    }
    Ok(crate::digest::hex(&hasher.finalize()))
}
