//! What the dashboard shows, loaded from the store in one go and scored ahead of drawing:
//! rendering only reads this.

use crate::domain::capability::{Capability, builtin_capabilities};
use crate::domain::coverage::{Coverage, CoverageNorms, coverage_for_rm};
use crate::domain::customer::Customer;
use crate::domain::period::{Month, Period};
use crate::domain::scoring::Finality;
use crate::domain::staff::StaffMember;
use crate::domain::team::{BranchData, MemberScore, TeamPeriod};
use crate::domain::template::Role;
use crate::store::{Actor, Store, StoreError, StoreResult};
use chrono::NaiveDate;
use std::collections::HashMap;

/// How many periods the trend sparklines span.
pub const TREND_PERIODS: usize = 12;

/// One RM's book as the portfolio tab shows it. Customers are read only for the RM on
/// screen; coverage for every RM comes from a lighter read.
#[derive(Debug, Clone)]
pub struct Portfolio {
    pub rm: StaffMember,
    pub coverage: Coverage,
    /// Filled for the selected RM only (see `DashboardData::load_book`).
    pub customers: Vec<Customer>,
    pub book_loaded: bool,
    pub ratings: HashMap<String, u8>,
}

#[derive(Debug, Clone)]
pub struct DashboardData {
    pub branch_name: String,
    pub period: Period,
    /// Scores of the last `TREND_PERIODS` periods of the same kind, oldest first; the last is `period`.
    pub history: Vec<TeamPeriod>,
    /// The figures read for those periods (to know the stored monthly value an edit starts from).
    pub branch: BranchData,
    /// The portfolios this reader may see, RMs by name.
    pub portfolios: Vec<Portfolio>,
    pub capabilities: Vec<Capability>,
    pub as_of: NaiveDate,
}

