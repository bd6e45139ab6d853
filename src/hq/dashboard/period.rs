//! Which period head office shows: where it starts, `[` and `]` steps (never past the period
//! that holds today: head office plans nothing), and `p`'s month → quarter → year cycle that
//! comes back to the month it left. Quarters and years are head office's fiscal ones: they
//! start in `fiscal_start`, the month most branches start their year in
//! (`HqPeriods::fiscal_start`), as the branch dashboard uses its branch's setting. Pure:
//! today and the fiscal start are given.

use crate::domain::period::{Month, Period, PeriodKind};
use chrono::NaiveDate;

/// The latest month with actuals up to today's month, else today's month.
pub fn starting_period(latest_month_with_actuals: Option<Month>, today: NaiveDate) -> Period {
    let current = Month::of_date(today);
    Period::Month(latest_month_with_actuals.filter(|m| *m <= current).unwrap_or(current))
}

/// The period of `kind` that holds today.
fn current(kind: PeriodKind, today: NaiveDate, fiscal_start: u32) -> Period {
    Period::containing(Month::of_date(today), kind, fiscal_start)
}

fn first_month(period: Period, fiscal_start: u32) -> Month {
    period.months(fiscal_start)[0]
}

/// `period` moved `steps` of its kind, or why not (a period that has not begun).
pub fn step(period: Period, steps: i64, today: NaiveDate, fiscal_start: u32) -> Result<Period, String> {
    let next = period.shifted(steps);
    let latest = current(next.kind(), today, fiscal_start);
    if first_month(next, fiscal_start) > first_month(latest, fiscal_start) {
        return Err(format!("{next} has not begun: head office shows periods up to {latest}"));
    }
    Ok(next)
}

/// The next kind of `p`'s cycle from `period`. Leaving a month remembers it in `month_left`;
/// coming back to months lands on it when the year on screen holds it, else on the year's
/// last month that has begun.
pub fn cycle(period: Period, month_left: &mut Option<Month>, today: NaiveDate, fiscal_start: u32) -> Period {
    match period {
        Period::Month(month) => {
            *month_left = Some(month);
            period.as_kind(PeriodKind::Quarter, fiscal_start)
        }
        _ => {
            let kind = period.kind().next();
            if let (PeriodKind::Month, Some(month)) = (kind, *month_left)
                && period.months(fiscal_start).contains(&month)
            {
                return Period::Month(month);
            }
            let next = period.as_kind(kind, fiscal_start);
            let latest = current(kind, today, fiscal_start);
            if first_month(next, fiscal_start) > first_month(latest, fiscal_start) { latest } else { next }
        }
    }
}
