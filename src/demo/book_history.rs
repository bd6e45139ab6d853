//! The history of each RM's book-derived KPIs (SPEC §4), consistent with the customers the demo
//! generates: the open month has no stored actual (the dashboard computes it live from the
//! book), closed months have what closing stored, walked back month by month from today's
//! book, and targets ask for a reachable step above the level of the month before.

use super::random::{self, DemoRng, round_to};
use super::roster::Person;
use super::values::GeneratedValues;
use crate::domain::book::{BookKpi, book_kpis};
use crate::domain::coverage::{CoverageNorms, CustomerFacts, CustomerStatus, group_customers};
use crate::domain::customer::Customer;
use crate::domain::period::Month;
use crate::domain::template::{Role, RoleTemplate};
use crate::import::ValueRow;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// An RM's active book in one month, counted: what the four book-derived KPIs are computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BookCounts {
    pub active: u32,
    pub contacted: u32,
    pub products: u64,
    pub multi_product: u32,
}

impl BookCounts {
    /// Today's book of one RM, counted as coverage counts it.
    pub fn of_customers(customers: &[CustomerFacts], norms: &CoverageNorms, today: NaiveDate) -> BookCounts {
        let mut counts = BookCounts { active: 0, contacted: 0, products: 0, multi_product: 0 };
        for group in group_customers(customers, norms, today).iter().filter(|g| g.status == CustomerStatus::Active) {
            counts.active += group.customers;
            counts.contacted += group.contacted;
            counts.products += group.products;
            counts.multi_product += group.multi_product;
        }
        counts
    }

    /// The KPI's value as closing would store it (`BookKpi::value` of the same book).
    pub fn value(self, kpi: BookKpi) -> Option<f64> {
        let active = f64::from(self.active);
        let share = |count: f64| (self.active > 0).then(|| count / active);
        match kpi {
            BookKpi::ActiveCustomersWithinNorm => Some(active),
            BookKpi::ContactCoverage => share(f64::from(self.contacted)).map(|s| 100.0 * s),
            BookKpi::ProductDepth => share(self.products as f64),
            BookKpi::MultiProductCustomers => share(f64::from(self.multi_product)).map(|s| 100.0 * s),
        }
    }

    /// The book a month earlier: about half a percent smaller (books grow slowly and
    /// unevenly), contacts a little more or less up to date, products a little shallower.
    fn month_before(self, rng: &mut DemoRng) -> BookCounts {
        let now = f64::from(self.active);
        let active = (now * (0.995 + random::normal(rng) * 0.008)).round().max(0.0) as u32;
        let then = f64::from(active);
        let per_customer = |count: f64| if self.active > 0 { count / now } else { 0.0 };
        let contact_share = (per_customer(f64::from(self.contacted)) + random::normal(rng) * 0.012).clamp(0.0, 1.0);
        let multi_share =
            (per_customer(f64::from(self.multi_product)) - 0.002 + random::normal(rng) * 0.006).clamp(0.0, 1.0);
        let depth = (per_customer(self.products as f64) - 0.003 + random::normal(rng) * 0.012).clamp(0.0, 6.0);
        BookCounts {
            active,
            contacted: (contact_share * then).round() as u32,
            products: (depth * then).round() as u64,
            multi_product: (multi_share * then).round() as u32,
        }
    }
}

/// `months` of an RM's book, oldest first, ending with `today`'s.
pub fn walk_back(today: BookCounts, months: usize, rng: &mut DemoRng) -> Vec<BookCounts> {
    let mut history = vec![today];
    while history.len() < months {
        let earlier = history[history.len() - 1].month_before(rng);
        history.push(earlier);
    }
    history.reverse();
    history
}

/// A target a reachable step above `level`: a count or depth a few percent higher, a share a
/// part of the way to 100 % (at most a tenth or so above the level).
fn target_above(kpi: BookKpi, level: f64, stretch: f64) -> f64 {
    match kpi {
        BookKpi::ActiveCustomersWithinNorm => round_to(level * (1.0 + stretch * 0.2), 0).max(1.0),
        // Part of the way to 100 %, but never more than a few points above a low level.
        BookKpi::ContactCoverage | BookKpi::MultiProductCustomers => {
            let step = ((100.0 - level) * stretch).min(level * stretch * 0.4);
            round_to((level + step).min(100.0), 1)
        }
        BookKpi::ProductDepth => round_to(level * (1.0 + stretch * 0.25), 2),
    }
}

