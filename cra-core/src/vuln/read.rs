//! Reading vulnerability records: TOML with every mistake located at file, line, column and
//! field, in one run, like the product metadata; then the rules a record must keep on its own
//! and against the product's declaration.

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::de::Deserializer;

use super::record::{Record, Status};
use crate::declaration::Declaration;
use crate::located::SourceError;
use crate::toml_date::LiteralOrString;

/// The keys every record has.
const REQUIRED: [&str; 7] = ["id", "title", "description", "components", "affected-versions", "status", "aware-at"];

/// Why records could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The file or directory could not be read.
    #[error("{}: cannot read: {source}", .path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The record breaks rules; each error is located in the file.
    #[error("{}", .errors.iter().map(SourceError::render).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// Every mistake found.
        errors: Vec<SourceError>,
    },
}

impl RecordError {
    /// One line per mistake, `file:line:column: message`, for summaries and tests.
    pub fn lines(&self) -> Vec<String> {
        match self {
            RecordError::Read { .. } => vec![self.to_string()],
            RecordError::Invalid { errors } => errors
                .iter()
                .map(|e| {
                    let (line, column) = e.line_column();
                    format!("{}:{line}:{column}: {}", e.path.display(), e.message)
                })
                .collect(),
        }
    }
}

/// Reads one record and checks the rules it must keep on its own: a status that matches its
/// fields, valid CVSS and version requirements, times in order.
pub fn read_record(path: &Path) -> Result<Record, RecordError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| RecordError::Read { path: path.to_path_buf(), source })?;
    parse_record(path, &text)
}

/// [`read_record`] on text already read; `path` names the file in errors.
pub fn parse_record(path: &Path, text: &str) -> Result<Record, RecordError> {
    let file = RecordFile { path, text };
    let deserializer = toml::de::Deserializer::parse(text).map_err(|e| file.invalid(&e, ""))?;
    let record: Record = match serde_path_to_error::deserialize(deserializer) {
        Ok(record) => record,
        Err(e) => {
            // Every missing required key at once (serde stops at the first); the text is parsed
            // a second time only for a record that does not read.
            let missing = missing_keys(&file);
            if !missing.is_empty() {
                return Err(RecordError::Invalid { errors: missing });
            }
            let field = e.path().to_string();
            return Err(file.invalid(e.inner(), &field));
        }
    };
    let errors = file.check(&record);
    if errors.is_empty() { Ok(record) } else { Err(RecordError::Invalid { errors }) }
}

/// An error for each required key the record lacks.
fn missing_keys(file: &RecordFile<'_>) -> Vec<SourceError> {
    let Ok(table) = file.text.parse::<toml::Table>() else { return Vec::new() };
    REQUIRED
        .iter()
        .filter(|key| !table.contains_key(**key))
        .map(|key| {
            file.error(
                "",
                &format!("missing field `{key}`"),
                Some(format!("every record has `{}`", REQUIRED.join("`, `"))),
            )
        })
        .collect()
}

/// A record file and what reading it gave.
pub type ReadRecord = (PathBuf, Result<Record, RecordError>);

/// Every `*.toml` file of `dir`, sorted by name, each read with [`read_record`].
pub fn read_records(dir: &Path) -> Result<Vec<ReadRecord>, RecordError> {
    Ok(record_paths(dir)?
        .into_iter()
        .map(|path| {
            let record = read_record(&path);
            (path, record)
        })
        .collect())
}

