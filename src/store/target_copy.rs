//! Planning a month: copying one month's targets to another, scaled.

use super::audit::{Stamp, Via};
use super::error::{StoreError, StoreResult};
use super::values::{ValueKey, format_value, load_value_records, stored_value, write_value};
use super::{Store, periods, settings, staff};
use crate::domain::actor::Actor;
use crate::domain::number::{check_kpi_value, check_target_value};
use crate::domain::period::Month;
use crate::domain::template::Unit;
use crate::import::ValueKind;
use rusqlite::Connection;
use std::collections::HashMap;

/// Which targets to copy, and how much to scale them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetCopy<'a> {
    pub from: Month,
    pub to: Month,
    /// 100.0 = unchanged
    pub scale_percent: f64,
    /// None: the whole team
    pub login: Option<&'a str>,
}

/// One target the copy writes: `old` is what the destination month holds now.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedTarget {
    pub login: String,
    pub kpi: String,
    pub old: Option<f64>,
    pub new: f64,
}

/// What a copy writes, and what it leaves as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CopyPlan {
    pub writes: Vec<PlannedTarget>,
    /// targets already equal to what the copy would write
    pub unchanged: usize,
    /// source targets left out (login no longer on staff, KPI no longer in the role's template)
    pub skipped: usize,
}

impl CopyPlan {
    /// Writes into a (login, KPI) that has no target in the destination month yet.
    pub fn new_targets(&self) -> usize {
        self.writes.iter().filter(|w| w.old.is_none()).count()
    }

    /// Writes over a different target already in the destination month.
    pub fn replaced(&self) -> usize {
        self.writes.iter().filter(|w| w.old.is_some()).count()
    }
}

/// What the person confirming a copy was shown, so that a copy whose plan changed since is
/// refused instead of writing over targets they did not see (`Expected` does this for one value).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConfirmedPlan<'a> {
    /// Write whatever the copy plans now: the command line, which shows no preview.
    Anything,
    /// Refuse as a conflict unless the copy would still write exactly this plan.
    Exactly(&'a CopyPlan),
}

/// `value` scaled by `scale_percent`, rounded as targets of `unit` are kept: counts to a whole
/// number, everything else to 2 decimals, halves away from zero. At 100 % the value is copied
/// as it is. A count above 0 never scales down to 0: a target of 0 would score any actual at
/// the cap (SPEC §3), so it stays at least 1.
pub fn scaled_target(value: f64, scale_percent: f64, unit: Unit) -> f64 {
    if scale_percent == 100.0 {
        return value;
    }
    let decimals = if unit == Unit::Count { 0 } else { 2 };
    let scaled = round_half_away(value * scale_percent / 100.0, decimals);
    if unit == Unit::Count && value > 0.0 && scaled < 1.0 { 1.0 } else { scaled }
}

/// Rounds half away from zero at `decimals` places. The product is first snapped to 6 places
/// beyond the rounding digit, so that binary noise (1.005 × 100 = 100.49999999999999) does not
/// decide which way a half goes.
fn round_half_away(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    let shifted = value * factor;
    let snapped = (shifted * 1e6).round() / 1e6;
    // `+ 0.0` turns a rounded -0 into 0, which prints and compares as people expect.
    snapped.round() / factor + 0.0
}

/// Checks what a copy asks for before anything is read.
fn check_request(copy: &TargetCopy<'_>) -> StoreResult<()> {
    if copy.from == copy.to {
        return Err(StoreError::Invalid(format!(
            "cannot copy {} onto itself; choose another month to copy to (--to)",
            copy.from
        )));
    }
    if !copy.scale_percent.is_finite() || copy.scale_percent <= 0.0 {
        return Err(StoreError::Invalid(format!(
            "scale {}% must be a number above 0 (100 copies the targets unchanged, 110 adds 10%)",
            copy.scale_percent
        )));
    }
    Ok(())
}

