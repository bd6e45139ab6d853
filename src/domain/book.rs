//! The book-derived KPIs (SPEC §4): the RM KPIs that the customer book decides instead of
//! anyone typing them, their values from an RM's coverage, and where live values stand in for
//! stored ones.

use super::coverage::Coverage;
use super::period::Month;
use super::scoring::KpiMonths;
use super::staff::StaffMember;
use super::team::TeamValues;
use super::template::{Kpi, Role, RoleTemplate, Unit};
use std::collections::{BTreeSet, HashMap};
use strum::{EnumString, IntoStaticStr, VariantArray};

/// A figure of the customer book that a KPI of the same code measures. The code is the KPI's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum BookKpi {
    /// Count of active customers.
    ActiveCustomersWithinNorm,
    /// 100 × the share of active customers contacted within their segment's cadence.
    ContactCoverage,
    /// Mean products per active customer.
    ProductDepth,
    /// 100 × the share of active customers holding two or more products.
    MultiProductCustomers,
}

impl BookKpi {
    /// Every book-derived KPI, in the order the RM template lists them.
    pub const ALL: &[BookKpi] = BookKpi::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<BookKpi> {
        code.parse().ok()
    }

    /// The unit the value is computed in.
    pub fn unit(self) -> Unit {
        match self {
            BookKpi::ActiveCustomersWithinNorm => Unit::Count,
            BookKpi::ContactCoverage | BookKpi::MultiProductCustomers => Unit::Percent,
            BookKpi::ProductDepth => Unit::Ratio,
        }
    }

    /// The book figure a template's KPI measures: its code names one and it has that figure's
    /// unit. A KPI of another unit under the same code (a branch's own template) stays typed,
    /// since a computed value in the wrong unit would be scored wrongly.
    pub fn of(kpi: &Kpi) -> Option<BookKpi> {
        BookKpi::from_code(&kpi.code).filter(|book| book.unit() == kpi.unit)
    }

    /// The value from an RM's coverage; `None` when the book has no active customer to
    /// compute a share or a mean from (the count is then 0).
    pub fn value(self, coverage: &Coverage) -> Option<f64> {
        match self {
            BookKpi::ActiveCustomersWithinNorm => Some(f64::from(coverage.active)),
            BookKpi::ContactCoverage => coverage.contact_coverage.map(|share| 100.0 * share),
            BookKpi::ProductDepth => coverage.product_depth,
            BookKpi::MultiProductCustomers => coverage.multi_product_share().map(|share| 100.0 * share),
        }
    }
}

/// True for a KPI whose actuals come from the customer book: nobody may type them.
pub fn is_book_derived(kpi: &Kpi) -> bool {
    BookKpi::of(kpi).is_some()
}

/// A template's book-derived KPIs, in template order.
pub fn book_kpis(template: &RoleTemplate) -> impl Iterator<Item = (&Kpi, BookKpi)> {
    template.kpis().filter_map(|kpi| BookKpi::of(kpi).map(|book| (kpi, book)))
}

/// One person's book-derived figures as of a date: (KPI code, value) for each book-derived KPI
/// of their template, in template order; the value is `None` where the book has no active
/// customer to compute it from.
pub type BookFigures = Vec<(String, Option<f64>)>;

/// The book-derived figures of a template from one RM's coverage.
pub fn book_figures(template: &RoleTemplate, coverage: &Coverage) -> BookFigures {
    book_kpis(template).map(|(kpi, book)| (kpi.code.clone(), book.value(coverage))).collect()
}

/// The people whose template has book-derived KPIs: only their books need counting.
pub fn people_with_books<'a>(
    staff: &'a [StaffMember],
    templates: &'a HashMap<Role, RoleTemplate>,
) -> impl Iterator<Item = (&'a StaffMember, &'a RoleTemplate)> {
    staff.iter().filter_map(|member| {
        let template = templates.get(&member.role)?;
        book_kpis(template).next().is_some().then_some((member, template))
    })
}

/// Everyone's book-derived figures, keyed by login, from their coverage (`coverages`, keyed by
/// RM login). Someone without a book (no active or dormant customer: no coverage) has every
/// figure empty: an open month shows none of them reported and a close stores none (and
/// removes any stored before, when the book had customers), which keeps an RM not yet given
/// customers free to change role, and never leaves an RM who lost their book with old figures.
pub fn team_book_figures(
    staff: &[StaffMember],
    templates: &HashMap<Role, RoleTemplate>,
    coverages: &HashMap<String, Coverage>,
) -> HashMap<String, BookFigures> {
    people_with_books(staff, templates)
        .map(|(member, template)| {
            let figures = match coverages.get(&member.login) {
                Some(coverage) => book_figures(template, coverage),
                None => book_kpis(template).map(|(kpi, _)| (kpi.code.clone(), None)).collect(),
            };
            (member.login.clone(), figures)
        })
        .collect()
}

