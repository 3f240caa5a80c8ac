//! What the templates see: the Annex views of [`crate::annex`] and the gap report as they are,
//! plus the few presentation facts (month names, the matrix) templates cannot compute.
//!
//! No law is decided here: every legal statement comes from the views, so a rendered document
//! can never say more than the declaration does.

use serde::Serialize;

use crate::annex::{
    EuDeclarationOfConformity, TechnicalDocumentationPoint, UserInformationSheet, eu_declaration,
    simplified_declaration, technical_documentation_index, user_information,
};
use crate::catalogue::RequirementId;
use crate::claim::RequirementState;
use crate::declaration::{ConformityStatus, Declaration};
use crate::gaps::GapReport;
use crate::support::YearMonth;

/// The whole context of every template, serialized once per document.
#[derive(Debug, Serialize)]
pub(super) struct Context<'a> {
    /// The declaration itself, for anything a manufacturer's template wants beyond the views.
    pub declaration: &'a Declaration,
    /// `true` for a draft: templates show the DRAFT marking and the open items.
    pub draft: bool,
    /// Annex V.
    pub doc: EuDeclarationOfConformity,
    /// Annex VI text; `None` when the declaration has no URL for the full text.
    pub simplified: Option<String>,
    /// Why there is no Annex VI text.
    pub simplified_missing: Option<String>,
    /// Annex II.
    pub user: UserInformationSheet,
    /// End of support as "December 2034" (Art. 13(19): month and year).
    pub support_end: String,
    /// Annex VII.
    pub index: Vec<TechnicalDocumentationPoint>,
    /// The gap report.
    pub gaps: GapReport,
    /// Category: ID, class and legal reference.
    pub category: CategoryFacts,
    /// Procedure: name and legal reference.
    pub procedure: ProcedureFacts,
    /// Requirements as matrix columns, in catalogue order.
    pub requirements: Vec<RequirementColumn>,
    /// Components × requirements.
    pub matrix: Vec<MatrixRow>,
    /// The product's state per requirement, after the product's own not-applicable statements.
    pub product_states: Vec<Cell>,
}

/// Category facts for the report.
#[derive(Debug, Serialize)]
pub(super) struct CategoryFacts {
    id: &'static str,
    class: &'static str,
    reference: &'static str,
}

/// Procedure facts for the report.
#[derive(Debug, Serialize)]
pub(super) struct ProcedureFacts {
    name: String,
    reference: &'static str,
}

/// One requirement column.
#[derive(Debug, Serialize)]
pub(super) struct RequirementColumn {
    id: RequirementId,
    title: &'static str,
    reference: &'static str,
}

/// One component row.
#[derive(Debug, Serialize)]
pub(super) struct MatrixRow {
    component: String,
    cells: Vec<Cell>,
}

/// One cell: the state's snake_case name (a CSS class) and a short label for Markdown.
#[derive(Debug, Serialize)]
pub(super) struct Cell {
    requirement: RequirementId,
    state: RequirementState,
    label: &'static str,
}

fn cell(requirement: RequirementId, state: RequirementState) -> Cell {
    let label = match state {
        RequirementState::Addressed => "addressed",
        RequirementState::PartiallyAddressed => "partial",
        RequirementState::NotApplicable => "n/a",
        RequirementState::NotAssessed => "–",
    };
    Cell { requirement, state, label }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "December 2034": month and year as Art. 13(19) asks, in English (a template may format
/// `declaration.support_period.end` itself for another language).
fn month_year(end: YearMonth) -> String {
    let month = usize::try_from(end.month() - 1).ok().and_then(|i| MONTHS.get(i)).copied().unwrap_or("?");
    format!("{month} {}", end.year())
}

impl<'a> Context<'a> {
    pub(super) fn of(declaration: &'a Declaration) -> Context<'a> {
        let requirements = RequirementId::ALL
            .iter()
            .map(|&id| RequirementColumn { id, title: id.info().title, reference: id.info().reference })
            .collect();
        let matrix = declaration
            .components
            .iter()
            .map(|component| MatrixRow {
                component: component.name.clone(),
                cells: RequirementId::ALL
                    .iter()
                    .map(|&id| {
                        let state = component
                            .claims
                            .iter()
                            .filter(|c| c.requirement() == id)
                            .map(crate::claim::Claim::state)
                            .fold(RequirementState::NotAssessed, RequirementState::combine);
                        cell(id, state)
                    })
                    .collect(),
            })
            .collect();
        let states = declaration.requirement_states();
        let product_states = RequirementId::ALL
            .iter()
            .map(|&id| cell(id, states.get(&id).copied().unwrap_or(RequirementState::NotAssessed)))
            .collect();
        let kind = declaration.procedure.kind();
        Context {
            declaration,
            draft: declaration.conformity_status() == ConformityStatus::Draft,
            doc: eu_declaration(declaration),
            simplified: simplified_declaration(declaration).ok(),
            simplified_missing: simplified_declaration(declaration).err().map(|e| e.to_string()),
            user: user_information(declaration),
            support_end: month_year(declaration.support_period.end),
            index: technical_documentation_index(declaration),
            gaps: declaration.gap_report(),
            category: CategoryFacts {
                id: declaration.category.id(),
                class: declaration.category.class().label(),
                reference: declaration.category.reference(),
            },
            procedure: ProcedureFacts { name: kind.to_string(), reference: kind.info().reference },
            requirements,
            matrix,
            product_states,
        }
    }
}
