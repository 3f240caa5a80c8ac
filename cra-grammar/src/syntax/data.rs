//! The component data a descriptor carries (`cra_component::ComponentDescriptor::data`): the
//! description, claims and interfaces as one JSON string, written here without serde so that
//! the derive, which runs in every product build, compiles neither serde's derive nor a JSON
//! library.
//!
//! The format is the one `cra_core::registry::ComponentData` reads and writes with serde; the
//! test `component_data_is_byte_for_byte_what_serde_writes` (cra-core) holds the two to the same
//! bytes for every shape a component can take, escapes included.

use super::attr::{ClaimItem, InterfaceItem};
use super::check::ComponentSpec;
use crate::evidence::Location;
use crate::rules::ClaimKeyword;

impl ComponentSpec {
    /// The component's data as the JSON string a descriptor carries.
    pub fn data_json(&self) -> String {
        let mut out = String::from("{");
        field(&mut out, "description");
        string(&mut out, &self.description);
        if !self.claims.is_empty() {
            out.push(',');
            field(&mut out, "claims");
            list(&mut out, &self.claims, claim);
        }
        if !self.interfaces.is_empty() {
            out.push(',');
            field(&mut out, "interfaces");
            list(&mut out, &self.interfaces, interface);
        }
        out.push('}');
        out
    }
}

/// `{"status":…,"requirement":…,"evidence":[…],"missing":…}` in the order of the model's fields.
fn claim(out: &mut String, claim: &ClaimItem) {
    let status = match claim.keyword {
        ClaimKeyword::Addresses => "addressed",
        ClaimKeyword::PartiallyAddresses => "partially_addressed",
        ClaimKeyword::NotApplicable => "not_applicable",
    };
    out.push('{');
    field(out, "status");
    string(out, status);
    out.push(',');
    field(out, "requirement");
    string(out, claim.requirement.as_str());
    if claim.keyword != ClaimKeyword::NotApplicable {
        out.push(',');
        field(out, "evidence");
        list(out, &claim.evidence, |out, evidence| {
            out.push('{');
            field(out, "kind");
            string(out, evidence.kind.name());
            out.push(',');
            field(out, "location");
            let (key, value) = match &evidence.location {
                Location::Path(path) => ("path", path),
                Location::Url(url) => ("url", url),
            };
            out.push('{');
            field(out, key);
            string(out, value);
            out.push_str("}}");
        });
    }
    if let Some((key, text)) = claim.text() {
        out.push(',');
        field(out, key);
        string(out, text);
    }
    out.push('}');
}

fn interface(out: &mut String, interface: &InterfaceItem) {
    out.push('{');
    field(out, "name");
    string(out, &interface.name.value);
    out.push(',');
    field(out, "description");
    string(out, &interface.description.value);
    out.push('}');
}

fn list<T>(out: &mut String, items: &[T], write: impl Fn(&mut String, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write(out, item);
    }
    out.push(']');
}

fn field(out: &mut String, key: &str) {
    string(out, key);
    out.push(':');
}

/// A JSON string as serde_json writes it: `"` and `\` escaped, the control characters below
/// U+0020 as `\b \t \n \f \r` or `\u00xx`, everything else as it is.
fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let byte = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[byte >> 4]));
                out.push(char::from(HEX[byte & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
