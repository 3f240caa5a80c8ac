//! The Art. 14 reports of a record — early warning, notification, final report — with the
//! content each point of Art. 14(2) or 14(4) asks for, pre-filled from the record and the
//! declaration, the deadline from the clocks of [`crate::report_clocks`], what is still missing, and
//! the information users must be given (Art. 14(8)). And the deadlines of every open record.

use std::fmt::Write as _;

use jiff::Timestamp;
use serde::Serialize;

use super::record::Record;
use crate::declaration::Declaration;
use crate::report_clocks::{Clocks, DeadlineOutOfRange, ReportableEvent, ReportingFacts, Stage, clocks};

/// One point of a report: what the article asks for and what the record says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportItem {
    /// The article point, e.g. `Art. 14(2)(c)(i)`.
    pub point: &'static str,
    /// What it asks for.
    pub asks: &'static str,
    /// The answer from the record and the declaration; `None` when the record has nothing.
    pub answer: Option<String>,
    /// The law asks for it only "where available": an empty answer is not missing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub where_available: bool,
}

/// One Art. 14 report, ready to be transferred to the single reporting platform (Art. 16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// The record's ID.
    pub record: String,
    /// What is reported.
    pub event: ReportableEvent,
    /// Which report.
    pub stage: Stage,
    /// When it is due; `None` while its clock has not started or Art. 14 did not yet apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Timestamp>,
    /// When it was submitted, per the record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted: Option<Timestamp>,
    /// A statement when Art. 14 did not apply at awareness (Art. 71(2)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// Where it goes (Art. 14(1), 14(3), 14(7); Art. 16).
    pub routing: &'static str,
    /// The content, point by point.
    pub items: Vec<ReportItem>,
    /// The points the record has nothing for.
    pub missing: Vec<&'static str>,
    /// What users must be told (Art. 14(8)).
    pub user_information: String,
}

const ROUTING: &str = "simultaneously to the CSIRT designated as coordinator of the Member State of the main establishment and to ENISA, through the single reporting platform (Art. 14(1), 14(3), 14(7); Art. 16)";

/// The report of `stage` for each Art. 14 event of the record (none when the record is neither
/// an actively exploited vulnerability nor a severe incident), made from the record as it stood
/// when the report was submitted, or at `now` while it is not ([`Record::as_of`]): a submitted
/// report says what was known then, and comes out the same however the record grows.
pub fn report(
    record: &Record,
    declaration: &Declaration,
    stage: Stage,
    now: Timestamp,
) -> Result<Vec<Notification>, DeadlineOutOfRange> {
    let as_of = record.as_of(submitted(record, stage).unwrap_or(now));
    as_of.reportable_events().into_iter().map(|event| one_report(&as_of, declaration, event, stage)).collect()
}

fn one_report(
    record: &Record,
    declaration: &Declaration,
    event: ReportableEvent,
    stage: Stage,
) -> Result<Notification, DeadlineOutOfRange> {
    let (due, statement) = match clocks(&facts(record, event))? {
        Clocks::NotYetApplicable { statement, .. } => (None, Some(statement)),
        Clocks::Deadlines { deadlines } => (deadlines.iter().find(|d| d.stage == stage).and_then(|d| d.due), None),
    };
    let items = content(record, declaration, event, stage);
    let missing = items.iter().filter(|i| i.answer.is_none() && !i.where_available).map(|i| i.point).collect();
    Ok(Notification {
        record: record.id.clone(),
        event,
        stage,
        due,
        submitted: submitted(record, stage),
        statement,
        routing: ROUTING,
        items,
        missing,
        user_information: user_information(record, declaration),
    })
}

fn facts(record: &Record, event: ReportableEvent) -> ReportingFacts {
    ReportingFacts {
        event,
        aware_at: record.aware_of(event),
        measure_available_at: record.measure_available_at(),
        notification_submitted_at: record.reports.notification,
    }
}

fn submitted(record: &Record, stage: Stage) -> Option<Timestamp> {
    match stage {
        Stage::EarlyWarning => record.reports.early_warning,
        Stage::Notification => record.reports.notification,
        Stage::FinalReport => record.reports.final_report,
    }
}

