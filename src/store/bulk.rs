//! Many-row changes (imports, the demo branch) written all-or-nothing in one transaction.

use super::audit::{self, Change};
use super::error::{StoreError, StoreResult};
use super::permissions::Actor;
use super::values::{ValueKind, check_month_begun, write_value};
use super::{Store, Via, customers, now_timestamp, periods, settings, staff};
use crate::domain::customer::Customer;
use crate::domain::period::Month;
use crate::domain::staff::StaffMember;
use crate::domain::template::{Role, RoleTemplate};
use std::collections::{BTreeSet, HashMap};

/// What one imported row did to the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowEffect {
    Created,
    Updated,
    Unchanged,
}

/// Writes a keyed record unless it is already stored as given, auditing it as created or
/// updated with both versions as text: the one path staff and customer rows take.
pub(super) fn upsert_audited<T: PartialEq>(
    conn: &rusqlite::Connection,
    (at, actor, via): (&str, &str, Via),
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
    audit::append(conn, at, actor, via, change)?;
    Ok(if before.is_some() { RowEffect::Updated } else { RowEffect::Created })
}

/// Counts of what an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl ImportSummary {
    fn count(&mut self, effect: RowEffect) {
        match effect {
            RowEffect::Created => self.created += 1,
            RowEffect::Updated => self.updated += 1,
            RowEffect::Unchanged => self.unchanged += 1,
        }
    }
}

/// Why a row cannot be imported; the kind decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    Invalid,
    /// A closed month, or an actual for a month that has not begun (exit 4).
    Locked,
    NotAllowed,
}

/// One problem with one cell (or row, column 1) of an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub column: usize,
    pub reason: String,
    pub kind: ProblemKind,
}

/// Everything validation needs to know about the branch, read inside the import's transaction
/// so that nothing can change between checking and writing.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub staff: HashMap<String, StaffMember>,
    pub templates: HashMap<Role, RoleTemplate>,
    pub closed: BTreeSet<Month>,
}

/// One validated target or actual, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueRow {
    pub line: u64,
    pub login: String,
    pub kpi: String,
    pub month: Month,
    pub value: f64,
}

/// An import that wrote nothing, and why.
#[derive(Debug)]
pub enum ImportRejected {
    Problems(Vec<RowProblem>),
    Store(StoreError),
}

impl From<StoreError> for ImportRejected {
    fn from(e: StoreError) -> Self {
        ImportRejected::Store(e)
    }
}

impl From<rusqlite::Error> for ImportRejected {
    fn from(e: rusqlite::Error) -> Self {
        ImportRejected::Store(e.into())
    }
}

/// Receives progress as rows are written (a progress bar, or nothing).
pub trait Progress {
    fn advance(&self, rows: u64);
}

impl Progress for () {
    fn advance(&self, _rows: u64) {}
}

impl Catalogue {
    /// The KPI `code` of `login`'s role template, if both exist.
    pub fn kpi_of(&self, login: &str, code: &str) -> Option<&crate::domain::template::Kpi> {
        self.staff.get(login).and_then(|member| self.templates.get(&member.role)).and_then(|t| t.kpi(code))
    }
}

fn load_catalogue(conn: &rusqlite::Connection) -> StoreResult<Catalogue> {
    Ok(Catalogue {
        staff: staff::load_staff(conn)?.into_iter().map(|m| (m.login.clone(), m)).collect(),
        templates: settings::load_templates(conn)?,
        closed: periods::closed_months(conn)?,
    })
}

type Validated<T> = Result<Vec<T>, Vec<RowProblem>>;

impl Store {
    /// Validates and writes a file of targets or actuals as one transaction: any problem (a bad
    /// value, someone else's actual, a closed month, an actual for a month after the current
    /// one) rejects the whole file.
    pub fn import_values(
        &mut self,
        actor: &Actor,
        kind: ValueKind,
        validate: impl FnOnce(&Catalogue) -> Validated<ValueRow>,
        progress: &dyn Progress,
    ) -> Result<ImportSummary, ImportRejected> {
        if kind == ValueKind::Target {
            actor.ensure_manager("import targets")?;
        }
        let current_month = self.current_month();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let catalogue = load_catalogue(&tx)?;
        let rows = validate(&catalogue).map_err(ImportRejected::Problems)?;
        let mut problems = Vec::new();
        for row in &rows {
            let allowed = match kind {
                ValueKind::Target => Ok(()),
                ValueKind::Actual => actor.ensure_may_set_actual(&row.login).and_then(|()| {
                    match catalogue.kpi_of(&row.login, &row.kpi) {
                        Some(kpi) => actor.ensure_may_enter(kpi),
                        None => Ok(()),
                    }
                }),
            };
            if let Err(e) = allowed {
                problems.push(RowProblem {
                    line: row.line,
                    column: 1,
                    reason: e.to_string(),
                    kind: ProblemKind::NotAllowed,
                });
            }
            // A closed month refuses changes; a row repeating the stored value changes nothing,
            // so re-importing a whole year's sheet still works.
            let unchanged = || -> StoreResult<bool> {
                Ok(super::values::stored_value(&tx, kind, &row.login, &row.kpi, row.month)? == Some(row.value))
            };
            if catalogue.closed.contains(&row.month) && !unchanged()? {
                problems.push(RowProblem {
                    line: row.line,
                    column: 3,
                    reason: format!("{} is closed; the branch manager must reopen it first", row.month),
                    kind: ProblemKind::Locked,
                });
            }
            if let Err(e) = check_month_begun(kind, row.month, current_month) {
                problems.push(RowProblem {
                    line: row.line,
                    column: 3,
                    reason: e.to_string(),
                    kind: ProblemKind::Locked,
                });
            }
        }
        if !problems.is_empty() {
            return Err(ImportRejected::Problems(problems));
        }
        let at = now_timestamp();
        let mut summary = ImportSummary::default();
        for row in &rows {
            let old = write_value(
                &tx,
                &at,
                &actor.login,
                Via::Import,
                kind,
                (&row.login, &row.kpi, row.month),
                Some(row.value),
            )?;
            summary.count(match old {
                None => RowEffect::Created,
                Some(v) if v == row.value => RowEffect::Unchanged,
                Some(_) => RowEffect::Updated,
            });
            progress.advance(1);
        }
        tx.commit()?;
        Ok(summary)
    }

