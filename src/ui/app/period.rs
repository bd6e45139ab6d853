//! Moving between periods: `[` and `]` step, `p` cycles month → quarter → year and comes back
//! to the month it left.

use super::{App, LoadReason};
use crate::domain::period::{Month, Period, PeriodKind};
use crate::ui::effect::Effect;

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

    pub(super) fn set_period(&mut self, period: Period) -> Vec<Effect> {
        if self.starts(period) > self.starts(self.latest(period.kind())) {
            return vec![Effect::info(format!("{period} is in the future"))];
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
                    if self.starts(next) > self.starts(self.latest(kind)) { self.latest(kind) } else { next }
                }
            },
        };
        self.set_period(next)
    }
}
