//! Conformity assessment procedures (Art. 32) and which of them a product may use.
//!
//! The rules, each returned with the article that justifies it:
//! - default category: Module A, Module B+C, Module H or a European cybersecurity certification
//!   scheme (Art. 32(1));
//! - important Class I: any of those when harmonised standards, common specifications or a
//!   European cybersecurity certificate at assurance level "substantial" or higher cover every
//!   applicable essential requirement **in full**; otherwise Module B+C or H (Art. 32(2));
//! - important Class II: Module B+C, Module H, or a certificate at "substantial" or higher;
//!   never Module A (Art. 32(3));
//! - critical (Annex IV): the certificate required by a delegated act under Art. 8(1); without
//!   such an act, the Class II routes (Art. 32(4), Art. 8(1));
//! - free and open-source software in an **Annex III** category whose technical documentation is
//!   public: any Art. 32(1) route, Module A included (Art. 32(5)); this does not extend to Annex IV.
//!
//! Module B and Module C are never valid alone: they form one route, [`ProcedureKind::ModuleBPlusC`].
//! The CRA has no modules D, E, F or G.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::catalogue::{Category, Class, RequirementId};
pub use crate::catalogue::{PROCEDURES, ProcedureInfo, ProcedureKind};

/// Assurance level of a European cybersecurity certificate (Reg. (EU) 2019/881 Art. 52).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssuranceLevel {
    /// "basic".
    Basic,
    /// "substantial": the minimum for Class I Module A coverage, Class II and critical products.
    Substantial,
    /// "high".
    High,
}

/// `Procedure` and, for the JSON Schema, its document shape `ProcedureShape`: the same variants
/// written once, the shape without the `try_from` that reading uses.
macro_rules! procedure_and_its_shape {
    ($($variants:tt)*) => {
        /// The procedure a manufacturer chose, with its parameters.
        ///
        /// Read through a plain struct, so that a newer document's unknown fields
        /// inside it are reported by path instead of being buffered away by an internally tagged enum.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case", try_from = "RawProcedure")]
        #[non_exhaustive]
        pub enum Procedure {
            $($variants)*
        }

        /// The procedure a manufacturer chose, with its parameters.
        #[cfg(feature = "schema")]
        #[derive(schemars::JsonSchema)]
        #[schemars(rename = "Procedure", deny_unknown_fields)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        #[expect(dead_code, reason = "only its schema is used")]
        enum ProcedureShape {
            $($variants)*
        }
    };
}

procedure_and_its_shape! {
    /// Module A.
    ModuleA,
    /// Module B + C.
    ModuleBPlusC,
    /// Module H.
    ModuleH,
    /// A European cybersecurity certification scheme.
    EuCertification {
        /// The scheme, e.g. `EUCC` (Impl. Reg. (EU) 2024/482); another scheme is accepted with a
        /// warning.
        scheme: String,
        /// The assurance level of the certificate.
        level: AssuranceLevel,
        /// The certificate's identification (Annex V point 7); validation requires it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        certificate: Option<String>,
        /// The delegated act under Art. 27(9) that specifies the scheme for this route (or, for
        /// a critical product, the Art. 8(1) act in `delegated_act`). A scheme counts for the
        /// route only through such an act; without one named the declaration is a draft, and
        /// cra-rs does not presume that any scheme (EUCC included) has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        designated_by: Option<String>,
    },
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Procedure {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        ProcedureShape::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ProcedureShape::json_schema(generator)
    }
}

/// A procedure as read: a plain struct, so that field paths and unknown fields stay visible.
#[derive(Deserialize)]
struct RawProcedure {
    kind: ProcedureKind,
    scheme: Option<String>,
    level: Option<AssuranceLevel>,
    certificate: Option<String>,
    designated_by: Option<String>,
}

impl TryFrom<RawProcedure> for Procedure {
    type Error = String;

    fn try_from(raw: RawProcedure) -> Result<Self, Self::Error> {
        let RawProcedure { kind, scheme, level, certificate, designated_by } = raw;
        Procedure::from_parts(kind, CertificationParts { scheme, level, certificate, designated_by })
    }
}