    /// Validates and writes a staff file (branch manager only) as one transaction.
    pub fn import_staff(
        &mut self,
        actor: &Actor,
        validate: impl FnOnce(&Catalogue) -> Validated<StaffMember>,
    ) -> Result<ImportSummary, ImportRejected> {
        actor.ensure_manager("import staff")?;
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let catalogue = load_catalogue(&tx)?;
        let members = validate(&catalogue).map_err(ImportRejected::Problems)?;
        let at = now_timestamp();
        let mut summary = ImportSummary::default();
        // Rows whose manager already exists go first, round by round, so that every manager
        // link points at a row that is there (the foreign key is checked per statement).
        let mut pending: Vec<&StaffMember> = members.iter().collect();
        pending.sort_by_key(|m| m.manager_login.is_some());
        while !pending.is_empty() {
            let before = pending.len();
            let mut later = Vec::new();
            for member in pending {
                let manager_exists = match &member.manager_login {
                    Some(manager) => staff::load_member(&tx, manager)?.is_some(),
                    None => true,
                };
                if manager_exists {
                    summary.count(staff::upsert_member(&tx, &at, &actor.login, Via::Import, member)?);
                } else {
                    later.push(member);
                }
            }
            if later.len() == before {
                // Validation rejects cycles and unknown managers, so this cannot loop forever.
                return Err(StoreError::Invalid("manager links could not be resolved".into()).into());
            }
            pending = later;
        }
        tx.commit()?;
        Ok(summary)
    }

    /// Validates and writes a customer file (branch manager only) as one transaction.
    pub fn import_customers(
        &mut self,
        actor: &Actor,
        validate: impl FnOnce(&Catalogue) -> Validated<Customer>,
        progress: &dyn Progress,
    ) -> Result<ImportSummary, ImportRejected> {
        actor.ensure_manager("import customers")?;
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let catalogue = load_catalogue(&tx)?;
        let rows = validate(&catalogue).map_err(ImportRejected::Problems)?;
        let at = now_timestamp();
        let mut summary = ImportSummary::default();
        for customer in &rows {
            summary.count(customers::upsert_customer(&tx, &at, &actor.login, Via::Import, customer)?);
            progress.advance(1);
        }
        tx.commit()?;
        Ok(summary)
    }
}

/// A whole generated branch, written by `demo`.
pub struct DemoData {
    pub staff: Vec<StaffMember>,
    pub customers: Vec<Customer>,
    pub targets: Vec<ValueRow>,
    pub actuals: Vec<ValueRow>,
    pub closed_months: Vec<Month>,
    pub ratings: Vec<(String, String, u8)>,
}

impl Store {
    /// Writes a generated demo branch in one transaction. Its rows are not audited one by one:
    /// the audit log gets one entry saying the demo was generated, with its parameters.
    pub fn write_demo(
        &mut self,
        actor_login: &str,
        description: &str,
        data: &DemoData,
        progress: &dyn Progress,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let at = now_timestamp();
            for member in &data.staff {
                if member.role != Role::BranchManager || staff::load_member(tx, &member.login)?.is_none() {
                    staff::upsert_member(tx, &at, actor_login, Via::Demo, member)?;
                }
            }
            for customer in &data.customers {
                customers::insert_customer_unaudited(tx, customer)?;
            }
            progress.advance(data.customers.len() as u64);
            for (kind, rows) in [(ValueKind::Target, &data.targets), (ValueKind::Actual, &data.actuals)] {
                let sql = format!("INSERT INTO {} (login, kpi, month, value) VALUES (?1, ?2, ?3, ?4)", kind.table());
                let mut stmt = tx.prepare_cached(&sql)?;
                for row in rows {
                    stmt.execute(rusqlite::params![row.login, row.kpi, row.month.to_string(), row.value])?;
                }
                progress.advance(rows.len() as u64);
            }
            for month in &data.closed_months {
                tx.prepare_cached("INSERT INTO period_state (month, state) VALUES (?1, 'closed')")?
                    .execute([month.to_string()])?;
            }
            for (login, capability, rating) in &data.ratings {
                tx.prepare_cached("INSERT INTO capability_rating (login, capability, rating) VALUES (?1, ?2, ?3)")?
                    .execute(rusqlite::params![login, capability, rating])?;
            }
            audit::append(
                tx,
                &at,
                actor_login,
                Via::Demo,
                Change {
                    action: "generate",
                    entity: "branch",
                    key: "demo",
                    old: None,
                    new: Some(description.to_string()),
                },
            )
        })
    }
}
