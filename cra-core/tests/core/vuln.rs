//! Vulnerability records (Annex I Part II; Art. 13(6); Art. 14): reading with located errors,
//! the rules a record keeps, the Art. 14 report content point by point, the deadlines, and
//! security.txt parsed back with the rules of RFC 9116.

use std::path::PathBuf;

use cra_core::report_clocks::{ReportableEvent, Stage};
use cra_core::vuln::{self, DeadlineState, Record, RecordError};
use jiff::Timestamp;

use super::fixture::door_lock;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A record file in a fresh temporary directory.
fn record_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cra-vuln-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

const EXPLOITED: &str = r#"id = "LH-2026-007"
title = "Unlock command replay"
description = "A recorded unlock command can be replayed within 30 seconds."
components = ["lock-control"]
affected-versions = ">=2.0.0, <2.1.0"
status = "fixed"
cvss = "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N"
aware-at = 2026-11-02T09:30:00Z
mitigation = "Disable remote unlock."

[exploited]
evidence = "Replay observed at two customer sites."
member-states = ["DE"]

[fix]
description = "Commands carry a counter."
version = "2.1.0"
available-at = 2026-11-20T12:00:00Z

[reports]
early-warning = 2026-11-02T20:00:00Z
"#;

fn read(name: &str, text: &str) -> Result<Record, RecordError> {
    let path = record_file(name, text);
    let read = vuln::read_record(&path);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
    read
}

/// Every mistake, one `file:line:column: message` line each.
fn errors(name: &str, text: &str) -> Vec<String> {
    read(name, text).expect_err("the record is refused").lines()
}

#[test]
fn a_record_reads_and_its_contradictions_are_errors_at_file_line_and_field_annex_i_part_ii() {
    let record = read("good", EXPLOITED).unwrap();
    assert_eq!(record.reportable_events(), [ReportableEvent::ActivelyExploitedVulnerability]);
    assert_eq!(record.cvss_score(), Some((6.5, "medium")));

    let cases: [(&str, String, &str, &str); 7] = [
        ("fixed-without-fix", EXPLOITED.replace("[fix]\ndescription = \"Commands carry a counter.\"\nversion = \"2.1.0\"\navailable-at = 2026-11-20T12:00:00Z\n", ""), ":6:10: `status = \"fixed\"` without a `[fix]`", "fixed without a fix"),
        ("not-affected-without-justification", EXPLOITED.replace("status = \"fixed\"", "status = \"not_affected\""), ":6:10: `status = \"not_affected\"` without a `justification`", "not affected without a justification"),
        ("bad-cvss", EXPLOITED.replace("AV:A/", "AV:Q/"), ":7:8: `cvss`: invalid CVSSv3 AV (Attack Vector) metric: `Q`", "unparsable CVSS vector"),
        ("fix-before-awareness", EXPLOITED.replace("available-at = 2026-11-20T12:00:00Z", "available-at = 2026-10-20T12:00:00Z"), ":18:16: `fix.available-at` 2026-10-20T12:00:00Z is before `aware-at`", "a fix before the awareness"),
        ("report-before-awareness", EXPLOITED.replace("early-warning = 2026-11-02T20:00:00Z", "early-warning = 2026-11-01T20:00:00Z"), ":21:17: `reports.early-warning` 2026-11-01T20:00:00Z is before `aware-at`", "a report before the awareness"),
        ("local-time", EXPLOITED.replace("aware-at = 2026-11-02T09:30:00Z", "aware-at = 2026-11-02T09:30:00"), ":8:12: `aware-at`: expected a time with its offset", "a time without offset"),
        ("unknown-field", EXPLOITED.replace("mitigation =", "mitigaton ="), ":9:1: unknown field `mitigaton`", "a misspelt field"),
    ];
    for (name, text, expected, what) in cases {
        let lines = errors(name, &text);
        assert!(
            lines.iter().any(|l| l.contains(&format!("{name}.toml{expected}"))),
            "{what}: expected `{expected}` in {lines:#?}"
        );
        // Each rule is checked in one place: one mistake, one line.
        assert_eq!(lines.iter().filter(|l| l.contains(".toml:")).count(), 1, "{what}: {lines:#?}");
    }
    // Every missing key at once.
    let lines = errors("missing", "id = \"X\"\ntitle = \"T\"\n");
    assert_eq!(lines.len(), 5, "{lines:#?}");
    assert!(lines[0].ends_with("missing.toml:1:1: missing field `description`"), "{lines:#?}");
    // Several mistakes are reported in one run.
    let two = EXPLOITED.replace("AV:A/", "AV:Q/").replace("version = \"2.1.0\"", "version = \"2.0.5\"");
    let lines = errors("two", &two);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines[1].contains("`fix.version` 2.0.5 is inside `affected-versions`"), "{lines:#?}");
}

