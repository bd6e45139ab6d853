//! Staff: creating the branch and its manager, reading people, resolving who is acting.

use super::audit::{self, Change, RowEffect, Stamp, Via, upsert_audited};
use super::error::{StoreError, StoreResult};
use super::{Store, settings};
use crate::domain::actor::Actor;
use crate::domain::capability::FocusModel;
use crate::domain::coverage::Segment;
use crate::domain::login::is_valid_login;
use crate::domain::staff::StaffMember;
use crate::domain::template::{Role, RoleTemplate};
use rusqlite::{Connection, OptionalExtension, Row, params};

const STAFF_COLUMNS: &str = "login, name, role, manager_login, focus, segments, os_user";

fn staff_from_row(row: &Row<'_>) -> rusqlite::Result<StaffMember> {
    let role: String = row.get(2)?;
    let focus: Option<String> = row.get(4)?;
    let segments: String = row.get(5)?;
    // The schema's CHECK constraints keep these codes valid; a bad one means a damaged file.
    let corrupt = |what: String| rusqlite::Error::InvalidColumnType(0, what, rusqlite::types::Type::Text);
    Ok(StaffMember {
        login: row.get(0)?,
        name: row.get(1)?,
        role: Role::from_code(&role).ok_or_else(|| corrupt(format!("role {role}")))?,
        manager_login: row.get(3)?,
        focus: match focus {
            Some(code) => Some(FocusModel::from_code(&code).ok_or_else(|| corrupt(format!("focus {code}")))?),
            None => None,
        },
        segments: segments
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|s| Segment::from_code(s).ok_or_else(|| corrupt(format!("segment {s}"))))
            .collect::<Result<_, _>>()?,
        os_user: row.get(6)?,
    })
}

pub(super) fn load_staff(conn: &Connection) -> StoreResult<Vec<StaffMember>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {STAFF_COLUMNS} FROM staff ORDER BY name, login"))?;
    let rows = stmt.query_map([], staff_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn load_member(conn: &Connection, login: &str) -> StoreResult<Option<StaffMember>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {STAFF_COLUMNS} FROM staff WHERE login = ?1"))?
        .query_row([login], staff_from_row)
        .optional()?)
}

/// The staff row as audit text: the staff CSV's columns, comma-separated.
pub(super) fn staff_audit_text(m: &StaffMember) -> String {
    [
        m.login.as_str(),
        m.name.as_str(),
        m.role.code(),
        m.manager_login.as_deref().unwrap_or(""),
        m.focus.map(|f| f.code()).unwrap_or(""),
        &m.segments_text(),
        m.os_user.as_deref().unwrap_or(""),
    ]
    .join(",")
}

/// Inserts or updates one staff member, appending to the audit log when something changed.
/// Returns whether the row was new, changed, or already as given.
pub(super) fn upsert_member(conn: &Connection, stamp: &Stamp<'_>, member: &StaffMember) -> StoreResult<RowEffect> {
    let before = load_member(conn, &member.login)?;
    upsert_audited(conn, stamp, ("staff", &member.login), before, member, staff_audit_text, || {
        conn.prepare_cached(
            "INSERT INTO staff (login, name, role, manager_login, focus, segments, os_user)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (login) DO UPDATE SET name = excluded.name, role = excluded.role,
                 manager_login = excluded.manager_login, focus = excluded.focus,
                 segments = excluded.segments, os_user = excluded.os_user",
        )?
        .execute(params![
            member.login,
            member.name,
            member.role.code(),
            member.manager_login,
            member.focus.map(|f| f.code()),
            member.segments_text(),
            member.os_user,
        ])?;
        Ok(())
    })
}

/// How many of `login`'s targets and actuals are for KPIs that `template` does not have, and
/// one such KPI to name.
fn figures_outside(conn: &Connection, login: &str, template: Option<&RoleTemplate>) -> StoreResult<(u64, u64, String)> {
    let mut counts = [0u64; 2];
    let mut example = String::new();
    for (count, table) in counts.iter_mut().zip(["target", "actual"]) {
        let sql = format!("SELECT kpi, count(*) FROM {table} WHERE login = ?1 GROUP BY kpi ORDER BY kpi");
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([login])?;
        while let Some(row) = rows.next()? {
            let kpi: String = row.get(0)?;
            if template.and_then(|t| t.kpi(&kpi)).is_none() {
                *count += row.get::<_, i64>(1)? as u64;
                if example.is_empty() {
                    example = kpi;
                }
            }
        }
    }
    Ok((counts[0], counts[1], example))
}

