//! Periods: months `YYYY-MM`, quarters `YYYY-Qn` and years `YYYY`, and the months each one spans.

use std::fmt;
use std::str::FromStr;
use strum::{EnumString, IntoStaticStr, VariantArray};

/// One calendar month; the unit every target and actual is stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year)).then_some(Month { year, month })
    }

    pub fn of_date(date: chrono::NaiveDate) -> Month {
        use chrono::Datelike;
        Month { year: date.year(), month: date.month() }
    }

    /// Months since year 0, so that month arithmetic is plain integer arithmetic.
    fn index(self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }

    fn from_index(index: i64) -> Month {
        Month { year: index.div_euclid(12) as i32, month: (index.rem_euclid(12) + 1) as u32 }
    }

    pub fn plus(self, months: i64) -> Month {
        Month::from_index(self.index() + months)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a {expected}")]
pub struct PeriodParseError {
    pub input: String,
    pub expected: &'static str,
}

impl FromStr for Month {
    type Err = PeriodParseError;

    /// Accepts exactly `YYYY-MM`.
    fn from_str(s: &str) -> Result<Month, PeriodParseError> {
        let err = || PeriodParseError { input: s.to_string(), expected: "month (YYYY-MM)" };
        let bytes = s.as_bytes();
        if bytes.len() != 7 || bytes[4] != b'-' || !s[..4].bytes().chain(s[5..].bytes()).all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year = s[..4].parse().map_err(|_| err())?;
        let month = s[5..].parse().map_err(|_| err())?;
        Month::new(year, month).ok_or_else(err)
    }
}

/// Month, quarter or year; the name is what the dashboard's title shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    /// The next kind in the dashboard's `p` cycle.
    pub fn next(self) -> PeriodKind {
        match self {
            PeriodKind::Month => PeriodKind::Quarter,
            PeriodKind::Quarter => PeriodKind::Year,
            PeriodKind::Year => PeriodKind::Month,
        }
    }

    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// A reporting period. Quarters and years are fiscal: year `Y` starts in the month
/// `fiscal_start` of calendar year `Y` (with the default start 1 they are calendar periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month(Month),
    Quarter { year: i32, quarter: u32 },
    Year(i32),
}

