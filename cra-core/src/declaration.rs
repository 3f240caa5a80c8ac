//! The declaration document: everything cra-rs knows about one product, from which the EU
//! declaration of conformity (Annex V), the simplified declaration (Annex VI), the user
//! information (Annex II) and the technical documentation index (Annex VII) are derived
//! ([`crate::annex`]).
//!
//! Documents carry [`SCHEMA_VERSION`]; the JSON Schema is `cra_core::schema::declaration_schema` (feature `schema`).

mod parts;

#[cfg(feature = "build")]
pub(crate) use parts::coverage_map;
pub use parts::{
    AppliedSpecification, InstructionTopic, NotifiedBody, Party, Product, SpecificationKind, UserInformation,
    VulnerabilityHandling,
};
use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::catalogue::{CATALOGUE_VERSION, Category, RequirementId};
use crate::claim::{Claim, RequirementState};
use crate::conformity::ProcedureKind;
use crate::conformity::{AssessmentFacts, AssuranceLevel, Coverage, Procedure};
use crate::evidence::Location;
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
    /// The importer, when the product bears the name or trademark of a manufacturer established
    /// outside the Union: it places the product on the market, gives its own name and contact
    /// with the product (Art. 19(4)) and keeps a copy of this declaration (Art. 19(6)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importer: Option<Party>,
    /// How vulnerabilities are reported to the manufacturer (Annex II point 2; Annex I Part II(5)–(6)).
    pub vulnerability_handling: VulnerabilityHandling,
    /// `complete` or `draft`, as [`Declaration::conformity_status`] decides; recorded by
    /// [`Declaration::normalize`]. A document that says `complete` while it is a draft fails
    /// validation (`status_mismatch`).
    #[serde(default)]
    pub status: ConformityStatus,
    /// The product's category, from its core functionality (Art. 7(1)).
    pub category: Category,
    /// The conformity assessment procedure (Art. 32).
    pub procedure: Procedure,
    /// The manufacturer relies on Art. 32(5): free and open-source software whose technical
    /// documentation is public. Validation checks [`Product::license`] and
    /// [`Declaration::technical_documentation_url`] for it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub foss_with_public_documentation: bool,
    /// Where the technical documentation is public (Art. 32(5)), if it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical_documentation_url: Option<String>,
    /// Where the product's source code is openly shared: free and open-source software is
    /// software "whose source code is openly shared" (Art. 3(48)), which Art. 32(5) needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_code_url: Option<String>,
    /// The product's cybersecurity risk assessment (Art. 13(2)–(4); Annex VII point 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_assessment: Option<Location>,
    /// Part I(2) requirements that the product's risk assessment found not to apply, each with its
    /// justification (Art. 13(3)–(4)). Only this product-level statement makes a requirement not
    /// applicable; a component's `not_applicable` speaks for that component only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub not_applicable: BTreeMap<RequirementId, ProductNotApplicable>,
    /// A delegated act under Art. 8(1) that requires a European cybersecurity certificate for
    /// this (critical) product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_act: Option<DelegatedAct>,
    /// Harmonised standards, common specifications and certification schemes applied (Art. 27;
    /// Annex V point 6; Annex VII point 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub specifications: Vec<AppliedSpecification>,
    /// The notified body, for Module B + C and Module H (Annex V point 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified_body: Option<NotifiedBody>,
    /// Other Union harmonisation legislation the declaration covers (Art. 28(3)), each with its
    /// publication reference in the Official Journal (Annex V point 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_union_legislation: Vec<String>,
    /// Where the CE marking is affixed (Art. 30(1)); `None` while not said, a gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ce_marking: Option<crate::ce_marking::CeMarking>,
    /// The support period (Art. 13(8), 13(19)).
    pub support_period: SupportPeriod,
    /// Information for users beyond identity and contacts (Annex II points 5–9).
    pub user_information: UserInformation,
    /// The product's components and their claims, sorted by name.
    pub components: Vec<Component>,
    /// What the build knows of vulnerabilities in this version that keeps Annex I Part I(2)(a)
    /// open: records affecting it, advisories no record settles, an audit of other crates or an
    /// old one ([`crate::known_vulnerabilities`]). Each is a gap; sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vulnerability_findings: Vec<crate::known_vulnerabilities::VulnerabilityFinding>,
    /// Signature block (Annex V point 8); absent in a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// Whether the declaration may carry the statement of conformity (Art. 28(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConformityStatus {
    /// Something is open: an applicable requirement not assessed or only partially addressed,
    /// or a validation error. The Annex V view carries no statement of conformity.
    #[default]
    Draft,
    /// Every applicable requirement is addressed and validation finds no error.
    Complete,
}

