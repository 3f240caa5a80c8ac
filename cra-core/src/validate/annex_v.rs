//! What the declaration itself must carry beyond the product's facts: every Union act it
//! covers with its publication reference in the Official Journal (Art. 28(3); Annex V point 5),
//! and where the CE marking is affixed (Art. 30(1); Art. 13(12)).

use super::{Findings, Severity, ValidationCode};
use crate::ce_marking::CeMarking;
use crate::declaration::Declaration;

/// Whether `act` cites its publication in the Official Journal: `OJ L 123, 1.2.2019, p. 1`,
/// `OJ L, 2024/2847, 20.11.2024`, or an ELI of the OJ (`…/eli/…/oj`).
fn cites_the_official_journal(act: &str) -> bool {
    act.contains("OJ L") || act.contains("OJ C") || act.contains("Official Journal") || act.contains("/oj")
}

pub(super) fn check_annex_v(declaration: &Declaration, report: &mut Findings) {
    for (i, act) in declaration.other_union_legislation.iter().enumerate() {
        if !cites_the_official_journal(act) {
            report.push(
                Severity::Gap,
                ValidationCode::MissingOjReference,
                format!("other_union_legislation.{i}"),
                format!(
                    "`{act}` is listed without its publication reference in the Official Journal, e.g. `Directive 2014/53/EU (OJ L 153, 22.5.2014, p. 62)`: the single declaration lists every Union act it covers with that reference"
                ),
                "Art. 28(3); Annex V point 5",
            );
        }
    }
    match &declaration.ce_marking {
        None => report.push(
            Severity::Gap,
            ValidationCode::MissingCeMarking,
            "ce_marking",
            "the declaration does not say where the CE marking is affixed: on the product; on the packaging and the declaration; or, for software, on the declaration or the accompanying website",
            "Art. 30(1); Art. 13(12)",
        ),
        Some(CeMarking::Website(url)) if url.trim().is_empty() => report.push(
            Severity::Gap,
            ValidationCode::MissingCeMarking,
            "ce_marking.website",
            "the CE marking is on the accompanying website, but the address of that section is not given",
            "Art. 30(1)",
        ),
        Some(_) => {}
    }
}
