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
    AppliedSpecification, Declaration, NotifiedBody, Party, Product, Signature, SpecificationKind, UserInformation,
    VulnerabilityHandling,
};
use crate::support::{SupportPeriod, YearMonth};

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
    date: Date,
    name: String,
    function: String,
    additional_information: Option<String>,
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
    category: Option<Category>,
    #[serde(default, deserialize_with = "procedure")]
    procedure: Option<Procedure>,
    foss_with_public_documentation: Option<bool>,
    placed_on_market: Option<Date>,
    support_end: Option<YearMonth>,
    support_justification: Option<String>,
    manufacturer: Option<PartyToml>,
    authorised_representative: Option<PartyToml>,
    vulnerability_contact: Option<String>,
    cvd_policy_url: Option<String>,
    specifications: Option<Vec<SpecificationToml>>,
    notified_body: Option<NotifiedBodyToml>,
    other_union_legislation: Option<Vec<String>>,
    declaration_url: Option<String>,
    instructions_url: Option<String>,
    sbom_url: Option<String>,
    technical_support: Option<String>,
    foreseeable_risks: Option<Vec<String>>,
    signature: Option<SignatureToml>,
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
            Procedure::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }
    deserializer.deserialize_any(ProcedureVisitor)
}

#[derive(Debug, Default, Deserialize)]
struct MetadataTable {
    cra: Option<CraToml>,
}

#[derive(Debug, Default, Deserialize)]
struct PackageTable {
    metadata: Option<MetadataTable>,
}

#[derive(Debug, Default, Deserialize)]
struct WorkspaceTable {
    metadata: Option<MetadataTable>,
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

/// The product's metadata as declaration fields.
pub fn read_product(
    product: &ManifestFile,
    workspace: Option<&ManifestFile>,
    package_name: &str,
    version: &str,
) -> Result<Declaration, BuildError> {
    let merged = merged(product, workspace)?;
    check_required(product, &merged)?;
    Ok(to_declaration(merged, package_name, version))
}

/// `[package.metadata.cra]` with every missing key taken from `[workspace.metadata.cra]`.
fn merged(product: &ManifestFile, workspace: Option<&ManifestFile>) -> Result<CraToml, BuildError> {
    let own: MetadataManifest = product.parse()?;
    let shared: CraToml = match workspace {
        Some(file) if file.path != product.path => {
            let manifest: MetadataManifest = file.parse()?;
            manifest.workspace.and_then(|w| w.metadata).and_then(|m| m.cra).unwrap_or_default()
        }
        _ => own.workspace.as_ref().and_then(|w| w.metadata.as_ref()).and_then(|m| m.cra.clone()).unwrap_or_default(),
    };
    let package = own.package.and_then(|p| p.metadata).and_then(|m| m.cra).unwrap_or_default();
    Ok(merge!(
        package,
        shared,
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
        vulnerability_contact,
        cvd_policy_url,
        specifications,
        notified_body,
        other_union_legislation,
        declaration_url,
        instructions_url,
        sbom_url,
        technical_support,
        foreseeable_risks,
        signature
    ))
}

/// Every required key that is missing, each as an error at the `[package.metadata.cra]` header.
fn check_required(product: &ManifestFile, m: &CraToml) -> Result<(), BuildError> {
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
    let missing: Vec<SourceError> = required
        .iter()
        .filter(|(present, ..)| !present)
        .map(|(_, key, help)| missing_key(product, key, help))
        .collect();
    if missing.is_empty() { Ok(()) } else { Err(BuildError::Source(missing)) }
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
        },
        manufacturer.into(),
        category,
        procedure,
        SupportPeriod { placed_on_market, end, shorter_period_justification: m.support_justification },
    );
    declaration.authorised_representative = m.authorised_representative.map(Party::from);
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
    declaration.user_information = UserInformation {
        foreseeable_risks: m.foreseeable_risks.unwrap_or_default(),
        declaration_url: m.declaration_url,
        technical_support: m.technical_support,
        instructions_url: m.instructions_url,
        sbom_url: m.sbom_url,
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
