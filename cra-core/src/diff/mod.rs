//! What changed between two declarations (and, given them, two SBOMs): product facts,
//! requirement states, components with their descriptions, interfaces and `depends_on`, claims,
//! evidence digests, shipped crates, with a hint where a change may be a substantial
//! modification.
//!
//! A substantial modification is a change after placing on the market that affects compliance
//! with Annex I Part I or changes the intended purpose that was assessed (Art. 3(30)); it makes
//! the product a new one for the conformity assessment. Whether a change is one is a judgement of
//! the manufacturer: the hint says where to look, it is not a ruling. It is given where the
//! product's own facts change: the intended purpose and essential functions, the product's state
//! of a Part I requirement, and its attack surface (an interface added, removed or changed, a
//! component with interfaces added or removed, a cryptographic or network crate added or
//! removed, `crates.rs`). A claim or a component that changes no product-level state gets none:
//! the requirement's own line says when the product's state moved.

mod crates;

pub use crates::{CrateRole, crate_role, sboms};

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::catalogue::Part;
use crate::claim::RequirementState;
use crate::declaration::{Component, Declaration};

/// The hint on a change that may be a substantial modification.
pub const SUBSTANTIAL_HINT: &str = "may affect compliance with Annex I Part I or the assessed intended purpose: check whether it is a substantial modification (Art. 3(30)); a hint, not a ruling";

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of thing changed: `product`, `requirement`, `component`, `description`,
    /// `interface`, `depends_on`, `claim`, `evidence`, `crate`.
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
    /// For a crate: what it does that matters for security (`cryptography`, `network`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<CrateRole>,
}

impl std::fmt::Display for Change {
    /// `added    component x (1.0)`, `removed  ...`, `changed  requirement I.2.h: a -> b`, and
    /// `[cryptography]` or `[network]` after a crate with that role.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.before, &self.after) {
            (None, Some(after)) => write!(f, "added    {} {} ({after})", self.kind, self.subject)?,
            (Some(before), None) => write!(f, "removed  {} {} ({before})", self.kind, self.subject)?,
            (Some(before), Some(after)) => write!(f, "changed  {} {}: {before} -> {after}", self.kind, self.subject)?,
            (None, None) => write!(f, "changed  {} {}", self.kind, self.subject)?,
        }
        match self.role {
            Some(CrateRole::Cryptography) => f.write_str(" [cryptography]"),
            Some(CrateRole::Network) => f.write_str(" [network]"),
            None => Ok(()),
        }
    }
}

pub(super) fn change(
    kind: &'static str,
    subject: String,
    before: Option<String>,
    after: Option<String>,
    part_one: bool,
) -> Change {
    Change { kind, subject, before, after, hint: part_one.then_some(SUBSTANTIAL_HINT), role: None }
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

/// Components added and removed, and their descriptions, interfaces, `depends_on`, claims and
/// evidence changed, by component name.
fn components(old: &Declaration, new: &Declaration, out: &mut Vec<Change>) {
    let (before, after) = (by_name(old), by_name(new));
    // A component with interfaces is attack surface: adding or removing it hints.
    let exposed = |c: &Component| !c.interfaces.is_empty();
    for (name, component) in &before {
        if !after.contains_key(name) {
            out.push(change("component", name.clone(), Some(component.version.clone()), None, exposed(component)));
        }
    }
    for (name, component) in &after {
        let Some(previous) = before.get(name) else {
            out.push(change("component", name.clone(), None, Some(component.version.clone()), exposed(component)));
            continue;
        };
        compare(out, "component", name, previous.version.clone(), component.version.clone(), false);
        compare(out, "description", name, previous.description.clone(), component.description.clone(), false);
        compare(out, "depends_on", name, previous.depends_on.join(", "), component.depends_on.join(", "), false);
        interfaces(name, previous, component, out);
        claims_and_evidence(name, previous, component, out);
    }
}

/// Interfaces added, removed or changed in what they expose: the attack surface, always hinted.
fn interfaces(name: &str, previous: &Component, component: &Component, out: &mut Vec<Change>) {
    let of = |c: &Component| -> BTreeMap<String, String> {
        c.interfaces.iter().map(|i| (i.name.clone(), i.description.clone())).collect()
    };
    let (was, is) = (of(previous), of(component));
    let names: BTreeSet<&String> = was.keys().chain(is.keys()).collect();
    for interface in names {
        let (b, a) = (was.get(interface).cloned(), is.get(interface).cloned());
        if b != a {
            out.push(change("interface", format!("{name} / {interface}"), b, a, true));
        }
    }
}

/// Claims changed in state, and evidence in digest; no hint (the product's state of the
/// requirement has its own line).
fn claims_and_evidence(name: &str, previous: &Component, component: &Component, out: &mut Vec<Change>) {
    let (was, is) = (claims(previous), claims(component));
    let requirements: BTreeSet<_> = was.keys().chain(is.keys()).copied().collect();
    for requirement in requirements {
        let subject = format!("{name} / {requirement}");
        let (w, i) = (was.get(&requirement), is.get(&requirement));
        compare(
            out,
            "claim",
            &subject,
            w.map_or_else(|| "none".to_owned(), |c| state(c.state())),
            i.map_or_else(|| "none".to_owned(), |c| state(c.state())),
            false,
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
            let shown = |d: Option<&String>| d.map(|d| if d.is_empty() { "no digest".to_owned() } else { d.clone() });
            let (b, a) = (shown(dw.get(location)), shown(di.get(location)));
            if b != a {
                out.push(change("evidence", format!("{subject} / {location}"), b, a, false));
            }
        }
    }
}

fn by_name(declaration: &Declaration) -> BTreeMap<String, &Component> {
    declaration.components.iter().map(|c| (c.name.clone(), c)).collect()
}

fn claims(component: &Component) -> BTreeMap<crate::catalogue::RequirementId, &crate::claim::Claim> {
    component.claims.iter().map(|claim| (claim.requirement(), claim)).collect()
}