/// The product-level statement that a Part I(2) requirement does not apply (Art. 13(3)–(4)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct ProductNotApplicable {
    /// Why it does not apply to the product; it goes into the technical documentation.
    pub justification: String,
    /// Where the risk assessment that reaches this conclusion is (Annex VII point 3).
    pub risk_assessment: Location,
}

/// A delegated act under Art. 8(1) requiring certification of a critical product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct DelegatedAct {
    /// Its reference in the Official Journal, e.g. `Delegated Regulation (EU) 20XX/NNNN`.
    pub reference: String,
    /// The assurance level it requires (at least "substantial", Art. 8(1)).
    pub level: AssuranceLevel,
    /// The requirements it covers when it covers only parts of Annex I; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<RequirementId>,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_false(value: &bool) -> bool {
    !*value
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
        // By requirement, then by the whole claim: two claims of one requirement (a mistake the
        // validation reports) must not keep the order they were found in, or the same content
        // would give other bytes.
        self.claims.sort_by_cached_key(|claim| (claim.requirement(), serde_json::to_string(claim).unwrap_or_default()));
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
            importer: None,
            vulnerability_handling: VulnerabilityHandling::default(),
            category,
            procedure,
            status: ConformityStatus::Draft,
            foss_with_public_documentation: false,
            source_code_url: None,
            technical_documentation_url: None,
            risk_assessment: None,
            not_applicable: BTreeMap::new(),
            delegated_act: None,
            specifications: Vec::new(),
            notified_body: None,
            other_union_legislation: Vec::new(),
            ce_marking: None,
            support_period,
            user_information: UserInformation::default(),
            components: Vec::new(),
            vulnerability_findings: Vec::new(),
            signature: None,
        }
    }

    /// Sorts components by name and each component's claims by requirement, so that the same
    /// content always serializes to the same bytes, and records [`Declaration::status`].
    pub fn normalize(&mut self) {
        self.sort();
        self.status = self.conformity_status();
    }

    /// The sorting of [`Declaration::normalize`].
    pub(crate) fn sort(&mut self) {
        self.components.iter_mut().for_each(Component::normalize);
        // By name, then by content: components of one name (reported as duplicates) too.
        self.components.sort_by_cached_key(|c| (c.name.clone(), serde_json::to_string(c).unwrap_or_default()));
        self.other_union_legislation.sort();
        self.vulnerability_findings.sort();
        self.vulnerability_findings.dedup();
    }

    /// The product state of every requirement: **the** rule that validation, the gap report,
    /// the procedure check and the annex views share (Art. 13(3)–(4)).
    ///
    /// 1. Not applicable only by the product's statement ([`Declaration::not_applicable`]), which
    ///    follows from its risk assessment; never for Part I(1) or Part II.
    /// 2. Otherwise partially addressed if any component addresses it only in part.
    /// 3. Otherwise addressed if a component addresses it.
    /// 4. Otherwise not assessed. A component's `not_applicable` speaks for that component
    ///    only and does not change the product state.
    /// 5. I.2.a addressed by components is only partially addressed while the build knows of
    ///    a vulnerability of this version ([`Declaration::vulnerability_findings`]).
    pub fn requirement_states(&self) -> BTreeMap<RequirementId, RequirementState> {
        // One pass over the claims (a report of 500 components asks this for every view).
        let mut states: BTreeMap<RequirementId, RequirementState> =
            RequirementId::ALL.iter().map(|r| (*r, RequirementState::NotAssessed)).collect();
        for claim in self.components.iter().flat_map(|c| &c.claims) {
            if let Some(state) = states.get_mut(&claim.requirement()) {
                *state = state.combine(claim.state());
            }
        }
        for (requirement, state) in &mut states {
            if self.declared_not_applicable(*requirement) {
                *state = RequirementState::NotApplicable;
            }
            *state = self.with_findings(*requirement, *state);
        }
        states
    }

    /// Rule 5 of [`Declaration::requirement_states`]: a known vulnerability of this version
    /// ([`Declaration::vulnerability_findings`]) leaves I.2.a at most partially addressed,
    /// whatever the components claim (Annex I Part I(2)(a)).
    fn with_findings(&self, requirement: RequirementId, state: RequirementState) -> RequirementState {
        if requirement == RequirementId::I2a
            && state == RequirementState::Addressed
            && !self.vulnerability_findings.is_empty()
        {
            RequirementState::PartiallyAddressed
        } else {
            state
        }
    }

    /// The product state of one requirement ([`Declaration::requirement_states`]).
    pub fn requirement_state(&self, requirement: RequirementId) -> RequirementState {
        if self.declared_not_applicable(requirement) {
            return RequirementState::NotApplicable;
        }
        let claimed = self
            .components
            .iter()
            .flat_map(|c| &c.claims)
            .filter(|c| c.requirement() == requirement)
            .fold(RequirementState::NotAssessed, |state, claim| state.combine(claim.state()));
        self.with_findings(requirement, claimed)
    }

    /// Rule 1 of [`Declaration::requirement_states`].
    fn declared_not_applicable(&self, requirement: RequirementId) -> bool {
        !requirement.always_applies() && self.not_applicable.contains_key(&requirement)
    }

    /// Components that declare `requirement` not applicable to themselves.
    pub fn components_declaring_not_applicable(&self, requirement: RequirementId) -> Vec<&str> {
        self.components
            .iter()
            .filter(|c| {
                c.claims
                    .iter()
                    .any(|claim| claim.requirement() == requirement && matches!(claim, Claim::NotApplicable { .. }))
            })
            .map(|c| c.name.as_str())
            .collect()
    }

    /// Whether the package licence is a free and open-source licence: the SPDX expression parses
    /// and is satisfiable by licences the SPDX list marks OSI-approved or FSF free/libre
    /// (Art. 32(5)). `None` when no licence is recorded.
    pub fn open_source_license(&self) -> Option<bool> {
        self.product.license.as_deref().map(crate::conformity::is_free_open_source)
    }

    /// Whether the source code is openly shared: a non-empty URL is recorded (Art. 3(48)).
    pub fn source_shared(&self) -> bool {
        self.source_code_url.as_deref().is_some_and(|u| !u.trim().is_empty())
    }

    /// Whether the technical documentation is public: a non-empty URL is recorded (Art. 32(5)).
    pub fn documentation_public(&self) -> bool {
        self.technical_documentation_url.as_deref().is_some_and(|u| !u.trim().is_empty())
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
        let open_source = self.open_source_license() == Some(true);
        AssessmentFacts {
            category: self.category,
            coverage,
            not_applicable,
            foss_with_public_documentation: self.foss_with_public_documentation
                && open_source
                && self.documentation_public()
                && self.source_shared(),
            open_source_license: open_source,
            certification_required_by_delegated_act: self.delegated_act.is_some(),
            delegated_act_level: self.delegated_act.as_ref().map(|a| a.level),
        }
    }

    /// Serializes as pretty JSON with a trailing newline. Call [`Declaration::normalize`] first
    /// for byte-stable output.
    pub fn to_json(&self) -> String {
        crate::write::json_text(self)
    }
}

/// The CE marking (Art. 30), as the documents write it.
impl Declaration {
    /// The marking as affixed: `CE`, followed by the notified body's identification number when the
    /// body is involved in the production control phase, which under this regulation is Module H
    /// (Art. 30(4)).
    pub fn ce_marking_text(&self) -> String {
        match (&self.notified_body, self.procedure.kind()) {
            (Some(body), ProcedureKind::ModuleH) if !body.number.trim().is_empty() => {
                format!("CE {}", body.number.trim())
            }
            _ => "CE".to_owned(),
        }
    }

    /// One line for the documents: the marking and where it is; `None` while the declaration does
    /// not say where.
    pub fn ce_marking_line(&self) -> Option<String> {
        let placement = self.ce_marking.as_ref()?;
        let number = match self.procedure.kind() {
            ProcedureKind::ModuleH => " (the notified body's identification number follows it, Art. 30(4))",
            _ => "",
        };
        Some(format!("{}{number}, {} (Art. 30(1))", self.ce_marking_text(), placement.placement()))
    }
}
