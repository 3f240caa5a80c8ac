//! A check report as SARIF 2.1.0, the format code-scanning tools show on a pull request: every
//! error at its file, line and column, every gap at the source line of the component it concerns
//! (a requirement no component addresses: at the product's `[package.metadata.cra]`).
//!
//! Made for GitHub code scanning as its rules check it (the SARIF multitool's `Ghas` rules): one
//! rule per validation code, generator warning and kind of result, named by its code, with the
//! error catalogue's text as description and help (`help.rs`, made from docs/errors.md); every
//! result located (a result about the run as a whole at the product's manifest); fingerprints
//! stable across runs, so an alert is the same alert after an unrelated edit; the commit it
//! checked, when the product is in git.

// Made by a test from docs/errors.md, written as the test writes it.
#[rustfmt::skip]
mod help;
mod rules;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::report::{CheckReport, ReportedError};

/// Where the checked source is in version control (SARIF `versionControlProvenance`), so that
/// code scanning ties the results to the commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The repository's URL, without credentials.
    pub repository: String,
    /// The commit checked out.
    pub revision: String,
    /// The branch, when one is checked out.
    pub branch: Option<String>,
}

/// What a run of `to_sarif` needs besides the report.
#[derive(Debug, Clone)]
pub struct SarifRun<'a> {
    /// Result paths are relative to it (`%SRCROOT%`): the repository's root when the product is
    /// in git (code scanning reads paths from there), else the workspace's.
    pub root: &'a Path,
    /// Gaps are errors, not warnings.
    pub strict: bool,
    /// The commit checked, when known.
    pub provenance: Option<Provenance>,
}

/// One result before it is JSON.
struct Finding {
    rule: String,
    level: &'static str,
    text: String,
    /// The rule's message template and its arguments, where the parts are known.
    arguments: Option<(&'static str, Vec<String>)>,
    file: PathBuf,
    line: usize,
    column: usize,
}

impl CheckReport {
    /// The report as a SARIF 2.1.0 log. Gaps are `warning`s, or `error`s when `strict`.
    pub fn to_sarif(&self, run: &SarifRun<'_>) -> Value {
        let findings = self.findings(run.strict);
        let mut rule_ids: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        rule_ids.sort_unstable();
        rule_ids.dedup();
        let templates =
            |id: &str| findings.iter().find(|f| f.rule == id).and_then(|f| f.arguments.as_ref().map(|a| a.0));
        let rules: Vec<Value> = rule_ids.iter().map(|id| rules::descriptor(id, templates(id))).collect();
        let results: Vec<Value> = findings.iter().map(|f| result(f, run.root)).collect();
        let mut sarif_run = json!({
            "tool": { "driver": rules::driver(&rules) },
            "originalUriBaseIds": { "%SRCROOT%": { "uri": directory_uri(run.root) } },
            "results": results,
        });
        if let Some(provenance) = &run.provenance {
            let mut details = json!({
                "repositoryUri": provenance.repository,
                "revisionId": provenance.revision,
                "mappedTo": { "uriBaseId": "%SRCROOT%" },
            });
            if let Some(branch) = &provenance.branch {
                details["branch"] = json!(branch);
            }
            sarif_run["versionControlProvenance"] = json!([details]);
        }
        json!({
            "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
            "version": "2.1.0",
            "runs": [sarif_run],
        })
    }

    /// Every result, in the report's order: errors, compile errors, gaps, warnings.
    fn findings(&self, strict: bool) -> Vec<Finding> {
        let gap_level = if strict { "error" } else { "warning" };
        let at_metadata = |rule: &str, level, text: String, arguments| Finding {
            rule: rule.to_owned(),
            level,
            text,
            arguments,
            file: self.manifest.clone(),
            line: self.metadata_line,
            column: 0,
        };
        let mut findings: Vec<Finding> = Vec::new();
        for error in &self.errors {
            findings.push(self.located(error, error_rule(error)));
        }
        for error in &self.compile_errors {
            findings.push(self.located(error, "compile_error".to_owned()));
        }
        if let Some(gaps) = &self.gaps {
            for gap in &gaps.not_assessed {
                findings.push(at_metadata("unaddressed_requirement", gap_level, gap.line(), Some(gap.template())));
            }
            // Gaps of one component, at the line of its type.
            let of_components = gaps
                .partially_addressed
                .iter()
                .map(|g| ("partially_addressed", &g.component, g.line(), g.template()))
                .chain(
                    gaps.undetermined.iter().map(|g| ("undetermined_component", &g.component, g.line(), g.template())),
                );
            for (rule, component, text, template) in of_components {
                let (file, line) = self.component_line(component);
                findings.push(Finding {
                    rule: rule.into(),
                    level: gap_level,
                    text,
                    arguments: Some(template),
                    file,
                    line,
                    column: 0,
                });
            }
            let product_dir = self.manifest.parent().unwrap_or(Path::new(""));
            for finding in &gaps.vulnerabilities {
                findings.push(Finding {
                    rule: "known_vulnerability".into(),
                    level: gap_level,
                    text: crate::gaps::vulnerability_line(finding),
                    arguments: Some(crate::gaps::vulnerability_template(finding)),
                    file: product_dir.join(&finding.source),
                    line: 1,
                    column: 0,
                });
            }
            for gap in &gaps.declaration {
                findings.push(at_metadata(&gap.code, gap_level, gap.line(), Some(gap.template())));
            }
        }
        for warning in &self.warnings {
            let (file, line) = match &warning.file {
                Some(file) => (file.clone(), warning.line),
                None => (self.manifest.clone(), self.metadata_line),
            };
            findings.push(Finding {
                rule: warning.code.clone(),
                level: "warning",
                text: warning.message.clone(),
                arguments: None,
                file,
                line,
                column: 0,
            });
        }
        findings
    }