#[test]
fn components_must_be_the_declarations_and_awareness_not_in_the_future_art_13_6() {
    let declaration = door_lock();
    let path = record_file("unknown-component", &EXPLOITED.replace("[\"lock-control\"]", "[\"lock-controll\"]"));
    let record = vuln::read_record(&path).unwrap();
    let lines = vuln::check_against(&path, &record, &declaration, at("2026-12-01T00:00:00Z")).unwrap_err().lines();
    assert!(
        lines[0].ends_with(
            "unknown-component.toml:4:15: `components`: the declaration of `LockHub` has no component `lock-controll`"
        ),
        "{lines:#?}"
    );
    let rendered =
        vuln::check_against(&path, &record, &declaration, at("2026-12-01T00:00:00Z")).unwrap_err().to_string();
    assert!(rendered.contains("did you mean `lock-control`?"), "{rendered}");

    let path = record_file("future", EXPLOITED);
    let record = vuln::read_record(&path).unwrap();
    let lines = vuln::check_against(&path, &record, &declaration, at("2026-11-01T00:00:00Z")).unwrap_err().lines();
    assert!(lines[0].contains("future.toml:8:12: `aware-at`: 2026-11-02T09:30:00Z is in the future"), "{lines:#?}");
    assert!(vuln::check_against(&path, &record, &declaration, at("2026-11-03T00:00:00Z")).is_ok());
}

#[test]
fn each_report_holds_what_its_article_point_asks_for_art_14_2_and_14_4() {
    let declaration = door_lock();
    let record = read("points", EXPLOITED).unwrap();
    let points = |stage| {
        let reports = vuln::report(&record, &declaration, stage, at("2030-01-01T00:00:00Z")).unwrap();
        assert_eq!(reports.len(), 1);
        reports[0].items.iter().map(|i| i.point).collect::<Vec<_>>()
    };
    assert_eq!(points(Stage::EarlyWarning), ["Art. 14(2)(a)", "Art. 14(2)(a)"]);
    assert_eq!(points(Stage::Notification), ["Art. 14(2)(b)"; 5]);
    assert_eq!(points(Stage::FinalReport), ["Art. 14(2)(c)(i)", "Art. 14(2)(c)(ii)", "Art. 14(2)(c)(iii)"]);

    let notification =
        &vuln::report(&record, &declaration, Stage::Notification, at("2030-01-01T00:00:00Z")).unwrap()[0];
    assert_eq!(notification.due, Some(at("2026-11-05T09:30:00Z")));
    assert_eq!(notification.missing, ["Art. 14(2)(b)"], "only the sensitivity is not in the record");
    assert!(notification.items[1].answer.as_deref().unwrap().contains("Replay observed"));
    assert!(
        notification.user_information.contains("update to version 2.1.0")
            && notification.user_information.contains("Art. 14(8)")
    );
    let final_report = &vuln::report(&record, &declaration, Stage::FinalReport, at("2030-01-01T00:00:00Z")).unwrap()[0];
    assert_eq!(final_report.due, Some(at("2026-12-04T12:00:00Z")), "14 days after the fix (Art. 14(2)(c))");
    assert!(final_report.items[0].answer.as_deref().unwrap().contains("CVSS 6.5 (medium)"));
    // Art. 14(2)(c)(ii) asks for the actor only "where available": none known is not missing.
    assert!(final_report.missing.is_empty(), "{:?}", final_report.missing);
    let markdown = final_report.to_markdown();
    assert!(markdown.contains("| Art. 14(2)(c)(ii) | where available, information on any malicious actor"));
    assert!(markdown.contains("exploiting it | not available |"), "{markdown}");
    assert!(!markdown.contains("Missing before submission"), "{markdown}");

    let incident = read(
        "incident",
        &EXPLOITED.replace("[exploited]\nevidence = \"Replay observed at two customer sites.\"\nmember-states = [\"DE\"]\n", "[severe-incident]\ndescription = \"Signing key exposed on a build server.\"\nmalicious-act-suspected = true\nmember-states = [\"DE\", \"FR\"]\n"),
    )
    .unwrap();
    let reports = vuln::report(&incident, &declaration, Stage::EarlyWarning, at("2030-01-01T00:00:00Z")).unwrap();
    assert_eq!(reports[0].event, ReportableEvent::SevereIncident);
    assert_eq!(reports[0].items.iter().map(|i| i.point).collect::<Vec<_>>(), ["Art. 14(4)(a)", "Art. 14(4)(a)"]);
    assert_eq!(reports[0].items[0].answer.as_deref(), Some("yes, unlawful or malicious acts are suspected"));
    assert_eq!(reports[0].items[1].answer.as_deref(), Some("DE, FR"));
    let final_incident =
        &vuln::report(&incident, &declaration, Stage::FinalReport, at("2030-01-01T00:00:00Z")).unwrap()[0];
    assert_eq!(
        final_incident.items.iter().map(|i| i.point).collect::<Vec<_>>(),
        ["Art. 14(4)(c)(i)", "Art. 14(4)(c)(ii)", "Art. 14(4)(c)(iii)"]
    );
    assert_eq!(final_incident.due, None, "one month after the notification, which is not sent yet (Art. 14(4)(c))");

    let before = read(
        "before",
        &EXPLOITED
            .replace("2026-11-02T09:30:00Z", "2026-09-10T12:00:00Z")
            .replace("early-warning = 2026-11-02T20:00:00Z", ""),
    )
    .unwrap();
    let report = &vuln::report(&before, &declaration, Stage::EarlyWarning, at("2030-01-01T00:00:00Z")).unwrap()[0];
    assert!(report.due.is_none() && report.statement.as_deref().is_some_and(|s| s.contains("before 2026-09-11")));
}

