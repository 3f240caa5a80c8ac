//! Reporting clocks of Art. 14: when the early warning, the notification and the final report
//! are due for an actively exploited vulnerability or a severe incident.
//!
//! The clocks start at different events (Art. 14(2), 14(4)):
//! - early warning and notification run from **awareness**: 24 hours and 72 hours;
//! - the final report on a vulnerability runs from the moment a **corrective or mitigating
//!   measure is available**: 14 days;
//! - the final report on an incident runs from the **notification**: one month.
//!
//! Art. 14 applies from 11 Sep 2026 (Art. 71(2)), also to products placed on the market before
//! 11 Dec 2027 (Art. 69(3)); awareness before that date gets a statement, not deadlines.
//! The regulation names a day, not an instant, and 11 September begins at different instants
//! across the Union. The reading that never misses a report is the earliest: the day begins
//! first in Réunion, the Union's easternmost time zone (UTC+4, no summer time), so awareness
//! from 2026-09-10T20:00:00Z on starts the clocks ([`REPORTING_APPLIES_AT`]). Calendar
//! arithmetic is done in UTC; "one month" clamps to the end of a shorter month.

use jiff::{Timestamp, ToSpan, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::catalogue::REPORTING_APPLIES;

/// The first instant Art. 14 applies: 11 September 2026, 00:00 at UTC+4 (Réunion), the earliest
/// beginning of that day anywhere in the Union (Art. 71(2)); see the module docs.
pub const REPORTING_APPLIES_AT: Timestamp = Timestamp::constant(1_789_070_400, 0);

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportableEvent {
    /// A vulnerability with reliable evidence of exploitation by a malicious actor (Art. 3(42);
    /// Art. 14(1)–(2)). A merely known or exploitable vulnerability is not reportable.
    ActivelyExploitedVulnerability,
    /// An incident having an impact on the security of the product that is severe under
    /// Art. 14(5) (Art. 14(3)–(4)).
    SevereIncident,
}

/// One report that is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Early warning.
    EarlyWarning,
    /// Notification.
    Notification,
    /// Final report.
    FinalReport,
}

/// The facts the clocks run from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportingFacts {
    /// What happened.
    pub event: ReportableEvent,
    /// When the manufacturer became aware of it: of the exploitation, or of the incident.
    pub aware_at: Timestamp,
    /// For a vulnerability: when a corrective or mitigating measure first became available
    /// (the earlier of a fix and a mitigation).
    pub measure_available_at: Option<Timestamp>,
    /// For an incident: when the notification was submitted.
    pub notification_submitted_at: Option<Timestamp>,
}

/// One deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Deadline {
    /// Which report.
    pub stage: Stage,
    /// When it is due; `None` while the event it runs from has not happened yet.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub due: Option<Timestamp>,
    /// What the clock runs from, in words.
    pub runs_from: String,
    /// The article.
    pub reference: String,
}

/// The answer for one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Clocks {
    /// Art. 14 did not yet apply at awareness.
    NotYetApplicable {
        /// A statement saying so.
        statement: String,
        /// The article.
        reference: String,
    },
    /// The reports that are owed, in order.
    Deadlines {
        /// Early warning, notification, final report.
        deadlines: Vec<Deadline>,
    },
}

/// A deadline would fall after the largest timestamp the calendar supports (year 9999).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {stage:?} deadline, {span} after {from}, is beyond the supported calendar (year 9999)")]
pub struct DeadlineOutOfRange {
    /// Which report.
    pub stage: Stage,
    /// The start of the clock.
    pub from: Timestamp,
    /// How long the clock runs.
    pub span: String,
}

fn plus(stage: Stage, at: Timestamp, span: jiff::Span) -> Result<Timestamp, DeadlineOutOfRange> {
    // Days and months are calendar units: do the arithmetic on a UTC date-time.
    at.to_zoned_datetime(TimeZone::UTC)
        .checked_add(span)
        .map(|zoned| zoned.timestamp())
        .map_err(|_| DeadlineOutOfRange { stage, from: at, span: span.to_string() })
}

