//! CSAF 2.0 documents from a vulnerability record and the product's declaration: a security
//! advisory (`csaf_security_advisory`) for users and a VEX document (`csaf_vex`) that states
//! which product versions are affected, fixed or not affected, and why. Both are checked in tests
//! against the OASIS CSAF 2.0 JSON Schema and the mandatory tests (section 6.1) of BSI's
//! reference validator.
//!
//! The product tree comes from the declaration: the manufacturer as vendor, the product by name
//! (its type as model number), the affected versions as a `product_version_range` in the `vers`
//! notation CSAF recommends (a `product_version` when the record names one version), and the
//! first fixed version. Product IDs are the product's name with those versions, so they say what
//! they are whatever the status.
//!
//! Public and internal stay apart: an advisory carries the record's public fields (title,
//! description, versions, status, CVSS, CWE, fix, mitigation, `[advisory] summary`) and says that a
//! vulnerability is actively exploited, never the evidence, the actor, the Member States, the
//! incident or the upstream reports, which are for the Art. 14 reports. Its distribution is the
//! TLP label the record's `sensitivity` begins with; `AMBER` or stricter is `interim`, not
//! `final`, unless the record's `[advisory] final` says otherwise. With the declaration's
//! `advisories_url` (the provider's CSAF folder, `https://…/.well-known/csaf`), the document
//! names its canonical URL (`self`): the folder of its TLP label, its year, its file name (CSAF
//! 2.0 sections 5.1 and 7.1.11).

use jiff::Timestamp;
use serde_json::{Value, json};

use super::record::{Record, Status, Tlp};
use crate::declaration::Declaration;

/// Which CSAF document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsafKind {
    /// `csaf_security_advisory`: for users, with remediation and scores.
    SecurityAdvisory,
    /// `csaf_vex`: the product status of each version, with justifications.
    Vex,
}

/// Why a CSAF document cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsafError {
    /// CSAF names the publisher by a URL namespace (section 3.2.1.8.3).
    #[error(
        "a CSAF document names its publisher by a URL: the declaration has no `manufacturer.website` (set `manufacturer = {{ website = \"https://…\" }}` in [package.metadata.cra])"
    )]
    NoPublisherNamespace,
    /// The record's `sensitivity` begins with no TLP label, so the advisory's audience is not
    /// known.
    #[error(
        "the record's `sensitivity` (`{0}`) begins with no TLP label, so cra-rs cannot say who may read the advisory: begin it with `TLP:CLEAR`, `TLP:GREEN`, `TLP:AMBER`, `TLP:AMBER+STRICT` or `TLP:RED`"
    )]
    NoTlpLabel(String),
    /// A canonical URL must be `https://` (CSAF 2.0 section 6.2.11).
    #[error(
        "`vulnerability_handling.advisories_url` (`{0}`) is not an `https://` URL: CSAF advisories are published over HTTPS (`advisories-url` in [package.metadata.cra])"
    )]
    AdvisoriesUrlNotHttps(String),
}

