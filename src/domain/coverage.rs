//! Customer coverage per RM (SPEC §4): load against segment norms, contact coverage within the
//! segment's cadence, product depth, book and dormant count.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, IntoStaticStr, EnumString, VariantArray)]
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
}

/// True when the last contact is no more than the segment's cadence before `as_of`.
pub fn contacted_within_cadence(last_contact: Option<NaiveDate>, cadence_days: u32, as_of: NaiveDate) -> bool {
    last_contact.is_some_and(|date| (as_of - date).num_days() <= i64::from(cadence_days))
}

/// Coverage of one RM's book as of a date.
pub fn coverage_for_rm(customers: &[CustomerFacts], norms: &CoverageNorms, as_of: NaiveDate) -> Coverage {
    let mut segments: BTreeMap<Segment, SegmentCounts> = BTreeMap::new();
    let mut contacted = 0u32;
    let mut products = 0u64;
    let mut book = 0.0;
    for customer in customers {
        let counts = segments.entry(customer.segment).or_default();
        match customer.status {
            CustomerStatus::Active => {
                counts.active += 1;
                products += u64::from(customer.products);
                book += customer.balance;
                let cadence = norms.norm(customer.segment).cadence_days;
                if contacted_within_cadence(customer.last_contact, cadence, as_of) {
                    contacted += 1;
                }
            }
            CustomerStatus::Dormant => counts.dormant += 1,
            CustomerStatus::Closed => {}
        }
    }
    segments.retain(|_, counts| counts.active > 0 || counts.dormant > 0);
    let active: u32 = segments.values().map(|c| c.active).sum();
    let dormant: u32 = segments.values().map(|c| c.dormant).sum();
    let load = |bound: fn(&SegmentNorm) -> u32| -> f64 {
        segments
            .iter()
            .map(|(segment, counts)| f64::from(counts.active) / f64::from(bound(&norms.norm(*segment)).max(1)))
            .sum()
    };
    let low_load = load(|n| n.min);
    let high_load = load(|n| n.max);
    let status = if low_load < 1.0 {
        LoadStatus::Under
    } else if high_load > 1.0 {
        LoadStatus::Over
    } else {
        LoadStatus::Within
    };
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
    }
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
