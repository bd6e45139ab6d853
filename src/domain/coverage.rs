//! Customer coverage per RM (SPEC §4): load against segment norms, contact coverage within the
//! segment's cadence, product depth, book and dormant count.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use strum::{EnumMessage, EnumString, IntoStaticStr, VariantArray};

/// A customer segment. Its code is stored in the branch file, CSVs and seeds; its declaration
/// order is the order of the coverage export's segment columns and of the portfolio's mix.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    strum::Display,
    VariantArray,
    EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Segment {
    #[strum(message = "Mass retail")]
    MassRetail,
    #[strum(message = "Affluent")]
    Affluent,
    #[strum(message = "Private")]
    Private,
    #[strum(message = "SME")]
    Sme,
    #[strum(message = "Corporate")]
    Corporate,
}

impl Segment {
    /// Every segment in declaration order, which exports and views keep.
    pub const ALL: &[Segment] = Segment::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<Segment> {
        code.parse().ok()
    }

    /// The name people read; every variant has one (a test checks), the code stands in otherwise.
    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or(self.code())
    }
}

/// Whether a customer is in an RM's active book; the code is stored in the branch file and CSVs.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CustomerStatus {
    Active,
    Dormant,
    Closed,
}

impl CustomerStatus {
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<CustomerStatus> {
        code.parse().ok()
    }
}

/// Customers per RM that a segment's book should hold, and how often each must be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SegmentNorm {
    pub min: u32,
    pub max: u32,
    pub cadence_days: u32,
}

/// The coverage settings: one norm per segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageNorms(pub BTreeMap<Segment, SegmentNorm>);

impl Default for CoverageNorms {
    fn default() -> Self {
        let norm = |min, max, cadence_days| SegmentNorm { min, max, cadence_days };
        CoverageNorms(BTreeMap::from([
            (Segment::MassRetail, norm(300, 3000, 365)),
            (Segment::Affluent, norm(36, 300, 90)),
            (Segment::Private, norm(24, 120, 30)),
            (Segment::Sme, norm(40, 150, 90)),
            (Segment::Corporate, norm(10, 40, 30)),
        ]))
    }
}

impl CoverageNorms {
    pub fn norm(&self, segment: Segment) -> SegmentNorm {
        self.0.get(&segment).copied().unwrap_or_else(|| CoverageNorms::default().0[&segment])
    }
}

/// What coverage needs to know about one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerFacts {
    pub segment: Segment,
    pub status: CustomerStatus,
    pub products: u32,
    pub balance: f64,
    pub last_contact: Option<NaiveDate>,
}

/// Where an RM's book stands against the segment norms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, EnumString, VariantArray)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LoadStatus {
    Under,
    Within,
    Over,
}

