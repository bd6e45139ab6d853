//! The customers in each RM's book: names, products, balances, last contact and status.

// Money is written in lakhs and crores (1_00_000 is one lakh), as the branch reads it.
#![allow(clippy::inconsistent_digit_grouping)]

use super::allocation::allocate_customers;
use super::names;
use super::random::{self, DemoRng};
use super::roster::{BookShape, Person};
use crate::domain::coverage::{CoverageNorms, CustomerStatus, Segment};
use crate::domain::customer::Customer;
use chrono::{Days, NaiveDate};

/// What a customer of a segment typically holds: the account everyone has, the other products
/// with how common each is, and how many products (from 1) with their likelihoods.
struct ProductMix {
    anchor: &'static str,
    others: &'static [(&'static str, f64)],
    count_weights: &'static [f64],
}

const RETAIL: ProductMix = ProductMix {
    anchor: "savings",
    others: &[
        ("fd", 5.0),
        ("rd", 3.0),
        ("credit_card", 4.0),
        ("insurance", 2.5),
        ("personal_loan", 2.0),
        ("gold_loan", 1.5),
        ("mutual_fund", 1.5),
        ("home_loan", 1.0),
        ("demat", 0.8),
    ],
    count_weights: &[0.45, 0.33, 0.17, 0.05],
};

const AFFLUENT: ProductMix = ProductMix {
    anchor: "savings",
    others: &[
        ("fd", 5.0),
        ("credit_card", 4.5),
        ("mutual_fund", 4.0),
        ("insurance", 3.5),
        ("demat", 3.0),
        ("home_loan", 2.0),
        ("car_loan", 1.2),
        ("rd", 1.0),
        ("locker", 1.5),
        ("personal_loan", 0.8),
    ],
    count_weights: &[0.0, 0.2, 0.32, 0.28, 0.15, 0.05],
};

const PRIVATE: ProductMix = ProductMix {
    anchor: "savings",
    others: &[
        ("fd", 5.0),
        ("mutual_fund", 5.0),
        ("demat", 4.5),
        ("pms", 3.0),
        ("insurance", 3.0),
        ("credit_card", 3.5),
        ("locker", 2.5),
        ("forex", 1.5),
        ("home_loan", 1.0),
    ],
    count_weights: &[0.0, 0.0, 0.2, 0.35, 0.3, 0.15],
};

const SME: ProductMix = ProductMix {
    anchor: "current",
    others: &[
        ("working_capital", 5.0),
        ("term_loan", 3.0),
        ("cash_management", 2.5),
        ("trade_finance", 2.0),
        ("fd", 2.5),
        ("insurance", 2.0),
        ("payroll", 1.5),
        ("bank_guarantee", 1.5),
        ("credit_card", 1.0),
    ],
    count_weights: &[0.0, 0.25, 0.35, 0.28, 0.12],
};

const CORPORATE: ProductMix = ProductMix {
    anchor: "current",
    others: &[
        ("cash_management", 5.0),
        ("working_capital", 5.0),
        ("trade_finance", 4.0),
        ("term_loan", 3.0),
        ("forex", 3.0),
        ("bank_guarantee", 3.0),
        ("payroll", 2.5),
        ("fd", 2.0),
    ],
    count_weights: &[0.0, 0.0, 0.2, 0.35, 0.3, 0.15],
};

fn product_mix(segment: Segment) -> &'static ProductMix {
    match segment {
        Segment::MassRetail => &RETAIL,
        Segment::Affluent => &AFFLUENT,
        Segment::Private => &PRIVATE,
        Segment::Sme => &SME,
        Segment::Corporate => &CORPORATE,
    }
}

/// Typical balance range in rupees: mass retail thousands to a few lakh, private and corporate
/// in crores.
fn balance_range(segment: Segment) -> (f64, f64) {
    match segment {
        Segment::MassRetail => (5_000.0, 4_00_000.0),
        Segment::Affluent => (5_00_000.0, 75_00_000.0),
        Segment::Private => (1_00_00_000.0, 25_00_00_000.0),
        Segment::Sme => (10_00_000.0, 3_00_00_000.0),
        Segment::Corporate => (2_00_00_000.0, 150_00_00_000.0),
    }
}