/// The final report on an actively exploited vulnerability is due 14 days after a corrective
/// *or mitigating* measure is available: a mitigation with its time starts the clock when it
/// comes before the fix, a record with only a mitigation may have its final report, and the
/// reports name the mitigation among the measures taken (Art. 14(2)(c)).
#[test]
fn a_mitigation_starts_the_final_report_clock_when_it_comes_first_art_14_2_c() {
    let declaration = door_lock();
    let mitigated = EXPLOITED.replace(
        "mitigation = \"Disable remote unlock.\"\n",
        "mitigation = \"Disable remote unlock.\"\nmitigation-available-at = 2026-11-03T10:00:00Z\n",
    );
    let record = read("mitigated", &mitigated).unwrap();
    assert_eq!(record.measure_available_at(), Some(at("2026-11-03T10:00:00Z")));
    let final_report = &vuln::report(&record, &declaration, Stage::FinalReport, at("2030-01-01T00:00:00Z")).unwrap()[0];
    assert_eq!(final_report.due, Some(at("2026-11-17T10:00:00Z")), "14 days after the mitigation, not the fix");
    let notification =
        &vuln::report(&record, &declaration, Stage::Notification, at("2030-01-01T00:00:00Z")).unwrap()[0];
    let taken = notification.items[2].answer.as_deref().unwrap();
    assert!(
        taken.contains("mitigating measure: Disable remote unlock (available since 2026-11-03T10:00:00Z)"),
        "{taken}"
    );
    assert!(taken.contains("corrective measure: Commands carry a counter"), "{taken}");
    // A mitigation only, no fix yet: the final report may be recorded.
    let only_mitigation = mitigated
        .replace("status = \"fixed\"", "status = \"affected\"")
        .replace("[fix]\ndescription = \"Commands carry a counter.\"\nversion = \"2.1.0\"\navailable-at = 2026-11-20T12:00:00Z\n", "")
        .replace("early-warning = 2026-11-02T20:00:00Z", "early-warning = 2026-11-02T20:00:00Z\nfinal-report = 2026-11-10T08:00:00Z");
    let record = read("only-mitigation", &only_mitigation).unwrap();
    let lines = vuln::deadlines(&[record], at("2026-11-12T00:00:00Z")).unwrap();
    let final_line = lines.iter().find(|l| l.stage == Stage::FinalReport).unwrap();
    assert_eq!((final_line.due, final_line.state), (Some(at("2026-11-17T10:00:00Z")), DeadlineState::Submitted));
    // Without any measure a final report is refused, and a mitigation time needs the mitigation.
    let lines = errors("no-measure", &only_mitigation.replace("mitigation-available-at = 2026-11-03T10:00:00Z\n", ""));
    assert!(lines.iter().any(|l| l.contains("neither a `[fix]` nor a `mitigation-available-at`")), "{lines:#?}");
    let lines = errors("time-without-mitigation", &mitigated.replace("mitigation = \"Disable remote unlock.\"\n", ""));
    assert!(lines.iter().any(|l| l.contains("`mitigation-available-at` without `mitigation`")), "{lines:#?}");
}

