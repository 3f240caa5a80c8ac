//! The SBOM: CycloneDX 1.6 JSON of what ships in the product (Annex I Part II point (1)).
//!
//! Components are exactly the packages Cargo compiles into the product for its target and
//! features ([`ShippedGraph`], from `cargo tree -e normal`): no build-dependencies, no
//! dev-dependencies of any workspace member, no proc-macros and nothing only they use, no
//! dependencies of other targets. Each component has its SPDX licence expression and authors
//! from its manifest, its repository, a purl that is right for its source, the registry's
//! SHA-256 from Cargo.lock, and its edges in the dependency graph (an empty `dependsOn` says
//! it has none). No vulnerability data: that belongs in VEX or CSAF documents.
//!
//! The format is written with our own serde types rather than the `cyclonedx-bom` crate, whose
//! current release writes specification 1.5 at most.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use super::diagnostics::BuildError;
use super::lockfile::Lockfile;
use super::tree::{Origin, ShippedGraph, ShippedPackage};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    bom_format: &'static str,
    spec_version: &'static str,
    version: u32,
    metadata: Metadata,
    components: Vec<Component>,
    dependencies: Vec<DependencyEntry>,
    compositions: Vec<Composition>,
}

/// Says the dependency graph is complete: it is Cargo's own resolution of the build.
#[derive(Serialize)]
struct Composition {
    aggregate: &'static str,
    dependencies: Vec<String>,
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

#[derive(Serialize, Clone)]
struct Organization {
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    url: Vec<String>,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Contact>,
    name: String,
    version: String,
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
}

#[derive(Serialize, Clone)]
struct Contact {
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
}

#[derive(Serialize, Clone)]
struct ExternalReference {
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
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
    /// Manufacturer name.
    pub manufacturer: &'a str,
    /// Manufacturer website, if any.
    pub manufacturer_url: Option<&'a str>,
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

/// The lockfile entry of a shipped package (for its checksum and exact source).
fn lock_entry<'a>(lockfile: &'a Lockfile, package: &ShippedPackage) -> Option<&'a super::lockfile::Package> {
    lockfile.packages.iter().find(|p| {
        p.name == package.name
            && p.version == package.version
            && match &package.origin {
                Origin::CratesIo => p.is_crates_io(),
                Origin::Path(_) => p.source.is_none(),
                Origin::Git(_) => p.source.as_deref().is_some_and(|s| s.starts_with("git+")),
                Origin::Registry(_) => p.source.is_some() && !p.is_crates_io(),
            }
    })
}

/// The source repository (`vcs`) from the manifest, and for crates.io packages the download
/// of the published crate (`distribution`), whose SHA-256 the component's hash is.
fn external_references(package: &ShippedPackage) -> Vec<ExternalReference> {
    let mut references: Vec<ExternalReference> =
        package.repository.iter().map(|url| ExternalReference { kind: "vcs", url: url.clone() }).collect();
    if package.origin == Origin::CratesIo {
        references.push(ExternalReference {
            kind: "distribution",
            url: format!("https://crates.io/api/v1/crates/{}/{}/download", package.name, package.version),
        });
    }
    references
}

/// The CycloneDX 1.6 JSON of what ships in the product.
pub fn cyclonedx(
    graph: &ShippedGraph,
    lockfile_path: &Path,
    own_packages: &BTreeSet<usize>,
    product: &SbomProduct,
) -> Result<String, BuildError> {
    let lockfile = Lockfile::read(lockfile_path)?;
    let manufacturer = (!product.manufacturer.is_empty()).then(|| Organization {
        name: product.manufacturer.to_owned(),
        url: product.manufacturer_url.map(str::to_owned).into_iter().collect(),
    });
    let component = |index: usize, package: &ShippedPackage| {
        let lock = lock_entry(&lockfile, package);
        Component {
            kind: if index == 0 { "application" } else { "library" },
            bom_ref: reference(graph, package),
            supplier: if own_packages.contains(&index) { manufacturer.clone() } else { None },
            authors: package.authors.iter().map(|a| contact(a)).collect(),
            name: package.name.clone(),
            version: package.version.clone(),
            scope: (index != 0).then_some("required"),
            hashes: lock
                .and_then(|p| p.checksum.clone())
                .map(|content| Hash { alg: "SHA-256", content })
                .into_iter()
                .collect(),
            licenses: package.license.iter().map(|l| LicenseChoice { expression: l.clone() }).collect(),
            purl: purl(package, lock.and_then(|p| p.source.as_deref()), product.product_dir),
            external_references: external_references(package),
        }
    };
    let mut components: Vec<Component> =
        graph.packages.iter().enumerate().skip(1).map(|(i, p)| component(i, p)).collect();
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
            component: component(0, graph.product()),
            manufacturer,
        },
        components,
        dependencies,
        compositions,
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
}
