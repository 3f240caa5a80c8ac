//! The index of the technical documentation (Annex VII): each point with what the declaration
//! holds for it and the evidence that points there.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::{ANNEX_VII_POINTS, specification_line};
use crate::catalogue::RequirementId;
use crate::declaration::{ConformityStatus, Declaration};
use crate::evidence::{EvidenceKind, Location, PackageRoot, Sha256};

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
    /// Its SHA-256 as the build recorded it, so a reader can check the file is the one assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<Sha256>,
    /// For a path: the package it is in, whose root the path is relative to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<PackageRoot>,
}

/// One point of Annex VII and the evidence filed under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TechnicalDocumentationPoint {
    /// Point number, 1–8.
    pub point: u8,
    /// What the point asks for.
    pub title: String,
    /// What the declaration itself files under it (product-level facts), one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<String>,
    /// Evidence filed under it, sorted.
    pub evidence: Vec<EvidencePointer>,
}

/// Under which Annex VII point evidence of a kind is filed.
pub(super) fn annex_vii_point(kind: EvidenceKind) -> u8 {
    match kind {
        EvidenceKind::DesignDocument | EvidenceKind::Policy | EvidenceKind::ProcessRecord | EvidenceKind::Sbom => 2,
        EvidenceKind::RiskAssessment | EvidenceKind::ThreatModel => 3,
        EvidenceKind::Standard | EvidenceKind::Certificate => 5,
        EvidenceKind::Test | EvidenceKind::TestReport | EvidenceKind::ExternalAudit => 6,
    }
}

/// What the declaration files under Annex VII itself: the risk assessment and the product's
/// not-applicable statements under 3 (Art. 13(3)–(4)), the support-period reasoning under 4
/// (Art. 13(8)), standards and certification under 5, the declaration itself under 7, and under
/// 8 a pointer to the SBOM of point 2(b).
pub(super) fn product_entries(declaration: &Declaration, status: ConformityStatus) -> Vec<(u8, String)> {
    let mut entries = Vec::new();
    let product = &declaration.product;
    entries.push((1, format!("{}: {} (software version {})", product.name, product.intended_purpose, product.version)));
    entries.push((1, hardware_entry(declaration)));
    entries.push((
        2,
        "2(b): the SBOM of the build (`sbom.cdx.json`), the CVD policy and the vulnerability contact".to_owned(),
    ));
    if let Some(url) = &declaration.vulnerability_handling.cvd_policy_url {
        entries.push((2, format!("2(b): CVD policy at {url}")));
    }
    if let Some(location) = &declaration.risk_assessment {
        entries.push((3, format!("risk assessment: {location}")));
    }
    for (requirement, statement) in &declaration.not_applicable {
        entries.push((
            3,
            format!(
                "`{requirement}` ({}) does not apply: {} (risk assessment: {})",
                requirement.name(),
                statement.justification,
                statement.risk_assessment
            ),
        ));
    }
    let period = &declaration.support_period;
    let mut support = format!("support period from {} to the end of {}", period.placed_on_market, period.end);
    if let Some(use_time) = period.expected_use_time {
        let _ = write!(support, "; expected use time {use_time}");
    }
    if let Some(reason) = &period.shorter_period_justification {
        let _ = write!(support, "; shorter than 5 years because: {reason}");
    }
    entries.push((4, support));
    entries.push((4, retention_entry(period)));
    entries.push((4, update_availability_entry(period)));
    for (factor, reasoning) in &period.reasoning {
        entries.push((4, format!("Art. 13(8), {}: {reasoning}", factor.title())));
    }
    if period.reasoning.is_empty() {
        entries.push((
            4,
            "the information taken into account under Art. 13(8) (user expectations, the nature of the product, Union law on product lifetime, and what else was considered) is not recorded (`support-reasoning`)".to_owned(),
        ));
    }
    for spec in &declaration.specifications {
        entries.push((5, specification_line(spec)));
    }
    if declaration.specifications.is_empty() {
        entries.push((5, solutions_entry(declaration)));
    }
    entries.push((
        2,
        "2(c): the production and monitoring processes and their validation: kept by the manufacturer with the technical documentation (not derived from the source)".to_owned(),
    ));
    entries.push((
        7,
        format!(
            "this EU declaration of conformity ({})",
            match status {
                ConformityStatus::Complete => "complete",
                ConformityStatus::Draft => "draft",
            }
        ),
    ));
    entries.push((
        8,
        "the SBOM filed under point 2(b), provided on a reasoned request of a market surveillance authority".to_owned(),
    ));
    entries
}

