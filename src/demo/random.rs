//! Seeded random streams and the few distributions the demo generator draws from.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The independent parts of a demo branch. Each draws from its own ChaCha stream, so that a
/// change in how one part is generated leaves the others as they were for the same seed.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Staff,
    Customers,
    Targets,
    Actuals,
    Ratings,
    /// The history of the RMs' book-derived KPIs.
    Book,
}

pub type DemoRng = ChaCha8Rng;

pub fn stream(seed: u64, part: Stream) -> DemoRng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(part as u64 + 1);
    rng
}

/// Uniform in `[low, high)`; `low` when the range is empty (rand panics on empty ranges).
pub fn uniform(rng: &mut DemoRng, low: f64, high: f64) -> f64 {
    if high > low { rng.random_range(low..high) } else { low }
}

/// Uniform on a log scale: money and book sizes spread over orders of magnitude.
pub fn log_uniform(rng: &mut DemoRng, low: f64, high: f64) -> f64 {
    uniform(rng, low.ln(), high.ln()).exp()
}

/// A standard normal draw (Box–Muller).
pub fn normal(rng: &mut DemoRng) -> f64 {
    let u1: f64 = uniform(rng, f64::EPSILON, 1.0);
    let u2: f64 = uniform(rng, 0.0, 1.0);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// True with probability `p` (clamped to 0–1).
pub fn chance(rng: &mut DemoRng, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

/// An index in `0..len`; 0 for an empty range.
pub fn index(rng: &mut DemoRng, len: usize) -> usize {
    if len > 1 { rng.random_range(0..len) } else { 0 }
}

/// An integer in `low..=high`; `low` when the range is empty.
pub fn between(rng: &mut DemoRng, low: u32, high: u32) -> u32 {
    if high > low { rng.random_range(low..=high) } else { low }
}

/// Picks an index by weight; weights need not sum to 1.
pub fn weighted(rng: &mut DemoRng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut point = uniform(rng, 0.0, total);
    for (i, w) in weights.iter().enumerate() {
        if point < *w {
            return i;
        }
        point -= w;
    }
    weights.len().saturating_sub(1)
}

/// Fisher–Yates shuffle of a slice.
pub fn shuffle<T>(rng: &mut DemoRng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

/// Rounds to `decimals` places (0 for whole numbers, -3 for thousands), never producing `-0`.
pub fn round_to(value: f64, decimals: i32) -> f64 {
    let rounded = if decimals >= 0 {
        let factor = 10f64.powi(decimals);
        (value * factor).round() / factor
    } else {
        let step = 10f64.powi(-decimals);
        (value / step).round() * step
    };
    if rounded == 0.0 { 0.0 } else { rounded }
}