fn item(point: &'static str, asks: &'static str, answer: Option<String>) -> ReportItem {
    ReportItem { point, asks, answer: answer.filter(|a| !a.trim().is_empty()), where_available: false }
}

/// A point the law asks for only "where available" (its `asks` says so).
fn item_where_available(point: &'static str, asks: &'static str, answer: Option<String>) -> ReportItem {
    ReportItem { where_available: true, ..item(point, asks, answer) }
}

/// The product as a report names it: by name, type and the versions the record says are
/// affected. Not by the declaration's identification or version, which describe the build the
/// declaration was made from, often the one that carries the fix.
fn product_line(record: &Record, declaration: &Declaration) -> String {
    let product = &declaration.product;
    format!(
        "{}, type {} ({}); affected versions {}; components: {}",
        product.name,
        product.product_type,
        declaration.manufacturer.name,
        record.affected_versions,
        record.components.join(", ")
    )
}

fn member_states(states: &[String]) -> Option<String> {
    (!states.is_empty()).then(|| states.join(", "))
}

/// The corrective and mitigating measures taken: the fix and the mitigation, each with the time
/// it became available when the record says it.
fn measures(record: &Record) -> Option<String> {
    let fix = record.fix.as_ref().map(|f| {
        format!(
            "corrective measure: {} (version {}, available since {})",
            f.description.trim_end_matches('.'),
            f.version,
            f.available_at
        )
    });
    let mitigation = record.mitigation.as_ref().map(|m| match record.mitigation_available_at {
        Some(at) => format!("mitigating measure: {} (available since {at})", m.trim_end_matches('.')),
        None => format!("mitigating measure: {}", m.trim_end_matches('.')),
    });
    let both: Vec<String> = mitigation.into_iter().chain(fix).collect();
    (!both.is_empty()).then(|| both.join("; "))
}

fn severity(record: &Record) -> String {
    let score = record
        .cvss_score()
        .map(|(score, severity)| {
            format!(" Severity: CVSS {score} ({severity}), {}.", record.cvss.as_deref().unwrap_or_default())
        })
        .unwrap_or_default();
    format!("{}{score}", record.description)
}

/// The three points the notifications of Art. 14(2)(b) and 14(4)(b) end with.
fn measures_and_sensitivity(article: &'static str, record: &Record) -> [ReportItem; 3] {
    let user_measures = record
        .mitigation
        .clone()
        .or_else(|| record.fix.as_ref().map(|f| format!("update to version {} or later", f.version)));
    [
        item(article, "corrective or mitigating measures taken", measures(record)),
        item(article, "corrective or mitigating measures users can take", user_measures),
        item(article, "how sensitive the manufacturer deems the information", record.sensitivity.clone()),
    ]
}

