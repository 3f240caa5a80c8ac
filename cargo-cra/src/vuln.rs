//! `cargo cra advisory|report|deadlines|security-txt`: vulnerability handling from the records in
//! the product's repository (docs/vulnerability-handling.md). All logic is in
//! `cra_core::vuln`; this reads the inputs, writes the outputs whole (temporary file, then
//! rename) and sets the exit status: 0 fine, 1 an overdue report (`deadlines`), 2 bad input.

use std::path::{Path, PathBuf};

use cra_core::report_clocks::Stage;
use cra_core::vuln::{self, CsafKind, Record};

use crate::cargo_run::Outcome;
use std::fmt::Write as _;

use jiff::Timestamp;

/// `--stage`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum StageArg {
    /// The early warning (Art. 14(2)(a), 14(4)(a)).
    EarlyWarning,
    /// The notification (Art. 14(2)(b), 14(4)(b)).
    Notification,
    /// The final report (Art. 14(2)(c), 14(4)(c)).
    Final,
}

fn declaration(path: &Path) -> Result<cra_core::Declaration, String> {
    let text = crate::declaration_file::read_declaration(path)?;
    crate::declaration_file::parse_declaration(path, &text)
}

fn at(value: Option<&str>) -> Result<Timestamp, String> {
    match value {
        // Whole seconds: the times people read, and what the reports' clocks are given in.
        None => Timestamp::from_second(Timestamp::now().as_second()).map_err(|e| e.to_string()),
        Some(text) => text
            .parse()
            .map_err(|_| format!("--at: expected a time with its offset, e.g. `2026-10-03T09:00:00Z`, found `{text}`")),
    }
}

/// A record, read and checked against the product's declaration.
fn record(path: &Path, declaration: &cra_core::Declaration, now: Timestamp) -> Result<Record, String> {
    let record = vuln::read_record(path).map_err(|e| e.lines().join("\n"))?;
    vuln::check_against(path, &record, declaration, now).map_err(|e| e.lines().join("\n"))?;
    Ok(record)
}

fn write(dir: &Path, files: &[(String, String)]) -> Result<String, String> {
    let paths = cra_core::render::write_documents(dir, files).map_err(|e| e.to_string())?;
    Ok(paths.iter().fold(String::new(), |mut text, path| {
        let _ = writeln!(text, "{}", path.display());
        text
    }))
}

fn pretty(value: &serde_json::Value) -> String {
    cra_core::write::json_text(value)
}

/// `cargo cra advisory`: the CSAF security advisory and CSAF VEX of a record, and with `--sbom`
/// its CycloneDX VEX.
pub fn advisory(
    record_path: &Path,
    declaration_path: &Path,
    sbom: Option<&Path>,
    out: &Path,
    sign: Option<&Path>,
    publish: Option<(&Path, &Path)>,
) -> Result<String, String> {
    let declaration = declaration(declaration_path)?;
    let record = record(record_path, &declaration, Timestamp::now())?;
    // Keys are read first: a wrong one fails before anything is written.
    let key = sign.map(cra_core::sign::SigningKey::read).transpose().map_err(|e| e.to_string())?;
    let openpgp = publish
        .map(|(_, key)| cra_core::vuln::openpgp::OpenPgpKey::read(key, Timestamp::now().as_second()))
        .transpose()
        .map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    let mut documents = Vec::new();
    for (kind, suffix) in [(CsafKind::SecurityAdvisory, "csaf.json"), (CsafKind::Vex, "vex.csaf.json")] {
        let document =
            vuln::csaf(&record, &declaration, kind).map_err(|e| format!("{}: {e}", declaration_path.display()))?;
        files.push((format!("{}.{suffix}", record.id.to_lowercase()), pretty(&document)));
        documents.push(document);
    }
    if let Some(sbom) = sbom {
        let text = std::fs::read_to_string(sbom).map_err(|e| format!("{}: cannot read: {e}", sbom.display()))?;
        let sbom_value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", sbom.display()))?;
        let vex = vuln::cyclonedx_vex(std::slice::from_ref(&record), &sbom_value)
            .map_err(|e| format!("{}: {e}", sbom.display()))?;
        let vex = match &key {
            Some(key) => cra_core::sign::jsf::sign_text(&vex, key).map_err(|e| e.to_string())?,
            None => vex,
        };
        files.push((format!("{}.vex.cdx.json", record.id.to_lowercase()), vex));
    }
    let mut said = write(out, &files)?;
    if let (Some((dir, _)), Some(openpgp)) = (publish, &openpgp) {
        let base = declaration.vulnerability_handling.advisories_url.as_deref().ok_or_else(|| {
            format!(
                "{}: publishing needs the provider's base URL: set `advisories-url` in [package.metadata.cra]",
                declaration_path.display()
            )
        })?;
        let written = cra_core::vuln::provider::publish(dir, &documents, base, openpgp).map_err(|e| e.to_string())?;
        let _ = writeln!(
            said,
            "published {} file(s) into {} (CSAF provider layout, OpenPGP key {})",
            written.len(),
            dir.display(),
            openpgp.fingerprint()
        );
        // CSAF 2.0 section 7.1: only TLP:WHITE (CLEAR) documents are for everyone.
        for folder in
            ["green", "amber", "red"].iter().filter(|f| written.iter().any(|w| w.starts_with(&format!("{f}/"))))
        {
            let _ = writeln!(
                said,
                "note: `{folder}/` holds TLP:{} documents: serve it only to those the label allows (access control), never publicly",
                folder.to_uppercase()
            );
        }
    }
    Ok(said)
}

