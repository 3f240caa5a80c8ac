//! The documents the law asks for, derived from a [`Declaration`]: the EU declaration of
//! conformity (Annex V, 8 points), the simplified declaration (Annex VI), the information and
//! instructions to the user (Annex II, 9 points) and an index of the technical documentation
//! (Annex VII, 8 points) that points to the evidence.
//!
//! These are views: they hold no data of their own, so they can never drift from the declaration.

mod technical_documentation;

pub use crate::conformity::notified_body_certificate;

#[cfg(feature = "render")]
pub(crate) use technical_documentation::{EvidenceEntry, entries_by_point, evidence_by_point};
pub use technical_documentation::{EvidencePointer, TechnicalDocumentationPoint, technical_documentation_index};

use serde::{Deserialize, Serialize};

use crate::catalogue::ACT;
use crate::conformity::{Procedure, level_name, scheme_act};
use crate::declaration::{AppliedSpecification, ConformityStatus, Declaration, InstructionTopic, Party, Signature};
use crate::validate::Assessment;

/// The EU declaration of conformity, point by point (Annex V; Art. 28).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EuDeclarationOfConformity {
    /// Point 1: name, type and any additional information enabling the unique identification.
    pub product: String,
    /// Point 2: name and address of the manufacturer or its authorised representative.
    pub manufacturer: String,
    /// Point 3: sole-responsibility statement.
    pub sole_responsibility: String,
    /// Point 4: object of the declaration, identified for traceability.
    pub object: String,
    /// `complete` or `draft`: a draft carries no statement of conformity (Art. 28(1)).
    pub status: ConformityStatus,
    /// Point 5: conformity with the relevant Union harmonisation legislation; `None` in a draft.
    pub conformity: Option<String>,
    /// In a draft: what is still open, one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open: Vec<String>,
    /// Point 6: harmonised standards, common specifications or certifications used.
    pub specifications: Vec<String>,
    /// Point 7: the conformity assessment procedure, for every route.
    pub procedure: String,
    /// Point 7: notified body and certificate, where applicable.
    pub notified_body: Option<String>,
    /// Point 8: additional information and signature.
    pub signature: Option<Signature>,
    /// The CE marking and where it is affixed (Art. 30(1), 30(4)); `None` while not said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ce_marking: Option<String>,
    /// The marking itself (`CE`, or `CE` and the notified body's number) when it is affixed to
    /// the declaration, which then bears it; never on a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ce_mark: Option<String>,
}

fn party_line(party: &Party) -> String {
    match &party.postal_address {
        Some(address) => format!("{}, {address}", party.name),
        None => party.name.clone(),
    }
}

fn specification_line(spec: &AppliedSpecification) -> String {
    let extent = match &spec.parts_applied {
        Some(parts) => format!(" (applied in part: {parts})"),
        None => String::new(),
    };
    let certificate = spec.certificate.as_ref().map(|c| format!(", certificate {c}")).unwrap_or_default();
    format!("{}{certificate}{extent}", spec.reference)
}

/// Annex V point 7 for every route: the procedure, and for certification the scheme, its act,
/// the certificate and the assurance level.
fn procedure_line(declaration: &Declaration) -> String {
    let kind = declaration.procedure.kind();
    let reference = kind.info().reference;
    match &declaration.procedure {
        Procedure::EuCertification { scheme, level, certificate, designated_by } => format!(
            "{kind} ({reference}): scheme {scheme}{}{}, certificate {}, assurance level `{}`{}",
            scheme_act(scheme).map(|act| format!(" ({act})")).unwrap_or_default(),
            designated_by.as_deref().map(|act| format!(", specified under Art. 27(9) by {act}")).unwrap_or_default(),
            certificate.as_deref().unwrap_or("(not identified)"),
            level_name(*level),
            declaration
                .delegated_act
                .as_ref()
                .map(|act| format!("; required by {} (Art. 8(1))", act.reference))
                .unwrap_or_default()
        ),
        Procedure::ModuleA => format!("{kind} ({reference}); no notified body is involved"),
        Procedure::ModuleBPlusC | Procedure::ModuleH => format!("{kind} ({reference})"),
    }
}

/// Annex V, from the declaration. A draft ([`ConformityStatus::Draft`]) carries no statement of
/// conformity and lists what is open instead.
pub fn eu_declaration(declaration: &Declaration) -> EuDeclarationOfConformity {
    eu_declaration_assessed(declaration, declaration.assess())
}

