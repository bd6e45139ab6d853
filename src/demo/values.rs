//! Monthly targets and actuals for every person and KPI: seasonal, trending targets and actuals
//! that follow each person's skill, with the gaps an unfinished month has, and next month's
//! targets planned ahead.

use super::kpi_profile::{KpiProfile, Shape, profile_for};
use super::random::{self, DemoRng, round_to};
use super::roster::Person;
use crate::domain::period::Month;
use crate::domain::template::{Direction, Kpi, Unit};
use crate::import::ValueRow;

/// Targets and actuals, person by person, KPI by KPI, month by month.
pub struct GeneratedValues {
    pub targets: Vec<ValueRow>,
    pub actuals: Vec<ValueRow>,
}

/// Share of actuals missing per month, counted back from the latest: the current month is
/// still being filled in; last month was closed with a few stragglers never reported; older
/// closed months have a rare gap.
const MISSING_LATEST: (f64, f64) = (0.05, 0.55);
const MISSING_PREVIOUS: f64 = 0.02;
const MISSING_CLOSED: f64 = 0.003;

/// The KPIs of each person (from their role template, in template order), oldest month first,
/// then the targets of `planned`, the month after the last, which nobody has reported yet.
pub fn generate_values(
    people: &[(&Person, Vec<&Kpi>)],
    months: &[Month],
    planned: Month,
    target_rng: &mut DemoRng,
    actual_rng: &mut DemoRng,
) -> GeneratedValues {
    let rows: usize = people.iter().map(|(_, kpis)| kpis.len() * (months.len() + 1)).sum();
    let mut targets = Vec::with_capacity(rows);
    let mut actuals = Vec::with_capacity(rows);
    // The whole branch has good and bad months (a market shock, a campaign that landed).
    let branch_mood: Vec<f64> = months.iter().map(|_| random::normal(actual_rng) * 0.02).collect();
    let with_planned: Vec<Month> = months.iter().copied().chain([planned]).collect();
    let fiscal_steps = fiscal_years_passed(&with_planned);
    let n = months.len();
    for (person, kpis) in people {
        let latest_missing = random::uniform(actual_rng, MISSING_LATEST.0, MISSING_LATEST.1);
        let personal_mood: Vec<f64> = months.iter().map(|_| random::normal(actual_rng) * 0.04).collect();
        for kpi in kpis {
            let profile = profile_for(kpi);
            let base = profile.base;
            let scale = person_scale(person, &profile, target_rng);
            let knack = random::normal(actual_rng) * 0.05;
            for (i, month) in with_planned.iter().enumerate() {
                let target = target_value(kpi, &profile, base, scale, *month, i, fiscal_steps[i]);
                targets.push(row(person, kpi, *month, target));
                if i == n {
                    continue; // planned ahead: no actual yet
                }
                let missing = match n - 1 - i {
                    0 => latest_missing,
                    1 => MISSING_PREVIOUS,
                    _ => MISSING_CLOSED,
                };
                if random::chance(actual_rng, missing) {
                    continue;
                }
                let years_from_middle = (i as f64 - (n as f64 - 1.0) / 2.0) / 12.0;
                let form = person.skill + person.drift_per_year * years_from_middle + branch_mood[i] + personal_mood[i];
                let actual = actual_value(kpi, &profile, target, form + knack, actual_rng);
                actuals.push(row(person, kpi, *month, actual));
            }
        }
    }
    GeneratedValues { targets, actuals }
}

fn row(person: &Person, kpi: &Kpi, month: Month, value: f64) -> ValueRow {
    ValueRow { line: 0, login: person.member.login.clone(), kpi: kpi.code.clone(), month, value }
}

/// How this person's target compares with the typical one: sales targets follow the person's
/// book and seniority, rates and scores differ a little.
fn person_scale(person: &Person, profile: &KpiProfile, rng: &mut DemoRng) -> f64 {
    match profile.shape {
        Shape::Sales => person.target_scale * random::uniform(rng, 0.9, 1.1),
        Shape::Level => 1.0 + (random::normal(rng) * 0.03).clamp(-0.06, 0.06),
        Shape::Activity => random::uniform(rng, 0.8, 1.25),
        Shape::Growth => random::uniform(rng, 0.8, 1.2),
        Shape::Violation => 0.0,
    }
}

