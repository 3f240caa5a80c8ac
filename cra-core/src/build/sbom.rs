//! The SBOM: CycloneDX 1.6 JSON built from Cargo.lock.
//!
//! Every package the product depends on (the closure of its entry in Cargo.lock) with name,
//! version, purl and the registry's SHA-256 checksum where known, the dependency graph, and the
//! product's direct dependencies marked (in the graph, and with the property
//! `cra-rs:dependency` = `direct`). No vulnerability data: that belongs in CSAF or VEX documents
//! (BSI TR-03183-2 §3.1). Cargo.lock does not say which dependencies are build or dev
//! dependencies, so the closure includes them.
//!
//! The format is written with our own serde types rather than the `cyclonedx-bom` crate, whose
//! current release writes specification 1.5 at most.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::lockfile::{Lockfile, Package};
use serde::Serialize;

use super::diagnostics::BuildError;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    bom_format: &'static str,
    spec_version: &'static str,
    version: u32,
    metadata: Metadata,
    components: Vec<Component>,
    dependencies: Vec<DependencyEntry>,
}

#[derive(Serialize)]
struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
    tools: Tools,
    component: Component,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer: Option<Organization>,
}

#[derive(Serialize)]
struct Tools {
    components: Vec<Component>,
}

#[derive(Serialize)]
struct Organization {
    name: String,
}

#[derive(Serialize, Clone)]
struct Component {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "bom-ref", skip_serializing_if = "String::is_empty")]
    bom_ref: String,
    name: String,
    version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    purl: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<Hash>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<Property>,
}

#[derive(Serialize, Clone)]
struct Hash {
    alg: &'static str,
    content: String,
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

/// What the SBOM says about the product itself.
pub struct SbomProduct<'a> {
    /// Package name in Cargo.lock.
    pub package: &'a str,
    /// Version.
    pub version: &'a str,
    /// Manufacturer name.
    pub manufacturer: &'a str,
    /// `SOURCE_DATE_EPOCH`, if set: the only timestamp the SBOM carries.
    pub timestamp: Option<i64>,
}

fn purl(package: &Package) -> String {
    format!("pkg:cargo/{}@{}", package.name, package.version)
}

fn source_kind(package: &Package) -> String {
    match &package.source {
        None => "path".into(),
        Some(_) if package.is_crates_io() => "crates.io".into(),
        Some(source) => source.clone(),
    }
}

/// The CycloneDX 1.6 JSON of the product's dependency closure in `lockfile`.
pub fn cyclonedx(lockfile_path: &Path, product: &SbomProduct) -> Result<String, BuildError> {
    let lockfile = Lockfile::read(lockfile_path)?;
    let root = lockfile.packages.iter().find(|p| p.name == product.package && p.source.is_none()).ok_or_else(|| {
        BuildError::Io {
            path: lockfile_path.to_path_buf(),
            message: format!("package `{}` is not in this lockfile", product.package),
        }
    })?;
    let reference = Package::reference;
    let resolve = |entry: &String| lockfile.resolve(entry);
    // Closure from the product.
    let mut closure: BTreeMap<String, &Package> = BTreeMap::new();
    let mut queue = vec![root];
    while let Some(package) = queue.pop() {
        if closure.insert(reference(package), package).is_some() {
            continue;
        }
        queue.extend(package.dependencies.iter().filter_map(resolve));
    }
    let direct: BTreeSet<String> = root.dependencies.iter().filter_map(resolve).map(reference).collect();
    let root_ref = reference(root);
    let components: Vec<Component> = closure
        .values()
        .filter(|p| reference(p) != root_ref)
        .map(|p| Component {
            kind: "library",
            bom_ref: reference(p),
            name: p.name.clone(),
            version: p.version.clone(),
            purl: purl(p),
            hashes: p.checksum.iter().map(|digest| Hash { alg: "SHA-256", content: digest.clone() }).collect(),
            properties: vec![
                Property {
                    name: "cra-rs:dependency",
                    value: if direct.contains(&reference(p)) { "direct" } else { "transitive" }.into(),
                },
                Property { name: "cra-rs:source", value: source_kind(p) },
            ],
        })
        .collect();
    let dependencies: Vec<DependencyEntry> = closure
        .values()
        .map(|p| {
            let mut depends_on: Vec<String> = p.dependencies.iter().filter_map(resolve).map(reference).collect();
            depends_on.sort();
            depends_on.dedup();
            DependencyEntry { reference: reference(p), depends_on }
        })
        .collect();
    let bom = Document {
        bom_format: "CycloneDX",
        spec_version: "1.6",
        version: 1,
        metadata: Metadata {
            timestamp: product.timestamp.and_then(|t| jiff::Timestamp::from_second(t).ok()).map(|t| t.to_string()),
            tools: Tools {
                components: vec![Component {
                    kind: "application",
                    bom_ref: String::new(),
                    name: "cra-rs".into(),
                    version: env!("CARGO_PKG_VERSION").into(),
                    purl: String::new(),
                    hashes: vec![],
                    properties: vec![],
                }],
            },
            component: Component {
                kind: "application",
                bom_ref: root_ref,
                name: product.package.to_owned(),
                version: product.version.to_owned(),
                purl: purl(root),
                hashes: vec![],
                properties: vec![],
            },
            manufacturer: (!product.manufacturer.is_empty())
                .then(|| Organization { name: product.manufacturer.to_owned() }),
        },
        components,
        dependencies,
    };
    let mut json = serde_json::to_string_pretty(&bom).expect("the SBOM serializes");
    json.push('\n');
    Ok(json)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