/// Point 1(c): photographs or illustrations of the hardware, which the declaration does not hold;
/// whether there is hardware follows from where the CE marking is.
pub(super) fn hardware_entry(declaration: &Declaration) -> String {
    use crate::ce_marking::CeMarking;
    match &declaration.ce_marking {
        Some(CeMarking::Product | CeMarking::PackagingAndDeclaration) => "1(c): photographs or illustrations showing the external features, marking and internal layout of the hardware: kept with the technical documentation (not derived from the source)".to_owned(),
        Some(_) => "1(c): does not apply: the product is software without hardware of its own (the CE marking is on the declaration or the website)".to_owned(),
        None => "1(c): for a product with hardware, photographs or illustrations of its external features, marking and internal layout (whether it has hardware is not said: `ce-marking`)".to_owned(),
    }
}

/// Point 2(a): one component of the system architecture, how it builds on the others and what
/// it offers.
pub(super) fn architecture_entry(component: &crate::declaration::Component) -> String {
    let mut entry = format!(
        "2(a): component `{}` version {}: {}",
        component.name,
        component.version,
        component.description.trim_end_matches('.')
    );
    if !component.depends_on.is_empty() {
        let names: Vec<String> = component.depends_on.iter().map(|d| format!("`{d}`")).collect();
        let _ = write!(entry, "; builds on {}", names.join(", "));
    }
    if !component.interfaces.is_empty() {
        let interfaces: Vec<String> =
            component.interfaces.iter().map(|i| format!("`{}` ({})", i.name, i.description)).collect();
        let _ = write!(entry, "; interfaces: {}", interfaces.join(", "));
    }
    entry
}

/// Point 5 when no harmonised standard, common specification or certification is applied: the
/// solutions adopted for Part I and Part II are the components' claims, per requirement.
pub(super) fn solutions_entry(declaration: &Declaration) -> String {
    let mut by_requirement: std::collections::BTreeMap<RequirementId, Vec<&str>> = std::collections::BTreeMap::new();
    for component in &declaration.components {
        for claim in &component.claims {
            if matches!(claim, crate::claim::Claim::Addressed { .. } | crate::claim::Claim::PartiallyAddressed { .. }) {
                by_requirement.entry(claim.requirement()).or_default().push(component.name.as_str());
            }
        }
    }
    let solutions: Vec<String> = by_requirement
        .iter()
        .map(|(requirement, components)| {
            let names: Vec<String> = components.iter().map(|c| format!("`{c}`")).collect();
            format!("{requirement}: {}", names.join(", "))
        })
        .collect();
    format!(
        "no harmonised standard, common specification or certification scheme is applied; the solutions adopted to meet Annex I Parts I and II are those of the components' claims, with the evidence under points 2, 3 and 6: {}",
        if solutions.is_empty() { "none claimed".to_owned() } else { solutions.join("; ") }
    )
}

/// The technical documentation index (Annex VII), from the declaration's evidence.
pub fn technical_documentation_index(declaration: &Declaration) -> Vec<TechnicalDocumentationPoint> {
    technical_documentation_index_with(declaration, declaration.conformity_status())
}

/// [`technical_documentation_index`] with the status already known.
pub(crate) fn technical_documentation_index_with(
    declaration: &Declaration,
    status: ConformityStatus,
) -> Vec<TechnicalDocumentationPoint> {
    index_points(declaration, status)
        .into_iter()
        .map(|point| TechnicalDocumentationPoint {
            point: point.point,
            title: point.title.to_owned(),
            entries: point.entries,
            evidence: point
                .evidence
                .into_iter()
                .map(|e| EvidencePointer {
                    component: e.component.to_owned(),
                    requirement: e.requirement,
                    kind: e.kind,
                    location: e.location.clone(),
                    sha256: e.sha256.cloned(),
                    package: e.package.cloned(),
                })
                .collect(),
        })
        .collect()
}

/// One point of the index, borrowing the evidence from the declaration (the documents read
/// thousands of rows without copying them).
pub(crate) struct IndexPoint<'a> {
    /// Point number, 1–8.
    pub(crate) point: u8,
    /// What the point asks for.
    pub(crate) title: &'static str,
    /// What the declaration itself files under it.
    pub(crate) entries: Vec<String>,
    /// Evidence filed under it, sorted, without duplicates.
    pub(crate) evidence: Vec<EvidenceEntry<'a>>,
}

