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
use chrono::NaiveDate;
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

impl RowProblem {
    /// A problem with the data of one cell (exit 1).
    pub fn invalid(line: u64, column: usize, reason: impl Into<String>) -> RowProblem {
        RowProblem { line, column, reason: reason.into(), kind: ProblemKind::Invalid }
    }
}

/// Everything validation needs to know about the branch, read inside the import's transaction
/// so that nothing can change between checking and writing.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub staff: HashMap<String, StaffMember>,
    pub templates: HashMap<Role, RoleTemplate>,
    pub closed: BTreeSet<Month>,
    /// The store's today: no contact date may be later.
    pub today: NaiveDate,
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
    /// The problems found: the first ones by position (and at least one of each kind, which
    /// decides the exit code), and how many there were in all.
    Problems {
        listed: Vec<RowProblem>,
        total: usize,
    },
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

/// Receives progress as work goes on (a progress bar, or nothing), in whatever unit the bar
/// counts: rows for the demo, bytes read for imports.
pub trait Progress {
    fn advance(&self, amount: u64);
}

impl Progress for () {
    fn advance(&self, _amount: u64) {}
}

impl Catalogue {
    /// The KPI `code` of `login`'s role template, if both exist.
    pub fn kpi_of(&self, login: &str, code: &str) -> Option<&crate::domain::template::Kpi> {
        self.staff.get(login).and_then(|member| self.templates.get(&member.role)).and_then(|t| t.kpi(code))
    }
}

fn load_catalogue(conn: &rusqlite::Connection, today: NaiveDate) -> StoreResult<Catalogue> {
    Ok(Catalogue {
        staff: staff::load_staff(conn)?.into_iter().map(|m| (m.login.clone(), m)).collect(),
        templates: settings::load_templates(conn)?,
        closed: periods::closed_months(conn)?,
        today,
    })
}

/// How many problems an import keeps to list; a file of millions of bad rows is counted, not
/// held in memory.
const PROBLEMS_KEPT: usize = 1000;

/// The problems of one import, kept in bounded memory. Rows arrive in file order, so the first
/// ones kept are the first by position.
/// Past the limit, the first problem of a kind not yet listed is still kept: the most serious
/// kind decides the exit code.
#[derive(Default)]
struct Problems {
    listed: Vec<RowProblem>,
    kinds_listed: BTreeSet<ProblemKind>,
    total: usize,
}

