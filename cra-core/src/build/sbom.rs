//! The SBOM: CycloneDX 1.6 JSON of what ships in the product (Annex I Part II point (1)), with
//! the fields BSI TR-03183-2 v2.1 asks for and the product's CRA data.
//!
//! Components are exactly the packages Cargo compiles into the product for its target and
//! features ([`ShippedGraph`], from `cargo tree -e normal`): no build-dependencies, no
//! dev-dependencies of any workspace member, no proc-macros and nothing only they use, no
//! dependencies of other targets. `docs/sbom.md` maps every field to its source.
//!
//! The format is written with our own serde types rather than the `cyclonedx-bom` crate, whose
//! current release writes specification 1.5 at most.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use super::tree::{Origin, ShippedGraph, ShippedPackage};
use crate::declaration::{Declaration, Party};
use crate::digest::with_serial_number;
use crate::evidence::EvidenceKind;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    bom_format: &'static str,
    spec_version: &'static str,
    serial_number: String,
    version: u32,
    metadata: Metadata,
    components: Vec<Component>,
    dependencies: Vec<DependencyEntry>,
    compositions: Vec<Composition>,
}

#[derive(Serialize)]
struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
    tools: Tools,
    component: Component,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer: Option<Organization>,
    properties: Vec<Property>,
}

/// Why a third-party package names no supplier: said in the SBOM, not left to be guessed.
const SUPPLIER_POLICY: &str = "a component's supplier is named where a fact supports it: the manufacturer, for the packages of its own workspace. A third-party crate names none: its registry distributes it as its authors published it, and cra-rs knows no other supplier; its creator is given as `manufacturer` (its authors and repository, from its manifest)";

#[derive(Serialize)]
struct Tools {
    components: Vec<Component>,
}

/// A CycloneDX organizational entity.
#[derive(Serialize, Clone)]
struct Organization {
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    url: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contact: Vec<Contact>,
}

#[derive(Serialize, Clone, Default)]
#[serde(rename_all = "camelCase")]
struct Component {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "bom-ref", skip_serializing_if = "String::is_empty")]
    bom_ref: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<Organization>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer: Option<Organization>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Contact>,
    name: String,
    version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<Hash>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<LicenseChoice>,
    #[serde(skip_serializing_if = "String::is_empty")]
    purl: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    external_references: Vec<ExternalReference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<Property>,
}

#[derive(Serialize, Clone)]
struct Contact {
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
}

#[derive(Serialize, Clone)]
struct Hash {
    alg: &'static str,
    content: String,
}

#[derive(Serialize, Clone)]
struct LicenseChoice {
    expression: String,
    /// `declared`: the licence the package's authors state (TR-03183-2 "original licence"; for
    /// the product, the manufacturer's distribution licence).
    acknowledgement: &'static str,
}

#[derive(Serialize, Clone)]
struct ExternalReference {
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<Hash>,
}

#[derive(Serialize, Clone)]
struct Property {
    name: &'static str,
    value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DependencyEntry {
    #[serde(rename = "ref")]
    reference: String,
    depends_on: Vec<String>,
}

/// Says the dependency graph is complete: it is Cargo's own resolution of the build.
#[derive(Serialize)]
struct Composition {
    aggregate: &'static str,
    dependencies: Vec<String>,
}

/// What the SBOM takes from the product besides the package graph.
pub struct SbomProduct<'a> {
    /// The product's declaration: manufacturer, contacts, support end, URLs, evidence.
    pub declaration: &'a Declaration,
    /// `SOURCE_DATE_EPOCH`, if set: the only timestamp the SBOM carries.
    pub timestamp: Option<i64>,
    /// Directory of the product's manifest: path packages are named relative to it, so the
    /// SBOM does not depend on where the workspace is checked out.
    pub product_dir: &'a Path,
}

/// `name@version`, the SBOM's reference for a package; the source is added for a package whose
/// name and version another package of the product also has.
fn reference(graph: &ShippedGraph, package: &ShippedPackage) -> String {
    let twins = graph.packages.iter().filter(|p| p.name == package.name && p.version == package.version).count();
    match (&package.origin, twins) {
        (_, 0 | 1) | (Origin::CratesIo, _) => format!("{}@{}", package.name, package.version),
        (Origin::Path(_), _) => format!("{}@{}+path", package.name, package.version),
        (Origin::Git(url), _) => format!("{}@{}+{url}", package.name, package.version),
        (Origin::Registry(name), _) => format!("{}@{}+{name}", package.name, package.version),
    }
}

