//! The support period and the retention dates derived from it.
//!
//! - The end is published as at least month and year (Art. 13(19)), so it is stored as a
//!   [`YearMonth`]; a support period "ends in 2032-12" runs to the last day of that month.
//! - It lasts at least 5 years from placing on the market, unless the product is expected to be
//!   in use for less, which must be justified (Art. 13(8)).
//! - Each security update stays available for max(10 years after its issue, rest of the support
//!   period) (Art. 13(9)).
//! - Technical documentation and the declaration are kept for max(10 years after placing on the
//!   market, support period) (Art. 13(13)).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A calendar month: the precision the law asks for when publishing the end of support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i16,
    month: i8,
}

impl YearMonth {
    /// A year and month; `None` if the month is not 1–12 or the year is outside 1–9999.
    pub fn new(year: i16, month: i8) -> Option<YearMonth> {
        ((1..=12).contains(&month) && (1..=9999).contains(&year)).then_some(YearMonth { year, month })
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> i8 {
        self.month
    }

    /// The last day of the month: the day the support period ends.
    pub fn last_day(self) -> Date {
        // `new` keeps year 1–9999 and month 1–12, always a valid civil date.
        Date::new(self.year, self.month, 1).map_or(Date::MAX, Date::last_of_month)
    }

    /// The month that contains `date`.
    pub fn of(date: Date) -> YearMonth {
        YearMonth { year: date.year(), month: date.month() }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A text that is not a year and month `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a year and month; expected `YYYY-MM`, e.g. `2032-12`")]
pub struct InvalidYearMonth(String);

impl InvalidYearMonth {
    /// The text that was refused.
    pub fn text(&self) -> &str {
        &self.0
    }
}

impl FromStr for YearMonth {
    type Err = InvalidYearMonth;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidYearMonth(s.to_owned());
        let (year, month) = s.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year: i16 = year.parse().map_err(|_| bad())?;
        let month: i8 = month.parse().map_err(|_| bad())?;
        YearMonth::new(year, month).ok_or_else(bad)
    }
}

string_id!(YearMonth, expecting = "a year and month as a string `YYYY-MM`, e.g. \"2032-12\"");

string_schema!(YearMonth, "YearMonth", "A year and month, `YYYY-MM`.", pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$");

/// The minimum support period in years (Art. 13(8)).
pub const MINIMUM_YEARS: i16 = 5;
/// Retention of documentation and availability of updates, in years (Art. 13(9), 13(13)).
pub const RETENTION_YEARS: i16 = 10;

/// What Art. 13(8) says the support period is determined from (the first three) or may take
/// into account (the others); the reasoning goes into the technical documentation (Annex VII
/// point 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SupportFactor {
    /// Reasonable user expectations.
    UserExpectations,
    /// The nature of the product, including its intended purpose.
    NatureOfTheProduct,
    /// Relevant Union law determining the lifetime of products.
    UnionLaw,
    /// Support periods of products offering a similar functionality placed on the market by
    /// other manufacturers.
    ComparableProducts,
    /// The availability of the operating environment.
    OperatingEnvironment,
    /// Support periods of integrated components that provide core functions and are sourced
    /// from third parties.
    IntegratedComponents,
    /// Relevant guidance of the administrative cooperation group or the Commission.
    Guidance,
}

impl SupportFactor {
    /// Every factor, in the order of Art. 13(8).
    pub const ALL: [SupportFactor; 7] = [
        SupportFactor::UserExpectations,
        SupportFactor::NatureOfTheProduct,
        SupportFactor::UnionLaw,
        SupportFactor::ComparableProducts,
        SupportFactor::OperatingEnvironment,
        SupportFactor::IntegratedComponents,
        SupportFactor::Guidance,
    ];

    /// The factor in the words of Art. 13(8).
    pub fn title(self) -> &'static str {
        match self {
            SupportFactor::UserExpectations => "reasonable user expectations",
            SupportFactor::NatureOfTheProduct => "the nature of the product, including its intended purpose",
            SupportFactor::UnionLaw => "relevant Union law determining the lifetime of products",
            SupportFactor::ComparableProducts => "support periods of products offering a similar functionality",
            SupportFactor::OperatingEnvironment => "the availability of the operating environment",
            SupportFactor::IntegratedComponents => {
                "support periods of integrated components that provide core functions and are sourced from third parties"
            }
            SupportFactor::Guidance => "relevant guidance of the ADCO group or the Commission",
        }
    }
}

/// How long the product is expected to be in use (Art. 13(8)): `{ years = 10 }` or
/// `{ months = 30 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum UseTime {
    /// Whole years.
    Years(u16),
    /// Whole months.
    Months(u16),
}

impl UseTime {
    /// In months.
    pub fn months(self) -> i64 {
        match self {
            UseTime::Years(years) => i64::from(years) * 12,
            UseTime::Months(months) => i64::from(months),
        }
    }
}

impl fmt::Display for UseTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UseTime::Years(1) => f.write_str("1 year"),
            UseTime::Years(n) => write!(f, "{n} years"),
            UseTime::Months(1) => f.write_str("1 month"),
            UseTime::Months(n) => write!(f, "{n} months"),
        }
    }
}

/// A date computation left the calendar range (year 9999 or beyond).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} falls outside the supported calendar (years 1 to 9999)")]
pub struct DateOutOfRange {
    /// Which date.
    pub what: String,
}

/// The support period of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct SupportPeriod {
    /// When the first unit of the product is (or was) placed on the market, `YYYY-MM-DD`.
    /// Placing on the market is an act for each unit: the units placed from 11 December 2027
    /// comply whatever this date is (Art. 69(2)).
    #[cfg_attr(feature = "schema", schemars(with = "String", regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    pub placed_on_market: Date,
    /// The last month of support (Art. 13(19)).
    pub end: YearMonth,
    /// Why the period is shorter than 5 years: the product's expected use time is shorter
    /// (Art. 13(8)). Required only then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shorter_period_justification: Option<String>,
    /// How long the product is expected to be in use; the period must not be shorter when it is
    /// under 5 years (Art. 13(8)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_use_time: Option<UseTime>,
    /// The information taken into account to determine the period, by Art. 13(8) factor
    /// (Annex VII point 4).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub reasoning: std::collections::BTreeMap<SupportFactor, String>,
}

