//! Scoring of SPEC §3: which months of a period count, KPI achievement and score, KRA and
//! overall weighted means, bands, completeness, finality and competition ranks. Pure functions
//! over plain data.

use super::period::Month;
use super::template::{Aggregation, Direction, Kpi, RoleTemplate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use strum::{EnumString, IntoStaticStr, VariantArray};

/// Tolerance for comparing scores: float noise must not move anyone across a band or a tie.
const SCORE_EPSILON: f64 = 1e-9;

/// Figures by month, in month order.
pub type MonthValues<'a> = &'a [(Month, f64)];

/// One KPI's monthly targets and actuals, each list in month order (as the store reads them;
/// `sort` restores it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiMonths {
    pub targets: Vec<(Month, f64)>,
    pub actuals: Vec<(Month, f64)>,
}

impl KpiMonths {
    /// The targets and actuals of the months `first..=last`, borrowed.
    pub fn within(&self, first: Month, last: Month) -> (MonthValues<'_>, MonthValues<'_>) {
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

/// The months of one period and which of them are closed: what tells a missing month
/// (closed, nothing reported) from a pending one (still open).
#[derive(Debug, Clone, Copy)]
pub struct PeriodMonths<'a> {
    pub first: Month,
    pub last: Month,
    pub closed: &'a BTreeSet<Month>,
}

impl PeriodMonths<'_> {
    /// The months of the period, oldest first.
    pub fn months(&self) -> impl Iterator<Item = Month> + '_ {
        (0..).map(|i| self.first.plus(i)).take_while(|m| *m <= self.last)
    }

    /// Final when every month of the period is closed; otherwise provisional, naming the open months.
    pub fn finality(&self) -> Finality {
        let open: Vec<Month> = self.months().filter(|m| !self.closed.contains(m)).collect();
        if open.is_empty() { Finality::Final } else { Finality::Provisional { open } }
    }
}

/// Whether a period's numbers can still change (SPEC §3 rule 8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finality {
    /// Every month of the period is closed.
    Final,
    /// These months of the period are still open.
    Provisional { open: Vec<Month> },
}

impl Finality {
    pub fn is_final(&self) -> bool {
        *self == Finality::Final
    }
}

/// How the targeted months of one KPI (or, summed, of a scorecard) stand: (KPI, month) cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthCounts {
    /// Targeted, with an actual.
    pub reported: usize,
    /// Targeted, no actual, closed: counts against the score.
    pub missing: usize,
    /// Targeted, no actual, still open.
    pub pending: usize,
}

impl MonthCounts {
    pub fn targeted(&self) -> usize {
        self.reported + self.missing + self.pending
    }

    /// Reported over targeted cells, 0–1; `None` when nothing is targeted (rule 8).
    pub fn completeness(&self) -> Option<f64> {
        let targeted = self.targeted();
        (targeted > 0).then(|| self.reported as f64 / targeted as f64)
    }

    pub fn add(&mut self, other: MonthCounts) {
        self.reported += other.reported;
        self.missing += other.missing;
        self.pending += other.pending;
    }
}

/// Rolls monthly values up by the KPI's aggregation as they arrive in month order, without
/// keeping them: `sum`, `mean` and `last` need only a total, a count and the latest value.
#[derive(Debug, Clone, Copy, Default)]
struct RollUp {
    total: f64,
    count: usize,
    latest: f64,
}

impl RollUp {
    fn push(&mut self, value: f64) {
        self.total += value;
        self.count += 1;
        self.latest = value;
    }

    fn value(&self, aggregation: Aggregation) -> Option<f64> {
        (self.count > 0).then(|| match aggregation {
            Aggregation::Sum => self.total,
            Aggregation::Mean => self.total / self.count as f64,
            Aggregation::Last => self.latest,
        })
    }
}