/// The CSAF 2.0 document of `kind` for `record`, as JSON.
pub fn csaf(record: &Record, declaration: &Declaration, kind: CsafKind) -> Result<Value, CsafError> {
    let manufacturer = &declaration.manufacturer;
    let namespace =
        manufacturer.website.clone().filter(|w| !w.trim().is_empty()).ok_or(CsafError::NoPublisherNamespace)?;
    let tlp = record.tlp().ok_or_else(|| CsafError::NoTlpLabel(record.sensitivity.clone().unwrap_or_default()))?;
    let product = &declaration.product;
    let released = release_date(record);
    let ids = ProductIds::of(record, declaration);
    let mut versions = vec![affected_branch(record, declaration, &ids.affected)];
    if let (Some(fix), Some(fixed_id)) = (&record.fix, &ids.fixed) {
        versions.push(json!({
            "category": "product_version",
            "name": fix.version,
            "product": {
                "product_id": fixed_id,
                "name": fixed_id,
                "product_identification_helper": { "model_numbers": [product.product_type] },
            },
        }));
    }
    let category = match kind {
        CsafKind::SecurityAdvisory => "csaf_security_advisory",
        CsafKind::Vex => "csaf_vex",
    };
    // Two documents of one publisher need two IDs: the advisory has the record's, the VEX
    // document the record's with `-VEX`.
    let tracking_id = match kind {
        CsafKind::SecurityAdvisory => record.id.clone(),
        CsafKind::Vex => format!("{}-VEX", record.id),
    };
    let references = references(record, declaration, tlp, released, &tracking_id)?;
    let summary = record.advisory.as_ref().and_then(|a| a.summary.clone()).unwrap_or_else(|| {
        format!(
            "{} ({}). Status: {}.",
            record.title,
            record.affected_versions,
            record.status.as_str().replace('_', " ")
        )
    });
    let restricted = tlp >= Tlp::Amber;
    let final_release = record.advisory.as_ref().is_some_and(|a| a.final_release);
    let settled = matches!(record.status, Status::Fixed | Status::NotAffected);
    let status = if settled && (!restricted || final_release) { "final" } else { "interim" };
    let mut distribution = json!({ "tlp": { "label": tlp.csaf_label(), "url": "https://www.first.org/tlp/" } });
    if tlp == Tlp::AmberStrict {
        distribution["text"] = json!("TLP:AMBER+STRICT: within the recipient's organisation only, not its clients.");
    }
    let mut document = json!({
        "category": category,
        "csaf_version": "2.0",
        "lang": "en",
        "title": format!("{}: {}", product.name, record.title),
        "distribution": distribution,
        "publisher": {
            "category": "vendor",
            "name": manufacturer.name,
            "namespace": namespace,
            "contact_details": declaration.vulnerability_handling.single_point_of_contact.clone().or_else(|| manufacturer.contact.clone()),
        },
        "notes": [{ "category": "summary", "title": "Summary", "text": summary }],
        "tracking": {
            "id": tracking_id,
            "status": status,
            "version": "1",
            "initial_release_date": released.to_string(),
            "current_release_date": released.to_string(),
            "revision_history": [{ "date": released.to_string(), "number": "1", "summary": "Initial version." }],
            "generator": { "engine": { "name": "cra-rs", "version": env!("CARGO_PKG_VERSION") } },
        },
    });
    if document["publisher"]["contact_details"].is_null() {
        document["publisher"].as_object_mut().map(|p| p.remove("contact_details"));
    }
    if !references.is_empty() {
        document["references"] = Value::Array(references);
    }
    Ok(json!({
        "document": document,
        "product_tree": {
            "branches": [{
                "category": "vendor",
                "name": manufacturer.name,
                "branches": [{ "category": "product_name", "name": product.name, "branches": versions }],
            }],
        },
        "vulnerabilities": [vulnerability(record, &manufacturer.name, &ids)],
    }))
}

/// The document's references: its canonical URL (`self`) under the manufacturer's CSAF folder,
/// the CVD policy and the security update.
fn references(
    record: &Record,
    declaration: &Declaration,
    tlp: Tlp,
    released: Timestamp,
    tracking_id: &str,
) -> Result<Vec<Value>, CsafError> {
    let mut references = Vec::new();
    if let Some(base) = &declaration.vulnerability_handling.advisories_url {
        if !base.starts_with("https://") {
            return Err(CsafError::AdvisoriesUrlNotHttps(base.clone()));
        }
        let year = released.strftime("%Y");
        let folder = tlp.csaf_label().to_lowercase();
        let url = format!("{}/{folder}/{year}/{}", base.trim_end_matches('/'), file_name(tracking_id));
        references.push(json!({ "category": "self", "summary": "Canonical URL", "url": url }));
    }
    if let Some(url) = &declaration.vulnerability_handling.cvd_policy_url {
        references.push(
            json!({ "category": "external", "summary": "Coordinated vulnerability disclosure policy", "url": url }),
        );
    }
    if let Some(url) = record.fix.as_ref().and_then(|f| f.url.as_ref()) {
        references.push(json!({ "category": "external", "summary": "Security update", "url": url }));
    }
    Ok(references)
}

/// The product IDs: the versions the record names, and the first fixed version. Each is the
/// product's name with its versions, so it says what it is whatever the status.
struct ProductIds {
    affected: String,
    fixed: Option<String>,
}

impl ProductIds {
    fn of(record: &Record, declaration: &Declaration) -> ProductIds {
        let name = &declaration.product.name;
        let versions = exact_version(&record.affected_versions).unwrap_or_else(|| record.affected_versions.clone());
        ProductIds {
            affected: format!("{name} {versions}"),
            fixed: record.fix.as_ref().map(|f| format!("{name} {}", f.version)),
        }
    }
}

/// The branch of the versions the record names: one `product_version` when it names exactly
/// one version, else a `product_version_range`.
fn affected_branch(record: &Record, declaration: &Declaration, id: &str) -> Value {
    let (category, name) = match exact_version(&record.affected_versions) {
        Some(version) => ("product_version", version),
        None => ("product_version_range", vers(&record.affected_versions)),
    };
    json!({
        "category": category,
        "name": name,
        "product": {
            "product_id": id,
            "name": id,
            "product_identification_helper": { "model_numbers": [declaration.product.product_type] },
        },
    })
}