/// A report names the product by the versions the record says are affected, never by the build
/// the declaration was made from (Art. 14(2)(b): "the product with digital elements concerned"):
/// a declaration of the fixed firmware must not make a report about the broken one name it.
#[test]
fn a_report_names_the_affected_versions_not_the_declarations_build_art_14_2_b() {
    let mut declaration = door_lock();
    declaration.product.version = "2.1.0".to_owned();
    declaration.product.identification = "LH-200, firmware 2.1.0".to_owned();
    let record = read("named-by-versions", EXPLOITED).unwrap();
    for stage in [Stage::EarlyWarning, Stage::Notification] {
        let report = &vuln::report(&record, &declaration, stage, at("2030-01-01T00:00:00Z")).unwrap()[0];
        let product = report.items.iter().find(|i| i.asks.contains("product")).unwrap();
        let answer = product.answer.as_deref().unwrap();
        assert!(answer.contains("affected versions >=2.0.0, <2.1.0"), "{answer}");
        assert_eq!(answer.matches("2.1.0").count(), 1, "only as the end of the range: {stage:?}: {answer}");
    }
}

/// The early warning and the notification run from awareness of the *exploitation* (Art.
/// 14(2)(a)–(b)) or of the *incident* (Art. 14(4)(a)–(b)), which may come after awareness of the
/// vulnerability; a vulnerability fixed before its exploitation became known is then a valid
/// record, whose final report is due 14 days after that awareness.
#[test]
fn the_clocks_run_from_awareness_of_the_exploitation_or_the_incident_art_14_2_a_and_14_4_a() {
    let declaration = door_lock();
    let later = EXPLOITED
        .replace("member-states = [\"DE\"]\n", "member-states = [\"DE\"]\naware-at = 2026-11-25T08:00:00Z\n")
        .replace("early-warning = 2026-11-02T20:00:00Z", "early-warning = 2026-11-25T20:00:00Z");
    let record = read("exploited-later", &later).unwrap();
    let early = &vuln::report(&record, &declaration, Stage::EarlyWarning, at("2030-01-01T00:00:00Z")).unwrap()[0];
    assert_eq!(early.due, Some(at("2026-11-26T08:00:00Z")), "24 hours after awareness of the exploitation");
    let final_report = &vuln::report(&record, &declaration, Stage::FinalReport, at("2030-01-01T00:00:00Z")).unwrap()[0];
    assert_eq!(
        final_report.due,
        Some(at("2026-12-09T08:00:00Z")),
        "the fix (20 November) came before the exploitation was known: 14 days from that awareness"
    );
    // The wording of the law, with the computed time as its outer limit.
    let markdown = early.to_markdown();
    assert!(markdown.contains("- Due: without undue delay and in any event within 24 hours of becoming aware of the actively exploited vulnerability (Art. 14(2)(a)); at the latest 2026-11-26T08:00:00Z"), "{markdown}");
    let lines = vuln::deadlines(std::slice::from_ref(&record), at("2026-11-25T09:00:00Z")).unwrap();
    assert!(lines.iter().all(|l| l.rule.contains("Art. 14(2)")), "{lines:#?}");
    // An incident known after the vulnerability.
    let incident = EXPLOITED.replace(
        "[exploited]\nevidence = \"Replay observed at two customer sites.\"\nmember-states = [\"DE\"]\n",
        "[severe-incident]\ndescription = \"Unlock commands replayed at a customer site.\"\nmalicious-act-suspected = true\naware-at = 2026-11-06T12:00:00Z\n",
    );
    let record = read("incident-later", &incident).unwrap();
    let notification =
        &vuln::report(&record, &declaration, Stage::Notification, at("2030-01-01T00:00:00Z")).unwrap()[0];
    assert_eq!(notification.due, Some(at("2026-11-09T12:00:00Z")), "72 hours after awareness of the incident");
    // Awareness of the exploitation before awareness of the vulnerability is a contradiction.
    let lines = errors(
        "exploited-before",
        &later.replace("aware-at = 2026-11-25T08:00:00Z", "aware-at = 2026-11-01T08:00:00Z"),
    );
    assert!(
        lines.iter().any(|l| l.contains("`exploited.aware-at` 2026-11-01T08:00:00Z is before the record's `aware-at`")),
        "{lines:#?}"
    );
}

