//! Head office's schema versions and its roles: `hq init` brings a database up to date (running
//! it again changes nothing), `hq role` gives a branch its writer role.

use super::{HqError, HqStore};
use postgres::Transaction;

/// Version N is the schema after the first N migrations ran.
const MIGRATIONS: [&str; 1] = [include_str!("migrations/001_head_office.sql")];

/// The schema version this build reads and writes.
pub fn latest_version() -> i32 {
    MIGRATIONS.len() as i32
}

/// The tables a branch writes (its own rows only) and readers read.
pub(super) const BRANCH_TABLES: [&str; 10] = [
    "branch",
    "generation",
    "staff",
    "target",
    "actual",
    "month_state",
    "branch_period",
    "scorecard",
    "coverage",
    "audit",
];

/// The role every branch's writer role is a member of, and the read-only role for head office.
pub const BRANCH_GROUP: &str = "branchboard_branch";
pub const READER_ROLE: &str = "branchboard_reader";

/// Serialises `hq init` and `hq role` runs against each other.
const INIT_LOCK: i64 = 0x0062_6268_696e_6974; // "bbhinit"

/// What `hq init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitOutcome {
    pub from_version: i32,
    pub to_version: i32,
}

impl HqStore {
    /// Creates or migrates the schema, the two group roles and row-level security.
    pub fn init(&mut self) -> Result<InitOutcome, HqError> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INIT_LOCK])?;
        tx.batch_execute(
            "CREATE SCHEMA IF NOT EXISTS branchboard;
             CREATE TABLE IF NOT EXISTS branchboard.schema_version (
                 singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), version integer NOT NULL);",
        )?;
        let from_version: i32 =
            tx.query_opt("SELECT version FROM branchboard.schema_version", &[])?.map_or(0, |row| row.get(0));
        if from_version > latest_version() {
            return Err(HqError::TooNew { found: from_version, supported: latest_version() });
        }
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(from_version as usize) {
            tx.batch_execute(migration)?;
            let version = index as i32 + 1;
            tx.execute(
                "INSERT INTO branchboard.schema_version (version) VALUES ($1)
                 ON CONFLICT (singleton) DO UPDATE SET version = excluded.version",
                &[&version],
            )?;
        }
        secure(&mut tx)?;
        tx.commit()?;
        Ok(InitOutcome { from_version, to_version: latest_version() })
    }

    /// Refuses a database `hq init` has not prepared, or one a newer build migrated.
    pub fn check_schema(&mut self) -> Result<(), HqError> {
        let found: Option<i32> = self
            .client
            .query_opt(
                "SELECT version FROM branchboard.schema_version WHERE to_regclass('branchboard.schema_version') IS NOT NULL",
                &[],
            )
            .or_else(|e| if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) || e.code() == Some(&postgres::error::SqlState::INVALID_SCHEMA_NAME) { Ok(None) } else { Err(e) })?
            .map(|row| row.get(0));
        match found {
            None => Err(HqError::NotInitialised),
            Some(v) if v > latest_version() => Err(HqError::TooNew { found: v, supported: latest_version() }),
            Some(v) if v < latest_version() => Err(HqError::Outdated { found: v, supported: latest_version() }),
            Some(_) => Ok(()),
        }
    }

    /// Creates the writer role of the branch `code` (or, with `rotate`, gives the existing one
    /// a new password) and returns its name; row-level security lets it write only rows whose
    /// branch_code is `code`. Only a plain login role that `hq role` made is ever touched: a
    /// role of that name with any power of its own (superuser, create roles…) is refused.
    pub fn branch_role(&mut self, code: &str, password: &str, rotate: bool) -> Result<String, HqError> {
        let role = role_name(code);
        if role == BRANCH_GROUP || role == READER_ROLE {
            return Err(HqError::Refused(format!(
                "{code} cannot be a branch code: its role would be the group {role}"
            )));
        }
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INIT_LOCK])?;
        let existing = tx.query_opt(
            "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls,
                    pg_has_role(oid, $2, 'MEMBER')
             FROM pg_roles WHERE rolname = $1",
            &[&role, &BRANCH_GROUP],
        )?;
        // Role names cannot be parameters: the name (a-z 0-9 _ - only) is quoted as PostgreSQL
        // does. The password travels as a SCRAM verifier, never as text a server log could keep.
        let quoted = quote_identifier(&role);
        let verifier = quote_literal(&postgres_protocol::password::scram_sha_256(password.as_bytes()));
        match existing {
            None => tx.batch_execute(&format!(
                "CREATE ROLE {quoted} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS \
                 PASSWORD {verifier} IN ROLE {BRANCH_GROUP}"
            ))?,
            Some(row) => {
                let (powerful, member): (bool, bool) = (row.get(0), row.get(1));
                if powerful || !member {
                    return Err(HqError::Refused(format!(
                        "a role named {role} already exists and was not made by `hq role` (it is not a plain member of \
                         {BRANCH_GROUP}); it was left untouched"
                    )));
                }
                if !rotate {
                    return Err(HqError::Refused(format!(
                        "branch {code} already has its role {role}; to give it a new password (the branch's ~/.pgpass \
                         must then be updated), run `hq role {code} --rotate`"
                    )));
                }
                tx.batch_execute(&format!("ALTER ROLE {quoted} WITH LOGIN PASSWORD {verifier}"))?
            }
        }
        tx.commit()?;
        Ok(role)
    }
}

