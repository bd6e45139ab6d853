//! Targets and actuals: one number per (staff member, KPI, month); saving one, reading many.

use super::audit::{self, Change, Stamp, Via};
use super::error::{StoreError, StoreResult};
use super::{Store, month_state, settings, staff};
use crate::domain::actor::Actor;
use crate::domain::number::{check_kpi_value, check_target_value};
use crate::domain::period::Month;
use crate::domain::scoring::KpiMonths;
use crate::domain::team::TeamValues;
use crate::domain::template::Kpi;
use crate::import::ValueKind;
use rusqlite::{Connection, OptionalExtension, params};

/// The table of a kind of figure; a fixed name per kind, never user text.
pub(super) fn table(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Target => "target",
        ValueKind::Actual => "actual",
    }
}

/// Which figure: one staff member's, of one KPI, for one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueKey<'a> {
    pub login: &'a str,
    pub kpi: &'a str,
    pub month: Month,
}

impl ValueKey<'_> {
    /// The figure's key in the audit log and in messages: `login/kpi/YYYY-MM`.
    pub fn audit_key(&self) -> String {
        format!("{}/{}/{}", self.login, self.kpi, self.month)
    }
}

/// What the editor believed the stored value was when the edit started.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expected {
    /// Save regardless (scripts that own the value).
    Anything,
    /// Refuse as a conflict unless the stored value is still exactly this (`None`: absent).
    Value(Option<f64>),
}

/// One stored figure.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueRecord {
    pub login: String,
    pub kpi: String,
    pub month: Month,
    pub value: f64,
}

/// Prints a stored number so that reading it back gives the same `f64`.
pub fn format_value(value: f64) -> String {
    format!("{value}")
}

pub(super) fn stored_value(conn: &Connection, kind: ValueKind, key: ValueKey<'_>) -> StoreResult<Option<f64>> {
    let sql = format!("SELECT value FROM {} WHERE login = ?1 AND kpi = ?2 AND month = ?3", table(kind));
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![key.login, key.kpi, key.month.to_string()], |r| r.get(0))
        .optional()?)
}

/// Writes (or with `None` removes) one figure and audits it; returns the previous value.
/// Callers have already checked permission, the period and the KPI.
pub(super) fn write_value(
    conn: &Connection,
    stamp: &Stamp<'_>,
    kind: ValueKind,
    key: ValueKey<'_>,
    value: Option<f64>,
) -> StoreResult<Option<f64>> {
    let old = stored_value(conn, kind, key)?;
    if old == value {
        return Ok(old);
    }
    let ValueKey { login, kpi, month } = key;
    let table = table(kind);
    match value {
        Some(v) => {
            let sql = format!(
                "INSERT INTO {table} (login, kpi, month, value) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (login, kpi, month) DO UPDATE SET value = excluded.value"
            );
            conn.prepare_cached(&sql)?.execute(params![login, kpi, month.to_string(), v])?;
        }
        None => {
            let sql = format!("DELETE FROM {table} WHERE login = ?1 AND kpi = ?2 AND month = ?3");
            conn.prepare_cached(&sql)?.execute(params![login, kpi, month.to_string()])?;
        }
    }
    audit::append(
        conn,
        stamp,
        Change {
            action: if value.is_some() { "set" } else { "clear" },
            entity: kind.entity(),
            key: &key.audit_key(),
            old: old.map(format_value),
            new: value.map(format_value),
        },
    )?;
    Ok(old)
}

