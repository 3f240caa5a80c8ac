//! Product metadata: the facts that belong to the product, not to a component, in
//! `[package.metadata.cra]` of the product's Cargo.toml. Any key missing there is taken from
//! `[workspace.metadata.cra]`, so shared values such as the manufacturer are written once.
//!
//! Unknown or misspelled keys and values of the wrong type are errors that name the file, the
//! line and the key, with "did you mean" (the TOML types deny unknown fields).

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::diagnostics::{BuildError, SourceError};
use super::manifest::ManifestFile;
use crate::catalogue::{Category, RequirementId};
use crate::conformity::{AssuranceLevel, Coverage, Procedure};
use crate::declaration::{
    AppliedSpecification, Declaration, DelegatedAct, InstructionTopic, NotifiedBody, Party, Product,
    ProductNotApplicable, Signature, SpecificationKind, UserInformation, VulnerabilityHandling,
};
use crate::evidence::Location;
use crate::support::{SupportPeriod, UseTime, YearMonth};
use crate::toml_date::LiteralOrString;
use crate::validate::Severity;

/// A manufacturer or authorised representative in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PartyToml {
    name: String,
    postal_address: Option<String>,
    contact: Option<String>,
    website: Option<String>,
}

impl From<PartyToml> for Party {
    fn from(p: PartyToml) -> Party {
        Party { name: p.name, postal_address: p.postal_address, contact: p.contact, website: p.website }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SpecificationToml {
    kind: SpecificationKind,
    reference: String,
    level: Option<AssuranceLevel>,
    certificate: Option<String>,
    #[serde(deserialize_with = "crate::declaration::coverage_map")]
    coverage: BTreeMap<RequirementId, Coverage>,
    parts_applied: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct NotifiedBodyToml {
    name: String,
    number: String,
    certificate: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SignatureToml {
    signed_for: String,
    place: String,
    #[serde(deserialize_with = "date")]
    date: Date,
    name: String,
    function: String,
    additional_information: Option<String>,
}

/// `[package.metadata.cra.not-applicable]`: one entry per Part I(2) requirement the product's risk
/// assessment found not to apply (Art. 13(3)–(4)).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct NotApplicableToml {
    justification: String,
    risk_assessment: String,
}

/// `delegated-act = { reference = "...", level = "substantial", requirements = ["I.2.e"] }`
/// (Art. 8(1)).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DelegatedActToml {
    reference: String,
    level: AssuranceLevel,
    #[serde(default)]
    requirements: Vec<AnyRequirement>,
}

/// A requirement written as its ID (`I.2.m`) or its symbolic name (`data_removal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct AnyRequirement(RequirementId);

impl<'de> Deserialize<'de> for AnyRequirement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse::<RequirementId>().map(AnyRequirement).map_err(de::Error::custom)
    }
}

/// A path relative to the product's manifest directory or an `http(s)` URL.
fn location(text: String) -> Location {
    if text.starts_with("https://") || text.starts_with("http://") { Location::Url(text) } else { Location::Path(text) }
}

/// A calendar date: a TOML date literal (`2027-12-11`) or a string `"2027-12-11"`.
fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    deserializer
        .deserialize_any(LiteralOrString { expecting: "a date `YYYY-MM-DD`, e.g. `2027-12-11`", parse: parse_date })
}

fn optional_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    date(deserializer).map(Some)
}

/// `YYYY-MM-DD` and a real calendar day; the message never shows date-library internals.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let bad = || format!("expected `YYYY-MM-DD`, e.g. `2027-12-11`, found `{text}`");
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape {
        return Err(bad());
    }
    let year: i16 = text[0..4].parse().map_err(|_| bad())?;
    let month: i8 = text[5..7].parse().map_err(|_| bad())?;
    let day: i8 = text[8..10].parse().map_err(|_| bad())?;
    if year == 0 {
        return Err(bad());
    }
    Date::new(year, month, day).map_err(|_| format!("`{text}` is not a day of the calendar; expected `YYYY-MM-DD`"))
}

