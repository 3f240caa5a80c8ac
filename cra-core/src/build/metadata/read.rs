//! Reading the product's metadata in one pass: the product's and the workspace's tables merged
//! key by key, every key's mistake collected, required keys checked, and the declaration's
//! fields made from the result.

use super::keys::{key_range, missing_risk_assessment_files};
use super::{
    AnyRequirement, CraToml, KeyErrors, LicenseField, MetadataManifest, ProductMetadata, VulnerabilitySources, location,
};
use crate::build::diagnostics::{BuildError, SourceError};
use crate::build::manifest::ManifestFile;
use crate::declaration::{
    AppliedSpecification, Declaration, DelegatedAct, NotifiedBody, Party, Product, ProductNotApplicable, Signature,
    UserInformation, VulnerabilityHandling,
};
use crate::support::SupportPeriod;

macro_rules! merge {
    ($package:expr, $workspace:expr, $($field:ident),*) => {
        CraToml { $($field: $package.$field.or($workspace.$field),)* }
    };
}

/// The product's metadata as declaration fields, and the mistakes in its keys, all in one pass:
/// keys of the wrong form, placeholders and risk-assessment files that are missing or still
/// templates. Those do not stop the build here: validation, run once on the whole declaration,
/// reports the keys that did parse in the same pass ([`KeyErrors`]). Missing required keys do,
/// since the declaration cannot be made without them.
pub(crate) fn read_product(
    product: &ManifestFile,
    workspace: Option<&ManifestFile>,
    package_name: &str,
    version: &str,
) -> Result<ProductMetadata, BuildError> {
    let (placeholder_keys, placeholders) = all_placeholders(product, workspace);
    let Merged { cra, license, mut errors, failed_keys } = match merged(product, workspace) {
        Ok(merged) => merged,
        Err(_) if !placeholders.is_empty() => return Err(BuildError::Source(placeholders)),
        Err(error) => return Err(error),
    };
    // A placeholder in a date or a table does not parse: it is reported as a placeholder.
    errors.retain(|e| {
        !failed_keys.iter().any(|k| placeholder_keys.contains(k) && e.range == key_range(&product.text, k))
    });
    errors.extend(placeholders);
    let missing = required_errors(product, &cra);
    if !missing.is_empty() {
        // A required key of the wrong form, or holding a placeholder, is reported once, as that.
        let reported = |key: &str| failed_keys.iter().chain(&placeholder_keys).any(|k| k == key);
        errors.extend(missing.into_iter().filter(|(key, _)| !reported(key)).map(|(_, error)| error));
        return Err(BuildError::Source(errors));
    }
    let vulnerabilities = VulnerabilitySources {
        records: cra.vulnerability_records.clone().unwrap_or_else(|| "security/vulnerabilities".to_owned()),
        audit: cra.audit.clone().unwrap_or_else(|| "security/audit.json".to_owned()),
        audit_max_age_days: cra.audit_max_age_days.unwrap_or(30),
    };
    let mut declaration = to_declaration(cra, package_name, version);
    declaration.product.license = license;
    errors.extend(missing_risk_assessment_files(product, &declaration));
    errors.sort_by_key(|e| e.range.start);
    Ok(ProductMetadata { declaration, vulnerabilities, key_errors: KeyErrors { errors, failed_keys } })
}

/// The placeholders of the product's `[package.metadata.cra]`, and those of
/// `[workspace.metadata.cra]` under keys the product takes from there: the top-level keys they
/// are under, and an error for each.
pub(super) fn all_placeholders(
    product: &ManifestFile,
    workspace: Option<&ManifestFile>,
) -> (Vec<String>, Vec<SourceError>) {
    use crate::build::placeholders::{placeholder_error, placeholders};
    let own = placeholders(product, &["package", "metadata", "cra"]);
    let workspace = workspace.unwrap_or(product);
    let product_keys: Vec<String> = product
        .text
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("package")?.get("metadata")?.get("cra")?.as_table().map(|c| c.keys().cloned().collect()))
        .unwrap_or_default();
    let shared: Vec<_> = placeholders(workspace, &["workspace", "metadata", "cra"])
        .into_iter()
        .filter(|p| !product_keys.contains(&p.top_key))
        .collect();
    let keys = own.iter().map(|p| p.top_key.clone()).collect();
    let errors = own
        .iter()
        .map(|p| placeholder_error(product, p))
        .chain(shared.iter().map(|p| placeholder_error(workspace, p)))
        .collect();
    (keys, errors)
}