/// The fields only `eu_certification` takes, as read.
#[derive(Debug, Default)]
pub(crate) struct CertificationParts {
    pub(crate) scheme: Option<String>,
    pub(crate) level: Option<AssuranceLevel>,
    pub(crate) certificate: Option<String>,
    pub(crate) designated_by: Option<String>,
}

impl Procedure {
    /// A procedure from its kind and the certification parameters, which only
    /// `eu_certification` takes.
    pub(crate) fn from_parts(kind: ProcedureKind, parts: CertificationParts) -> Result<Procedure, String> {
        let CertificationParts { scheme, level, certificate, designated_by } = parts;
        let only_certification =
            |field: &str| format!("field `{field}` belongs to `eu_certification` only, not to `{}`", kind_name(kind));
        match kind {
            ProcedureKind::EuCertification => Ok(Procedure::EuCertification {
                scheme: scheme.ok_or("`eu_certification` needs the field `scheme`, e.g. `EUCC`")?,
                level: level.ok_or("`eu_certification` needs the field `level`: `basic`, `substantial` or `high`")?,
                certificate,
                designated_by,
            }),
            _ if scheme.is_some() => Err(only_certification("scheme")),
            _ if level.is_some() => Err(only_certification("level")),
            _ if certificate.is_some() => Err(only_certification("certificate")),
            _ if designated_by.is_some() => Err(only_certification("designated-by")),
            ProcedureKind::ModuleA => Ok(Procedure::ModuleA),
            ProcedureKind::ModuleBPlusC => Ok(Procedure::ModuleBPlusC),
            ProcedureKind::ModuleH => Ok(Procedure::ModuleH),
        }
    }
}

fn kind_name(kind: ProcedureKind) -> &'static str {
    match kind {
        ProcedureKind::ModuleA => "module_a",
        ProcedureKind::ModuleBPlusC => "module_b_plus_c",
        ProcedureKind::ModuleH => "module_h",
        ProcedureKind::EuCertification => "eu_certification",
    }
}

impl Procedure {
    /// The kind without parameters.
    pub fn kind(&self) -> ProcedureKind {
        match self {
            Procedure::ModuleA => ProcedureKind::ModuleA,
            Procedure::ModuleBPlusC => ProcedureKind::ModuleBPlusC,
            Procedure::ModuleH => ProcedureKind::ModuleH,
            Procedure::EuCertification { .. } => ProcedureKind::EuCertification,
        }
    }
}

/// European cybersecurity certification schemes known by name, with their legal act.
pub const KNOWN_SCHEMES: &[(&str, &str)] = &[("EUCC", "Implementing Regulation (EU) 2024/482")];

/// The legal act of a known certification scheme, by its name (case-insensitive).
pub fn scheme_act(scheme: &str) -> Option<&'static str> {
    KNOWN_SCHEMES.iter().find(|(name, _)| name.eq_ignore_ascii_case(scheme.trim())).map(|(_, act)| *act)
}

/// How far harmonised standards, common specifications or certification cover one essential
/// requirement (Art. 27; Annex VII point 5: "in full or in part").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Not covered.
    #[default]
    None,
    /// Covered in part.
    Partial,
    /// Covered in full.
    Full,
}

/// The facts that decide which procedures a product may use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssessmentFacts {
    /// The product's category.
    pub category: Category,
    /// Coverage of each essential requirement by harmonised standards, common specifications or
    /// certificates at "substantial" or higher; a requirement that is absent is not covered.
    pub coverage: BTreeMap<RequirementId, Coverage>,
    /// Requirements the manufacturer declared not applicable (only Part I(2) items count).
    pub not_applicable: BTreeSet<RequirementId>,
    /// The product is free and open-source software whose technical documentation is public
    /// (Art. 32(5)).
    pub foss_with_public_documentation: bool,
    /// The product's licence is free and open-source, whether or not the documentation is
    /// public yet: a refusal then points to Art. 32(5).
    pub open_source_license: bool,
    /// A delegated act under Art. 8(1) requires certification for this critical product.
    pub certification_required_by_delegated_act: bool,
    /// The assurance level that act requires, when known (at least "substantial").
    pub delegated_act_level: Option<AssuranceLevel>,
}

