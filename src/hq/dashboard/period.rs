//! Which period head office shows: where it starts, `[` and `]` steps (never past the period
//! that holds today: head office plans nothing), and `p`'s month → quarter → year cycle that
//! comes back to the month it left. Pure: today is given.

use crate::domain::period::{Month, Period, PeriodKind};
use chrono::NaiveDate;

/// Head office names periods as branches name them; stepping and cycling use calendar
/// quarters and years, the default every branch starts with (SPEC §2).
const FISCAL_START: u32 = 1;

/// The latest month with actuals up to today's month, else today's month.
pub fn starting_period(latest_month_with_actuals: Option<Month>, today: NaiveDate) -> Period {
    let current = Month::of_date(today);
    Period::Month(latest_month_with_actuals.filter(|m| *m <= current).unwrap_or(current))
}

/// The period of `kind` that holds today.
fn current(kind: PeriodKind, today: NaiveDate) -> Period {
    Period::containing(Month::of_date(today), kind, FISCAL_START)
}

fn first_month(period: Period) -> Month {
    period.months(FISCAL_START)[0]
}

/// `period` moved `steps` of its kind, or why not (a period that has not begun).
pub fn step(period: Period, steps: i64, today: NaiveDate) -> Result<Period, String> {
    let next = period.shifted(steps);
    if first_month(next) > first_month(current(next.kind(), today)) {
        return Err(format!("{next} has not begun: head office shows periods up to {}", current(next.kind(), today)));
    }
    Ok(next)
}

/// The next kind of `p`'s cycle from `period`. Leaving a month remembers it in `month_left`;
/// coming back to months lands on it when the year on screen holds it, else on the year's
/// last month that has begun.
pub fn cycle(period: Period, month_left: &mut Option<Month>, today: NaiveDate) -> Period {
    match period {
        Period::Month(month) => {
            *month_left = Some(month);
            period.as_kind(PeriodKind::Quarter, FISCAL_START)
        }
        _ => {
            let kind = period.kind().next();
            if let (PeriodKind::Month, Some(month)) = (kind, *month_left)
                && period.months(FISCAL_START).contains(&month)
            {
                return Period::Month(month);
            }
            let next = period.as_kind(kind, FISCAL_START);
            let latest = current(kind, today);
            if first_month(next) > first_month(latest) { latest } else { next }
        }
    }
}
