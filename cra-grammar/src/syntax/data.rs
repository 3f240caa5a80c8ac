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
/// U+0020 as `\b \t \n \f \r` or `\u00xx`, everything else as it is. Runs of plain text are
/// copied whole: the derive runs this unoptimized, once per component, in every product build.
fn string(out: &mut String, text: &str) {
    out.push('"');
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0c => "\\f",
            b'\r' => "\\r",
            0x00..0x20 => "",
            _ => continue,
        };
        out.push_str(&text[plain..at]);
        plain = at + 1;
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&text[plain..]);
    out.push('"');
}
