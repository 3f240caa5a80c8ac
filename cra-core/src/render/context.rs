//! What the templates see: the Annex views of [`crate::annex`] and the gap report as they are,
//! plus the few presentation facts (month names, the matrix) templates cannot compute.
//!
//! No law is decided here: every legal statement comes from the views, so a rendered document
//! can never say more than the declaration does.

use std::collections::HashMap;

use minijinja::value::{Serde, Value};
use serde::Serialize;

use crate::annex::{
    ANNEX_VII_POINTS, EvidenceEntry, entries_by_point, eu_declaration_assessed, evidence_by_point,
    simplified_declaration, user_information,
};
use crate::catalogue::RequirementId;
use crate::claim::RequirementState;
use crate::declaration::{Component, ConformityStatus, Declaration};
use crate::evidence::{EvidenceKind, Location, Sha256};
use crate::support::YearMonth;
use crate::validate::Assessment;

use super::fields::Fields;
use super::{Format, RenderError, Renderer};

/// The names every template sees (docs/documents.md lists them). Built once per declaration
/// and shared by every document and format: the views, the gap report and the matrix are
/// computed once, from one validation run. The two large parts, the whole declaration and the
/// Annex VII index, are converted on threads of their own while the rest is built.
///
/// The parts a document repeats many times are rendered here, from the renderer's templates:
/// the matrix cells ([`CellValues`]) and the evidence rows ([`evidence_rows`]).
pub(super) fn context(declaration: &Declaration, renderer: &Renderer) -> Result<Value, RenderError> {
    let with_components = renderer.reads_components;
    std::thread::scope(|scope| {
        let whole =
            scope.spawn(move || if with_components { ser(declaration) } else { ser(without_components(declaration)) });
        let evidence = scope.spawn(move || evidence_rows(declaration, renderer));
        let assessment = declaration.assess();
        let entries = entries_by_point(declaration, assessment.status, false);
        let mut context = views(declaration, assessment, renderer)?;
        let index: Vec<Value> = (1u8..)
            .zip(ANNEX_VII_POINTS)
            .zip(entries.into_iter().zip(joined(evidence)?))
            .map(|((point, title), (entries, evidence))| {
                Value::from_pairs([
                    ("point", Value::from(point)),
                    ("title", Value::from(title)),
                    ("entries", Value::from(entries)),
                    ("evidence", evidence.rows),
                    ("evidence_html", Value::from_safe_string(evidence.html)),
                    ("evidence_md", Value::from_safe_string(evidence.markdown)),
                ])
            })
            .collect();
        context.push(("declaration", joined(whole)));
        context.push(("index", Value::from(index)));
        Ok(Value::from_pairs(context))
    })
}

/// The evidence of one Annex VII point: its rows as values, and the rows rendered with
/// `evidence-row.html` and `evidence-row.md`, each row a line.
struct PointEvidence {
    rows: Value,
    html: String,
    markdown: String,
}