/// `[package.metadata.cra]` (and `[workspace.metadata.cra]`): every key optional here, required
/// ones checked after merging.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CraToml {
    name: Option<String>,
    #[serde(rename = "type")]
    product_type: Option<String>,
    identification: Option<String>,
    intended_purpose: Option<String>,
    essential_functions: Option<Vec<String>>,
    security_properties: Option<Vec<String>>,
    category: Option<Category>,
    #[serde(default, deserialize_with = "procedure")]
    procedure: Option<Procedure>,
    foss_with_public_documentation: Option<bool>,
    technical_documentation_url: Option<String>,
    source_code_url: Option<String>,
    risk_assessment: Option<String>,
    not_applicable: Option<BTreeMap<AnyRequirement, NotApplicableToml>>,
    delegated_act: Option<DelegatedActToml>,
    #[serde(default, deserialize_with = "optional_date")]
    placed_on_market: Option<Date>,
    support_end: Option<YearMonth>,
    support_justification: Option<String>,
    expected_use_time: Option<UseTime>,
    support_reasoning: Option<BTreeMap<crate::support::SupportFactor, String>>,
    manufacturer: Option<PartyToml>,
    authorised_representative: Option<PartyToml>,
    importer: Option<PartyToml>,
    vulnerability_contact: Option<String>,
    cvd_policy_url: Option<String>,
    specifications: Option<Vec<SpecificationToml>>,
    notified_body: Option<NotifiedBodyToml>,
    other_union_legislation: Option<Vec<String>>,
    ce_marking: Option<crate::ce_marking::CeMarking>,
    declaration_url: Option<String>,
    instructions_url: Option<String>,
    instructions: Option<BTreeMap<InstructionTopic, String>>,
    sbom_url: Option<String>,
    download_url: Option<String>,
    technical_support: Option<String>,
    foreseeable_risks: Option<Vec<String>>,
    signature: Option<SignatureToml>,
    /// `[package.metadata.cra.security-txt]`: read by `cargo cra security-txt`
    /// (`crate::vuln::SecurityTxtSettings`), not part of the declaration.
    security_txt: Option<toml::Table>,
    /// The folder of the product's vulnerability records (default `security/vulnerabilities`).
    vulnerability_records: Option<String>,
    /// The latest `cargo cra audit` evidence (default `security/audit.json`).
    audit: Option<String>,
    /// How old the audit may be, in days, before I.2.a is open again (default 30).
    audit_max_age_days: Option<u32>,
}

/// Where the build finds what it knows of the product's vulnerabilities (Annex I Part I(2)(a)),
/// relative to the product's manifest directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VulnerabilitySources {
    /// The folder of vulnerability records.
    pub(crate) records: String,
    /// The `cargo cra audit` evidence file.
    pub(crate) audit: String,
    /// The audit's greatest age in days.
    pub(crate) audit_max_age_days: u32,
}

/// The product's metadata: the declaration's facts and the generator's inputs.
pub(crate) struct ProductMetadata {
    /// The declaration, without components.
    pub(crate) declaration: Declaration,
    /// Where the records and the audit are.
    pub(crate) vulnerabilities: VulnerabilitySources,
}

