//! Scores kept ahead of the keys: when the reading thread has nothing to do, it scores and
//! keeps the periods the next keys will show (`p`, `[`, `]`), a few people of one period at a
//! time so that a key never waits long behind it.

use crate::domain::period::Period;
use crate::ui::data::TREND_PERIODS;
use std::collections::{HashSet, VecDeque};

/// How many people one step scores: a key waits at most for them (person by person, their
/// figures are a few index seeks each).
pub const PEOPLE_AT_A_TIME: usize = 50;

/// The periods still to keep, and those kept since the file's last audited change (a change
/// may drop kept scores, so it starts the list again).
#[derive(Debug, Default)]
pub struct Ahead {
    queue: VecDeque<Period>,
    kept: HashSet<Period>,
    mark: Option<i64>,
}

impl Ahead {
    /// `period` and its trend were just read (and so kept) when the file's mark was `mark`:
    /// plans the periods the next keys need that are not kept yet.
    pub fn after_load(&mut self, period: Period, fiscal_start: u32, mark: Option<i64>) {
        if mark != self.mark {
            self.kept.clear();
            self.mark = mark;
        }
        self.kept.extend((0..=TREND_PERIODS as i64).map(|i| period.shifted(-i)));
        self.queue = periods_ahead(period, fiscal_start).into_iter().filter(|p| !self.kept.contains(p)).collect();
    }

    /// The next period to keep, taken as done.
    pub fn next(&mut self) -> Option<Period> {
        let period = self.queue.pop_front()?;
        self.kept.insert(period);
        Some(period)
    }

    /// `period` has more people to score: it comes next again.
    pub fn again(&mut self, period: Period) {
        self.queue.push_front(period);
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

/// The periods to have kept after `period` came on screen, most likely next first: the trends
/// of the other kinds (`p` steps month → quarter → year), then the one period the trend of the
/// next and of the previous `period` adds.
fn periods_ahead(period: Period, fiscal_start: u32) -> Vec<Period> {
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

    #[test]
    fn periods_kept_are_not_planned_again_until_the_file_changes() {
        let (november, october) = ("2026-11".parse().unwrap(), "2026-10".parse().unwrap());
        let mut ahead = Ahead::default();
        ahead.after_load(november, 1, Some(7));
        let planned: Vec<Period> = std::iter::from_fn(|| ahead.next()).collect();
        assert_eq!(planned.len(), 28);
        // October's trend is November's shifted by one: only the month before it is new.
        ahead.after_load(october, 1, Some(7));
        assert_eq!(std::iter::from_fn(|| ahead.next()).collect::<Vec<_>>(), ["2025-09".parse().unwrap()]);
        // An audited change since: everything may have to be scored again.
        ahead.after_load(october, 1, Some(8));
        assert_eq!(std::iter::from_fn(|| ahead.next()).count(), 28);
    }
}