/// [`EvidencePointer`], borrowed; the field order is the sort order.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct EvidenceEntry<'a> {
    pub(crate) component: &'a str,
    pub(crate) requirement: RequirementId,
    pub(crate) kind: EvidenceKind,
    pub(crate) location: &'a Location,
    pub(crate) sha256: Option<&'a Sha256>,
    pub(crate) package: Option<&'a PackageRoot>,
}

#[cfg(feature = "render")]
impl EvidenceEntry<'_> {
    /// A path as a reader finds it: from the workspace root, through its package's folder.
    pub(crate) fn workspace_path(&self) -> Option<std::borrow::Cow<'_, str>> {
        matches!(self.location, Location::Path(_))
            .then(|| crate::evidence::location_from_root(self.location, self.package))
    }
}

/// The rule of [`technical_documentation_index`]: every point of Annex VII, what the declaration
/// files under it, and each piece of evidence under the point of its kind.
pub(crate) fn index_points(declaration: &Declaration, status: ConformityStatus) -> Vec<IndexPoint<'_>> {
    (1u8..)
        .zip(ANNEX_VII_POINTS)
        .zip(entries_by_point(declaration, status, true).into_iter().zip(evidence_by_point(declaration)))
        .map(|((point, title), (entries, evidence))| IndexPoint { point, title, entries, evidence })
        .collect()
}

/// What the declaration itself files under each point of Annex VII, points 1–8 in order; with
/// `architecture`, point 2 begins with a line per component (the JSON index), without it the
/// documents show the architecture as a table, a diagram and the attack surface of their own.
pub(crate) fn entries_by_point(
    declaration: &Declaration,
    status: ConformityStatus,
    architecture: bool,
) -> Vec<Vec<String>> {
    let mut points = vec![Vec::new(); ANNEX_VII_POINTS.len()];
    if architecture {
        points[1].extend(declaration.components.iter().map(architecture_entry));
    }
    for (point, entry) in product_entries(declaration, status) {
        points[usize::from(point - 1)].push(entry);
    }
    points
}

/// The evidence filed under each point of Annex VII, points 1–8 in order, each list sorted and
/// without duplicates. Independent of validation, so the documents build it while validating.
pub(crate) fn evidence_by_point(declaration: &Declaration) -> Vec<Vec<EvidenceEntry<'_>>> {
    let mut points: Vec<Vec<EvidenceEntry<'_>>> = (0..ANNEX_VII_POINTS.len()).map(|_| Vec::new()).collect();
    for component in &declaration.components {
        for claim in &component.claims {
            for evidence in claim.evidence() {
                points[usize::from(annex_vii_point(evidence.kind) - 1)].push(EvidenceEntry {
                    component: &component.name,
                    requirement: claim.requirement(),
                    kind: evidence.kind,
                    location: &evidence.location,
                    sha256: evidence.sha256.as_ref(),
                    package: evidence.package.as_ref(),
                });
            }
        }
    }
    for evidence in &mut points {
        evidence.sort();
        evidence.dedup();
    }
    points
}

/// Annex VII point 4, what the support period decides: how long the technical documentation and
/// the declaration are kept (Art. 13(13)).
pub(super) fn retention_entry(period: &crate::support::SupportPeriod) -> String {
    let until = period.documentation_retained_until().map_or_else(|e| e.to_string(), |d| d.to_string());
    format!(
        "retention: the technical documentation and the EU declaration of conformity are kept until {until} (ten years after placing on the market or the support period, whichever is longer; Art. 13(13))"
    )
}

/// Annex VII point 4, what the support period decides: how long each security update stays
/// available (Art. 13(9)). The date of an update is not known here, so the entry gives the rule
/// and its bounds over the support period.
pub(super) fn update_availability_entry(period: &crate::support::SupportPeriod) -> String {
    let last =
        period.security_update_available_until(period.ends_on()).map_or_else(|e| e.to_string(), |d| d.to_string());
    format!(
        "security updates: each stays available for ten years after its issue or for the rest of the support period, whichever is longer (Art. 13(9)); one issued on the last day of support ({}) stays available until {last}",
        period.ends_on()
    )
}
