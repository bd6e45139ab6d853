//! The append-only audit log: writing one entry inside a change, reading entries back.

use super::error::StoreResult;
use super::{Store, Via};
use crate::domain::period::Month;
use rusqlite::{Connection, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub via: String,
}

/// What a change looked like, before it is stamped with time, actor and channel.
pub(super) struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub key: &'a str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Appends one entry; called inside the same transaction as the change it records.
pub(super) fn append(conn: &Connection, at: &str, actor: &str, via: Via, change: Change<'_>) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, entity, key, old, new, via) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![at, actor, change.action, change.entity, change.key, change.old, change.new, via.code()])?;
    Ok(())
}

/// Which entries to read back.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub key: Option<String>,
    /// Only entries about this login's own records (keys `login/...`, or the login itself).
    pub about_login: Option<String>,
}

impl Store {
    /// Audit entries matching the filter, oldest first.
    pub fn audit_entries(&mut self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        self.audit_entries_of_months(filter, None)
    }

    /// Audit entries matching the filter and, with `months` (`first..=last`), only changes to
    /// those months: targets and actuals whose key `login/kpi/YYYY-MM` names one of them, and
    /// the months' own state changes (entity `period`, key `YYYY-MM`). Oldest first.
    pub fn audit_entries_of_months(
        &mut self,
        filter: &AuditFilter,
        months: Option<(Month, Month)>,
    ) -> StoreResult<Vec<AuditEntry>> {
        // A plain prefix comparison: LIKE would read `_` in a login as a wildcard.
        let login_prefix = filter.about_login.as_ref().map(|l| format!("{l}/"));
        let (first, last) = match months {
            Some((first, last)) => (Some(first.to_string()), Some(last.to_string())),
            None => (None, None),
        };
        let mut stmt = self.conn.prepare(
            "SELECT at, actor, action, entity, key, old, new, via FROM audit_log
             WHERE (?1 IS NULL OR entity = ?1)
               AND (?2 IS NULL OR key = ?2)
               AND (?3 IS NULL OR key = ?3 OR substr(key, 1, length(?4)) = ?4)
               AND (?5 IS NULL
                    OR (entity IN ('target', 'actual') AND substr(key, -8, 1) = '/'
                        AND substr(key, -7) BETWEEN ?5 AND ?6)
                    OR (entity = 'period' AND key BETWEEN ?5 AND ?6))
             ORDER BY id",
        )?;
        let rows =
            stmt.query_map(params![filter.entity, filter.key, filter.about_login, login_prefix, first, last], |r| {
                Ok(AuditEntry {
                    at: r.get(0)?,
                    actor: r.get(1)?,
                    action: r.get(2)?,
                    entity: r.get(3)?,
                    key: r.get(4)?,
                    old: r.get(5)?,
                    new: r.get(6)?,
                    via: r.get(7)?,
                })
            })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
