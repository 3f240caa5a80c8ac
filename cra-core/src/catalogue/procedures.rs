//! The conformity assessment procedures of Art. 32(1) as the catalogue lists them. Which one a
//! product may use is decided in [`crate::conformity`]; the table is data, like the
//! requirements and categories, so the catalogue does not depend on the rules.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The kind of a conformity assessment procedure, without its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProcedureKind {
    /// Module A, internal control (Art. 32(1)(a); Annex VIII Part I).
    ModuleA,
    /// Module B (EU-type examination) followed by Module C (conformity to type based on internal
    /// production control), one route (Art. 32(1)(b); Annex VIII Parts II and III).
    ModuleBPlusC,
    /// Module H, full quality assurance (Art. 32(1)(c); Annex VIII Part IV).
    ModuleH,
    /// A European cybersecurity certification scheme (Art. 32(1)(d); Art. 27(9)).
    EuCertification,
}

impl fmt::Display for ProcedureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.info().title)
    }
}

impl ProcedureKind {
    /// Catalogue entry.
    pub fn info(self) -> &'static ProcedureInfo {
        PROCEDURES.iter().find(|p| p.kind == self).expect("every procedure kind has a catalogue entry")
    }
}

/// A procedure as the catalogue lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProcedureInfo {
    /// The kind, serialized as its snake_case ID.
    #[serde(rename = "id")]
    pub kind: ProcedureKind,
    /// Title.
    pub title: &'static str,
    /// Where the law describes it.
    pub reference: &'static str,
    /// Whether a notified body takes part.
    pub notified_body: bool,
}

/// The procedures of Art. 32(1).
pub static PROCEDURES: &[ProcedureInfo] = &[
    ProcedureInfo {
        kind: ProcedureKind::ModuleA,
        title: "Module A (internal control)",
        reference: "Art. 32(1)(a); Annex VIII Part I",
        notified_body: false,
    },
    ProcedureInfo {
        kind: ProcedureKind::ModuleBPlusC,
        title: "Module B + C (EU-type examination followed by conformity to type based on internal production control)",
        reference: "Art. 32(1)(b); Annex VIII Parts II and III",
        notified_body: true,
    },
    ProcedureInfo {
        kind: ProcedureKind::ModuleH,
        title: "Module H (conformity based on full quality assurance)",
        reference: "Art. 32(1)(c); Annex VIII Part IV",
        notified_body: true,
    },
    ProcedureInfo {
        kind: ProcedureKind::EuCertification,
        title: "European cybersecurity certification scheme",
        reference: "Art. 32(1)(d); Art. 27(9)",
        notified_body: false,
    },
];