#[test]
fn deadlines_put_overdue_reports_first_and_judge_at_the_time_asked_art_14() {
    let on_time = read("on-time", EXPLOITED).unwrap();
    let overdue = read(
        "overdue",
        &EXPLOITED
            .replace("id = \"LH-2026-007\"", "id = \"LH-2026-008\"")
            .replace("early-warning = 2026-11-02T20:00:00Z", ""),
    )
    .unwrap();
    let lines = vuln::deadlines(&[on_time.clone(), overdue], at("2026-11-04T00:00:00Z")).unwrap();
    let states: Vec<(&str, Stage, DeadlineState)> =
        lines.iter().map(|l| (l.record.as_str(), l.stage, l.state)).collect();
    assert_eq!(
        states,
        [
            ("LH-2026-008", Stage::EarlyWarning, DeadlineState::Overdue),
            ("LH-2026-007", Stage::Notification, DeadlineState::Open),
            ("LH-2026-008", Stage::Notification, DeadlineState::Open),
            ("LH-2026-007", Stage::FinalReport, DeadlineState::Open),
            ("LH-2026-008", Stage::FinalReport, DeadlineState::Open),
            ("LH-2026-007", Stage::EarlyWarning, DeadlineState::Submitted),
        ]
    );
    // Before the early warning was sent, it was open, not submitted.
    let earlier = vuln::deadlines(std::slice::from_ref(&on_time), at("2026-11-02T12:00:00Z")).unwrap();
    assert!(earlier.iter().any(|l| l.stage == Stage::EarlyWarning && l.state == DeadlineState::Open));
    let late = read(
        "late",
        &EXPLOITED.replace("early-warning = 2026-11-02T20:00:00Z", "early-warning = 2026-11-04T20:00:00Z"),
    )
    .unwrap();
    let lines = vuln::deadlines(&[late], at("2026-11-05T00:00:00Z")).unwrap();
    assert!(lines.iter().any(|l| l.stage == Stage::EarlyWarning && l.state == DeadlineState::SubmittedLate));
}

/// RFC 9116 section 2.5 and section 3: `Field: value` lines, `#` comments, `Contact` at least
/// once, `Expires` exactly once, `Preferred-Languages` and `Canonical` at most once... as a
/// reader of the file would apply them.
fn parse_security_txt(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut fields = Vec::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, value) = line.split_once(": ").ok_or(format!("not `Field: value`: {line}"))?;
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') || value.trim() != value {
            return Err(format!("bad field: {line}"));
        }
        fields.push((name.to_ascii_lowercase(), value.to_owned()));
    }
    let count = |name: &str| fields.iter().filter(|(n, _)| n == name).count();
    if count("contact") == 0 || count("expires") != 1 {
        return Err("Contact at least once, Expires exactly once".into());
    }
    for once in ["preferred-languages", "policy", "canonical"] {
        if count(once) > 1 {
            return Err(format!("{once} more than once"));
        }
    }
    let expires = &fields.iter().find(|(n, _)| n == "expires").unwrap().1;
    expires.parse::<Timestamp>().map_err(|e| format!("Expires is not RFC 3339: {e}"))?;
    for (name, value) in &fields {
        if ["contact", "policy", "canonical", "csaf"].contains(&name.as_str())
            && !["https://", "mailto:", "tel:"].iter().any(|scheme| value.starts_with(scheme))
        {
            return Err(format!("{name} is not a URI: {value}"));
        }
    }
    Ok(fields)
}

