//! Scoring of SPEC §3: KPI achievement and score, KRA and overall weighted means, bands,
//! completeness and competition ranks. Pure functions over plain data.

use super::period::Month;
use super::template::{Aggregation, Direction, Kpi, RoleTemplate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Tolerance for comparing scores: float noise must not move anyone across a band or a tie.
const SCORE_EPSILON: f64 = 1e-9;

/// Figures by month, in month order.
pub type MonthValues<'a> = &'a [(Month, f64)];

/// One KPI's monthly targets and actuals (any order for `score_scorecard`; month order for
/// `within`, as the store reads them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiMonths {
    pub targets: Vec<(Month, f64)>,
    pub actuals: Vec<(Month, f64)>,
}

impl KpiMonths {
    /// The targets and actuals of the months `first..=last`, borrowed. The lists must be in
    /// month order (as the store reads them; `sort` restores it).
    pub fn within(&self, (first, last): (Month, Month)) -> (MonthValues<'_>, MonthValues<'_>) {
        fn slice(list: &[(Month, f64)], first: Month, last: Month) -> &[(Month, f64)] {
            debug_assert!(list.is_sorted_by_key(|(m, _)| *m), "KpiMonths must be in month order");
            let start = list.partition_point(|(m, _)| *m < first);
            let end = list.partition_point(|(m, _)| *m <= last);
            &list[start..end.max(start)]
        }
        (slice(&self.targets, first, last), slice(&self.actuals, first, last))
    }

    /// Puts both lists in month order.
    pub fn sort(&mut self) {
        self.targets.sort_by_key(|(m, _)| *m);
        self.actuals.sort_by_key(|(m, _)| *m);
    }
}

/// Rolls monthly values up by the KPI's aggregation; `None` when no month has a value.
pub fn aggregate(aggregation: Aggregation, values: &[(Month, f64)]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(match aggregation {
        Aggregation::Sum => values.iter().map(|(_, v)| v).sum(),
        Aggregation::Mean => values.iter().map(|(_, v)| v).sum::<f64>() / values.len() as f64,
        Aggregation::Last => values.iter().max_by_key(|(m, _)| *m).map(|(_, v)| *v)?,
    })
}

/// Achievement `a` (a fraction, 1 = on target) before the cap. A target at or below zero takes
/// the `T = 0` rule; imports reject negative targets, so only zero reaches it in practice.
pub fn achievement(direction: Direction, target: f64, actual: f64, cap: f64) -> f64 {
    match direction {
        Direction::Higher if target > 0.0 => actual / target,
        Direction::Higher => {
            if actual > 0.0 {
                cap
            } else {
                1.0
            }
        }
        Direction::Lower if target > 0.0 => (2.0 * target - actual) / target,
        Direction::Lower => {
            if actual == 0.0 {
                1.0
            } else {
                0.0
            }
        }
    }
}