/// The merged metadata, and the mistakes found reading it.
pub(super) struct Merged {
    cra: CraToml,
    license: Option<String>,
    /// Keys of the wrong form (their values are left out of `cra`).
    errors: Vec<SourceError>,
    /// The keys those errors are at.
    failed_keys: Vec<String>,
}

/// `[package.metadata.cra]` with every missing key taken from `[workspace.metadata.cra]`.
/// Also returns the package's licence (SPDX expression), following `license.workspace = true`.
pub(super) fn merged(product: &ManifestFile, workspace: Option<&ManifestFile>) -> Result<Merged, BuildError> {
    let own: MetadataManifest = match product.parse() {
        Ok(own) => own,
        Err(first) => return every_key(product, workspace, first),
    };
    let (shared, workspace_license): (CraToml, Option<String>) = match workspace {
        Some(file) if file.path != product.path => {
            let manifest: MetadataManifest = file.parse()?;
            let workspace = manifest.workspace.unwrap_or_default();
            (workspace.metadata.and_then(|m| m.cra).unwrap_or_default(), workspace.package.and_then(|p| p.license))
        }
        _ => (
            own.workspace.as_ref().and_then(|w| w.metadata.as_ref()).and_then(|m| m.cra.clone()).unwrap_or_default(),
            own.workspace.as_ref().and_then(|w| w.package.as_ref()).and_then(|p| p.license.clone()),
        ),
    };
    let package = own.package.unwrap_or_default();
    let license = match package.license {
        Some(LicenseField::Expression(expression)) => Some(expression),
        Some(LicenseField::Inherited { .. }) => workspace_license,
        None => None,
    };
    let package = package.metadata.and_then(|m| m.cra).unwrap_or_default();
    Ok(Merged { cra: merge_one(package, shared), license, errors: Vec::new(), failed_keys: Vec::new() })
}

/// After a first TOML error in the product manifest: every key of `[package.metadata.cra]` read
/// on its own, so that all wrong keys are reported in one pass, each at its key; the keys that
/// parse are merged with `[workspace.metadata.cra]` and go on to the required-key check and
/// validation. Falls back to the first error when the mistake is elsewhere (syntax, another
/// table).
pub(super) fn every_key(
    product: &ManifestFile,
    workspace: Option<&ManifestFile>,
    first: BuildError,
) -> Result<Merged, BuildError> {
    let Ok(document) = product.text.parse::<toml::Table>() else { return Err(first) };
    let Some(cra) = document
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("cra"))
        .and_then(toml::Value::as_table)
    else {
        return Err(first);
    };
    let mut errors = Vec::new();
    let mut failed_keys = Vec::new();
    let mut parsed = CraToml::default();
    for (key, value) in cra {
        let single = toml::Table::from_iter([(key.clone(), value.clone())]);
        match serde_path_to_error::deserialize::<_, CraToml>(toml::Value::Table(single)) {
            Ok(one) => parsed = merge_one(parsed, one),
            Err(error) => {
                let path = format!("package.metadata.cra.{}", error.path());
                let mut located = product.error(error.inner(), &path);
                located.range = key_range(&product.text, key);
                errors.push(located);
                failed_keys.push(key.clone());
            }
        }
    }
    if errors.is_empty() {
        return Err(first);
    }
    errors.sort_by_key(|e| e.range.start);
    let (shared, license) = shared_metadata(&document, workspace);
    Ok(Merged { cra: merge_one(parsed, shared), license, errors, failed_keys })
}

