//! The documents the law asks for, derived from a [`Declaration`]: the EU declaration of
//! conformity (Annex V, 8 points), the simplified declaration (Annex VI), the information and
//! instructions to the user (Annex II, 9 points) and an index of the technical documentation
//! (Annex VII, 8 points) that points to the evidence.
//!
//! These are views: they hold no data of their own, so they can never drift from the declaration.

use serde::{Deserialize, Serialize};

use crate::catalogue::{ACT, RequirementId};
use crate::declaration::{AppliedSpecification, Declaration, Party, Signature};
use crate::evidence::{EvidenceKind, Location};

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
    /// Point 5: conformity with the relevant Union harmonisation legislation.
    pub conformity: String,
    /// Point 6: harmonised standards, common specifications or certifications used.
    pub specifications: Vec<String>,
    /// Point 7: notified body, procedure and certificate, where applicable.
    pub notified_body: Option<String>,
    /// Point 8: additional information and signature.
    pub signature: Option<Signature>,
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

/// Annex V, from the declaration.
pub fn eu_declaration(declaration: &Declaration) -> EuDeclarationOfConformity {
    let product = &declaration.product;
    let mut legislation = vec![ACT.title.to_owned()];
    legislation.extend(declaration.other_union_legislation.iter().cloned());
    let issuer = declaration.authorised_representative.as_ref().unwrap_or(&declaration.manufacturer);
    EuDeclarationOfConformity {
        product: format!("{}, type {}, {}", product.name, product.product_type, product.identification),
        manufacturer: party_line(issuer),
        sole_responsibility: format!(
            "This declaration of conformity is issued under the sole responsibility of the provider: {}.",
            declaration.manufacturer.name
        ),
        object: format!("{} version {} ({})", product.name, product.version, product.identification),
        conformity: format!(
            "The object of the declaration described above is in conformity with the relevant Union harmonisation legislation: {}.",
            legislation.join("; ")
        ),
        specifications: declaration.specifications.iter().map(specification_line).collect(),
        notified_body: declaration.notified_body.as_ref().map(|body| {
            format!(
                "{} (number {}) performed {}{}",
                body.name,
                body.number,
                declaration.procedure.kind(),
                body.certificate.as_ref().map(|c| format!(" and issued certificate {c}")).unwrap_or_default()
            )
        }),
        signature: declaration.signature.clone(),
    }
}

/// The simplified declaration needs the exact URL of the full declaration (Annex VI).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the simplified EU declaration of conformity needs the exact internet address of the full declaration; set `user_information.declaration_url` (Annex VI)"
)]
pub struct MissingDeclarationUrl;

/// The simplified EU declaration of conformity (Annex VI; Art. 13(20)).
pub fn simplified_declaration(declaration: &Declaration) -> Result<String, MissingDeclarationUrl> {
    let url = declaration
        .user_information
        .declaration_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .ok_or(MissingDeclarationUrl)?;
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
    /// Point 9: where the SBOM is, if made available to users.
    pub sbom_url: Option<String>,
}

/// Annex II, from the declaration.
pub fn user_information(declaration: &Declaration) -> UserInformationSheet {
    let info = &declaration.user_information;
    let product = &declaration.product;
    UserInformationSheet {
        manufacturer: declaration.manufacturer.clone(),
        vulnerability_contact: declaration.vulnerability_handling.single_point_of_contact.clone(),
        cvd_policy_url: declaration.vulnerability_handling.cvd_policy_url.clone(),
        product: format!("{}, type {}, {}", product.name, product.product_type, product.identification),
        intended_purpose: product.intended_purpose.clone(),
        essential_functions: product.essential_functions.clone(),
        foreseeable_risks: info.foreseeable_risks.clone(),
        declaration_url: info.declaration_url.clone(),
        technical_support: info.technical_support.clone(),
        support_end: declaration.support_period.end.to_string(),
        instructions_url: info.instructions_url.clone(),
        sbom_url: info.sbom_url.clone(),
    }
}

/// A pointer from the technical documentation index to one piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EvidencePointer {
    /// The component whose claim names it.
    pub component: String,
    /// The requirement it supports.
    pub requirement: RequirementId,
    /// What it is.
    pub kind: EvidenceKind,
    /// Where it is.
    pub location: Location,
}

/// One point of Annex VII and the evidence filed under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TechnicalDocumentationPoint {
    /// Point number, 1–8.
    pub point: u8,
    /// What the point asks for.
    pub title: String,
    /// Evidence filed under it, sorted.
    pub evidence: Vec<EvidencePointer>,
}

/// The 8 points of Annex VII.
const ANNEX_VII_POINTS: [&str; 8] = [
    "General description of the product (intended purpose, software versions, Annex II information)",
    "Design, development, production and vulnerability handling (system architecture, SBOM, CVD policy, update distribution)",
    "Cybersecurity risk assessment",
    "Information taken into account to determine the support period",
    "Harmonised standards, common specifications or certification schemes applied",
    "Reports of tests against Annex I Parts I and II",
    "Copy of the EU declaration of conformity",
    "Software bill of materials, on a reasoned request of a market surveillance authority",
];

/// Under which Annex VII point evidence of a kind is filed.
fn annex_vii_point(kind: EvidenceKind) -> u8 {
    match kind {
        EvidenceKind::DesignDocument | EvidenceKind::Policy | EvidenceKind::ProcessRecord => 2,
        EvidenceKind::RiskAssessment | EvidenceKind::ThreatModel => 3,
        EvidenceKind::Standard | EvidenceKind::Certificate => 5,
        EvidenceKind::Test | EvidenceKind::TestReport | EvidenceKind::ExternalAudit => 6,
        EvidenceKind::Sbom => 8,
    }
}

/// The technical documentation index (Annex VII), from the declaration's evidence.
pub fn technical_documentation_index(declaration: &Declaration) -> Vec<TechnicalDocumentationPoint> {
    let mut points: Vec<TechnicalDocumentationPoint> = (1u8..)
        .zip(ANNEX_VII_POINTS)
        .map(|(point, title)| TechnicalDocumentationPoint { point, title: title.to_owned(), evidence: Vec::new() })
        .collect();
    for component in &declaration.components {
        for claim in &component.claims {
            for evidence in claim.evidence() {
                let index = usize::from(annex_vii_point(evidence.kind) - 1);
                points[index].evidence.push(EvidencePointer {
                    component: component.name.clone(),
                    requirement: claim.requirement(),
                    kind: evidence.kind,
                    location: evidence.location.clone(),
                });
            }
        }
    }
    for point in &mut points {
        point.evidence.sort();
        point.evidence.dedup();
    }
    points
}