impl AssessmentFacts {
    /// Applicable requirements not covered in full, in catalogue order.
    pub fn not_fully_covered(&self) -> Vec<RequirementId> {
        RequirementId::ALL
            .iter()
            .copied()
            .filter(|r| r.always_applies() || !self.not_applicable.contains(r))
            .filter(|r| self.coverage.get(r).copied().unwrap_or_default() != Coverage::Full)
            .collect()
    }
}

/// One procedure a product may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Allowance {
    /// The procedure.
    pub procedure: ProcedureKind,
    /// For certification: the lowest assurance level accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_level: Option<AssuranceLevel>,
}

/// Which procedures a product may use, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Ruling {
    /// The allowed procedures.
    pub allowed: Vec<Allowance>,
    /// Why, in words.
    pub reason: String,
    /// The article that justifies it.
    pub reference: String,
    /// For Class I: the applicable requirements that standards, specifications or certificates do
    /// not cover in full, which is why Module A is not available.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub not_fully_covered: Vec<RequirementId>,
}

/// A chosen procedure the product may not use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{procedure} is not allowed for this product: {reason} ({reference})")]
pub struct ProcedureNotAllowed {
    /// The chosen procedure.
    pub procedure: ProcedureKind,
    /// Why not.
    pub reason: String,
    /// The article.
    pub reference: String,
}

/// Whether an SPDX licence expression is free and open-source for Art. 32(5): it parses and is
/// satisfied by licences that the SPDX licence list marks OSI-approved or FSF free/libre (an
/// `OR` needs one such side, an `AND` both). `LicenseRef-*` and unknown identifiers are not.
pub fn is_free_open_source(expression: &str) -> bool {
    let Ok(expression) = spdx::Expression::parse_mode(expression, spdx::ParseMode::LAX) else {
        return false;
    };
    expression.evaluate(|requirement| match requirement.license {
        spdx::LicenseItem::Spdx { id, .. } => id.is_osi_approved() || id.is_fsf_free_libre(),
        spdx::LicenseItem::Other(_) => false,
    })
}

fn allow(procedure: ProcedureKind, minimum_level: Option<AssuranceLevel>) -> Allowance {
    Allowance { procedure, minimum_level }
}

fn all_art_32_1_routes() -> Vec<Allowance> {
    vec![
        allow(ProcedureKind::ModuleA, None),
        allow(ProcedureKind::ModuleBPlusC, None),
        allow(ProcedureKind::ModuleH, None),
        allow(ProcedureKind::EuCertification, None),
    ]
}

fn class_ii_routes() -> Vec<Allowance> {
    vec![
        allow(ProcedureKind::ModuleBPlusC, None),
        allow(ProcedureKind::ModuleH, None),
        allow(ProcedureKind::EuCertification, Some(AssuranceLevel::Substantial)),
    ]
}