#[test]
fn security_txt_parses_back_and_refuses_a_stale_or_far_expiry_annex_i_part_ii_5_6() {
    let declaration = door_lock();
    let settings = vuln::SecurityTxt {
        expires: at("2027-06-30T00:00:00Z"),
        canonical: Some("https://lockmaker.eu/.well-known/security.txt".into()),
        preferred_languages: vec!["en".into(), "de".into()],
        csaf: Some("https://lockmaker.eu/.well-known/csaf/provider-metadata.json".into()),
    };
    let text = vuln::security_txt(&declaration, &settings, at("2026-11-28T00:00:00Z")).unwrap();
    let fields = parse_security_txt(&text).unwrap();
    let get = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(get("contact"), Some("mailto:psirt@lockmaker.eu"));
    assert_eq!(get("policy"), Some("https://lockmaker.eu/cvd"));
    assert_eq!(get("expires"), Some("2027-06-30T00:00:00Z"));
    assert_eq!(get("preferred-languages"), Some("en, de"));
    assert_eq!(get("csaf"), Some("https://lockmaker.eu/.well-known/csaf/provider-metadata.json"));
    // The same metadata gives the same bytes, whatever the clock.
    assert_eq!(text, vuln::security_txt(&declaration, &settings, at("2027-01-15T00:00:00Z")).unwrap());
    let stale = vuln::security_txt(&declaration, &settings, at("2027-07-01T00:00:00Z")).unwrap_err().to_string();
    assert!(stale.contains("has passed"), "{stale}");
    let far = vuln::security_txt(&declaration, &settings, at("2026-01-01T00:00:00Z")).unwrap_err().to_string();
    assert!(far.contains("more than a year ahead"), "{far}");
    let mut no_contact = declaration.clone();
    no_contact.vulnerability_handling.single_point_of_contact = None;
    assert!(
        vuln::security_txt(&no_contact, &settings, at("2026-11-28T00:00:00Z"))
            .unwrap_err()
            .to_string()
            .contains("`Contact` is required")
    );
}

/// A vulnerability in an integrated component is reported to its maintainer (Art. 13(6), first
/// subparagraph), and a modification the manufacturer made is shared with it (second
/// subparagraph): a record about a dependency without an upstream report is refused at its
/// `[dependency]` table, and one with the report, and where the fix was shared, is read.
#[test]
fn a_vulnerability_in_a_dependency_is_reported_upstream_and_the_fix_shared_art_13_6() {
    let in_dependency =
        EXPLOITED.replace("[exploited]", "[dependency]\nname = \"smoltcp\"\nversions = \"<0.12.1\"\n\n[exploited]");
    let lines = errors("no-upstream", &in_dependency);
    let line = lines.iter().find(|l| l.contains("names no report to its maintainer (Art. 13(6))")).expect("refused");
    assert!(line.contains("the dependency `smoltcp`"), "{line}");
    let reported = format!(
        "{in_dependency}\n[[upstream]]\nmaintainer = \"smoltcp maintainers\"\nreported-at = 2026-11-02T12:00:00Z\nreference = \"https://github.com/smoltcp-rs/smoltcp/security/advisories (example)\"\nfix-shared = \"https://github.com/smoltcp-rs/smoltcp/pull/1 (example)\"\n"
    );
    let record = read("upstream", &reported).unwrap();
    assert_eq!(
        record.upstream[0].fix_shared.as_deref(),
        Some("https://github.com/smoltcp-rs/smoltcp/pull/1 (example)")
    );
}

