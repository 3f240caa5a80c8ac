//! The vulnerability record: what the manufacturer knows about one vulnerability of the product,
//! kept in the product's repository for the whole support period (Annex I Part II(1)–(2);
//! Art. 13(6)–(8)) and the source of every advisory and report made about it.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One vulnerability of the product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Record {
    /// The manufacturer's own tracking ID, e.g. `DLH-2026-001`; also the CSAF document's ID.
    pub id: String,
    /// Other identifiers: `CVE-…`, `GHSA-…`, `RUSTSEC-…`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// A short title.
    pub title: String,
    /// What the vulnerability is and what it allows.
    pub description: String,
    /// The product's components it is in, by their names in the declaration.
    pub components: Vec<String>,
    /// The crate it is in, when it comes from a dependency (a package of the SBOM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependency: Option<Dependency>,
    /// The product versions it affects, as a semver requirement, e.g. `">=1.0.0, <1.4.2"`.
    pub affected_versions: String,
    /// Where the handling stands.
    pub status: Status,
    /// Why the product is not affected (required with `status = "not_affected"`; VEX).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<Justification>,
    /// The CVSS 3.x base vector, e.g. `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvss: Option<String>,
    /// When the manufacturer became aware of it: the start of the Art. 14 clocks.
    #[serde(deserialize_with = "super::read::timestamp")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub aware_at: Timestamp,
    /// Reliable evidence that a malicious actor exploits it (Art. 3(42); Art. 14(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exploited: Option<Exploitation>,
    /// A severe incident having an impact on the security of the product (Art. 14(3), 14(5)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severe_incident: Option<Incident>,
    /// How sensitive the manufacturer deems the reported information (Art. 14(2)(b), 14(4)(b)).
    /// Beginning with a Traffic Light Protocol label (`TLP:CLEAR`, `TLP:GREEN`, `TLP:AMBER`,
    /// `TLP:AMBER+STRICT`, `TLP:RED`), it is also the advisory's distribution ([`Record::tlp`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<String>,
    /// The weakness, by its CWE entry, e.g. `{ id = "CWE-757", name = "Selection of Less-Secure
    /// Algorithm During Negotiation ('Algorithm Downgrade')" }` (the advisory carries it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwe: Option<Cwe>,
    /// What the public advisory says beyond the record's public fields: the record's other
    /// fields (the evidence of exploitation, the actor, the Member States, the incident, the
    /// upstream reports) are for the Art. 14 reports only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisory: Option<AdvisoryText>,
    /// The mitigating measure: what users can do until, or besides, the fix (Art. 14(2)(b),
    /// 14(8)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigation: Option<String>,
    /// When the mitigation became available to users. With the fix's `available-at`, the
    /// earlier of the two is when "a corrective or mitigating measure is available", which
    /// starts the clock of the final report on an actively exploited vulnerability (Art.
    /// 14(2)(c)).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::read::optional_timestamp")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub mitigation_available_at: Option<Timestamp>,
    /// The corrective measure: the security update (Annex I Part II(2), (8)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Reports to the maintainers of the component it is in (Art. 13(6)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstream: Vec<UpstreamReport>,
    /// When each Art. 14 report was submitted.
    #[serde(default, skip_serializing_if = "SentReports::is_empty")]
    pub reports: SentReports,
}

/// A weakness in the Common Weakness Enumeration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Cwe {
    /// `CWE-` and its number.
    pub id: String,
    /// The entry's name, as MITRE writes it.
    pub name: String,
}

/// The public advisory's own text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AdvisoryText {
    /// What users are told, in the advisory's summary; without it, the title, the affected
    /// versions and the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Publish the advisory as `final` although its TLP label is `AMBER` or stricter, which
    /// otherwise makes it `interim`: the manufacturer decided the restricted audience gets the
    /// final text.
    #[serde(default, rename = "final", skip_serializing_if = "std::ops::Not::not")]
    pub final_release: bool,
}

