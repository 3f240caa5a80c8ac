//! The parts of a declaration besides its components: the product, the parties (manufacturer,
//! authorised representative, importer), vulnerability handling, the specifications applied,
//! the notified body and the user information (Annex II; Annex V).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalogue::RequirementId;
use crate::conformity::{AssuranceLevel, Coverage};

/// Identity and purpose of the product.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Product {
    /// Product name.
    pub name: String,
    /// Product type (Annex II point 3; Annex VI).
    #[serde(rename = "type")]
    pub product_type: String,
    /// Unique identification: model, batch or serial number, software version (Art. 13(15)).
    pub identification: String,
    /// Software version of the build this declaration describes (Annex VII point 1(b)).
    pub version: String,
    /// Intended purpose, including the security environment (Annex II point 4).
    pub intended_purpose: String,
    /// Essential functions (Annex II point 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub essential_functions: Vec<String>,
    /// Security properties (Annex II point 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_properties: Vec<String>,
    /// The licence, as an SPDX expression (from the package's `license`); decides whether the
    /// product is free and open-source software for Art. 32(5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
}

/// A manufacturer or authorised representative.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Party {
    /// Name, registered trade name or trademark.
    pub name: String,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_address: Option<String>,
    /// Email address or other digital contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Website, where available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// The vulnerability-handling contacts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct VulnerabilityHandling {
    /// Single point of contact for reporting and receiving vulnerability information
    /// (Art. 13(17); Annex II point 2; Annex I Part II(6)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_point_of_contact: Option<String>,
    /// Where the coordinated vulnerability disclosure policy is (Annex II point 2; Annex I Part II(5)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvd_policy_url: Option<String>,
    /// Where the manufacturer publishes its CSAF advisories: its CSAF folder (e.g.
    /// `https://example.com/.well-known/csaf`), under which an advisory's canonical URL is
    /// `<tlp>/<year>/<id>.json` (CSAF 2.0 sections 5.1, 7.1.11; Annex I Part II(4), (8)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisories_url: Option<String>,
}

/// What kind of specification gives presumption of conformity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SpecificationKind {
    /// A harmonised standard cited in the Official Journal (Art. 27(1)).
    HarmonisedStandard,
    /// A common specification adopted by implementing act (Art. 27(2)).
    CommonSpecification,
    /// A European cybersecurity certification scheme (Art. 27(8)–(9)).
    CertificationScheme,
}

/// A standard, common specification or certification applied, and what it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct AppliedSpecification {
    /// What it is.
    pub kind: SpecificationKind,
    /// Its reference, e.g. the standard's number and edition or the scheme's name.
    pub reference: String,
    /// For a certificate: its assurance level. Only "substantial" or higher counts towards Module
    /// A for Class I (Art. 32(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<AssuranceLevel>,
    /// For a certificate: its identification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// How far it covers each essential requirement; requirements not listed are not covered.
    /// Reading accepts IDs, symbolic names, `all`, `I`, `I.2`, `II` and ranges `I.2.a..I.2.f`
    /// ([`RequirementId::select`]); writing uses IDs.
    #[serde(deserialize_with = "coverage_map")]
    pub coverage: BTreeMap<RequirementId, Coverage>,
    /// The parts applied, when applied in part (Annex VII point 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts_applied: Option<String>,
}

/// Reads a coverage table whose keys may select several requirements
/// ([`RequirementId::select`]); a later, more specific key overrides an earlier one only when it
/// is better covered, so `{ all = "partial", "I.2.e" = "full" }` means what it says.
pub(crate) fn coverage_map<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<RequirementId, Coverage>, D::Error> {
    let raw = BTreeMap::<String, Coverage>::deserialize(deserializer)?;
    let mut coverage = BTreeMap::new();
    for (key, level) in raw {
        for requirement in RequirementId::select(&key).map_err(serde::de::Error::custom)? {
            let entry = coverage.entry(requirement).or_insert(level);
            *entry = (*entry).max(level);
        }
    }
    Ok(coverage)
}

impl AppliedSpecification {
    /// Whether this specification counts for presumption of conformity in procedure rules: a
    /// certificate must be at "substantial" or higher (Art. 32(2), 27(9)).
    pub fn counts_for_procedure(&self) -> bool {
        self.kind != SpecificationKind::CertificationScheme
            || self.level.is_some_and(|level| level >= AssuranceLevel::Substantial)
    }
}

/// The notified body (Annex V point 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct NotifiedBody {
    /// Name.
    pub name: String,
    /// Identification number.
    pub number: String,
    /// Certificate issued (EU-type examination certificate or quality system approval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
}

/// Annex II information beyond identity and contacts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct UserInformation {
    /// Known or foreseeable circumstances that may lead to significant cybersecurity risks
    /// (Annex II point 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreseeable_risks: Vec<String>,
    /// The exact URL of the EU declaration of conformity (Annex II point 6; Annex VI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration_url: Option<String>,
    /// The type of technical security support offered (Annex II point 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical_support: Option<String>,
    /// Where the detailed instructions of Annex II point 8 are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions_url: Option<String>,
    /// The instructions of Annex II point 8 (a)–(f) themselves, each under its letter, when no
    /// URL is given; a letter that does not apply says why.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub instructions: BTreeMap<InstructionTopic, String>,
    /// Where users find the SBOM, if it is made available to them (Annex II point 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sbom_url: Option<String>,
    /// Where the product's deployable form (the binary, the firmware image) is distributed: the
    /// SBOM's URI of the deployable form (BSI TR-03183-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_url: Option<String>,
}

/// The topics of the detailed instructions of Annex II point 8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum InstructionTopic {
    /// (a) secure commissioning and use over the lifetime.
    #[serde(rename = "a")]
    SecureUse,
    /// (b) how changes to the product affect the security of data.
    #[serde(rename = "b")]
    ChangesAndData,
    /// (c) installing security updates.
    #[serde(rename = "c")]
    InstallingUpdates,
    /// (d) secure decommissioning and removal of user data.
    #[serde(rename = "d")]
    Decommissioning,
    /// (e) turning off automatic security updates (Annex I Part I(2)(c)).
    #[serde(rename = "e")]
    AutomaticUpdatesOff,
    /// (f) for products meant for integration, what integrators need for Annex I and VII.
    #[serde(rename = "f")]
    Integration,
}

impl InstructionTopic {
    /// Every topic, (a) to (f).
    pub const ALL: [InstructionTopic; 6] = [
        InstructionTopic::SecureUse,
        InstructionTopic::ChangesAndData,
        InstructionTopic::InstallingUpdates,
        InstructionTopic::Decommissioning,
        InstructionTopic::AutomaticUpdatesOff,
        InstructionTopic::Integration,
    ];

    /// The letter, `a`–`f`.
    pub fn letter(self) -> &'static str {
        match self {
            InstructionTopic::SecureUse => "a",
            InstructionTopic::ChangesAndData => "b",
            InstructionTopic::InstallingUpdates => "c",
            InstructionTopic::Decommissioning => "d",
            InstructionTopic::AutomaticUpdatesOff => "e",
            InstructionTopic::Integration => "f",
        }
    }
}