/// Replaces every RM's generated book-derived values with a history of their book: actuals of
/// the closed months (all of `months` but the last, the current one), targets for `months` and
/// `planned`. A month whose book gives no value (no active customer) gets neither.
#[allow(clippy::too_many_arguments)]
pub fn replace_book_values(
    values: &mut GeneratedValues,
    people: &[Person],
    templates: &HashMap<Role, RoleTemplate>,
    customers: &[Customer],
    months: &[Month],
    planned: Month,
    today: NaiveDate,
    rng: &mut DemoRng,
) {
    // The demo's books are drawn against the default norms (`customers::generate_customers`).
    let norms = CoverageNorms::default();
    let mut books: HashMap<&str, Vec<CustomerFacts>> = HashMap::new();
    for customer in customers {
        books.entry(customer.rm_login.as_str()).or_default().push(customer.facts());
    }
    let mut replaced: HashSet<&str> = HashSet::new();
    let (mut targets, mut actuals) = (Vec::new(), Vec::new());
    let closed = months.len().saturating_sub(1);
    for person in people {
        let login = person.member.login.as_str();
        let Some(template) = templates.get(&person.member.role) else { continue };
        let kpis: Vec<(String, BookKpi)> = book_kpis(template).map(|(kpi, book)| (kpi.code.clone(), book)).collect();
        if kpis.is_empty() {
            continue;
        }
        replaced.insert(login);
        let today_book = BookCounts::of_customers(books.get(login).map_or(&[], Vec::as_slice), &norms, today);
        let history = walk_back(today_book, months.len().max(1), rng);
        for (code, kpi) in kpis {
            let stretch = random::uniform(rng, 0.1, 0.35);
            let row = |month: Month, value: f64| ValueRow {
                line: 0,
                login: login.to_string(),
                kpi: code.clone(),
                month,
                value,
            };
            for (i, month) in months.iter().copied().chain([planned]).enumerate() {
                // Targets are set on the level of the month before (the first month's own).
                let level = history[i.saturating_sub(1).min(history.len() - 1)];
                if let Some(level) = level.value(kpi) {
                    targets.push(row(month, target_above(kpi, level, stretch)));
                }
                if i < closed
                    && let Some(value) = history[i].value(kpi)
                {
                    actuals.push(row(month, value));
                }
            }
        }
    }
    let generated = |row: &ValueRow| replaced.contains(row.login.as_str()) && BookKpi::from_code(&row.kpi).is_some();
    values.targets.retain(|row| !generated(row));
    values.actuals.retain(|row| !generated(row));
    values.targets.extend(targets);
    values.actuals.extend(actuals);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::book::BookKpi;
    use crate::domain::coverage::{Segment, coverage_for_rm};

    fn counts(active: u32, contacted: u32, products: u64, multi_product: u32) -> BookCounts {
        BookCounts { active, contacted, products, multi_product }
    }

    #[test]
    fn counts_give_the_values_coverage_gives() {
        let today: NaiveDate = "2026-11-15".parse().unwrap();
        let facts = |products: u32, days: Option<u64>| CustomerFacts {
            segment: Segment::Affluent,
            status: CustomerStatus::Active,
            products,
            balance: 1.0,
            last_contact: days.map(|d| today - chrono::Days::new(d)),
        };
        let book = [facts(1, Some(10)), facts(2, Some(200)), facts(3, None), facts(2, Some(90))];
        let norms = CoverageNorms::default();
        let counted = BookCounts::of_customers(&book, &norms, today);
        // 4 active, 2 contacted within 90 days, 8 products, 3 holding two or more.
        assert_eq!(counted, counts(4, 2, 8, 3));
        let coverage = coverage_for_rm(&book, &norms, today);
        for kpi in BookKpi::ALL {
            assert_eq!(counted.value(*kpi), kpi.value(&coverage), "{}", kpi.code());
        }
        assert_eq!(counts(0, 0, 0, 0).value(BookKpi::ContactCoverage), None);
    }

    #[test]
    fn the_walk_ends_at_today_and_stays_a_possible_book() {
        let today = counts(400, 300, 900, 250);
        let history = walk_back(today, 60, &mut random::stream(3, random::Stream::Book));
        assert_eq!(history.len(), 60);
        assert_eq!(history[59], today);
        for month in &history {
            assert!(month.contacted <= month.active && month.multi_product <= month.active, "{month:?}");
            assert!(month.products >= u64::from(month.active) && month.products <= 6 * u64::from(month.active));
        }
        // Five years back the book was smaller, but not unrecognisably so.
        assert!((250..400).contains(&history[0].active), "{:?}", history[0]);
        let contact = |c: &BookCounts| c.value(BookKpi::ContactCoverage).unwrap();
        assert!((contact(&history[58]) - contact(&today)).abs() < 10.0);
    }

    #[test]
    fn targets_are_a_reachable_step_above_the_level() {
        assert_eq!(target_above(BookKpi::ContactCoverage, 81.0, 0.2), 84.8);
        assert_eq!(target_above(BookKpi::MultiProductCustomers, 100.0, 0.3), 100.0);
        // 34 % with stretch 0.25: a quarter of the way to 100 would be 50.5; 34 × 0.1 = 3.4 caps it.
        assert_eq!(target_above(BookKpi::ContactCoverage, 34.0, 0.25), 37.4);
        assert_eq!(target_above(BookKpi::ActiveCustomersWithinNorm, 400.0, 0.25), 420.0);
        assert_eq!(target_above(BookKpi::ProductDepth, 2.0, 0.2), 2.1);
    }
}
