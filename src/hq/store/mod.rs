//! Head office's PostgreSQL database: the only place head-office SQL lives. `schema` creates and
//! migrates it, `apply` writes what branches ship, `read` answers the exports and the dashboard.

mod apply;
mod read;
mod schema;

pub use apply::{Applied, BranchState, SYNC_CHANNEL};
pub use read::{BranchRow, CoverageRow, HqPeriods, LeagueRow, PersonRow, Snapshot};
pub use schema::{BRANCH_GROUP, InitOutcome, READER_ROLE, latest_version, role_name};

use super::connect::{ConnectError, Target, reason};
use postgres::Client;

/// Why a head-office command could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum HqError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error(
        "head office's database has no branchboard schema yet: run `branchboard hq init` there first (as its owner)"
    )]
    NotInitialised,
    #[error("head office's schema is version {found}, newer than this build knows ({supported}); update branchboard")]
    TooNew { found: i32, supported: i32 },
    #[error(
        "head office's schema is version {found}, older than this build's ({supported}): run `branchboard hq init` to migrate it"
    )]
    Outdated { found: i32, supported: i32 },
    #[error("head office refused: {0}")]
    Refused(String),
    #[error(
        "branch {0}: head office's copy of this branch's history differs from this file's (the file was restored from a backup); \
         make a full bundle with `sync --to-file FILE --full`"
    )]
    Restored(String),
    #[error(
        "head office refused: {0} (head-office readers are members of branchboard_reader; each branch writes as its own `hq role`)"
    )]
    Permission(String),
    #[error("head office: {0}")]
    Database(String),
}

impl From<postgres::Error> for HqError {
    fn from(e: postgres::Error) -> Self {
        use postgres::error::SqlState;
        match e.code() {
            Some(code) if *code == SqlState::INSUFFICIENT_PRIVILEGE => HqError::Permission(reason(&e)),
            Some(code) if *code == SqlState::UNDEFINED_TABLE || *code == SqlState::INVALID_SCHEMA_NAME => {
                HqError::NotInitialised
            }
            _ => HqError::Database(reason(&e)),
        }
    }
}

impl HqError {
    /// The exit code of SPEC §6: 3 for a permission refused, 4 for a conflict, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            HqError::Connect(ConnectError::NoUrl { .. } | ConnectError::BadUrl(_) | ConnectError::PasswordInUrl) => 2,
            HqError::Connect(ConnectError::Login { .. }) => 3,
            HqError::Permission(_) => 3,
            HqError::Refused(_) | HqError::Restored(_) => 4,
            _ => 1,
        }
    }
}

/// An open connection to head office's database.
pub struct HqStore {
    client: Client,
}

impl HqStore {
    pub fn connect(target: &Target) -> Result<HqStore, HqError> {
        Ok(HqStore { client: target.connect()? })
    }

    /// Connects and checks the schema is the one this build writes.
    pub fn open(target: &Target) -> Result<HqStore, HqError> {
        let mut store = HqStore::connect(target)?;
        store.check_schema()?;
        Ok(store)
    }

    /// The name the server knows this session by.
    pub fn session_user(&mut self) -> Result<String, HqError> {
        Ok(self.client.query_one("SELECT session_user::text", &[])?.get(0))
    }

    /// Waits up to `timeout` for a sync to land (LISTEN/NOTIFY); true when one did.
    pub fn wait_for_sync(&mut self, timeout: std::time::Duration) -> Result<bool, HqError> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut notifications = self.client.notifications();
        let landed = notifications.timeout_iter(timeout).next()?.is_some();
        Ok(landed)
    }

    /// Ends any statement that runs longer than `limit` (a reader that must not hang).
    pub fn limit_statements(&mut self, limit: std::time::Duration) -> Result<(), HqError> {
        self.client.batch_execute(&format!("SET statement_timeout = {}", limit.as_millis()))?;
        Ok(())
    }

    /// Refuses a branch's writer role where head office's reports are read: row-level
    /// security would show it its own branch only, as if it were the whole bank.
    pub fn ensure_reader(&mut self) -> Result<(), HqError> {
        let row = self.client.query_one(
            "SELECT session_user::text, pg_has_role(session_user, $1, 'MEMBER')
                    AND NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user)",
            &[&schema::BRANCH_GROUP],
        )?;
        let (user, branch_writer): (String, bool) = (row.get(0), row.get(1));
        if branch_writer {
            return Err(HqError::Permission(format!(
                "{user} is a branch's writer role and sees only its own branch; head office's reports are read as a \
                 member of {} (GRANT {} TO a reader's login)",
                schema::READER_ROLE,
                schema::READER_ROLE
            )));
        }
        Ok(())
    }

    /// Subscribes this session to landed syncs (see `wait_for_sync`).
    pub fn listen(&mut self) -> Result<(), HqError> {
        self.client.batch_execute(&format!("LISTEN {SYNC_CHANNEL}"))?;
        Ok(())
    }
}