/// A branch's writer role: `branchboard_` and its code in lower case. Codes are upper case
/// (A-Z 0-9 - _), so no two branches share a role, and the row-level security policy can tell
/// a role's branch from its name alone (no lookup, which Citus could not distribute).
pub fn role_name(code: &str) -> String {
    format!("branchboard_{}", code.to_ascii_lowercase())
}

fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The group roles, their grants and the row-level security policies; every statement checks
/// first, so a second run changes nothing.
fn secure(tx: &mut Transaction<'_>) -> Result<(), HqError> {
    for role in [BRANCH_GROUP, READER_ROLE] {
        if tx.query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role])?.is_none() {
            tx.batch_execute(&format!("CREATE ROLE {role} NOLOGIN"))?;
        }
    }
    tx.batch_execute(&format!(
        "GRANT USAGE ON SCHEMA branchboard TO {BRANCH_GROUP}, {READER_ROLE};
         GRANT SELECT ON ALL TABLES IN SCHEMA branchboard TO {READER_ROLE};
         GRANT SELECT ON branchboard.schema_version TO {BRANCH_GROUP};"
    ))?;
    // The login's own name (`session_user`): a branch role that switches to its group role
    // with SET ROLE is still that branch, and no code may name a group.
    let own_branch = "session_user::text = 'branchboard_' || lower(branch_code) AND branch_code = upper(branch_code) \
                      AND branch_code NOT IN ('BRANCH', 'READER')";
    for table in BRANCH_TABLES {
        tx.batch_execute(&format!(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON branchboard.{table} TO {BRANCH_GROUP};
             ALTER TABLE branchboard.{table} ENABLE ROW LEVEL SECURITY;"
        ))?;
        let policies: Vec<String> = tx
            .query(
                "SELECT policyname::text FROM pg_policies WHERE schemaname = 'branchboard' AND tablename = $1",
                &[&table],
            )?
            .iter()
            .map(|row| row.get(0))
            .collect();
        if !policies.iter().any(|p| p == "own_branch") {
            tx.batch_execute(&format!(
                "CREATE POLICY own_branch ON branchboard.{table} TO {BRANCH_GROUP} USING ({own_branch}) WITH CHECK ({own_branch})"
            ))?;
        }
        if !policies.iter().any(|p| p == "readers") {
            tx.batch_execute(&format!(
                "CREATE POLICY readers ON branchboard.{table} FOR SELECT TO {READER_ROLE} USING (true)"
            ))?;
        }
    }
    Ok(())
}