/// KPI score in percent: `100 × clamp(a, 0, cap)`.
pub fn kpi_score(achievement: f64, cap: f64) -> f64 {
    100.0 * achievement.clamp(0.0, cap)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiStatus {
    Scored,
    NotReported,
    Untargeted,
}

impl KpiStatus {
    pub fn code(self) -> &'static str {
        match self {
            KpiStatus::Scored => "scored",
            KpiStatus::NotReported => "not_reported",
            KpiStatus::Untargeted => "untargeted",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct KpiScore {
    pub kpi: Kpi,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    /// 100 × a before the cap; `None` when there is no achievement to show.
    pub achievement: Option<f64>,
    pub score: Option<f64>,
    pub status: KpiStatus,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KraScore {
    pub code: String,
    pub name: String,
    pub weight: f64,
    pub score: Option<f64>,
    pub kpis: Vec<KpiScore>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    pub kras: Vec<KraScore>,
    pub overall: Option<f64>,
    pub targeted: usize,
    pub scored: usize,
}

impl Scorecard {
    /// Scored KPIs over targeted KPIs; `None` when nothing is targeted.
    pub fn completeness(&self) -> Option<f64> {
        (self.targeted > 0).then(|| self.scored as f64 / self.targeted as f64)
    }

    /// True when some targeted KPI is still waiting for its actual.
    pub fn is_provisional(&self) -> bool {
        self.scored < self.targeted
    }

    /// How many points of the overall each scored KPI contributes (its score weighted inside
    /// its KRA, then by the KRA's share of the scored weight). They add up to the overall.
    pub fn contribution(&self, kra_index: usize, kpi_index: usize) -> Option<f64> {
        let kra = self.kras.get(kra_index)?;
        let kpi = kra.kpis.get(kpi_index)?;
        let score = kpi.score?;
        kra.score?;
        let kra_weights: f64 = self.kras.iter().filter(|k| k.score.is_some()).map(|k| k.weight).sum();
        let kpi_weights: f64 = kra.kpis.iter().filter(|k| k.score.is_some()).map(|k| k.kpi.weight).sum();
        Some(score * (kpi.kpi.weight / kpi_weights) * (kra.weight / kra_weights))
    }
}

/// Scores one person for one period. `values` holds the KPI's monthly figures within the
/// period, keyed by KPI code; `all_months_closed` says whether every month of the period is
/// closed (then a missing actual scores 0 instead of being left out).
pub fn score_scorecard(
    template: &RoleTemplate,
    values: &HashMap<String, KpiMonths>,
    all_months_closed: bool,
) -> Scorecard {
    score_scorecard_within(template, values, None, all_months_closed)
}

/// As `score_scorecard`, counting only the figures of the months `first..=last` when a range
/// is given (so one snapshot of many months can be scored period by period without copying).
pub fn score_scorecard_within(
    template: &RoleTemplate,
    values: &HashMap<String, KpiMonths>,
    range: Option<(Month, Month)>,
    all_months_closed: bool,
) -> Scorecard {
    let empty = KpiMonths::default();
    let mut targeted = 0;
    let mut scored = 0;
    let kras: Vec<KraScore> = template
        .kras
        .iter()
        .map(|kra| {
            let kpis: Vec<KpiScore> = kra
                .kpis
                .iter()
                .map(|kpi| {
                    let months = values.get(&kpi.code).unwrap_or(&empty);
                    match range {
                        Some(range) => {
                            let (targets, actuals) = months.within(range);
                            score_kpi(kpi, targets, actuals, all_months_closed)
                        }
                        None => score_kpi(kpi, &months.targets, &months.actuals, all_months_closed),
                    }
                })
                .collect();
            targeted += kpis.iter().filter(|k| k.status != KpiStatus::Untargeted).count();
            scored += kpis.iter().filter(|k| k.status == KpiStatus::Scored).count();
            let score = weighted_mean(kpis.iter().filter_map(|k| Some((k.score?, k.kpi.weight))));
            KraScore { code: kra.code.clone(), name: kra.name.clone(), weight: kra.weight, score, kpis }
        })
        .collect();
    let overall = weighted_mean(kras.iter().filter_map(|k| Some((k.score?, k.weight))));
    Scorecard { kras, overall, targeted, scored }
}

fn score_kpi(kpi: &Kpi, targets: &[(Month, f64)], actuals: &[(Month, f64)], all_months_closed: bool) -> KpiScore {
    let target = aggregate(kpi.aggregation, targets);
    let actual = aggregate(kpi.aggregation, actuals);
    let (achievement, score, status) = match (target, actual) {
        (None, _) => (None, None, KpiStatus::Untargeted),
        (Some(t), Some(a)) => {
            let raw = achievement(kpi.direction, t, a, kpi.cap);
            (Some(100.0 * raw), Some(kpi_score(raw, kpi.cap)), KpiStatus::Scored)
        }
        (Some(_), None) if all_months_closed => (None, Some(0.0), KpiStatus::Scored),
        (Some(_), None) => (None, None, KpiStatus::NotReported),
    };
    KpiScore { kpi: kpi.clone(), target, actual, achievement, score, status }
}

/// Weighted mean of `(value, weight)` pairs; `None` when there are none.
fn weighted_mean(items: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, weights) = items.fold((0.0, 0.0), |(s, w), (value, weight)| (s + value * weight, w + weight));
    (weights > 0.0).then(|| sum / weights)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Band {
    Unsatisfactory,
    NeedsImprovement,
    Meets,
    Exceeds,
    Outstanding,
}

impl Band {
    pub const ALL: [Band; 5] =
        [Band::Outstanding, Band::Exceeds, Band::Meets, Band::NeedsImprovement, Band::Unsatisfactory];

    pub fn label(self) -> &'static str {
        match self {
            Band::Outstanding => "Outstanding",
            Band::Exceeds => "Exceeds",
            Band::Meets => "Meets",
            Band::NeedsImprovement => "Needs improvement",
            Band::Unsatisfactory => "Unsatisfactory",
        }
    }
}

/// Lower bounds of the bands, in percent (a setting; these are the defaults of SPEC §3).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BandThresholds {
    pub outstanding: f64,
    pub exceeds: f64,
    pub meets: f64,
    pub needs_improvement: f64,
}

impl Default for BandThresholds {
    fn default() -> Self {
        BandThresholds { outstanding: 110.0, exceeds: 100.0, meets: 90.0, needs_improvement: 75.0 }
    }
}

impl BandThresholds {
    pub fn band(&self, overall: f64) -> Band {
        let reaches = |threshold: f64| overall + SCORE_EPSILON >= threshold;
        if reaches(self.outstanding) {
            Band::Outstanding
        } else if reaches(self.exceeds) {
            Band::Exceeds
        } else if reaches(self.meets) {
            Band::Meets
        } else if reaches(self.needs_improvement) {
            Band::NeedsImprovement
        } else {
            Band::Unsatisfactory
        }
    }
}

/// Competition ranking (1, 2, 2, 4) by overall, highest first. Unscored entries get no rank.
pub fn competition_ranks(overalls: &[Option<f64>]) -> Vec<Option<u32>> {
    overalls
        .iter()
        .map(|own| {
            own.map(|own| {
                let better = overalls.iter().flatten().filter(|&&other| other > own + SCORE_EPSILON).count();
                better as u32 + 1
            })
        })
        .collect()
}

/// Trend: this period's overall minus the previous period's, when both are scored.
pub fn trend(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    Some(current? - previous?)
}

#[cfg(test)]
mod tests;