impl Period {
    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month(_) => PeriodKind::Month,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::Year(_) => PeriodKind::Year,
        }
    }

    /// The months this period spans, oldest first.
    pub fn months(self, fiscal_start: u32) -> Vec<Month> {
        let year_start = |year: i32| Month { year, month: fiscal_start.clamp(1, 12) };
        match self {
            Period::Month(m) => vec![m],
            Period::Quarter { year, quarter } => {
                let first = year_start(year).plus(3 * (quarter as i64 - 1));
                (0..3).map(|i| first.plus(i)).collect()
            }
            Period::Year(year) => (0..12).map(|i| year_start(year).plus(i)).collect(),
        }
    }

    /// The period of the given kind that contains `month`.
    pub fn containing(month: Month, kind: PeriodKind, fiscal_start: u32) -> Period {
        let start = fiscal_start.clamp(1, 12);
        let (fiscal_year, offset) = if month.month >= start {
            (month.year, month.month - start)
        } else {
            (month.year - 1, month.month + 12 - start)
        };
        match kind {
            PeriodKind::Month => Period::Month(month),
            PeriodKind::Quarter => Period::Quarter { year: fiscal_year, quarter: offset / 3 + 1 },
            PeriodKind::Year => Period::Year(fiscal_year),
        }
    }

    /// The period of the same kind just before (or, with `steps` > 0, after) this one.
    pub fn shifted(self, steps: i64) -> Period {
        match self {
            Period::Month(m) => Period::Month(m.plus(steps)),
            Period::Quarter { year, quarter } => {
                let index = year as i64 * 4 + (quarter as i64 - 1) + steps;
                Period::Quarter { year: index.div_euclid(4) as i32, quarter: (index.rem_euclid(4) + 1) as u32 }
            }
            Period::Year(y) => Period::Year(y + steps as i32),
        }
    }

    pub fn previous(self) -> Period {
        self.shifted(-1)
    }

    /// The same period seen as another kind, anchored on its last month.
    pub fn as_kind(self, kind: PeriodKind, fiscal_start: u32) -> Period {
        let months = self.months(fiscal_start);
        let last = months.last().copied().unwrap_or(Month { year: 2000, month: 1 });
        Period::containing(last, kind, fiscal_start)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(m) => m.fmt(f),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year(y) => write!(f, "{y:04}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodParseError;

    /// Accepts `YYYY-MM`, `YYYY-Qn` (n 1–4) or `YYYY`.
    fn from_str(s: &str) -> Result<Period, PeriodParseError> {
        let err = || PeriodParseError { input: s.to_string(), expected: "period (YYYY-MM, YYYY-Qn or YYYY)" };
        let year_of = |text: &str| -> Result<i32, PeriodParseError> {
            if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
                let year: i32 = text.parse().map_err(|_| err())?;
                if year >= 1000 {
                    return Ok(year);
                }
            }
            Err(err())
        };
        if s.len() == 4 {
            return Ok(Period::Year(year_of(s)?));
        }
        if s.len() == 7 && &s[4..6] == "-Q" {
            let quarter = match &s[6..] {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                "4" => 4,
                _ => return Err(err()),
            };
            return Ok(Period::Quarter { year: year_of(&s[..4])?, quarter });
        }
        s.parse::<Month>().map(Period::Month).map_err(|_| err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::enum_codes::assert_codes;

    #[test]
    fn period_kind_names_are_fixed_and_cycle_through_every_kind() {
        assert_codes(
            PeriodKind::label,
            |name| name.parse().ok(),
            &[(PeriodKind::Month, "month"), (PeriodKind::Quarter, "quarter"), (PeriodKind::Year, "year")],
        );
        // The `p` key visits every kind once, in declaration order, and comes back to the month.
        let kinds = PeriodKind::VARIANTS.len();
        let cycle: Vec<PeriodKind> =
            std::iter::successors(Some(PeriodKind::Month), |k| Some(k.next())).take(kinds + 1).collect();
        assert_eq!(cycle[..kinds], *PeriodKind::VARIANTS);
        assert_eq!(cycle[kinds], PeriodKind::Month);
    }

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_every_kind() {
        for text in ["2025-03", "2025-Q1", "2025-Q4", "2025"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        for bad in
            ["2025-13", "2025-00", "2025-Q5", "2025-Q0", "25-01", "2025-1", "20250", "", "abcd", "2025-03-01", "0999"]
        {
            assert!(bad.parse::<Period>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn calendar_quarters_and_years() {
        let q = Period::Quarter { year: 2025, quarter: 2 };
        assert_eq!(q.months(1), vec![m("2025-04"), m("2025-05"), m("2025-06")]);
        assert_eq!(Period::Year(2025).months(1).len(), 12);
        assert_eq!(Period::Year(2025).months(1)[11], m("2025-12"));
        assert_eq!(Period::containing(m("2025-12"), PeriodKind::Quarter, 1).to_string(), "2025-Q4");
    }

    #[test]
    fn fiscal_year_starting_in_april() {
        // FY 2025 runs April 2025 to March 2026; its Q4 is January–March 2026.
        let q4 = Period::Quarter { year: 2025, quarter: 4 };
        assert_eq!(q4.months(4), vec![m("2026-01"), m("2026-02"), m("2026-03")]);
        assert_eq!(Period::Year(2025).months(4)[0], m("2025-04"));
        assert_eq!(Period::containing(m("2026-02"), PeriodKind::Year, 4), Period::Year(2025));
        assert_eq!(Period::containing(m("2025-04"), PeriodKind::Quarter, 4).to_string(), "2025-Q1");
    }

    #[test]
    fn previous_crosses_year_boundaries() {
        assert_eq!(Period::Month(m("2025-01")).previous().to_string(), "2024-12");
        assert_eq!(Period::Quarter { year: 2025, quarter: 1 }.previous().to_string(), "2024-Q4");
        assert_eq!(Period::Year(2025).previous().to_string(), "2024");
        assert_eq!(Period::Quarter { year: 2024, quarter: 4 }.shifted(1).to_string(), "2025-Q1");
    }
}
