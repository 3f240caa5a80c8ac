//! The essential requirements of Annex I: Part I (product properties) and Part II (vulnerability handling).
//!
//! Each requirement has a stable ID that mirrors the annex numbering (`I.1`, `I.2.a` … `I.2.m`,
//! `II.1` … `II.8`) and a snake_case symbolic name for use in `#[cra(...)]` attributes. The IDs
//! never change meaning: an amendment of the act produces a new catalogue version
//! (`cra_core::catalogue::CATALOGUE_VERSION`), not an edit of an existing entry.

use std::fmt;
use std::str::FromStr;

/// Which part of Annex I a requirement belongs to.
///
/// Part I concerns the product, Part II the manufacturer's processes; a substantial modification
/// is judged against Part I only (Art. 3(30)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Part {
    /// Annex I Part I: cybersecurity properties of the product.
    I,
    /// Annex I Part II: vulnerability handling.
    II,
}

/// Whether a requirement may be declared not applicable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Applicability {
    /// Applies to every product: Annex I Part I(1) and all of Part II.
    Always,
    /// Applies "where applicable" per the risk assessment (Annex I Part I(2)); declaring it not
    /// applicable needs a justification in the technical documentation (Art. 13(3)–(4)).
    WhereApplicable,
}

/// One essential requirement of Annex I, as catalogue data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Requirement {
    /// Stable ID, e.g. `I.2.b`.
    pub id: &'static str,
    /// snake_case name usable in attributes instead of the ID, e.g. `secure_by_default`.
    pub name: &'static str,
    /// Annex I part.
    pub part: Part,
    /// Short title.
    pub title: &'static str,
    /// The requirement paraphrased in our own words (not the legal text).
    pub summary: &'static str,
    /// Where the law states it.
    pub reference: &'static str,
    /// Whether it may be declared not applicable.
    pub applicability: Applicability,
}

macro_rules! requirements {
    ($( $variant:ident = $id:literal, $name:literal, $part:ident, $appl:ident, $title:literal, $reference:literal, $summary:literal; )*) => {
        /// The stable identifier of one essential requirement of Annex I.
        ///
        /// Serialized as its ID string (`"I.2.d"`); parsed from the ID or the symbolic name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RequirementId {
            $(
                #[doc = concat!("`", $id, "` ", $title, " (", $reference, ").")]
                $variant,
            )*
        }

        impl RequirementId {
            /// Every requirement, in annex order.
            pub const ALL: &'static [RequirementId] = &[$(RequirementId::$variant),*];

            /// The Rust variant name, for generated code.
            #[doc(hidden)]
            pub fn variant_name(self) -> &'static str {
                match self {
                    $(RequirementId::$variant => stringify!($variant),)*
                }
            }

            /// The catalogue entry for this requirement.
            pub fn info(self) -> &'static Requirement {
                &REQUIREMENTS[self as usize]
            }
        }

        /// The catalogue of essential requirements, in annex order (index = `RequirementId as usize`).
        pub static REQUIREMENTS: &[Requirement] = &[$(
            Requirement {
                id: $id,
                name: $name,
                part: Part::$part,
                title: $title,
                summary: $summary,
                reference: $reference,
                applicability: Applicability::$appl,
            },
        )*];
    };
}

