//! The catalogue: what the regulation lists, as versioned data.
//!
//! A future amendment (delegated acts change Annex III and IV, Art. 7(3) and 8(2)) becomes a new
//! [`CATALOGUE_VERSION`], never an edit of an existing ID's meaning.

mod categories;
mod milestones;
mod procedures;

pub use categories::{CATEGORIES, Category, CategoryInfo, Class, DEFAULT_CATEGORY, UnknownCategory};
pub use milestones::{
    ENTRY_INTO_FORCE, FULL_APPLICATION, MILESTONES, Milestone, NOTIFIED_BODIES_APPLY, PUBLISHED, REPORTING_APPLIES,
};
pub use procedures::{PROCEDURES, ProcedureInfo, ProcedureKind};
// The requirements of Annex I are the grammar's words: the derive names them in every product
// build, so they live in cra-grammar, the floor every cra-rs crate shares.
pub use cra_grammar::requirements::{
    Applicability, InvalidSelection, Part, REQUIREMENTS, Requirement, RequirementId, UnknownRequirement,
};

use serde::Serialize;

/// Version of this catalogue. Bumped when the encoded law changes.
pub const CATALOGUE_VERSION: &str = "2024.1";

/// The act a catalogue encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Act {
    /// Short title.
    pub title: &'static str,
    /// Official Journal reference.
    pub official_journal: &'static str,
    /// European Legislation Identifier.
    pub eli: &'static str,
}

/// The act this catalogue encodes.
pub const ACT: Act = Act {
    title: "Regulation (EU) 2024/2847 (Cyber Resilience Act)",
    official_journal: "OJ L, 2024/2847, 20.11.2024",
    eli: "http://data.europa.eu/eli/reg/2024/2847/oj",
};

/// The whole catalogue as one serializable value: what `cargo cra catalogue --json` prints.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Catalogue {
    /// [`CATALOGUE_VERSION`].
    pub version: &'static str,
    /// The act encoded.
    pub act: Act,
    /// Annex I requirements.
    pub requirements: &'static [Requirement],
    /// Annex III and IV categories.
    pub categories: &'static [CategoryInfo],
    /// Art. 32 procedures.
    pub procedures: &'static [ProcedureInfo],
    /// Art. 71 milestones.
    pub milestones: &'static [Milestone],
}

/// The catalogue this library encodes.
pub const CATALOGUE: Catalogue = Catalogue {
    version: CATALOGUE_VERSION,
    act: ACT,
    requirements: REQUIREMENTS,
    categories: CATEGORIES,
    procedures: PROCEDURES,
    milestones: MILESTONES,
};
