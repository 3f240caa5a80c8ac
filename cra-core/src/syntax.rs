//! The `#[cra(...)]` grammar (`cra_grammar::syntax`) and what turns its items into the model's
//! values: the build-time generator reads components with it, as the derive does.

pub use cra_grammar::syntax::*;

use crate::claim::Claim;
use crate::declaration::Interface;
use crate::evidence::Evidence;

/// An interface as written, as a document value.
pub fn interface(item: &InterfaceItem) -> Interface {
    Interface { name: item.name.value.clone(), description: item.description.value.clone() }
}

/// A claim as written, as a document value.
pub fn claim(item: &ClaimItem) -> Claim {
    let requirement = item.requirement;
    let evidence: Vec<Evidence> = item
        .evidence
        .iter()
        .map(|e| Evidence { kind: e.kind, location: e.location.clone(), sha256: None, package: None })
        .collect();
    let text = |value: &Option<Spanned<String>>| value.as_ref().map(|v| v.value.clone()).unwrap_or_default();
    match item.keyword {
        ClaimKeyword::Addresses => Claim::Addressed { requirement, evidence },
        ClaimKeyword::PartiallyAddresses => {
            Claim::PartiallyAddressed { requirement, evidence, missing: text(&item.missing) }
        }
        ClaimKeyword::NotApplicable => Claim::NotApplicable { requirement, justification: text(&item.justification) },
    }
}
