//! Capability ratings (1–5) for every RM, spread around what their focus model requires.

use super::random::{self, DemoRng};
use super::roster::Person;
use crate::domain::capability::Capability;

/// How far a rating lands from the required level: most meet it, some exceed, some fall short.
const OFFSETS: [(i32, f64); 5] = [(-2, 0.04), (-1, 0.22), (0, 0.42), (1, 0.25), (2, 0.07)];

/// `(login, capability code, rating)` for every RM and capability, in roster then matrix order.
pub fn generate_ratings(
    people: &[Person],
    capabilities: &[Capability],
    rng: &mut DemoRng,
) -> Vec<(String, String, u8)> {
    let mut ratings = Vec::new();
    for person in people {
        let Some(focus) = person.member.focus else {
            continue;
        };
        // Stronger performers tend to be rated above the bar, weaker ones below it.
        let lean = ((person.skill - 0.95) * 4.0).clamp(-1.0, 1.0);
        for capability in capabilities {
            let required = i32::from(capability.required.for_focus(focus));
            let weights: Vec<f64> =
                OFFSETS.iter().map(|(offset, w)| w * (1.0 + lean * f64::from(*offset) * 0.35).max(0.05)).collect();
            let offset = OFFSETS[random::weighted(rng, &weights)].0;
            let rating = (required + offset).clamp(1, 5) as u8;
            ratings.push((person.member.login.clone(), capability.code.clone(), rating));
        }
    }
    ratings
}
