//! Step 2: rules across items, and the component they describe.
//!
//! Claim rules come from [`Claim::violations`], the one place they are written; this step only
//! decides which token each mistake points at.

use std::collections::BTreeMap;
use std::path::Path;

use proc_macro2::Span;
use syn::Ident;

use super::attr::{ClaimItem, ClaimKeyword, InterfaceItem, Item, Spanned};
use super::ctxt::Ctxt;
use crate::evidence::Location;
use crate::rules::ClaimRule;

/// A component as the grammar understood it, with spans for the code generator.
#[derive(Clone)]
pub struct ComponentSpec {
    /// The type's name.
    pub ident: Ident,
    /// The component's name: `name = "..."` or the type's name.
    pub name: String,
    /// `description = "..."` or the doc comment.
    pub description: String,
    /// `version = "..."`, if given; otherwise the crate's version applies.
    pub version: Option<String>,
    /// `crate = "..."`, if given.
    pub crate_path: Option<syn::Path>,
    /// Claims in the order written.
    pub claims: Vec<ClaimItem>,
    /// Component types it depends on.
    pub depends_on: Vec<syn::Path>,
    /// External interfaces.
    pub interfaces: Vec<InterfaceItem>,
}

impl ClaimItem {
    /// Every rule this claim breaks ([`crate::rules::violations`]).
    pub fn violations(&self) -> Vec<ClaimRule> {
        let text = self.text().map_or("", |(_, text)| text);
        crate::rules::violations(self.keyword, self.requirement, self.evidence.iter().map(|e| &e.location), text)
    }

    /// The text the claim's keyword asks for, with its key: `missing` of a partial claim,
    /// `justification` of a not-applicable one (empty when not written), none for `addresses`.
    pub fn text(&self) -> Option<(&'static str, &str)> {
        let (key, value) = match self.keyword {
            ClaimKeyword::Addresses => return None,
            ClaimKeyword::PartiallyAddresses => (super::keywords::MISSING, &self.missing),
            ClaimKeyword::NotApplicable => (super::keywords::JUSTIFICATION, &self.justification),
        };
        Some((key, value.as_ref().map_or("", |v| v.value.as_str())))
    }

    /// The token a broken rule points at.
    fn span_for(&self, rule: &ClaimRule) -> Span {
        match rule {
            ClaimRule::AddressedWithoutEvidence | ClaimRule::NotApplicableAlwaysApplies => self.requirement_span,
            ClaimRule::PartialWithoutMissing => self.keyword_span,
            ClaimRule::NotApplicableWithoutJustification => {
                self.justification.as_ref().map_or(self.keyword_span, |j| j.span)
            }
            ClaimRule::MalformedEvidenceLocation(message) => self
                .evidence
                .iter()
                .find(|e| e.location.check_form().err().as_ref() == Some(message))
                .map_or(self.requirement_span, |e| e.span),
        }
    }
}

/// Builds the component from its items, reporting every rule broken.
pub fn check_component(
    ident: &Ident,
    doc: String,
    items: Vec<Item>,
    manifest_dir: Option<&Path>,
    cx: &Ctxt,
) -> ComponentSpec {
    let mut texts: BTreeMap<&'static str, Spanned<String>> = BTreeMap::new();
    let mut spec = ComponentSpec {
        ident: ident.clone(),
        name: ident.to_string(),
        description: doc,
        version: None,
        crate_path: None,
        claims: Vec::new(),
        depends_on: Vec::new(),
        interfaces: Vec::new(),
    };
    let mut crate_span = None;
    for item in items {
        match item {
            Item::Text(key, value) => {
                if texts.contains_key(key) {
                    cx.error(value.span, format!("`{key}` is given twice"));
                } else {
                    if value.value.trim().is_empty() {
                        cx.error(value.span, format!("`{key}` is empty"));
                    }
                    texts.insert(key, value);
                }
            }
            Item::Crate(path) => {
                if crate_span.replace(path.span).is_some() {
                    cx.error(path.span, "`crate` is given twice");
                }
                spec.crate_path = Some(path.value);
            }
            Item::Claims(claims) => {
                for claim in claims {
                    if check_claim(&spec.claims, &claim, manifest_dir, cx) {
                        spec.claims.push(claim);
                    }
                }
            }
            Item::DependsOn(paths) => spec.depends_on.extend(paths),
            Item::Interface(interface) => {
                if spec.interfaces.iter().any(|i| i.name.value == interface.name.value) {
                    cx.error(interface.name.span, format!("interface `{}` is declared twice", interface.name.value));
                }
                spec.interfaces.push(interface);
            }
        }
    }
    if let Some(name) = texts.remove(super::keywords::NAME) {
        spec.name = name.value;
    }
    if let Some(description) = texts.remove(super::keywords::DESCRIPTION) {
        spec.description = description.value;
    }
    spec.version = texts.remove(super::keywords::VERSION).map(|v| v.value);
    if spec.description.is_empty() {
        cx.error_with_help(
            ident.span(),
            format!("component `{}` has no description: add a `///` doc comment or `description = \"...\"`", spec.name),
            "add a `///` doc comment to the type or `#[cra(description = \"...\")]`; it goes into the technical documentation (Annex VII point 2(a))",
        );
    }
    spec
}

