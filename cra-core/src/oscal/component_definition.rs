//! A declaration as an OSCAL component definition: the product and each of its components with
//! their claims as implemented requirements against the CRA catalog (`cra-catalog.json`), the
//! evidence as back-matter resources (path from the workspace root or URL, with its SHA-256),
//! the manufacturer as a party, and the declaration's status: a draft says so in its title,
//! its properties and its remarks.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{CATALOG_FILE, NS, OSCAL_VERSION, control_id, uuid};
use crate::catalogue::RequirementId;
use crate::claim::{Claim, RequirementState};
use crate::declaration::{ConformityStatus, Declaration};
use crate::evidence::Evidence;

/// The component definition of `declaration`. Its last modification is the declaration's
/// signature date, else the date the product is placed on the market: a fact of the
/// declaration, not the clock, so the same declaration gives the same bytes.
pub fn component_definition(declaration: &Declaration) -> Value {
    let product = &declaration.product;
    let status = declaration.conformity_status();
    let draft = status == ConformityStatus::Draft;
    // Components and requirements keep their UUIDs across releases; the document's is per version.
    let key = product.name.clone();
    let mut resources = Resources::default();
    let mut components: Vec<Value> = declaration
        .components
        .iter()
        .map(|component| {
            let claims: Vec<Value> = component
                .claims
                .iter()
                .map(|claim| implemented_requirement(&format!("{key}:{}", component.name), claim, &mut resources))
                .collect();
            let mut value = json!({
                "uuid": uuid(&format!("component:{key}:{}", component.name)),
                "type": "software",
                "title": component.name,
                "description": component.description,
                "props": [{ "name": "version", "value": component.version }],
            });
            if !claims.is_empty() {
                value["control-implementations"] = json!([{
                    "uuid": uuid(&format!("implementation:{key}:{}", component.name)),
                    "source": CATALOG_FILE,
                    "description": format!("What component {} claims against Annex I.", component.name),
                    "implemented-requirements": claims,
                }]);
            }
            value
        })
        .collect();
    components.insert(0, product_component(declaration, &key, status));
    let date = declaration.signature.as_ref().map_or(declaration.support_period.placed_on_market, |s| s.date);
    let manufacturer = &declaration.manufacturer;
    let mut party = json!({ "uuid": uuid(&format!("party:{}", manufacturer.name)), "type": "organization", "name": manufacturer.name });
    if let Some(address) = &manufacturer.postal_address {
        party["addresses"] = json!([{ "addr-lines": [address] }]);
    }
    if let Some(contact) = manufacturer.contact.as_ref().filter(|c| c.contains('@') && !c.contains("://")) {
        party["email-addresses"] = json!([contact]);
    }
    let status_word = if draft { "draft" } else { "complete" };
    let mut metadata = json!({
        "title": format!("{} {}: claims under {}{}", product.name, product.version, crate::catalogue::ACT.title, if draft { " (DRAFT)" } else { "" }),
        "last-modified": format!("{date}T00:00:00Z"),
        "version": product.version,
        "oscal-version": OSCAL_VERSION,
        "props": [
            { "name": "declaration-status", "ns": NS, "value": status_word },
            { "name": "category", "ns": NS, "value": declaration.category.to_string() },
            { "name": "procedure", "ns": NS, "value": declaration.procedure.kind().to_string() },
        ],
        "roles": [{ "id": "manufacturer", "title": "Manufacturer (Art. 3(13))" }],
        "parties": [party],
        "responsible-parties": [{ "role-id": "manufacturer", "party-uuids": [uuid(&format!("party:{}", manufacturer.name))] }],
    });
    if draft {
        metadata["remarks"] = json!(
            "DRAFT: the declaration of conformity is not complete; these claims state no conformity (Art. 28(1))."
        );
    }
    let mut definition = json!({
        "uuid": uuid(&format!("component-definition:{key}:{}", product.version)),
        "metadata": metadata,
        "components": components,
    });
    if !resources.list.is_empty() {
        definition["back-matter"] = json!({ "resources": resources.list });
    }
    json!({ "component-definition": definition })
}