/// Rolls monthly values (in month order) up by the KPI's aggregation; `None` when there are none.
pub fn aggregate(aggregation: Aggregation, values: &[(Month, f64)]) -> Option<f64> {
    let mut roll = RollUp::default();
    values.iter().for_each(|(_, v)| roll.push(*v));
    roll.value(aggregation)
}

/// Achievement `a` (a fraction, 1 = on target) before the cap (rule 3). A target at or below
/// zero takes the `T = 0` rule; imports reject negative targets, so only zero reaches it.
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

/// KPI score in percent (rule 4): `100 × clamp(a, 0, cap) × r ⁄ (r + x)`.
pub fn kpi_score(achievement: f64, cap: f64, counts: MonthCounts) -> f64 {
    let reported = counts.reported as f64;
    100.0 * achievement.clamp(0.0, cap) * reported / (reported + counts.missing as f64)
}

/// Where one KPI stands in a period; the code is written into scorecard exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, EnumString, VariantArray)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum KpiStatus {
    /// At least one targeted month reported.
    Scored,
    /// Nothing reported and at least one targeted month closed: scores 0.
    Missing,
    /// Nothing reported, every targeted month still open: left out.
    NotReported,
    /// No targeted month: not scored.
    Untargeted,
}

impl KpiStatus {
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<KpiStatus> {
        code.parse().ok()
    }