/// Percent-encodes a purl qualifier value (everything but unreserved characters).
fn encode(value: &str) -> String {
    use std::fmt::Write;
    value.bytes().fold(String::new(), |mut out, b| {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
        out
    })
}

/// The package URL: `pkg:cargo/name@version`, qualified for sources other than crates.io so a
/// vulnerability database does not take a local or forked crate for the crates.io one.
fn purl(package: &ShippedPackage, lock_source: Option<&str>, product_dir: &Path) -> String {
    let base = format!("pkg:cargo/{}@{}", package.name, package.version);
    match &package.origin {
        Origin::CratesIo => base,
        Origin::Path(dir) => format!("{base}?download_url={}", encode(&format!("file:{}", relative(product_dir, dir)))),
        Origin::Git(_) => {
            // Cargo.lock: `git+https://host/repo?branch=x#rev` → `git+https://host/repo@rev`.
            let source = lock_source.unwrap_or_default();
            let (url, revision) = source.split_once('#').unwrap_or((source, ""));
            let url = url.split('?').next().unwrap_or(url);
            let vcs = if revision.is_empty() { url.to_owned() } else { format!("{url}@{revision}") };
            format!("{base}?vcs_url={}", encode(&vcs))
        }
        Origin::Registry(_) => {
            let source = lock_source.unwrap_or_default();
            let url = source.strip_prefix("registry+").or_else(|| source.strip_prefix("sparse+")).unwrap_or(source);
            format!("{base}?repository_url={}", encode(url))
        }
    }
}