impl LoadStatus {
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<LoadStatus> {
        code.parse().ok()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentCounts {
    pub active: u32,
    pub dormant: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub segments: BTreeMap<Segment, SegmentCounts>,
    pub low_load: f64,
    pub high_load: f64,
    pub status: LoadStatus,
    /// Fraction of active customers contacted within their cadence; `None` without active customers.
    pub contact_coverage: Option<f64>,
    /// Mean products per active customer; `None` without active customers.
    pub product_depth: Option<f64>,
    pub book: f64,
    pub dormant: u32,
    pub active: u32,
    /// Active customers holding two or more products.
    pub multi_product: u32,
}

impl Coverage {
    /// Share (0–1) of active customers holding two or more products; `None` without active customers.
    pub fn multi_product_share(&self) -> Option<f64> {
        (self.active > 0).then(|| f64::from(self.multi_product) / f64::from(self.active))
    }
}

/// True when the last contact is no more than the segment's cadence before `as_of`.
pub fn contacted_within_cadence(last_contact: Option<NaiveDate>, cadence_days: u32, as_of: NaiveDate) -> bool {
    last_contact.is_some_and(|date| (as_of - date).num_days() <= i64::from(cadence_days))
}

/// The customers of one RM that share a segment and a status, counted: everything coverage
/// needs of them. The store counts these for every RM in one pass over its customer table;
/// `group_customers` counts them from customers one by one, and both must agree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BookGroup {
    pub segment: Segment,
    pub status: CustomerStatus,
    pub customers: u32,
    /// Products held, summed over the group's customers.
    pub products: u64,
    /// Customers holding two or more products.
    pub multi_product: u32,
    /// Customers contacted within the segment's cadence of the as-of date.
    pub contacted: u32,
    /// Balances summed.
    pub balance: f64,
}

impl BookGroup {
    /// A group with nobody in it yet.
    pub fn empty(segment: Segment, status: CustomerStatus) -> BookGroup {
        BookGroup { segment, status, customers: 0, products: 0, multi_product: 0, contacted: 0, balance: 0.0 }
    }
}

/// Counts one RM's customers by segment and status, in that order; closed customers count for
/// nothing in coverage and are left out.
pub fn group_customers(customers: &[CustomerFacts], norms: &CoverageNorms, as_of: NaiveDate) -> Vec<BookGroup> {
    let mut groups: BTreeMap<(Segment, CustomerStatus), BookGroup> = BTreeMap::new();
    for customer in customers.iter().filter(|c| c.status != CustomerStatus::Closed) {
        let group = groups
            .entry((customer.segment, customer.status))
            .or_insert_with(|| BookGroup::empty(customer.segment, customer.status));
        group.customers += 1;
        group.products += u64::from(customer.products);
        group.multi_product += u32::from(customer.products >= 2);
        let cadence = norms.norm(customer.segment).cadence_days;
        group.contacted += u32::from(contacted_within_cadence(customer.last_contact, cadence, as_of));
        group.balance += customer.balance;
    }
    groups.into_values().collect()
}

/// Coverage of one RM's book as of a date.
pub fn coverage_for_rm(customers: &[CustomerFacts], norms: &CoverageNorms, as_of: NaiveDate) -> Coverage {
    coverage_of_groups(&group_customers(customers, norms, as_of), norms)
}

/// Coverage of one RM's book from its customers counted by segment and status (the as-of date
/// is already in the groups' contact counts). Groups of closed customers count for nothing.
pub fn coverage_of_groups(groups: &[BookGroup], norms: &CoverageNorms) -> Coverage {
    let mut segments: BTreeMap<Segment, SegmentCounts> = BTreeMap::new();
    let (mut contacted, mut products, mut multi_product, mut book) = (0u32, 0u64, 0u32, 0.0);
    for group in groups {
        match group.status {
            CustomerStatus::Active => {
                segments.entry(group.segment).or_default().active += group.customers;
                contacted += group.contacted;
                products += group.products;
                multi_product += group.multi_product;
                book += group.balance;
            }
            CustomerStatus::Dormant => segments.entry(group.segment).or_default().dormant += group.customers,
            CustomerStatus::Closed => {}
        }
    }
    segments.retain(|_, counts| counts.active > 0 || counts.dormant > 0);
    let active: u32 = segments.values().map(|c| c.active).sum();
    let dormant: u32 = segments.values().map(|c| c.dormant).sum();
    let (low_load, high_load, status) = load_of(segments.iter().map(|(s, c)| (*s, c.active)), norms);
    Coverage {
        segments,
        low_load,
        high_load,
        status,
        contact_coverage: (active > 0).then(|| f64::from(contacted) / f64::from(active)),
        product_depth: (active > 0).then(|| products as f64 / f64::from(active)),
        book,
        dormant,
        active,
        multi_product,
    }
}

/// Every RM's coverage as counted on one day (keyed by login; an RM without customers is not
/// there): counted once per read and used by all that needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct CountedBooks {
    pub as_of: NaiveDate,
    pub coverage: HashMap<String, Coverage>,
}