impl SupportPeriod {
    /// Whether the period reaches 5 years after placing on the market (Art. 13(8)). A date
    /// beyond the calendar counts as reached.
    pub fn meets_five_years(&self) -> bool {
        checked_add_months(self.placed_on_market, i64::from(MINIMUM_YEARS) * 12)
            .is_none_or(|five| self.end.last_day() >= five)
    }

    /// Whether the period ends before the product is placed on the market (Art. 13(8)).
    pub fn ends_before_placing(&self) -> bool {
        self.end.last_day() < self.placed_on_market
    }

    /// Whether the period reaches the expected use time; `None` without one. A date beyond the
    /// calendar counts as reached.
    pub fn covers_expected_use_time(&self) -> Option<bool> {
        let use_time = self.expected_use_time?;
        Some(checked_add_months(self.placed_on_market, use_time.months()).is_none_or(|end| self.end.last_day() >= end))
    }

    /// The last day of support.
    pub fn ends_on(&self) -> Date {
        self.end.last_day()
    }

    /// Until when a security update issued on `issued` must stay available: max(10 years after
    /// its issue, the rest of the support period) (Art. 13(9)).
    ///
    /// # Errors
    /// When 10 years after `issued` is beyond year 9999.
    pub fn security_update_available_until(&self, issued: Date) -> Result<Date, DateOutOfRange> {
        Ok(add_years(issued, RETENTION_YEARS, "10 years after the update's issue")?.max(self.ends_on()))
    }

    /// Until when the technical documentation, the EU declaration of conformity and the Annex II
    /// information must be kept: max(10 years after placing on the market, support period)
    /// (Art. 13(13), 13(18)).
    ///
    /// # Errors
    /// When 10 years after placing on the market is beyond year 9999.
    pub fn documentation_retained_until(&self) -> Result<Date, DateOutOfRange> {
        Ok(add_years(self.placed_on_market, RETENTION_YEARS, "10 years after placing on the market")?
            .max(self.ends_on()))
    }
}

/// Adds whole years; 29 February becomes 28 February in a common year.
pub(crate) fn add_years(date: Date, years: i16, what: &str) -> Result<Date, DateOutOfRange> {
    checked_add_months(date, i64::from(years) * 12).ok_or_else(|| DateOutOfRange { what: what.to_owned() })
}

/// Adds whole months, clamping to the end of a shorter month; `None` beyond the calendar.
fn checked_add_months(date: Date, months: i64) -> Option<Date> {
    let span = jiff::Span::new().try_months(months).ok()?;
    date.checked_add(span).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn year_month_round_trips_and_rejects_bad_input() {
        let ym: YearMonth = "2032-12".parse().unwrap();
        assert_eq!(ym.to_string(), "2032-12");
        assert_eq!(ym.last_day(), date(2032, 12, 31));
        for bad in ["2032-13", "2032-1", "32-12", "2032/12", "december"] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
    }
}