/// The evidence rows of the Annex VII index, one per point, as templates read them: each row
/// flat (`component`, `requirement`, `kind`, `path` or `url`, `sha256`), one attribute lookup
/// per field when a template prints thousands of them; a component's name, a requirement and a
/// kind are one shared value each, however many rows show them. The rows' text comes from
/// [`super::evidence_row`] for the built-in row templates, else from the manufacturer's.
fn evidence_rows(declaration: &Declaration, renderer: &Renderer) -> Result<Vec<PointEvidence>, RenderError> {
    let mut names: HashMap<&str, Value> = HashMap::new();
    let mut requirements: HashMap<RequirementId, Value> = HashMap::new();
    let mut kinds: HashMap<EvidenceKind, Value> = HashMap::new();
    let optional = |text: Option<&str>| text.map_or_else(|| Value::from(()), Value::from);
    evidence_by_point(declaration)
        .iter()
        .map(|evidence| {
            let rows: Vec<Value> = evidence
                .iter()
                .map(|e| {
                    let path = e.workspace_path();
                    let url = match e.location {
                        Location::Path(_) => None,
                        Location::Url(url) => Some(url.as_str()),
                    };
                    Fields::value([
                        ("component", names.entry(e.component).or_insert_with(|| Value::from(e.component)).clone()),
                        (
                            "requirement",
                            requirements.entry(e.requirement).or_insert_with(|| ser(e.requirement)).clone(),
                        ),
                        ("kind", kinds.entry(e.kind).or_insert_with(|| ser(e.kind)).clone()),
                        ("package", optional(e.package.map(|p| p.name.as_str()))),
                        ("path", optional(path.as_deref())),
                        ("url", optional(url)),
                        ("sha256", optional(e.sha256.map(Sha256::as_str))),
                    ])
                })
                .collect();
            let text = |format, write: fn(&mut String, &EvidenceEntry<'_>)| -> Result<String, RenderError> {
                let mut text = String::new();
                if renderer.builtin_evidence_row(format) {
                    for e in evidence {
                        write(&mut text, e);
                        text.push('\n');
                    }
                } else {
                    for row in &rows {
                        text.push_str(&renderer.part("evidence-row", format, row)?);
                        text.push('\n');
                    }
                }
                Ok(text)
            };
            let html = text(Format::Html, super::evidence_row::html)?;
            let markdown = text(Format::Markdown, super::evidence_row::markdown)?;
            Ok(PointEvidence { rows: Value::from(rows), html, markdown })
        })
        .collect()
}

/// The declaration without its components, for templates that never read them (the matrix and
/// the index show them). The pattern names every field, so a field added to [`Declaration`]
/// cannot be left out of the templates' view unnoticed: this stops compiling.
fn without_components(declaration: &Declaration) -> Declaration {
    let Declaration {
        schema_version,
        catalogue_version,
        product,
        manufacturer,
        authorised_representative,
        importer,
        vulnerability_handling,
        status,
        category,
        procedure,
        foss_with_public_documentation,
        technical_documentation_url,
        source_code_url,
        risk_assessment,
        not_applicable,
        delegated_act,
        specifications,
        notified_body,
        other_union_legislation,
        ce_marking,
        support_period,
        user_information,
        components: _,
        vulnerability_findings,
        signature,
    } = declaration;
    Declaration {
        schema_version: *schema_version,
        catalogue_version: catalogue_version.clone(),
        product: product.clone(),
        manufacturer: manufacturer.clone(),
        authorised_representative: authorised_representative.clone(),
        importer: importer.clone(),
        vulnerability_handling: vulnerability_handling.clone(),
        status: *status,
        category: *category,
        procedure: procedure.clone(),
        foss_with_public_documentation: *foss_with_public_documentation,
        technical_documentation_url: technical_documentation_url.clone(),
        source_code_url: source_code_url.clone(),
        risk_assessment: risk_assessment.clone(),
        not_applicable: not_applicable.clone(),
        delegated_act: delegated_act.clone(),
        specifications: specifications.clone(),
        notified_body: notified_body.clone(),
        other_union_legislation: other_union_legislation.clone(),
        ce_marking: ce_marking.clone(),
        support_period: support_period.clone(),
        user_information: user_information.clone(),
        components: Vec::new(),
        vulnerability_findings: vulnerability_findings.clone(),
        signature: signature.clone(),
    }
}