requirements! {
    I1 = "I.1", "appropriate_cybersecurity", I, Always,
        "Cybersecurity appropriate to the risks", "Annex I Part I(1)",
        "Design, develop and produce the product so that its level of cybersecurity fits the risks.";
    I2a = "I.2.a", "no_known_vulnerabilities", I, WhereApplicable,
        "No known exploitable vulnerabilities", "Annex I Part I(2)(a)",
        "Make the product available without known exploitable vulnerabilities.";
    I2b = "I.2.b", "secure_by_default", I, WhereApplicable,
        "Secure by default configuration", "Annex I Part I(2)(b)",
        "Ship a secure default configuration, with a way to reset the product to its original state.";
    I2c = "I.2.c", "security_updates", I, WhereApplicable,
        "Vulnerabilities addressed through security updates", "Annex I Part I(2)(c)",
        "Make vulnerabilities fixable by security updates, automatic by default where applicable, with opt-out, notification and postponement.";
    I2d = "I.2.d", "access_control", I, WhereApplicable,
        "Protection from unauthorised access", "Annex I Part I(2)(d)",
        "Protect against unauthorised access with authentication, identity or access management, and report possible unauthorised access.";
    I2e = "I.2.e", "confidentiality", I, WhereApplicable,
        "Confidentiality of data", "Annex I Part I(2)(e)",
        "Protect the confidentiality of stored, transmitted and processed data, e.g. by state-of-the-art encryption at rest and in transit.";
    I2f = "I.2.f", "integrity", I, WhereApplicable,
        "Integrity of data, commands, programs and configuration", "Annex I Part I(2)(f)",
        "Protect data, commands, programs and configuration against unauthorised manipulation, and report corruption.";
    I2g = "I.2.g", "data_minimisation", I, WhereApplicable,
        "Data minimisation", "Annex I Part I(2)(g)",
        "Process only data that is adequate, relevant and necessary for the intended purpose.";
    I2h = "I.2.h", "availability", I, WhereApplicable,
        "Availability of essential functions", "Annex I Part I(2)(h)",
        "Keep essential and basic functions available, also after an incident, including resilience against denial of service.";
    I2i = "I.2.i", "minimise_impact_on_others", I, WhereApplicable,
        "Minimal negative impact on other devices and networks", "Annex I Part I(2)(i)",
        "Minimise the product's own negative impact on the services of other devices or networks.";
    I2j = "I.2.j", "attack_surface", I, WhereApplicable,
        "Limited attack surfaces", "Annex I Part I(2)(j)",
        "Design the product to limit attack surfaces, including external interfaces.";
    I2k = "I.2.k", "exploitation_mitigation", I, WhereApplicable,
        "Exploitation mitigation", "Annex I Part I(2)(k)",
        "Reduce the impact of an incident with exploitation mitigation mechanisms and techniques.";
    I2l = "I.2.l", "security_monitoring", I, WhereApplicable,
        "Recording and monitoring of security-relevant activity", "Annex I Part I(2)(l)",
        "Record and monitor relevant internal activity, such as access to or changes of data, services or functions, with an opt-out for the user.";
    I2m = "I.2.m", "data_removal", I, WhereApplicable,
        "Secure removal and transfer of data", "Annex I Part I(2)(m)",
        "Let users remove all data and settings securely, easily and permanently, and transfer data to other products securely.";
    II1 = "II.1", "sbom", II, Always,
        "Identify and document vulnerabilities and components", "Annex I Part II(1)",
        "Identify and document vulnerabilities and components, including a machine-readable SBOM covering at least top-level dependencies.";
    II2 = "II.2", "remediation", II, Always,
        "Remediate vulnerabilities without delay", "Annex I Part II(2)",
        "Address and remediate vulnerabilities without delay according to risk, with security updates separate from feature updates where feasible.";
    II3 = "II.3", "security_testing", II, Always,
        "Regular security tests and reviews", "Annex I Part II(3)",
        "Apply effective and regular tests and reviews of the product's security.";
    II4 = "II.4", "disclosure_of_fixes", II, Always,
        "Public disclosure of fixed vulnerabilities", "Annex I Part II(4)",
        "Once an update is out, publicly disclose fixed vulnerabilities with description, affected product, impact, severity and remediation help.";
    II5 = "II.5", "cvd_policy", II, Always,
        "Coordinated vulnerability disclosure policy", "Annex I Part II(5)",
        "Put in place and enforce a coordinated vulnerability disclosure policy.";
    II6 = "II.6", "vulnerability_contact", II, Always,
        "Sharing of vulnerability information", "Annex I Part II(6)",
        "Make it easy to share information about vulnerabilities, including a contact address for reports.";
    II7 = "II.7", "secure_update_distribution", II, Always,
        "Secure distribution of updates", "Annex I Part II(7)",
        "Provide mechanisms to distribute updates securely and timely, automatically for security updates where applicable.";
    II8 = "II.8", "free_security_updates", II, Always,
        "Security updates without delay and free of charge", "Annex I Part II(8)",
        "Disseminate security updates without delay and free of charge, with advisory messages on the actions users should take.";
}