    /// An error at its place; one without a file (the run as a whole) at the product's manifest.
    fn located(&self, error: &ReportedError, rule: String) -> Finding {
        let text = error
            .help
            .as_ref()
            .map_or_else(|| error.message.clone(), |help| format!("{} (help: {help})", error.message));
        let (file, line, column) = match &error.file {
            Some(file) => (file.clone(), error.line, error.column),
            None => (self.manifest.clone(), self.metadata_line, 0),
        };
        Finding { rule, level: "error", text, arguments: None, file, line, column }
    }

    /// The file and line where a component is declared, else the product's metadata.
    fn component_line(&self, name: &str) -> (PathBuf, usize) {
        self.components
            .iter()
            .find(|c| c.name == name)
            .map_or_else(|| (self.manifest.clone(), self.metadata_line), |c| (c.file.clone(), c.line))
    }
}

/// The rule of an error: its validation code, else the kind of file it is in (docs/errors.md,
/// "Errors and gaps without a code").
fn error_rule(error: &ReportedError) -> String {
    if let Some(code) = &error.code {
        return code.clone();
    }
    let rule = match &error.file {
        None => "generator_error",
        Some(file) if file.file_name().is_some_and(|name| name == "Cargo.toml") => "manifest_error",
        Some(file) if file.extension().is_some_and(|e| e == "rs") => "attribute_error",
        Some(_) => "record_error",
    };
    rule.to_owned()
}

/// One SARIF result. Its fingerprint is the rule, the file and the message, not the line: an
/// edit above it does not make it a new alert.
fn result(finding: &Finding, root: &Path) -> Value {
    // Inside the root: relative to `%SRCROOT%`; outside it (a path dependency elsewhere): an
    // absolute `file:` URI of its own.
    let (uri, base) = match finding.file.strip_prefix(root) {
        Ok(relative) => (encode(&relative.to_string_lossy().replace('\\', "/")), true),
        Err(_) => (file_uri(&finding.file), false),
    };
    let mut region = json!({ "startLine": finding.line.max(1) });
    if finding.column > 0 {
        region["startColumn"] = json!(finding.column);
    }
    let mut message = json!({ "text": rules::sentence(&finding.text) });
    if let Some((_, arguments)) = &finding.arguments {
        message["id"] = json!("default");
        message["arguments"] = json!(arguments);
    }
    let fingerprint = {
        use sha2::Digest;
        let identity = format!("{}\u{0}{uri}\u{0}{}", finding.rule, finding.text);
        crate::digest::hex(&sha2::Sha256::digest(identity.as_bytes()))
    };
    json!({
        "ruleId": finding.rule,
        "level": finding.level,
        "message": message,
        "locations": [{ "physicalLocation": {
            "artifactLocation": if base { json!({ "uri": uri, "uriBaseId": "%SRCROOT%" }) } else { json!({ "uri": uri }) },
            "region": region,
        } }],
        "partialFingerprints": { "craResult/v1": fingerprint },
    })
}

/// A folder as a `file:` URI with a final slash, as SARIF wants a base URI.
fn directory_uri(dir: &Path) -> String {
    format!("{}/", file_uri(dir).trim_end_matches('/'))
}

/// A path as an absolute `file:` URI.
fn file_uri(path: &Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    let path = if path.starts_with('/') { path } else { format!("/{path}") };
    format!("file://{}", encode(&path))
}

/// A path's characters a URI may not hold as they are, percent-encoded (RFC 3986): `/` stays a
/// separator, letters, digits and `-._~` stay, everything else is encoded byte by byte.
fn encode(path: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_uris_encoded_and_outside_the_root_absolute() {
        assert_eq!(super::encode("src/a b#c%.rs"), "src/a%20b%23c%25.rs");
        assert_eq!(super::file_uri(std::path::Path::new("/w/x y")), "file:///w/x%20y");
        assert_eq!(super::directory_uri(std::path::Path::new("/w/ws")), "file:///w/ws/");
        let finding = super::Finding {
            rule: "manifest_error".into(),
            level: "error",
            text: "t".into(),
            arguments: None,
            file: "/elsewhere/Cargo.toml".into(),
            line: 3,
            column: 0,
        };
        let result = super::result(&finding, std::path::Path::new("/w/ws"));
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(location["uri"], "file:///elsewhere/Cargo.toml");
        assert!(location.get("uriBaseId").is_none());
    }
}
