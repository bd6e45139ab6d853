//! Building a sync's parts from the branch file: a snapshot of everything, or the changes of
//! audit-id ranges. Each part is bounded and handed on as soon as the next one starts, so a
//! large branch never sits in memory whole.

use super::SyncError;
use super::part::{
    AuditRow, BranchLabel, EmployeeScores, MonthStateRow, PART_FORMAT, Part, PartKind, PeriodScores, StaffRow,
    ValueKeyRow, ValueRow,
};
use super::touch::{Touched, ValueKey};
use crate::domain::period::{Month, Period, PeriodKind};
use crate::export;
use crate::import::ValueKind;
use crate::store::{AuditRecord, Store, ValueRecord};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// What a part may weigh: a figure, person, month or audit row weighs 1, an RM's coverage 2, a
/// scorecard (with its KRAs and KPIs) 10. About 3 MB of JSON at most.
const PART_WEIGHT: usize = 10_000;
/// Audit rows per range of changes: each range is applied, and moves the watermark, on its own.
const RANGE_ROWS: usize = 5_000;
/// Rows read from the file at a time.
const PAGE_ROWS: usize = 2_000;

/// Who is shipping and as of when: the same on every part of a sync.
#[derive(Debug, Clone)]
pub struct Header {
    pub branch: BranchLabel,
    pub generation: String,
    pub as_of: NaiveDate,
    /// The file's last audit id when the sync began.
    pub mark: i64,
}

/// Receives each part, in order; an error stops the sync where it is.
pub type Send<'a> = dyn FnMut(Part) -> Result<(), SyncError> + 'a;

/// Packs rows into bounded parts and sends each once the next is started, so the last one can
/// be marked as such.
struct Packer<'a, 's> {
    blank: Part,
    current: Part,
    pending: Option<Part>,
    sent: usize,
    send: &'a mut Send<'s>,
}

fn weight(part: &Part) -> usize {
    part.rows()
        + 9 * part.scorecards.iter().map(|p| p.employees.len()).sum::<usize>()
        + part.coverage.as_ref().map_or(0, Vec::len)
}

impl<'a, 's> Packer<'a, 's> {
    fn new(
        header: &Header,
        kind: PartKind,
        (from, to): (i64, i64),
        (anchor, tip): (Option<AuditRow>, Option<AuditRow>),
        send: &'a mut Send<'s>,
    ) -> Self {
        let blank = Part {
            format: PART_FORMAT,
            branch: header.branch.clone(),
            generation: header.generation.clone(),
            kind,
            from,
            to,
            anchor,
            tip,
            mark: header.mark,
            scoring_version: crate::store::SCORING_VERSION,
            last: false,
            as_of: header.as_of,
            staff: Vec::new(),
            targets: Vec::new(),
            actuals: Vec::new(),
            cleared_targets: Vec::new(),
            cleared_actuals: Vec::new(),
            months: Vec::new(),
            scorecards: Vec::new(),
            periods: None,
            coverage: None,
            audit: Vec::new(),
        };
        Packer { current: blank.clone(), blank, pending: None, sent: 0, send }
    }

    /// Starts a new part when `adding` more would overfill the current one.
    fn room_for(&mut self, adding: usize) -> Result<&mut Part, SyncError> {
        let used = weight(&self.current);
        if used > 0 && used + adding > PART_WEIGHT {
            let full = std::mem::replace(&mut self.current, self.blank.clone());
            if let Some(previous) = self.pending.replace(full) {
                self.dispatch(previous, false)?;
            }
        }
        Ok(&mut self.current)
    }

    fn dispatch(&mut self, mut part: Part, last: bool) -> Result<(), SyncError> {
        part.last = last;
        if let PartKind::Snapshot { snapshot, .. } = part.kind {
            part.kind = PartKind::Snapshot { snapshot, first: self.sent == 0 };
        }
        self.sent += 1;
        (self.send)(part)
    }

    /// Sends what is left, the last part marked; at least one part, so the watermark moves.
    fn finish(mut self, periods: Option<Vec<String>>) -> Result<usize, SyncError> {
        let mut current = std::mem::replace(&mut self.current, self.blank.clone());
        let last = match self.pending.take() {
            Some(previous) if weight(&current) == 0 && current.coverage.is_none() => previous,
            Some(previous) => {
                self.dispatch(previous, false)?;
                current
            }
            None => current,
        };
        current = last;
        current.periods = periods;
        self.dispatch(current, true)?;
        Ok(self.sent)
    }
}