/// Checks that `actor` may write (or with `clearing`, remove) this figure now and returns the
/// KPI it belongs to.
pub(super) fn check_value_write(
    conn: &Connection,
    actor: &Actor,
    kind: ValueKind,
    key: ValueKey<'_>,
    clearing: bool,
) -> StoreResult<Kpi> {
    let ValueKey { login, kpi: kpi_code, month } = key;
    match kind {
        ValueKind::Target => actor.ensure_manager(if clearing { "clear targets" } else { "set targets" })?,
        ValueKind::Actual => actor.ensure_may_set_actual(login)?,
    }
    let member = staff::load_member(conn, login)?
        .ok_or_else(|| StoreError::Invalid(format!("no staff member has the login {login:?}")))?;
    let templates = settings::load_templates(conn)?;
    let kpi = templates.get(&member.role).and_then(|t| t.kpi(kpi_code)).cloned().ok_or_else(|| {
        StoreError::Invalid(format!("{kpi_code:?} is not a KPI of the {} role of {login}", member.role))
    })?;
    if kind == ValueKind::Actual {
        actor.ensure_may_enter(&kpi)?;
    }
    if month_state::is_closed(conn, month)? {
        return Err(StoreError::PeriodClosed(month));
    }
    Ok(kpi)
}

/// Actuals are entered only for months that have begun (up to `current`, the month of the
/// store's today); targets may be planned ahead, and a future actual may still be cleared.
pub(super) fn check_month_begun(kind: ValueKind, month: Month, current: Month) -> StoreResult<()> {
    if kind == ValueKind::Actual && month > current {
        return Err(StoreError::FutureActual { month, current });
    }
    Ok(())
}

impl Store {
    /// Saves (or with `value` `None`, clears) one target or actual for `actor`, in one
    /// transaction with its audit entry. Refuses (and writes nothing) when the actor may not
    /// (someone else's actual, a manager-entered KPI, a book-derived KPI for anyone),
    /// the month is closed, an actual is for a month after the current one, the value is out
    /// of range, or the stored value is no longer the one the editor saw.
    pub fn set_value(
        &mut self,
        actor: &Actor,
        via: Via,
        kind: ValueKind,
        key: ValueKey<'_>,
        value: Option<f64>,
        expected: Expected,
    ) -> StoreResult<Option<f64>> {
        let current_month = self.current_month();
        self.write(|tx| {
            let kpi = check_value_write(tx, actor, kind, key, value.is_none())?;
            if let Some(v) = value {
                check_month_begun(kind, key.month, current_month)?;
                check_kpi_value(v, kpi.unit).map_err(|e| StoreError::Invalid(format!("{}: {e}", kpi.code)))?;
                if kind == ValueKind::Target {
                    check_target_value(v).map_err(|e| StoreError::Invalid(format!("{}: {e}", kpi.code)))?;
                }
            }
            let current = stored_value(tx, kind, key)?;
            if let Expected::Value(seen) = expected
                && seen != current
            {
                let show = |v: Option<f64>| v.map(format_value).unwrap_or_else(|| "empty".into());
                return Err(StoreError::Conflict { key: key.audit_key(), expected: show(seen), found: show(current) });
            }
            write_value(tx, &Stamp::now(&actor.login, via), kind, key, value)
        })
    }

    /// The stored figure, if any.
    pub fn value_of(&self, kind: ValueKind, key: ValueKey<'_>) -> StoreResult<Option<f64>> {
        stored_value(&self.conn, kind, key)
    }

    /// Every stored figure of a kind, optionally limited to a month range and one login, in a
    /// stable order. Book-derived actuals of open months are not stored (they are read live, see
    /// [`Store::branch_data`]); what a reopened month stored when it closed is.
    pub fn value_records(
        &self,
        kind: ValueKind,
        months: Option<(Month, Month)>,
        login: Option<&str>,
    ) -> StoreResult<Vec<ValueRecord>> {
        load_value_records(&self.conn, kind, months, login)
    }

    /// The latest month up to `current` that anyone has reported an actual for; the dashboard
    /// and `export scorecard` open on it. An actual stored for a later month is ignored.
    pub fn latest_month_with_actuals(&self, current: Month) -> StoreResult<Option<Month>> {
        let month: Option<String> = self
            .conn
            .prepare_cached("SELECT max(month) FROM actual WHERE month <= ?1")?
            .query_row([current.to_string()], |r| r.get(0))?;
        Ok(month.and_then(|m| m.parse().ok()))
    }
}

