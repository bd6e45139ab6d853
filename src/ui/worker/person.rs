//! Reading one person in full for the drill-down, on demand: their month, quarter-to-date and
//! year-to-date scorecards and each KPI month by month with who changed it last.

use crate::domain::actor::Actor;
use crate::domain::period::{Month, Period, PeriodKind};
use crate::store::{Store, StoreError, StoreResult};
use crate::ui::person::PersonDetail;

/// Reads the fiscal year of `month` (its figures as scoring reads them, live book-derived
/// actuals included, and the last change of each actual) and scores `login` from it.
pub fn read_person(store: &mut Store, actor: &Actor, login: &str, month: Month) -> StoreResult<PersonDetail> {
    if !actor.may_read_details_of(login) {
        return Err(StoreError::Invalid(format!("{} sees their own scorecard only, not {login}'s", actor.login)));
    }
    let fiscal_start = store.settings()?.fiscal_start();
    let year = Period::containing(month, PeriodKind::Year, fiscal_start).months(fiscal_start);
    let (first, last) = (year[0], year[year.len() - 1]);
    let branch = store.branch_data(first, last)?;
    let changes = store.last_changes(login, first, last)?;
    PersonDetail::score(&branch, login, month, store.current_month(), &changes)
        .ok_or_else(|| StoreError::Invalid(format!("{login} is not on the staff, or their role has no scorecard")))
}
