//! Who changed each of one person's actuals last, and when: read from the audit log for the
//! drill-down's month-by-month table of a KPI.

use super::Store;
use super::error::StoreResult;
use crate::domain::period::Month;
use rusqlite::params;
use std::collections::HashMap;

/// The latest audit entry of one actual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    pub actor: String,
    /// As the audit log stores it: UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    pub via: String,
}

impl Store {
    /// The last change of each of `login`'s actuals in the months `first..=last`, keyed by
    /// (KPI code, month). An actual never changed since it was written (or never written) has
    /// no entry.
    pub fn last_changes(
        &mut self,
        login: &str,
        first: Month,
        last: Month,
    ) -> StoreResult<HashMap<(String, Month), LastChange>> {
        // Keys are `login/kpi/YYYY-MM`: the range `login/` ..< `login0` ('0' follows '/') is
        // exactly this login's keys and lets the (entity, key) index do the work; the latest
        // entry per key is the one with the highest id (the log is append-only).
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, actor, at, via FROM audit_log
             WHERE id IN (
                 SELECT max(id) FROM audit_log
                 WHERE entity = 'actual' AND key >= ?1 || '/' AND key < ?1 || '0'
                   AND substr(key, -8, 1) = '/' AND substr(key, -7) BETWEEN ?2 AND ?3
                 GROUP BY key)",
        )?;
        let rows = stmt.query_map(params![login, first.to_string(), last.to_string()], |r| {
            let key: String = r.get(0)?;
            Ok((key, LastChange { actor: r.get(1)?, at: r.get(2)?, via: r.get(3)? }))
        })?;
        let prefix = format!("{login}/");
        let mut changes = HashMap::new();
        for row in rows {
            let (key, change) = row?;
            // `kpi/YYYY-MM` after the login; a key that does not parse is not a value's.
            let Some((kpi, month)) = key.strip_prefix(&prefix).and_then(|rest| rest.rsplit_once('/')) else {
                continue;
            };
            if let Ok(month) = month.parse::<Month>() {
                changes.insert((kpi.to_string(), month), change);
            }
        }
        Ok(changes)
    }
}
