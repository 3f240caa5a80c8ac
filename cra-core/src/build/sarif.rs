//! A check report as SARIF 2.1.0, the format code-scanning tools show on a pull request: every
//! error at its file, line and column, every gap at the source line of the component it concerns
//! (a requirement no component addresses: at the product's `[package.metadata.cra]`).

use std::path::Path;

use serde_json::{Value, json};

use super::report::CheckReport;

/// The rules a result can break, with their descriptions.
const RULES: &[(&str, &str)] = &[
    ("cra-error", "A mistake that stops the conformity declaration from being written"),
    ("cra-not-assessed", "An applicable essential requirement no component addresses (Annex I)"),
    ("cra-partially-addressed", "A requirement a component addresses only in part"),
    ("cra-undetermined", "A component the build cannot decide is compiled in"),
    ("cra-known-vulnerability", "A known vulnerability of this version keeps I.2.a open (Annex I Part I(2)(a))"),
    ("cra-compile-error", "The product does not compile: no conformity can be declared for it"),
    (
        "cra-declaration-gap",
        "The declaration itself still lacks something Annex V, the procedure or the CE marking needs",
    ),
];

impl CheckReport {
    /// The report as a SARIF 2.1.0 log; file locations relative to `root` (the workspace root,
    /// `%SRCROOT%`). Gaps are `warning`s, or `error`s when `strict`.
    pub fn to_sarif(&self, root: &Path, strict: bool) -> Value {
        let gap_level = if strict { "error" } else { "warning" };
        let location = |file: &Path, line: usize, column: usize| {
            let uri = file.strip_prefix(root).unwrap_or(file).to_string_lossy().replace('\\', "/");
            let mut region = json!({ "startLine": line.max(1) });
            if column > 0 {
                region["startColumn"] = json!(column);
            }
            json!([{ "physicalLocation": {
                "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
                "region": region,
            } }])
        };
        let component = |name: &str| {
            self.components
                .iter()
                .find(|c| c.name == name)
                .map_or_else(|| location(&self.manifest, self.metadata_line, 0), |c| location(&c.file, c.line, 0))
        };
        let result = |rule: &str, level: &str, message: String, locations: Value| json!({ "ruleId": rule, "level": level, "message": { "text": message }, "locations": locations });
        let error_result = |rule: &str, e: &super::report::ReportedError| {
            let text =
                e.help.as_ref().map_or_else(|| e.message.clone(), |help| format!("{} (help: {help})", e.message));
            let locations = e.file.as_deref().map_or_else(|| json!([]), |f| location(f, e.line, e.column));
            result(rule, "error", text, locations)
        };
        // Validation errors under the rule of their code (`cra-error-{code}`), others `cra-error`.
        let mut coded_rules: Vec<(String, String)> = Vec::new();
        let mut results: Vec<Value> = Vec::new();
        for error in &self.errors {
            let rule = match &error.code {
                Some(code) => coded_rule(&mut coded_rules, "cra-error", "Validation error", code),
                None => "cra-error".to_owned(),
            };
            results.push(error_result(&rule, error));
        }
        results.extend(self.compile_errors.iter().map(|e| error_result("cra-compile-error", e)));
        if let Some(gaps) = &self.gaps {
            let metadata = || location(&self.manifest, self.metadata_line, 0);
            for gap in &gaps.not_assessed {
                results.push(result("cra-not-assessed", gap_level, gap.line(), metadata()));
            }
            // Gaps of one component, at the line of its type.
            let of_components = gaps
                .partially_addressed
                .iter()
                .map(|p| ("cra-partially-addressed", p.line(), &p.component))
                .chain(gaps.undetermined.iter().map(|u| ("cra-undetermined", u.line(), &u.component)));
            for (rule, text, name) in of_components {
                results.push(result(rule, gap_level, text, component(name)));
            }
            let product_dir = self.manifest.parent().unwrap_or(Path::new(""));
            for finding in &gaps.vulnerabilities {
                results.push(result(
                    "cra-known-vulnerability",
                    gap_level,
                    crate::gaps::vulnerability_line(finding),
                    location(&product_dir.join(&finding.source), 1, 0),
                ));
            }
            for gap in &gaps.declaration {
                results.push(result("cra-declaration-gap", gap_level, gap.line(), metadata()));
            }
        }
        // Warnings, each under the rule of its code (`cra-warning-{code}`).
        for warning in &self.warnings {
            let rule = coded_rule(&mut coded_rules, "cra-warning", "Warning", &warning.code);
            let locations = warning.file.as_deref().map_or_else(|| json!([]), |f| location(f, warning.line, 0));
            results.push(result(&rule, "warning", warning.message.clone(), locations));
        }
        coded_rules.sort();
        let rules: Vec<Value> = RULES
            .iter()
            .map(|(id, text)| ((*id).to_owned(), (*text).to_owned()))
            .chain(coded_rules)
            .map(|(id, text)| json!({ "id": id, "shortDescription": { "text": text } }))
            .collect();
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "cra-rs",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://example.invalid/cra-rs",
                    "rules": rules,
                } },
                "originalUriBaseIds": { "%SRCROOT%": { "uri": format!("file://{}/", root.display()) } },
                "results": results,
            }],
        })
    }
}

/// The rule `{prefix}-{code}`, declared in `rules` once with its description.
fn coded_rule(rules: &mut Vec<(String, String)>, prefix: &str, kind: &str, code: &str) -> String {
    let rule = format!("{prefix}-{code}");
    if !rules.iter().any(|(id, _)| *id == rule) {
        rules.push((rule.clone(), format!("{kind} `{code}` (docs/errors.md)")));
    }
    rule
}