/// A Traffic Light Protocol label (FIRST TLP 2.0), from a record's `sensitivity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Tlp {
    /// May be shared freely (`TLP:CLEAR`; `TLP:WHITE` in TLP 1.0).
    Clear,
    /// Within the recipients' community.
    Green,
    /// Within the recipients' organisations and their clients.
    Amber,
    /// Within the recipients' organisations only.
    AmberStrict,
    /// To the named recipients only.
    Red,
}

impl Tlp {
    /// The label as TLP 2.0 writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "TLP:CLEAR",
            Tlp::Green => "TLP:GREEN",
            Tlp::Amber => "TLP:AMBER",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Red => "TLP:RED",
        }
    }

    /// The label in CSAF 2.0, which knows TLP 1.0's four: `CLEAR` is `WHITE`, and
    /// `AMBER+STRICT` is `AMBER` (the distribution text says it is strict).
    pub fn csaf_label(self) -> &'static str {
        match self {
            Tlp::Clear => "WHITE",
            Tlp::Green => "GREEN",
            Tlp::Amber | Tlp::AmberStrict => "AMBER",
            Tlp::Red => "RED",
        }
    }

    /// The label a `sensitivity` text begins with: `Ok(None)` when it begins with none, an
    /// error naming the label when `TLP:` is followed by one TLP does not have.
    pub fn of_sensitivity(text: &str) -> Result<Option<Tlp>, String> {
        let Some(rest) = text.trim_start().strip_prefix("TLP:") else { return Ok(None) };
        let label: String = rest.chars().take_while(|c| c.is_ascii_alphabetic() || *c == '+').collect();
        match label.as_str() {
            "CLEAR" | "WHITE" => Ok(Some(Tlp::Clear)),
            "GREEN" => Ok(Some(Tlp::Green)),
            "AMBER" => Ok(Some(Tlp::Amber)),
            "AMBER+STRICT" => Ok(Some(Tlp::AmberStrict)),
            "RED" => Ok(Some(Tlp::Red)),
            _ => Err(format!(
                "`TLP:{label}` is no Traffic Light Protocol label: `TLP:CLEAR`, `TLP:GREEN`, `TLP:AMBER`, `TLP:AMBER+STRICT` or `TLP:RED`"
            )),
        }
    }
}

/// The crate a vulnerability is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Dependency {
    /// Its package name, as in the SBOM.
    pub name: String,
    /// The affected versions of the crate, a semver requirement.
    pub versions: String,
}

/// Where the handling of a vulnerability stands; the CSAF product status and the VEX state
/// follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Being analysed; not yet known whether the product is affected.
    UnderInvestigation,
    /// The product is affected and no fix is available yet.
    Affected,
    /// The product is not affected; needs a [`Justification`].
    NotAffected,
    /// Affected versions exist and a fix is available; needs a [`Fix`].
    Fixed,
}

impl Status {
    /// The status as a record spells it (`not_affected`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::UnderInvestigation => "under_investigation",
            Status::Affected => "affected",
            Status::NotAffected => "not_affected",
            Status::Fixed => "fixed",
        }
    }
}

/// Why a product is not affected: the justification labels of CSAF 2.0 (section 3.2.3.5),
/// mapped to CycloneDX's `analysis.justification` in the VEX of the SBOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Justification {
    /// The vulnerable component is not in the product.
    ComponentNotPresent,
    /// The vulnerable code is not in the product (e.g. a feature not compiled in).
    VulnerableCodeNotPresent,
    /// The vulnerable code is present but cannot be reached.
    VulnerableCodeNotInExecutePath,
    /// The vulnerable code cannot be controlled by an attacker.
    VulnerableCodeCannotBeControlledByAdversary,
    /// Mitigations in the product prevent exploitation.
    InlineMitigationsAlreadyExist,
}

