//! Writing the dashboard's changes: the one place the saving thread (and nothing else) saves
//! through; and the copy preview, which plans without writing.

use crate::domain::actor::Actor;
use crate::store::{ConfirmedPlan, CopyPlan, Expected, PeriodChange, Store, StoreResult, TargetCopy, ValueKey, Via};
use crate::ui::effect::{Change, CopyRequest, Saved};

/// Writes `change` to `store` as `actor`, from the dashboard.
pub fn save(store: &mut Store, actor: &Actor, change: &Change) -> StoreResult<Saved> {
    match change {
        Change::Value { edit, value } => store
            .set_value(
                actor,
                Via::Tui,
                edit.kind,
                ValueKey { login: &edit.login, kpi: &edit.kpi, month: edit.month },
                *value,
                Expected::Value(edit.seen),
            )
            .map(Saved::Replaced),
        Change::Rating { login, capability, rating, .. } => {
            store.set_capability_rating(actor, Via::Tui, login, capability, *rating).map(|()| Saved::Replaced(None))
        }
        Change::CopyTargets { request, confirmed } => store
            .copy_targets(actor, Via::Tui, &target_copy(request), ConfirmedPlan::Exactly(confirmed))
            .map(Saved::Copied),
        Change::MonthState { month, close, missing } => {
            let change = if *close { PeriodChange::CloseConfirmed { at_most: *missing } } else { PeriodChange::Reopen };
            store.change_period(actor, Via::Tui, *month, change).map(Saved::MonthState)
        }
        Change::Contact { customer_id, date, .. } => {
            store.record_contact(actor, Via::Tui, customer_id, *date).map(Saved::Contact)
        }
        Change::Assign { customer_ids, from_rm, rm, .. } => {
            store.assign_customers(actor, Via::Tui, customer_ids, rm, Some(from_rm)).map(Saved::Assigned)
        }
    }
}

/// What copying targets would write, for the plan dialog's preview.
pub fn plan_copy(store: &mut Store, actor: &Actor, request: &CopyRequest) -> StoreResult<CopyPlan> {
    store.plan_target_copy(actor, &target_copy(request))
}

fn target_copy(request: &CopyRequest) -> TargetCopy<'_> {
    TargetCopy {
        from: request.from,
        to: request.to,
        scale_percent: request.scale_percent,
        login: request.login.as_deref(),
    }
}
