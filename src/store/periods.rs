//! Month states: open months take edits, closed months refuse them until reopened.

use super::Store;
use super::audit::{self, Change, Stamp, Via};
use super::book::load_book_figures;
use super::error::{StoreError, StoreResult};
pub(super) use super::month_state::{closed_months, is_closed};
use super::values::{ValueKey, write_value};
use crate::domain::actor::Actor;
use crate::domain::book::BookFigures;
use crate::domain::period::Month;
use crate::import::ValueKind;
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// Records a month's state and audits the change; a no-op when it already has that state.
pub(super) fn write_state(conn: &Connection, stamp: &Stamp<'_>, month: Month, closed: bool) -> StoreResult<bool> {
    let was_closed = is_closed(conn, month)?;
    if was_closed == closed {
        return Ok(false);
    }
    let state = if closed { "closed" } else { "open" };
    conn.prepare_cached(
        "INSERT INTO period_state (month, state) VALUES (?1, ?2)
         ON CONFLICT (month) DO UPDATE SET state = excluded.state",
    )?
    .execute(params![month.to_string(), state])?;
    audit::append(
        conn,
        stamp,
        Change {
            action: if closed { "close" } else { "reopen" },
            entity: "period",
            key: &month.to_string(),
            old: Some(if was_closed { "closed" } else { "open" }.into()),
            new: Some(state.into()),
        },
    )?;
    Ok(true)
}

