//! Moving between periods: `[` and `]` step, `p` cycles month → quarter → year and comes back
//! to the month it left. Staff stop at the current period; the branch manager may go ahead to
//! plan targets.

use super::{App, LoadReason};
use crate::domain::period::{Month, Period, PeriodKind};
use crate::ui::effect::Effect;

/// How far ahead of the current month the branch manager may step to plan targets.
pub const PLAN_AHEAD_MONTHS: i64 = 12;

impl App {
    fn fiscal_start(&self) -> u32 {
        self.data.as_ref().map(|d| d.fiscal_start()).unwrap_or(1)
    }

    /// The latest period of `kind` that has begun.
    fn latest(&self, kind: PeriodKind) -> Period {
        Period::containing(Month::of_date(self.today), kind, self.fiscal_start())
    }

    fn starts(&self, period: Period) -> Month {
        period.months(self.fiscal_start())[0]
    }

    /// Whether `period` may be shown: one that has begun, or for the manager one that begins
    /// within the planning horizon.
    fn within_reach(&self, period: Period) -> bool {
        let horizon = if self.actor.is_manager() {
            Month::of_date(self.today).plus(PLAN_AHEAD_MONTHS)
        } else {
            self.starts(self.latest(period.kind()))
        };
        self.starts(period) <= horizon
    }

    pub(super) fn set_period(&mut self, period: Period) -> Vec<Effect> {
        if !self.within_reach(period) {
            let why = if self.actor.is_manager() {
                format!("{period} is too far ahead: targets are planned up to {PLAN_AHEAD_MONTHS} months ahead")
            } else {
                format!("{period} is in the future")
            };
            return vec![Effect::info(why)];
        }
        if let Period::Month(_) = period {
            self.month_left = None;
        }
        vec![self.load(period, LoadReason::Period)]
    }

    pub(super) fn cycle_period_kind(&mut self) -> Vec<Effect> {
        let fiscal_start = self.fiscal_start();
        let period = self.period;
        let next = match period {
            Period::Month(month) => {
                self.month_left = Some(month);
                period.as_kind(period.kind().next(), fiscal_start)
            }
            _ => match (period.kind().next(), self.month_left) {
                // Back to the month `p` left, if it is inside the period now on screen.
                (PeriodKind::Month, Some(month)) if period.months(fiscal_start).contains(&month) => {
                    Period::Month(month)
                }
                (kind, _) => {
                    // A year seen as a month is its December; before December ends, the latest month.
                    let next = period.as_kind(kind, fiscal_start);
                    // Cycling never lands ahead of today; only `]` goes ahead to plan.
                    if self.starts(next) > self.starts(self.latest(kind)) { self.latest(kind) } else { next }
                }
            },
        };
        self.set_period(next)
    }
}
