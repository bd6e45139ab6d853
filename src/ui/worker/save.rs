//! Writing the dashboard's changes: the one place the saving thread (and nothing else) saves
//! through.

use crate::domain::actor::Actor;
use crate::import::ValueKind;
use crate::store::{Expected, Store, StoreResult, ValueKey, Via};
use crate::ui::effect::Change;

/// Writes `change` to `store` as `actor`, from the dashboard; for an actual, returns the value
/// it replaced.
pub fn save(store: &mut Store, actor: &Actor, change: &Change) -> StoreResult<Option<f64>> {
    match change {
        Change::Actual { login, kpi, month, value, seen, .. } => store.set_value(
            actor,
            Via::Tui,
            ValueKind::Actual,
            ValueKey { login, kpi, month: *month },
            Some(*value),
            Expected::Value(*seen),
        ),
        Change::Rating { login, capability, rating, .. } => {
            store.set_capability_rating(actor, Via::Tui, login, capability, *rating).map(|()| None)
        }
    }
}