/// Everything the branch holds, as of audit id `mark` at least: people, figures, month states,
/// every period's scorecards, coverage and the audit log up to `mark`.
pub fn snapshot(store: &mut Store, header: &Header, send: &mut Send<'_>) -> Result<usize, SyncError> {
    let mark = header.mark;
    let stamp = (rand::random::<u64>() >> 1) as i64;
    let tip = store.audit_record(mark)?.map(|r| audit_row(&r));
    let mut packer =
        Packer::new(header, PartKind::Snapshot { snapshot: stamp, first: true }, (0, mark), (None, tip), send);
    for row in staff_rows(store)? {
        packer.room_for(1)?.staff.push(row);
    }
    for row in month_rows(store, None)? {
        packer.room_for(1)?.months.push(row);
    }
    for kind in [ValueKind::Target, ValueKind::Actual] {
        let mut after: Option<(String, String, String)> = None;
        loop {
            let page = store.value_page(
                kind,
                after.as_ref().map(|(m, l, k)| (m.as_str(), l.as_str(), k.as_str())),
                PAGE_ROWS,
            )?;
            let Some(last) = page.last() else { break };
            after = Some((last.month.to_string(), last.login.clone(), last.kpi.clone()));
            for record in &page {
                let part = packer.room_for(1)?;
                if kind == ValueKind::Target { &mut part.targets } else { &mut part.actuals }.push(value_row(record));
            }
        }
    }
    let fiscal_start = store.settings()?.fiscal_start();
    let periods = periods_with_figures(store, fiscal_start)?;
    for period in &periods {
        let scores = period_scores(store, *period, fiscal_start)?;
        packer.room_for(10 * scores.employees.len() + 1)?.scorecards.push(scores);
    }
    let coverage = coverage_rows(store, header.as_of)?;
    let rms = coverage.len();
    packer.room_for(2 * rms)?.coverage = Some(coverage);
    let mut after = 0;
    loop {
        let page = store.audit_after(after, mark, PAGE_ROWS)?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for record in &page {
            packer.room_for(1)?.audit.push(audit_row(record));
        }
    }
    packer.finish(Some(periods.iter().map(Period::to_string).collect()))
}

/// What a run has shipped already: later ranges of the same run need not send it again, since
/// every part carries the branch as it is now, not as it was at its audit rows.
#[derive(Debug, Default)]
pub struct Shipped {
    targets: BTreeSet<ValueKey>,
    actuals: BTreeSet<ValueKey>,
    staff: bool,
    months: BTreeSet<Month>,
    periods: BTreeSet<Period>,
    coverage: bool,
}

/// The changes after audit id `from` up to the header's mark, range by range; with
/// `new_day`, the live figures and coverage of today too (head office holds an earlier
/// day's); with `rescore`, every period's scorecards (head office holds another build's).
/// Returns how many parts were sent (0 when there was nothing to send).
pub fn changes(
    store: &mut Store,
    header: &Header,
    from: i64,
    (new_day, rescore): (bool, bool),
    send: &mut Send<'_>,
) -> Result<usize, SyncError> {
    let mut shipped = Shipped::default();
    let (mut after, mut new_day, mut rescore, mut sent) = (from, new_day, rescore, 0);
    loop {
        let records = store.audit_after(after, header.mark, RANGE_ROWS)?;
        if records.is_empty() && !new_day && !rescore {
            return Ok(sent);
        }
        let to = records.last().map_or(after, |r| r.id);
        let row_at = |id: i64| -> Result<Option<AuditRow>, SyncError> {
            Ok(if id > 0 { store.audit_record(id)?.map(|r| audit_row(&r)) } else { None })
        };
        let (anchor, tip) = (row_at(after)?, row_at(to)?);
        let mut touched = Touched::of(&records);
        touched.books |= new_day || rescore;
        touched.every_period |= rescore;
        let mut packer = Packer::new(header, PartKind::Changes, (after, to), (anchor, tip), send);
        let periods = ship_touched(store, header.as_of, &touched, &mut shipped, &mut packer)?;
        for record in &records {
            packer.room_for(1)?.audit.push(audit_row(record));
        }
        sent += packer.finish(periods)?;
        if records.len() < RANGE_ROWS {
            return Ok(sent);
        }
        (after, new_day, rescore) = (to, false, false);
    }
}

