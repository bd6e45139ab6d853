//! What can go wrong when reading or writing the branch file, each with the exit code it maps to.

use crate::domain::period::Month;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no branch database at {0} (create one with `branchboard init` or `branchboard demo`)")]
    NoDatabase(PathBuf),
    #[error("{0} is not a branchboard database; it was left untouched")]
    NotBranchboard(PathBuf),
    #[error(
        "{path} was written by a newer branchboard (schema {found}, this build knows up to {supported}); upgrade branchboard to open it"
    )]
    TooNew { path: PathBuf, found: i64, supported: i64 },
    #[error("{0} already holds a branch")]
    AlreadyInitialised(PathBuf),
    #[error("unknown identity {0:?}: no staff member has this login or OS user")]
    UnknownIdentity(String),
    #[error("not allowed: {0}")]
    NotAllowed(String),
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
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("schema migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

impl StoreError {
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
