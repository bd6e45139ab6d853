//! What the dashboard shows, loaded from the store in one go and scored ahead of drawing:
//! rendering only reads this.

use crate::domain::capability::{Capability, builtin_capabilities};
use crate::domain::coverage::{Coverage, CoverageNorms, coverage_for_rm};
use crate::domain::customer::Customer;
use crate::domain::period::{Month, Period};
use crate::domain::staff::StaffMember;
use crate::domain::team::{BranchData, MemberScore};
use crate::domain::template::Role;
use crate::store::{Actor, Store, StoreError, StoreResult};
use chrono::NaiveDate;
use std::collections::HashMap;

/// How many periods the trend sparklines span.
pub const TREND_PERIODS: usize = 12;

/// One RM's book as the portfolio tab shows it.
#[derive(Debug, Clone)]
pub struct Portfolio {
    pub rm: StaffMember,
    pub coverage: Coverage,
    pub customers: Vec<Customer>,
    pub ratings: HashMap<String, u8>,
}

#[derive(Debug, Clone)]
pub struct DashboardData {
    pub branch_name: String,
    pub period: Period,
    pub fiscal_start: u32,
    /// Scores of the last `TREND_PERIODS` periods of the same kind, oldest first; the last is `period`.
    pub history: Vec<Vec<MemberScore>>,
    /// The figures read for those periods (to know the stored monthly value an edit starts from).
    pub branch: BranchData,
    /// The portfolios this reader may see, RMs by name.
    pub portfolios: Vec<Portfolio>,
    pub capabilities: Vec<Capability>,
    pub norms: CoverageNorms,
    pub as_of: NaiveDate,
}

impl DashboardData {
    /// Reads and scores everything the dashboard shows for `period`, as `actor` may see it.
    pub fn load(store: &mut Store, actor: &Actor, period: Period, as_of: NaiveDate) -> StoreResult<DashboardData> {
        let settings = store.settings()?;
        let fiscal_start = settings.fiscal_start();
        let oldest = period.shifted(-(TREND_PERIODS as i64 - 1));
        let (first, _) = BranchData::months_needed(oldest, fiscal_start);
        let (_, last) = BranchData::months_needed(period, fiscal_start);
        let branch = store.branch_data(first, last)?;
        let history = (0..TREND_PERIODS as i64).map(|i| branch.score_period(oldest.shifted(i))).collect();
        let visible_rms: Vec<StaffMember> = branch
            .staff
            .iter()
            .filter(|m| m.role == Role::RelationshipManager && actor.may_read_details_of(&m.login))
            .cloned()
            .collect();
        let mut books = if actor.is_manager() {
            store.customers_by_rm()?
        } else {
            HashMap::from([(actor.login.clone(), store.customers(Some(&actor.login))?)])
        };
        let mut portfolios = Vec::with_capacity(visible_rms.len());
        for rm in visible_rms {
            let customers = books.remove(&rm.login).unwrap_or_default();
            let facts: Vec<_> = customers.iter().map(Customer::facts).collect();
            portfolios.push(Portfolio {
                coverage: coverage_for_rm(&facts, &settings.norms, as_of),
                ratings: store.capability_ratings(&rm.login)?,
                customers,
                rm,
            });
        }
        Ok(DashboardData {
            branch_name: store.branch_name()?,
            period,
            fiscal_start,
            history,
            branch,
            portfolios,
            capabilities: builtin_capabilities().map_err(StoreError::Corrupt)?,
            norms: settings.norms,
            as_of,
        })
    }

    /// The scores of the period on screen.
    pub fn team(&self) -> &[MemberScore] {
        self.history.last().map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn member_score(&self, login: &str) -> Option<&MemberScore> {
        self.team().iter().find(|s| s.member.login == login)
    }

    /// One person's overall over the trend periods, oldest first.
    pub fn overall_trend(&self, login: &str) -> Vec<Option<f64>> {
        self.history
            .iter()
            .map(|period| period.iter().find(|s| s.member.login == login).and_then(|s| s.card.overall))
            .collect()
    }

    /// One KPI's score over the trend periods, oldest first.
    pub fn kpi_trend(&self, login: &str, kra_index: usize, kpi_index: usize) -> Vec<Option<f64>> {
        self.history
            .iter()
            .map(|period| {
                let score = period.iter().find(|s| s.member.login == login)?;
                score.card.kras.get(kra_index)?.kpis.get(kpi_index)?.score
            })
            .collect()
    }

    /// The stored monthly actual an edit of this KPI starts from.
    pub fn stored_actual(&self, login: &str, kpi: &str, month: Month) -> Option<f64> {
        let months = self.branch.values.get(login)?.get(kpi)?;
        months.actuals.iter().find(|(m, _)| *m == month).map(|(_, v)| *v)
    }

    pub fn is_closed(&self, month: Month) -> bool {
        self.branch.closed.contains(&month)
    }
}