/// Adds to `packer` what `touched` names and this run has not shipped yet; returns the list of
/// every period with figures when periods may have come or gone.
fn ship_touched(
    store: &mut Store,
    as_of: NaiveDate,
    touched: &Touched,
    shipped: &mut Shipped,
    packer: &mut Packer<'_, '_>,
) -> Result<Option<Vec<String>>, SyncError> {
    if !touched.staff.is_empty() && !shipped.staff {
        shipped.staff = true;
        for row in staff_rows(store)? {
            packer.room_for(1)?.staff.push(row);
        }
    }
    for (kind, keys, done) in [
        (ValueKind::Target, &touched.targets, &mut shipped.targets),
        (ValueKind::Actual, &touched.actuals, &mut shipped.actuals),
    ] {
        let fresh: Vec<ValueKey> = keys.difference(done).cloned().collect();
        for chunk in fresh.chunks(PAGE_ROWS) {
            let values = store.values_of_keys(kind, chunk)?;
            for ((login, kpi, month), value) in chunk.iter().cloned().zip(values) {
                let part = packer.room_for(1)?;
                match (kind, value) {
                    (ValueKind::Target, Some(value)) => part.targets.push(ValueRow { login, kpi, month, value }),
                    (ValueKind::Actual, Some(value)) => part.actuals.push(ValueRow { login, kpi, month, value }),
                    (ValueKind::Target, None) => part.cleared_targets.push(ValueKeyRow { login, kpi, month }),
                    (ValueKind::Actual, None) => part.cleared_actuals.push(ValueKeyRow { login, kpi, month }),
                }
            }
        }
        done.extend(fresh);
    }
    let states: BTreeSet<Month> = touched.month_states.difference(&shipped.months).copied().collect();
    if !states.is_empty() {
        for row in month_rows(store, Some(&states))? {
            packer.room_for(1)?.months.push(row);
        }
        shipped.months.extend(states);
    }
    let fiscal_start = store.settings()?.fiscal_start();
    let with_figures = periods_with_figures(store, fiscal_start)?;
    let mut wanted: BTreeSet<Period> = if touched.every_period {
        with_figures.clone()
    } else {
        let mut months = touched.months.clone();
        if touched.books {
            months.extend(live_months(store)?);
        }
        months.iter().flat_map(|m| periods_of(*m, fiscal_start)).collect()
    };
    let periods_changed = !wanted.is_empty();
    wanted.retain(|p| with_figures.contains(p) && !shipped.periods.contains(p));
    for period in wanted {
        let scores = period_scores(store, period, fiscal_start)?;
        packer.room_for(10 * scores.employees.len() + 1)?.scorecards.push(scores);
        shipped.periods.insert(period);
    }
    if touched.books && !shipped.coverage {
        shipped.coverage = true;
        let coverage = coverage_rows(store, as_of)?;
        let rms = coverage.len();
        packer.room_for(2 * rms)?.coverage = Some(coverage);
    }
    Ok(periods_changed.then(|| with_figures.iter().map(Period::to_string).collect()))
}

/// A month's month, quarter and year, and the period after each (whose change they set).
fn periods_of(month: Month, fiscal_start: u32) -> Vec<Period> {
    [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year]
        .into_iter()
        .map(|kind| Period::containing(month, kind, fiscal_start))
        .flat_map(|period| [period, period.shifted(1)])
        .collect()
}

/// Every period (month, quarter, year) holding a month with figures or a state.
fn periods_with_figures(store: &Store, fiscal_start: u32) -> Result<BTreeSet<Period>, SyncError> {
    Ok(store
        .months_with_figures()?
        .into_iter()
        .flat_map(|month| {
            [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year]
                .map(|kind| Period::containing(month, kind, fiscal_start))
        })
        .collect())
}

/// Open months up to the current one that have figures: their book-derived KPIs are read live
/// from the customer book, so they change with the day and with every customer change.
fn live_months(store: &Store) -> Result<Vec<Month>, SyncError> {
    let closed: BTreeSet<Month> = store.month_states()?.into_iter().filter(|(_, c)| *c).map(|(m, _)| m).collect();
    let current = store.current_month();
    Ok(store.months_with_figures()?.into_iter().filter(|m| *m <= current && !closed.contains(m)).collect())
}

