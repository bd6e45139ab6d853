//! Whether a month is open or closed, as stored: what every write of a month's figures checks.
//! (Changing a state, and what closing stores, is `periods`.)

use super::error::StoreResult;
use crate::domain::period::Month;
use rusqlite::{Connection, OptionalExtension};
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