/// [`eu_declaration`] from an assessment already made.
pub(crate) fn eu_declaration_assessed(declaration: &Declaration, assessment: Assessment) -> EuDeclarationOfConformity {
    let product = &declaration.product;
    // Each act with its publication reference in the Official Journal (Art. 28(3); Annex V
    // point 5).
    let mut legislation = vec![format!("{} ({})", ACT.title, ACT.official_journal)];
    legislation.extend(declaration.other_union_legislation.iter().cloned());
    let issuer = declaration.authorised_representative.as_ref().unwrap_or(&declaration.manufacturer);
    let status = assessment.status;
    EuDeclarationOfConformity {
        product: format!("{}, type {}, {}", product.name, product.product_type, product.identification),
        manufacturer: party_line(issuer),
        sole_responsibility: format!(
            "This declaration of conformity is issued under the sole responsibility of the provider: {}.",
            declaration.manufacturer.name
        ),
        object: format!("{} version {} ({})", product.name, product.version, product.identification),
        status,
        conformity: (status == ConformityStatus::Complete).then(|| {
            format!(
                "The object of the declaration described above is in conformity with the relevant Union harmonisation legislation: {}.",
                legislation.join("; ")
            )
        }),
        open: if status == ConformityStatus::Draft { assessment.open } else { Vec::new() },
        specifications: declaration.specifications.iter().map(specification_line).collect(),
        procedure: procedure_line(declaration),
        // Point 7 names the body and the certificate it issued; the procedure is in `procedure`.
        notified_body: declaration.notified_body.as_ref().map(|body| {
            let what = notified_body_certificate(declaration.procedure.kind()).unwrap_or("certificate");
            format!(
                "{}, notified body number {}; {what}: {}",
                body.name,
                body.number,
                body.certificate.as_deref().filter(|c| !c.trim().is_empty()).unwrap_or("not yet identified")
            )
        }),
        signature: declaration.signature.clone(),
        ce_marking: declaration.ce_marking_line(),
        // A draft bears no marking: it is affixed once conformity is stated (Art. 13(12)).
        ce_mark: declaration
            .ce_marking
            .as_ref()
            .filter(|m| m.on_the_declaration() && status == ConformityStatus::Complete)
            .map(|_| declaration.ce_marking_text()),
    }
}

/// Why there is no simplified declaration (Annex VI) to give.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NoSimplifiedDeclaration {
    /// The declaration is a draft: its one sentence states compliance, which a draft must not
    /// (Art. 28(1)).
    #[error(
        "the declaration is a draft ({open} open item(s)), so there is no simplified declaration: its sentence states compliance with Regulation (EU) 2024/2847 (Art. 28(1); Annex VI)"
    )]
    Draft {
        /// How many items are open.
        open: usize,
    },
    /// The exact URL of the full declaration is not given.
    #[error(
        "the simplified EU declaration of conformity needs the exact internet address of the full declaration; set `user_information.declaration_url` (Annex VI)"
    )]
    MissingDeclarationUrl,
}

/// The simplified EU declaration of conformity (Annex VI; Art. 13(20)); none for a draft, whose
/// sentence would state a compliance not yet shown.
pub fn simplified_declaration(declaration: &Declaration) -> Result<String, NoSimplifiedDeclaration> {
    let assessment = declaration.assess();
    if assessment.status == ConformityStatus::Draft {
        return Err(NoSimplifiedDeclaration::Draft { open: assessment.open.len() });
    }
    let url = declaration
        .user_information
        .declaration_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .ok_or(NoSimplifiedDeclaration::MissingDeclarationUrl)?;
    Ok(format!(
        "Hereby, {} declares that the product with digital elements type {} is in compliance with Regulation (EU) 2024/2847. The full text of the EU declaration of conformity is available at the following internet address: {url}",
        declaration.manufacturer.name, declaration.product.product_type
    ))
}