/// `to` relative to `from`, with `/` separators (both absolute).
pub(crate) fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_owned(), from.len() - common).collect();
    parts.extend(to[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() { ".".to_owned() } else { parts.join("/") }
}

/// `Name <email>` from a Cargo `authors` entry.
fn contact(author: &str) -> Contact {
    match author.split_once('<') {
        Some((name, rest)) if rest.ends_with('>') => Contact {
            name: name.trim().to_owned(),
            email: Some(rest.trim_end_matches('>').trim().to_owned()).filter(|e| !e.is_empty()),
        },
        _ => Contact { name: author.trim().to_owned(), email: None },
    }
}

/// The manufacturer as a CycloneDX organization: its website as URL, its contact as email when
/// it is one (TR-03183-2 asks the creator's email or URL).
fn organization(party: &Party) -> Organization {
    Organization {
        name: party.name.clone(),
        url: party.website.iter().cloned().collect(),
        contact: party
            .contact
            .iter()
            .filter(|c| c.contains('@') && !c.contains("://"))
            .map(|email| Contact { name: String::new(), email: Some(email.clone()) })
            .collect(),
    }
}

/// Who made a third-party package: its authors, reachable through its repository.
fn creator(package: &ShippedPackage) -> Option<Organization> {
    let contacts: Vec<Contact> = package.authors.iter().map(|a| contact(a)).collect();
    if contacts.is_empty() && package.repository.is_none() {
        return None;
    }
    let names: Vec<&str> = contacts.iter().map(|c| c.name.as_str()).filter(|n| !n.is_empty()).collect();
    Some(Organization {
        name: if names.is_empty() { format!("{} authors", package.name) } else { names.join(", ") },
        url: package.repository.iter().cloned().collect(),
        contact: contacts.into_iter().filter(|c| c.email.is_some()).collect(),
    })
}

/// The registry's SHA-256 of the published `.crate` file, from Cargo.lock. (Its SHA-512, which
/// TR-03183-2 asks for, is added by [`final_sbom`](super::final_sbom) outside the build script,
/// where hashing is fast.)
fn crate_hashes(checksum: Option<&str>) -> Vec<Hash> {
    checksum.map(|checksum| Hash { alg: "SHA-256", content: checksum.to_owned() }).into_iter().collect()
}

/// A TR-03183-2 property (`bsi:component:*`).
fn flag(name: &'static str, value: bool) -> Property {
    Property { name, value: value.to_string() }
}

/// One shipped library package as a component.
fn library(graph: &ShippedGraph, package: &ShippedPackage, own: bool, product: &SbomProduct) -> Component {
    let hashes = crate_hashes(package.checksum.as_deref());
    let manufacturer = organization(&product.declaration.manufacturer);
    let mut external_references: Vec<ExternalReference> = package
        .repository
        .iter()
        .map(|url| ExternalReference { kind: "vcs", url: url.clone(), comment: None, hashes: Vec::new() })
        .collect();
    let mut properties = Vec::new();
    if own && let Some(url) = &product.declaration.user_information.download_url {
        external_references.push(ExternalReference {
            kind: "distribution",
            url: url.clone(),
            comment: Some("delivered inside the product's deployable form"),
            hashes: Vec::new(),
        });
    }
    if package.origin == Origin::CratesIo {
        // The published crate is both the deployable and the source form of a Rust library.
        let url = format!("https://crates.io/api/v1/crates/{}/{}/download", package.name, package.version);
        for kind in ["distribution", "source-distribution"] {
            external_references.push(ExternalReference {
                kind,
                url: url.clone(),
                comment: None,
                hashes: hashes.clone(),
            });
        }
        properties.push(Property {
            name: "bsi:component:filename",
            value: format!("{}-{}.crate", package.name, package.version),
        });
    }
    // A library is compiled into the product's executable: it ships as no file of its own. What
    // is published of it is the `.crate` archive the filename and hashes describe.
    let published = !hashes.is_empty();
    properties.extend([
        flag("bsi:component:executable", false),
        flag("bsi:component:archive", published),
        flag("bsi:component:structured", false),
    ]);
    Component {
        kind: "library",
        bom_ref: reference(graph, package),
        supplier: own.then(|| manufacturer.clone()),
        manufacturer: if own { Some(manufacturer) } else { creator(package) },
        authors: package.authors.iter().map(|a| contact(a)).collect(),
        name: package.name.clone(),
        version: package.version.clone(),
        description: package.description.clone(),
        scope: Some("required"),
        hashes,
        licenses: licenses(package),
        purl: purl(package, package.lock_source.as_deref(), product.product_dir),
        external_references,
        properties,
    }
}

fn licenses(package: &ShippedPackage) -> Vec<LicenseChoice> {
    package.license.iter().map(|l| LicenseChoice { expression: l.clone(), acknowledgement: "declared" }).collect()
}

/// The product: the manufacturer as supplier and creator, and its CRA data as references.
fn product_component(graph: &ShippedGraph, product: &SbomProduct) -> Component {
    let package = graph.product();
    let declaration = product.declaration;
    let manufacturer = organization(&declaration.manufacturer);
    let mut properties = vec![
        Property { name: "cra:support-end", value: declaration.support_period.end.to_string() },
        Property { name: "cra:category", value: declaration.category.to_string() },
    ];
    properties.sort_by_key(|p| p.name);
    Component {
        kind: "application",
        bom_ref: reference(graph, package),
        supplier: Some(manufacturer.clone()),
        manufacturer: Some(manufacturer),
        name: package.name.clone(),
        version: package.version.clone(),
        // The manifest's description, else what the product is for (Annex II point 4).
        description: Some(package.description.clone().unwrap_or_else(|| declaration.product.intended_purpose.clone())),
        licenses: licenses(package),
        purl: purl(package, package.lock_source.as_deref(), product.product_dir),
        external_references: cra_references(package, product),
        properties,
        ..Component::default()
    }
}

/// The product's CRA data as CycloneDX external references (their types exist in CycloneDX
/// 1.6; the comment names the legal basis).
fn cra_references(package: &ShippedPackage, product: &SbomProduct) -> Vec<ExternalReference> {
    let declaration = product.declaration;
    let reference =
        |kind, url: String, comment| ExternalReference { kind, url, comment: Some(comment), hashes: Vec::new() };
    let mut references = Vec::new();
    if let Some(contact) = &declaration.vulnerability_handling.single_point_of_contact {
        let url =
            if contact.contains('@') && !contact.contains(':') { format!("mailto:{contact}") } else { contact.clone() };
        references.push(reference(
            "security-contact",
            url,
            "single point of contact for reporting vulnerabilities (Art. 13(17); Annex II point 2)",
        ));
    }
    if let Some(url) = &declaration.vulnerability_handling.cvd_policy_url {
        references.push(reference(
            "security-contact",
            url.clone(),
            "coordinated vulnerability disclosure policy (Annex I Part II point 5; Annex II point 2)",
        ));
    }
    if let Some(url) = &declaration.user_information.declaration_url {
        references.push(reference("other", url.clone(), "EU declaration of conformity (Art. 28; Annex II point 6)"));
    }
    if let Some(url) = &declaration.user_information.instructions_url {
        references.push(reference(
            "documentation",
            url.clone(),
            "user information and instructions (Art. 13(18); Annex II point 8)",
        ));
    }
    if let Some(url) = &declaration.user_information.download_url {
        references.push(reference("distribution", url.clone(), "where the product's deployable form is distributed"));
    }
    if let Some(url) = &declaration.user_information.sbom_url {
        references.push(reference("bom", url.clone(), "where the SBOM is published (Annex II point 9)"));
    }
    for (location, kind) in risk_assessments(declaration) {
        let comment = if kind == EvidenceKind::ThreatModel {
            "threat model, part of the cybersecurity risk assessment (Art. 13(2)-(3); Annex VII point 3)"
        } else {
            "cybersecurity risk assessment (Art. 13(2)-(3); Annex VII point 3)"
        };
        references.push(reference("risk-assessment", location, comment));
    }
    if let Some(url) = &package.repository {
        references.push(ExternalReference { kind: "vcs", url: url.clone(), comment: None, hashes: Vec::new() });
    }
    references
}

/// Every risk-assessment (and threat-model) evidence of the declaration, with its kind: URLs as
/// they are, paths as the package root and the path (relative to the workspace root),
/// de-duplicated and sorted.
fn risk_assessments(declaration: &Declaration) -> BTreeSet<(String, EvidenceKind)> {
    declaration
        .components
        .iter()
        .flat_map(|c| c.claims.iter())
        .flat_map(crate::claim::Claim::evidence)
        .filter(|e| matches!(e.kind, EvidenceKind::RiskAssessment | EvidenceKind::ThreatModel))
        .map(|e| (e.location_from_root().into_owned(), e.kind))
        .collect()
}

/// The CycloneDX 1.6 JSON of what ships in the product.
pub fn cyclonedx(graph: &ShippedGraph, own_packages: &BTreeSet<usize>, product: &SbomProduct) -> String {
    let mut components: Vec<Component> = graph
        .packages
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, p)| library(graph, p, own_packages.contains(&i), product))
        .collect();
    components.sort_by(|a, b| a.bom_ref.cmp(&b.bom_ref));
    let mut dependencies: Vec<DependencyEntry> = graph
        .packages
        .iter()
        .map(|p| {
            let mut depends_on: Vec<String> =
                p.dependencies.iter().map(|d| reference(graph, &graph.packages[*d])).collect();
            depends_on.sort();
            DependencyEntry { reference: reference(graph, p), depends_on }
        })
        .collect();
    dependencies.sort_by(|a, b| a.reference.cmp(&b.reference));
    let compositions = vec![Composition {
        aggregate: "complete",
        dependencies: dependencies.iter().map(|d| d.reference.clone()).collect(),
    }];
    let bom = Document {
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: String::new(),
        version: 1,
        metadata: Metadata {
            timestamp: product.timestamp.and_then(|t| jiff::Timestamp::from_second(t).ok()).map(|t| t.to_string()),
            tools: Tools {
                components: vec![Component {
                    kind: "application",
                    name: "cra-rs".into(),
                    version: env!("CARGO_PKG_VERSION").into(),
                    ..Component::default()
                }],
            },
            component: product_component(graph, product),
            manufacturer: Some(organization(&product.declaration.manufacturer)),
            properties: vec![Property { name: "cra-rs:supplier", value: SUPPLIER_POLICY.to_owned() }],
        },
        components,
        dependencies,
        compositions,
    };
    let value = serde_json::to_value(&bom).expect("the SBOM serializes");
    with_serial_number(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_and_purl_qualifiers() {
        assert_eq!(relative(Path::new("/w/examples/hub"), Path::new("/w/examples/ble")), "../ble");
        assert_eq!(relative(Path::new("/w/hub"), Path::new("/w/hub")), ".");
        assert_eq!(encode("git+https://h/r@1"), "git%2Bhttps%3A%2F%2Fh%2Fr%401");
        let authors = contact("Jane Doe <jane@example.org>");
        assert_eq!((authors.name.as_str(), authors.email.as_deref()), ("Jane Doe", Some("jane@example.org")));
        assert_eq!(contact("The Team").email, None);
    }

    #[test]
    fn the_serial_number_is_a_version_5_uuid_of_the_content() {
        let document = serde_json::json!({"bomFormat": "CycloneDX", "components": [1]});
        let first = with_serial_number(document.clone());
        assert_eq!(first, with_serial_number(document), "same content, same number");
        let parsed: serde_json::Value = serde_json::from_str(&first).unwrap();
        let serial = parsed["serialNumber"].as_str().unwrap();
        assert_eq!(serial.len(), "urn:uuid:".len() + 36);
        assert_eq!(&serial[23..24], "5", "version 5: {serial}");
        assert!(matches!(&serial[28..29], "8" | "9" | "a" | "b"), "RFC variant: {serial}");
        let other = with_serial_number(serde_json::json!({"bomFormat": "CycloneDX", "components": [2]}));
        assert_ne!(&other[..], &first[..]);
        assert!(!other.contains(serial), "other content, other number");
    }
}
