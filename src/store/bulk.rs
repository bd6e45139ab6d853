//! Many-row changes (imports, the demo branch) written all-or-nothing in one transaction.

use super::audit::{self, Change, RowEffect, Stamp, Via};
use super::error::{StoreError, StoreResult};
use super::values::{self, ValueKey, check_month_begun, stored_value, write_value};
use super::{Store, customers, periods, settings, staff};
use crate::domain::actor::{Actor, Refusal};
use crate::domain::customer::Customer;
use crate::domain::period::Month;
use crate::domain::staff::StaffMember;
use crate::domain::template::Role;
use crate::import::{Catalogue, CheckedRow, ProblemKind, Progress, RowProblem, ValueKind, ValueRow};
use chrono::NaiveDate;
use std::collections::BTreeSet;

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

impl From<Refusal> for ImportRejected {
    fn from(e: Refusal) -> Self {
        ImportRejected::Store(e.into())
    }
}

impl From<rusqlite::Error> for ImportRejected {
    fn from(e: rusqlite::Error) -> Self {
        ImportRejected::Store(e.into())
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
    /// someone else's actual, a manager-entered or book-derived KPI, a closed month, an actual
    /// for a month after the current one) rejects the whole file, and all of them are listed.
    /// A row repeating the stored value is accepted as it changes nothing.
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
        let stamp = Stamp::now(&actor.login, Via::Import);
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
                let key = ValueKey { login: &row.login, kpi: &row.kpi, month: row.month };
                let old = write_value(tx, &stamp, kind, key, Some(row.value))?;
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
        let stamp = Stamp::now(&actor.login, Via::Import);
        self.import_rows(
            |_| Ok(()),
            next_row,
            |tx, _, _, customer, write| {
                if !write {
                    return Ok(Outcome::Passed);
                }
                Ok(Outcome::Written(customers::upsert_customer(tx, &stamp, customer)?))
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
        let stamp = Stamp::now(&actor.login, Via::Import);
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
            Ok(Outcome::Written(staff::upsert_member(tx, &stamp, member)?))
        })
    }
}

/// What the store refuses in one checked value row: someone else's actual, a manager-entered
/// or book-derived KPI (not allowed), a closed month, or an actual for a month that has not
/// begun (locked).
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
        let key = ValueKey { login: &row.login, kpi: &row.kpi, month: row.month };
        Ok(stored_value(tx, kind, key)? == Some(row.value))
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
        // A book-derived KPI is refused to everyone: the KPI cell is what is wrong, not the login.
        let column = if matches!(e, Refusal::BookDerivedKpi { .. }) { 2 } else { 1 };
        report(column, e.to_string(), ProblemKind::NotAllowed);
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
            let stamp = Stamp::now(actor_login, Via::Demo);
            for member in &data.staff {
                if member.role != Role::BranchManager || staff::load_member(tx, &member.login)?.is_none() {
                    staff::upsert_member(tx, &stamp, member)?;
                }
            }
            for customer in &data.customers {
                customers::insert_customer_unaudited(tx, customer)?;
            }
            progress.advance(data.customers.len() as u64);
            for (kind, rows) in [(ValueKind::Target, &data.targets), (ValueKind::Actual, &data.actuals)] {
                let sql =
                    format!("INSERT INTO {} (login, kpi, month, value) VALUES (?1, ?2, ?3, ?4)", values::table(kind));
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
                &stamp,
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