/// The load of a book holding `active` customers per segment: low load = Σ n_s / min_s, high
/// load = Σ n_s / max_s, and the status: `under` below a low load of 1, else `over` above a
/// high load of 1, else `within`.
pub fn load_of(active: impl Iterator<Item = (Segment, u32)> + Clone, norms: &CoverageNorms) -> (f64, f64, LoadStatus) {
    let load = |bound: fn(&SegmentNorm) -> u32| -> f64 {
        active.clone().map(|(segment, n)| f64::from(n) / f64::from(bound(&norms.norm(segment)).max(1))).sum()
    };
    let (low, high) = (load(|n| n.min), load(|n| n.max));
    let status = if low < 1.0 {
        LoadStatus::Under
    } else if high > 1.0 {
        LoadStatus::Over
    } else {
        LoadStatus::Within
    };
    (low, high, status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::enum_codes::{assert_codes, assert_serde_names_are_codes};

    #[test]
    fn segment_codes_and_labels_are_fixed() {
        assert_codes(
            Segment::code,
            Segment::from_code,
            &[
                (Segment::MassRetail, "mass_retail"),
                (Segment::Affluent, "affluent"),
                (Segment::Private, "private"),
                (Segment::Sme, "sme"),
                (Segment::Corporate, "corporate"),
            ],
        );
        assert_serde_names_are_codes(Segment::code);
        let labels: Vec<&str> = Segment::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(labels, ["Mass retail", "Affluent", "Private", "SME", "Corporate"]);
        assert_eq!(Segment::Sme.to_string(), "sme", "shown as its code");
    }

    #[test]
    fn customer_status_codes_are_fixed() {
        assert_codes(
            CustomerStatus::code,
            CustomerStatus::from_code,
            &[
                (CustomerStatus::Active, "active"),
                (CustomerStatus::Dormant, "dormant"),
                (CustomerStatus::Closed, "closed"),
            ],
        );
        assert_serde_names_are_codes(CustomerStatus::code);
    }

    #[test]
    fn load_status_codes_are_fixed() {
        assert_codes(
            LoadStatus::code,
            LoadStatus::from_code,
            &[(LoadStatus::Under, "under"), (LoadStatus::Within, "within"), (LoadStatus::Over, "over")],
        );
        assert_serde_names_are_codes(LoadStatus::code);
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn customer(
        segment: Segment,
        status: CustomerStatus,
        products: u32,
        balance: f64,
        last: Option<&str>,
    ) -> CustomerFacts {
        CustomerFacts { segment, status, products, balance, last_contact: last.map(day) }
    }

    fn many(n: usize, segment: Segment) -> Vec<CustomerFacts> {
        (0..n).map(|_| customer(segment, CustomerStatus::Active, 1, 0.0, None)).collect()
    }

    #[test]
    fn loads_and_status() {
        let norms = CoverageNorms::default();
        let as_of = day("2025-06-30");
        // 150 mass retail + 18 affluent: low = 150/300 + 18/36 = 1.0 → not under;
        // high = 150/3000 + 18/300 = 0.11 → within.
        let mut book = many(150, Segment::MassRetail);
        book.extend(many(18, Segment::Affluent));
        let c = coverage_for_rm(&book, &norms, as_of);
        assert!((c.low_load - 1.0).abs() < 1e-12);
        assert!((c.high_load - 0.11).abs() < 1e-12);
        assert_eq!(c.status, LoadStatus::Within);

        // One customer fewer: low = 149/300 + 0.5 < 1 → under.
        book.pop();
        assert_eq!(coverage_for_rm(&book, &norms, as_of).status, LoadStatus::Under);

        // 130 private: low = 130/24 > 1, high = 130/120 > 1 → over. Exactly 120 → within.
        let c = coverage_for_rm(&many(130, Segment::Private), &norms, as_of);
        assert_eq!(c.status, LoadStatus::Over);
        assert!((c.high_load - 130.0 / 120.0).abs() < 1e-12);
        assert_eq!(coverage_for_rm(&many(120, Segment::Private), &norms, as_of).status, LoadStatus::Within);

        // Nobody active: both loads 0, under, and no ratios to show.
        let empty = coverage_for_rm(&[], &norms, as_of);
        assert_eq!((empty.low_load, empty.high_load, empty.status), (0.0, 0.0, LoadStatus::Under));
        assert_eq!(empty.contact_coverage, None);
        assert_eq!(empty.product_depth, None);
    }

    #[test]
    fn only_active_customers_count_towards_load_book_and_depth() {
        let norms = CoverageNorms::default();
        let book = vec![
            customer(Segment::Corporate, CustomerStatus::Active, 3, 1_000_000.0, Some("2025-06-01")),
            customer(Segment::Corporate, CustomerStatus::Active, 5, 250_000.5, Some("2025-05-01")),
            customer(Segment::Corporate, CustomerStatus::Dormant, 2, 9_999.0, Some("2025-06-01")),
            customer(Segment::Sme, CustomerStatus::Dormant, 1, 10.0, None),
            customer(Segment::Sme, CustomerStatus::Closed, 7, 50.0, None),
        ];
        let c = coverage_for_rm(&book, &norms, day("2025-06-30"));
        assert_eq!(c.active, 2);
        assert_eq!(c.dormant, 2);
        assert_eq!(c.book, 1_250_000.5);
        assert_eq!(c.product_depth, Some(4.0));
        // 2/10 corporate: low 0.2 → under.
        assert!((c.low_load - 0.2).abs() < 1e-12);
        assert_eq!(c.status, LoadStatus::Under);
        assert_eq!(c.segments[&Segment::Corporate], SegmentCounts { active: 2, dormant: 1 });
        assert_eq!(c.segments[&Segment::Sme], SegmentCounts { active: 0, dormant: 1 });
        // Corporate cadence 30 days: 2025-06-01 is 29 days before, 2025-05-01 is 60 → 1 of 2.
        assert_eq!(c.contact_coverage, Some(0.5));
        // Both active customers hold 2+ products (3 and 5); the dormant one's 2 do not count.
        assert_eq!((c.multi_product, c.multi_product_share()), (2, Some(1.0)));
    }

    #[test]
    fn multi_product_share_counts_active_customers_with_two_or_more() {
        let norms = CoverageNorms::default();
        let book = vec![
            customer(Segment::Affluent, CustomerStatus::Active, 1, 0.0, None),
            customer(Segment::Affluent, CustomerStatus::Active, 2, 0.0, None),
            customer(Segment::Sme, CustomerStatus::Active, 0, 0.0, None),
            customer(Segment::Sme, CustomerStatus::Active, 4, 0.0, None),
            customer(Segment::Sme, CustomerStatus::Closed, 4, 0.0, None),
        ];
        // 2 of 4 active hold two or more: 0.5; depth (1 + 2 + 0 + 4) / 4 = 1.75.
        let c = coverage_for_rm(&book, &norms, day("2025-06-30"));
        assert_eq!((c.multi_product, c.multi_product_share(), c.product_depth), (2, Some(0.5), Some(1.75)));
        assert_eq!(coverage_for_rm(&[], &norms, day("2025-06-30")).multi_product_share(), None);
    }

    #[test]
    fn groups_count_by_segment_and_status_and_leave_closed_customers_out() {
        let norms = CoverageNorms::default();
        let book = vec![
            customer(Segment::Sme, CustomerStatus::Dormant, 1, 10.0, None),
            customer(Segment::Corporate, CustomerStatus::Active, 3, 1.5, Some("2025-06-01")),
            customer(Segment::Corporate, CustomerStatus::Active, 1, 2.5, Some("2025-05-01")),
            customer(Segment::Sme, CustomerStatus::Closed, 7, 50.0, None),
        ];
        let groups = group_customers(&book, &norms, day("2025-06-30"));
        let corporate = BookGroup {
            segment: Segment::Corporate,
            status: CustomerStatus::Active,
            customers: 2,
            products: 4,
            multi_product: 1,
            contacted: 1,
            balance: 4.0,
        };
        let sme = BookGroup {
            customers: 1,
            products: 1,
            balance: 10.0,
            ..BookGroup::empty(Segment::Sme, CustomerStatus::Dormant)
        };
        assert_eq!(groups, [sme, corporate], "segment order, then status");
        assert_eq!(coverage_of_groups(&groups, &norms), coverage_for_rm(&book, &norms, day("2025-06-30")));
    }

    #[test]
    fn contact_cadence_edges() {
        let as_of = day("2025-06-30");
        // Exactly the cadence ago still counts; one day more does not; never contacted never counts.
        assert!(contacted_within_cadence(Some(day("2025-05-31")), 30, as_of));
        assert!(!contacted_within_cadence(Some(day("2025-05-30")), 30, as_of));
        assert!(contacted_within_cadence(Some(day("2025-06-30")), 30, as_of));
        assert!(!contacted_within_cadence(None, 365, as_of));
        assert!(contacted_within_cadence(Some(day("2024-06-30")), 365, as_of));
        assert!(!contacted_within_cadence(Some(day("2024-06-29")), 365, as_of));
        // Per segment: a mass-retail customer seen 200 days ago is covered, an affluent one is not.
        let norms = CoverageNorms::default();
        let book = vec![
            customer(Segment::MassRetail, CustomerStatus::Active, 1, 0.0, Some("2024-12-12")),
            customer(Segment::Affluent, CustomerStatus::Active, 1, 0.0, Some("2024-12-12")),
            customer(Segment::Affluent, CustomerStatus::Active, 1, 0.0, Some("2025-04-01")),
        ];
        let c = coverage_for_rm(&book, &norms, as_of);
        assert!((c.contact_coverage.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    }
}