/// The information and instructions to the user, point by point (Annex II).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UserInformationSheet {
    /// Point 1: manufacturer's name, postal address, digital contact and website.
    pub manufacturer: Party,
    /// The importer's name and contact, which it gives with the product (Art. 19(4)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importer: Option<Party>,
    /// Point 2: single point of contact for vulnerabilities and where the CVD policy is.
    pub vulnerability_contact: Option<String>,
    /// Point 2: where the CVD policy is.
    pub cvd_policy_url: Option<String>,
    /// Point 3: product name, type and unique identification.
    pub product: String,
    /// Point 4: intended purpose, essential functions, security properties.
    pub intended_purpose: String,
    /// Point 4: essential functions.
    pub essential_functions: Vec<String>,
    /// Point 4: security properties.
    pub security_properties: Vec<String>,
    /// Point 5: circumstances that may lead to significant cybersecurity risks.
    pub foreseeable_risks: Vec<String>,
    /// Point 6: URL of the EU declaration of conformity.
    pub declaration_url: Option<String>,
    /// Point 7: type of technical security support and the end of the support period (month and year).
    pub technical_support: Option<String>,
    /// Point 7: the end of the support period, `YYYY-MM`.
    pub support_end: String,
    /// Point 8: where the detailed instructions are.
    pub instructions_url: Option<String>,
    /// Point 8 (a)–(f): the instructions given in the declaration, as `(letter, text)`.
    pub instructions: Vec<(String, String)>,
    /// Points with nothing to show, e.g. `8(d)`; empty when the sheet is complete.
    pub missing: Vec<String>,
    /// Point 9: where the SBOM is, if made available to users.
    pub sbom_url: Option<String>,
}

/// Annex II, from the declaration.
pub fn user_information(declaration: &Declaration) -> UserInformationSheet {
    let info = &declaration.user_information;
    let product = &declaration.product;
    UserInformationSheet {
        manufacturer: declaration.manufacturer.clone(),
        importer: declaration.importer.clone(),
        vulnerability_contact: declaration.vulnerability_handling.single_point_of_contact.clone(),
        cvd_policy_url: declaration.vulnerability_handling.cvd_policy_url.clone(),
        product: format!("{}, type {}, {}", product.name, product.product_type, product.identification),
        intended_purpose: product.intended_purpose.clone(),
        essential_functions: product.essential_functions.clone(),
        security_properties: product.security_properties.clone(),
        foreseeable_risks: info.foreseeable_risks.clone(),
        declaration_url: info.declaration_url.clone(),
        technical_support: info.technical_support.clone(),
        support_end: declaration.support_period.end.to_string(),
        instructions_url: info.instructions_url.clone(),
        instructions: info.instructions.iter().map(|(topic, text)| (topic.letter().to_owned(), text.clone())).collect(),
        missing: missing_user_information(declaration),
        sbom_url: info.sbom_url.clone(),
    }
}

/// The Annex II points the declaration has nothing for. Point 6 is "where applicable" and point
/// 9 depends on whether the SBOM is made available, so neither is listed.
fn missing_user_information(declaration: &Declaration) -> Vec<String> {
    let info = &declaration.user_information;
    let empty = |v: Option<&String>| v.is_none_or(|v| v.trim().is_empty());
    let mut missing = Vec::new();
    let manufacturer = &declaration.manufacturer;
    if manufacturer.name.trim().is_empty()
        || empty(manufacturer.postal_address.as_ref())
        || empty(manufacturer.contact.as_ref())
    {
        missing.push("1".to_owned());
    }
    if empty(declaration.vulnerability_handling.single_point_of_contact.as_ref())
        || empty(declaration.vulnerability_handling.cvd_policy_url.as_ref())
    {
        missing.push("2".to_owned());
    }
    if declaration.product.intended_purpose.trim().is_empty() {
        missing.push("4 (intended purpose)".to_owned());
    }
    if declaration.product.essential_functions.is_empty() {
        missing.push("4 (essential functions)".to_owned());
    }
    if declaration.product.security_properties.is_empty() {
        missing.push("4 (security properties)".to_owned());
    }
    if info.foreseeable_risks.is_empty() {
        missing.push("5".to_owned());
    }
    if empty(info.technical_support.as_ref()) {
        missing.push("7 (type of technical security support)".to_owned());
    }
    if empty(info.instructions_url.as_ref()) {
        for topic in InstructionTopic::ALL {
            if info.instructions.get(&topic).is_none_or(|t| t.trim().is_empty()) {
                missing.push(format!("8({})", topic.letter()));
            }
        }
    }
    missing
}

/// The 8 points of Annex VII.
pub(crate) const ANNEX_VII_POINTS: [&str; 8] = [
    "General description of the product (intended purpose, software versions, Annex II information)",
    "Design, development, production and vulnerability handling (system architecture, SBOM, CVD policy, update distribution)",
    "Cybersecurity risk assessment",
    "Information taken into account to determine the support period",
    "Harmonised standards, common specifications or certification schemes applied",
    "Reports of tests against Annex I Parts I and II",
    "Copy of the EU declaration of conformity",
    "Software bill of materials, on a reasoned request of a market surveillance authority",
];