    /// True for the statuses that count in the KRA's weighted mean (rule 5).
    pub fn counts(self) -> bool {
        matches!(self, KpiStatus::Scored | KpiStatus::Missing)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct KpiScore {
    pub kpi: Kpi,
    /// Rule 9: over the reported months; with none reported, over the targeted months.
    pub target: Option<f64>,
    /// Rule 9: over the reported months; `None` when none is reported.
    pub actual: Option<f64>,
    /// 100 × a before the cap and the r ⁄ (r + x) factor; `None` with nothing reported.
    pub achievement: Option<f64>,
    pub score: Option<f64>,
    pub status: KpiStatus,
    pub months: MonthCounts,
    /// Actuals of months without a target, rolled up: shown, never scored (rule 1).
    pub unscored_actual: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KraScore {
    pub code: String,
    pub name: String,
    pub weight: f64,
    pub score: Option<f64>,
    pub kpis: Vec<KpiScore>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scorecard {
    pub kras: Vec<KraScore>,
    pub overall: Option<f64>,
    /// The person's (KPI, month) cells over the period.
    pub cells: MonthCounts,
}

impl Scorecard {
    /// Reported over targeted cells; `None` when nothing is targeted (rule 8).
    pub fn completeness(&self) -> Option<f64> {
        self.cells.completeness()
    }

    /// How many points of the overall each counted KPI contributes (its score weighted inside
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

/// Scores one person for one period (rules 1–6 and 8–9). `values` holds each KPI's monthly
/// figures, keyed by KPI code; only those of the period's months count.
pub fn score_scorecard(
    template: &RoleTemplate,
    values: &HashMap<String, KpiMonths>,
    period: PeriodMonths<'_>,
) -> Scorecard {
    let empty = KpiMonths::default();
    let mut cells = MonthCounts::default();
    let kras: Vec<KraScore> = template
        .kras
        .iter()
        .map(|kra| {
            let kpis: Vec<KpiScore> =
                kra.kpis.iter().map(|kpi| score_kpi(kpi, values.get(&kpi.code).unwrap_or(&empty), period)).collect();
            kpis.iter().for_each(|k| cells.add(k.months));
            let score = weighted_mean(kpis.iter().filter_map(|k| Some((k.score?, k.kpi.weight))));
            KraScore { code: kra.code.clone(), name: kra.name.clone(), weight: kra.weight, score, kpis }
        })
        .collect();
    let overall = weighted_mean(kras.iter().filter_map(|k| Some((k.score?, k.weight))));
    Scorecard { kras, overall, cells }
}

/// One KPI over the period's months (rules 1–4 and 9).
pub fn score_kpi(kpi: &Kpi, months: &KpiMonths, period: PeriodMonths<'_>) -> KpiScore {
    let (targets, actuals) = months.within(period.first, period.last);
    let mut counts = MonthCounts::default();
    let (mut reported_targets, mut reported_actuals, mut all_targets, mut unscored) =
        (RollUp::default(), RollUp::default(), RollUp::default(), RollUp::default());
    // Both lists are in month order: walk them together.
    let mut next_target = targets.iter().peekable();
    for &(month, actual) in actuals {
        while let Some(&&(target_month, target)) = next_target.peek()
            && target_month < month
        {
            all_targets.push(target);
            if period.closed.contains(&target_month) {
                counts.missing += 1;
            } else {
                counts.pending += 1;
            }
            next_target.next();
        }
        match next_target.peek() {
            Some(&&(target_month, target)) if target_month == month => {
                all_targets.push(target);
                reported_targets.push(target);
                reported_actuals.push(actual);
                counts.reported += 1;
                next_target.next();
            }
            _ => unscored.push(actual),
        }
    }
    for &(target_month, target) in next_target {
        all_targets.push(target);
        if period.closed.contains(&target_month) {
            counts.missing += 1;
        } else {
            counts.pending += 1;
        }
    }

    let aggregation = kpi.aggregation;
    let unscored_actual = unscored.value(aggregation);
    let (target, actual, achievement_pct, score, status) =
        match (reported_targets.value(aggregation), reported_actuals.value(aggregation)) {
            (Some(t), Some(a)) => {
                let raw = achievement(kpi.direction, t, a, kpi.cap);
                (Some(t), Some(a), Some(100.0 * raw), Some(kpi_score(raw, kpi.cap, counts)), KpiStatus::Scored)
            }
            _ => {
                let status = if counts.missing > 0 {
                    KpiStatus::Missing
                } else if counts.pending > 0 {
                    KpiStatus::NotReported
                } else {
                    KpiStatus::Untargeted
                };
                let score = (status == KpiStatus::Missing).then_some(0.0);
                (all_targets.value(aggregation), None, None, score, status)
            }
        };
    KpiScore {
        kpi: kpi.clone(),
        target,
        actual,
        achievement: achievement_pct,
        score,
        status,
        months: counts,
        unscored_actual,
    }
}

/// Weighted mean of `(value, weight)` pairs; `None` when there are none.
fn weighted_mean(items: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, weights) = items.fold((0.0, 0.0), |(s, w), (value, weight)| (s + value * weight, w + weight));
    (weights > 0.0).then(|| sum / weights)
}

/// A performance band, declared worst to best so that `Ord` ranks them. A band is known by its
/// label (the scorecard export writes it), so the strum name is the label.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    strum::Display,
    VariantArray,
)]
pub enum Band {
    Unsatisfactory,
    #[strum(serialize = "Needs improvement")]
    NeedsImprovement,
    Meets,
    Exceeds,
    Outstanding,
}

impl Band {
    /// Every band best first, the order the dashboard lists them in: `VARIANTS` reversed
    /// (a test keeps it so).
    pub const ALL: &[Band] =
        &[Band::Outstanding, Band::Exceeds, Band::Meets, Band::NeedsImprovement, Band::Unsatisfactory];

    pub fn label(self) -> &'static str {
        self.into()
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
/// One sort and a binary search per entry, so head office ranks 100,000 people at once.
pub fn competition_ranks(overalls: &[Option<f64>]) -> Vec<Option<u32>> {
    let mut highest_first: Vec<f64> = overalls.iter().flatten().copied().collect();
    highest_first.sort_by(|a, b| b.total_cmp(a));
    overalls
        .iter()
        .map(|own| {
            own.map(|own| {
                let better = highest_first.partition_point(|&other| other > own + SCORE_EPSILON);
                better as u32 + 1
            })
        })
        .collect()
}

/// Change (rule 8): this period's overall minus the previous period's, when both are scored.
pub fn change(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    Some(current? - previous?)
}

#[cfg(test)]
mod tests;