/// The result of a scoped thread; its panic, if any, goes on in the caller.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Everything but the declaration and the index, as `(name, value)`.
fn views(
    declaration: &Declaration,
    assessment: Assessment,
    renderer: &Renderer,
) -> Result<Vec<(&'static str, Value)>, RenderError> {
    let status = assessment.status;
    let gaps = declaration.gap_report_from(status, &assessment.findings);
    let simplified = simplified_declaration(declaration);
    let kind = declaration.procedure.kind();
    let cells = CellValues::new(renderer)?;
    let product = declaration.requirement_states();
    let requirements: Vec<RequirementColumn> = RequirementId::ALL
        .iter()
        .map(|&id| RequirementColumn { id, title: id.info().title, reference: id.info().reference })
        .collect();
    let matrix: Vec<Value> = declaration
        .components
        .iter()
        .map(|component| cells.row(Some(component.name.as_str()), &component_states(component)))
        .collect();
    let product_states: Vec<Option<RequirementState>> = RequirementId::ALL
        .iter()
        .map(|id| Some(product.get(id).copied().unwrap_or(RequirementState::NotAssessed)))
        .collect();
    let product_row = cells.row(None, &product_states);
    Ok(vec![
        // `true` for a draft: templates show the DRAFT marking and the open items.
        ("draft", Value::from(status == ConformityStatus::Draft)),
        // Annex V.
        ("doc", ser(eu_declaration_assessed(declaration, assessment))),
        // Annex VI text; none when the declaration has no URL for the full text, and why.
        ("simplified", ser(simplified.as_ref().ok())),
        ("simplified_missing", ser(simplified.as_ref().err().map(ToString::to_string))),
        // Annex II, and the end of support as "December 2034" (Art. 13(19): month and year).
        ("user", ser(user_information(declaration))),
        ("support_end", Value::from(month_year(declaration.support_period.end))),
        // Art. 13(13): the technical documentation and the declaration are kept until then.
        (
            "retained_until",
            Value::from(
                declaration
                    .support_period
                    .documentation_retained_until()
                    .map_or_else(|e| e.to_string(), |d| d.to_string()),
            ),
        ),
        ("gaps", ser(gaps)),
        // Annex VII point 2(a): the components, how they build on each other, their interfaces.
        ("architecture", ser(super::architecture::rows(declaration))),
        ("architecture_svg", Value::from_safe_string(super::architecture::svg(declaration))),
        (
            "category",
            ser(CategoryFacts {
                id: declaration.category.id(),
                class: declaration.category.class().label(),
                reference: declaration.category.reference(),
            }),
        ),
        ("procedure", ser(ProcedureFacts { name: kind.to_string(), reference: kind.info().reference })),
        // Who places the product on the market, with the duties of each role (Art. 13, 18, 19).
        (
            "operators",
            Value::from(
                crate::roles::roles(declaration)
                    .into_iter()
                    .map(|o| {
                        let mut value = serde_json::to_value(&o).unwrap_or_default();
                        value["role_name"] = o.role.name().into();
                        ser(value)
                    })
                    .collect::<Vec<_>>(),
            ),
        ),
        // Requirements as matrix columns, in catalogue order; components × requirements; the
        // product's state per requirement, after the product's own not-applicable statements.
        ("requirements", ser(requirements)),
        ("matrix", Value::from(matrix)),
        ("product_states", product_row.get_attr("cells").unwrap_or_default()),
        ("product_row", product_row),
    ])
}

/// A value the templates read through serde.
fn ser(value: impl Serialize) -> Value {
    Value::from(Serde(value))
}

/// A component's own state per requirement, in catalogue order: its claims combined as the
/// product's are ([`RequirementState::combine`]: a partial claim decides), except that its own
/// `not_applicable` shows in its own row; `None` where it claims nothing, which is no gap of the
/// product (only the product row says what is not assessed).
fn component_states(component: &Component) -> Vec<Option<RequirementState>> {
    let mut states: Vec<Option<RequirementState>> = vec![None; RequirementId::ALL.len()];
    for claim in &component.claims {
        if let Some(i) = RequirementId::ALL.iter().position(|id| *id == claim.requirement()) {
            states[i] = Some(match (states[i], claim.state()) {
                (None, claimed) => claimed,
                (Some(state), claimed) => state.combine(claimed),
            });
        }
    }
    states
}

