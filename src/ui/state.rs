//! Per-tab selection, sort and filter state, kept by key (login, customer id) so that a reload
//! keeps what the user was looking at.

use super::data::{DashboardData, Portfolio};
use crate::domain::coverage::{CustomerStatus, contacted_within_cadence};
use crate::domain::customer::Customer;
use crate::domain::team::MemberScore;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Team,
    Portfolio,
    Drilldown,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Team, Tab::Portfolio, Tab::Drilldown];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Team => "Team",
            Tab::Portfolio => "Portfolio",
            Tab::Drilldown => "KRA drill-down",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamSort {
    Rank,
    Name,
    Role,
    Change,
    Completeness,
}

impl TeamSort {
    pub fn next(self) -> TeamSort {
        match self {
            TeamSort::Rank => TeamSort::Name,
            TeamSort::Name => TeamSort::Role,
            TeamSort::Role => TeamSort::Change,
            TeamSort::Change => TeamSort::Completeness,
            TeamSort::Completeness => TeamSort::Rank,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TeamSort::Rank => "rank",
            TeamSort::Name => "name",
            TeamSort::Role => "role",
            TeamSort::Change => "change",
            TeamSort::Completeness => "completeness",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamState {
    pub selected: Option<String>,
    pub sort: TeamSort,
    pub filter: String,
}

impl Default for TeamState {
    fn default() -> Self {
        TeamState { selected: None, sort: TeamSort::Rank, filter: String::new() }
    }
}

/// Leaderboard rows in display order: filtered by name or role, then sorted. The branch
/// manager's own scorecard is listed after the ranked staff.
pub fn team_rows<'a>(data: &'a DashboardData, state: &TeamState) -> Vec<&'a MemberScore> {
    let needle = state.filter.to_lowercase();
    let mut rows: Vec<&MemberScore> = data
        .team()
        .iter()
        .filter(|s| {
            needle.is_empty()
                || s.member.name.to_lowercase().contains(&needle)
                || s.member.login.contains(&needle)
                || s.member.role.code().contains(&needle)
                || s.member.role.short_label().to_lowercase().contains(&needle)
        })
        .collect();
    let by_rank = |s: &MemberScore| (s.member.role.is_manager(), s.rank.is_none(), s.rank.unwrap_or(u32::MAX));
    match state.sort {
        TeamSort::Rank => {
            rows.sort_by(|a, b| by_rank(a).cmp(&by_rank(b)).then_with(|| a.member.name.cmp(&b.member.name)))
        }
        TeamSort::Name => rows.sort_by(|a, b| a.member.name.cmp(&b.member.name)),
        TeamSort::Role => {
            rows.sort_by(|a, b| a.member.role.cmp(&b.member.role).then_with(|| by_rank(a).cmp(&by_rank(b))))
        }
        TeamSort::Change => rows.sort_by(|a, b| {
            let key = |s: &MemberScore| s.change.unwrap_or(f64::NEG_INFINITY);
            key(b).total_cmp(&key(a))
        }),
        TeamSort::Completeness => rows.sort_by(|a, b| {
            let key = |s: &MemberScore| s.card.completeness().unwrap_or(-1.0);
            key(a).total_cmp(&key(b)).then_with(|| a.member.name.cmp(&b.member.name))
        }),
    }
    rows
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerSort {
    Balance,
    LastContact,
    Name,
    Products,
}

impl CustomerSort {
    pub fn next(self) -> CustomerSort {
        match self {
            CustomerSort::Balance => CustomerSort::LastContact,
            CustomerSort::LastContact => CustomerSort::Name,
            CustomerSort::Name => CustomerSort::Products,
            CustomerSort::Products => CustomerSort::Balance,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CustomerSort::Balance => "balance",
            CustomerSort::LastContact => "last contact",
            CustomerSort::Name => "name",
            CustomerSort::Products => "products",
        }
    }
}

/// The "not contacted in N days" views `n` cycles through.
pub const STALE_VIEWS: [Option<u32>; 5] = [None, Some(30), Some(90), Some(180), Some(365)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortfolioFocus {
    Rms,
    Customers,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioState {
    pub rm: Option<String>,
    pub customer: Option<String>,
    pub focus: PortfolioFocus,
    pub sort: CustomerSort,
    pub filter: String,
    pub stale_days: Option<u32>,
    pub show_capabilities: bool,
    /// The selected row of the capability profile.
    pub capability: usize,
}

impl Default for PortfolioState {
    fn default() -> Self {
        PortfolioState {
            rm: None,
            customer: None,
            focus: PortfolioFocus::Rms,
            sort: CustomerSort::Balance,
            filter: String::new(),
            stale_days: None,
            show_capabilities: false,
            capability: 0,
        }
    }
}

/// Days since the last contact, or `None` if never contacted.
pub fn days_since_contact(customer: &Customer, as_of: NaiveDate) -> Option<i64> {
    customer.last_contact.map(|d| (as_of - d).num_days())
}

/// The selected RM's customers in display order, after the filter and the stale view.
pub fn customer_rows<'a>(portfolio: &'a Portfolio, state: &PortfolioState, as_of: NaiveDate) -> Vec<&'a Customer> {
    let needle = state.filter.to_lowercase();
    let mut rows: Vec<&Customer> = portfolio
        .customers
        .iter()
        .filter(|c| {
            needle.is_empty()
                || c.name.to_lowercase().contains(&needle)
                || c.id.to_lowercase().contains(&needle)
                || c.products.iter().any(|p| p.contains(&needle))
                || c.segment.code().contains(&needle)
        })
        .filter(|c| match state.stale_days {
            None => true,
            Some(days) => c.status == CustomerStatus::Active && !contacted_within_cadence(c.last_contact, days, as_of),
        })
        .collect();
    match state.sort {
        CustomerSort::Balance => rows.sort_by(|a, b| b.balance.total_cmp(&a.balance)),
        CustomerSort::LastContact => rows.sort_by_key(|c| (c.last_contact, c.id.clone())),
        CustomerSort::Name => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        CustomerSort::Products => {
            rows.sort_by(|a, b| b.products.len().cmp(&a.products.len()).then_with(|| a.id.cmp(&b.id)))
        }
    }
    rows
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrillState {
    /// Whose scorecard; `None` until someone is chosen (then the acting user's own).
    pub login: Option<String>,
    pub kra: usize,
    /// The KRA whose KPIs are open.
    pub open_kra: Option<usize>,
    pub kpi: usize,
}

/// Moves a selection by `step` within `len` rows, staying in range.
pub fn step_index(current: usize, len: usize, step: i64) -> usize {
    if len == 0 {
        return 0;
    }
    (current as i64 + step).clamp(0, len as i64 - 1) as usize
}