/// Art. 14(2)(a)–(c) and 14(4)(a)–(c), point by point.
fn content(record: &Record, declaration: &Declaration, event: ReportableEvent, stage: Stage) -> Vec<ReportItem> {
    let product = Some(product_line(record, declaration));
    let ids = std::iter::once(record.id.as_str())
        .chain(record.aliases.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(", ");
    match (event, stage) {
        (ReportableEvent::ActivelyExploitedVulnerability, Stage::EarlyWarning) => vec![
            item(
                "Art. 14(2)(a)",
                "the product and the actively exploited vulnerability",
                product.map(|p| format!("{p}; {ids}")),
            ),
            item_where_available(
                "Art. 14(2)(a)",
                "where available, the Member States where the product has been made available",
                record.exploited.as_ref().and_then(|e| member_states(&e.member_states)),
            ),
        ],
        (ReportableEvent::ActivelyExploitedVulnerability, Stage::Notification) => [
            vec![
                item("Art. 14(2)(b)", "general information about the product concerned", product),
                item(
                    "Art. 14(2)(b)",
                    "the general nature of the exploit and of the vulnerability",
                    record.exploited.as_ref().map(|e| format!("{} Exploitation: {}", record.description, e.evidence)),
                ),
            ],
            measures_and_sensitivity("Art. 14(2)(b)", record).into(),
        ]
        .concat(),
        (ReportableEvent::ActivelyExploitedVulnerability, Stage::FinalReport) => vec![
            item(
                "Art. 14(2)(c)(i)",
                "a description of the vulnerability, including its severity and impact",
                Some(severity(record)),
            ),
            item_where_available(
                "Art. 14(2)(c)(ii)",
                "where available, information on any malicious actor that has exploited or is exploiting it",
                record.exploited.as_ref().and_then(|e| e.actor.clone()),
            ),
            item(
                "Art. 14(2)(c)(iii)",
                "details of the security update or other corrective measures made available",
                measures(record),
            ),
        ],
        (ReportableEvent::SevereIncident, Stage::EarlyWarning) => vec![
            item(
                "Art. 14(4)(a)",
                "whether the incident is suspected of being caused by unlawful or malicious acts",
                record.severe_incident.as_ref().map(|i| {
                    if i.malicious_act_suspected {
                        "yes, unlawful or malicious acts are suspected".into()
                    } else {
                        "no unlawful or malicious act is suspected".into()
                    }
                }),
            ),
            item_where_available(
                "Art. 14(4)(a)",
                "where available, the Member States where the product has been made available",
                record.severe_incident.as_ref().and_then(|i| member_states(&i.member_states)),
            ),
        ],
        (ReportableEvent::SevereIncident, Stage::Notification) => [
            vec![
                item(
                    "Art. 14(4)(b)",
                    "general information about the nature of the incident",
                    record.severe_incident.as_ref().map(|i| i.description.clone()),
                ),
                item("Art. 14(4)(b)", "an initial assessment of the incident", Some(severity(record))),
            ],
            measures_and_sensitivity("Art. 14(4)(b)", record).into(),
        ]
        .concat(),
        (ReportableEvent::SevereIncident, Stage::FinalReport) => vec![
            item(
                "Art. 14(4)(c)(i)",
                "a detailed description of the incident, including its severity and impact",
                record.severe_incident.as_ref().map(|i| format!("{} {}", i.description, severity(record))),
            ),
            item(
                "Art. 14(4)(c)(ii)",
                "the type of threat or root cause that is likely to have triggered it",
                record.severe_incident.as_ref().and_then(|i| i.root_cause.clone()),
            ),
            item("Art. 14(4)(c)(iii)", "applied and ongoing mitigation measures", measures(record)),
        ],
    }
}

/// What impacted users are told (Art. 14(8)): the vulnerability or incident and the measures
/// they can take, in a structured, machine-readable form where appropriate (the CSAF advisory).
fn user_information(record: &Record, declaration: &Declaration) -> String {
    let what = match (&record.exploited, &record.severe_incident) {
        (_, Some(incident)) if record.exploited.is_none() => format!("a severe incident: {}", incident.description),
        _ => format!(
            "an actively exploited vulnerability in {} ({}): {}",
            declaration.product.name, record.affected_versions, record.title
        ),
    };
    let mut text = format!("Users of {} are informed of {what}.", declaration.product.name);
    if let Some(fix) = &record.fix {
        let _ = write!(
            text,
            " Corrective measure: update to version {} or later ({}).",
            fix.version,
            fix.description.trim_end_matches('.')
        );
    }
    if let Some(mitigation) = &record.mitigation {
        let _ = write!(text, " Mitigation: {}.", mitigation.trim_end_matches('.'));
    }
    let _ = write!(text, " The machine-readable form is the CSAF advisory `{}` (Art. 14(8)).", record.id);
    text
}

impl Notification {
    /// The file name of the report without extension: `<record>.<event>.<stage>`, e.g.
    /// `dlh-2026-001.actively-exploited-vulnerability.notification`.
    pub fn file_stem(&self) -> String {
        let name = |value: serde_json::Value| value.as_str().unwrap_or_default().replace('_', "-");
        format!(
            "{}.{}.{}",
            self.record.to_lowercase(),
            name(serde_json::to_value(self.event).unwrap_or_default()),
            name(serde_json::to_value(self.stage).unwrap_or_default())
        )
    }

    /// The report as Markdown, for the person who submits it.
    pub fn to_markdown(&self) -> String {
        let stage = match self.stage {
            Stage::EarlyWarning => "Early warning",
            Stage::Notification => "Notification",
            Stage::FinalReport => "Final report",
        };
        let event = match self.event {
            ReportableEvent::ActivelyExploitedVulnerability => "actively exploited vulnerability",
            ReportableEvent::SevereIncident => "severe incident",
        };
        let mut md = format!("# {stage}: {event} `{}`\n\n", self.record);
        if let Some(statement) = &self.statement {
            let _ = write!(md, "> {statement} (Art. 71(2)).\n\n");
        }
        let rule = crate::report_clocks::deadline_rule(self.event, self.stage);
        let _ = writeln!(
            md,
            "- Due: {rule}; {}",
            self.due.map_or_else(|| "no deadline running yet".to_owned(), |d| format!("at the latest {d}"))
        );
        let _ = writeln!(md, "- Submitted: {}", self.submitted.map_or_else(|| "not yet".to_owned(), |d| d.to_string()));
        let _ = writeln!(md, "- Send: {}\n", self.routing);
        md.push_str("| Point | Asks for | Answer |\n|---|---|---|\n");
        for item in &self.items {
            let absent = if item.where_available { "not available" } else { "**missing**" };
            let answer = item.answer.as_deref().unwrap_or(absent).replace('|', "\\|").replace('\n', " ");
            let _ = writeln!(md, "| {} | {} | {answer} |", item.point, item.asks);
        }
        if !self.missing.is_empty() {
            let _ = writeln!(md, "\nMissing before submission: {}.", self.missing.join(", "));
        }
        let _ = writeln!(md, "\n## Information to users (Art. 14(8))\n\n{}", self.user_information);
        md
    }
}

/// Where a report stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeadlineState {
    /// Due and not submitted.
    Overdue,
    /// Not yet due, not submitted.
    Open,
    /// Its clock has not started (no fix yet, or no notification yet).
    NotStarted,
    /// Submitted after its deadline.
    SubmittedLate,
    /// Submitted in time.
    Submitted,
    /// Art. 14 did not apply at awareness.
    NotApplicable,
}

