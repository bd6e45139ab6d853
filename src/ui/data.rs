//! What the dashboard shows, read and scored by the worker ahead of drawing: plain data that the
//! tabs and views only read. Nothing here touches the file.

use crate::domain::capability::Capability;
use crate::domain::coverage::{Coverage, CoverageNorms};
use crate::domain::customer::Customer;
use crate::domain::period::{Month, Period};
use crate::domain::scoring::{BandThresholds, Finality};
use crate::domain::staff::StaffMember;
use crate::domain::team::{BranchData, MemberScore, TeamPeriod};
use crate::import::ValueKind;
use chrono::NaiveDate;
use std::collections::HashMap;

/// How many periods the trend sparklines span.
pub const TREND_PERIODS: usize = 12;

/// One RM's customers as far as the dashboard has them: read for the RM on screen, and kept
/// for the few seen just before.
#[derive(Debug, Clone, PartialEq)]
pub enum Book {
    /// Not read yet, no longer kept, or (as a worker's answer) a read overtaken by a newer one.
    NotRead,
    Read(Vec<Customer>),
    /// The read failed; the message says why.
    Unreadable(String),
}

/// One RM's book as the portfolio tab shows it. Coverage comes for every RM from kept counts;
/// the customers themselves only for the RM selected and the few seen before (`Book`).
#[derive(Debug, Clone)]
pub struct Portfolio {
    pub rm: StaffMember,
    pub coverage: Coverage,
    pub book: Book,
    pub ratings: HashMap<String, u8>,
}

impl Portfolio {
    /// The customers read so far (none until the book is read).
    pub fn customers(&self) -> &[Customer] {
        match &self.book {
            Book::Read(customers) => customers,
            _ => &[],
        }
    }
}

#[derive(Debug, Clone)]
pub struct DashboardData {
    pub branch_name: String,
    pub period: Period,
    /// Scores of the last `TREND_PERIODS` periods of the same kind, oldest first; the last is
    /// `period`, with whole scorecards; the others carry overalls and cells only (the trends;
    /// a person's KPI trends come with their read). Others' details are already hidden as the
    /// reader's role requires.
    pub history: Vec<TeamPeriod>,
    /// The figures read for those periods (to know the stored monthly value an edit starts from).
    pub branch: BranchData,
    /// The portfolios this reader may see, RMs by name.
    pub portfolios: Vec<Portfolio>,
    pub capabilities: Vec<Capability>,
    pub as_of: NaiveDate,
}

/// Everything on screen that depends on the period: scores of the trend periods and the
/// figures they came from.
#[derive(Debug, Clone)]
pub struct PeriodScores {
    pub period: Period,
    pub history: Vec<TeamPeriod>,
    pub branch: BranchData,
}

impl DashboardData {
    /// Puts scores read for another period in place of the current ones.
    pub fn apply_scores(&mut self, scores: PeriodScores) {
        self.period = scores.period;
        self.history = scores.history;
        self.branch = scores.branch;
    }

    /// Takes a book just read, unless `keep` no longer wants its RM's book, and forgets every
    /// book `keep` does not want (read again when wanted): a 500-RM branch's books looked at one
    /// after another would otherwise fill memory. A read overtaken (`NotRead`) changes nothing.
    pub fn apply_book(&mut self, rm_login: &str, book: Book, keep: impl Fn(&str) -> bool) {
        let mut book = Some(book).filter(|b| !matches!(b, Book::NotRead));
        for portfolio in &mut self.portfolios {
            if !keep(&portfolio.rm.login) {
                portfolio.book = Book::NotRead;
            } else if portfolio.rm.login == rm_login
                && let Some(book) = book.take()
            {
                portfolio.book = book;
            }
        }
    }

    /// The month fiscal quarters and years start in (a branch setting).
    pub fn fiscal_start(&self) -> u32 {
        self.branch.settings.fiscal_start()
    }

    pub fn norms(&self) -> &CoverageNorms {
        &self.branch.settings.norms
    }

    /// The branch's band thresholds: colours follow them, not the defaults.
    pub fn bands(&self) -> &BandThresholds {
        &self.branch.settings.bands
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

    pub fn portfolio(&self, rm_login: &str) -> Option<&Portfolio> {
        self.portfolios.iter().find(|p| p.rm.login == rm_login)
    }

    /// One person's overall over the trend periods, oldest first.
    pub fn overall_trend(&self, login: &str) -> Vec<Option<f64>> {
        self.history
            .iter()
            .map(|period| period.members.iter().find(|s| s.member.login == login).and_then(|s| s.card.overall))
            .collect()
    }

    /// The stored monthly actual an edit of this KPI starts from.
    pub fn stored_actual(&self, login: &str, kpi: &str, month: Month) -> Option<f64> {
        self.stored(ValueKind::Actual, login, kpi, month)
    }

    /// The month's target of this KPI, if one is set.
    pub fn stored_target(&self, login: &str, kpi: &str, month: Month) -> Option<f64> {
        self.stored(ValueKind::Target, login, kpi, month)
    }

    fn stored(&self, kind: ValueKind, login: &str, kpi: &str, month: Month) -> Option<f64> {
        let months = self.branch.values.get(login)?.get(kpi)?;
        let list = match kind {
            ValueKind::Target => &months.targets,
            ValueKind::Actual => &months.actuals,
        };
        list.iter().find(|(m, _)| *m == month).map(|(_, v)| *v)
    }

    /// Records a value this session just saved (or with `None` cleared), so that another edit
    /// before the reload arrives starts from it (and is not taken for a conflict with ourselves).
    pub fn note_saved(&mut self, kind: ValueKind, login: &str, kpi: &str, month: Month, value: Option<f64>) {
        let months = self.branch.values.entry(login.to_string()).or_default().entry(kpi.to_string()).or_default();
        let list = match kind {
            ValueKind::Target => &mut months.targets,
            ValueKind::Actual => &mut months.actuals,
        };
        list.retain(|(m, _)| *m != month);
        if let Some(value) = value {
            list.push((month, value));
        }
        months.sort();
    }

    pub fn is_closed(&self, month: Month) -> bool {
        self.branch.closed.contains(&month)
    }
}
