//! Scores kept ahead of the keys: when the reading thread has nothing to do, it scores and
//! keeps the periods the next keys will show (`p`, `[`, `]`), one period at a time so that a
//! key never waits long behind it.

use crate::domain::period::Period;
use crate::ui::data::TREND_PERIODS;

/// The periods to have kept after `period` came on screen, most likely next first: the trends
/// of the other kinds (`p` steps month → quarter → year), then the one period the trend of the
/// next and of the previous `period` adds.
pub fn periods_ahead(period: Period, fiscal_start: u32) -> Vec<Period> {
    let trend = TREND_PERIODS as i64;
    let mut ahead = Vec::new();
    let mut kind = period.kind();
    for _ in 0..2 {
        kind = kind.next();
        let other = period.as_kind(kind, fiscal_start);
        // A trend of TREND_PERIODS periods, and the one before its first for the change.
        ahead.extend((0..=trend).map(|i| other.shifted(-i)));
    }
    ahead.push(period.shifted(1));
    ahead.push(period.shifted(-(trend + 1)));
    ahead
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::PeriodKind;

    #[test]
    fn after_a_month_come_its_quarter_and_year_trends_then_the_months_either_side() {
        let ahead = periods_ahead("2026-11".parse().unwrap(), 4);
        // FY starting April: November 2026 is in 2026-Q3 and the year 2026.
        assert_eq!(ahead[0], "2026-Q3".parse().unwrap());
        assert_eq!(ahead[12], "2023-Q3".parse().unwrap(), "12 quarters back");
        assert_eq!(ahead[13], "2026".parse().unwrap());
        assert_eq!(ahead[25], "2014".parse().unwrap());
        assert_eq!(ahead[26..], ["2026-12".parse().unwrap(), "2025-10".parse().unwrap()]);
        assert_eq!(ahead.len(), 2 * 13 + 2);
        assert!(ahead.iter().all(|p| p.kind() != PeriodKind::Month || ahead[26..].contains(p)));
    }
}