impl DashboardData {
    /// Reads and scores everything the dashboard shows for `period`, as `actor` may see it,
    /// with the customers of `selected_rm` (else the first RM).
    pub fn load(
        store: &mut Store,
        actor: &Actor,
        period: Period,
        as_of: NaiveDate,
        selected_rm: Option<&str>,
    ) -> StoreResult<DashboardData> {
        let settings = store.settings()?;
        let PeriodScores { history, branch, .. } = PeriodScores::load(store, period, settings.fiscal_start())?;
        let visible_rms: Vec<StaffMember> = branch
            .staff
            .iter()
            .filter(|m| m.role == Role::RelationshipManager && actor.may_read_details_of(&m.login))
            .cloned()
            .collect();
        let mut facts = if actor.is_manager() {
            store.customer_facts_by_rm()?
        } else {
            let own = store.customers(Some(&actor.login))?.iter().map(Customer::facts).collect();
            HashMap::from([(actor.login.clone(), own)])
        };
        let mut portfolios = Vec::with_capacity(visible_rms.len());
        for rm in visible_rms {
            let book = facts.remove(&rm.login).unwrap_or_default();
            portfolios.push(Portfolio {
                coverage: coverage_for_rm(&book, &settings.norms, as_of),
                ratings: store.capability_ratings(&rm.login)?,
                customers: Vec::new(),
                book_loaded: false,
                rm,
            });
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
        if let Some(login) = selected_rm.map(str::to_string).or(first) {
            data.load_book(store, &login)?;
        }
        Ok(data)
    }

    /// Rescores for another period; customers and coverage do not depend on it.
    pub fn rescore(&mut self, store: &mut Store, period: Period) -> StoreResult<()> {
        let scores = PeriodScores::load(store, period, self.fiscal_start())?;
        self.apply_scores(scores);
        Ok(())
    }

    /// Puts scores read for another period in place of the current ones.
    pub fn apply_scores(&mut self, scores: PeriodScores) {
        self.period = scores.period;
        self.history = scores.history;
        self.branch = scores.branch;
    }

    /// Reads one RM's customers for the table (once per RM and data version).
    pub fn load_book(&mut self, store: &Store, rm_login: &str) -> StoreResult<()> {
        if let Some(portfolio) = self.portfolios.iter_mut().find(|p| p.rm.login == rm_login && !p.book_loaded) {
            portfolio.customers = store.customers(Some(rm_login))?;
            portfolio.book_loaded = true;
        }
        Ok(())
    }

    /// The month fiscal quarters and years start in (a branch setting).
    pub fn fiscal_start(&self) -> u32 {
        self.branch.settings.fiscal_start()
    }

    pub fn norms(&self) -> &CoverageNorms {
        &self.branch.settings.norms
    }

    /// The scores of the period on screen.
    pub fn team(&self) -> &[MemberScore] {
        self.history.last().map(|t| t.members.as_slice()).unwrap_or(&[])
    }

    /// The period on screen with its scores, once loaded.
    pub fn team_period(&self) -> Option<&TeamPeriod> {
        self.history.last()
    }

    /// Whether the period on screen is final, and which of its months are open.
    pub fn finality(&self) -> Finality {
        match self.team_period() {
            Some(team) => team.finality.clone(),
            None => self.branch.period_months(self.period).finality(),
        }
    }

    pub fn member_score(&self, login: &str) -> Option<&MemberScore> {
        self.team().iter().find(|s| s.member.login == login)
    }

    /// One person's overall over the trend periods, oldest first.
    pub fn overall_trend(&self, login: &str) -> Vec<Option<f64>> {
        self.history
            .iter()
            .map(|period| period.members.iter().find(|s| s.member.login == login).and_then(|s| s.card.overall))
            .collect()
    }

    /// One KPI's score over the trend periods, oldest first.
    pub fn kpi_trend(&self, login: &str, kra_index: usize, kpi_index: usize) -> Vec<Option<f64>> {
        self.history
            .iter()
            .map(|period| {
                let score = period.members.iter().find(|s| s.member.login == login)?;
                score.card.kras.get(kra_index)?.kpis.get(kpi_index)?.score
            })
            .collect()
    }

    /// The stored monthly actual an edit of this KPI starts from.
    pub fn stored_actual(&self, login: &str, kpi: &str, month: Month) -> Option<f64> {
        let months = self.branch.values.get(login)?.get(kpi)?;
        months.actuals.iter().find(|(m, _)| *m == month).map(|(_, v)| *v)
    }

    /// Records a value this session just saved, so that another edit before the reload
    /// arrives starts from it (and is not taken for a conflict with ourselves).
    pub fn note_saved_actual(&mut self, login: &str, kpi: &str, month: Month, value: f64) {
        let months = self.branch.values.entry(login.to_string()).or_default().entry(kpi.to_string()).or_default();
        match months.actuals.iter_mut().find(|(m, _)| *m == month) {
            Some(entry) => entry.1 = value,
            None => {
                months.actuals.push((month, value));
                months.sort();
            }
        }
    }

    pub fn is_closed(&self, month: Month) -> bool {
        self.branch.closed.contains(&month)
    }
}

/// Everything on screen that depends on the period: scores of the trend periods and the
/// figures they came from.
#[derive(Debug, Clone)]
pub struct PeriodScores {
    pub period: Period,
    pub history: Vec<TeamPeriod>,
    pub branch: BranchData,
}

impl PeriodScores {
    /// Scores the `TREND_PERIODS` periods ending with `period` from one snapshot of the file.
    pub fn load(store: &mut Store, period: Period, fiscal_start: u32) -> StoreResult<PeriodScores> {
        let oldest = period.shifted(-(TREND_PERIODS as i64 - 1));
        let (first, _) = BranchData::months_needed(oldest, fiscal_start);
        let (_, last) = BranchData::months_needed(period, fiscal_start);
        let branch = store.branch_data(first, last)?;
        let history = branch.score_periods(period, TREND_PERIODS);
        Ok(PeriodScores { period, history, branch })
    }
}
