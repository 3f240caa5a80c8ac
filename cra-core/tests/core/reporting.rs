use cra_core::report_clocks::{Clocks, ReportableEvent, ReportingFacts, Stage, clocks};
use jiff::Timestamp;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn due(clocks: &Clocks) -> Vec<(Stage, Option<String>, String)> {
    let Clocks::Deadlines { deadlines } = clocks else { panic!("expected deadlines, got {clocks:?}") };
    deadlines.iter().map(|d| (d.stage, d.due.map(|t| t.to_string()), d.reference.clone())).collect()
}

#[test]
fn actively_exploited_vulnerability_24h_72h_and_14_days_after_the_fix_art_14_2() {
    let facts = ReportingFacts {
        event: ReportableEvent::ActivelyExploitedVulnerability,
        aware_at: at("2026-11-02T09:30:00Z"),
        measure_available_at: Some(at("2026-11-20T12:00:00Z")),
        notification_submitted_at: None,
    };
    assert_eq!(
        due(&clocks(&facts).unwrap()),
        [
            (Stage::EarlyWarning, Some("2026-11-03T09:30:00Z".into()), "Art. 14(2)(a)".into()),
            (Stage::Notification, Some("2026-11-05T09:30:00Z".into()), "Art. 14(2)(b)".into()),
            (Stage::FinalReport, Some("2026-12-04T12:00:00Z".into()), "Art. 14(2)(c)".into()),
        ]
    );
    let no_fix_yet = ReportingFacts { measure_available_at: None, ..facts };
    assert_eq!(due(&clocks(&no_fix_yet).unwrap())[2].1, None);
}

#[test]
fn severe_incident_24h_72h_and_one_month_after_the_notification_art_14_4() {
    let facts = ReportingFacts {
        event: ReportableEvent::SevereIncident,
        aware_at: at("2027-01-29T23:00:00Z"),
        measure_available_at: None,
        notification_submitted_at: Some(at("2027-01-31T10:00:00Z")),
    };
    let deadlines = due(&clocks(&facts).unwrap());
    assert_eq!(deadlines[0].1.as_deref(), Some("2027-01-30T23:00:00Z"));
    assert_eq!(deadlines[1].1.as_deref(), Some("2027-02-01T23:00:00Z"));
    // One month after 31 January is the last day of February.
    assert_eq!(deadlines[2], (Stage::FinalReport, Some("2027-02-28T10:00:00Z".into()), "Art. 14(4)(c)".into()));
}

#[test]
fn awareness_before_11_september_2026_gets_a_statement_art_71_2() {
    // The day begins first in Réunion (UTC+4): the earliest reading never misses a report.
    let facts = ReportingFacts {
        event: ReportableEvent::SevereIncident,
        aware_at: at("2026-09-10T19:59:59Z"),
        measure_available_at: None,
        notification_submitted_at: None,
    };
    let Clocks::NotYetApplicable { statement, reference } = clocks(&facts).unwrap() else {
        panic!("expected a statement")
    };
    assert_eq!(reference, "Art. 71(2)");
    assert!(statement.contains("2026-09-11") && statement.contains("2026-09-10T20:00:00Z"), "{statement}");
    for day_begun_somewhere in ["2026-09-10T20:00:00Z", "2026-09-10T23:59:59Z", "2026-09-11T00:00:00Z"] {
        let aware = ReportingFacts { aware_at: at(day_begun_somewhere), ..facts };
        assert!(matches!(clocks(&aware).unwrap(), Clocks::Deadlines { .. }), "{day_begun_somewhere}");
    }
    let reunion =
        jiff::civil::date(2026, 9, 11).to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(4))).unwrap();
    assert_eq!(cra_core::report_clocks::REPORTING_APPLIES_AT, reunion.timestamp());
}
