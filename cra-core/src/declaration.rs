//! The declaration document: everything cra-rs knows about one product, from which the EU
//! declaration of conformity (Annex V), the simplified declaration (Annex VI), the user
//! information (Annex II) and the technical documentation index (Annex VII) are derived
//! ([`crate::annex`]).
//!
//! Documents carry [`SCHEMA_VERSION`]; the JSON Schema is `cra_core::schema::declaration_schema` (feature `schema`).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::catalogue::{CATALOGUE_VERSION, Category, RequirementId};
use crate::claim::{Claim, RequirementState};
use crate::conformity::{AssessmentFacts, AssuranceLevel, Coverage, Procedure};
use crate::support::SupportPeriod;

/// Version of the declaration document format. A document with a higher version was written by
/// a newer cra-rs; its unknown fields are reported when it is read.
pub const SCHEMA_VERSION: u32 = 1;

/// The `$id` of the JSON Schema for this document version.
pub const SCHEMA_ID: &str = "urn:cra-rs:schema:declaration:1";

/// The machine-readable conformity declaration of one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Declaration {
    /// Document format version, [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Version of the requirement catalogue the claims refer to.
    pub catalogue_version: String,
    /// The product (Annex II points 3–4; Annex V point 1).
    pub product: Product,
    /// The manufacturer (Annex II point 1; Annex V point 2).
    pub manufacturer: Party,
    /// The authorised representative, where one is mandated (Art. 18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorised_representative: Option<Party>,
    /// How vulnerabilities are reported to the manufacturer (Annex II point 2; Annex I Part II(5)–(6)).
    pub vulnerability_handling: VulnerabilityHandling,
    /// The product's category, from its core functionality (Art. 7(1)).
    pub category: Category,
    /// The conformity assessment procedure (Art. 32).
    pub procedure: Procedure,
    /// Free and open-source software whose technical documentation is public (Art. 32(5)).
    #[serde(default, skip_serializing_if = "is_false")]
    pub foss_with_public_documentation: bool,
    /// Harmonised standards, common specifications and certification schemes applied (Art. 27;
    /// Annex V point 6; Annex VII point 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub specifications: Vec<AppliedSpecification>,
    /// The notified body, for Module B + C and Module H (Annex V point 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified_body: Option<NotifiedBody>,
    /// Other Union harmonisation legislation the declaration covers (Art. 28(3)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_union_legislation: Vec<String>,
    /// The support period (Art. 13(8), 13(19)).
    pub support_period: SupportPeriod,
    /// Information for users beyond identity and contacts (Annex II points 5–9).
    pub user_information: UserInformation,
    /// The product's components and their claims, sorted by name.
    pub components: Vec<Component>,
    /// Signature block (Annex V point 8); absent in a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(value: &bool) -> bool {
    !*value
}

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
    /// Essential functions and security properties (Annex II point 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub essential_functions: Vec<String>,
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
}

/// What kind of specification gives presumption of conformity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
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
    pub coverage: BTreeMap<RequirementId, Coverage>,
    /// The parts applied, when applied in part (Annex VII point 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts_applied: Option<String>,
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
    /// Where users find the SBOM, if it is made available to them (Annex II point 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sbom_url: Option<String>,
}

/// The signature block (Annex V point 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Signature {
    /// Signed for and on behalf of.
    pub signed_for: String,
    /// Place of issue.
    pub place: String,
    /// Date of issue.
    #[cfg_attr(feature = "schema", schemars(with = "String", regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    pub date: Date,
    /// Name of the signatory.
    pub name: String,
    /// Function of the signatory.
    pub function: String,
    /// Additional information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
}

/// One component of the product and its claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Component {
    /// Name, unique within the product.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Version.
    pub version: String,
    /// The Rust crate that declares it, when it comes from code.
    #[serde(default, rename = "crate", skip_serializing_if = "Option::is_none")]
    pub crate_name: Option<String>,
    /// Claims, one per requirement.
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// Names of the components it builds on (Annex VII point 2(a), system architecture).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// External interfaces it exposes (Annex I Part I(2)(j), attack surface).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<Interface>,
    /// Why the build could not decide whether this component is compiled in (a `cfg` it cannot
    /// evaluate, a macro it does not expand). Listed, never dropped: the gap report names it and
    /// the run-time registry check (`declaration_tests!`) settles it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undetermined: Option<String>,
}

/// An external interface: part of the attack surface.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Interface {
    /// Name, e.g. `mqtt` or `https-api`.
    pub name: String,
    /// What it exposes and to whom.
    pub description: String,
}

impl Component {
    /// Sorts claims by requirement, dependencies and interfaces by name, and drops repeated
    /// dependencies: the order every document and registry listing uses.
    pub fn normalize(&mut self) {
        self.claims.sort_by_key(Claim::requirement);
        self.depends_on.sort();
        self.depends_on.dedup();
        self.interfaces.sort();
    }
}

impl Declaration {
    /// A declaration with the current schema and catalogue versions and no components.
    pub fn new(
        product: Product,
        manufacturer: Party,
        category: Category,
        procedure: Procedure,
        support_period: SupportPeriod,
    ) -> Declaration {
        Declaration {
            schema_version: SCHEMA_VERSION,
            catalogue_version: CATALOGUE_VERSION.to_owned(),
            product,
            manufacturer,
            authorised_representative: None,
            vulnerability_handling: VulnerabilityHandling::default(),
            category,
            procedure,
            foss_with_public_documentation: false,
            specifications: Vec::new(),
            notified_body: None,
            other_union_legislation: Vec::new(),
            support_period,
            user_information: UserInformation::default(),
            components: Vec::new(),
            signature: None,
        }
    }

    /// Sorts components by name and each component's claims by requirement, so that the same
    /// content always serializes to the same bytes.
    pub fn normalize(&mut self) {
        self.components.sort_by(|a, b| a.name.cmp(&b.name));
        self.components.iter_mut().for_each(Component::normalize);
        self.other_union_legislation.sort();
    }

    /// The state of every requirement over all components: the gap view.
    pub fn requirement_states(&self) -> BTreeMap<RequirementId, RequirementState> {
        let mut states: BTreeMap<RequirementId, RequirementState> =
            RequirementId::ALL.iter().map(|r| (*r, RequirementState::NotAssessed)).collect();
        for claim in self.components.iter().flat_map(|c| &c.claims) {
            let state = states.entry(claim.requirement()).or_insert(RequirementState::NotAssessed);
            *state = state.combine(claim.state());
        }
        states
    }

    /// The facts for the procedure rules: category, per-requirement coverage from the applied
    /// specifications, and the requirements the product declares not applicable.
    pub fn assessment_facts(&self) -> AssessmentFacts {
        let mut coverage = BTreeMap::new();
        for spec in self.specifications.iter().filter(|s| s.counts_for_procedure()) {
            for (requirement, level) in &spec.coverage {
                let best = coverage.entry(*requirement).or_insert(Coverage::None);
                *best = (*best).max(*level);
            }
        }
        let not_applicable: BTreeSet<RequirementId> = self
            .requirement_states()
            .into_iter()
            .filter(|(_, state)| *state == RequirementState::NotApplicable)
            .map(|(r, _)| r)
            .collect();
        AssessmentFacts {
            category: self.category,
            coverage,
            not_applicable,
            foss_with_public_documentation: self.foss_with_public_documentation,
            certification_required_by_delegated_act: false,
        }
    }

    /// Serializes as pretty JSON with a trailing newline. Call [`Declaration::normalize`] first
    /// for byte-stable output.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a declaration always serializes");
        text.push('\n');
        text
    }
}