/// The advisory's audience is the TLP label the record's sensitivity begins with; `AMBER` and
/// stricter are not `final` unless the record says so; a sensitivity without a label is an
/// error, a label TLP does not have one at its key (CSAF 2.0 section 6.2.10).
#[test]
fn the_advisory_is_distributed_as_the_records_tlp_label_says() {
    let mut declaration = door_lock();
    declaration.manufacturer.website = Some("https://lockhub.eu".into());
    let advisory = |sensitivity: &str| {
        let text = if sensitivity.is_empty() {
            EXPLOITED.to_owned()
        } else {
            EXPLOITED.replace("mitigation = ", &format!("sensitivity = {sensitivity:?}\nmitigation = "))
        };
        let record = read("tlp", &text).unwrap();
        vuln::csaf(&record, &declaration, vuln::CsafKind::SecurityAdvisory)
    };
    let label_and_status = |document: &serde_json::Value| {
        (
            document["document"]["distribution"]["tlp"]["label"].as_str().unwrap().to_owned(),
            document["document"]["tracking"]["status"].as_str().unwrap().to_owned(),
        )
    };
    assert_eq!(label_and_status(&advisory("").unwrap()), ("WHITE".into(), "final".into()), "an advisory is for users");
    assert_eq!(label_and_status(&advisory("TLP:CLEAR").unwrap()), ("WHITE".into(), "final".into()));
    assert_eq!(label_and_status(&advisory("TLP:GREEN within the sector").unwrap()), ("GREEN".into(), "final".into()));
    assert_eq!(label_and_status(&advisory("TLP:AMBER until patched").unwrap()), ("AMBER".into(), "interim".into()));
    assert_eq!(label_and_status(&advisory("TLP:RED").unwrap()), ("RED".into(), "interim".into()));
    let strict = advisory("TLP:AMBER+STRICT").unwrap();
    assert_eq!(label_and_status(&strict), ("AMBER".into(), "interim".into()));
    assert!(strict["document"]["distribution"]["text"].as_str().unwrap().starts_with("TLP:AMBER+STRICT"));
    // The record may release a restricted advisory as final.
    let released = read(
        "tlp-final",
        &(EXPLOITED.replace("mitigation = ", "sensitivity = \"TLP:AMBER\"\nmitigation = ")
            + "\n[advisory]\nfinal = true\n"),
    )
    .unwrap();
    let document = vuln::csaf(&released, &declaration, vuln::CsafKind::SecurityAdvisory).unwrap();
    assert_eq!(label_and_status(&document), ("AMBER".into(), "final".into()));
    // No label: the audience is not guessed.
    let error = advisory("internal until the fix ships").unwrap_err();
    assert!(error.to_string().contains("begins with no TLP label"), "{error}");
    // A label TLP does not have: an error at the key.
    let lines =
        errors("tlp-purple", &EXPLOITED.replace("mitigation = ", "sensitivity = \"TLP:PURPLE\"\nmitigation = "));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("tlp-purple.toml:9:") && l.contains("`TLP:PURPLE` is no Traffic Light Protocol label")),
        "{lines:#?}"
    );
}

