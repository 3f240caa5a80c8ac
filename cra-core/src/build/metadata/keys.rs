//! Where a metadata key is written: the manifest key of each declaration field, its line, and
//! the validation problems and missing files placed at their keys.

use crate::build::diagnostics::{DeclarationError, SourceError};
use crate::build::manifest::ManifestFile;
use crate::declaration::Declaration;
use crate::evidence::Location;
use crate::validate::{Findings, Severity, ValidationCode};

/// The declaration's key paths that come from the metadata, and their manifest keys.
pub(super) const METADATA_KEYS: &[(&str, &str)] = &[
    ("support_period.placed_on_market", "placed-on-market"),
    ("support_period.expected_use_time", "expected-use-time"),
    ("support_period.reasoning", "support-reasoning"),
    ("support_period.end", "support-end"),
    ("procedure", "procedure"),
    ("foss_with_public_documentation", "foss-with-public-documentation"),
    ("not_applicable", "not-applicable"),
    ("risk_assessment", "risk-assessment"),
    ("delegated_act", "delegated-act"),
    ("notified_body", "notified-body"),
    ("manufacturer", "manufacturer"),
    ("vulnerability_handling.single_point_of_contact", "vulnerability-contact"),
    ("vulnerability_handling.cvd_policy_url", "cvd-policy-url"),
    ("vulnerability_handling.advisories_url", "advisories-url"),
    ("product.security_properties", "security-properties"),
    ("product.essential_functions", "essential-functions"),
    ("user_information.technical_support", "technical-support"),
    ("user_information.instructions_url", "instructions-url"),
    ("user_information.instructions", "instructions"),
    ("user_information.declaration_url", "declaration-url"),
    ("user_information.sbom_url", "sbom-url"),
    ("user_information.download_url", "download-url"),
    ("signature", "signature"),
    ("authorised_representative", "authorised-representative"),
    ("importer", "importer"),
    ("specifications", "specifications"),
    ("other_union_legislation", "other-union-legislation"),
    ("ce_marking", "ce-marking"),
    ("technical_documentation_url", "technical-documentation-url"),
    ("source_code_url", "source-code-url"),
];

/// The entry of [`METADATA_KEYS`] a declaration field path comes from: `(field, key)`.
pub(super) fn metadata_key(field_path: &str) -> Option<(&'static str, &'static str)> {
    METADATA_KEYS
        .iter()
        .find(|(field, _)| field_path == *field || field_path.starts_with(&format!("{field}.")))
        .copied()
}

/// The 1-based line in `product` of the manifest key a declaration field path comes from, or
/// of `[package.metadata.cra]` when it comes from none.
pub(crate) fn line_of(product: &ManifestFile, field_path: &str) -> usize {
    match metadata_key(field_path) {
        Some((_, key)) => {
            let start = key_range(&product.text, key).start.min(product.text.len());
            product.text[..start].matches('\n').count() + 1
        }
        None => crate::build::report::metadata_line(&product.text),
    }
}

/// The validation errors of the whole declaration, placed: those about a fact written in the
/// metadata at its key in the manifest (file, line, column, key path), beside the key errors;
/// the others, which depend on the components (claims, gaps, the risk assessment that evidence
/// may carry, placeholders in component text), at the line of the key they are about, else of
/// `[package.metadata.cra]`. Problems on a key whose value had the wrong form are about the
/// value left out, not the one written, and are dropped: the key's own error says what is wrong.
pub(crate) fn locate(
    product: &ManifestFile,
    findings: &Findings,
    failed_keys: &[String],
) -> (Vec<SourceError>, Vec<DeclarationError>) {
    let mut at_keys = Vec::new();
    let mut others = Vec::new();
    for problem in findings.of(Severity::Error) {
        let whole_declaration = matches!(
            problem.code,
            ValidationCode::MissingRiskAssessment | ValidationCode::StatusMismatch | ValidationCode::Placeholder
        );
        match metadata_key(&problem.path) {
            Some((_, key)) if !whole_declaration && failed_keys.iter().any(|k| k == key) => {}
            Some((field, key)) if !whole_declaration => {
                let key_path = format!("package.metadata.cra.{key}{}", &problem.path[field.len()..]);
                at_keys.push(SourceError {
                    path: product.path.clone(),
                    source: product.text.clone(),
                    range: key_range(&product.text, key),
                    message: problem.text_at(&key_path),
                    help: None,
                    code: Some(problem.code),
                });
            }
            _ => others.push(DeclarationError { problem: problem.clone(), line: line_of(product, &problem.path) }),
        }
    }
    (at_keys, others)
}

/// A risk assessment named by path must exist, relative to the product's manifest directory
/// (Art. 13(3)–(4); Annex VII point 3). URLs are not fetched.
pub(super) fn missing_risk_assessment_files(product: &ManifestFile, declaration: &Declaration) -> Vec<SourceError> {
    let Some(dir) = product.path.parent() else { return Vec::new() };
    let named = declaration
        .risk_assessment
        .iter()
        .map(|l| ("risk-assessment".to_owned(), l))
        .chain(declaration.not_applicable.iter().map(|(r, n)| (format!("not-applicable.{r}"), &n.risk_assessment)));
    named
        .filter_map(|(key, location)| match location {
            Location::Path(path) if dir.join(path).is_file() && template(&dir.join(path)) => Some(SourceError {
                path: product.path.clone(),
                source: product.text.clone(),
                range: key_range(&product.text, key.split('.').next().unwrap_or(&key)),
                message: format!(
                    "the risk assessment `{path}` named at `package.metadata.cra.{key}` is still a template: it says `{}` [placeholder] (Art. 13(2)–(4); Annex VII point 3)",
                    crate::validate::PLACEHOLDER
                ),
                help: Some("write the assessment in the file; until then it is no evidence".to_owned()),
                code: None,
            }),
            Location::Path(path) if !dir.join(path).is_file() => Some(SourceError {
                path: product.path.clone(),
                source: product.text.clone(),
                range: key_range(&product.text, key.split('.').next().unwrap_or(&key)),
                message: format!(
                    "the risk assessment `{path}` named at `package.metadata.cra.{key}` does not exist (Art. 13(3)–(4); Annex VII point 3)"
                ),
                help: Some("give a path relative to the package's Cargo.toml, or an `https://` URL".to_owned()),
                code: None,
            }),
            _ => None,
        })
        .collect()
}

/// Whether a file still holds the `FILL IN` marker of a template.
pub(crate) fn template(path: &std::path::Path) -> bool {
    std::fs::read(path)
        .is_ok_and(|bytes| crate::build::walk::search::contains(&bytes, crate::validate::PLACEHOLDER.as_bytes()))
}

/// The byte range of `key` in `[package.metadata.cra]` (a line starting with it, or the
/// `[package.metadata.cra.key]` header), else the section header.
pub(super) fn key_range(text: &str, key: &str) -> std::ops::Range<usize> {
    let header = "[package.metadata.cra]";
    let section = text.find(header).unwrap_or(0);
    let sub_header = format!("[package.metadata.cra.{key}]");
    if let Some(at) = text.find(&sub_header) {
        return at..at + sub_header.len();
    }
    let mut offset = section;
    for line in text[section..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with(['=', '.']) {
            return offset + indent..offset + indent + key.len();
        }
        offset += line.len();
    }
    if text.contains(header) { section..section + header.len() } else { 0..0 }
}