/// The procedures a product may use (Art. 32; Art. 8(1)).
pub fn allowed_procedures(facts: &AssessmentFacts) -> Ruling {
    let category = facts.category;
    let ruling = |allowed, reason: String, reference: &str| Ruling {
        allowed,
        reason,
        reference: reference.to_owned(),
        not_fully_covered: Vec::new(),
    };
    match category.class() {
        Class::Default => ruling(
            all_art_32_1_routes(),
            "a product in the default category may use any procedure of Art. 32(1)".into(),
            "Art. 32(1)",
        ),
        Class::ImportantClassI | Class::ImportantClassII if facts.foss_with_public_documentation => ruling(
            all_art_32_1_routes(),
            format!(
                "free and open-source software in Annex III category {category} whose technical documentation is public may use any procedure of Art. 32(1)"
            ),
            "Art. 32(5)",
        ),
        Class::ImportantClassI => {
            let not_fully_covered = facts.not_fully_covered();
            if not_fully_covered.is_empty() {
                ruling(
                    all_art_32_1_routes(),
                    format!(
                        "important product of Class I ({category}) with every applicable essential requirement covered in full by harmonised standards, common specifications or a certificate at level `substantial` or higher"
                    ),
                    "Art. 32(1)–(2)",
                )
            } else {
                Ruling {
                    not_fully_covered: not_fully_covered.clone(),
                    ..ruling(
                        vec![allow(ProcedureKind::ModuleBPlusC, None), allow(ProcedureKind::ModuleH, None)],
                        format!(
                            "important product of Class I ({category}) whose applicable essential requirements are not all covered in full by harmonised standards, common specifications or a certificate at level `substantial` or higher (not in full: {})",
                            join_ids(&not_fully_covered)
                        ),
                        "Art. 32(2)",
                    )
                }
            }
        }
        Class::ImportantClassII => ruling(
            class_ii_routes(),
            if facts.open_source_license {
                format!(
                    "important product of Class II ({category}) may not use Module A; its licence is free and open-source, so Module A becomes available under Art. 32(5) once its technical documentation is public and `foss-with-public-documentation` is set"
                )
            } else {
                format!("important product of Class II ({category}) may not use Module A")
            },
            "Art. 32(3)",
        ),
        Class::Critical if facts.certification_required_by_delegated_act => ruling(
            vec![allow(
                ProcedureKind::EuCertification,
                Some(facts.delegated_act_level.unwrap_or(AssuranceLevel::Substantial).max(AssuranceLevel::Substantial)),
            )],
            format!(
                "critical product ({category}) for which a delegated act under Art. 8(1) requires a European cybersecurity certificate"
            ),
            "Art. 8(1); Art. 32(4)(a)",
        ),
        Class::Critical => ruling(
            class_ii_routes(),
            format!(
                "critical product ({category}) without a delegated act under Art. 8(1): the Class II procedures apply; the FOSS exception of Art. 32(5) covers Annex III only"
            ),
            "Art. 8(1); Art. 32(4)(b)",
        ),
    }
}

/// Checks that the chosen procedure is allowed; the error says why not and cites the article.
pub fn check_procedure(facts: &AssessmentFacts, chosen: &Procedure) -> Result<Ruling, ProcedureNotAllowed> {
    let ruling = allowed_procedures(facts);
    let not_allowed =
        |reason: String| ProcedureNotAllowed { procedure: chosen.kind(), reason, reference: ruling.reference.clone() };
    let Some(allowance) = ruling.allowed.iter().find(|a| a.procedure == chosen.kind()) else {
        let allowed: Vec<String> = ruling.allowed.iter().map(|a| a.procedure.to_string()).collect();
        return Err(not_allowed(format!("{}; allowed: {}", ruling.reason, allowed.join("; "))));
    };
    if let (Procedure::EuCertification { level, .. }, Some(minimum)) = (chosen, allowance.minimum_level)
        && *level < minimum
    {
        return Err(not_allowed(format!(
            "{}; a certificate must be at assurance level `{}` or higher, not `{}`",
            ruling.reason,
            level_name(minimum),
            level_name(*level)
        )));
    }
    Ok(ruling)
}

pub(crate) fn level_name(level: AssuranceLevel) -> &'static str {
    match level {
        AssuranceLevel::Basic => "basic",
        AssuranceLevel::Substantial => "substantial",
        AssuranceLevel::High => "high",
    }
}

pub(crate) fn join_ids(ids: &[RequirementId]) -> String {
    ids.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
}

/// What the notified body of a route issues, which Annex V point 7 identifies: the EU-type
/// examination certificate under Module B (Annex VIII Part II point 6), the approval of the
/// quality system under Module H (Annex VIII Part IV point 3); none for the other routes.
pub fn notified_body_certificate(kind: ProcedureKind) -> Option<&'static str> {
    match kind {
        ProcedureKind::ModuleBPlusC => Some("EU-type examination certificate"),
        ProcedureKind::ModuleH => Some("approval of the quality system"),
        _ => None,
    }
}
