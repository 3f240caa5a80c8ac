//! What changed between two declarations (and, given them, two SBOMs): components, claims,
//! requirement states, evidence, product facts, shipped crates, with a hint where a change may
//! be a substantial modification.
//!
//! A substantial modification is a change after placing on the market that affects compliance
//! with Annex I Part I or changes the intended purpose that was assessed (Art. 3(30)); it makes
//! the product a new one for the conformity assessment. Whether a change is one is a judgement of
//! the manufacturer: the hint says where to look, it is not a ruling.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::catalogue::Part;
use crate::claim::RequirementState;
use crate::declaration::Declaration;

/// The hint on a change that may be a substantial modification.
pub const SUBSTANTIAL_HINT: &str = "may affect compliance with Annex I Part I or the assessed intended purpose: check whether it is a substantial modification (Art. 3(30)); a hint, not a ruling";

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of thing changed: `product`, `requirement`, `component`, `claim`, `evidence`,
    /// `crate`.
    pub kind: &'static str,
    /// Which one.
    pub subject: String,
    /// Before (none when added).
    pub before: Option<String>,
    /// After (none when removed).
    pub after: Option<String>,
    /// Set when the change may be a substantial modification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<&'static str>,
}

impl std::fmt::Display for Change {
    /// `added    component x (1.0)`, `removed  ...`, `changed  requirement I.2.h: a -> b`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.before, &self.after) {
            (None, Some(after)) => write!(f, "added    {} {} ({after})", self.kind, self.subject),
            (Some(before), None) => write!(f, "removed  {} {} ({before})", self.kind, self.subject),
            (Some(before), Some(after)) => write!(f, "changed  {} {}: {before} -> {after}", self.kind, self.subject),
            (None, None) => write!(f, "changed  {} {}", self.kind, self.subject),
        }
    }
}

fn change(
    kind: &'static str,
    subject: String,
    before: Option<String>,
    after: Option<String>,
    part_one: bool,
) -> Change {
    Change { kind, subject, before, after, hint: part_one.then_some(SUBSTANTIAL_HINT) }
}

/// Pushes a change when `before != after`.
fn compare(out: &mut Vec<Change>, kind: &'static str, subject: &str, before: String, after: String, part_one: bool) {
    if before != after {
        out.push(change(kind, subject.to_owned(), Some(before), Some(after), part_one));
    }
}

fn state(state: RequirementState) -> String {
    format!("{state:?}").chars().fold(String::new(), |mut s, c| {
        if c.is_uppercase() && !s.is_empty() {
            s.push(' ');
        }
        s.push(c.to_ascii_lowercase());
        s
    })
}

/// Every change from `old` to `new`, product facts first.
pub fn declarations(old: &Declaration, new: &Declaration) -> Vec<Change> {
    let mut out = Vec::new();
    let (a, b) = (&old.product, &new.product);
    compare(&mut out, "product", "version", a.version.clone(), b.version.clone(), false);
    compare(&mut out, "product", "type", a.product_type.clone(), b.product_type.clone(), false);
    compare(&mut out, "product", "intended purpose", a.intended_purpose.clone(), b.intended_purpose.clone(), true);
    compare(
        &mut out,
        "product",
        "essential functions",
        a.essential_functions.join("; "),
        b.essential_functions.join("; "),
        true,
    );
    compare(&mut out, "product", "category", old.category.to_string(), new.category.to_string(), false);
    compare(
        &mut out,
        "product",
        "procedure",
        old.procedure.kind().to_string(),
        new.procedure.kind().to_string(),
        false,
    );
    compare(
        &mut out,
        "product",
        "support end",
        old.support_period.end.to_string(),
        new.support_period.end.to_string(),
        false,
    );
    compare(&mut out, "product", "manufacturer", old.manufacturer.name.clone(), new.manufacturer.name.clone(), false);
    compare(
        &mut out,
        "product",
        "status",
        format!("{:?}", old.conformity_status()),
        format!("{:?}", new.conformity_status()),
        false,
    );
    for (requirement, before) in old.requirement_states() {
        let after = new.requirement_state(requirement);
        let part_one = requirement.info().part == Part::I;
        compare(&mut out, "requirement", requirement.as_str(), state(before), state(after), part_one);
    }
    components(old, new, &mut out);
    out
}

