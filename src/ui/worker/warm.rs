//! Work done ahead of the keys: when the reading thread has nothing to do, it reads what `[`
//! and `]` will show (kept in memory while the file has no new audited change), then scores and
//! keeps in the file the periods the next keys will show (`p`, `[`, `]`), a few people of one
//! period at a time so that a key never waits long behind it.

use crate::domain::period::Period;
use crate::ui::data::{PeriodScores, TREND_PERIODS};
use std::collections::{HashSet, VecDeque};
use std::time::Duration;

/// One piece of work ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Read this period's scores as a load would, to answer its key at once.
    Read(Period),
    /// Score and keep this period in the file.
    Keep(Period),
}

/// How many people one step scores: a key waits at most for them (person by person, their
/// figures are a few index seeks each).
pub const PEOPLE_AT_A_TIME: usize = 50;

/// The pause between two steps of keeping.
const KEEP_PAUSE: Duration = Duration::from_millis(15);

/// The periods still to keep, and those kept since the file's last audited change (a change
/// may drop kept scores, so it starts the list again).
#[derive(Debug, Default)]
pub struct Ahead {
    queue: VecDeque<Period>,
    kept: HashSet<Period>,
    mark: Option<i64>,
    /// The periods either side of the one on screen, to read.
    to_read: VecDeque<Period>,
    /// Scores read ahead, as of `mark`.
    ready: Vec<PeriodScores>,
}

impl Ahead {
    /// `period` and its trend were just read (and so kept) when the file's mark was `mark`:
    /// plans the periods the next keys need that are not kept yet.
    pub fn after_load(&mut self, period: Period, fiscal_start: u32, mark: Option<i64>) {
        if mark != self.mark {
            self.kept.clear();
            self.ready.clear();
            self.mark = mark;
        }
        self.kept.extend((0..=TREND_PERIODS as i64).map(|i| period.shifted(-i)));
        self.queue = periods_ahead(period, fiscal_start).into_iter().filter(|p| !self.kept.contains(p)).collect();
        // Back in time first: the dashboard opens on the latest month.
        let either_side = [period.shifted(-1), period.shifted(1)];
        self.ready.retain(|s| either_side.contains(&s.period));
        self.to_read = either_side.into_iter().filter(|p| !self.ready.iter().any(|s| s.period == *p)).collect();
    }

    /// The next piece of work, taken as done: reads first, then periods to keep.
    pub fn next(&mut self) -> Option<Step> {
        if let Some(period) = self.to_read.pop_front() {
            return Some(Step::Read(period));
        }
        let period = self.queue.pop_front()?;
        self.kept.insert(period);
        Some(Step::Keep(period))
    }

    /// Scores read ahead when the file's mark was `mark`; dropped if it has changed since the
    /// plan (they could be out of date).
    pub fn read(&mut self, mark: Option<i64>, scores: PeriodScores) {
        if mark == self.mark {
            self.ready.push(scores);
        }
    }

    /// The scores of `period` read ahead, if the file's mark is still the one they were read at.
    pub fn take_ready(&mut self, period: Period, mark: Option<i64>) -> Option<PeriodScores> {
        if mark != self.mark {
            self.ready.clear();
            return None;
        }
        let at = self.ready.iter().position(|s| s.period == period)?;
        Some(self.ready.swap_remove(at))
    }

    /// `period` has more people to score: it comes next again.
    pub fn again(&mut self, period: Period) {
        self.queue.push_front(period);
    }

    /// How long to wait for a key before the next piece of work: none before a read ahead;
    /// a little between periods to keep, which leave the processor to drawing and the terminal
    /// (a branch server may have two cores, and keeping can take seconds).
    pub fn pause(&self) -> Duration {
        if self.to_read.is_empty() { KEEP_PAUSE } else { Duration::ZERO }
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty() && self.to_read.is_empty()
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
        let kept = |ahead: &mut Ahead| -> Vec<Period> {
            std::iter::from_fn(|| ahead.next())
                .filter_map(|step| match step {
                    Step::Keep(period) => Some(period),
                    Step::Read(_) => None,
                })
                .collect()
        };
        let mut ahead = Ahead::default();
        ahead.after_load(november, 1, Some(7));
        assert_eq!(kept(&mut ahead).len(), 28);
        // October's trend is November's shifted by one: only the month before it is new.
        ahead.after_load(october, 1, Some(7));
        assert_eq!(kept(&mut ahead), ["2025-09".parse::<Period>().unwrap()]);
        // An audited change since: everything may have to be scored again.
        ahead.after_load(october, 1, Some(8));
        assert_eq!(kept(&mut ahead).len(), 28);
    }

    fn scores(period: &str) -> PeriodScores {
        PeriodScores { period: period.parse().unwrap(), history: Vec::new(), branch: Default::default() }
    }

    #[test]
    fn the_months_either_side_are_read_first_and_answer_only_while_nothing_changed() {
        let november: Period = "2026-11".parse().unwrap();
        let mut ahead = Ahead::default();
        ahead.after_load(november, 1, Some(7));
        let (next, previous) = ("2026-12".parse().unwrap(), "2026-10".parse().unwrap());
        assert_eq!(ahead.next(), Some(Step::Read(previous)));
        assert_eq!(ahead.next(), Some(Step::Read(next)));
        assert!(matches!(ahead.next(), Some(Step::Keep(_))));
        ahead.read(Some(7), scores("2026-12"));
        // Read while a change came in: not kept.
        ahead.read(Some(8), scores("2026-10"));
        assert!(ahead.take_ready(previous, Some(7)).is_none());
        assert!(ahead.take_ready(next, Some(8)).is_none(), "a change since: read again");
        assert!(ahead.take_ready(next, Some(7)).is_none(), "dropped with the change");
        // Read and taken with nothing changed between.
        ahead.after_load(november, 1, Some(8));
        ahead.read(Some(8), scores("2026-10"));
        assert_eq!(ahead.take_ready(previous, Some(8)).map(|s| s.period), Some(previous));
        assert!(ahead.take_ready(previous, Some(8)).is_none(), "taken once");
    }
}