impl Justification {
    /// The CSAF 2.0 flag label.
    pub fn csaf_label(self) -> &'static str {
        match self {
            Justification::ComponentNotPresent => "component_not_present",
            Justification::VulnerableCodeNotPresent => "vulnerable_code_not_present",
            Justification::VulnerableCodeNotInExecutePath => "vulnerable_code_not_in_execute_path",
            Justification::VulnerableCodeCannotBeControlledByAdversary => {
                "vulnerable_code_cannot_be_controlled_by_adversary"
            }
            Justification::InlineMitigationsAlreadyExist => "inline_mitigations_already_exist",
        }
    }

    /// The closest CycloneDX 1.6 `analysis.justification`.
    pub fn cyclonedx(self) -> &'static str {
        match self {
            Justification::ComponentNotPresent => "requires_dependency",
            Justification::VulnerableCodeNotPresent => "code_not_present",
            Justification::VulnerableCodeNotInExecutePath => "code_not_reachable",
            Justification::VulnerableCodeCannotBeControlledByAdversary => "requires_environment",
            Justification::InlineMitigationsAlreadyExist => "protected_by_mitigating_control",
        }
    }

    /// A sentence for reports and the impact statement of a VEX document.
    pub fn sentence(self) -> &'static str {
        match self {
            Justification::ComponentNotPresent => "the vulnerable component is not part of the product",
            Justification::VulnerableCodeNotPresent => "the vulnerable code is not part of the product",
            Justification::VulnerableCodeNotInExecutePath => "the vulnerable code cannot be executed in the product",
            Justification::VulnerableCodeCannotBeControlledByAdversary => {
                "the vulnerable code cannot be controlled by an attacker in the product"
            }
            Justification::InlineMitigationsAlreadyExist => "mitigations in the product prevent exploitation",
        }
    }
}

/// Evidence of active exploitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Exploitation {
    /// What shows that a malicious actor exploits it.
    pub evidence: String,
    /// Member States where the product has been made available and is known to be affected
    /// (Art. 14(2)(a)), ISO 3166-1 alpha-2 codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_states: Vec<String>,
    /// The malicious actor, if known (Art. 14(2)(c)(ii)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// When the manufacturer became aware of the exploitation, when that was after the
    /// record's `aware-at` (the vulnerability was known first): the early warning and the
    /// notification run from it (Art. 14(2)(a)–(b)).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::read::optional_timestamp")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub aware_at: Option<Timestamp>,
}

/// A severe incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Incident {
    /// What happened and why it is severe under Art. 14(5).
    pub description: String,
    /// Whether unlawful or malicious acts are suspected (Art. 14(4)(a)).
    pub malicious_act_suspected: bool,
    /// The type of threat or root cause, once known (Art. 14(4)(c)(ii)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<String>,
    /// Member States affected (Art. 14(4)(a)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_states: Vec<String>,
    /// When the manufacturer became aware of the incident, when that was after the record's
    /// `aware-at`: the early warning and the notification run from it (Art. 14(4)(a)–(b)).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::read::optional_timestamp")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub aware_at: Option<Timestamp>,
}

/// The corrective measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Fix {
    /// What it does.
    pub description: String,
    /// The first product version with the fix.
    pub version: String,
    /// When it became available to users: the start of the clock of the final report on a
    /// vulnerability (Art. 14(2)(c)).
    #[serde(deserialize_with = "super::read::timestamp")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub available_at: Timestamp,
    /// Where users get it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A report to the maintainers of a component (Art. 13(6)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct UpstreamReport {
    /// Who maintains the component.
    pub maintainer: String,
    /// When it was reported.
    #[serde(deserialize_with = "super::read::timestamp")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub reported_at: Timestamp,
    /// The issue, advisory or message it was reported in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Where the manufacturer shared its own modification of the component (code or
    /// documentation, e.g. a pull request) with the maintainer (Art. 13(6), second
    /// subparagraph: "where appropriate in a machine-readable format").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_shared: Option<String>,
}

/// When each Art. 14 report was submitted through the single reporting platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SentReports {
    /// The early warning.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::read::optional_timestamp")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub early_warning: Option<Timestamp>,
    /// The notification.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::read::optional_timestamp")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub notification: Option<Timestamp>,
    /// The final report.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::read::optional_timestamp")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub final_report: Option<Timestamp>,
}