/// The months of `first..=last` whose book-derived actuals are live: open, and not after the
/// current month (no month that has not begun has actuals).
pub fn live_months(first: Month, last: Month, current: Month, closed: &BTreeSet<Month>) -> Vec<Month> {
    let mut months = Vec::new();
    let mut month = first;
    while month <= last && month <= current {
        if !closed.contains(&month) {
            months.push(month);
        }
        month = month.plus(1);
    }
    months
}

/// Puts the live figures in place of the stored actuals of `months` (open months read live,
/// whatever was stored for them); a figure without a value leaves the month without an actual.
pub fn put_live_figures(values: &mut TeamValues, figures: &HashMap<String, BookFigures>, months: &[Month]) {
    if months.is_empty() {
        return;
    }
    for (login, person_figures) in figures {
        let kpis = values.entry(login.clone()).or_default();
        for (code, value) in person_figures {
            let entry: &mut KpiMonths = kpis.entry(code.clone()).or_default();
            entry.actuals.retain(|(month, _)| !months.contains(month));
            if let Some(value) = value {
                entry.actuals.extend(months.iter().map(|&month| (month, *value)));
                entry.actuals.sort_by_key(|(month, _)| *month);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::coverage::{
        CoverageNorms, CustomerFacts, CustomerStatus, Segment, coverage_for_rm, coverage_of_groups,
    };
    use crate::domain::template::builtin_template;
    use chrono::NaiveDate;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn month(text: &str) -> Month {
        text.parse().unwrap()
    }

    fn customer(segment: Segment, status: CustomerStatus, products: u32, last: Option<&str>) -> CustomerFacts {
        CustomerFacts { segment, status, products, balance: 100.0, last_contact: last.map(day) }
    }

    /// Four active customers holding 1, 2, 3 and 2 products, three of them contacted within
    /// their cadence, and one dormant customer, as of 2025-06-30.
    fn four_active() -> Coverage {
        let book = [
            // Affluent cadence 90 days: 2025-05-01 is 60 days back, inside.
            customer(Segment::Affluent, CustomerStatus::Active, 1, Some("2025-05-01")),
            // 2025-01-01 is 180 days back, outside.
            customer(Segment::Affluent, CustomerStatus::Active, 2, Some("2025-01-01")),
            // Mass retail cadence 365 days: 2024-08-01 is 333 days back, inside.
            customer(Segment::MassRetail, CustomerStatus::Active, 3, Some("2024-08-01")),
            // Corporate cadence 30 days: 2025-06-30 is today, inside.
            customer(Segment::Corporate, CustomerStatus::Active, 2, Some("2025-06-30")),
            customer(Segment::Affluent, CustomerStatus::Dormant, 5, Some("2025-06-29")),
        ];
        coverage_for_rm(&book, &CoverageNorms::default(), day("2025-06-30"))
    }

    #[test]
    fn codes_and_units_match_the_rm_template() {
        let rm = builtin_template(Role::RelationshipManager).unwrap();
        let found: Vec<(&str, BookKpi)> = book_kpis(&rm).map(|(kpi, book)| (kpi.code.as_str(), book)).collect();
        let expected: Vec<(&str, BookKpi)> = BookKpi::ALL.iter().map(|b| (b.code(), *b)).collect();
        assert_eq!(found, expected, "all four, in template order");
        assert_eq!(
            BookKpi::ALL.iter().map(|b| b.code()).collect::<Vec<_>>(),
            ["active_customers_within_norm", "contact_coverage", "product_depth", "multi_product_customers"]
        );
        assert!(!is_book_derived(rm.kpi("monthly_sales_revenue").unwrap()));
        for role in
            [Role::BranchManager, Role::BankingSalesExecutive, Role::PersonalLoanSalesExecutive, Role::LoanOfficer]
        {
            assert_eq!(book_kpis(&builtin_template(role).unwrap()).count(), 0, "{role}");
        }
        // The same code in another unit is a branch's own typed KPI.
        let mut ratio = rm.kpi("contact_coverage").unwrap().clone();
        ratio.unit = Unit::Ratio;
        assert_eq!(BookKpi::of(&ratio), None);
    }

    #[test]
    fn values_from_a_book_of_four_active_customers() {
        let coverage = four_active();
        let rm = builtin_template(Role::RelationshipManager).unwrap();
        // Active 4 (the dormant one does not count); contacted 3 of 4 → 75; products
        // (1 + 2 + 3 + 2) / 4 = 2.0; holding 2+ products: 3 of 4 → 75.
        assert_eq!(
            book_figures(&rm, &coverage),
            [
                ("active_customers_within_norm".to_string(), Some(4.0)),
                ("contact_coverage".to_string(), Some(75.0)),
                ("product_depth".to_string(), Some(2.0)),
                ("multi_product_customers".to_string(), Some(75.0)),
            ]
        );
    }

    #[test]
    fn an_empty_book_counts_zero_and_has_no_shares() {
        let empty = coverage_of_groups(&[], &CoverageNorms::default());
        let values: Vec<Option<f64>> = BookKpi::ALL.iter().map(|b| b.value(&empty)).collect();
        assert_eq!(values, [Some(0.0), None, None, None]);
        // Only dormant customers: still nobody active.
        let dormant = [customer(Segment::Sme, CustomerStatus::Dormant, 3, Some("2025-06-01"))];
        let coverage = coverage_for_rm(&dormant, &CoverageNorms::default(), day("2025-06-30"));
        assert_eq!(BookKpi::ContactCoverage.value(&coverage), None);
        assert_eq!(BookKpi::ActiveCustomersWithinNorm.value(&coverage), Some(0.0));
    }

    #[test]
    fn live_months_are_the_open_ones_up_to_the_current_month() {
        let closed = BTreeSet::from([month("2025-02"), month("2025-04")]);
        let live = live_months(month("2025-01"), month("2025-08"), month("2025-05"), &closed);
        assert_eq!(live, [month("2025-01"), month("2025-03"), month("2025-05")]);
        assert!(live_months(month("2025-06"), month("2025-08"), month("2025-05"), &closed).is_empty());
    }

    #[test]
    fn live_figures_replace_the_stored_actuals_of_open_months_only() {
        let (march, april, may) = (month("2025-03"), month("2025-04"), month("2025-05"));
        let stored = KpiMonths { targets: vec![(april, 80.0)], actuals: vec![(march, 60.0), (april, 70.0)] };
        let mut values: TeamValues = HashMap::from([(
            "asha".to_string(),
            HashMap::from([("contact_coverage".to_string(), stored.clone()), ("product_depth".to_string(), stored)]),
        )]);
        let figures = HashMap::from([
            (
                "asha".to_string(),
                vec![("contact_coverage".to_string(), Some(75.0)), ("product_depth".to_string(), None)],
            ),
            ("ravi".to_string(), vec![("contact_coverage".to_string(), Some(50.0))]),
        ]);
        put_live_figures(&mut values, &figures, &[april, may]);
        let asha = &values["asha"];
        // March is closed: its stored value stays. April and May are live.
        assert_eq!(asha["contact_coverage"].actuals, [(march, 60.0), (april, 75.0), (may, 75.0)]);
        assert_eq!(asha["contact_coverage"].targets, [(april, 80.0)]);
        // No active customer: the open months have no actual, the stored 70 does not show.
        assert_eq!(asha["product_depth"].actuals, [(march, 60.0)]);
        assert_eq!(values["ravi"]["contact_coverage"].actuals, [(april, 50.0), (may, 50.0)]);
    }

    #[test]
    fn everyone_with_book_kpis_gets_figures_all_empty_without_a_book() {
        let member = |login: &str, role: Role| StaffMember {
            login: login.into(),
            name: login.into(),
            role,
            manager_login: None,
            focus: None,
            segments: Vec::new(),
            os_user: None,
        };
        let staff = [
            member("asha", Role::RelationshipManager),
            member("dina", Role::RelationshipManager),
            member("ravi", Role::RelationshipManager),
            member("lara", Role::LoanOfficer),
        ];
        let templates: HashMap<Role, RoleTemplate> = [Role::RelationshipManager, Role::LoanOfficer]
            .into_iter()
            .map(|role| (role, builtin_template(role).unwrap()))
            .collect();
        // dina's customers are all dormant: her book counts 0 active and has no shares.
        let dormant = [customer(Segment::Sme, CustomerStatus::Dormant, 3, Some("2025-06-01"))];
        let coverages = HashMap::from([
            ("asha".to_string(), four_active()),
            ("dina".to_string(), coverage_for_rm(&dormant, &CoverageNorms::default(), day("2025-06-30"))),
            ("lara".to_string(), four_active()),
        ]);
        let figures = team_book_figures(&staff, &templates, &coverages);
        // ravi has no book: every figure empty; the loan officer has no book KPIs.
        assert_eq!(figures.len(), 3, "{figures:?}");
        assert!(figures["ravi"].iter().all(|(_, v)| v.is_none()), "{figures:?}");
        assert_eq!(figures["asha"][1], ("contact_coverage".to_string(), Some(75.0)));
        let dina: Vec<Option<f64>> = figures["dina"].iter().map(|(_, v)| *v).collect();
        assert_eq!(dina, [Some(0.0), None, None, None]);
    }
}
