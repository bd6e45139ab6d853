//! The branch file: opening it safely, migrations, and every query. No SQL lives outside this module.

mod audit;
mod book;
mod book_cache;
mod bulk;
mod customers;
mod diagnosis;
mod error;
mod file_problem;
mod last_change;
mod month_state;
mod periods;
mod schema;
mod score_cache;
mod settings;
mod staff;
mod sync_read;
mod sync_state;
mod target_copy;
mod values;
mod waiting;

pub use audit::{AuditEntry, AuditFilter, Via};
pub use bulk::{DemoData, ImportRejected, ImportSummary};
pub use error::{StoreError, StoreResult};
pub use file_problem::{Access, Foreign, ForeignKind, ReadOnlyCause, with_suffix};
pub use last_change::LastChange;
pub use periods::{PeriodChange, PeriodSummary};
pub use schema::latest_version;
use schema::migrations;
pub use score_cache::{SCORING_VERSION, TeamHistory};
pub use settings::SETTING_KEYS;
pub use sync_read::AuditRecord;
pub use sync_state::{BundleState, SyncIdentity};
pub use target_copy::{ConfirmedPlan, CopyPlan, PlannedTarget, TargetCopy, scaled_target};
pub use values::{Expected, ValueKey, ValueRecord, format_value};
pub use waiting::{NOTICE_AFTER, WAIT_LIMIT, on_wait};

use crate::domain::book::team_book_figures;
use crate::domain::period::{Month, Period};
use crate::domain::team::BranchData;
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};

/// `application_id` written by the first migration: 'BRBB'.
const APPLICATION_ID: i64 = 1112688194;

/// An open branch file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The date writes are checked against ("the current month"): the local date when the
    /// file was opened, unless the session says otherwise (`--today`, the dashboard's date).
    today: NaiveDate,
}

impl Store {
    /// Opens an existing branch file, refusing anything that is not one (left untouched) and
    /// files written by a newer version; brings older files up to the current schema. A file
    /// that cannot be opened says why (see `diagnosis`).
    pub fn open(path: &Path) -> StoreResult<Store> {
        diagnosis::check_present(path)?;
        Store::open_present(path).map_err(|e| diagnosis::explain(path, e))
    }

    fn open_present(path: &Path) -> StoreResult<Store> {
        let conn = open_existing(path)?;
        let (app_id, version) = read_identity(&conn)?;
        if app_id != APPLICATION_ID || version == 0 {
            return Err(diagnosis::not_ours(path));
        }
        let store = Store::prepare(conn, path, version)?;
        if !store.has_branch()? {
            return Err(StoreError::NoDatabase(path.to_path_buf()));
        }
        Ok(store)
    }

    /// Creates the schema in a new (missing or empty) file. A file with anything in it is refused.
    pub fn create(path: &Path) -> StoreResult<Store> {
        Store::create_unexplained(path).map_err(|e| diagnosis::explain(path, e))
    }

    fn create_unexplained(path: &Path) -> StoreResult<Store> {
        if path.exists() {
            let conn = open_existing(path)?;
            let (app_id, version) = read_identity(&conn)?;
            let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            if app_id == APPLICATION_ID && version > 0 {
                return Err(StoreError::AlreadyInitialised(path.to_path_buf()));
            }
            if tables > 0 || app_id != 0 {
                return Err(diagnosis::not_ours(path));
            }
            return Store::prepare(conn, path, 0);
        }
        let conn = Connection::open(path)?;
        Store::prepare(conn, path, 0)
    }