impl SentReports {
    /// Whether no report was sent.
    pub fn is_empty(&self) -> bool {
        self.early_warning.is_none() && self.notification.is_none() && self.final_report.is_none()
    }
}

impl Record {
    /// The Art. 14 event the record is, if any: an actively exploited vulnerability or a severe
    /// incident (a record may be both; the vulnerability's clocks are reported first).
    pub fn reportable_events(&self) -> Vec<crate::report_clocks::ReportableEvent> {
        let mut events = Vec::new();
        if self.exploited.is_some() {
            events.push(crate::report_clocks::ReportableEvent::ActivelyExploitedVulnerability);
        }
        if self.severe_incident.is_some() {
            events.push(crate::report_clocks::ReportableEvent::SevereIncident);
        }
        events
    }

    /// When the manufacturer became aware of `event`: of the exploitation or of the incident
    /// when the record says so, else the record's `aware-at`. The Art. 14 clocks of that event
    /// run from it.
    pub fn aware_of(&self, event: crate::report_clocks::ReportableEvent) -> Timestamp {
        let specific = match event {
            crate::report_clocks::ReportableEvent::ActivelyExploitedVulnerability => {
                self.exploited.as_ref().and_then(|e| e.aware_at)
            }
            crate::report_clocks::ReportableEvent::SevereIncident => {
                self.severe_incident.as_ref().and_then(|i| i.aware_at)
            }
        };
        specific.unwrap_or(self.aware_at)
    }

    /// When a corrective or mitigating measure first became available: the earlier of the fix
    /// and the mitigation (Art. 14(2)(c)).
    pub fn measure_available_at(&self) -> Option<Timestamp> {
        self.fix.as_ref().map(|f| f.available_at).into_iter().chain(self.mitigation_available_at).min()
    }

    /// The advisory's distribution: the TLP label `sensitivity` begins with; `TLP:CLEAR` without
    /// a sensitivity (an advisory is for users). A sensitivity that begins with no label is an
    /// error (`None`): the advisory's audience is the manufacturer's to say, not a guess.
    pub fn tlp(&self) -> Option<Tlp> {
        match &self.sensitivity {
            None => Some(Tlp::Clear),
            Some(text) => Tlp::of_sensitivity(text).ok().flatten(),
        }
    }

    /// The record as it stood at `at`: what became known or available later left out (a fix or
    /// mitigation available later, reports submitted later, an exploitation or incident known
    /// later, upstream reports made later); a fix not yet available makes a fixed record
    /// affected. A report made as of its submission time shows what was submitted.
    #[must_use]
    pub fn as_of(&self, at: Timestamp) -> Record {
        let mut record = self.clone();
        if record.fix.as_ref().is_some_and(|f| f.available_at > at) {
            record.fix = None;
            if record.status == Status::Fixed {
                record.status = Status::Affected;
            }
        }
        if record.mitigation_available_at.is_some_and(|m| m > at) {
            record.mitigation = None;
            record.mitigation_available_at = None;
        }
        if record.exploited.as_ref().and_then(|e| e.aware_at).is_some_and(|known| known > at) {
            record.exploited = None;
        }
        if record.severe_incident.as_ref().and_then(|i| i.aware_at).is_some_and(|known| known > at) {
            record.severe_incident = None;
        }
        record.upstream.retain(|u| u.reported_at <= at);
        let reports = &mut record.reports;
        for sent in [&mut reports.early_warning, &mut reports.notification, &mut reports.final_report] {
            if sent.is_some_and(|s| s > at) {
                *sent = None;
            }
        }
        record
    }

    /// The CVSS base score and severity, when a valid vector is recorded.
    pub fn cvss_score(&self) -> Option<(f64, &'static str)> {
        let vector: cvss::v3::Vector = self.cvss.as_deref()?.parse().ok()?;
        Some((vector.base_score().value(), vector.severity().as_str()))
    }
}
