//! Text renderings of cra-core data for people.

use std::fmt::Write;

use cra_core::catalogue::{CATALOGUE, Class};

/// The catalogue as pretty JSON.
pub fn catalogue_json() -> String {
    cra_core::write::json_text(&CATALOGUE)
}

/// The catalogue as aligned text.
pub fn catalogue_text() -> String {
    let mut out = String::new();
    let c = CATALOGUE;
    let _ = writeln!(out, "{} — catalogue {}\n{}\n", c.act.title, c.version, c.act.official_journal);
    let _ = writeln!(out, "Essential requirements (Annex I)");
    for r in c.requirements {
        let applies = match r.applicability {
            cra_core::catalogue::Applicability::Always => "always",
            cra_core::catalogue::Applicability::WhereApplicable => "where applicable",
        };
        let _ = writeln!(out, "  {:<7} {:<28} {:<17} {}", r.id, r.name, applies, r.title);
    }
    for (class, heading) in [
        (Class::ImportantClassI, "Important products, Class I (Annex III)"),
        (Class::ImportantClassII, "Important products, Class II (Annex III)"),
        (Class::Critical, "Critical products (Annex IV)"),
    ] {
        let _ = writeln!(out, "\n{heading}");
        for category in c.categories.iter().filter(|k| k.class == class) {
            let _ = writeln!(out, "  {:<9} {}", category.id, category.title);
        }
    }
    let _ = writeln!(out, "\nConformity assessment procedures (Art. 32)");
    for p in c.procedures {
        let _ = writeln!(out, "  {}  [{}]", p.title, p.reference);
    }
    let _ = writeln!(out, "\nMilestones (Art. 71)");
    for m in c.milestones {
        let _ = writeln!(out, "  {}  {}  [{}]", m.date, m.event, m.reference);
    }
    out
}