/// `[workspace.metadata.cra]` and the package's licence, read leniently (for the report of a
/// manifest that has mistakes): what does not parse is left out.
pub(super) fn shared_metadata(product: &toml::Table, workspace: Option<&ManifestFile>) -> (CraToml, Option<String>) {
    let workspace_table = match workspace.map(|w| w.text.parse::<toml::Table>()) {
        Some(Ok(table)) => table,
        _ => product.clone(),
    };
    let shared = workspace_table
        .get("workspace")
        .and_then(|w| w.get("metadata"))
        .and_then(|m| m.get("cra"))
        .and_then(|cra| cra.clone().try_into::<CraToml>().ok())
        .unwrap_or_default();
    let license = match product.get("package").and_then(|p| p.get("license")) {
        Some(toml::Value::String(expression)) => Some(expression.clone()),
        Some(_) => workspace_table
            .get("workspace")
            .and_then(|w| w.get("package"))
            .and_then(|p| p.get("license"))
            .and_then(toml::Value::as_str)
            .map(str::to_owned),
        None => None,
    };
    (shared, license)
}

/// Every key of `a`, and of `b` where `a` has none.
pub(super) fn merge_one(a: CraToml, b: CraToml) -> CraToml {
    merge!(
        a,
        b,
        name,
        product_type,
        identification,
        intended_purpose,
        essential_functions,
        category,
        procedure,
        foss_with_public_documentation,
        placed_on_market,
        support_end,
        support_justification,
        manufacturer,
        authorised_representative,
        importer,
        vulnerability_contact,
        cvd_policy_url,
        advisories_url,
        specifications,
        notified_body,
        other_union_legislation,
        ce_marking,
        declaration_url,
        instructions_url,
        sbom_url,
        download_url,
        technical_support,
        foreseeable_risks,
        signature,
        security_properties,
        technical_documentation_url,
        source_code_url,
        risk_assessment,
        not_applicable,
        delegated_act,
        expected_use_time,
        support_reasoning,
        instructions,
        security_txt,
        vulnerability_records,
        audit,
        audit_max_age_days,
        signing_key_env
    )
}

/// Every required key that is missing: the key, and an error at the `[package.metadata.cra]`
/// header.
pub(super) fn required_errors(product: &ManifestFile, m: &CraToml) -> Vec<(String, SourceError)> {
    let required: [(bool, &str, &str); 7] = [
        (
            m.product_type.is_some(),
            "type",
            "the product type, as on the product and in the simplified declaration (Annex II point 3; Annex VI)",
        ),
        (
            m.intended_purpose.is_some(),
            "intended-purpose",
            "what the product is for, including its security environment (Annex II point 4)",
        ),
        (
            m.category.is_some(),
            "category",
            "`default`, or the Annex III/IV item of the product's core functionality, e.g. `III.I.17`",
        ),
        (
            m.procedure.is_some(),
            "procedure",
            "the conformity assessment procedure, e.g. `module_a` or `module_b_plus_c` (Art. 32)",
        ),
        (
            m.placed_on_market.is_some(),
            "placed-on-market",
            "the date the product is (to be) first placed on the market, `YYYY-MM-DD`",
        ),
        (m.support_end.is_some(), "support-end", "the last month of support, `YYYY-MM` (Art. 13(19))"),
        (
            m.manufacturer.is_some(),
            "manufacturer",
            "a table with `name`, `postal-address`, `contact` (Annex II point 1)",
        ),
    ];
    required
        .iter()
        .filter(|(present, ..)| !present)
        .map(|(_, key, help)| ((*key).to_owned(), missing_key(product, key, help)))
        .collect()
}

