//! Property tests: validation, the annex views, the gap report and the Art. 14 clocks never
//! panic, whatever the dates and timestamps (Art. 13(8)–(9), 13(13); Art. 14).

use cra_core::annex::{eu_declaration, technical_documentation_index, user_information};
use cra_core::reporting::{ReportableEvent, ReportingFacts, clocks};
use cra_core::support::{UseTime, YearMonth};
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