/// `procedure = "module_b_plus_c"`, or a table for certification:
/// `procedure = { kind = "eu_certification", scheme = "EUCC", level = "substantial" }`.
fn procedure<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Procedure>, D::Error> {
    struct ProcedureVisitor;
    impl<'de> Visitor<'de> for ProcedureVisitor {
        type Value = Option<Procedure>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("`module_a`, `module_b_plus_c`, `module_h`, or a table `{ kind = \"eu_certification\", scheme = \"...\", level = \"substantial\" }`")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            match value {
                "module_a" => Ok(Some(Procedure::ModuleA)),
                "module_b_plus_c" => Ok(Some(Procedure::ModuleBPlusC)),
                "module_h" => Ok(Some(Procedure::ModuleH)),
                other => Err(E::custom(format!(
                    "unknown procedure `{other}`{}; expected `module_a`, `module_b_plus_c`, `module_h`, or a table for `eu_certification` (Module B and C are one route: `module_b_plus_c`)",
                    crate::suggest::did_you_mean(crate::suggest::closest(
                        other,
                        ["module_a", "module_b_plus_c", "module_h", "eu_certification"]
                    ))
                ))),
            }
        }

        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
            let table = ProcedureTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
            let parts = crate::conformity::CertificationParts {
                scheme: table.scheme,
                level: table.level,
                certificate: table.certificate,
                designated_by: table.designated_by,
            };
            Procedure::from_parts(table.kind, parts).map(Some).map_err(de::Error::custom)
        }
    }
    deserializer.deserialize_any(ProcedureVisitor)
}

/// `procedure = { kind = "eu_certification", scheme = "EUCC", level = "substantial", certificate = "...", designated-by = "..." }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcedureTable {
    kind: crate::conformity::ProcedureKind,
    scheme: Option<String>,
    level: Option<AssuranceLevel>,
    certificate: Option<String>,
    #[serde(rename = "designated-by")]
    designated_by: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct MetadataTable {
    cra: Option<CraToml>,
}

/// `license = "MIT"` or `license.workspace = true`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum LicenseField {
    Expression(String),
    Inherited {
        #[expect(dead_code, reason = "only its presence matters")]
        workspace: bool,
    },
}

#[derive(Debug, Default, Deserialize)]
struct PackageTable {
    metadata: Option<MetadataTable>,
    license: Option<LicenseField>,
}

#[derive(Debug, Default, Deserialize)]
struct WorkspacePackageTable {
    license: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct WorkspaceTable {
    metadata: Option<MetadataTable>,
    package: Option<WorkspacePackageTable>,
}

#[derive(Debug, Default, Deserialize)]
struct MetadataManifest {
    package: Option<PackageTable>,
    workspace: Option<WorkspaceTable>,
}

macro_rules! merge {
    ($package:expr, $workspace:expr, $($field:ident),*) => {
        CraToml { $($field: $package.$field.or($workspace.$field),)* }
    };
}

/// The product's metadata as declaration fields. Every mistake is reported in one pass: keys of
/// the wrong form, required keys that are missing, and the validation errors of the keys that
/// did parse, each at its key.
pub(crate) fn read_product(
    product: &ManifestFile,
    workspace: Option<&ManifestFile>,
    package_name: &str,
    version: &str,
) -> Result<ProductMetadata, BuildError> {
    let (placeholder_keys, placeholders) = all_placeholders(product, workspace);
    let Merged { cra, license, mut errors, failed_keys } = match merged(product, workspace) {
        Ok(merged) => merged,
        Err(_) if !placeholders.is_empty() => return Err(BuildError::Source(placeholders)),
        Err(error) => return Err(error),
    };
    // A placeholder in a date or a table does not parse: it is reported as a placeholder.
    errors.retain(|e| {
        !failed_keys.iter().any(|k| placeholder_keys.contains(k) && e.range == key_range(&product.text, k))
    });
    errors.extend(placeholders);
    let reported: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
    let missing = required_errors(product, &cra);
    if !missing.is_empty() {
        // A required key of the wrong form is reported once, as that.
        let unreported = |m: &SourceError| !reported.iter().any(|r| r.contains(&missing_key_name(&m.message)));
        errors.extend(missing.into_iter().filter(unreported));
        return Err(BuildError::Source(errors));
    }
    let vulnerabilities = VulnerabilitySources {
        records: cra.vulnerability_records.clone().unwrap_or_else(|| "security/vulnerabilities".to_owned()),
        audit: cra.audit.clone().unwrap_or_else(|| "security/audit.json".to_owned()),
        audit_max_age_days: cra.audit_max_age_days.unwrap_or(30),
    };
    let mut declaration = to_declaration(cra, package_name, version);
    declaration.product.license = license;
    let at_failed_key = |e: &SourceError| failed_keys.iter().any(|k| e.range == key_range(&product.text, k));
    errors.extend(metadata_problems(product, &declaration).into_iter().filter(|e| !at_failed_key(e)));
    errors.extend(missing_risk_assessment_files(product, &declaration));
    errors.sort_by_key(|e| e.range.start);
    if errors.is_empty() {
        Ok(ProductMetadata { declaration, vulnerabilities })
    } else {
        Err(BuildError::Source(errors))
    }
}

/// The placeholders of the product's `[package.metadata.cra]`, and those of
/// `[workspace.metadata.cra]` under keys the product takes from there: the top-level keys they
/// are under, and an error for each.
fn all_placeholders(product: &ManifestFile, workspace: Option<&ManifestFile>) -> (Vec<String>, Vec<SourceError>) {
    use super::placeholders::{placeholder_error, placeholders};
    let own = placeholders(product, &["package", "metadata", "cra"]);
    let workspace = workspace.unwrap_or(product);
    let product_keys: Vec<String> = product
        .text
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("package")?.get("metadata")?.get("cra")?.as_table().map(|c| c.keys().cloned().collect()))
        .unwrap_or_default();
    let shared: Vec<_> = placeholders(workspace, &["workspace", "metadata", "cra"])
        .into_iter()
        .filter(|p| !product_keys.contains(&p.top_key))
        .collect();
    let keys = own.iter().map(|p| p.top_key.clone()).collect();
    let errors = own
        .iter()
        .map(|p| placeholder_error(product, p))
        .chain(shared.iter().map(|p| placeholder_error(workspace, p)))
        .collect();
    (keys, errors)
}

