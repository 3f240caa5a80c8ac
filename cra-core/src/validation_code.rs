//! The stable codes of validation problems: one per rule.
//!
//! A code names a rule, not a place: a rule checked in several places (a product statement and a
//! component claim, say) reports the same code from each. The strings are a stable public format
//! (declarations, gap reports, build diagnostics and SARIF carry them); `docs/errors.md` describes
//! every one with its cause, fix and legal reference.

use std::str::FromStr;

/// Declares the enum, its strings and [`ValidationCode::ALL`] from one list.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident => $code:literal,)+) => {
        /// The code of a validation [`Problem`](crate::validate::Problem): one variant per rule.
        ///
        /// Serialized as its snake_case string ([`ValidationCode::as_str`]), which never changes.
        /// New rules may add variants.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ValidationCode {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl ValidationCode {
            /// Every code, in the order they are listed here.
            pub const ALL: &'static [ValidationCode] = &[$(ValidationCode::$variant,)+];

            /// What the rule checks, in one sentence with its legal reference: the code's
            /// documentation (SARIF's short description of the rule).
            pub fn summary(self) -> &'static str {
                match self {
                    $(ValidationCode::$variant => concat!($($doc),+).trim_ascii_start(),)+
                }
            }

            /// The stable string, e.g. `forbidden_procedure`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ValidationCode::$variant => $code,)+
                }
            }
        }
    };
}