/// Per login, how many of the month's targets have no actual, by login; logins with none are left out.
pub(super) fn missing_actuals(conn: &Connection, month: Month) -> StoreResult<Vec<(String, u64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.login, count(*) FROM target t
         WHERE t.month = ?1
           AND NOT EXISTS (SELECT 1 FROM actual a WHERE a.month = t.month AND a.login = t.login AND a.kpi = t.kpi)
         GROUP BY t.login ORDER BY t.login",
    )?;
    let rows = stmt.query_map([month.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut missing = Vec::new();
    for row in rows {
        let (login, count) = row?;
        missing.push((login, u64::try_from(count).unwrap_or(0)));
    }
    Ok(missing)
}

/// The (login, KPI) cells of a month that have a target, by login then KPI, and whether each
/// has a stored actual.
fn targeted_cells(conn: &Connection, month: Month) -> StoreResult<Vec<(String, String, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.login, t.kpi, EXISTS (SELECT 1 FROM actual a WHERE a.month = t.month AND a.login = t.login AND a.kpi = t.kpi)
         FROM target t WHERE t.month = ?1 ORDER BY t.login, t.kpi",
    )?;
    let rows = stmt.query_map([month.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The live value of one person's KPI when it is book-derived: `Some(None)` when the book has
/// no value for it, `None` when the KPI is not book-derived for them.
fn book_value(figures: &HashMap<String, BookFigures>, login: &str, kpi: &str) -> Option<Option<f64>> {
    figures.get(login)?.iter().find(|(code, _)| code == kpi).map(|(_, value)| *value)
}

/// Stores the book-derived figures as `month`'s actuals, audited with `stamp`; a figure without
/// a value removes a stored one, so the closed month shows what its open month showed.
fn store_book_figures(
    conn: &Connection,
    stamp: &Stamp<'_>,
    month: Month,
    figures: &HashMap<String, BookFigures>,
) -> StoreResult<()> {
    let mut logins: Vec<&String> = figures.keys().collect();
    logins.sort();
    for login in logins {
        for (kpi, value) in &figures[login] {
            write_value(conn, stamp, ValueKind::Actual, ValueKey { login, kpi, month }, *value)?;
        }
    }
    Ok(())
}

/// A change of a month's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodChange {
    /// Close the month; unless `allow_missing`, refused while a target of the month has no actual.
    Close {
        allow_missing: bool,
    },
    /// Close the month after a confirmation that showed `at_most` values still missing; refused
    /// if more are missing now (someone cleared one meanwhile), so nothing closes as missing
    /// that the confirmation did not count.
    CloseConfirmed {
        at_most: u64,
    },
    Reopen,
}

/// One month as `period list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodSummary {
    pub month: Month,
    pub closed: bool,
    /// (login, KPI) cells of the month with a target.
    pub targeted: u64,
    /// Targeted cells that also have an actual.
    pub reported: u64,
}

impl PeriodSummary {
    pub fn unreported(&self) -> u64 {
        self.targeted.saturating_sub(self.reported)
    }
}

impl Store {
    /// Closes or reopens a month (branch manager only). Returns false when it already was so.
    /// Closing is refused while targets of the month have no actual; see [`Store::change_period`].
    pub fn set_period_closed(&mut self, actor: &Actor, via: Via, month: Month, closed: bool) -> StoreResult<bool> {
        let change = if closed { PeriodChange::Close { allow_missing: false } } else { PeriodChange::Reopen };
        self.change_period(actor, via, month, change)
    }

    /// Closes or reopens a month (branch manager only), audited; returns false when it already
    /// was so. Closing checks for targets without an actual in the same transaction that closes,
    /// so a value cleared meanwhile cannot slip through.
    ///
    /// Closing first stores each RM's book-derived KPIs as the month's actuals, computed from
    /// the book as of the store's today and audited via `close` (a KPI the book has no value
    /// for, having no active customer, is left without one), and only then counts what is
    /// missing: the stored values count as reported. A refused close writes nothing. Reopening
    /// leaves the stored values where they are, but an open month reads its book-derived KPIs
    /// live again (see [`Store::branch_data`]), and closing it again stores them anew.
    pub fn change_period(&mut self, actor: &Actor, via: Via, month: Month, change: PeriodChange) -> StoreResult<bool> {
        let closing = !matches!(change, PeriodChange::Reopen);
        actor.ensure_manager(if closing { "close periods" } else { "reopen periods" })?;
        let (today, current) = (self.today, self.current_month());
        if closing && month > current {
            return Err(StoreError::FutureClose { month, current });
        }
        let stamp = Stamp::now(&actor.login, via);
        // The values closing stores carry the close's time and actor, and say they came from it.
        let stored_by_close = Stamp { via: Via::Close, ..stamp.clone() };
        self.write(|tx| {
            if closing && !is_closed(tx, month)? {
                store_book_figures(tx, &stored_by_close, month, &load_book_figures(tx, today)?)?;
                let allowed = match change {
                    PeriodChange::Close { allow_missing: true } | PeriodChange::Reopen => None,
                    PeriodChange::Close { allow_missing: false } => Some(0),
                    PeriodChange::CloseConfirmed { at_most } => Some(at_most),
                };
                if let Some(allowed) = allowed {
                    let missing = missing_actuals(tx, month)?;
                    let total = missing.iter().map(|(_, n)| n).sum();
                    if total > allowed {
                        return Err(StoreError::MissingActuals { month, total, missing });
                    }
                }
            }
            write_state(tx, &stamp, month, closing)
        })
    }

    /// What closing `month` now would find missing, per login (logins with none are left out):
    /// targeted values without an actual, where a book-derived KPI counts as reported when the
    /// book gives it a value (closing stores it). For a closed month, what is stored.
    pub fn missing_for_close(&mut self, month: Month) -> StoreResult<Vec<(String, u64)>> {
        let (today, current) = (self.today, self.current_month());
        self.read(|tx| {
            if is_closed(tx, month)? || month > current {
                return missing_actuals(tx, month);
            }
            let figures = load_book_figures(tx, today)?;
            let mut missing: Vec<(String, u64)> = Vec::new();
            for (login, kpi, has_actual) in targeted_cells(tx, month)? {
                let reported = match book_value(&figures, &login, &kpi) {
                    Some(value) => value.is_some(),
                    None => has_actual,
                };
                if reported {
                    continue;
                }
                match missing.last_mut() {
                    Some((last, count)) if *last == login => *count += 1,
                    _ => missing.push((login, 1)),
                }
            }
            Ok(missing)
        })
    }

    /// Every month that has targets, actuals or a recorded state, oldest first, with its state
    /// and how many targeted cells are reported: the whole branch's, or with `login` that
    /// person's own (the months and states stay the branch's). In open months up to the
    /// current one, book-derived KPIs count as reported when the book gives them a value, as
    /// scoring counts them.
    pub fn period_summaries(&mut self, login: Option<&str>) -> StoreResult<Vec<PeriodSummary>> {
        let (today, current) = (self.today, self.current_month());
        self.read(|tx| {
            let mut summaries = stored_period_summaries(tx, login)?;
            let mut live =
                summaries.iter_mut().filter(|s| !s.closed && s.month <= current && s.targeted > 0).peekable();
            if live.peek().is_none() {
                return Ok(summaries);
            }
            let figures = load_book_figures(tx, today)?;
            if figures.is_empty() {
                return Ok(summaries);
            }
            for summary in live {
                for (cell_login, kpi, has_actual) in targeted_cells(tx, summary.month)? {
                    if login.is_some_and(|l| l != cell_login) {
                        continue;
                    }
                    match book_value(&figures, &cell_login, &kpi) {
                        Some(Some(_)) if !has_actual => summary.reported += 1,
                        Some(None) if has_actual => summary.reported = summary.reported.saturating_sub(1),
                        _ => {}
                    }
                }
            }
            Ok(summaries)
        })
    }
}

/// `period_summaries` as the stored values alone have it.
fn stored_period_summaries(tx: &Connection, login: Option<&str>) -> StoreResult<Vec<PeriodSummary>> {
    let mut stmt = tx.prepare_cached(
        "WITH months AS (
             SELECT month FROM target UNION SELECT month FROM actual UNION SELECT month FROM period_state
         ),
         counts AS (
             SELECT t.month, count(*) AS targeted, count(a.value) AS reported
             FROM target t
             LEFT JOIN actual a ON a.month = t.month AND a.login = t.login AND a.kpi = t.kpi
             WHERE ?1 IS NULL OR t.login = ?1
             GROUP BY t.month
         )
         SELECT m.month, coalesce(p.state, 'open'), coalesce(c.targeted, 0), coalesce(c.reported, 0)
         FROM months m
         LEFT JOIN counts c ON c.month = m.month
         LEFT JOIN period_state p ON p.month = m.month
         ORDER BY m.month",
    )?;
    let rows = stmt.query_map([login], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
    })?;
    let mut summaries = Vec::new();
    for row in rows {
        let (month, state, targeted, reported) = row?;
        let month = month.parse().map_err(|_| StoreError::Corrupt(format!("bad month {month:?}")))?;
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        summaries.push(PeriodSummary {
            month,
            closed: state == "closed",
            targeted: count(targeted),
            reported: count(reported),
        });
    }
    Ok(summaries)
}
