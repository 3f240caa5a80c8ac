//! A declaration as CycloneDX 1.6 attestations (CDXA): the regulation's Annex I as a standard
//! under `definitions.standards`, and under `declarations` the manufacturer's claims per
//! requirement with their evidence (location and SHA-256), the counter-evidence of every gap,
//! the conformance per requirement, and the affirmation with the declaration's signatory.
//!
//! A companion document (`attestation.cdx.json`) rather than a part of the SBOM: the SBOM is
//! rewritten by every build and read by composition-analysis tools, which have no use for
//! claims; the attestation is the manufacturer's statement, read by GRC tools and auditors,
//! and changes when the claims do. It names the SBOM it speaks for by its serial number
//! (`externalReferences`, type `bom`), and is signed like the SBOM (docs/sbom.md).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::catalogue::{ACT, CATALOGUE_VERSION, REQUIREMENTS, RequirementId};
use crate::claim::{Claim, RequirementState};
use crate::declaration::{ConformityStatus, Declaration};
use crate::evidence::{Evidence, Location};

/// The file name beside the SBOM.
pub const FILE: &str = "attestation.cdx.json";

const STANDARD: &str = "cra";
const ASSESSOR: &str = "assessor:manufacturer";
const PRODUCT: &str = "product";

/// The attestation of `declaration`; `sbom` is the SBOM's `serialNumber` and `version` when
/// known. Its time is the declaration's signature date, else the date of placing on the market:
/// a fact of the declaration, so the same declaration gives the same bytes.
pub fn attestation(declaration: &Declaration, sbom: Option<(&str, u64)>) -> Value {
    let mut evidence = EvidenceList::default();
    let (claims, by_requirement) = claims(declaration, &mut evidence);
    let map = map(declaration, by_requirement);
    let draft = declaration.conformity_status() == ConformityStatus::Draft;
    let product = &declaration.product;
    let date = declaration.signature.as_ref().map_or(declaration.support_period.placed_on_market, |s| s.date);
    let name = format!(
        "urn:cra-rs:attestation:{}:{}:{}",
        product.name,
        product.version,
        crate::digest::hex(&sha_of(declaration))
    );
    let mut document = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": format!("urn:uuid:{}", crate::digest::uuid_v5(&name)),
        "version": 1,
        "metadata": {
            "timestamp": format!("{date}T00:00:00Z"),
            "component": { "bom-ref": PRODUCT, "type": "application", "name": product.name, "version": product.version, "description": product.intended_purpose },
            "manufacturer": { "name": declaration.manufacturer.name },
        },
        "definitions": { "standards": [standard()] },
        "declarations": {
            "assessors": [{ "bom-ref": ASSESSOR, "thirdParty": false, "organization": { "name": declaration.manufacturer.name } }],
            "attestations": [{
                "summary": if draft {
                    format!("DRAFT: the declaration of conformity of {} {} is not complete; these claims state no conformity (Art. 28(1)).", product.name, product.version)
                } else {
                    format!("The manufacturer's assessment of {} {} against Annex I of {}.", product.name, product.version, ACT.title)
                },
                "assessor": ASSESSOR,
                "map": map,
            }],
            "claims": claims,
            "evidence": evidence.list,
            "targets": { "components": targets(declaration) },
            "affirmation": affirmation(declaration, draft),
        },
    });
    if let Some((serial, version)) = sbom {
        document["externalReferences"] = json!([{
            "type": "bom",
            "url": format!("urn:cdx:{}/{version}", serial.trim_start_matches("urn:uuid:")),
            "comment": "The SBOM of the product version these claims are about",
        }]);
    }
    document
}

