//! Month states: open months take edits, closed months refuse them until reopened.

use super::audit::{self, Change};
use super::error::StoreResult;
use super::permissions::Actor;
use super::{Store, Via, now_timestamp};
use crate::domain::period::Month;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeSet;

pub(super) fn is_closed(conn: &Connection, month: Month) -> StoreResult<bool> {
    let state: Option<String> = conn
        .prepare_cached("SELECT state FROM period_state WHERE month = ?1")?
        .query_row([month.to_string()], |r| r.get(0))
        .optional()?;
    Ok(state.as_deref() == Some("closed"))
}

pub(super) fn closed_months(conn: &Connection) -> StoreResult<BTreeSet<Month>> {
    let mut stmt = conn.prepare_cached("SELECT month FROM period_state WHERE state = 'closed'")?;
    let months = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut closed = BTreeSet::new();
    for month in months {
        if let Ok(m) = month?.parse() {
            closed.insert(m);
        }
    }
    Ok(closed)
}

/// Records a month's state and audits the change; a no-op when it already has that state.
pub(super) fn write_state(
    conn: &Connection,
    at: &str,
    actor: &str,
    via: Via,
    month: Month,
    closed: bool,
) -> StoreResult<bool> {
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
        at,
        actor,
        via,
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

impl Store {
    /// Closes or reopens a month (branch manager only). Returns false when it already was so.
    pub fn set_period_closed(&mut self, actor: &Actor, via: Via, month: Month, closed: bool) -> StoreResult<bool> {
        actor.ensure_manager(if closed { "close periods" } else { "reopen periods" })?;
        self.write(|tx| write_state(tx, &now_timestamp(), &actor.login, via, month, closed))
    }
}
