//! Product metadata: the facts that belong to the product, not to a component, in
//! `[package.metadata.cra]` of the product's Cargo.toml. Any key missing there is taken from
//! `[workspace.metadata.cra]`, so shared values such as the manufacturer are written once.
//!
//! Unknown or misspelled keys and values of the wrong type are errors that name the file, the
//! line and the key, with "did you mean" (the TOML types deny unknown fields).

mod keys;
mod read;

pub(crate) use keys::{line_of, locate};
pub(crate) use read::read_product;
use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::build::diagnostics::{BuildError, SourceError};
use crate::catalogue::{Category, RequirementId};
use crate::conformity::{AssuranceLevel, Coverage, Procedure};
use crate::declaration::{Declaration, InstructionTopic, Party, SpecificationKind};
use crate::evidence::Location;
use crate::support::{UseTime, YearMonth};
use crate::toml_date::LiteralOrString;

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
    advisories_url: Option<String>,
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
    /// The environment variable that names the signing key file: read by `cargo cra build`
    /// (docs/sbom.md, "Signing"), not part of the declaration. A name, never a key: keys stay
    /// out of the repository.
    signing_key_env: Option<String>,
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
    /// The mistakes found in the keys that were read.
    pub(crate) key_errors: KeyErrors,
}

impl ProductMetadata {
    /// The risk assessments named by path, in `manifest_dir`: evidence of the build, so a change
    /// reruns it.
    pub(crate) fn risk_assessment_files(&self, manifest_dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let declaration = &self.declaration;
        let named =
            declaration.risk_assessment.iter().chain(declaration.not_applicable.values().map(|n| &n.risk_assessment));
        named
            .filter_map(|location| match location {
                Location::Path(path) => Some(manifest_dir.join(path)),
                Location::Url(_) => None,
            })
            .collect()
    }
}

/// Mistakes in the metadata's keys that do not stop the build before validation: keys of the
/// wrong form (left out of the declaration), placeholders, risk-assessment files missing or
/// still templates. Each is at its key.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyErrors {
    /// The errors, in the order of the manifest.
    pub(crate) errors: Vec<SourceError>,
    /// The keys whose value was left out because it has the wrong form: validation problems on
    /// them are about the missing value, not the written one, and are not reported.
    pub(crate) failed_keys: Vec<String>,
}

impl KeyErrors {
    /// Whether there is none.
    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The error of a later step, with these first: mistakes a later step found in sources are
    /// reported beside them; any other failure of a later step shows once the metadata is
    /// right, as the step ran on a declaration with the wrong keys left out.
    pub(crate) fn ahead_of(&self, error: BuildError) -> BuildError {
        if self.is_empty() {
            return error;
        }
        let mut errors = self.errors.clone();
        if let BuildError::Source(later) = error {
            errors.extend(later);
        }
        BuildError::Source(errors)
    }
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