/// "1 target", "3 actuals".
fn counted(n: u64, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn customers_held_by(conn: &Connection, login: &str) -> StoreResult<u64> {
    let count: i64 =
        conn.prepare_cached("SELECT count(*) FROM customer WHERE rm_login = ?1")?.query_row([login], |r| r.get(0))?;
    Ok(count as u64)
}

/// Why `member`'s row may not change their role as stored: customers only an RM may hold, and
/// figures for KPIs the new role does not have. Either would leave rows that the branch's own
/// exports could not import again. Each reason says what to do first.
pub(super) fn role_change_refusals(
    conn: &Connection,
    member: &StaffMember,
    template: Option<&RoleTemplate>,
) -> StoreResult<Vec<String>> {
    let Some(before) = load_member(conn, &member.login)? else { return Ok(Vec::new()) };
    if before.role == member.role {
        return Ok(Vec::new());
    }
    let login = &member.login;
    let mut reasons = Vec::new();
    if member.role != Role::RelationshipManager {
        let held = customers_held_by(conn, login)?;
        if held > 0 {
            reasons.push(format!(
                "{login} holds {}; assign them to another RM (import customers with a new rm_login) \
                 before changing the role",
                counted(held, "customer")
            ));
        }
    }
    let (targets, actuals, example) = figures_outside(conn, login, template)?;
    if targets + actuals > 0 {
        reasons.push(format!(
            "{login} has {} and {} for KPIs a {} does not have (such as {example}); \
             clear them (target clear, actual clear) or give the new role a new login before changing the role",
            counted(targets, "target"),
            counted(actuals, "actual"),
            member.role
        ));
    }
    Ok(reasons)
}

impl Store {
    /// Creates the branch in a new file: its name, the role templates, default settings and
    /// its manager, in one transaction.
    pub fn init_branch(
        &mut self,
        branch_name: &str,
        manager_login: &str,
        manager_name: &str,
        templates: &[RoleTemplate],
        via: Via,
    ) -> StoreResult<()> {
        if branch_name.trim().is_empty() {
            return Err(StoreError::Invalid("the branch name is empty".into()));
        }
        if !is_valid_login(manager_login) {
            return Err(StoreError::Invalid(format!(
                "{manager_login:?} is not a valid login (a lowercase letter, then up to 31 of a-z 0-9 . _ -)"
            )));
        }
        if manager_name.trim().is_empty() {
            return Err(StoreError::Invalid("the manager's name is empty".into()));
        }
        let path = self.path.clone();
        self.write(|tx| {
            if tx.query_row("SELECT count(*) FROM branch", [], |r| r.get::<_, i64>(0))? > 0 {
                return Err(StoreError::AlreadyInitialised(path));
            }
            let stamp = Stamp::now(manager_login, via);
            tx.execute(
                "INSERT INTO branch (id, name, created_at) VALUES (1, ?1, ?2)",
                params![branch_name.trim(), stamp.at],
            )?;
            settings::write_templates(tx, templates)?;
            settings::write_defaults(tx)?;
            audit::append(
                tx,
                &stamp,
                Change {
                    action: "create",
                    entity: "branch",
                    key: "branch",
                    old: None,
                    new: Some(branch_name.trim().to_string()),
                },
            )?;
            let manager = StaffMember {
                login: manager_login.to_string(),
                name: manager_name.trim().to_string(),
                role: Role::BranchManager,
                manager_login: None,
                focus: None,
                segments: Vec::new(),
                os_user: None,
            };
            upsert_member(tx, &stamp, &manager)?;
            Ok(())
        })
    }

    /// Everyone on the staff, by name.
    pub fn staff(&self) -> StoreResult<Vec<StaffMember>> {
        load_staff(&self.conn)
    }

    pub fn staff_member(&self, login: &str) -> StoreResult<Option<StaffMember>> {
        load_member(&self.conn, login)
    }

    /// Who is acting: `--as LOGIN` when given, else the OS user matched to a staff member's
    /// `os_user` or login. Never a default: an unknown identity is refused.
    pub fn resolve_actor(&self, as_login: Option<&str>, os_user: Option<&str>) -> StoreResult<Actor> {
        let found = match (as_login, os_user) {
            (Some(login), _) => {
                if !is_valid_login(login) {
                    return Err(StoreError::UnknownIdentity(login.to_string()));
                }
                load_member(&self.conn, login)?.ok_or_else(|| StoreError::UnknownIdentity(login.to_string()))?
            }
            (None, Some(user)) => {
                let by_os_user = self
                    .conn
                    .prepare_cached(&format!("SELECT {STAFF_COLUMNS} FROM staff WHERE os_user = ?1"))?
                    .query_row([user], staff_from_row)
                    .optional()?;
                match by_os_user {
                    Some(member) => member,
                    None => {
                        load_member(&self.conn, user)?.ok_or_else(|| StoreError::UnknownIdentity(user.to_string()))?
                    }
                }
            }
            (None, None) => return Err(StoreError::UnknownIdentity(String::new())),
        };
        Ok(Actor { login: found.login, role: found.role })
    }
}