pub(super) fn load_value_records(
    conn: &Connection,
    kind: ValueKind,
    months: Option<(Month, Month)>,
    login: Option<&str>,
) -> StoreResult<Vec<ValueRecord>> {
    let (first, last) = match months {
        Some((a, b)) => (Some(a.to_string()), Some(b.to_string())),
        None => (None, None),
    };
    let sql = format!(
        "SELECT login, kpi, month, value FROM {} WHERE (?1 IS NULL OR month >= ?1) AND (?2 IS NULL OR month <= ?2)
         AND (?3 IS NULL OR login = ?3) ORDER BY login, month, kpi",
        table(kind)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![first, last, login], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, f64>(3)?))
    })?;
    let mut records = Vec::new();
    for row in rows {
        let (login, kpi, month, value) = row?;
        let month =
            month.parse().map_err(|_| StoreError::Corrupt(format!("bad month {month:?} in {}", table(kind))))?;
        records.push(ValueRecord { login, kpi, month, value });
    }
    Ok(records)
}

/// Targets and actuals of every KPI within `first..=last`, grouped for scoring. Reads rows in
/// place and allocates a login or KPI code only the first time it appears: this is the
/// dashboard's largest read.
pub(super) fn load_team_values(conn: &Connection, first: Month, last: Month) -> StoreResult<TeamValues> {
    let mut values = TeamValues::new();
    let (first, last) = (first.to_string(), last.to_string());
    for kind in [ValueKind::Target, ValueKind::Actual] {
        let sql = format!("SELECT login, kpi, month, value FROM {} WHERE month >= ?1 AND month <= ?2", table(kind));
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![first, last])?;
        while let Some(row) = rows.next()? {
            let text = |i: usize| -> StoreResult<&str> { Ok(row.get_ref(i)?.as_str().map_err(rusqlite::Error::from)?) };
            let (login, kpi, month_text) = (text(0)?, text(1)?, text(2)?);
            let month: Month = month_text
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("bad month {month_text:?} in {}", table(kind))))?;
            let value: f64 = row.get(3)?;
            if !values.contains_key(login) {
                values.insert(login.to_string(), Default::default());
            }
            let Some(kpis) = values.get_mut(login) else { continue };
            if !kpis.contains_key(kpi) {
                kpis.insert(kpi.to_string(), KpiMonths::default());
            }
            let Some(entry) = kpis.get_mut(kpi) else { continue };
            match kind {
                ValueKind::Target => entry.targets.push((month, value)),
                ValueKind::Actual => entry.actuals.push((month, value)),
            }
        }
    }
    // Rows come in primary-key order, months first; sorting keeps that promise explicit.
    values.values_mut().flat_map(|kpis| kpis.values_mut()).for_each(KpiMonths::sort);
    Ok(values)
}

/// Targets and actuals of `logins` within `first..=last`: one seek per person and month on the
/// (month, login) key, so rescoring a few people reads only their rows.
pub(super) fn load_values_of(
    conn: &Connection,
    logins: &std::collections::BTreeSet<String>,
    first: Month,
    last: Month,
) -> StoreResult<TeamValues> {
    let mut values = TeamValues::new();
    for kind in [ValueKind::Target, ValueKind::Actual] {
        let sql = format!("SELECT kpi, value FROM {} WHERE month = ?1 AND login = ?2", table(kind));
        let mut stmt = conn.prepare_cached(&sql)?;
        for login in logins {
            let kpis = values.entry(login.clone()).or_default();
            let mut month = first;
            while month <= last {
                let mut rows = stmt.query(params![month.to_string(), login])?;
                while let Some(row) = rows.next()? {
                    let entry = kpis.entry(row.get::<_, String>(0)?).or_default();
                    let list = match kind {
                        ValueKind::Target => &mut entry.targets,
                        ValueKind::Actual => &mut entry.actuals,
                    };
                    list.push((month, row.get(1)?));
                }
                month = month.plus(1);
            }
        }
    }
    Ok(values)
}