/// The declaration from complete metadata.
pub(super) fn to_declaration(m: CraToml, package_name: &str, version: &str) -> Declaration {
    let (Some(category), Some(procedure), Some(placed_on_market), Some(end), Some(manufacturer)) =
        (m.category, m.procedure, m.placed_on_market, m.support_end, m.manufacturer)
    else {
        unreachable!("required keys are checked before");
    };
    let mut declaration = Declaration::new(
        Product {
            name: m.name.unwrap_or_else(|| package_name.to_owned()),
            product_type: m.product_type.unwrap_or_default(),
            identification: m.identification.unwrap_or_else(|| format!("{package_name} {version}")),
            version: version.to_owned(),
            intended_purpose: m.intended_purpose.unwrap_or_default(),
            essential_functions: m.essential_functions.unwrap_or_default(),
            security_properties: m.security_properties.unwrap_or_default(),
            license: None,
        },
        manufacturer.into(),
        category,
        procedure,
        SupportPeriod {
            placed_on_market,
            end,
            shorter_period_justification: m.support_justification,
            expected_use_time: m.expected_use_time,
            reasoning: m.support_reasoning.unwrap_or_default(),
        },
    );
    declaration.technical_documentation_url = m.technical_documentation_url;
    declaration.source_code_url = m.source_code_url;
    declaration.risk_assessment = m.risk_assessment.map(location);
    declaration.not_applicable = m
        .not_applicable
        .unwrap_or_default()
        .into_iter()
        .map(|(AnyRequirement(requirement), n)| {
            (
                requirement,
                ProductNotApplicable { justification: n.justification, risk_assessment: location(n.risk_assessment) },
            )
        })
        .collect();
    declaration.delegated_act = m.delegated_act.map(|act| DelegatedAct {
        reference: act.reference,
        level: act.level,
        requirements: act.requirements.into_iter().map(|AnyRequirement(r)| r).collect(),
    });
    declaration.authorised_representative = m.authorised_representative.map(Party::from);
    declaration.importer = m.importer.map(Party::from);
    declaration.vulnerability_handling = VulnerabilityHandling {
        single_point_of_contact: m.vulnerability_contact,
        cvd_policy_url: m.cvd_policy_url,
        advisories_url: m.advisories_url,
    };
    declaration.foss_with_public_documentation = m.foss_with_public_documentation.unwrap_or(false);
    declaration.specifications = m
        .specifications
        .unwrap_or_default()
        .into_iter()
        .map(|s| AppliedSpecification {
            kind: s.kind,
            reference: s.reference,
            level: s.level,
            certificate: s.certificate,
            coverage: s.coverage,
            parts_applied: s.parts_applied,
        })
        .collect();
    declaration.notified_body =
        m.notified_body.map(|b| NotifiedBody { name: b.name, number: b.number, certificate: b.certificate });
    declaration.other_union_legislation = m.other_union_legislation.unwrap_or_default();
    declaration.ce_marking = m.ce_marking;
    declaration.user_information = UserInformation {
        foreseeable_risks: m.foreseeable_risks.unwrap_or_default(),
        declaration_url: m.declaration_url,
        technical_support: m.technical_support,
        instructions_url: m.instructions_url,
        instructions: m.instructions.unwrap_or_default(),
        sbom_url: m.sbom_url,
        download_url: m.download_url,
    };
    declaration.signature = m.signature.map(|s| Signature {
        signed_for: s.signed_for,
        place: s.place,
        date: s.date,
        name: s.name,
        function: s.function,
        additional_information: s.additional_information,
    });
    declaration
}

pub(super) fn missing_key(product: &ManifestFile, key: &str, help: &str) -> SourceError {
    let header = "[package.metadata.cra]";
    let start = product.text.find(header).unwrap_or(0);
    let end = if product.text.contains(header) { start + header.len() } else { 0 };
    SourceError {
        path: product.path.clone(),
        source: product.text.clone(),
        range: start..end,
        message: format!("missing key `{key}` in `[package.metadata.cra]` (or `[workspace.metadata.cra]`)"),
        help: Some(format!("add `{key} = ...`: {help}")),
        code: None,
    }
}