/// The record files of `dir`: every `*.toml` file, sorted by name.
pub fn record_paths(dir: &Path) -> Result<Vec<PathBuf>, RecordError> {
    let read_error = |source| RecordError::Read { path: dir.to_path_buf(), source };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// The rules a record keeps against the product: its components are the declaration's, and
/// awareness is not after `now` (a clock that starts in the future would hide an overdue report).
pub fn check_against(
    path: &Path,
    record: &Record,
    declaration: &Declaration,
    now: Timestamp,
) -> Result<(), RecordError> {
    // (field, message, help) first; the file is read for the errors' places only when there are
    // any.
    let mut found: Vec<(String, String, Option<String>)> = Vec::new();
    let known: Vec<&str> = declaration.components.iter().map(|c| c.name.as_str()).collect();
    for (i, component) in record.components.iter().enumerate() {
        if !known.contains(&component.as_str()) {
            let hint = match crate::suggest::closest(component, known.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!(
                    "the declaration's components are {}",
                    known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            found.push((
                format!("components.{i}"),
                format!(
                    "`components`: the declaration of `{}` has no component `{component}`",
                    declaration.product.name
                ),
                Some(hint),
            ));
        }
    }
    if record.aware_at > now {
        found.push((
            "aware-at".into(),
            format!("`aware-at`: {} is in the future (now is {now})", record.aware_at),
            Some("awareness is when the manufacturer learned of it; the Art. 14 clocks start there".into()),
        ));
    }
    if found.is_empty() {
        return Ok(());
    }
    let text =
        std::fs::read_to_string(path).map_err(|source| RecordError::Read { path: path.to_path_buf(), source })?;
    let file = RecordFile { path, text: &text };
    let errors = found.iter().map(|(field, message, help)| file.error(field, message, help.clone())).collect();
    Err(RecordError::Invalid { errors })
}

/// A record's file and text, for located errors.
struct RecordFile<'a> {
    path: &'a Path,
    text: &'a str,
}

impl RecordFile<'_> {
    fn invalid(&self, error: &toml::de::Error, field: &str) -> RecordError {
        let mut message = error.message().trim().lines().next().unwrap_or_default().to_owned();
        if !field.is_empty() && field != "." && !message.starts_with("unknown field") {
            message = format!("`{field}`: {message}");
        }
        RecordError::Invalid {
            errors: vec![SourceError {
                path: self.path.to_path_buf(),
                source: self.text.to_owned(),
                range: error.span().unwrap_or(0..0),
                message,
                help: None,
                code: None,
            }],
        }
    }

    /// An error at `field` (dotted, array items by index), located at the field's value.
    fn error(&self, field: &str, message: &str, help: Option<String>) -> SourceError {
        SourceError {
            path: self.path.to_path_buf(),
            source: self.text.to_owned(),
            range: span_of(self.text, field).unwrap_or(0..0),
            message: message.to_owned(),
            help,
            code: None,
        }
    }

    /// The rules a record keeps on its own.
    fn check(&self, record: &Record) -> Vec<SourceError> {
        let mut errors = Vec::new();
        let mut error = |field: &str, message: String, help: Option<&str>| {
            errors.push(self.error(field, &message, help.map(str::to_owned)));
        };
        for (field, value) in [("id", &record.id), ("title", &record.title), ("description", &record.description)] {
            if value.trim().is_empty() {
                error(field, format!("`{field}` is empty"), None);
            }
        }
        if record.components.is_empty() {
            error(
                "components",
                "`components` is empty: name the product's components the vulnerability is in".into(),
                None,
            );
        }
        match record.status {
            Status::Fixed if record.fix.is_none() => error(
                "status",
                "`status = \"fixed\"` without a `[fix]`: say what the corrective measure is, from which version and since when".into(),
                Some("add a `[fix]` table with `description`, `version` and `available-at`"),
            ),
            Status::NotAffected if record.justification.is_none() => error(
                "status",
                "`status = \"not_affected\"` without a `justification`: a VEX statement needs the reason".into(),
                Some("one of `component_not_present`, `vulnerable_code_not_present`, `vulnerable_code_not_in_execute_path`, `vulnerable_code_cannot_be_controlled_by_adversary`, `inline_mitigations_already_exist`"),
            ),
            _ => {}
        }
        if record.justification.is_some() && record.status != Status::NotAffected {
            error(
                "justification",
                format!(
                    "`justification` is only for `status = \"not_affected\"`, this record is `{}`",
                    record.status.as_str()
                ),
                None,
            );
        }
        if let Some(vector) = &record.cvss
            && let Err(e) = vector.parse::<cvss::v3::Vector>()
        {
            error(
                "cvss",
                format!("`cvss`: {e}"),
                Some("a CVSS 3.0 or 3.1 base vector, e.g. `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`"),
            );
        }
        let affected = semver::VersionReq::parse(&record.affected_versions);
        if let Err(e) = &affected {
            error(
                "affected-versions",
                format!("`affected-versions`: {e}"),
                Some("a semver requirement on the product version, e.g. `\">=1.0.0, <1.4.2\"`"),
            );
        }
        if let Some(dependency) = &record.dependency {
            if let Err(e) = semver::VersionReq::parse(&dependency.versions) {
                error("dependency.versions", format!("`dependency.versions`: {e}"), None);
            }
            // Art. 13(6): a vulnerability identified in an integrated component is reported to
            // whoever maintains it.
            if record.upstream.is_empty() {
                error(
                    "dependency",
                    format!(
                        "the vulnerability is in the dependency `{}`, and the record names no report to its maintainer (Art. 13(6))",
                        dependency.name
                    ),
                    Some(
                        "add `[[upstream]]` with `maintainer`, `reported-at` and `reference`; when the maintainer published it first (a RustSec or GitHub advisory), name that advisory as `reference` and its publication time as `reported-at`",
                    ),
                );
            }
        }
        if let Some(fix) = &record.fix {
            match semver::Version::parse(&fix.version) {
                Err(e) => error(
                    "fix.version",
                    format!("`fix.version`: {e}"),
                    Some("the first product version with the fix, e.g. `1.4.2`"),
                ),
                Ok(version) => {
                    if affected.as_ref().is_ok_and(|req| req.matches(&version)) {
                        error(
                            "fix.version",
                            format!(
                                "`fix.version` {version} is inside `affected-versions` `{}`",
                                record.affected_versions
                            ),
                            None,
                        );
                    }
                }
            }
        }
        errors.extend(self.check_times(record));
        errors.extend(self.check_labels(record));
        errors
    }

    /// The labels the advisory carries: a TLP label TLP has, a CWE identifier.
    fn check_labels(&self, record: &Record) -> Vec<SourceError> {
        let mut errors = Vec::new();
        let mut error = |field: &str, message: String, help: Option<&str>| {
            errors.push(self.error(field, &message, help.map(str::to_owned)));
        };
        if let Some(sensitivity) = &record.sensitivity
            && let Err(e) = super::record::Tlp::of_sensitivity(sensitivity)
        {
            error("sensitivity", format!("`sensitivity`: {e}"), None);
        }
        if let Some(cwe) = &record.cwe {
            let number = cwe.id.strip_prefix("CWE-").unwrap_or_default();
            let numeric = !number.is_empty() && number.len() <= 6 && number.bytes().all(|b| b.is_ascii_digit());
            if !numeric || number.starts_with('0') {
                error(
                    "cwe",
                    format!("`cwe.id` `{}` is not a CWE identifier", cwe.id),
                    Some("`CWE-` and the entry's number, e.g. `CWE-287`, with the entry's `name`"),
                );
            }
            if cwe.name.trim().is_empty() {
                error("cwe", "`cwe.name` is empty: give the entry's name as MITRE writes it".into(), None);
            }
        }
        errors
    }

    /// Times in order: no fix, mitigation, report or awareness of the exploitation or incident
    /// before the record's awareness; no final report on an exploited vulnerability before a
    /// measure is available. A fix before the exploitation became known is allowed: the
    /// vulnerability was known, and fixed, first.
    fn check_times(&self, record: &Record) -> Vec<SourceError> {
        let mut errors = Vec::new();
        let mut error = |field: &str, message: String, help: Option<&str>| {
            errors.push(self.error(field, &message, help.map(str::to_owned)));
        };
        if let Some(fix) = &record.fix
            && fix.available_at < record.aware_at
        {
            error(
                "fix.available-at",
                format!("`fix.available-at` {} is before `aware-at` {}", fix.available_at, record.aware_at),
                Some(
                    "the fix of this record cannot predate the manufacturer's awareness; if an upstream fix existed, the product's fix is when it reached users",
                ),
            );
        }
        let sent = [
            ("reports.early-warning", record.reports.early_warning),
            ("reports.notification", record.reports.notification),
            ("reports.final-report", record.reports.final_report),
        ];
        for (field, at) in sent {
            if let Some(at) = at
                && at < record.aware_at
            {
                error(field, format!("`{field}` {at} is before `aware-at` {}", record.aware_at), None);
            }
        }
        if let Some(at) = record.mitigation_available_at {
            if record.mitigation.is_none() {
                error(
                    "mitigation-available-at",
                    "`mitigation-available-at` without `mitigation`: say what the mitigating measure is".into(),
                    None,
                );
            }
            if at < record.aware_at {
                error(
                    "mitigation-available-at",
                    format!("`mitigation-available-at` {at} is before `aware-at` {}", record.aware_at),
                    Some(
                        "a mitigation of this record is the one made available to users once the vulnerability was known",
                    ),
                );
            }
        }
        let event_awareness = [
            ("exploited.aware-at", record.exploited.as_ref().and_then(|e| e.aware_at)),
            ("severe-incident.aware-at", record.severe_incident.as_ref().and_then(|i| i.aware_at)),
        ];
        for (field, at) in event_awareness {
            if let Some(at) = at
                && at < record.aware_at
            {
                error(
                    field,
                    format!("`{field}` {at} is before the record's `aware-at` {}", record.aware_at),
                    Some(
                        "`aware-at` is the first awareness of anything in the record; set it to this time, or the later awareness here",
                    ),
                );
            }
        }
        if record.reports.final_report.is_some()
            && record.exploited.is_some()
            && record.measure_available_at().is_none()
        {
            error("reports.final-report", "a final report on an actively exploited vulnerability is due once a corrective or mitigating measure is available (Art. 14(2)(c)); this record has neither a `[fix]` nor a `mitigation-available-at`".into(), None);
        }
        errors
    }
}

/// The byte range of the value at `field` (dotted keys; array items by index), in tables,
/// inline tables and arrays.
fn span_of(text: &str, field: &str) -> Option<Range<usize>> {
    let document = toml_edit::Document::parse(text).ok()?;
    let mut item: &toml_edit::Item = document.as_item();
    let mut keys = field.split('.').peekable();
    while let Some(key) = keys.next() {
        item = item.as_table_like()?.get(key)?;
        if let Some(index) = keys.peek().and_then(|k| k.parse::<usize>().ok()) {
            keys.next();
            return item.as_array().and_then(|array| array.get(index)).and_then(toml_edit::Value::span);
        }
    }
    item.span()
}

/// A time with its UTC offset: a TOML offset date-time literal (`2026-10-02T08:15:00Z`) or the
/// same as a string. A local time without offset is refused: the Art. 14 clocks need the
/// instant.
pub(super) fn timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
    deserializer.deserialize_any(LiteralOrString {
        expecting: "a time with its offset, e.g. `2026-10-02T08:15:00Z`",
        parse: parse_timestamp,
    })
}

pub(super) fn optional_timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Timestamp>, D::Error> {
    timestamp(deserializer).map(Some)
}

fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>().map_err(|_| {
        format!("expected a time with its offset, e.g. `2026-10-02T08:15:00Z` or `2026-10-02T10:15:00+02:00`, found `{text}`")
    })
}