fn deadline(stage: Stage, due: Option<Timestamp>, runs_from: &str, reference: &str) -> Deadline {
    Deadline { stage, due, runs_from: runs_from.to_owned(), reference: reference.to_owned() }
}

/// The words of the law for the deadline of `stage` of `event`: "without undue delay and in any
/// event within 24 hours" is one obligation, of which the computed time is only the outer limit
/// (Art. 14(2), 14(4)).
pub fn deadline_rule(event: ReportableEvent, stage: Stage) -> &'static str {
    match (event, stage) {
        (ReportableEvent::ActivelyExploitedVulnerability, Stage::EarlyWarning) => {
            "without undue delay and in any event within 24 hours of becoming aware of the actively exploited vulnerability (Art. 14(2)(a))"
        }
        (ReportableEvent::ActivelyExploitedVulnerability, Stage::Notification) => {
            "unless already provided, without undue delay and in any event within 72 hours of becoming aware of the actively exploited vulnerability (Art. 14(2)(b))"
        }
        (ReportableEvent::ActivelyExploitedVulnerability, Stage::FinalReport) => {
            "no later than 14 days after a corrective or mitigating measure is available (Art. 14(2)(c))"
        }
        (ReportableEvent::SevereIncident, Stage::EarlyWarning) => {
            "without undue delay and in any event within 24 hours of becoming aware of the severe incident (Art. 14(4)(a))"
        }
        (ReportableEvent::SevereIncident, Stage::Notification) => {
            "unless already provided, without undue delay and in any event within 72 hours of becoming aware of the severe incident (Art. 14(4)(b))"
        }
        (ReportableEvent::SevereIncident, Stage::FinalReport) => {
            "within one month after the submission of the incident notification (Art. 14(4)(c))"
        }
    }
}

/// The reporting deadlines for an event (Art. 14(2), 14(4)).
///
/// # Errors
/// When a deadline would fall after the largest supported timestamp; never panics.
pub fn clocks(facts: &ReportingFacts) -> Result<Clocks, DeadlineOutOfRange> {
    if facts.aware_at < REPORTING_APPLIES_AT {
        return Ok(Clocks::NotYetApplicable {
            statement: format!(
                "awareness at {} is before {REPORTING_APPLIES}, when the reporting obligations of Art. 14 start to apply (the day begins in the Union at {REPORTING_APPLIES_AT}, 00:00 in Réunion, UTC+4); no Art. 14 deadlines run from it",
                facts.aware_at
            ),
            reference: "Art. 71(2)".into(),
        });
    }
    let early = plus(Stage::EarlyWarning, facts.aware_at, 24.hours())?;
    let notification = plus(Stage::Notification, facts.aware_at, 72.hours())?;
    let deadlines = match facts.event {
        ReportableEvent::ActivelyExploitedVulnerability => vec![
            deadline(
                Stage::EarlyWarning,
                Some(early),
                "awareness of the actively exploited vulnerability",
                "Art. 14(2)(a)",
            ),
            deadline(
                Stage::Notification,
                Some(notification),
                "awareness of the actively exploited vulnerability",
                "Art. 14(2)(b)",
            ),
            // A measure available before the exploitation became known: the obligation arises
            // at awareness, so the 14 days run from there (the law leaves the case open; a
            // reading that made the report overdue before the duty existed is not one).
            deadline(
                Stage::FinalReport,
                facts
                    .measure_available_at
                    .map(|at| plus(Stage::FinalReport, at.max(facts.aware_at), 14.days()))
                    .transpose()?,
                "availability of a corrective or mitigating measure",
                "Art. 14(2)(c)",
            ),
        ],
        ReportableEvent::SevereIncident => vec![
            deadline(Stage::EarlyWarning, Some(early), "awareness of the severe incident", "Art. 14(4)(a)"),
            deadline(Stage::Notification, Some(notification), "awareness of the severe incident", "Art. 14(4)(b)"),
            deadline(
                Stage::FinalReport,
                facts.notification_submitted_at.map(|at| plus(Stage::FinalReport, at, 1.month())).transpose()?,
                "submission of the incident notification",
                "Art. 14(4)(c)",
            ),
        ],
    };
    Ok(Clocks::Deadlines { deadlines })
}