/// The merged metadata, and the mistakes found reading it.
struct Merged {
    cra: CraToml,
    license: Option<String>,
    /// Keys of the wrong form (their values are left out of `cra`).
    errors: Vec<SourceError>,
    /// The keys those errors are at.
    failed_keys: Vec<String>,
}

/// The declaration's key paths that come from the metadata, and their manifest keys.
const METADATA_KEYS: &[(&str, &str)] = &[
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
fn metadata_key(field_path: &str) -> Option<(&'static str, &'static str)> {
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
        None => super::report::metadata_line(&product.text),
    }
}

/// Validation errors about facts that come from the metadata, each at its key in the manifest
/// (file, line, column, key path). Errors that depend on the components (claims, gaps, the
/// risk assessment that evidence may carry) are left to the validation of the whole declaration.
fn metadata_problems(product: &ManifestFile, declaration: &Declaration) -> Vec<SourceError> {
    declaration
        .validate()
        .problems
        .into_iter()
        // Placeholders are reported at their values by `all_placeholders`.
        .filter(|p| {
            p.severity == Severity::Error
                && p.code != "missing_risk_assessment"
                && p.code != "status_mismatch"
                && p.code != "placeholder"
        })
        .filter_map(|p| {
            let (field, key) = metadata_key(&p.path)?;
            let rest = &p.path[field.len()..];
            let key_path = format!("package.metadata.cra.{key}{rest}");
            Some(SourceError {
                path: product.path.clone(),
                source: product.text.clone(),
                range: key_range(&product.text, key),
                message: format!("{} [{}] at `{key_path}` ({})", p.message, p.code, p.reference),
                help: None,
            })
        })
        .collect()
}

/// A risk assessment named by path must exist, relative to the product's manifest directory
/// (Art. 13(3)–(4); Annex VII point 3). URLs are not fetched.
fn missing_risk_assessment_files(product: &ManifestFile, declaration: &Declaration) -> Vec<SourceError> {
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
            }),
            Location::Path(path) if !dir.join(path).is_file() => Some(SourceError {
                path: product.path.clone(),
                source: product.text.clone(),
                range: key_range(&product.text, key.split('.').next().unwrap_or(&key)),
                message: format!(
                    "the risk assessment `{path}` named at `package.metadata.cra.{key}` does not exist (Art. 13(3)–(4); Annex VII point 3)"
                ),
                help: Some("give a path relative to the package's Cargo.toml, or an `https://` URL".to_owned()),
            }),
            _ => None,
        })
        .collect()
}

