//! Moving customers between RMs (SPEC §4): each RM's load before and after a move, so that the
//! branch manager sees what a rebalance does to both books before anything is saved.

use super::coverage::{Coverage, CoverageNorms, CustomerFacts, CustomerStatus, LoadStatus, Segment, load_of};
use std::collections::BTreeMap;

/// Active customers by segment: all that a load counts (dormant and closed ones move with the
/// rest but weigh nothing).
pub type ActiveBySegment = BTreeMap<Segment, u32>;

/// One book against the segment norms: low load = Σ n_s / min_s, high load = Σ n_s / max_s
/// over its active customers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    pub active: u32,
    pub low: f64,
    pub high: f64,
    pub status: LoadStatus,
}

impl Load {
    /// The load of a book holding `active` customers by segment; `under` when the low load is
    /// below 1, `over` when the high load is above 1, else `within` (as `coverage_for_rm`).
    pub fn of(active: &ActiveBySegment, norms: &CoverageNorms) -> Load {
        let (low, high, status) = load_of(active.iter().map(|(segment, n)| (*segment, *n)), norms);
        Load { active: active.values().sum(), low, high, status }
    }
}

/// One RM's load now and once the move is saved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadChange {
    pub before: Load,
    pub after: Load,
}

/// What a move does to the RM the customers leave and to the RM they join.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rebalance {
    pub from: LoadChange,
    pub to: LoadChange,
}

/// The active customers among `customers`, counted by segment.
pub fn active_by_segment(customers: &[CustomerFacts]) -> ActiveBySegment {
    let mut counts = ActiveBySegment::new();
    for customer in customers.iter().filter(|c| c.status == CustomerStatus::Active) {
        *counts.entry(customer.segment).or_default() += 1;
    }
    counts
}

/// A book's active customers by segment, from its coverage.
pub fn active_of(coverage: &Coverage) -> ActiveBySegment {
    coverage.segments.iter().filter(|(_, c)| c.active > 0).map(|(s, c)| (*s, c.active)).collect()
}

