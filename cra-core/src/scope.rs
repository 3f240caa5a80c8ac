//! Scope assessment: is a product a product with digital elements made available on the market,
//! and is it excluded by Art. 2(2)–(7)?
//!
//! The model takes facts the manufacturer establishes and returns the conclusion with every
//! reason and article. It does not decide the facts: whether supply is "in the course of a
//! commercial activity" (Art. 3(22), recitals 15–16) or whether a product is a sector product is
//! the manufacturer's judgement.

use serde::{Deserialize, Serialize};

/// What the product is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
    /// A hardware product with its software (Art. 3(1)).
    Hardware,
    /// A software product (Art. 3(1)).
    Software,
    /// Remote data processing designed by the manufacturer without which a product would lose a
    /// function, such as an app's back end (Art. 3(2)); it is part of that product, not a product
    /// of its own.
    RemoteDataProcessing,
    /// A stand-alone service (SaaS, PaaS, IaaS, a website) that supports no product function;
    /// covered by NIS2 instead (recital 12).
    StandaloneService,
}

/// An exclusion of Art. 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Exclusion {
    /// Medical device under Reg. (EU) 2017/745 (Art. 2(2)(a)).
    MedicalDevice,
    /// In vitro diagnostic medical device under Reg. (EU) 2017/746 (Art. 2(2)(b)).
    InVitroDiagnostic,
    /// Type-approved under Reg. (EU) 2019/2144, motor vehicles (Art. 2(2)(c)).
    MotorVehicle,
    /// Certified under Reg. (EU) 2018/1139, civil aviation (Art. 2(3)).
    CertifiedCivilAviation,
    /// Marine equipment under Directive 2014/90/EU (Art. 2(4)).
    MarineEquipment,
    /// Spare part replacing an identical component, made to the same specifications (Art. 2(6)).
    IdenticalSparePart,
    /// Developed or modified exclusively for national security or defence purposes (Art. 2(7)).
    ExclusivelyNationalSecurityOrDefence,
    /// Designed to process classified information (Art. 2(7)).
    ClassifiedInformation,
}

impl Exclusion {
    /// The article.
    pub fn reference(self) -> &'static str {
        match self {
            Exclusion::MedicalDevice => "Art. 2(2)(a)",
            Exclusion::InVitroDiagnostic => "Art. 2(2)(b)",
            Exclusion::MotorVehicle => "Art. 2(2)(c)",
            Exclusion::CertifiedCivilAviation => "Art. 2(3)",
            Exclusion::MarineEquipment => "Art. 2(4)",
            Exclusion::IdenticalSparePart => "Art. 2(6)",
            Exclusion::ExclusivelyNationalSecurityOrDefence | Exclusion::ClassifiedInformation => "Art. 2(7)",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Exclusion::MedicalDevice => "medical devices under Regulation (EU) 2017/745 are excluded",
            Exclusion::InVitroDiagnostic => {
                "in vitro diagnostic medical devices under Regulation (EU) 2017/746 are excluded"
            }
            Exclusion::MotorVehicle => "products type-approved under Regulation (EU) 2019/2144 are excluded",
            Exclusion::CertifiedCivilAviation => "products certified under Regulation (EU) 2018/1139 are excluded",
            Exclusion::MarineEquipment => "marine equipment under Directive 2014/90/EU is excluded",
            Exclusion::IdenticalSparePart => {
                "spare parts replacing identical components made to the same specifications are excluded"
            }
            Exclusion::ExclusivelyNationalSecurityOrDefence => {
                "products developed or modified exclusively for national security or defence purposes are excluded"
            }
            Exclusion::ClassifiedInformation => "products designed to process classified information are excluded",
        }
    }
}

/// The facts of a scope assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScopeFacts {
    /// What the product is.
    pub kind: ProductKind,
    /// Its intended or reasonably foreseeable use includes a direct or indirect, logical or
    /// physical data connection to a device or network (Art. 2(1)).
    pub data_connection: bool,
    /// It is supplied in the course of a commercial activity, paid or free (Art. 3(22); recitals
    /// 15–16). Non-commercial free and open-source software is not made available (recitals
    /// 17–18).
    pub commercial_activity: bool,
    /// Exclusions that apply.
    #[serde(default)]
    pub exclusions: Vec<Exclusion>,
}

/// One reason of a scope conclusion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScopeReason {
    /// The reason in words.
    pub reason: String,
    /// The article.
    pub reference: String,
}

/// The conclusion of a scope assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScopeAssessment {
    /// Whether the CRA applies to the product.
    pub in_scope: bool,
    /// Every reason for the conclusion; when out of scope, every ground that excludes it.
    pub reasons: Vec<ScopeReason>,
}

fn reason(reason: &str, reference: &str) -> ScopeReason {
    ScopeReason { reason: reason.to_owned(), reference: reference.to_owned() }
}

/// Assesses scope from the facts.
pub fn assess_scope(facts: &ScopeFacts) -> ScopeAssessment {
    let mut out_of_scope = Vec::new();
    if facts.kind == ProductKind::StandaloneService {
        out_of_scope.push(reason(
            "a stand-alone service that supports no product function is not a product with digital elements; NIS2 covers it",
            "Art. 3(1)–(2); recital 12",
        ));
    }
    if !facts.data_connection {
        out_of_scope.push(reason(
            "its intended or reasonably foreseeable use includes no data connection to a device or network",
            "Art. 2(1)",
        ));
    }
    if !facts.commercial_activity {
        out_of_scope.push(reason(
            "it is not supplied in the course of a commercial activity, so it is not made available on the market",
            "Art. 3(22); recitals 15–18",
        ));
    }
    let mut exclusions = facts.exclusions.clone();
    exclusions.sort();
    exclusions.dedup();
    for exclusion in exclusions {
        out_of_scope.push(reason(exclusion.describe(), exclusion.reference()));
    }
    if !out_of_scope.is_empty() {
        return ScopeAssessment { in_scope: false, reasons: out_of_scope };
    }
    let mut reasons = vec![reason(
        "a product with digital elements with a data connection, made available in the course of a commercial activity, and no exclusion of Art. 2(2)–(7) applies",
        "Art. 2(1); Art. 3(1); Art. 3(22)",
    )];
    if facts.kind == ProductKind::RemoteDataProcessing {
        reasons.push(reason(
            "remote data processing is in scope as part of the product it serves, not on its own: declare it as a component of that product",
            "Art. 3(1)–(2)",
        ));
    }
    ScopeAssessment { in_scope: true, reasons }
}