/// What the copy would write, read inside `conn`'s transaction. Refuses the whole copy when the
/// actor is not the manager, the destination month is closed, the login is unknown, or any
/// scaled value is out of range for its KPI.
fn plan_copy(conn: &Connection, actor: &Actor, copy: &TargetCopy<'_>) -> StoreResult<CopyPlan> {
    actor.ensure_manager("copy targets")?;
    check_request(copy)?;
    if let Some(login) = copy.login
        && staff::load_member(conn, login)?.is_none()
    {
        return Err(StoreError::Invalid(format!("no staff member has the login {login:?}")));
    }
    if periods::is_closed(conn, copy.to)? {
        return Err(StoreError::PeriodClosed(copy.to));
    }
    let roles: HashMap<String, _> = staff::load_staff(conn)?.into_iter().map(|m| (m.login, m.role)).collect();
    let templates = settings::load_templates(conn)?;
    let mut plan = CopyPlan::default();
    for source in load_value_records(conn, ValueKind::Target, Some((copy.from, copy.from)), copy.login)? {
        let kpi = roles.get(&source.login).and_then(|role| templates.get(role)).and_then(|t| t.kpi(&source.kpi));
        let Some(kpi) = kpi else {
            plan.skipped += 1;
            continue;
        };
        let key = ValueKey { login: &source.login, kpi: &source.kpi, month: copy.to };
        let new = scaled_target(source.value, copy.scale_percent, kpi.unit);
        if let Err(e) = check_kpi_value(new, kpi.unit).and_then(|()| check_target_value(new)) {
            return Err(StoreError::Invalid(format!(
                "cannot copy {}: {} × {}% gives {new}, but {e}; nothing was copied",
                key.audit_key(),
                source.value,
                copy.scale_percent
            )));
        }
        let old = stored_value(conn, ValueKind::Target, key)?;
        if old == Some(new) {
            plan.unchanged += 1;
        } else {
            plan.writes.push(PlannedTarget { login: source.login, kpi: source.kpi, old, new });
        }
    }
    Ok(plan)
}

/// How a plan read now differs from the one confirmed, as a conflict: the first destination
/// target that someone changed meanwhile (as it was shown and as it is stored now), else the
/// first target the copy would now write with another value (a source target changed), else
/// the two plans' counts (the staff or the templates changed). `None` when they agree.
fn plan_conflict(
    conn: &Connection,
    copy: &TargetCopy<'_>,
    confirmed: &CopyPlan,
    now: &CopyPlan,
) -> StoreResult<Option<StoreError>> {
    if confirmed == now {
        return Ok(None);
    }
    let show = |v: Option<f64>| v.map(format_value).unwrap_or_else(|| "empty".into());
    for seen in &confirmed.writes {
        let key = ValueKey { login: &seen.login, kpi: &seen.kpi, month: copy.to };
        let stored = stored_value(conn, ValueKind::Target, key)?;
        if stored != seen.old {
            let (expected, found) = (show(seen.old), show(stored));
            return Ok(Some(StoreError::Conflict { key: key.audit_key(), expected, found }));
        }
    }
    // A source target changed: the same destination would now get another value.
    for seen in &confirmed.writes {
        let planned = now.writes.iter().find(|w| w.login == seen.login && w.kpi == seen.kpi);
        if let Some(planned) = planned.filter(|w| w.new != seen.new) {
            let key = ValueKey { login: &seen.login, kpi: &seen.kpi, month: copy.to };
            let (expected, found) = (show(Some(seen.new)), show(Some(planned.new)));
            return Ok(Some(StoreError::Conflict { key: format!("the copy to {}", key.audit_key()), expected, found }));
        }
    }
    let counts = |plan: &CopyPlan| {
        format!("{} to write ({} new, {} replaced)", plan.writes.len(), plan.new_targets(), plan.replaced())
    };
    Ok(Some(StoreError::Conflict {
        key: format!("the copy of {}'s targets to {}", copy.from, copy.to),
        expected: counts(confirmed),
        found: counts(now),
    }))
}

impl Store {
    /// What `copy_targets` would write, without writing (manager only).
    pub fn plan_target_copy(&mut self, actor: &Actor, copy: &TargetCopy<'_>) -> StoreResult<CopyPlan> {
        self.read(|tx| plan_copy(tx, actor, copy))
    }

