//! How many customers each RM holds: most books within the segment norms, a few under, one or
//! two over, and whatever the requested total leaves over spread in proportion.

use super::random::{self, DemoRng};
use crate::domain::coverage::{CoverageNorms, Segment};

/// The share of a book expected to be active; only active customers count towards load.
pub const EXPECTED_ACTIVE: f64 = 0.90;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intent {
    Under,
    Within,
    Over,
}

/// The numbers of active customers at which an RM with this segment mix reaches low load 1
/// and high load 1 under the default norms.
pub fn book_capacity(shares: &[(Segment, f64)]) -> (f64, f64) {
    let norms = CoverageNorms::default();
    let inverse = |bound: fn(u32, u32) -> u32| -> f64 {
        shares
            .iter()
            .map(|(s, share)| {
                let norm = norms.norm(*s);
                share / f64::from(bound(norm.min, norm.max).max(1))
            })
            .sum()
    };
    (1.0 / inverse(|min, _| min).max(f64::MIN_POSITIVE), 1.0 / inverse(|_, max| max).max(f64::MIN_POSITIVE))
}

/// The same in book sizes (all customers, any status).
fn capacity(shares: &[(Segment, f64)]) -> (f64, f64) {
    let (low, high) = book_capacity(shares);
    (low / EXPECTED_ACTIVE, high / EXPECTED_ACTIVE)
}

/// Book sizes per RM (in the order given) summing to exactly `total`.
pub fn allocate_customers(books: &[&[(Segment, f64)]], total: usize, rng: &mut DemoRng) -> Vec<usize> {
    if books.is_empty() {
        return Vec::new();
    }
    let caps: Vec<(f64, f64)> = books.iter().map(|b| capacity(b)).collect();
    // Margins keep an intended status safe from the random dormant and closed share.
    let within_low: Vec<f64> = caps.iter().map(|(min, _)| min * 1.15).collect();
    let within_high: Vec<f64> = caps.iter().map(|(_, max)| max * 0.9).collect();
    let intents = intents(&caps, &within_low, total as f64, rng);
    let mut sizes: Vec<f64> = (0..books.len())
        .map(|i| {
            let (min, max) = caps[i];
            match intents[i] {
                Intent::Under => min * random::uniform(rng, 0.5, 0.8),
                Intent::Within => {
                    let ratio = (within_high[i] / within_low[i]).max(1.0);
                    within_low[i] * ratio.powf(random::uniform(rng, 0.15, 0.6))
                }
                Intent::Over => max * random::uniform(rng, 1.12, 1.3),
            }
        })
        .collect();
    let of = |wanted: Intent| -> Vec<usize> { (0..books.len()).filter(|&i| intents[i] == wanted).collect() };
    let (under, within, over) = (of(Intent::Under), of(Intent::Within), of(Intent::Over));
    let mut left = total as f64 - sizes.iter().sum::<f64>();
    if left > 0.0 {
        left = absorb(&mut sizes, &within, &within_high, left);
        let over_limit: Vec<f64> = caps.iter().map(|(_, max)| max * 2.0).collect();
        left = absorb(&mut sizes, &over, &over_limit, left);
        // A branch with more customers than its RMs can hold: everyone carries more.
        let weights: Vec<f64> = caps.iter().map(|(_, max)| *max).collect();
        spread(&mut sizes, &weights, left);
    } else if left < 0.0 {
        // Too few customers: keep books within their norms as long as possible, giving up an
        // overloaded book before pushing the others under.
        left = absorb(&mut sizes, &within, &within_low, left);
        let under_floor: Vec<f64> = caps.iter().map(|(min, _)| min * 0.3).collect();
        left = absorb(&mut sizes, &under, &under_floor, left);
        let over_floor: Vec<f64> = caps.iter().map(|(_, max)| max * 1.08).collect();
        left = absorb(&mut sizes, &over, &over_floor, left);
        left = absorb(&mut sizes, &over, &within_low, left);
        // Still too many books to fill: the biggest ones go under, one at a time.
        let mut biggest: Vec<usize> = (0..books.len()).filter(|&i| intents[i] != Intent::Under).collect();
        biggest.sort_by(|&a, &b| within_low[b].total_cmp(&within_low[a]).then(a.cmp(&b)));
        for i in biggest {
            if left >= 0.0 {
                break;
            }
            left = absorb(&mut sizes, &[i], &under_floor, left);
        }
        let weights = sizes.clone();
        spread(&mut sizes, &weights, left);
    }
    round_to_total(&sizes, total)
}