impl RequirementId {
    /// The stable ID, e.g. `"I.2.d"`.
    pub fn as_str(self) -> &'static str {
        self.info().id
    }

    /// The symbolic name, e.g. `"access_control"`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Whether the requirement always applies (Annex I Part I(1) and Part II), so that it can never
    /// be declared not applicable (Art. 13(3)–(4)).
    pub fn always_applies(self) -> bool {
        self.info().applicability == Applicability::Always
    }

    /// Looks a requirement up by stable ID (`I.2.d`) or symbolic name (`access_control`).
    pub fn lookup(text: &str) -> Option<RequirementId> {
        RequirementId::ALL.iter().copied().find(|r| r.as_str() == text || r.name() == text)
    }

    /// The known ID or name closest to `text`, for "did you mean" hints on typos; never `text`
    /// itself.
    pub fn suggest(text: &str) -> Option<&'static str> {
        let candidates = RequirementId::ALL.iter().flat_map(|r| [r.as_str(), r.name()]).filter(|c| *c != text);
        crate::suggest::closest(text, candidates)
    }

    /// Requirements selected by one entry of a coverage list: an ID (`I.2.e`), a symbolic name
    /// (`confidentiality`), `all`, a part or point of Annex I (`I` = all of Part I, `I.2` = the
    /// Part I(2) items, `II` = all of Part II), or an inclusive range in catalogue order
    /// (`I.2.a..I.2.f`, ends given as IDs or names).
    ///
    /// # Errors
    /// [`InvalidSelection`]: its message names the entry and, for near misses, a different
    /// known entry.
    pub fn select(text: &str) -> Result<Vec<RequirementId>, InvalidSelection> {
        let text = text.trim();
        if text == "all" {
            return Ok(RequirementId::ALL.to_vec());
        }
        if let Some(r) = RequirementId::lookup(text) {
            return Ok(vec![r]);
        }
        if matches!(text, "I" | "I.2" | "II") {
            let prefix = format!("{text}.");
            return Ok(RequirementId::ALL.iter().copied().filter(|r| r.as_str().starts_with(&prefix)).collect());
        }
        if let Some((from, to)) = text.split_once("..") {
            let end = |part: &str| {
                RequirementId::lookup(part.trim()).ok_or_else(|| {
                    InvalidSelection(format!(
                        "unknown requirement `{}` in range `{text}`{}",
                        part.trim(),
                        crate::suggest::did_you_mean(RequirementId::suggest(part.trim()))
                    ))
                })
            };
            let (from, to) = (end(from)?, end(to)?);
            let position = |r: RequirementId| RequirementId::ALL.iter().position(|x| *x == r).unwrap_or(0);
            let (a, b) = (position(from), position(to));
            if a > b {
                return Err(InvalidSelection(format!("range `{text}` runs backwards; write `{to}..{from}`")));
            }
            return Ok(RequirementId::ALL[a..=b].to_vec());
        }
        let selectors = ["all", "I", "I.2", "II"];
        let suggestion = crate::suggest::closest(text, selectors.into_iter().filter(|s| *s != text))
            .or_else(|| RequirementId::suggest(text));
        Err(InvalidSelection(format!(
            "unknown requirement `{text}`{}; expected an ID such as `I.2.e`, a name such as `confidentiality`, `all`, `I`, `I.2`, `II` or a range `I.2.a..I.2.f`",
            crate::suggest::did_you_mean(suggestion)
        )))
    }
}

impl fmt::Display for RequirementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
crate::__string_id!(
    RequirementId,
    expecting = "a requirement ID as a string, e.g. \"I.2.a\"",
    parse = RequirementId::from_document
);

/// An entry of a coverage list that selects no requirement (see [`RequirementId::select`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidSelection(String);

impl fmt::Display for InvalidSelection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidSelection {}

impl InvalidSelection {
    /// The message, or the text that was refused.
    pub fn text(&self) -> &str {
        &self.0
    }
}

/// A text that is neither a requirement ID nor a symbolic name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRequirement {
    /// What was given.
    pub text: String,
    /// The closest known ID or name, if any is close.
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown requirement `{}`{}", self.text, crate::suggest::did_you_mean(self.suggestion))
    }
}

impl std::error::Error for UnknownRequirement {}

impl FromStr for RequirementId {
    type Err = UnknownRequirement;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RequirementId::lookup(s)
            .ok_or_else(|| UnknownRequirement { text: s.to_owned(), suggestion: RequirementId::suggest(s) })
    }
}

impl RequirementId {
    /// The ID as documents carry it: the stable ID only; symbolic names are for attributes.
    pub fn from_document(text: &str) -> Result<RequirementId, String> {
        if let Some(r) = RequirementId::ALL.iter().copied().find(|r| r.name() == text) {
            return Err(format!("requirement `{text}` is written with its ID in documents: `{}`", r.as_str()));
        }
        RequirementId::ALL.iter().copied().find(|r| r.as_str() == text).ok_or_else(|| {
            format!(
                "unknown requirement ID `{text}`{}, expected one of {}",
                crate::suggest::did_you_mean(RequirementId::suggest(text)),
                RequirementId::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
            )
        })
    }
}

crate::__string_schema!(
    RequirementId,
    "RequirementId",
    "Stable ID of an essential requirement of Annex I (I.1, I.2.a–I.2.m, II.1–II.8).",
    enum = RequirementId::ALL.iter().map(|r| r.as_str()).collect()
);