/// The claims of the components and of the product (its risk assessment's not-applicable
/// requirements, its known exploitable vulnerabilities), with their evidence added to
/// `evidence`; and per requirement the claims for it and the counter-claims against it.
fn claims(declaration: &Declaration, evidence: &mut EvidenceList) -> (Vec<Value>, ClaimsOf) {
    let mut claims = Vec::new();
    let mut by_requirement: BTreeMap<RequirementId, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for component in &declaration.components {
        for claim in &component.claims {
            let requirement = claim.requirement();
            let id = format!("claim:{}:{requirement}", component.name);
            let supporting: Vec<String> = claim.evidence().iter().map(|e| evidence.add(e)).collect();
            let mut value = json!({
                "bom-ref": id,
                "target": format!("component:{}", component.name),
                "predicate": predicate(claim),
                "evidence": supporting,
            });
            let entry = by_requirement.entry(requirement).or_default();
            match claim {
                Claim::PartiallyAddressed { missing, .. } => {
                    let counter = evidence.counter(&id, &format!("Missing for {requirement}: {missing}"));
                    value["counterEvidence"] = json!([counter]);
                    value["reasoning"] = json!(format!("Addressed in part; missing: {missing}"));
                    entry.1.push(id.clone());
                }
                Claim::NotApplicable { justification, .. } => {
                    value["reasoning"] = json!(justification);
                    entry.0.push(id.clone());
                }
                Claim::Addressed { .. } => entry.0.push(id.clone()),
            }
            claims.push(value);
        }
    }
    for (requirement, not_applicable) in &declaration.not_applicable {
        let id = format!("claim:product:{requirement}");
        let supporting = evidence.add_location(&not_applicable.risk_assessment, "risk_assessment", None);
        claims.push(json!({
            "bom-ref": id,
            "target": PRODUCT,
            "predicate": format!("{requirement} does not apply to the product (Art. 13(3)-(4))"),
            "reasoning": not_applicable.justification,
            "evidence": [supporting],
        }));
        by_requirement.entry(*requirement).or_default().0.push(id);
    }
    for finding in &declaration.vulnerability_findings {
        let id = format!("claim:product:known-vulnerability:{}", finding.id);
        let counter = evidence.counter(&id, &finding.reason);
        claims.push(json!({
            "bom-ref": id,
            "target": PRODUCT,
            "predicate": format!("{} affects the product as placed on the market", finding.id),
            "reasoning": finding.reason,
            "counterEvidence": [counter],
        }));
        by_requirement.entry(RequirementId::I2a).or_default().1.push(id);
    }
    (claims, by_requirement)
}

/// Per requirement: the claims that support it and the counter-claims (gaps) against it.
type ClaimsOf = BTreeMap<RequirementId, (Vec<String>, Vec<String>)>;

/// The attestation's map: every requirement of Annex I with its claims, counter-claims and the
/// conformance of the product's state.
fn map(declaration: &Declaration, mut by_requirement: ClaimsOf) -> Vec<Value> {
    let states = declaration.requirement_states();
    RequirementId::ALL
        .iter()
        .map(|requirement| {
            let state = states.get(requirement).copied().unwrap_or(RequirementState::NotAssessed);
            let (supporting, counter) = by_requirement.remove(requirement).unwrap_or_default();
            let mut entry = json!({
                "requirement": format!("{STANDARD}:{requirement}"),
                "claims": supporting,
                "conformance": conformance(state),
            });
            if !counter.is_empty() {
                entry["counterClaims"] = json!(counter);
            }
            entry
        })
        .collect()
}

/// The Annex I requirements as a CycloneDX standard.
fn standard() -> Value {
    let requirements: Vec<Value> = REQUIREMENTS
        .iter()
        .map(|r| {
            json!({
                "bom-ref": format!("{STANDARD}:{}", r.id),
                "identifier": r.id,
                "title": r.title,
                "text": r.summary,
                "descriptions": [format!("{} ({}); the text above is a paraphrase, the legal text is the Official Journal's", r.reference, ACT.title)],
            })
        })
        .collect();
    json!({
        "bom-ref": STANDARD,
        "name": ACT.title,
        "version": CATALOGUE_VERSION,
        "description": "Annex I: essential cybersecurity requirements (Part I) and vulnerability handling requirements (Part II)",
        "owner": "European Parliament and Council of the European Union",
        "requirements": requirements,
        "externalReferences": [{ "type": "documentation", "url": ACT.eli, "comment": ACT.official_journal }],
    })
}

/// The components, the claims' targets; the product's claims target `metadata.component`
/// (every `bom-ref` is unique in a BOM).
fn targets(declaration: &Declaration) -> Vec<Value> {
    declaration
        .components
        .iter()
        .map(|c| json!({ "bom-ref": format!("component:{}", c.name), "type": "library", "name": c.name, "version": c.version, "description": c.description }))
        .collect()
}