/// One clock of one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineLine {
    /// The record's ID.
    pub record: String,
    /// What is reported.
    pub event: ReportableEvent,
    /// Which report.
    pub stage: Stage,
    /// When it is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Timestamp>,
    /// Where it stands at the time asked.
    pub state: DeadlineState,
    /// The article.
    pub reference: String,
    /// The deadline in the words of the law; `due` is its outer limit.
    pub rule: &'static str,
}

/// The clocks of every record at `at`, as the record says they stood then: overdue first (earliest due first), then open, then the
/// rest.
pub fn deadlines(records: &[Record], at: Timestamp) -> Result<Vec<DeadlineLine>, DeadlineOutOfRange> {
    let mut lines = Vec::new();
    for record in records {
        for event in record.reportable_events() {
            match clocks(&facts(record, event))? {
                Clocks::NotYetApplicable { reference, .. } => lines.push(DeadlineLine {
                    record: record.id.clone(),
                    event,
                    stage: Stage::EarlyWarning,
                    due: None,
                    state: DeadlineState::NotApplicable,
                    reference,
                    rule: crate::report_clocks::deadline_rule(event, Stage::EarlyWarning),
                }),
                Clocks::Deadlines { deadlines } => {
                    for deadline in deadlines {
                        // A report submitted after `at` was not yet submitted at `at`.
                        let sent = submitted(record, deadline.stage).filter(|sent| *sent <= at);
                        let state = match (deadline.due, sent) {
                            (Some(due), Some(sent)) if sent > due => DeadlineState::SubmittedLate,
                            (_, Some(_)) => DeadlineState::Submitted,
                            (None, None) => DeadlineState::NotStarted,
                            (Some(due), None) if due < at => DeadlineState::Overdue,
                            (Some(_), None) => DeadlineState::Open,
                        };
                        lines.push(DeadlineLine {
                            record: record.id.clone(),
                            event,
                            stage: deadline.stage,
                            due: deadline.due,
                            state,
                            reference: deadline.reference,
                            rule: crate::report_clocks::deadline_rule(event, deadline.stage),
                        });
                    }
                }
            }
        }
    }
    lines.sort_by(|a, b| (a.state, a.due, &a.record, a.stage).cmp(&(b.state, b.due, &b.record, b.stage)));
    Ok(lines)
}