/// Whether a file still holds the `FILL IN` marker of a template.
pub(crate) fn template(path: &std::path::Path) -> bool {
    std::fs::read(path)
        .is_ok_and(|bytes| super::walk::search::contains(&bytes, crate::validate::PLACEHOLDER.as_bytes()))
}

/// The byte range of `key` in `[package.metadata.cra]` (a line starting with it, or the
/// `[package.metadata.cra.key]` header), else the section header.
fn key_range(text: &str, key: &str) -> std::ops::Range<usize> {
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

/// `[package.metadata.cra]` with every missing key taken from `[workspace.metadata.cra]`.
/// Also returns the package's licence (SPDX expression), following `license.workspace = true`.
fn merged(product: &ManifestFile, workspace: Option<&ManifestFile>) -> Result<Merged, BuildError> {
    let own: MetadataManifest = match product.parse() {
        Ok(own) => own,
        Err(first) => return every_key(product, workspace, first),
    };
    let (shared, workspace_license): (CraToml, Option<String>) = match workspace {
        Some(file) if file.path != product.path => {
            let manifest: MetadataManifest = file.parse()?;
            let workspace = manifest.workspace.unwrap_or_default();
            (workspace.metadata.and_then(|m| m.cra).unwrap_or_default(), workspace.package.and_then(|p| p.license))
        }
        _ => (
            own.workspace.as_ref().and_then(|w| w.metadata.as_ref()).and_then(|m| m.cra.clone()).unwrap_or_default(),
            own.workspace.as_ref().and_then(|w| w.package.as_ref()).and_then(|p| p.license.clone()),
        ),
    };
    let package = own.package.unwrap_or_default();
    let license = match package.license {
        Some(LicenseField::Expression(expression)) => Some(expression),
        Some(LicenseField::Inherited { .. }) => workspace_license,
        None => None,
    };
    let package = package.metadata.and_then(|m| m.cra).unwrap_or_default();
    Ok(Merged { cra: merge_one(package, shared), license, errors: Vec::new(), failed_keys: Vec::new() })
}

/// After a first TOML error in the product manifest: every key of `[package.metadata.cra]` read
/// on its own, so that all wrong keys are reported in one pass, each at its key; the keys that
/// parse are merged with `[workspace.metadata.cra]` and go on to the required-key check and
/// validation. Falls back to the first error when the mistake is elsewhere (syntax, another
/// table).
fn every_key(
    product: &ManifestFile,
    workspace: Option<&ManifestFile>,
    first: BuildError,
) -> Result<Merged, BuildError> {
    let Ok(document) = product.text.parse::<toml::Table>() else { return Err(first) };
    let Some(cra) = document
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("cra"))
        .and_then(toml::Value::as_table)
    else {
        return Err(first);
    };
    let mut errors = Vec::new();
    let mut failed_keys = Vec::new();
    let mut parsed = CraToml::default();
    for (key, value) in cra {
        let single = toml::Table::from_iter([(key.clone(), value.clone())]);
        match serde_path_to_error::deserialize::<_, CraToml>(toml::Value::Table(single)) {
            Ok(one) => parsed = merge_one(parsed, one),
            Err(error) => {
                let path = format!("package.metadata.cra.{}", error.path());
                let mut located = product.error(error.inner(), &path);
                located.range = key_range(&product.text, key);
                errors.push(located);
                failed_keys.push(key.clone());
            }
        }
    }
    if errors.is_empty() {
        return Err(first);
    }
    errors.sort_by_key(|e| e.range.start);
    let (shared, license) = shared_metadata(&document, workspace);
    Ok(Merged { cra: merge_one(parsed, shared), license, errors, failed_keys })
}