/// One matrix cell per requirement and state, built and rendered once: a row is a list of
/// shared values, so a matrix of 500 components costs no more than its references, and its
/// markup is the cells' rendered text joined. A cell's text depends on nothing but its
/// requirement and state, so rendering `matrix-cell.*` once per pair (22 × 4) gives the same
/// bytes as rendering it in every row, at a fraction of the cost: the template interpreter's
/// work per cell was most of the compliance report's.
struct CellValues {
    /// `[requirement][state]`, states in [`STATES`] order (no claim last): the cell's values,
    /// and its text in HTML and in Markdown.
    cells: Vec<[(Value, String, String); 5]>,
}

const STATES: [Option<RequirementState>; 5] = [
    Some(RequirementState::Addressed),
    Some(RequirementState::PartiallyAddressed),
    Some(RequirementState::NotApplicable),
    Some(RequirementState::NotAssessed),
    None,
];

impl CellValues {
    fn new(renderer: &Renderer) -> Result<CellValues, RenderError> {
        let cell_text = |format, value: &Value| renderer.part("matrix-cell", format, value);
        let mut cells = Vec::with_capacity(RequirementId::ALL.len());
        for &requirement in RequirementId::ALL {
            let mut five: [(Value, String, String); 5] = Default::default();
            for (slot, state) in five.iter_mut().zip(STATES) {
                let value = ser(cell(requirement, state));
                let (html, markdown) = (cell_text(Format::Html, &value)?, cell_text(Format::Markdown, &value)?);
                *slot = (value, html, markdown);
            }
            cells.push(five);
        }
        Ok(CellValues { cells })
    }

    /// One row, `states` in catalogue order: `component` (none for the product row), `cells`
    /// (the values, for a template that lays the cells out itself) and `html` and `md` (the
    /// cells rendered with `matrix-cell.html` and `matrix-cell.md`, joined).
    fn row(&self, component: Option<&str>, states: &[Option<RequirementState>]) -> Value {
        let chosen: Vec<&(Value, String, String)> = self
            .cells
            .iter()
            .zip(states)
            .map(|(cells, state)| &cells[STATES.iter().position(|s| s == state).unwrap_or(4)])
            .collect();
        let values: Vec<Value> = chosen.iter().map(|(value, _, _)| value.clone()).collect();
        let html: String = chosen.iter().map(|(_, html, _)| html.as_str()).collect();
        let markdown: String = chosen.iter().map(|(_, _, markdown)| markdown.as_str()).collect();
        Fields::value([
            ("component", component.map_or(Value::UNDEFINED, Value::from)),
            ("cells", Value::from(values)),
            ("html", Value::from_safe_string(html)),
            ("md", Value::from_safe_string(markdown)),
        ])
    }
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

/// One cell: the state's snake_case name (a CSS class; `no_claim` where a component claims
/// nothing), a short label for Markdown and a mark for HTML.
#[derive(Debug, Serialize)]
pub(super) struct Cell {
    requirement: RequirementId,
    state: Value,
    label: &'static str,
    mark: &'static str,
    /// `I.2.a: addressed`, the cell's tooltip.
    title: String,
}

fn cell(requirement: RequirementId, state: Option<RequirementState>) -> Cell {
    let (label, mark) = match state {
        Some(RequirementState::Addressed) => ("addressed", "✓"),
        Some(RequirementState::PartiallyAddressed) => ("partial", "◐"),
        Some(RequirementState::NotApplicable) => ("n/a", "n/a"),
        Some(RequirementState::NotAssessed) => ("–", "–"),
        None => ("", "·"),
    };
    // The state as the declaration spells it (its serde name), e.g. `partially_addressed`.
    let name = state.map_or_else(|| Value::from("no_claim"), ser);
    let title = match state {
        Some(_) => format!("{requirement}: {name}"),
        None => format!("{requirement}: no claim by this component"),
    };
    Cell { requirement, state: name, label, mark, title }
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