codes! {
    /// `schema_version` is not the document format version this library validates.
    UnsupportedSchemaVersion => "unsupported_schema_version",
    /// `catalogue_version` is not the requirement catalogue this library encodes.
    UnknownCatalogueVersion => "unknown_catalogue_version",
    /// The manufacturer's name is missing (Annex II point 1; Annex V point 2).
    MissingManufacturerName => "missing_manufacturer_name",
    /// The manufacturer's postal address is missing (Annex II point 1; Art. 13(16)).
    MissingManufacturerPostalAddress => "missing_manufacturer_postal_address",
    /// The manufacturer's email address or other digital contact is missing (Annex II point 1;
    /// Art. 13(16)).
    MissingManufacturerContact => "missing_manufacturer_contact",
    /// No single point of contact for reporting vulnerabilities (Art. 13(17)).
    MissingVulnerabilityContact => "missing_vulnerability_contact",
    /// No coordinated vulnerability disclosure policy (Annex I Part II(5)).
    MissingCvdPolicy => "missing_cvd_policy",
    /// The conformity assessment procedure is not allowed for the product (Art. 32).
    ForbiddenProcedure => "forbidden_procedure",
    /// Module B + C or Module H without a notified body (Annex V point 7).
    MissingNotifiedBody => "missing_notified_body",
    /// Module B + C or Module H without the certificate the notified body issued: the EU-type
    /// examination certificate or the approval of the quality system (a gap; Annex V point 7).
    CertificateNotIssued => "certificate_not_issued",
    /// The European cybersecurity certification route names no scheme (Art. 32(1)(d)).
    MissingCertificationScheme => "missing_certification_scheme",
    /// A certification scheme cra-rs does not know (a warning; Art. 27(9)).
    UnknownCertificationScheme => "unknown_certification_scheme",
    /// The importer lacks its name, postal address or digital contact (Art. 19(4)).
    IncompleteImporter => "incomplete_importer",
    /// An act of `other_union_legislation` without its Official Journal reference (a gap;
    /// Art. 28(3); Annex V point 5).
    MissingOjReference => "missing_oj_reference",
    /// Where the CE marking is affixed is not said (a gap; Art. 30(1)).
    MissingCeMarking => "missing_ce_marking",
    /// The certification route names no delegated act under Art. 27(9) (or Art. 8(1)) that
    /// specifies its scheme (a gap).
    SchemeNotDesignated => "scheme_not_designated",
    /// The certification route does not identify the certificate (Annex V point 7).
    MissingCertificate => "missing_certificate",
    /// A delegated act under Art. 8(1) without a reference.
    MissingDelegatedActReference => "missing_delegated_act_reference",
    /// A delegated act under Art. 8(1) at an assurance level below `substantial`.
    DelegatedActLevelTooLow => "delegated_act_level_too_low",
    /// The product relies on Art. 32(5) but is not free and open-source with public technical
    /// documentation.
    FossRouteUnsupported => "foss_route_unsupported",
    /// The support period ends before the product is placed on the market (Art. 13(8)).
    SupportEndBeforePlacing => "support_end_before_placing",
    /// A support period under five years without a justification (Art. 13(8)).
    SupportPeriodTooShort => "support_period_too_short",
    /// A support period under five years without the expected use time it must equal
    /// (Art. 13(8)).
    MissingExpectedUseTime => "missing_expected_use_time",
    /// The support period ends before the expected use time is over: an error under five years,
    /// a warning from five years (Art. 13(8)).
    SupportPeriodShorterThanUseTime => "support_period_shorter_than_use_time",
    /// Placed on the market before the regulation applies (a warning; Art. 69(2)).
    PlacedBeforeApplication => "placed_before_application",
    /// A requirement that always applies is declared not applicable, by the product or by a
    /// component (Art. 13(3)–(4)).
    NotApplicableAlwaysApplies => "not_applicable_always_applies",
    /// A requirement is declared not applicable without a justification, by the product or by a
    /// component (Art. 13(4)).
    NotApplicableWithoutJustification => "not_applicable_without_justification",
    /// The product declares a requirement not applicable that a component addresses (a warning;
    /// Art. 13(3)–(4)).
    NotApplicableButAddressed => "not_applicable_but_addressed",
    /// An evidence or risk-assessment location that is neither a relative path nor an http(s)
    /// URL (Annex VII).
    MalformedEvidenceLocation => "malformed_evidence_location",
    /// No cybersecurity risk assessment (Art. 13(2)–(4); Annex VII point 3).
    MissingRiskAssessment => "missing_risk_assessment",
    /// The detailed instructions of Annex II point 8 are neither linked nor complete (a warning).
    IncompleteInstructions => "incomplete_instructions",
    /// The product's security properties are not listed (a warning; Annex II point 4).
    MissingSecurityProperties => "missing_security_properties",
    /// The type of technical security support is not stated (a warning; Annex II point 7).
    MissingTechnicalSupport => "missing_technical_support",
    /// Two components with the same name (Annex VII point 2(a)).
    DuplicateComponent => "duplicate_component",
    /// A component depends on a name that is not a component of the product (Annex VII
    /// point 2(a)).
    UnknownDependency => "unknown_dependency",
    /// A component claims the same requirement twice (Annex VII point 3).
    DuplicateClaim => "duplicate_claim",
    /// A claim addressed (or partially addressed) without evidence (Art. 31; Annex VII).
    AddressedWithoutEvidence => "addressed_without_evidence",
    /// A partially addressed claim that does not say what is missing (Art. 31; Annex VII).
    PartialWithoutMissing => "partial_without_missing",
    /// An applicable requirement no component addresses (a gap; Annex I).
    UnaddressedRequirement => "unaddressed_requirement",
    /// A requirement only partially addressed (a gap; Annex I).
    PartiallyAddressed => "partially_addressed",
    /// A value is still a placeholder (`FILL IN`, as `cargo cra init` writes them): an error,
    /// whatever the field (Art. 28(1)).
    Placeholder => "placeholder",
    /// A contact or URL on a reserved example domain (RFC 2606, RFC 6761: `.example`,
    /// `.invalid`, `.test`, `.localhost`, `example.com`, …): a warning (Art. 13(16)–(17)).
    ReservedDomain => "reserved_domain",
    /// A known vulnerability of this version, or an audit that does not show there is none (a
    /// gap; Annex I Part I(2)(a), Part II(1)–(2)).
    KnownVulnerability => "known_vulnerability",
    /// The document says `complete`, but it is a draft (a warning; Art. 28(1)).
    StatusMismatch => "status_mismatch",
    /// The declaration has no signature yet (a warning; Annex V point 8; Art. 28(4)).
    UnsignedDeclaration => "unsigned_declaration",
}

string_id!(
    ValidationCode,
    display = ValidationCode::as_str,
    expecting = "a validation code as a string, e.g. \"forbidden_procedure\""
);

/// A string that is not a validation code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a validation code")]
pub struct UnknownCode(String);

impl UnknownCode {
    /// The text that was refused.
    pub fn text(&self) -> &str {
        &self.0
    }
}

impl FromStr for ValidationCode {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ValidationCode::ALL.iter().copied().find(|c| c.as_str() == s).ok_or_else(|| UnknownCode(s.to_owned()))
    }
}

impl PartialEq<str> for ValidationCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ValidationCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// So that a [`Problem::code`](crate::validate::Problem::code) compares with a code:
/// `problem.code == ValidationCode::ForbiddenProcedure`.
impl PartialEq<ValidationCode> for String {
    fn eq(&self, other: &ValidationCode) -> bool {
        self.as_str() == other.as_str()
    }
}

/// Ordered by the stable string, as problems were sorted when the code was one: reports keep
/// their order whatever order the variants are listed in.
impl PartialOrd for ValidationCode {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ValidationCode {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// In a JSON Schema, one of the stable strings.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for ValidationCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ValidationCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = ValidationCode::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({
            "description": "The code of a validation problem: one per rule (docs/errors.md).",
            "type": "string",
            "enum": codes,
        })
    }
}
