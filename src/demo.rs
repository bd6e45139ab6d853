//! Generates a believable demo branch from a seed: staff, RM books of customers, monthly
//! targets and actuals, closed months and capability ratings. Pure: no file, no database.

mod allocation;
mod book_history;
mod customers;
mod kpi_profile;
mod names;
mod random;
mod ratings;
mod roster;
mod values;

#[cfg(test)]
mod tests;

use crate::domain::capability::Capability;
use crate::domain::period::Month;
use crate::domain::template::{Kpi, Role, RoleTemplate};
use crate::store::DemoData;
use chrono::NaiveDate;
use random::Stream;
use std::collections::HashMap;
use std::fmt;

/// The demo branch manager's login (SPEC §6: `demo` opens the dashboard as `manager`).
pub const MANAGER_LOGIN: &str = "manager";

/// The longest history a demo branch gets: twenty years of months.
pub const MAX_MONTHS: usize = 240;

const DEFAULT_TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 15) {
    Some(date) => date,
    None => panic!("the default demo date is a valid date"),
};

/// What to generate. `today` fixes the latest month and the contact dates; callers pass the
/// real date, tests a fixed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoParams {
    pub staff: usize,
    pub customers: usize,
    pub months: usize,
    pub seed: u64,
    pub today: NaiveDate,
}

impl Default for DemoParams {
    fn default() -> Self {
        DemoParams { staff: 14, customers: 6000, months: 24, seed: 7, today: DEFAULT_TODAY }
    }
}

/// The parameters as the audit log records them.
impl fmt::Display for DemoParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "staff {}, customers {}, months {}, seed {}, as of {}",
            self.staff, self.customers, self.months, self.seed, self.today
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    #[error("a demo branch needs a manager and at least one staff member (asked for {0} staff)")]
    TooFewStaff(usize),
    #[error("a demo branch covers 1 to {MAX_MONTHS} months, not {0}")]
    MonthsOutOfRange(usize),
    #[error("no role template for {0}")]
    MissingTemplate(Role),
}

/// Generates the whole demo branch. The same parameters always give the same branch.
pub fn generate_demo(
    params: &DemoParams,
    templates: &HashMap<Role, RoleTemplate>,
    capabilities: &[Capability],
) -> Result<DemoData, DemoError> {
    if params.staff < 2 {
        return Err(DemoError::TooFewStaff(params.staff));
    }
    if !(1..=MAX_MONTHS).contains(&params.months) {
        return Err(DemoError::MonthsOutOfRange(params.months));
    }
    let rng = |part| random::stream(params.seed, part);
    let people = roster::build_roster(params.staff, params.customers, &mut rng(Stream::Staff));
    let mut scorecards: Vec<(&roster::Person, Vec<&Kpi>)> = Vec::with_capacity(people.len());
    for person in &people {
        let role = person.member.role;
        let template = templates.get(&role).ok_or(DemoError::MissingTemplate(role))?;
        scorecards.push((person, template.kpis().collect()));
    }

    let customers = customers::generate_customers(&people, params.customers, params.today, &mut rng(Stream::Customers));
    let current = Month::of_date(params.today);
    let months = months_ending(current, params.months);
    // Every month before the current one is closed; the current month is open for entries and
    // next month's targets are already planned.
    let closed_months = months[..months.len().saturating_sub(1)].to_vec();
    let mut values = values::generate_values(
        &scorecards,
        &months,
        current.plus(1),
        &mut rng(Stream::Targets),
        &mut rng(Stream::Actuals),
    );
    // The book-derived KPIs follow the RMs' books instead: live in the open month, walked
    // back from today's book in the closed ones.
    book_history::replace_book_values(
        &mut values,
        &people,
        templates,
        &customers,
        &months,
        current.plus(1),
        params.today,
        &mut rng(Stream::Book),
    );
    let ratings = ratings::generate_ratings(&people, capabilities, &mut rng(Stream::Ratings));
    drop(scorecards);

    Ok(DemoData {
        staff: people.into_iter().map(|p| p.member).collect(),
        customers,
        targets: values.targets,
        actuals: values.actuals,
        closed_months,
        ratings,
    })
}

/// `count` months ending with `last`, oldest first.
fn months_ending(last: Month, count: usize) -> Vec<Month> {
    (0..count).map(|i| last.plus(i as i64 + 1 - count as i64)).collect()
}