    /// Writes the plan in ONE transaction (re-planned inside it), each target audited like
    /// `target set` (action "set", entity target, via given); returns the plan written. With
    /// `ConfirmedPlan::Exactly`, a plan that differs from the one confirmed is refused as a
    /// conflict and nothing is written.
    pub fn copy_targets(
        &mut self,
        actor: &Actor,
        via: Via,
        copy: &TargetCopy<'_>,
        confirmed: ConfirmedPlan<'_>,
    ) -> StoreResult<CopyPlan> {
        self.write(|tx| {
            let plan = plan_copy(tx, actor, copy)?;
            if let ConfirmedPlan::Exactly(shown) = confirmed
                && let Some(conflict) = plan_conflict(tx, copy, shown, &plan)?
            {
                return Err(conflict);
            }
            let stamp = Stamp::now(&actor.login, via);
            for target in &plan.writes {
                let key = ValueKey { login: &target.login, kpi: &target.kpi, month: copy.to };
                write_value(tx, &stamp, ValueKind::Target, key, Some(target.new))?;
            }
            Ok(plan)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_round_to_whole_numbers_half_away_from_zero() {
        // 7 × 110 / 100 = 7.7 → 8; 5 × 110 / 100 = 5.5 → 6 (a half goes up); 4 × 110 / 100 = 4.4 → 4.
        assert_eq!(scaled_target(7.0, 110.0, Unit::Count), 8.0);
        assert_eq!(scaled_target(5.0, 110.0, Unit::Count), 6.0);
        assert_eq!(scaled_target(4.0, 110.0, Unit::Count), 4.0);
        // 3 × 50 / 100 = 1.5 → 2; 1 × 50 / 100 = 0.5 → 1.
        assert_eq!(scaled_target(3.0, 50.0, Unit::Count), 2.0);
        assert_eq!(scaled_target(1.0, 50.0, Unit::Count), 1.0);
    }

    #[test]
    fn other_units_round_to_two_decimals() {
        // 12 × 110 / 100 = 13.2 (binary: 13.200000000000001 before rounding).
        assert_eq!(scaled_target(12.0, 110.0, Unit::Currency), 13.2);
        // 80 × 110 / 100 = 88.
        assert_eq!(scaled_target(80.0, 110.0, Unit::Percent), 88.0);
        // 1234.56 × 107.5 / 100 = 1327.152 → 1327.15.
        assert_eq!(scaled_target(1234.56, 107.5, Unit::Currency), 1327.15);
        // 2.01 × 50 / 100 = 1.005 → 1.01 (a half goes up, binary noise notwithstanding).
        assert_eq!(scaled_target(2.01, 50.0, Unit::Ratio), 1.01);
        // 3.333 × 101 / 100 = 3.36633 → 3.37.
        assert_eq!(scaled_target(3.333, 101.0, Unit::Days), 3.37);
        // 4.5 × 90 / 100 = 4.05 → 4.05 for a 1–5 score.
        assert_eq!(scaled_target(4.5, 90.0, Unit::Score), 4.05);
    }

    #[test]
    fn a_plain_copy_keeps_every_digit_and_a_count_never_scales_to_zero() {
        // 100 % copies as is: 3.333 stays 3.333 (rounding would change a target nobody scaled).
        assert_eq!(scaled_target(3.333, 100.0, Unit::Percent), 3.333);
        // 1 × 40 / 100 = 0.4 → 0 would make any actual score the cap; it stays 1. 0 stays 0.
        assert_eq!(scaled_target(1.0, 40.0, Unit::Count), 1.0);
        assert_eq!(scaled_target(0.0, 40.0, Unit::Count), 0.0);
        assert_eq!(scaled_target(4.0, 40.0, Unit::Count), 2.0); // 1.6 → 2
    }

    #[test]
    fn halves_below_zero_round_away_from_zero() {
        // Targets are never negative, but the rounding is symmetric: -2.5 → -3, -1.005 → -1.01.
        assert_eq!(round_half_away(-2.5, 0), -3.0);
        assert_eq!(round_half_away(-1.005, 2), -1.01);
        assert_eq!(round_half_away(-0.001, 2).to_bits(), 0f64.to_bits(), "no negative zero");
    }

    #[test]
    fn requests_that_make_no_sense_are_refused() {
        let month = |m: &str| m.parse::<Month>().unwrap();
        let copy =
            |from, to, scale_percent| TargetCopy { from: month(from), to: month(to), scale_percent, login: None };
        assert!(check_request(&copy("2026-11", "2026-12", 110.0)).is_ok());
        let same = check_request(&copy("2026-11", "2026-11", 100.0)).unwrap_err();
        assert_eq!(same.to_string(), "cannot copy 2026-11 onto itself; choose another month to copy to (--to)");
        for bad in [0.0, -10.0, f64::NAN, f64::INFINITY] {
            let refused = check_request(&copy("2026-11", "2026-12", bad)).unwrap_err();
            assert!(matches!(refused, StoreError::Invalid(_)), "{bad}: {refused}");
            assert!(refused.to_string().contains("must be a number above 0"), "{refused}");
        }
    }
}