impl Problems {
    fn add(&mut self, found: Vec<RowProblem>) {
        for problem in found {
            self.total += 1;
            if self.listed.len() < PROBLEMS_KEPT || !self.kinds_listed.contains(&problem.kind) {
                self.kinds_listed.insert(problem.kind);
                self.listed.push(problem);
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// One row of an import file as checked: its line and the row to write, or every problem that
/// refuses it.
pub type CheckedRow<T> = Result<(u64, T), Vec<RowProblem>>;

/// The next checked row of an import file; `None` after the last.
type NextRow<T> = Option<CheckedRow<T>>;

/// What the store made of one checked row.
enum Outcome {
    Written(RowEffect),
    /// Passed the store's checks but not written: the import has already failed.
    Passed,
    Refused(Vec<RowProblem>),
}

impl Store {
    /// The one import loop: rows are checked and written as they come, in one transaction;
    /// after the first problem nothing more is written but every row is still checked, and any
    /// problem rolls the whole file back.
    fn import_rows<T>(
        &mut self,
        prepare: impl FnOnce(&rusqlite::Connection) -> StoreResult<()>,
        mut next_row: impl FnMut(&Catalogue) -> NextRow<T>,
        mut take: impl FnMut(&rusqlite::Connection, &Catalogue, u64, &T, bool) -> StoreResult<Outcome>,
    ) -> Result<ImportSummary, ImportRejected> {
        let today = self.today;
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        prepare(&tx)?;
        let catalogue = load_catalogue(&tx, today)?;
        let mut problems = Problems::default();
        let mut summary = ImportSummary::default();
        while let Some(next) = next_row(&catalogue) {
            match next {
                Err(found) => problems.add(found),
                Ok((line, row)) => match take(&tx, &catalogue, line, &row, problems.is_empty())? {
                    Outcome::Written(effect) => summary.count(effect),
                    Outcome::Passed => {}
                    Outcome::Refused(found) => problems.add(found),
                },
            }
        }
        if !problems.is_empty() {
            // Dropping the transaction rolls back what was written before the first problem.
            return Err(ImportRejected::Problems { listed: problems.listed, total: problems.total });
        }
        tx.commit()?;
        Ok(summary)
    }

    /// Imports a file of targets or actuals as one transaction: any problem (a bad value,
    /// someone else's actual, a manager-entered KPI, a closed month, an actual for a month
    /// after the current one) rejects the whole file, and all of them are listed.
    pub fn import_values(
        &mut self,
        actor: &Actor,
        kind: ValueKind,
        next_row: impl FnMut(&Catalogue) -> NextRow<ValueRow>,
    ) -> Result<ImportSummary, ImportRejected> {
        if kind == ValueKind::Target {
            actor.ensure_manager("import targets")?;
        }
        let current_month = self.current_month();
        let at = now_timestamp();
        self.import_rows(
            |_| Ok(()),
            next_row,
            |tx, catalogue, line, row, write| {
                let problems = value_row_problems(tx, catalogue, actor, kind, current_month, line, row)?;
                if !problems.is_empty() {
                    return Ok(Outcome::Refused(problems));
                }
                if !write {
                    return Ok(Outcome::Passed);
                }
                let key = (row.login.as_str(), row.kpi.as_str(), row.month);
                let old = write_value(tx, &at, &actor.login, Via::Import, kind, key, Some(row.value))?;
                Ok(Outcome::Written(match old {
                    None => RowEffect::Created,
                    Some(v) if v == row.value => RowEffect::Unchanged,
                    Some(_) => RowEffect::Updated,
                }))
            },
        )
    }

    /// Imports a customer file (branch manager only) as one transaction.
    pub fn import_customers(
        &mut self,
        actor: &Actor,
        next_row: impl FnMut(&Catalogue) -> NextRow<Customer>,
    ) -> Result<ImportSummary, ImportRejected> {
        actor.ensure_manager("import customers")?;
        let at = now_timestamp();
        self.import_rows(
            |_| Ok(()),
            next_row,
            |tx, _, _, customer, write| {
                if !write {
                    return Ok(Outcome::Passed);
                }
                Ok(Outcome::Written(customers::upsert_customer(tx, &at, &actor.login, Via::Import, customer)?))
            },
        )
    }

    /// Imports a staff file (branch manager only) as one transaction. A role change that would
    /// strand the person's customers or figures is refused, saying what to do first.
    pub fn import_staff(
        &mut self,
        actor: &Actor,
        next_row: impl FnMut(&Catalogue) -> NextRow<StaffMember>,
    ) -> Result<ImportSummary, ImportRejected> {
        actor.ensure_manager("import staff")?;
        let at = now_timestamp();
        // Rows are written as they come, so a manager link may name someone a later row adds:
        // the foreign key is checked at commit, after the file's own link checks.
        let prepare = |tx: &rusqlite::Connection| Ok(tx.execute_batch("PRAGMA defer_foreign_keys = ON")?);
        self.import_rows(prepare, next_row, |tx, catalogue, line, member, write| {
            let reasons = staff::role_change_refusals(tx, member, catalogue.templates.get(&member.role))?;
            if !reasons.is_empty() {
                let problem = |reason| RowProblem::invalid(line, 3, reason);
                return Ok(Outcome::Refused(reasons.into_iter().map(problem).collect()));
            }
            if !write {
                return Ok(Outcome::Passed);
            }
            Ok(Outcome::Written(staff::upsert_member(tx, &at, &actor.login, Via::Import, member)?))
        })
    }
}

/// What the store refuses in one checked value row: someone else's actual or a manager-entered
/// KPI (not allowed), a closed month, or an actual for a month that has not begun (locked).
fn value_row_problems(
    tx: &rusqlite::Connection,
    catalogue: &Catalogue,
    actor: &Actor,
    kind: ValueKind,
    current_month: Month,
    line: u64,
    row: &ValueRow,
) -> StoreResult<Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut report = |column: usize, reason: String, kind: ProblemKind| {
        problems.push(RowProblem { line, column, reason, kind });
    };
    // A row repeating the stored value changes nothing: re-importing a whole year's sheet, or
    // staff re-importing their own export (manager-entered figures included), still works.
    let unchanged = || -> StoreResult<bool> {
        Ok(super::values::stored_value(tx, kind, &row.login, &row.kpi, row.month)? == Some(row.value))
    };
    let allowed = match kind {
        ValueKind::Target => Ok(()),
        ValueKind::Actual => actor.ensure_may_set_actual(&row.login),
    };
    if let Err(e) = allowed {
        report(1, e.to_string(), ProblemKind::NotAllowed);
    } else if let (ValueKind::Actual, Some(kpi)) = (kind, catalogue.kpi_of(&row.login, &row.kpi))
        && let Err(e) = actor.ensure_may_enter(kpi)
        && !unchanged()?
    {
        report(1, e.to_string(), ProblemKind::NotAllowed);
    }
    if catalogue.closed.contains(&row.month) && !unchanged()? {
        let reason = format!("{} is closed; the branch manager must reopen it first", row.month);
        report(3, reason, ProblemKind::Locked);
    }
    if let Err(e) = check_month_begun(kind, row.month, current_month) {
        report(3, e.to_string(), ProblemKind::Locked);
    }
    Ok(problems)
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