/// Sales peak at the March year end and in the festive season (October–November) and are slow
/// when the financial year starts in April.
fn seasonality(month: u32) -> f64 {
    match month {
        1 => 1.0,
        2 => 1.05,
        3 => 1.25,
        4 => 0.85,
        5 => 0.9,
        6 => 1.05,
        7 | 8 => 0.95,
        9 => 1.08,
        10 => 1.15,
        11 => 1.12,
        _ => 1.05,
    }
}

/// For each month, how many financial years (starting in April) have begun since the first.
fn fiscal_years_passed(months: &[Month]) -> Vec<u32> {
    let mut steps = 0;
    months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if i > 0 && m.month == 4 {
                steps += 1;
            }
            steps
        })
        .collect()
}

fn target_value(
    kpi: &Kpi,
    profile: &KpiProfile,
    base: f64,
    scale: f64,
    month: Month,
    index: usize,
    fiscal_steps: u32,
) -> f64 {
    let steps = fiscal_steps as i32;
    let raw = match profile.shape {
        // About 9 % growth a year.
        Shape::Sales => base * scale * seasonality(month.month) * 1.0075f64.powi(index as i32),
        // Targets are raised (or, for lower-is-better, cut) once a financial year. A share that
        // cannot pass 100 % closes a tenth of its gap to 100 each year instead, so that no
        // one is asked for a 100 % retention rate.
        Shape::Level => match kpi.direction {
            Direction::Higher if kpi.unit == Unit::Percent && profile.ceiling <= 100.0 => {
                let gap = (profile.ceiling - base).max(0.0) * (2.0 - scale);
                profile.ceiling - gap * 0.9f64.powi(steps)
            }
            Direction::Higher => base * scale * (1.0 + 0.02 * f64::from(fiscal_steps)),
            Direction::Lower => base * scale * 0.95f64.powi(steps).max(0.5),
        },
        Shape::Activity | Shape::Growth => base * scale,
        Shape::Violation => 0.0,
    };
    let higher_count = kpi.direction == Direction::Higher && profile.shape != Shape::Violation;
    let value = match kpi.unit {
        Unit::Currency if raw >= 1e5 => round_to(raw, -3),
        Unit::Currency if raw >= 1e3 => round_to(raw, -1),
        Unit::Currency => round_to(raw, 0),
        Unit::Count if higher_count => round_to(raw, 0).max(1.0),
        Unit::Count => round_to(raw, 0),
        Unit::Percent => round_to(raw.clamp(profile.floor.max(0.0), profile.ceiling), 1),
        Unit::Score => round_to(raw.clamp(3.5, 4.5), 1),
        Unit::Ratio => round_to(raw, 2).max(0.1),
        Unit::Days | Unit::Hours => round_to(raw, 1).max(0.1),
    };
    value.max(0.0)
}

/// The actual of a person in `form` (1.0 = on target) against `target`.
fn actual_value(kpi: &Kpi, profile: &KpiProfile, target: f64, form: f64, rng: &mut DemoRng) -> f64 {
    let raw = match profile.shape {
        Shape::Sales => target * form * (1.0 + random::normal(rng) * 0.08),
        Shape::Level => {
            // Rates and scores move far less than sales between good and weak performers.
            let achievement = 1.0 + (form - 1.0) * 0.7 + random::normal(rng) * 0.025;
            match kpi.direction {
                Direction::Higher => target * achievement,
                Direction::Lower => target * (2.0 - achievement),
            }
        }
        Shape::Activity => target * form * (1.0 + random::normal(rng) * 0.25),
        Shape::Growth => target * form + target.abs() * 0.6 * random::normal(rng),
        Shape::Violation => {
            let slip = 0.02 + (1.0 - form).max(0.0) * 0.25;
            if random::chance(rng, slip) { if random::chance(rng, 0.2) { 2.0 } else { 1.0 } } else { 0.0 }
        }
    };
    let value = match kpi.unit {
        Unit::Currency => round_to(raw.max(0.0), 0),
        Unit::Count => round_to(raw.max(0.0), 0),
        Unit::Percent => round_to(raw.clamp(profile.floor, profile.ceiling), 1),
        Unit::Score => round_to(raw.clamp(1.0, 5.0), 1),
        Unit::Ratio => round_to(raw.max(0.0), 2),
        Unit::Days | Unit::Hours => round_to(raw.max(0.0), 1),
    };
    if value == 0.0 { 0.0 } else { value }
}