/// `cargo cra report`: the Art. 14 report of a stage, as JSON and Markdown, for each reportable
/// event of the record, as of its submission (or `--at`, or now). A submitted report is never
/// rewritten: a file that holds another text for it is an error.
pub fn report(
    record_path: &Path,
    declaration_path: &Path,
    stage: StageArg,
    at_text: Option<&str>,
    out: &Path,
) -> Result<String, String> {
    let now = at(at_text)?;
    let declaration = declaration(declaration_path)?;
    let record = record(record_path, &declaration, now)?;
    let stage = match stage {
        StageArg::EarlyWarning => Stage::EarlyWarning,
        StageArg::Notification => Stage::Notification,
        StageArg::Final => Stage::FinalReport,
    };
    let reports =
        vuln::report(&record, &declaration, stage, now).map_err(|e| format!("{}: {e}", record_path.display()))?;
    if reports.is_empty() {
        return Err(format!(
            "{}: the record is neither an actively exploited vulnerability (`[exploited]`) nor a severe incident (`[severe-incident]`): Art. 14 asks for no report",
            record_path.display()
        ));
    }
    let mut files = Vec::new();
    for report in &reports {
        let stem = report.file_stem();
        files.push((format!("{stem}.json"), pretty(&serde_json::to_value(report).expect("a report serializes"))));
        files.push((format!("{stem}.md"), report.to_markdown()));
    }
    if let Some(sent) = reports.iter().find_map(|r| r.submitted) {
        for (name, text) in &files {
            let path = out.join(name);
            // The copy made before the submission was recorded differs only in saying when.
            let without_submission = |text: &str| -> String {
                text.lines()
                    .filter(|l| !l.trim_start().starts_with("\"submitted\":") && !l.starts_with("- Submitted:"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            match std::fs::read_to_string(&path) {
                Ok(stored) if without_submission(&stored) != without_submission(text) => {
                    return Err(format!(
                        "{}: this report was submitted at {sent} and is stored with other content; a submitted report is never rewritten. Keep it; for what changed since, make the next report (or, for a correction, a new file in another folder)",
                        path.display()
                    ));
                }
                _ => {}
            }
        }
    }
    write(out, &files)
}

/// `cargo cra deadlines`: the clocks of every record, overdue first; status 1 when one is
/// overdue.
pub fn deadlines(
    dir: &Path,
    declaration_path: Option<&Path>,
    at_text: Option<&str>,
    json: bool,
) -> Result<Outcome, String> {
    let now = at(at_text)?;
    let declaration = declaration_path.map(declaration).transpose()?;
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (path, read) in vuln::read_records(dir).map_err(|e| e.to_string())? {
        let checked = read.map_err(|e| e.lines()).and_then(|record| match &declaration {
            Some(declaration) => {
                vuln::check_against(&path, &record, declaration, now).map(|()| record).map_err(|e| e.lines())
            }
            None => Ok(record),
        });
        match checked {
            Ok(record) => records.push(record),
            Err(lines) => errors.extend(lines),
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    let lines = vuln::deadlines(&records, now).map_err(|e| e.to_string())?;
    let overdue = lines.iter().any(|l| l.state == vuln::DeadlineState::Overdue);
    // Records no Art. 14 clock runs for are listed too: a reader must see that each record was
    // read and why it has no deadline.
    let without_clock: Vec<&Record> = records.iter().filter(|r| r.reportable_events().is_empty()).collect();
    let text = if json {
        let without: Vec<serde_json::Value> =
            without_clock.iter().map(|r| serde_json::json!({ "record": r.id, "status": r.status.as_str() })).collect();
        pretty(&serde_json::json!({ "at": now.to_string(), "deadlines": lines, "without_clock": without }))
    } else {
        let mut text = if lines.is_empty() {
            format!("no record in {} is an actively exploited vulnerability or a severe incident\n", dir.display())
        } else {
            format!("Art. 14 deadlines at {now} ({} records):\n", records.len())
        };
        let name = |value: serde_json::Value| value.as_str().map(str::to_owned).unwrap_or_default();
        for line in &lines {
            let due = line.due.map_or_else(|| "-".to_owned(), |d| d.to_string());
            let _ = writeln!(
                text,
                "{:<16} {:<14} {:<13} due {due:<22} {}",
                name(serde_json::to_value(line.state).unwrap_or_default()).to_uppercase(),
                line.record,
                name(serde_json::to_value(line.stage).unwrap_or_default()),
                line.reference
            );
        }
        for record in &without_clock {
            let _ = writeln!(
                text,
                "{:<16} {:<14} {:<13} not actively exploited, no severe incident: no Art. 14 report is due (handled under Annex I Part II)",
                "NO CLOCK",
                record.id,
                record.status.as_str()
            );
        }
        text
    };
    Ok(Outcome { text, status: u8::from(overdue) })
}

/// `cargo cra security-txt`: RFC 9116 from the product's metadata.
pub fn security_txt(
    manifest: &Path,
    declaration_path: &Path,
    at_text: Option<&str>,
    out: Option<&PathBuf>,
) -> Result<String, String> {
    let now = at(at_text)?;
    let declaration = declaration(declaration_path)?;
    let settings = vuln::SecurityTxt::from_manifest(manifest).map_err(|e| e.to_string())?;
    let text = vuln::security_txt(&declaration, &settings, now).map_err(|e| format!("{}: {e}", manifest.display()))?;
    match out {
        None => Ok(text),
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name = path.file_name().map_or_else(|| "security.txt".into(), |n| n.to_string_lossy().into_owned());
            write(dir, &[(name, text)])
        }
    }
}

/// Where `cargo cra audit` reads advisories from.
pub enum AdvisorySource<'a> {
    /// A local clone of the RustSec advisory database.
    Database(&'a Path),
    /// `cargo audit --json` output.
    CargoAuditJson(&'a Path),
}

/// `cargo cra audit`: the evidence for I.2.a; status 1 when an advisory applies and no record
/// settles it.
pub fn audit(
    source: &AdvisorySource<'_>,
    sbom_path: &Path,
    records_dir: &Path,
    ignore_files: &[PathBuf],
    on: Option<&str>,
    out: Option<&Path>,
) -> Result<Outcome, String> {
    let checked_on: jiff::civil::Date = match on {
        Some(text) => text.parse().map_err(|_| format!("--on: expected a date `YYYY-MM-DD`, found `{text}`"))?,
        None => Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
    };
    let text = std::fs::read_to_string(sbom_path).map_err(|e| format!("{}: cannot read: {e}", sbom_path.display()))?;
    let sbom: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", sbom_path.display()))?;
    let mut records = Vec::new();
    if records_dir.is_dir() {
        for (_, record) in vuln::read_records(records_dir).map_err(|e| e.to_string())? {
            records.push(record.map_err(|e| e.lines().join("\n"))?);
        }
    }
    vuln::check_ignores(ignore_files, &records).map_err(|e| e.to_string())?;
    let evidence = match source {
        AdvisorySource::Database(dir) => vuln::audit_database(dir, &sbom, &records, checked_on),
        AdvisorySource::CargoAuditJson(path) => vuln::audit_cargo_audit_json(path, &sbom, &records, checked_on),
    }
    .map_err(|e| e.to_string())?;
    let json = pretty(&serde_json::to_value(&evidence).expect("the evidence serializes"));
    let mut text = match out {
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name =
                path.file_name().map_or_else(|| "rustsec-evidence.json".into(), |n| n.to_string_lossy().into_owned());
            write(dir, &[(name, json)])?
        }
        None => json,
    };
    for gap in &evidence.gaps {
        let _ = writeln!(text, "gap: {gap}");
    }
    Ok(Outcome { text, status: u8::from(!evidence.gaps.is_empty()) })
}