/// Components added and removed, and claims and evidence changed, by component name.
fn components(old: &Declaration, new: &Declaration, out: &mut Vec<Change>) {
    let (before, after) = (by_name(old), by_name(new));
    let addresses_part_one =
        |c: &crate::declaration::Component| c.claims.iter().any(|claim| claim.requirement().info().part == Part::I);
    for (name, component) in &before {
        if !after.contains_key(name) {
            out.push(change(
                "component",
                name.clone(),
                Some(component.version.clone()),
                None,
                addresses_part_one(component),
            ));
        }
    }
    for (name, component) in &after {
        let Some(previous) = before.get(name) else {
            out.push(change(
                "component",
                name.clone(),
                None,
                Some(component.version.clone()),
                addresses_part_one(component),
            ));
            continue;
        };
        compare(out, "component", name, previous.version.clone(), component.version.clone(), false);
        let (was, is) = (claims(previous), claims(component));
        let requirements: BTreeSet<_> = was.keys().chain(is.keys()).copied().collect();
        for requirement in requirements {
            let part_one = requirement.info().part == Part::I;
            let subject = format!("{name} / {requirement}");
            let (w, i) = (was.get(&requirement), is.get(&requirement));
            compare(
                out,
                "claim",
                &subject,
                w.map_or_else(|| "none".to_owned(), |c| state(c.state())),
                i.map_or_else(|| "none".to_owned(), |c| state(c.state())),
                part_one,
            );
            let digests = |c: Option<&&crate::claim::Claim>| -> BTreeMap<String, String> {
                c.map(|c| c.evidence())
                    .unwrap_or_default()
                    .iter()
                    .map(|e| {
                        (e.location.to_string(), e.sha256.as_ref().map_or_else(String::new, |d| d.as_str().to_owned()))
                    })
                    .collect()
            };
            let (dw, di) = (digests(w), digests(i));
            let locations: BTreeSet<&String> = dw.keys().chain(di.keys()).collect();
            for location in locations {
                let shown =
                    |d: Option<&String>| d.map(|d| if d.is_empty() { "no digest".to_owned() } else { d.clone() });
                let (b, a) = (shown(dw.get(location)), shown(di.get(location)));
                if b != a {
                    out.push(change("evidence", format!("{subject} / {location}"), b, a, false));
                }
            }
        }
    }
}

fn by_name(declaration: &Declaration) -> BTreeMap<String, &crate::declaration::Component> {
    declaration.components.iter().map(|c| (c.name.clone(), c)).collect()
}

fn claims(
    component: &crate::declaration::Component,
) -> BTreeMap<crate::catalogue::RequirementId, &crate::claim::Claim> {
    component.claims.iter().map(|claim| (claim.requirement(), claim)).collect()
}

/// Crates added, removed and changed in version between two CycloneDX SBOMs (by name).
pub fn sboms(old: &serde_json::Value, new: &serde_json::Value) -> Vec<Change> {
    let crates = |sbom: &serde_json::Value| -> BTreeMap<String, BTreeSet<String>> {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for component in sbom["components"].as_array().into_iter().flatten() {
            if let (Some(name), Some(version)) = (component["name"].as_str(), component["version"].as_str()) {
                map.entry(name.to_owned()).or_default().insert(version.to_owned());
            }
        }
        map
    };
    let (before, after) = (crates(old), crates(new));
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let joined = |v: Option<&BTreeSet<String>>| v.map(|v| v.iter().cloned().collect::<Vec<_>>().join(", "));
    names
        .into_iter()
        .filter(|n| before.get(*n) != after.get(*n))
        .map(|n| change("crate", n.clone(), joined(before.get(n)), joined(after.get(n)), false))
        .collect()
}