/// An advisory carries the record's public fields, and that the vulnerability is exploited, but
/// never the evidence, the Member States or the actor, which are for the Art. 14 reports; its
/// product IDs say what they are, its CWE is the record's, and with the manufacturer's CSAF folder
/// it names its canonical URL (CSAF 2.0 sections 5.1, 6.2.11).
#[test]
fn an_advisory_keeps_the_internal_evidence_out_and_names_itself() {
    let mut declaration = door_lock();
    declaration.manufacturer.website = Some("https://lockhub.eu".into());
    declaration.vulnerability_handling.advisories_url = Some("https://lockhub.eu/.well-known/csaf/".into());
    let text = EXPLOITED.replace("[exploited]\n", "[exploited]\nactor = \"a former installer\"\n")
        + "\n[advisory]\nsummary = \"Update to 2.1.0: it refuses replayed unlock commands.\"\n";
    let text = text.replace(
        "mitigation = ",
        "cwe = { id = \"CWE-294\", name = \"Authentication Bypass by Capture-replay\" }\nmitigation = ",
    );
    let record = read("public", &text).unwrap();
    let document = vuln::csaf(&record, &declaration, vuln::CsafKind::SecurityAdvisory).unwrap();
    let json = document.to_string();
    for internal in ["Replay observed at two customer sites", "a former installer", "\"DE\""] {
        assert!(!json.contains(internal), "the advisory leaks `{internal}`: {json}");
    }
    assert!(json.contains("actively exploited"));
    assert_eq!(document["document"]["notes"][0]["text"], "Update to 2.1.0: it refuses replayed unlock commands.");
    assert_eq!(document["vulnerabilities"][0]["cwe"]["id"], "CWE-294");
    let references = document["document"]["references"].as_array().unwrap();
    assert_eq!(references[0]["category"], "self");
    assert_eq!(references[0]["url"], "https://lockhub.eu/.well-known/csaf/white/2026/lh-2026-007.json");
    let status = &document["vulnerabilities"][0]["product_status"];
    assert_eq!(status["known_affected"][0], "LockHub >=2.0.0, <2.1.0");
    assert_eq!(status["fixed"][0], "LockHub 2.1.0");
    // Not affected: the ID names the versions, not a status the product does not have.
    let not_affected = read(
        "not-affected",
        &EXPLOITED
            .replace("status = \"fixed\"", "status = \"not_affected\"\njustification = \"vulnerable_code_not_present\"")
            .replace("[fix]\ndescription = \"Commands carry a counter.\"\nversion = \"2.1.0\"\navailable-at = 2026-11-20T12:00:00Z\n", ""),
    )
    .unwrap();
    let document = vuln::csaf(&not_affected, &declaration, vuln::CsafKind::Vex).unwrap();
    assert_eq!(document["vulnerabilities"][0]["product_status"]["known_not_affected"][0], "LockHub >=2.0.0, <2.1.0");
    // One version named: a product version, not a range.
    let one = read("one-version", &EXPLOITED.replace(">=2.0.0, <2.1.0", "=2.0.1")).unwrap();
    let document = vuln::csaf(&one, &declaration, vuln::CsafKind::SecurityAdvisory).unwrap();
    let branch = &document["product_tree"]["branches"][0]["branches"][0]["branches"][0];
    assert_eq!((branch["category"].as_str(), branch["name"].as_str()), (Some("product_version"), Some("2.0.1")));
    // A canonical URL over plain HTTP, and a CWE that is no CWE, are refused.
    declaration.vulnerability_handling.advisories_url = Some("http://lockhub.eu/csaf".into());
    assert!(
        vuln::csaf(&record, &declaration, vuln::CsafKind::SecurityAdvisory)
            .unwrap_err()
            .to_string()
            .contains("not an `https://` URL")
    );
    let lines = errors("bad-cwe", &text.replace("CWE-294", "CWE-0294x"));
    assert!(lines.iter().any(|l| l.contains("`cwe.id` `CWE-0294x` is not a CWE identifier")), "{lines:#?}");
}

/// A report is made from the record as it stood when it was submitted: a notification sent
/// before the fix was available does not name the fix, whatever the record says today; while it
/// is not submitted, it is made as of the time asked (Art. 14(2)(b)).
#[test]
fn a_report_as_of_its_submission_does_not_list_a_later_fix_art_14_2_b() {
    let declaration = door_lock();
    let sent = EXPLOITED.replace(
        "early-warning = 2026-11-02T20:00:00Z",
        "early-warning = 2026-11-02T20:00:00Z\nnotification = 2026-11-04T09:00:00Z",
    );
    let record = read("as-submitted", &sent).unwrap();
    let notification =
        &vuln::report(&record, &declaration, Stage::Notification, at("2030-01-01T00:00:00Z")).unwrap()[0];
    assert_eq!(notification.submitted, Some(at("2026-11-04T09:00:00Z")));
    let taken = notification.items[2].answer.as_deref().unwrap_or_default();
    assert!(!taken.contains("Commands carry a counter"), "the fix came on 20 November: {taken}");
    assert!(!notification.user_information.contains("update to version 2.1.0"), "{}", notification.user_information);
    // Not yet submitted: as of the time asked, before and after the fix.
    let record = read("as-of", EXPLOITED).unwrap();
    let before = &vuln::report(&record, &declaration, Stage::Notification, at("2026-11-04T00:00:00Z")).unwrap()[0];
    assert!(before.user_information.contains("Mitigation") && !before.user_information.contains("update to version"));
    let after = &vuln::report(&record, &declaration, Stage::Notification, at("2026-11-21T00:00:00Z")).unwrap()[0];
    assert!(after.user_information.contains("update to version 2.1.0"), "{}", after.user_information);
    // The text for people names no command.
    assert!(!after.to_markdown().contains("cargo cra"), "{}", after.to_markdown());
}
