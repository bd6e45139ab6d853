//! The dashboard's reads of the branch file: everything on screen for a period, only the
//! scores of another period, one RM's customers, one value's history. Run on the worker.

use crate::domain::actor::Actor;
use crate::domain::capability::builtin_capabilities;
use crate::domain::coverage::coverage_of_groups;
use crate::domain::period::{Month, Period};
use crate::domain::staff::StaffMember;
use crate::domain::template::Role;
use crate::store::{AuditEntry, AuditFilter, Store, StoreError, StoreResult, TeamHistory, ValueKey};
use crate::ui::data::{Book, DashboardData, PeriodScores, Portfolio, TREND_PERIODS};
use chrono::NaiveDate;

/// Reads and scores everything the dashboard shows for `period`, as `actor` may see it, with
/// the customers of `selected_rm` (else the first RM).
pub fn read_everything(
    store: &mut Store,
    actor: &Actor,
    period: Period,
    as_of: NaiveDate,
    selected_rm: Option<&str>,
) -> StoreResult<DashboardData> {
    let PeriodScores { history, branch, .. } = read_scores(store, actor, period)?;
    let visible_rms: Vec<StaffMember> = branch
        .staff
        .iter()
        .filter(|m| m.role == Role::RelationshipManager && actor.may_read_details_of(&m.login))
        .cloned()
        .collect();
    // Every RM's book as counted today: kept counts, only changed books counted again.
    let mut coverages = store.counted_books()?.coverage;
    let mut portfolios = Vec::with_capacity(visible_rms.len());
    for rm in visible_rms {
        let coverage = coverages.remove(&rm.login).unwrap_or_else(|| coverage_of_groups(&[], &branch.settings.norms));
        portfolios.push(Portfolio { coverage, ratings: store.capability_ratings(&rm.login)?, book: Book::NotRead, rm });
    }
    let mut data = DashboardData {
        branch_name: store.branch_name()?,
        period,
        history,
        branch,
        portfolios,
        capabilities: builtin_capabilities().map_err(StoreError::Corrupt)?,
        as_of,
    };
    let first = data.portfolios.first().map(|p| p.rm.login.clone());
    if let Some(login) = selected_rm.filter(|l| data.portfolio(l).is_some()).map(str::to_string).or(first) {
        let book = read_book(store, &login);
        data.apply_book(&login, book, |rm| rm == login);
    }
    Ok(data)
}

/// Scores the `TREND_PERIODS` periods ending with `period` from one snapshot of the file.
pub fn read_scores(store: &mut Store, actor: &Actor, period: Period) -> StoreResult<PeriodScores> {
    let TeamHistory { mut history, base: mut branch, .. } = store.team_history(period, TREND_PERIODS)?;
    // Visibility once, here: scored with everyone's figures, kept with only what this reader
    // may see (staff: others' name, role, overall, band and rank; their own figures whole).
    for team in &mut history {
        actor.hide_details_of_others(team);
    }
    actor.hide_staff_details_of_others(&mut branch.staff);
    branch.values.retain(|login, _| actor.may_read_details_of(login));
    Ok(PeriodScores { period, history, branch })
}

/// One RM's customers, or why they cannot be read.
pub fn read_book(store: &Store, rm_login: &str) -> Book {
    match store.customers(Some(rm_login)) {
        Ok(customers) => Book::Read(customers),
        Err(e) => Book::Unreadable(format!("cannot read the customers of {rm_login}: {e}")),
    }
}

/// The changes of one actual, oldest first.
pub fn read_history(store: &mut Store, login: &str, kpi: &str, month: Month) -> StoreResult<Vec<AuditEntry>> {
    let filter = AuditFilter {
        entity: Some("actual".into()),
        key: Some(ValueKey { login, kpi, month }.audit_key()),
        about_login: None,
    };
    store.audit_entries(&filter)
}
