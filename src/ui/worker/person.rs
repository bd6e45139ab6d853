//! Reading one person in full for the drill-down, on demand: their month, quarter-to-date and
//! year-to-date scorecards, each KPI month by month with who changed it last, and their whole
//! scorecards over the trend periods (the KPI trends).

use crate::domain::actor::Actor;
use crate::domain::period::{Period, PeriodKind};
use crate::store::{Store, StoreError, StoreResult};
use crate::ui::data::TREND_PERIODS;
use crate::ui::person::PersonDetail;

/// Reads the fiscal year of the last month of `period` (its figures as scoring reads them, live
/// book-derived actuals included, and the last change of each actual) and scores `login` from
/// it, with their kept scorecards of the `TREND_PERIODS` periods ending with `period`.
pub fn read_person(store: &mut Store, actor: &Actor, login: &str, period: Period) -> StoreResult<PersonDetail> {
    if !actor.may_read_details_of(login) {
        return Err(StoreError::Invalid(format!("{} sees their own scorecard only, not {login}'s", actor.login)));
    }
    let fiscal_start = store.settings()?.fiscal_start();
    let months = period.months(fiscal_start);
    let month = months[months.len() - 1];
    let year = Period::containing(month, PeriodKind::Year, fiscal_start).months(fiscal_start);
    let (first, last) = (year[0], year[year.len() - 1]);
    let branch = store.person_data(login, first, last)?;
    let changes = store.last_changes(login, first, last)?;
    let detail = PersonDetail::score(&branch, login, month, store.current_month(), &changes)
        .ok_or_else(|| StoreError::Invalid(format!("{login} is not on the staff, or their role has no scorecard")))?;
    Ok(detail.with_trend(period, store.person_history(login, period, TREND_PERIODS)?))
}