/// `[workspace.metadata.cra]` and the package's licence, read leniently (for the report of a
/// manifest that has mistakes): what does not parse is left out.
fn shared_metadata(product: &toml::Table, workspace: Option<&ManifestFile>) -> (CraToml, Option<String>) {
    let workspace_table = match workspace.map(|w| w.text.parse::<toml::Table>()) {
        Some(Ok(table)) => table,
        _ => product.clone(),
    };
    let shared = workspace_table
        .get("workspace")
        .and_then(|w| w.get("metadata"))
        .and_then(|m| m.get("cra"))
        .and_then(|cra| cra.clone().try_into::<CraToml>().ok())
        .unwrap_or_default();
    let license = match product.get("package").and_then(|p| p.get("license")) {
        Some(toml::Value::String(expression)) => Some(expression.clone()),
        Some(_) => workspace_table
            .get("workspace")
            .and_then(|w| w.get("package"))
            .and_then(|p| p.get("license"))
            .and_then(toml::Value::as_str)
            .map(str::to_owned),
        None => None,
    };
    (shared, license)
}

/// The key a "missing key `x`" message names.
fn missing_key_name(message: &str) -> String {
    message.split('`').nth(1).map(|key| format!("package.metadata.cra.{key}")).unwrap_or_default()
}

/// Every key of `a`, and of `b` where `a` has none.
fn merge_one(a: CraToml, b: CraToml) -> CraToml {
    merge!(
        a,
        b,
        name,
        product_type,
        identification,
        intended_purpose,
        essential_functions,
        category,
        procedure,
        foss_with_public_documentation,
        placed_on_market,
        support_end,
        support_justification,
        manufacturer,
        authorised_representative,
        importer,
        vulnerability_contact,
        cvd_policy_url,
        specifications,
        notified_body,
        other_union_legislation,
        ce_marking,
        declaration_url,
        instructions_url,
        sbom_url,
        download_url,
        technical_support,
        foreseeable_risks,
        signature,
        security_properties,
        technical_documentation_url,
        source_code_url,
        risk_assessment,
        not_applicable,
        delegated_act,
        expected_use_time,
        support_reasoning,
        instructions,
        security_txt,
        vulnerability_records,
        audit,
        audit_max_age_days
    )
}

/// Every required key that is missing, each as an error at the `[package.metadata.cra]` header.
fn required_errors(product: &ManifestFile, m: &CraToml) -> Vec<SourceError> {
    let required: [(bool, &str, &str); 7] = [
        (
            m.product_type.is_some(),
            "type",
            "the product type, as on the product and in the simplified declaration (Annex II point 3; Annex VI)",
        ),
        (
            m.intended_purpose.is_some(),
            "intended-purpose",
            "what the product is for, including its security environment (Annex II point 4)",
        ),
        (
            m.category.is_some(),
            "category",
            "`default`, or the Annex III/IV item of the product's core functionality, e.g. `III.I.17`",
        ),
        (
            m.procedure.is_some(),
            "procedure",
            "the conformity assessment procedure, e.g. `module_a` or `module_b_plus_c` (Art. 32)",
        ),
        (
            m.placed_on_market.is_some(),
            "placed-on-market",
            "the date the product is (to be) first placed on the market, `YYYY-MM-DD`",
        ),
        (m.support_end.is_some(), "support-end", "the last month of support, `YYYY-MM` (Art. 13(19))"),
        (
            m.manufacturer.is_some(),
            "manufacturer",
            "a table with `name`, `postal-address`, `contact` (Annex II point 1)",
        ),
    ];
    required.iter().filter(|(present, ..)| !present).map(|(_, key, help)| missing_key(product, key, help)).collect()
}

