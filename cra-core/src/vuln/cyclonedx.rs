//! The records as CycloneDX 1.6 VEX: a BOM of vulnerabilities whose `affects` name the
//! `bom-ref`s of the product's SBOM (the product itself, or the crate a vulnerability is in), as
//! Dependency-Track and similar tools ingest it next to the SBOM.

use serde_json::{Value, json};

use super::record::{Record, Status};

/// Why a VEX document cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VexError {
    /// The SBOM has no `metadata.component` with a `bom-ref`.
    #[error("the SBOM has no `metadata.component.bom-ref` to bind the vulnerabilities to")]
    NoProductRef,
    /// A record names a crate the SBOM does not list in an affected version.
    #[error(
        "record `{record}`: the SBOM lists no `{name}` in versions `{versions}`; the VEX can only speak of what ships (check `dependency` against the SBOM of this build)"
    )]
    DependencyNotInSbom {
        /// The record's ID.
        record: String,
        /// The crate.
        name: String,
        /// Its affected versions.
        versions: String,
    },
}

/// The CycloneDX 1.6 VEX of `records` for the product whose SBOM is `sbom`; records sorted by
/// ID, serial number derived from the content.
pub fn cyclonedx_vex(records: &[Record], sbom: &Value) -> Result<String, VexError> {
    let product = &sbom["metadata"]["component"];
    let product_ref = product["bom-ref"].as_str().ok_or(VexError::NoProductRef)?;
    let mut records: Vec<&Record> = records.iter().collect();
    records.sort_by(|a, b| a.id.cmp(&b.id));
    let vulnerabilities = records
        .iter()
        .map(|record| vulnerability(record, sbom, product_ref))
        .collect::<Result<Vec<Value>, VexError>>()?;
    let document = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "",
        "version": 1,
        "metadata": { "component": product },
        "vulnerabilities": vulnerabilities,
    });
    Ok(crate::digest::with_serial_number(document))
}

fn vulnerability(record: &Record, sbom: &Value, product_ref: &str) -> Result<Value, VexError> {
    let affected_ref = match &record.dependency {
        None => product_ref.to_owned(),
        Some(dependency) => {
            let requirement = semver::VersionReq::parse(&dependency.versions).ok();
            sbom["components"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|c| {
                    c["name"] == dependency.name.as_str()
                        && c["version"]
                            .as_str()
                            .and_then(|v| semver::Version::parse(v).ok())
                            .is_some_and(|v| requirement.as_ref().is_some_and(|r| r.matches(&v)))
                })
                .and_then(|c| c["bom-ref"].as_str())
                .map(str::to_owned)
                .ok_or_else(|| VexError::DependencyNotInSbom {
                    record: record.id.clone(),
                    name: dependency.name.clone(),
                    versions: dependency.versions.clone(),
                })?
        }
    };
    let id =
        record.aliases.iter().find(|a| a.starts_with("CVE-")).or_else(|| record.aliases.first()).unwrap_or(&record.id);
    let state = match record.status {
        Status::UnderInvestigation => "in_triage",
        Status::Affected => "exploitable",
        Status::NotAffected => "not_affected",
        Status::Fixed => "resolved",
    };
    let mut analysis = json!({ "state": state });
    if let Some(justification) = record.justification.filter(|_| record.status == Status::NotAffected) {
        analysis["justification"] = json!(justification.cyclonedx());
        analysis["detail"] = json!(format!("Not affected: {}.", justification.sentence()));
    }
    let mut response = Vec::new();
    if record.fix.is_some() {
        response.push("update");
    }
    if record.mitigation.is_some() {
        response.push("workaround_available");
    }
    if !response.is_empty() && record.status != Status::NotAffected {
        analysis["response"] = json!(response);
    }
    let mut vulnerability = json!({
        "bom-ref": format!("vulnerability:{}", record.id),
        "id": id,
        "description": record.description,
        "analysis": analysis,
        "affects": [{ "ref": affected_ref }],
    });
    let references: Vec<Value> = record
        .aliases
        .iter()
        .chain(std::iter::once(&record.id))
        .filter(|alias| *alias != id)
        .map(|alias| json!({ "id": alias, "source": { "name": alias.split('-').next().unwrap_or(alias) } }))
        .collect();
    if !references.is_empty() {
        vulnerability["references"] = Value::Array(references);
    }
    if let (Some(text), Some((score, severity))) = (&record.cvss, record.cvss_score()) {
        let method = if text.starts_with("CVSS:3.0/") { "CVSSv3" } else { "CVSSv31" };
        vulnerability["ratings"] = json!([{ "method": method, "vector": text, "score": score, "severity": severity }]);
    }
    Ok(vulnerability)
}
