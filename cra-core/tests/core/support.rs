use cra_core::support::{SupportPeriod, YearMonth};
use jiff::civil::date;

fn period(end: &str) -> SupportPeriod {
    SupportPeriod {
        placed_on_market: date(2027, 12, 11),
        end: end.parse().unwrap(),
        shorter_period_justification: None,
        expected_use_time: None,
        reasoning: std::collections::BTreeMap::new(),
    }
}

#[test]
fn support_period_must_reach_five_years_art_13_8() {
    assert!(period("2032-12").meets_five_years());
    assert!(!period("2032-11").meets_five_years());
}

#[test]
fn end_is_published_as_month_and_year_art_13_19() {
    let ym: YearMonth = "2032-02".parse().unwrap();
    assert_eq!((ym.year(), ym.month()), (2032, 2));
    assert_eq!(ym.last_day(), date(2032, 2, 29));
    assert!("2032".parse::<YearMonth>().is_err());
}

#[test]
fn each_security_update_stays_available_ten_years_or_rest_of_support_art_13_9() {
    let long = period("2045-06");
    assert_eq!(long.security_update_available_until(date(2030, 3, 1)).unwrap(), date(2045, 6, 30));
    let short = period("2032-12");
    assert_eq!(short.security_update_available_until(date(2030, 3, 1)).unwrap(), date(2040, 3, 1));
}

#[test]
fn documentation_is_kept_ten_years_or_the_support_period_art_13_13() {
    assert_eq!(period("2032-12").documentation_retained_until().unwrap(), date(2037, 12, 11));
    assert_eq!(period("2040-01").documentation_retained_until().unwrap(), date(2040, 1, 31));
}