/// The one version a requirement allows (`=2.0.1`), if it allows exactly one.
fn exact_version(requirement: &str) -> Option<String> {
    let requirement = semver::VersionReq::parse(requirement).ok()?;
    match requirement.comparators.as_slice() {
        [c] if c.op == semver::Op::Exact && c.minor.is_some() && c.patch.is_some() => {
            let pre = if c.pre.is_empty() { String::new() } else { format!("-{}", c.pre) };
            Some(format!("{}.{}.{}{pre}", c.major, c.minor.unwrap_or(0), c.patch.unwrap_or(0)))
        }
        _ => None,
    }
}

/// The advisory's file name (CSAF 2.0 section 5.1): the ID in lower case, every character but
/// `+`, `-`, letters and digits as `_`, with `.json`.
pub fn file_name(id: &str) -> String {
    let stem: String = id
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '+' || c == '-' { c } else { '_' })
        .collect();
    format!("{stem}.json")
}

/// When the document is released: when the fix became available, else at awareness. Taken from
/// the record, never from the clock, so the same record gives the same bytes.
fn release_date(record: &Record) -> Timestamp {
    record.fix.as_ref().map_or(record.aware_at, |f| f.available_at.max(record.aware_at))
}

/// A semver requirement in the `vers` notation, which knows only `=`, `!=`, `<`, `<=`, `>`, `>=`:
/// `>=1.0.0, <1.4.2` → `vers:semver/>=1.0.0|<1.4.2`; caret, tilde and wildcard requirements are
/// written as the bounds Cargo gives them (`^1.2.3` → `>=1.2.3|<2.0.0`).
fn vers(requirement: &str) -> String {
    let Ok(requirement) = semver::VersionReq::parse(requirement) else {
        return format!("vers:semver/{}", requirement.replace(' ', ""));
    };
    let mut constraints = Vec::new();
    for comparator in &requirement.comparators {
        let (major, minor, patch) = (comparator.major, comparator.minor, comparator.patch);
        let pre = if comparator.pre.is_empty() { String::new() } else { format!("-{}", comparator.pre) };
        let at = format!("{major}.{}.{}{pre}", minor.unwrap_or(0), patch.unwrap_or(0));
        // The first version above the range a caret, tilde or wildcard allows.
        let caret_end = match (major, minor, patch) {
            (0, Some(0), Some(p)) => format!("0.0.{}", p + 1),
            (0, Some(0), None) => "0.1.0".to_owned(),
            (0, Some(m), _) => format!("0.{}.0", m + 1),
            _ => format!("{}.0.0", major + 1),
        };
        let minor_end = minor.map_or_else(|| format!("{}.0.0", major + 1), |m| format!("{major}.{}.0", m + 1));
        match comparator.op {
            semver::Op::Exact if minor.is_some() && patch.is_some() => constraints.push(format!("={at}")),
            semver::Op::Exact | semver::Op::Wildcard | semver::Op::Tilde => {
                constraints.push(format!(">={at}"));
                constraints.push(format!("<{minor_end}"));
            }
            semver::Op::Caret => {
                constraints.push(format!(">={at}"));
                constraints.push(format!("<{caret_end}"));
            }
            semver::Op::Greater => constraints.push(format!(">{at}")),
            semver::Op::GreaterEq => constraints.push(format!(">={at}")),
            semver::Op::Less => constraints.push(format!("<{at}")),
            semver::Op::LessEq => constraints.push(format!("<={at}")),
            _ => constraints.push(comparator.to_string().replace(' ', "")),
        }
    }
    format!("vers:semver/{}", constraints.join("|"))
}