/// The declaration from complete metadata.
fn to_declaration(m: CraToml, package_name: &str, version: &str) -> Declaration {
    let (Some(category), Some(procedure), Some(placed_on_market), Some(end), Some(manufacturer)) =
        (m.category, m.procedure, m.placed_on_market, m.support_end, m.manufacturer)
    else {
        unreachable!("required keys are checked before");
    };
    let mut declaration = Declaration::new(
        Product {
            name: m.name.unwrap_or_else(|| package_name.to_owned()),
            product_type: m.product_type.unwrap_or_default(),
            identification: m.identification.unwrap_or_else(|| format!("{package_name} {version}")),
            version: version.to_owned(),
            intended_purpose: m.intended_purpose.unwrap_or_default(),
            essential_functions: m.essential_functions.unwrap_or_default(),
            security_properties: m.security_properties.unwrap_or_default(),
            license: None,
        },
        manufacturer.into(),
        category,
        procedure,
        SupportPeriod {
            placed_on_market,
            end,
            shorter_period_justification: m.support_justification,
            expected_use_time: m.expected_use_time,
            reasoning: m.support_reasoning.unwrap_or_default(),
        },
    );
    declaration.technical_documentation_url = m.technical_documentation_url;
    declaration.source_code_url = m.source_code_url;
    declaration.risk_assessment = m.risk_assessment.map(location);
    declaration.not_applicable = m
        .not_applicable
        .unwrap_or_default()
        .into_iter()
        .map(|(AnyRequirement(requirement), n)| {
            (
                requirement,
                ProductNotApplicable { justification: n.justification, risk_assessment: location(n.risk_assessment) },
            )
        })
        .collect();
    declaration.delegated_act = m.delegated_act.map(|act| DelegatedAct {
        reference: act.reference,
        level: act.level,
        requirements: act.requirements.into_iter().map(|AnyRequirement(r)| r).collect(),
    });
    declaration.authorised_representative = m.authorised_representative.map(Party::from);
    declaration.importer = m.importer.map(Party::from);
    declaration.vulnerability_handling =
        VulnerabilityHandling { single_point_of_contact: m.vulnerability_contact, cvd_policy_url: m.cvd_policy_url };
    declaration.foss_with_public_documentation = m.foss_with_public_documentation.unwrap_or(false);
    declaration.specifications = m
        .specifications
        .unwrap_or_default()
        .into_iter()
        .map(|s| AppliedSpecification {
            kind: s.kind,
            reference: s.reference,
            level: s.level,
            certificate: s.certificate,
            coverage: s.coverage,
            parts_applied: s.parts_applied,
        })
        .collect();
    declaration.notified_body =
        m.notified_body.map(|b| NotifiedBody { name: b.name, number: b.number, certificate: b.certificate });
    declaration.other_union_legislation = m.other_union_legislation.unwrap_or_default();
    declaration.ce_marking = m.ce_marking;
    declaration.user_information = UserInformation {
        foreseeable_risks: m.foreseeable_risks.unwrap_or_default(),
        declaration_url: m.declaration_url,
        technical_support: m.technical_support,
        instructions_url: m.instructions_url,
        instructions: m.instructions.unwrap_or_default(),
        sbom_url: m.sbom_url,
        download_url: m.download_url,
    };
    declaration.signature = m.signature.map(|s| Signature {
        signed_for: s.signed_for,
        place: s.place,
        date: s.date,
        name: s.name,
        function: s.function,
        additional_information: s.additional_information,
    });
    declaration
}

fn missing_key(product: &ManifestFile, key: &str, help: &str) -> SourceError {
    let header = "[package.metadata.cra]";
    let start = product.text.find(header).unwrap_or(0);
    let end = if product.text.contains(header) { start + header.len() } else { 0 };
    SourceError {
        path: product.path.clone(),
        source: product.text.clone(),
        range: start..end,
        message: format!("missing key `{key}` in `[package.metadata.cra]` (or `[workspace.metadata.cra]`)"),
        help: Some(format!("add `{key} = ...`: {help}")),
    }
}
