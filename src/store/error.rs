//! What can go wrong when reading or writing the branch file, each with the exit code it maps to.

use super::file_problem::{Access, Foreign, ReadOnlyCause, shell_quote};
use crate::domain::actor::Refusal;
use crate::domain::period::Month;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no branch database at {0} (create one with `branchboard init` or `branchboard demo`)")]
    NoDatabase(PathBuf),
    /// Only a readable SQLite file without branchboard's schema is "not a branchboard database";
    /// anything else that is not ours says what it is instead (SPEC §7).
    #[error("{0}")]
    NotBranchboard(Foreign),
    #[error(
        "cannot reach {path}: the folder {folder} is closed to this account ({access}); it was left untouched. {}",
        access.fix("search (x)", "x")
    )]
    FolderClosed { path: PathBuf, folder: PathBuf, access: Access },
    #[error(
        "cannot read {path}: permission denied ({access}); it was left untouched. {}",
        access.fix("read and write", "rw")
    )]
    CannotRead { path: PathBuf, access: Access },
    #[error("{0}")]
    ReadOnly(ReadOnlyCause),
    #[error("the disk holding {0} is full; nothing was saved. Free some space on it and try again")]
    DiskFull(PathBuf),
    #[error(
        "{path} is damaged{detail}; it was left untouched. Check it with: sqlite3 {} \"pragma integrity_check\"",
        shell_quote(path)
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("could not read or write {0}: the disk reported an input/output error; nothing was saved")]
    DiskError(PathBuf),
    #[error("the branch file has been busy for {minutes} minutes with another change; nothing was saved, try again")]
    Busy { minutes: u64 },
    /// SQLite refused at once, without a wait (a read snapshot that another writer overtook).
    #[error("another change to the branch file got in the way; nothing was saved, try again")]
    InTheWay,
    #[error(
        "{path} was written by a newer branchboard (schema {found}, this build knows up to {supported}); upgrade branchboard to open it"
    )]
    TooNew { path: PathBuf, found: i64, supported: i64 },
    #[error("{0} already holds a branch")]
    AlreadyInitialised(PathBuf),
    #[error("unknown identity {0:?}: no staff member has this login or OS user")]
    UnknownIdentity(String),
    /// What the acting person may not do (SPEC §1); the refusal's own words.
    #[error(transparent)]
    NotAllowed(#[from] Refusal),
    #[error("{0} is closed; the branch manager must reopen it before it can change")]
    PeriodClosed(Month),
    #[error("{month} is after the current month {current}; actuals can only be entered for months that have begun")]
    FutureActual { month: Month, current: Month },
    #[error("{month} has not begun (the current month is {current}); a month can be closed once it has begun")]
    FutureClose { month: Month, current: Month },
    #[error("{}", missing_actuals_message(*month, *total, missing))]
    MissingActuals { month: Month, total: u64, missing: Vec<(String, u64)> },
    #[error("conflict: {key} was {expected} when you saw it but is now {found}; nothing was saved")]
    Conflict { key: String, expected: String, found: String },
    #[error("{0}")]
    Invalid(String),
    #[error("the file is damaged or unreadable: {0}")]
    Corrupt(String),
    /// A database error that no check of `diagnosis` explains.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("schema migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

impl StoreError {
    /// SQLite's "busy" or "locked": after a wait that ran the whole `WAIT_LIMIT`, it says so;
    /// otherwise it says only that another change got in the way, never a wait that did not happen.
    pub(super) fn busy() -> StoreError {
        if super::waiting::take_gave_up() {
            StoreError::Busy { minutes: super::waiting::WAIT_LIMIT.as_secs().div_ceil(60) }
        } else {
            StoreError::InTheWay
        }
    }

    /// Exit codes of SPEC §6: 3 permission refused, 4 conflict or locked period, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::UnknownIdentity(_) | StoreError::NotAllowed(_) => 3,
            StoreError::PeriodClosed(_)
            | StoreError::FutureActual { .. }
            | StoreError::FutureClose { .. }
            | StoreError::MissingActuals { .. }
            | StoreError::Conflict { .. } => 4,
            StoreError::Invalid(_) => 2,
            _ => 1,
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Sorts SQLite's answer where no path is at hand: a wait that ran out never shows SQLite's
/// "database is locked"; `Store` adds the path and the cause of the rest (see `diagnosis`).
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::busy(),
            _ => StoreError::Sqlite(e),
        }
    }
}

/// "2026-11 has 170 targeted values without an actual: asha 12, ben 9, …; enter them, or close
/// anyway with --allow-missing (they then count as missing and lower the scores)", naming every
/// person in the order given.
fn missing_actuals_message(month: Month, total: u64, missing: &[(String, u64)]) -> String {
    let people: Vec<String> = missing.iter().map(|(login, n)| format!("{login} {n}")).collect();
    let (values, them, then) = if total == 1 {
        ("value", "it", "it then counts as missing and lowers the score")
    } else {
        ("values", "them", "they then count as missing and lower the scores")
    };
    format!(
        "{month} has {total} targeted {values} without an actual: {}; enter {them}, or close anyway with \
         --allow-missing ({then})",
        people.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_keep_their_words_and_exit_with_3() {
        let refusal = Refusal::OthersActuals { actor: "asha".into(), owner: "ben".into() };
        let error = StoreError::from(refusal.clone());
        assert_eq!(error.to_string(), refusal.to_string());
        assert_eq!(error.to_string(), "not allowed: asha may change only their own actuals, not those of ben");
        assert_eq!(error.exit_code(), 3);
    }
}