/// The manufacturer's affirmation, with the declaration's signatory (Annex V point 8).
fn affirmation(declaration: &Declaration, draft: bool) -> Value {
    let product = &declaration.product;
    let statement = if draft {
        format!(
            "DRAFT, not affirmed: {} {} has open items; no conformity is stated (Art. 28(1)).",
            product.name, product.version
        )
    } else {
        format!(
            "{} declares under its sole responsibility that {} {} fulfils the essential cybersecurity requirements of Annex I of {} (Art. 28; Annex V).",
            declaration.manufacturer.name, product.name, product.version, ACT.title
        )
    };
    // CycloneDX asks a signatory for a signature of its own or a reference to what they signed:
    // the EU declaration of conformity, at its published address, else beside this document.
    let signed = declaration
        .user_information
        .declaration_url
        .clone()
        .unwrap_or_else(|| "documents/eu-declaration-of-conformity.html".to_owned());
    let signatories: Vec<Value> = declaration
        .signature
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "role": s.function,
                "organization": { "name": s.signed_for },
                "externalReference": {
                    "type": "attestation",
                    "url": signed,
                    "comment": format!("The EU declaration of conformity, signed at {} on {} (Annex V point 8)", s.place, s.date),
                },
            })
        })
        .collect();
    json!({ "statement": statement, "signatories": signatories })
}

fn predicate(claim: &Claim) -> String {
    let requirement = claim.requirement();
    let title = requirement.info().title;
    match claim {
        Claim::Addressed { .. } => format!("Addresses {requirement} ({title})"),
        Claim::PartiallyAddressed { .. } => format!("Addresses {requirement} ({title}) in part"),
        Claim::NotApplicable { .. } => format!("{requirement} ({title}) does not apply to this component"),
    }
}

/// The conformance of the product's state of a requirement: what the declaration states, not
/// a measurement.
fn conformance(state: RequirementState) -> Value {
    let (score, rationale) = match state {
        RequirementState::Addressed => (1.0, "addressed: every claim has its evidence"),
        RequirementState::NotApplicable => {
            (1.0, "not applicable, by the product's risk assessment or every component's justification")
        }
        RequirementState::PartiallyAddressed => (0.5, "partially addressed: the counter-claims name what is missing"),
        RequirementState::NotAssessed => (0.0, "not assessed: no claim addresses it"),
    };
    json!({ "score": score, "rationale": rationale })
}

/// SHA-256 of the declaration's JSON: the attestation's serial number follows its content.
fn sha_of(declaration: &Declaration) -> Vec<u8> {
    use sha2::Digest as _;
    sha2::Sha256::digest(serde_json::to_vec(declaration).expect("a declaration serializes")).to_vec()
}

/// The evidence items, one per location, in order of first use; and counter-evidence.
#[derive(Default)]
struct EvidenceList {
    list: Vec<Value>,
    by_href: BTreeMap<String, String>,
}

impl EvidenceList {
    fn add(&mut self, evidence: &Evidence) -> String {
        self.add_location(&evidence.location, evidence.kind.name(), Some(evidence))
    }

    fn add_location(&mut self, location: &Location, kind: &str, evidence: Option<&Evidence>) -> String {
        let href =
            crate::evidence::location_from_root(location, evidence.and_then(|e| e.package.as_ref())).into_owned();
        if let Some(id) = self.by_href.get(&href) {
            return id.clone();
        }
        let id = format!("evidence:{}", self.list.len() + 1);
        let digest =
            evidence.and_then(|e| e.sha256.as_ref()).map(|d| format!(", SHA-256 {}", d.as_str())).unwrap_or_default();
        self.list.push(json!({
            "bom-ref": id,
            "propertyName": format!("cra-rs:evidence:{kind}"),
            "description": format!("{kind}: {href}{digest}"),
            "data": [{ "name": href, "contents": { "url": href } }],
        }));
        self.by_href.insert(href, id.clone());
        id
    }

    fn counter(&mut self, claim: &str, description: &str) -> String {
        let id = format!("counter-evidence:{claim}");
        self.list.push(json!({ "bom-ref": id, "propertyName": "cra-rs:gap", "description": description }));
        id
    }
}