/// The branch's own scorecard export of `period` (kept scores where they are still valid).
fn period_scores(store: &mut Store, period: Period, fiscal_start: u32) -> Result<PeriodScores, SyncError> {
    let history = store.team_history(period, 1)?;
    let Some(team) = history.history.into_iter().last() else {
        return Err(SyncError::Internal(format!("no scores for {period}")));
    };
    let report = export::scorecard_export(&team);
    let employees = team
        .members
        .iter()
        .zip(report.employees)
        .map(|(member, employee)| {
            Ok(EmployeeScores {
                login: employee.login.clone(),
                name: employee.name.clone(),
                role: employee.role.clone(),
                overall: employee.overall,
                band: employee.band.clone(),
                rank: employee.rank,
                completeness: employee.completeness,
                change: employee.change,
                targeted: member.card.cells.targeted() as u64,
                reported: member.card.cells.reported as u64,
                card: serde_json::to_value(&employee).map_err(|e| SyncError::Internal(e.to_string()))?,
            })
        })
        .collect::<Result<Vec<_>, SyncError>>()?;
    let months = period.months(fiscal_start);
    Ok(PeriodScores {
        period: period.to_string(),
        first_month: months[0].to_string(),
        last_month: months[months.len() - 1].to_string(),
        is_final: report.is_final,
        employees,
    })
}

/// Every RM's coverage as the branch's own coverage export shows it as of `as_of`.
fn coverage_rows(store: &Store, as_of: NaiveDate) -> Result<Vec<serde_json::Value>, SyncError> {
    let staff = store.staff()?;
    let rms: Vec<&crate::domain::staff::StaffMember> = staff.iter().collect();
    let books = store.customer_facts_by_rm()?;
    let report = export::coverage_export(&rms, &books, &store.settings()?.norms, as_of);
    report.rms.iter().map(|rm| serde_json::to_value(rm).map_err(|e| SyncError::Internal(e.to_string()))).collect()
}

fn staff_rows(store: &Store) -> Result<Vec<StaffRow>, SyncError> {
    Ok(store
        .staff()?
        .into_iter()
        .map(|m| StaffRow {
            login: m.login,
            name: m.name,
            role: m.role.code().to_string(),
            manager_login: m.manager_login,
            focus: m.focus.map(|f| f.code().to_string()),
            segments: m.segments.iter().map(|s| s.code().to_string()).collect(),
        })
        .collect())
}

/// Month states (all, or those of `only`); a month without a state row is open.
fn month_rows(store: &Store, only: Option<&BTreeSet<Month>>) -> Result<Vec<MonthStateRow>, SyncError> {
    let states = store.month_states()?;
    let state = |closed: bool| if closed { "closed" } else { "open" }.to_string();
    Ok(match only {
        None => {
            states.into_iter().map(|(m, closed)| MonthStateRow { month: m.to_string(), state: state(closed) }).collect()
        }
        Some(months) => months
            .iter()
            .map(|m| {
                let closed = states.iter().any(|(s, c)| s == m && *c);
                MonthStateRow { month: m.to_string(), state: state(closed) }
            })
            .collect(),
    })
}

fn value_row(record: &ValueRecord) -> ValueRow {
    ValueRow {
        login: record.login.clone(),
        kpi: record.kpi.clone(),
        month: record.month.to_string(),
        value: record.value,
    }
}

/// What head office keeps of a customer change in place of its values.
pub const CUSTOMER_DETAILS_WITHHELD: &str = "(customer details stay at the branch)";

/// An audit row as head office receives it: a customer's details (name, balance, products,
/// contacts) never leave the branch, so a customer change says only which customer changed,
/// when, how and by whom. Everything compared with head office's rows goes through here.
pub fn audit_row(record: &AuditRecord) -> AuditRow {
    let e = &record.entry;
    let withheld = |value: &Option<String>| match e.entity.as_str() {
        "customer" => value.as_ref().map(|_| CUSTOMER_DETAILS_WITHHELD.to_string()),
        _ => value.clone(),
    };
    AuditRow {
        id: record.id,
        at: e.at.clone(),
        actor: e.actor.clone(),
        action: e.action.clone(),
        entity: e.entity.clone(),
        key: e.key.clone(),
        old: withheld(&e.old),
        new: withheld(&e.new),
        via: e.via.clone(),
    }
}