fn vulnerability(record: &Record, manufacturer: &str, ids: &ProductIds) -> Value {
    let range_id = ids.affected.clone();
    let fixed_id = ids.fixed.clone().unwrap_or_default();
    let mut status = serde_json::Map::new();
    let put = |status: &mut serde_json::Map<String, Value>, key: &str, id: &str| {
        status.insert(key.to_owned(), json!([id]));
    };
    match record.status {
        Status::UnderInvestigation => put(&mut status, "under_investigation", &range_id),
        Status::Affected => put(&mut status, "known_affected", &range_id),
        Status::NotAffected => put(&mut status, "known_not_affected", &range_id),
        Status::Fixed => {
            put(&mut status, "known_affected", &range_id);
            put(&mut status, "fixed", &fixed_id);
        }
    }
    let cve = record.aliases.iter().find(|a| is_cve(a));
    let mut ids: Vec<Value> = record
        .aliases
        .iter()
        .filter(|a| !is_cve(a))
        .map(|alias| json!({ "system_name": alias.split('-').next().unwrap_or(alias), "text": alias }))
        .collect();
    if cve.is_none() && ids.is_empty() {
        ids.push(json!({ "system_name": manufacturer, "text": record.id }));
    }
    let mut notes = vec![json!({ "category": "description", "title": "Description", "text": record.description })];
    // That it is exploited is for users; the evidence is for the Art. 14 reports.
    if record.exploited.is_some() {
        notes.push(json!({ "category": "details", "title": "Active exploitation", "text": "The manufacturer has reliable evidence that this vulnerability is actively exploited." }));
    }
    let mut vulnerability = json!({
        "title": record.title,
        "notes": notes,
        "product_status": status,
    });
    if let Some(cve) = cve {
        vulnerability["cve"] = json!(cve);
    }
    if let Some(cwe) = &record.cwe {
        vulnerability["cwe"] = json!({ "id": cwe.id, "name": cwe.name });
    }
    if !ids.is_empty() {
        vulnerability["ids"] = Value::Array(ids);
    }
    let mut remediations = Vec::new();
    if let Some(fix) = &record.fix {
        let mut remediation = json!({
            "category": "vendor_fix",
            "details": format!("{} Update to version {} or later.", fix.description, fix.version),
            "product_ids": [range_id],
            "date": fix.available_at.to_string(),
        });
        if let Some(url) = &fix.url {
            remediation["url"] = json!(url);
        }
        remediations.push(remediation);
    }
    if let Some(mitigation) = &record.mitigation {
        remediations.push(json!({ "category": "mitigation", "details": mitigation, "product_ids": [range_id] }));
    }
    if record.status == Status::Affected && remediations.is_empty() {
        remediations.push(json!({ "category": "none_available", "details": "No fix or mitigation is available yet.", "product_ids": [range_id] }));
    }
    if !remediations.is_empty() && record.status != Status::NotAffected {
        vulnerability["remediations"] = Value::Array(remediations);
    }
    if let Some(justification) = record.justification.filter(|_| record.status == Status::NotAffected) {
        vulnerability["flags"] = json!([{ "label": justification.csaf_label(), "product_ids": [range_id] }]);
        vulnerability["threats"] = json!([{ "category": "impact", "details": format!("Not affected: {}.", justification.sentence()), "product_ids": [range_id] }]);
    }
    // Scores rate the affected products; a product that is not affected has none to rate.
    if record.status != Status::NotAffected
        && let Some(score) = cvss_v3(record)
    {
        vulnerability["scores"] = json!([{ "cvss_v3": score, "products": [range_id] }]);
    }
    vulnerability
}

/// The CSAF `cvss_v3` object: version, vector, base score and severity.
fn cvss_v3(record: &Record) -> Option<Value> {
    let text = record.cvss.as_deref()?;
    let vector: cvss::v3::Vector = text.parse().ok()?;
    let version = if text.starts_with("CVSS:3.0/") { "3.0" } else { "3.1" };
    Some(json!({
        "version": version,
        "vectorString": text,
        "baseScore": vector.base_score().value(),
        "baseSeverity": vector.severity().as_str().to_uppercase(),
    }))
}

fn is_cve(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("CVE-") else { return false };
    let (year, number) = rest.split_once('-').unwrap_or(("", ""));
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && number.len() >= 4
        && number.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    #[test]
    fn semver_requirements_become_vers_bounds() {
        for (requirement, expected) in [
            (">=1.0.0, <1.4.2", "vers:semver/>=1.0.0|<1.4.2"),
            ("^1.2.3", "vers:semver/>=1.2.3|<2.0.0"),
            ("^0.3.1", "vers:semver/>=0.3.1|<0.4.0"),
            ("^0.0.4", "vers:semver/>=0.0.4|<0.0.5"),
            ("~1.2.3", "vers:semver/>=1.2.3|<1.3.0"),
            ("1.*", "vers:semver/>=1.0.0|<2.0.0"),
            ("=2.1.0", "vers:semver/=2.1.0"),
            ("<=3.0.0-rc.1", "vers:semver/<=3.0.0-rc.1"),
        ] {
            assert_eq!(super::vers(requirement), expected, "{requirement}");
        }
    }
}
