//! What `sync` reads from the branch file: audit rows after a watermark, figures page by page or
//! by key, month states and the months that have figures.

use super::Store;
use super::audit::{AuditEntry, entry_from};
use super::error::{StoreError, StoreResult};
use super::values::{ValueRecord, table};
use crate::domain::period::Month;
use crate::import::ValueKind;
use rusqlite::{OptionalExtension, params};

/// One audit row with its id (the sync watermark counts in them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub entry: AuditEntry,
}

fn audit_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord { id: r.get(0)?, entry: entry_from(r, 1)? })
}

const AUDIT_COLUMNS: &str = "id, at, actor, action, entity, key, old, new, via";

impl Store {
    /// Up to `limit` audit rows with `after < id <= up_to`, oldest first.
    pub fn audit_after(&self, after: i64, up_to: i64, limit: usize) -> StoreResult<Vec<AuditRecord>> {
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE id > ?1 AND id <= ?2 ORDER BY id LIMIT ?3");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![after, up_to, limit as i64], audit_record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The audit row `id`, if the file has it.
    pub fn audit_record(&self, id: i64) -> StoreResult<Option<AuditRecord>> {
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id], audit_record).optional()?)
    }

    /// Up to `limit` stored figures of `kind` after `after` (month, login, KPI), in that order:
    /// a whole table read page by page.
    pub fn value_page(
        &self,
        kind: ValueKind,
        after: Option<(&str, &str, &str)>,
        limit: usize,
    ) -> StoreResult<Vec<ValueRecord>> {
        let (month, login, kpi) = after.unwrap_or(("", "", ""));
        let sql = format!(
            "SELECT login, kpi, month, value FROM {} WHERE (month, login, kpi) > (?1, ?2, ?3)
             ORDER BY month, login, kpi LIMIT ?4",
            table(kind)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![month, login, kpi, limit as i64], |r| {
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

    /// The stored figure of each (login, KPI, month) key, `None` where there is none.
    pub fn values_of_keys(&self, kind: ValueKind, keys: &[(String, String, String)]) -> StoreResult<Vec<Option<f64>>> {
        let sql = format!("SELECT value FROM {} WHERE month = ?1 AND login = ?2 AND kpi = ?3", table(kind));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        keys.iter()
            .map(|(login, kpi, month)| Ok(stmt.query_row(params![month, login, kpi], |r| r.get(0)).optional()?))
            .collect()
    }

    /// Every month with a state row, and whether it is closed.
    pub fn month_states(&self) -> StoreResult<Vec<(Month, bool)>> {
        let mut stmt = self.conn.prepare_cached("SELECT month, state FROM period_state ORDER BY month")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut states = Vec::new();
        for row in rows {
            let (month, state) = row?;
            let month =
                month.parse().map_err(|_| StoreError::Corrupt(format!("bad month {month:?} in period_state")))?;
            states.push((month, state == "closed"));
        }
        Ok(states)
    }

    /// Every month that has a target, an actual or a state, oldest first.
    pub fn months_with_figures(&self) -> StoreResult<Vec<Month>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT month FROM target UNION SELECT month FROM actual UNION SELECT month FROM period_state ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|m| {
            let m = m?;
            m.parse().map_err(|_| StoreError::Corrupt(format!("bad month {m:?}")))
        })
        .collect()
    }

    /// How many rows a full sync reads: targets, actuals and audit rows up to `up_to`.
    pub fn sync_sizes(&self, up_to: i64) -> StoreResult<(u64, u64, u64)> {
        let count =
            |sql: &str| -> StoreResult<u64> { Ok(self.conn.query_row(sql, [up_to], |r| r.get::<_, i64>(0))? as u64) };
        Ok((
            count("SELECT count(*) FROM target WHERE ?1 IS NOT NULL")?,
            count("SELECT count(*) FROM actual WHERE ?1 IS NOT NULL")?,
            count("SELECT count(*) FROM audit_log WHERE id <= ?1")?,
        ))
    }
}
