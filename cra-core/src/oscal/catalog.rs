//! The Annex I requirements as an OSCAL catalog: a group per Part, a control per requirement
//! with its ID as label, its title, and our paraphrase as statement (the legal text is the
//! Official Journal's, linked in the back matter).

use serde_json::{Value, json};

use super::{NS, OSCAL_VERSION, control_id, uuid};
use crate::catalogue::{ACT, CATALOGUE_VERSION, Part, REQUIREMENTS, RequirementId};

/// The catalog's file name beside the component definition, which names it as the source of
/// its controls.
pub const CATALOG_FILE: &str = "cra-catalog.json";

/// The catalog. Its last modification is the regulation's publication in the Official Journal
/// (20 November 2024), so the same catalogue gives the same bytes.
pub fn catalog() -> Value {
    let group = |part: Part, id: &str, title: &str| {
        let controls: Vec<Value> = REQUIREMENTS
            .iter()
            .filter(|r| r.part == part)
            .map(|r| {
                let requirement: RequirementId = r.id.parse().expect("the catalogue's IDs parse");
                json!({
                    "id": control_id(requirement),
                    "class": "essential-requirement",
                    "title": r.title,
                    "props": [
                        { "name": "label", "value": r.id },
                        { "name": "name", "ns": NS, "value": r.name },
                        { "name": "reference", "ns": NS, "value": r.reference },
                    ],
                    "parts": [{
                        "id": format!("{}_smt", control_id(requirement)),
                        "name": "statement",
                        "prose": r.summary,
                    }],
                })
            })
            .collect();
        json!({ "id": id, "class": "annex-i-part", "title": title, "controls": controls })
    };
    json!({
        "catalog": {
            "uuid": uuid(&format!("catalog:{CATALOGUE_VERSION}")),
            "metadata": {
                "title": format!("{}: essential cybersecurity requirements (Annex I)", ACT.title),
                "last-modified": "2024-11-20T00:00:00Z",
                "version": CATALOGUE_VERSION,
                "oscal-version": OSCAL_VERSION,
                "links": [{ "href": format!("#{}", uuid("regulation")), "rel": "reference", "text": ACT.title }],
                "remarks": format!("The requirements of Annex I of {} ({}), by the IDs cra-rs gives them. Each statement is a paraphrase; the legal text is the Official Journal's.", ACT.title, ACT.official_journal),
            },
            "groups": [
                group(Part::I, "part-i", "Annex I Part I: cybersecurity requirements relating to the properties of products with digital elements"),
                group(Part::II, "part-ii", "Annex I Part II: vulnerability handling requirements"),
            ],
            "back-matter": { "resources": [{
                "uuid": uuid("regulation"),
                "title": ACT.title,
                "citation": { "text": format!("{}, {}", ACT.title, ACT.official_journal) },
                "rlinks": [{ "href": ACT.eli }],
            }] },
        }
    })
}
