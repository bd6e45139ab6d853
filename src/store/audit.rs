//! The append-only audit log: the stamp every change carries, writing one entry inside a
//! change, auditing keyed upserts, reading entries back.

use super::Store;
use super::error::StoreResult;
use crate::domain::period::Month;
use rusqlite::{Connection, params};
use serde::Serialize;

/// Where a change came from, as recorded in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Tui,
    Cli,
    Import,
    Init,
    Demo,
    /// Written by closing a month: the book-derived actuals stored as they stood.
    Close,
}

impl Via {
    pub fn code(self) -> &'static str {
        match self {
            Via::Tui => "tui",
            Via::Cli => "cli",
            Via::Import => "import",
            Via::Init => "init",
            Via::Demo => "demo",
            Via::Close => "close",
        }
    }
}

/// When, by whom and through what a change was made: what every audit entry records besides
/// the change itself. One stamp serves all the entries of one transaction.
#[derive(Debug, Clone)]
pub struct Stamp<'a> {
    pub at: String,
    pub actor: &'a str,
    pub via: Via,
}

impl<'a> Stamp<'a> {
    /// A stamp for a change `actor` makes now through `via`.
    pub fn now(actor: &'a str, via: Via) -> Stamp<'a> {
        Stamp { at: now_timestamp(), actor, via }
    }
}

/// The current time as stored in the audit log: UTC, to the second.
pub(super) fn now_timestamp() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
pub(super) fn append(conn: &Connection, stamp: &Stamp<'_>, change: Change<'_>) -> StoreResult<()> {
    let Stamp { at, actor, via } = stamp;
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, entity, key, old, new, via) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![at, actor, change.action, change.entity, change.key, change.old, change.new, via.code()])?;
    Ok(())
}

/// What one written row did to the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowEffect {
    Created,
    Updated,
    Unchanged,
}

/// Writes a keyed record unless it is already stored as given, auditing it as created or
/// updated with both versions as text: the one path staff and customer rows take.
pub(super) fn upsert_audited<T: PartialEq>(
    conn: &Connection,
    stamp: &Stamp<'_>,
    (entity, key): (&str, &str),
    before: Option<T>,
    record: &T,
    as_text: fn(&T) -> String,
    write: impl FnOnce() -> StoreResult<()>,
) -> StoreResult<RowEffect> {
    if before.as_ref() == Some(record) {
        return Ok(RowEffect::Unchanged);
    }
    write()?;
    let change = Change {
        action: if before.is_some() { "update" } else { "create" },
        entity,
        key,
        old: before.as_ref().map(as_text),
        new: Some(as_text(record)),
    };
    append(conn, stamp, change)?;
    Ok(if before.is_some() { RowEffect::Updated } else { RowEffect::Created })
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
        let rows = stmt
            .query_map(params![filter.entity, filter.key, filter.about_login, login_prefix, first, last], |r| {
                entry_from(r, 0)
            })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// An entry from the columns `at, actor, action, entity, key, old, new, via`, the first at `first`.
pub(super) fn entry_from(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        at: r.get(first)?,
        actor: r.get(first + 1)?,
        action: r.get(first + 2)?,
        entity: r.get(first + 3)?,
        key: r.get(first + 4)?,
        old: r.get(first + 5)?,
        new: r.get(first + 6)?,
        via: r.get(first + 7)?,
    })
}