/// Every RM's customers, with ids `C000001`… in a shuffled order so that ids do not group by RM.
pub fn generate_customers(people: &[Person], total: usize, today: NaiveDate, rng: &mut DemoRng) -> Vec<Customer> {
    let rms: Vec<(&str, &BookShape)> =
        people.iter().filter_map(|p| p.book.as_ref().map(|b| (p.member.login.as_str(), b))).collect();
    let shares: Vec<&[(Segment, f64)]> = rms.iter().map(|(_, b)| b.shares.as_slice()).collect();
    let sizes = allocate_customers(&shares, total, rng);
    let norms = CoverageNorms::default();
    let mut customers = Vec::with_capacity(total);
    for ((login, book), size) in rms.iter().zip(sizes) {
        let weights: Vec<f64> = book.shares.iter().map(|(_, s)| *s).collect();
        for (segment_index, count) in split_by_share(size, &weights).into_iter().enumerate() {
            let segment = book.shares[segment_index].0;
            let cadence = norms.norm(segment).cadence_days;
            for _ in 0..count {
                customers.push(customer(login, segment, cadence, book, today, rng));
            }
        }
    }
    random::shuffle(rng, &mut customers);
    for (i, c) in customers.iter_mut().enumerate() {
        c.id = format!("C{:06}", i + 1);
    }
    customers
}

/// `total` split by weight into whole numbers (largest remainder, ties to the first).
fn split_by_share(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| if sum > 0.0 { total as f64 * w / sum } else { 0.0 }).collect();
    let mut whole: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    let short = total.saturating_sub(whole.iter().sum());
    for &i in order.iter().cycle().take(if weights.is_empty() { 0 } else { short }) {
        whole[i] += 1;
    }
    whole
}

fn customer(
    rm_login: &str,
    segment: Segment,
    cadence: u32,
    book: &BookShape,
    today: NaiveDate,
    rng: &mut DemoRng,
) -> Customer {
    let status = match random::weighted(rng, &[1.0 - book.dormant_rate - 0.02, book.dormant_rate, 0.02]) {
        0 => CustomerStatus::Active,
        1 => CustomerStatus::Dormant,
        _ => CustomerStatus::Closed,
    };
    let name = match segment {
        Segment::MassRetail | Segment::Affluent | Segment::Private => names::person_name(rng),
        Segment::Sme => names::sme_name(rng),
        Segment::Corporate => names::corporate_name(rng),
    };
    let mut products = products(segment, rng);
    if status != CustomerStatus::Active {
        products.truncate(2);
    }
    let (low, high) = balance_range(segment);
    let balance = match status {
        CustomerStatus::Active => random::log_uniform(rng, low, high),
        CustomerStatus::Dormant => random::log_uniform(rng, low, high) * random::uniform(rng, 0.02, 0.3),
        CustomerStatus::Closed => 0.0,
    };
    Customer {
        id: String::new(),
        name,
        segment,
        rm_login: rm_login.to_string(),
        products,
        balance: random::round_to(balance, 2),
        last_contact: last_contact(segment, status, cadence, book.diligence, rng)
            .and_then(|days| today.checked_sub_days(Days::new(days))),
        status,
    }
}

/// The segment's anchor account plus distinct other products, likelier ones first.
fn products(segment: Segment, rng: &mut DemoRng) -> Vec<String> {
    let mix = product_mix(segment);
    let count = random::weighted(rng, mix.count_weights) + 1;
    let mut weights: Vec<f64> = mix.others.iter().map(|(_, w)| *w).collect();
    let mut chosen: Vec<usize> = Vec::with_capacity(count);
    while chosen.len() + 1 < count && weights.iter().any(|w| *w > 0.0) {
        let pick = random::weighted(rng, &weights);
        weights[pick] = 0.0;
        chosen.push(pick);
    }
    chosen.sort_unstable();
    std::iter::once(mix.anchor.to_string()).chain(chosen.into_iter().map(|i| mix.others[i].0.to_string())).collect()
}

/// Days since the last contact (at least 1: always before today), or `None` for never.
/// Diligent RMs reach most customers within the cadence; wealth and business customers are
/// less often forgotten altogether.
fn last_contact(
    segment: Segment,
    status: CustomerStatus,
    cadence: u32,
    diligence: f64,
    rng: &mut DemoRng,
) -> Option<u64> {
    let close_care = matches!(segment, Segment::Private | Segment::Corporate);
    let never = match status {
        CustomerStatus::Active => (0.02 + (1.0 - diligence) * 0.12) * if close_care { 0.4 } else { 1.0 },
        CustomerStatus::Dormant => 0.3,
        CustomerStatus::Closed => 0.5,
    };
    if random::chance(rng, never) {
        return None;
    }
    let days = match status {
        CustomerStatus::Active if random::chance(rng, diligence) => random::between(rng, 1, cadence),
        CustomerStatus::Active => random::between(rng, cadence + 1, cadence + cadence.max(180) * 2),
        CustomerStatus::Dormant => random::between(rng, cadence.max(180), cadence.max(180) * 3),
        CustomerStatus::Closed => random::between(rng, 200, 1500),
    };
    Some(u64::from(days))
}