/// One or two RMs are meant to be over: the largest books the customers can pay for while
/// every other book stays within (a mass-retail book over its norm is believable, a private
/// banker with a thousand clients is not). About a fifth of the rest, among the smaller
/// books, are under; everyone else within.
fn intents(caps: &[(f64, f64)], within_low: &[f64], total: f64, rng: &mut DemoRng) -> Vec<Intent> {
    let n = caps.len();
    let mut intents = vec![Intent::Within; n];
    let over_count = match n {
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    };
    let mut by_capacity: Vec<usize> = (0..n).collect();
    by_capacity.sort_by(|&a, &b| caps[b].1.total_cmp(&caps[a].1).then(a.cmp(&b)));
    let mut committed: f64 = within_low.iter().sum();
    for _ in 0..over_count {
        let affordable = by_capacity
            .iter()
            .copied()
            .find(|&i| intents[i] == Intent::Within && committed - within_low[i] + caps[i].1 * 1.15 <= total);
        let Some(i) = affordable else { break };
        intents[i] = Intent::Over;
        committed += caps[i].1 * 1.15 - within_low[i];
    }
    // Under-loaded books are the smaller ones (a new wealth or business RM still building a
    // book): drawn from the smaller half of the rest.
    let mut rest: Vec<usize> = (0..n).filter(|&i| intents[i] == Intent::Within).collect();
    rest.sort_by(|&a, &b| caps[a].1.total_cmp(&caps[b].1).then(a.cmp(&b)));
    let under_count = if n < 2 { 0 } else { (n / 5).max(1).min(rest.len().saturating_sub(1)) };
    let mut smaller: Vec<usize> = rest[..rest.len().div_ceil(2).max(under_count)].to_vec();
    random::shuffle(rng, &mut smaller);
    for &i in smaller.iter().take(under_count) {
        intents[i] = Intent::Under;
    }
    intents
}

/// Moves `amount` (positive: add, negative: remove) into the chosen books, each no further
/// than its limit, in proportion to the room each has. Returns what did not fit.
fn absorb(sizes: &mut [f64], chosen: &[usize], limits: &[f64], amount: f64) -> f64 {
    let room: Vec<f64> = chosen
        .iter()
        .map(|&i| (if amount > 0.0 { limits[i] - sizes[i] } else { sizes[i] - limits[i] }).max(0.0))
        .collect();
    let total_room: f64 = room.iter().sum();
    if total_room <= 0.0 {
        return amount;
    }
    let used = amount.abs().min(total_room);
    for (&i, r) in chosen.iter().zip(&room) {
        sizes[i] += amount.signum() * used * r / total_room;
    }
    amount - amount.signum() * used
}

/// Spreads `amount` over every book by weight, never below zero.
fn spread(sizes: &mut [f64], weights: &[f64], amount: f64) {
    let total: f64 = weights.iter().sum();
    if amount == 0.0 || total <= 0.0 {
        return;
    }
    for (size, w) in sizes.iter_mut().zip(weights) {
        *size = (*size + amount * w / total).max(0.0);
    }
}

/// Whole book sizes summing to `total` (largest remainder, ties to the earlier RM).
fn round_to_total(sizes: &[f64], total: usize) -> Vec<usize> {
    let sum: f64 = sizes.iter().sum();
    let scaled: Vec<f64> = if sum > 0.0 {
        sizes.iter().map(|s| s * total as f64 / sum).collect()
    } else {
        vec![total as f64 / sizes.len() as f64; sizes.len()]
    };
    let mut whole: Vec<usize> = scaled.iter().map(|s| s.floor() as usize).collect();
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|&a, &b| (scaled[b] - scaled[b].floor()).total_cmp(&(scaled[a] - scaled[a].floor())).then(a.cmp(&b)));
    let assigned: usize = whole.iter().sum();
    for &i in order.iter().cycle().take(total.saturating_sub(assigned)) {
        whole[i] += 1;
    }
    // Floating-point error could leave one too many; take it from the largest book.
    while whole.iter().sum::<usize>() > total {
        if let Some(largest) = (0..whole.len()).max_by_key(|&i| (whole[i], usize::MAX - i)) {
            whole[largest] -= 1;
        }
    }
    whole
}