    fn prepare(mut conn: Connection, path: &Path, version: i64) -> StoreResult<Store> {
        let supported = latest_version();
        if version > supported {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, supported });
        }
        conn.busy_handler(Some(waiting::keep_waiting))?;
        // WAL lets readers work while one writer commits; FULL makes each commit durable.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if mode != "wal" {
            return Err(StoreError::Corrupt(format!("could not switch {} to WAL mode (got {mode})", path.display())));
        }
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF; PRAGMA cache_size = -32768;")?;
        if version < supported {
            migrations().to_latest(&mut conn)?;
        }
        Ok(Store { conn, path: path.to_path_buf(), today: chrono::Local::now().date_naive() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `error` with its cause found and this file's path named: a full disk, a read-only
    /// `-shm`, a damaged file… For errors from work done outside `write`/`read` (imports).
    pub fn explain(&self, error: StoreError) -> StoreError {
        diagnosis::explain(&self.path, error)
    }

    /// Sets the date that decides the current month: no actual may be entered for a later month.
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }

    /// The month of the store's today; actuals for later months are refused on every write path.
    pub fn current_month(&self) -> Month {
        Month::of_date(self.today)
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so
    /// a writer that finds it taken waits there (see `waiting`, up to `WAIT_LIMIT`) and a
    /// read-then-write can never fail half-way on a lock.
    fn write<T>(&mut self, work: impl FnOnce(&rusqlite::Transaction<'_>) -> StoreResult<T>) -> StoreResult<T> {
        let result = (|| {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let result = work(&tx)?;
            tx.commit()?;
            Ok(result)
        })();
        result.map_err(|e| self.explain(e))
    }

    /// Runs `work` in one read transaction, so that everything it reads is one consistent
    /// snapshot; the transaction ends before this returns.
    fn read<T>(&mut self, work: impl FnOnce(&rusqlite::Transaction<'_>) -> StoreResult<T>) -> StoreResult<T> {
        let result = (|| {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            let result = work(&tx)?;
            tx.finish()?;
            Ok(result)
        })();
        result.map_err(|e| self.explain(e))
    }

    /// Everything scoring needs for the months `first..=last`, read in one transaction so the
    /// numbers are consistent with each other even while others write.
    ///
    /// Book-derived KPIs (SPEC §4) read live in every open month up to the current one: each
    /// RM's actual is computed from their customer book as of the store's today, in place of
    /// whatever is stored for that month (a reopened month is live again). Closed months keep
    /// the values stored when they closed. The customers are counted only when the range has
    /// such a month.
    pub fn branch_data(&mut self, first: Month, last: Month) -> StoreResult<BranchData> {
        let (today, current) = (self.today, self.current_month());
        self.read(|tx| {
            let mut data = scoring_base(tx, values::load_team_values(tx, first, last)?)?;
            let live = crate::domain::book::live_months(first, last, current, &data.closed);
            if !live.is_empty() {
                let counted = book::count_books(tx, &data.staff, &data.templates, &data.settings.norms, today)?;
                if let Some(counted) = counted {
                    let figures = team_book_figures(&data.staff, &data.templates, &counted.coverage);
                    crate::domain::book::put_live_figures(&mut data.values, &figures, &live);
                }
            }
            Ok(data)
        })
    }

    /// Reads what scoring `period` (and its trend) needs.
    pub fn branch_data_for(&mut self, period: Period) -> StoreResult<BranchData> {
        let fiscal_start = self.settings()?.fiscal_start();
        let (first, last) = BranchData::months_needed(period, fiscal_start);
        self.branch_data(first, last)
    }

    /// The id of the last audited change. Every change to the branch's figures, people,
    /// customers, months or settings writes an audit row in its own transaction, and kept
    /// scores write none: unchanged means nothing to reload, and nothing a score depends on
    /// has changed.
    pub fn change_mark(&self) -> StoreResult<i64> {
        change_mark(&self.conn)
    }

    /// `PRAGMA integrity_check`'s answer; "ok" when the file is sound.
    pub fn integrity_check(&self) -> StoreResult<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    fn has_branch(&self) -> StoreResult<bool> {
        Ok(self.conn.query_row("SELECT count(*) FROM branch", [], |r| r.get::<_, i64>(0))? > 0)
    }

    pub fn branch_name(&self) -> StoreResult<String> {
        Ok(self.conn.query_row("SELECT name FROM branch", [], |r| r.get(0))?)
    }
}

/// Opens a file that exists, without creating anything; waits for other writers like every
/// connection does. Errors are SQLite's: the caller has them explained.
fn open_existing(path: &Path) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_handler(Some(waiting::keep_waiting))?;
    Ok(conn)
}

/// Staff, templates, settings and closed months as scoring reads them, with `values`.
fn scoring_base(conn: &Connection, values: crate::domain::team::TeamValues) -> StoreResult<BranchData> {
    Ok(BranchData {
        staff: staff::load_staff(conn)?,
        templates: settings::load_templates(conn)?,
        settings: settings::load_settings(conn)?,
        values,
        closed: periods::closed_months(conn)?,
    })
}

fn change_mark(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| r.get(0))?)
}

/// Reads the file's application id and schema version without writing anything.
fn read_identity(conn: &Connection) -> StoreResult<(i64, i64)> {
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((app_id, version))
}

impl Store {
    /// True for a file written by `demo`, which `demo` may replace: its branch was created by
    /// `demo`, also when the demo's rows were never written (a run that was killed).
    pub fn is_demo(&self) -> StoreResult<bool> {
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'branch' AND via = 'demo'",
            [],
            |r| r.get(0),
        )?;
        Ok(count > 0)
    }
}
