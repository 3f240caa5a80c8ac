//! The CRA's milestone dates, as data with their article references (Art. 71).
//!
//! Legal dates drift in secondary sources; these come from ../shared/cra-reference.md §1 and are
//! the only dates the library uses to decide what applies when.

use jiff::civil::{Date, date};
use serde::Serialize;

/// One dated event of the regulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Milestone {
    /// Stable key, e.g. `reporting_obligations_apply`.
    pub id: &'static str,
    /// The date (calendar day in the EU; the act gives no time of day).
    pub date: Date,
    /// What happens on that date.
    pub event: &'static str,
    /// Where the law sets it.
    pub reference: &'static str,
}

/// Publication in the Official Journal, OJ L 2024/2847.
pub const PUBLISHED: Date = date(2024, 11, 20);
/// Entry into force, the 20th day after publication (Art. 71(1)).
pub const ENTRY_INTO_FORCE: Date = date(2024, 12, 10);
/// Chapter IV (notification of conformity assessment bodies) applies (Art. 71(2)).
pub const NOTIFIED_BODIES_APPLY: Date = date(2026, 6, 11);
/// The reporting obligations of Art. 14 apply, also to products already on the market (Art. 71(2), Art. 69(3)).
pub const REPORTING_APPLIES: Date = date(2026, 9, 11);
/// Everything else applies (Art. 71(2)).
pub const FULL_APPLICATION: Date = date(2027, 12, 11);

/// Every milestone, in date order.
pub static MILESTONES: &[Milestone] = &[
    Milestone {
        id: "published",
        date: PUBLISHED,
        event: "Regulation (EU) 2024/2847 published in the Official Journal",
        reference: "OJ L 2024/2847",
    },
    Milestone { id: "entry_into_force", date: ENTRY_INTO_FORCE, event: "Entry into force", reference: "Art. 71(1)" },
    Milestone {
        id: "notified_bodies_apply",
        date: NOTIFIED_BODIES_APPLY,
        event: "Chapter IV (Arts 35–51, notification of conformity assessment bodies) applies",
        reference: "Art. 71(2)",
    },
    Milestone {
        id: "reporting_obligations_apply",
        date: REPORTING_APPLIES,
        event: "Reporting obligations of Art. 14 apply, including to products placed on the market before 11 Dec 2027",
        reference: "Art. 71(2); Art. 69(3)",
    },
    Milestone {
        id: "full_application",
        date: FULL_APPLICATION,
        event: "All other provisions apply",
        reference: "Art. 71(2)",
    },
];
