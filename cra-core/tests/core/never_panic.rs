//! Property tests: validation, the annex views, the gap report and the Art. 14 clocks never
//! panic, whatever the dates and timestamps (Art. 13(8)–(9), 13(13); Art. 14).

use cra_core::annex::{eu_declaration, technical_documentation_index, user_information};
use cra_core::catalogue::{Category, RequirementId};
use cra_core::claim::{Claim, RequirementState};
use cra_core::declaration::{ConformityStatus, ProductNotApplicable};
use cra_core::evidence::Location;
use cra_core::report_clocks::{ReportableEvent, ReportingFacts, clocks};
use cra_core::support::{UseTime, YearMonth};
use cra_core::validate::Severity;
use jiff::Timestamp;
use jiff::civil::Date;
use proptest::prelude::*;

use super::fixture::door_lock;

fn any_date() -> impl Strategy<Value = Date> {
    (1i16..=9999, 1i8..=12, 1i8..=31)
        .prop_map(|(y, m, d)| Date::new(y, m, 1).unwrap().saturating_add(jiff::Span::new().days(i64::from(d) - 1)))
}

fn any_timestamp() -> impl Strategy<Value = Timestamp> {
    let (min, max) = (Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
    prop_oneof![min..=max, (max - 100 * 86_400)..=max].prop_map(|s| Timestamp::from_second(s).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn validation_and_views_never_panic_art_13_8(
        placed in any_date(),
        end_year in 1i16..=9999,
        end_month in 1i8..=12,
        use_time in prop_oneof![Just(None), any::<u16>().prop_map(|y| Some(UseTime::Years(y))), any::<u16>().prop_map(|m| Some(UseTime::Months(m)))],
        issued in any_date(),
    ) {
        let mut declaration = door_lock();
        declaration.support_period.placed_on_market = placed;
        declaration.support_period.end = YearMonth::new(end_year, end_month).unwrap();
        declaration.support_period.expected_use_time = use_time;
        declaration.normalize();
        let _ = declaration.validate();
        let _ = declaration.gap_report();
        let _ = eu_declaration(&declaration);
        let _ = user_information(&declaration);
        let _ = technical_documentation_index(&declaration);
        let _ = declaration.support_period.documentation_retained_until();
        let _ = declaration.support_period.security_update_available_until(issued);
    }

    #[test]
    fn reporting_clocks_never_panic_art_14(
        aware in any_timestamp(),
        measure in proptest::option::of(any_timestamp()),
        notified in proptest::option::of(any_timestamp()),
        vulnerability in any::<bool>(),
    ) {
        let event = if vulnerability { ReportableEvent::ActivelyExploitedVulnerability } else { ReportableEvent::SevereIncident };
        let facts = ReportingFacts { event, aware_at: aware, measure_available_at: measure, notification_submitted_at: notified };
        let _ = clocks(&facts);
    }
}

/// What a property case does to one requirement of the fixture: keep the claim, make it partial,
/// a component not-applicable, drop it, and whether the product declares it not applicable.
fn any_change() -> impl Strategy<Value = (u8, bool)> {
    (0u8..4, any::<bool>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Over arbitrary claim states and product statements: one rule for validation and the gap
    /// report (Art. 13(3)–(4)), and `complete` exactly when nothing is open (Art. 28(1)).
    #[test]
    fn validation_and_gap_report_agree_on_every_declaration_art_13_3_4(
        changes in proptest::collection::vec(any_change(), RequirementId::ALL.len()),
        category in prop_oneof![Just("default"), Just("III.I.17"), Just("III.II.2"), Just("IV.1")],
    ) {
        let mut declaration = door_lock();
        declaration.category = category.parse::<Category>().unwrap();
        for (requirement, (change, product_na)) in RequirementId::ALL.iter().zip(&changes) {
            for component in &mut declaration.components {
                for claim in &mut component.claims {
                    if claim.requirement() != *requirement {
                        continue;
                    }
                    let evidence = claim.evidence().to_vec();
                    match change {
                        1 => *claim = Claim::PartiallyAddressed { requirement: *requirement, evidence, missing: "more tests".into() },
                        2 if !requirement.always_applies() => {
                            *claim = Claim::NotApplicable { requirement: *requirement, justification: "not here".into() }
                        }
                        _ => {}
                    }
                }
                if *change == 3 {
                    component.claims.retain(|c| c.requirement() != *requirement);
                }
            }
            if *product_na {
                declaration.not_applicable.insert(*requirement, ProductNotApplicable {
                    justification: "the risk assessment says so".into(),
                    risk_assessment: Location::Path("docs/risk-assessment.md".into()),
                });
            }
        }
        declaration.normalize();
        let report = declaration.validate();
        let gaps = declaration.gap_report();
        let mut from_validation: Vec<String> = report.of(Severity::Gap).map(|p| p.path.clone()).collect();
        from_validation.sort();
        let mut from_report: Vec<String> = gaps
            .not_assessed
            .iter()
            .map(|g| g.requirement)
            .chain(gaps.partially_addressed.iter().map(|p| p.requirement))
            .map(|r| format!("requirements.{r}"))
            .collect();
        from_report.sort();
        from_report.dedup();
        prop_assert_eq!(from_validation, from_report);
        for (requirement, state) in declaration.requirement_states() {
            // The one-pass table and the single lookup are the same rule.
            prop_assert_eq!(state, declaration.requirement_state(requirement));
            if state == RequirementState::NotApplicable {
                prop_assert!(declaration.not_applicable.contains_key(&requirement) && !requirement.always_applies());
            }
        }
        let open = report.of(Severity::Gap).next().is_some() || !report.is_valid();
        prop_assert_eq!(declaration.status == ConformityStatus::Draft, open);
        prop_assert_eq!(eu_declaration(&declaration).conformity.is_none(), open);
    }
}

#[test]
fn the_reported_panics_are_errors_now_art_13_8() {
    let mut declaration = door_lock();
    declaration.support_period.placed_on_market = jiff::civil::date(9997, 6, 1);
    let _ = declaration.validate();
    assert!(declaration.support_period.documentation_retained_until().is_err());
    let facts = ReportingFacts {
        event: ReportableEvent::SevereIncident,
        aware_at: Timestamp::MAX,
        measure_available_at: None,
        notification_submitted_at: Some(Timestamp::MAX),
    };
    assert!(clocks(&facts).is_err());
}

/// Arbitrary components built from the fixture's claims: names and descriptions of any Unicode,
/// any subset of claims per component.
fn any_components() -> impl Strategy<Value = Vec<cra_core::declaration::Component>> {
    let claims: Vec<Claim> = door_lock().components.iter().flat_map(|c| c.claims.clone()).collect();
    let pick = (0..claims.len(), 0u8..3);
    let component = (
        prop_oneof![any::<String>(), Just("same".to_owned())],
        any::<String>(),
        proptest::collection::vec(pick, 0..8),
        proptest::option::of(any::<String>()),
    )
        .prop_map(move |(name, description, picks, undetermined)| {
            let mut component = door_lock().components[0].clone();
            component.name = name;
            component.description = description;
            // The same requirement may come back with other evidence: claims that differ only
            // after the requirement.
            component.claims = picks
                .iter()
                .map(|&(i, variant)| {
                    let mut claim = claims[i].clone();
                    if let Claim::Addressed { evidence, .. } = &mut claim
                        && variant > 0
                    {
                        evidence[0].location = Location::Path(format!("docs/alternative-{variant}.md"));
                    }
                    claim
                })
                .collect();
            component.undetermined = undetermined;
            component
        });
    proptest::collection::vec(component, 0..6)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Same content, same bytes: a normalized declaration survives JSON byte for byte, whatever
    /// its text holds (Annex VII keeps the declaration as it was issued).
    #[test]
    fn any_declaration_round_trips_through_json_byte_for_byte(
        components in any_components(),
        intended_purpose in any::<String>(),
        legislation in proptest::collection::vec(any::<String>(), 0..3),
    ) {
        let mut declaration = door_lock();
        declaration.components = components;
        declaration.product.intended_purpose = intended_purpose;
        declaration.other_union_legislation = legislation;
        declaration.normalize();
        let json = declaration.to_json();
        let back = cra_core::read::declaration_from_json(&json).unwrap().value;
        prop_assert_eq!(&back, &declaration);
        prop_assert_eq!(back.to_json(), json);
    }

    /// Validation does not depend on the order of components or of their claims: the same
    /// problems, whatever order a build script happened to find them in.
    #[test]
    fn validation_does_not_depend_on_the_order_of_components_and_claims(
        components in any_components(),
        seed in any::<u64>(),
    ) {
        let mut declaration = door_lock();
        declaration.components = components;
        let mut shuffled = declaration.clone();
        let mut state = seed | 1;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n.max(1) as u64).unwrap_or(0)
        };
        for i in (1..shuffled.components.len()).rev() {
            shuffled.components.swap(i, next(i + 1));
        }
        for component in &mut shuffled.components {
            for i in (1..component.claims.len()).rev() {
                component.claims.swap(i, next(i + 1));
            }
        }
        // The same problems, whatever the order; paths name positions, so they may differ.
        let found = |d: &cra_core::Declaration| {
            let mut problems: Vec<(String, String)> = d.validate().problems.into_iter().map(|p| (p.code.as_str().to_owned(), p.message)).collect();
            problems.sort();
            problems
        };
        prop_assert_eq!(found(&shuffled), found(&declaration));
        prop_assert_eq!(shuffled.gap_report(), declaration.gap_report());
        // Normalized, the documents are the same bytes and validate the same, paths included.
        shuffled.normalize();
        declaration.normalize();
        prop_assert_eq!(shuffled.to_json(), declaration.to_json());
        prop_assert_eq!(shuffled.validate(), declaration.validate());
    }
}