/// Checks one claim against the rules and against the claims before it; returns whether to keep it.
fn check_claim(before: &[ClaimItem], claim: &ClaimItem, manifest_dir: Option<&Path>, cx: &Ctxt) -> bool {
    if before.iter().any(|c| c.requirement == claim.requirement) {
        cx.error(
            claim.requirement_span,
            format!(
                "requirement `{}` ({}) is claimed twice by this component",
                claim.requirement,
                claim.requirement.name()
            ),
        );
        return false;
    }
    if claim.damaged {
        return true;
    }
    let violations = claim.violations();
    for rule in &violations {
        cx.error_with_help(claim.span_for(rule), rule.message(claim.requirement), rule.hint());
    }
    if let Some(dir) = manifest_dir {
        for evidence in &claim.evidence {
            let Location::Path(path) = &evidence.location else { continue };
            if evidence.location.check_form().is_err() {
                continue;
            }
            if let Err((message, help)) = check_inside_package(dir, path) {
                cx.error_with_help(evidence.span, message, help);
            }
        }
    }
    true
}

/// An evidence file must exist and, with symbolic links resolved, lie inside the package root
/// `dir`: the technical documentation is the package's own, and a later check re-hashes it
/// from there.
///
/// `path` has passed [`Location::check_form`], so read as text it does not climb above `dir`.
/// When none of its components is a symbolic link, that reading is also where the file is, and
/// one `lstat` per component proves the file there; only a path through a link is resolved
/// (`canonicalize`, both sides). The derive runs this for every evidence file in every product
/// build, and resolving costs a system call per component of the whole absolute path.
fn check_inside_package(dir: &Path, path: &str) -> Result<(), (String, &'static str)> {
    match without_links(dir, path) {
        Some(true) => Ok(()),
        Some(false) => Err(does_not_exist(path)),
        None => check_inside_package_through_links(dir, path),
    }
}

/// `Some(exists)` when no component of `path` under `dir` is a symbolic link, `None` when one
/// is (or a component cannot be read for another reason).
fn without_links(dir: &Path, path: &str) -> Option<bool> {
    let mut at = dir.to_path_buf();
    for component in Path::new(path).components() {
        at.push(component);
        if let std::path::Component::Normal(_) = component {
            match std::fs::symlink_metadata(&at) {
                Ok(metadata) if metadata.file_type().is_symlink() => return None,
                Ok(_) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Some(false),
                Err(_) => return None,
            }
        }
    }
    Some(true)
}

/// The full check for a path through a symbolic link: it must resolve to a file inside the
/// resolved package root.
fn check_inside_package_through_links(dir: &Path, path: &str) -> Result<(), (String, &'static str)> {
    let file = dir.join(path);
    if !file.exists() {
        return Err(does_not_exist(path));
    }
    let inside = match (file.canonicalize(), dir.canonicalize()) {
        (Ok(file), Ok(root)) => file.starts_with(root),
        _ => false,
    };
    if inside {
        Ok(())
    } else {
        Err((
            format!("evidence file `{path}` is a link to a file outside the package"),
            "evidence must lie inside the package that names it; copy the file into the package",
        ))
    }
}

fn does_not_exist(path: &str) -> (String, &'static str) {
    (
        format!("evidence file `{path}` does not exist"),
        "evidence paths are relative to the crate's manifest directory (where its Cargo.toml is)",
    )
}

#[cfg(test)]
mod tests {
    use super::check_inside_package;

    /// Every kind of path gets the verdict that resolving it gives: plain, nested, climbing back,
    /// a directory, missing, a link inside the package, a directory link inside it, a link that
    /// leads out, a directory link that leads out, a dangling link.
    #[test]
    #[cfg(unix)]
    fn evidence_paths_are_judged_as_resolved() {
        let root = std::env::temp_dir().join(format!("cra-grammar-inside-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let package = root.join("package");
        std::fs::create_dir_all(package.join("docs/reports")).unwrap();
        std::fs::write(package.join("evidence.md"), "x").unwrap();
        std::fs::write(package.join("docs/reports/r.md"), "x").unwrap();
        std::fs::write(root.join("secret.md"), "x").unwrap();
        std::os::unix::fs::symlink(package.join("evidence.md"), package.join("inside-link.md")).unwrap();
        std::os::unix::fs::symlink(root.join("secret.md"), package.join("outside-link.md")).unwrap();
        std::os::unix::fs::symlink(root.join("nothing.md"), package.join("dangling.md")).unwrap();
        std::os::unix::fs::symlink(&root, package.join("up")).unwrap();
        std::os::unix::fs::symlink(package.join("docs"), package.join("docs-link")).unwrap();
        let verdict = |path: &str| match check_inside_package(&package, path) {
            Ok(()) => "inside".to_owned(),
            Err((message, _)) if message.ends_with("does not exist") => "missing".to_owned(),
            Err((message, _)) if message.ends_with("outside the package") => "outside".to_owned(),
            Err((message, _)) => message,
        };
        let cases = [
            ("evidence.md", "inside"),
            ("./docs/reports/r.md", "inside"),
            ("docs/../evidence.md", "inside"),
            ("docs/reports", "inside"),
            ("missing.md", "missing"),
            ("docs/missing/r.md", "missing"),
            ("inside-link.md", "inside"),
            ("docs-link/reports/r.md", "inside"),
            ("outside-link.md", "outside"),
            ("up/secret.md", "outside"),
            ("dangling.md", "missing"),
        ];
        for (path, expected) in cases {
            assert_eq!(verdict(path), expected, "{path}");
        }
        let _ = std::fs::remove_dir_all(&root);
    }
}