/// The loads of both RMs before and after `moving` (active customers by segment) leave the book
/// `from` for the book `to`.
pub fn rebalance(
    from: &ActiveBySegment,
    to: &ActiveBySegment,
    moving: &ActiveBySegment,
    norms: &CoverageNorms,
) -> Rebalance {
    let mut from_after = from.clone();
    let mut to_after = to.clone();
    for (segment, n) in moving {
        // A book cannot lose customers it does not hold: the counts stop at zero.
        if let Some(left) = from_after.get_mut(segment) {
            *left = left.saturating_sub(*n);
        }
        *to_after.entry(*segment).or_default() += n;
    }
    Rebalance {
        from: LoadChange { before: Load::of(from, norms), after: Load::of(&from_after, norms) },
        to: LoadChange { before: Load::of(to, norms), after: Load::of(&to_after, norms) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::coverage::coverage_for_rm;
    use chrono::NaiveDate;

    fn book(counts: &[(Segment, u32)]) -> ActiveBySegment {
        counts.iter().copied().collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_move_lowers_one_load_and_raises_the_other() {
        let norms = CoverageNorms::default();
        // From: 150 mass retail + 18 affluent: low 150/300 + 18/36 = 0.5 + 0.5 = 1.0 (not under),
        // high 150/3000 + 18/300 = 0.05 + 0.06 = 0.11 → within.
        let from = book(&[(Segment::MassRetail, 150), (Segment::Affluent, 18)]);
        // To: 10 corporate: low 10/10 = 1.0, high 10/40 = 0.25 → within.
        let to = book(&[(Segment::Corporate, 10)]);
        // Moving 1 mass retail and 2 affluent.
        let moving = book(&[(Segment::MassRetail, 1), (Segment::Affluent, 2)]);
        let r = rebalance(&from, &to, &moving, &norms);

        assert_eq!(r.from.before.active, 168);
        assert!(close(r.from.before.low, 1.0) && close(r.from.before.high, 0.11));
        assert_eq!(r.from.before.status, LoadStatus::Within);
        // From after: 149/300 + 16/36 = 0.496667 + 0.444444 = 0.941111 → under;
        // high 149/3000 + 16/300 = 0.049667 + 0.053333 = 0.103.
        assert_eq!(r.from.after.active, 165);
        assert!(close(r.from.after.low, 149.0 / 300.0 + 16.0 / 36.0));
        assert!((r.from.after.low - 0.941111).abs() < 1e-6);
        assert!(close(r.from.after.high, 0.103));
        assert_eq!(r.from.after.status, LoadStatus::Under);

        assert_eq!((r.to.before.active, r.to.before.status), (10, LoadStatus::Within));
        assert!(close(r.to.before.low, 1.0) && close(r.to.before.high, 0.25));
        // To after: 1/300 + 2/36 + 10/10 = 0.003333 + 0.055556 + 1 = 1.058889;
        // high 1/3000 + 2/300 + 10/40 = 0.000333 + 0.006667 + 0.25 = 0.257 → within.
        assert_eq!(r.to.after.active, 13);
        assert!((r.to.after.low - 1.058889).abs() < 1e-6);
        assert!(close(r.to.after.high, 0.257));
        assert_eq!(r.to.after.status, LoadStatus::Within);
    }

    #[test]
    fn a_move_can_push_a_book_over_its_maximum() {
        let norms = CoverageNorms::default();
        // 119 private: high 119/120 = 0.991667 (low 119/24 = 4.958 ≥ 1) → within; two more make
        // 121/120 = 1.008333 → over. The RM left with 1 private: low 1/24 = 0.041667 → under.
        let r = rebalance(
            &book(&[(Segment::Private, 3)]),
            &book(&[(Segment::Private, 119)]),
            &book(&[(Segment::Private, 2)]),
            &norms,
        );
        assert_eq!(r.to.before.status, LoadStatus::Within);
        assert!(close(r.to.after.high, 121.0 / 120.0));
        assert_eq!(r.to.after.status, LoadStatus::Over);
        assert_eq!(r.from.after.active, 1);
        assert!(close(r.from.after.low, 1.0 / 24.0));
        assert_eq!(r.from.after.status, LoadStatus::Under);
    }

    #[test]
    fn only_active_customers_weigh() {
        let customer =
            |segment, status| CustomerFacts { segment, status, products: 1, balance: 0.0, last_contact: None };
        let moving = active_by_segment(&[
            customer(Segment::Sme, CustomerStatus::Active),
            customer(Segment::Sme, CustomerStatus::Dormant),
            customer(Segment::Corporate, CustomerStatus::Closed),
            customer(Segment::Affluent, CustomerStatus::Active),
        ]);
        assert_eq!(moving, book(&[(Segment::Affluent, 1), (Segment::Sme, 1)]));
        // Moving only dormant customers changes no load.
        let norms = CoverageNorms::default();
        let idle = active_by_segment(&[customer(Segment::Sme, CustomerStatus::Dormant)]);
        let from = book(&[(Segment::Sme, 40)]);
        let r = rebalance(&from, &book(&[]), &idle, &norms);
        assert_eq!(r.from.before, r.from.after);
        // An empty book: both loads 0, under.
        assert_eq!(r.to.after, Load { active: 0, low: 0.0, high: 0.0, status: LoadStatus::Under });
    }

    #[test]
    fn loads_agree_with_coverage() {
        let norms = CoverageNorms::default();
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        let customer =
            |segment, status| CustomerFacts { segment, status, products: 2, balance: 1.0, last_contact: None };
        let mut customers = Vec::new();
        for (segment, active, dormant) in
            [(Segment::MassRetail, 310, 4), (Segment::Affluent, 20, 1), (Segment::Corporate, 3, 0)]
        {
            customers.extend((0..active).map(|_| customer(segment, CustomerStatus::Active)));
            customers.extend((0..dormant).map(|_| customer(segment, CustomerStatus::Dormant)));
        }
        customers.push(customer(Segment::Private, CustomerStatus::Closed));
        let coverage = coverage_for_rm(&customers, &norms, as_of);
        let load = Load::of(&active_by_segment(&customers), &norms);
        assert_eq!(active_of(&coverage), active_by_segment(&customers));
        assert_eq!(load.active, coverage.active);
        assert!(close(load.low, coverage.low_load) && close(load.high, coverage.high_load));
        assert_eq!(load.status, coverage.status);
    }
}