/// The product as a component: its state of every requirement (the rule of
/// [`Declaration::requirement_states`]), `not_assessed` included.
fn product_component(declaration: &Declaration, key: &str, status: ConformityStatus) -> Value {
    let product = &declaration.product;
    let product_states = declaration.requirement_states();
    let requirements: Vec<Value> = RequirementId::ALL
        .iter()
        .map(|requirement| {
            let state = product_states.get(requirement).copied().unwrap_or(RequirementState::NotAssessed);
            let mut props = vec![json!({ "name": "requirement-state", "ns": NS, "value": state_name(state) })];
            if let Some(status) = implementation_status(state) {
                props.insert(0, json!({ "name": "implementation-status", "value": status }));
            }
            json!({
                "uuid": uuid(&format!("requirement:{key}:product:{requirement}")),
                "control-id": control_id(*requirement),
                "description": format!("The product's state of {requirement} ({}): {}.", requirement.info().title, state_name(state).replace('_', " ")),
                "props": props,
            })
        })
        .collect();
    json!({
        "uuid": uuid(&format!("component:{key}")),
        "type": "software",
        "title": product.name,
        "description": product.intended_purpose,
        "purpose": product.intended_purpose,
        "props": [
            { "name": "version", "value": product.version },
            { "name": "declaration-status", "ns": NS, "value": match status { ConformityStatus::Complete => "complete", ConformityStatus::Draft => "draft" } },
        ],
        "control-implementations": [{
            "uuid": uuid(&format!("implementation:{key}")),
            "source": CATALOG_FILE,
            "description": "The product's state of each requirement of Annex I, from its components' claims and its own statements (Art. 13(3)–(4)).",
            "implemented-requirements": requirements,
        }],
    })
}

/// One claim as an implemented requirement, its evidence linked to back-matter resources.
fn implemented_requirement(owner: &str, claim: &Claim, resources: &mut Resources) -> Value {
    let requirement = claim.requirement();
    let state = claim.state();
    let description = match claim {
        Claim::Addressed { .. } => format!("Addresses {requirement} ({}).", requirement.info().title),
        Claim::PartiallyAddressed { missing, .. } => {
            format!("Addresses {requirement} ({}) in part; missing: {missing}.", requirement.info().title)
        }
        Claim::NotApplicable { justification, .. } => {
            format!("{requirement} ({}) does not apply to this component: {justification}.", requirement.info().title)
        }
    };
    let mut props = vec![json!({ "name": "requirement-state", "ns": NS, "value": state_name(state) })];
    if let Some(status) = implementation_status(state) {
        props.insert(0, json!({ "name": "implementation-status", "value": status }));
    }
    let mut value = json!({
        "uuid": uuid(&format!("requirement:{owner}:{requirement}")),
        "control-id": control_id(requirement),
        "description": description,
        "props": props,
    });
    let links: Vec<Value> = claim
        .evidence()
        .iter()
        .map(|evidence| json!({ "href": format!("#{}", resources.add(evidence)), "rel": "reference", "text": evidence.kind.name() }))
        .collect();
    if !links.is_empty() {
        value["links"] = Value::Array(links);
    }
    value
}

/// OSCAL's implementation status of a state; `not_assessed` has none.
fn implementation_status(state: RequirementState) -> Option<&'static str> {
    match state {
        RequirementState::Addressed => Some("implemented"),
        RequirementState::PartiallyAddressed => Some("partial"),
        RequirementState::NotApplicable => Some("not-applicable"),
        RequirementState::NotAssessed => None,
    }
}

/// A state as the declaration spells it.
fn state_name(state: RequirementState) -> &'static str {
    match state {
        RequirementState::Addressed => "addressed",
        RequirementState::PartiallyAddressed => "partially_addressed",
        RequirementState::NotApplicable => "not_applicable",
        RequirementState::NotAssessed => "not_assessed",
    }
}

/// The back matter: one resource per piece of evidence (by where it is), in order of first use.
#[derive(Default)]
struct Resources {
    list: Vec<Value>,
    by_location: BTreeMap<String, String>,
}

impl Resources {
    /// The resource of `evidence`, added the first time; its UUID.
    fn add(&mut self, evidence: &Evidence) -> String {
        let href = evidence.location_from_root().into_owned();
        if let Some(uuid) = self.by_location.get(&href) {
            return uuid.clone();
        }
        let id = uuid(&format!("evidence:{href}"));
        let mut rlink = json!({ "href": href });
        if let Some(sha256) = &evidence.sha256 {
            rlink["hashes"] = json!([{ "algorithm": "SHA-256", "value": sha256.as_str() }]);
        }
        self.list.push(json!({
            "uuid": id,
            "title": href,
            "props": [{ "name": "evidence-kind", "ns": NS, "value": evidence.kind.name() }],
            "rlinks": [rlink],
        }));
        self.by_location.insert(href, id.clone());
        id
    }
}
