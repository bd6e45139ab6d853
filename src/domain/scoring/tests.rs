//! Hand-computed checks of every scoring rule of SPEC §3.

use super::*;
use crate::domain::template::{Kra, Unit};

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

fn kpi(code: &str, direction: Direction, aggregation: Aggregation, weight: f64) -> Kpi {
    Kpi {
        code: code.into(),
        name: code.into(),
        unit: Unit::Count,
        direction,
        aggregation,
        weight,
        cap: 1.2,
        entered_by: Default::default(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

const ONE_REPORTED: MonthCounts = MonthCounts { reported: 1, missing: 0, pending: 0 };

fn months_set(list: &[&str]) -> BTreeSet<Month> {
    list.iter().map(|s| m(s)).collect()
}

/// The months `first..=last` with the given ones closed.
fn period<'a>(first: &str, last: &str, closed: &'a BTreeSet<Month>) -> PeriodMonths<'a> {
    PeriodMonths { first: m(first), last: m(last), closed }
}

fn one_kra(kpis: Vec<Kpi>) -> RoleTemplate {
    RoleTemplate {
        role: "test".into(),
        name: "Test".into(),
        kras: vec![Kra { code: "k".into(), name: "K".into(), description: String::new(), weight: 100.0, kpis }],
    }
}

#[test]
fn higher_is_better() {
    assert!(close(achievement(Direction::Higher, 100.0, 85.0, 1.2), 0.85));
    assert!(close(kpi_score(0.85, 1.2, ONE_REPORTED), 85.0));
    // Over target: achievement shows 150, the score stops at the cap.
    assert!(close(achievement(Direction::Higher, 100.0, 150.0, 1.2), 1.5));
    assert!(close(kpi_score(1.5, 1.2, ONE_REPORTED), 120.0));
    assert!(close(kpi_score(1.5, 1.0, ONE_REPORTED), 100.0));
}

#[test]
fn higher_with_zero_target() {
    assert!(close(achievement(Direction::Higher, 0.0, 5.0, 1.2), 1.2));
    assert!(close(achievement(Direction::Higher, 0.0, 5.0, 1.5), 1.5));
    assert!(close(achievement(Direction::Higher, 0.0, 0.0, 1.2), 1.0));
    assert!(close(achievement(Direction::Higher, 0.0, -3.0, 1.2), 1.0));
}

#[test]
fn lower_is_better() {
    // (2·10 − 8) / 10 = 1.2; (2·10 − 12) / 10 = 0.8; (2·10 − 25) / 10 = −0.5.
    assert!(close(achievement(Direction::Lower, 10.0, 8.0, 1.2), 1.2));
    assert!(close(achievement(Direction::Lower, 10.0, 12.0, 1.2), 0.8));
    assert!(close(achievement(Direction::Lower, 10.0, 25.0, 1.2), -0.5));
    assert!(close(kpi_score(-0.5, 1.2, ONE_REPORTED), 0.0));
    assert!(close(achievement(Direction::Lower, 10.0, 20.0, 1.2), 0.0));
}

#[test]
fn lower_with_zero_target() {
    assert!(close(achievement(Direction::Lower, 0.0, 0.0, 1.2), 1.0));
    assert!(close(achievement(Direction::Lower, 0.0, 2.0, 1.2), 0.0));
}

#[test]
fn negative_actuals() {
    // Higher: −20 against 100 is −0.2, scored 0. Lower: −5 against 10 is 2.5, capped at 120.
    assert!(close(achievement(Direction::Higher, 100.0, -20.0, 1.2), -0.2));
    assert!(close(kpi_score(-0.2, 1.2, ONE_REPORTED), 0.0));
    assert!(close(achievement(Direction::Lower, 10.0, -5.0, 1.2), 2.5));
    assert!(close(kpi_score(2.5, 1.2, ONE_REPORTED), 120.0));
}

#[test]
fn aggregations_over_months_present() {
    let values = [(m("2025-01"), 10.0), (m("2025-02"), 20.0), (m("2025-03"), 60.0)];
    assert_eq!(aggregate(Aggregation::Sum, &values), Some(90.0));
    assert_eq!(aggregate(Aggregation::Mean, &values), Some(30.0));
    assert_eq!(aggregate(Aggregation::Last, &values), Some(60.0));
    let gap = [(m("2025-01"), 10.0), (m("2025-02"), 20.0)];
    assert_eq!(aggregate(Aggregation::Last, &gap), Some(20.0));
    assert_eq!(aggregate(Aggregation::Mean, &gap), Some(15.0));
    assert_eq!(aggregate(Aggregation::Sum, &[]), None);
}

fn two_kra_template() -> RoleTemplate {
    RoleTemplate {
        role: "test".into(),
        name: "Test".into(),
        kras: vec![
            Kra {
                code: "sales".into(),
                name: "Sales".into(),
                description: String::new(),
                weight: 60.0,
                kpis: vec![
                    kpi("revenue", Direction::Higher, Aggregation::Sum, 2.0),
                    kpi("tat", Direction::Lower, Aggregation::Mean, 1.0),
                ],
            },
            Kra {
                code: "service".into(),
                name: "Service".into(),
                description: String::new(),
                weight: 40.0,
                kpis: vec![
                    kpi("csat", Direction::Higher, Aggregation::Mean, 1.0),
                    kpi("share", Direction::Higher, Aggregation::Last, 1.0),
                ],
            },
        ],
    }
}

fn months(targets: &[(&str, f64)], actuals: &[(&str, f64)]) -> KpiMonths {
    KpiMonths {
        targets: targets.iter().map(|(mo, v)| (m(mo), *v)).collect(),
        actuals: actuals.iter().map(|(mo, v)| (m(mo), *v)).collect(),
    }
}

/// Q3 2026: July closed and reported, August closed and missing, September open and pending.
/// Each aggregation takes the reported month only, and the r ⁄ (r + x) factor is 1 ⁄ 2.
#[test]
fn quarter_with_a_reported_a_missing_and_a_pending_month() {
    let closed = months_set(&["2026-07", "2026-08"]);
    let q3 = period("2026-07", "2026-09", &closed);
    let targets = |a, b, c| [("2026-07", a), ("2026-08", b), ("2026-09", c)];

    // sum, higher: T = 100 (July only, not 100 + 200 + 300), A = 90 → a = 0.9 → 90 × 1/2 = 45.
    let sum = score_kpi(
        &kpi("rev", Direction::Higher, Aggregation::Sum, 1.0),
        &months(&targets(100.0, 200.0, 300.0), &[("2026-07", 90.0)]),
        q3,
    );
    assert_eq!(sum.months, MonthCounts { reported: 1, missing: 1, pending: 1 });
    assert_eq!((sum.target, sum.actual, sum.status), (Some(100.0), Some(90.0), KpiStatus::Scored));
    assert!(close(sum.achievement.unwrap(), 90.0));
    assert!(close(sum.score.unwrap(), 45.0));

    // mean, lower: T = 10 (not (10 + 20 + 30)/3 = 20), A = 12 → a = (2·10 − 12)/10 = 0.8 → 80 × 1/2 = 40.
    let mean = score_kpi(
        &kpi("tat", Direction::Lower, Aggregation::Mean, 1.0),
        &months(&targets(10.0, 20.0, 30.0), &[("2026-07", 12.0)]),
        q3,
    );
    assert_eq!(mean.target, Some(10.0));
    assert!(close(mean.achievement.unwrap(), 80.0));
    assert!(close(mean.score.unwrap(), 40.0));

    // last, higher: the latest *reported* pair is July's (50, 55), not September's target 70:
    // a = 55/50 = 1.1 → 110 × 1/2 = 55.
    let last = score_kpi(
        &kpi("share", Direction::Higher, Aggregation::Last, 1.0),
        &months(&targets(50.0, 60.0, 70.0), &[("2026-07", 55.0)]),
        q3,
    );
    assert_eq!((last.target, last.actual), (Some(50.0), Some(55.0)));
    assert!(close(last.score.unwrap(), 55.0));
}

/// Q1 2025, all closed: January and February reported, March missing (r = 2, x = 1).
#[test]
fn aggregations_over_two_reported_months() {
    let closed = months_set(&["2025-01", "2025-02", "2025-03"]);
    let q1 = period("2025-01", "2025-03", &closed);
    let values =
        months(&[("2025-01", 100.0), ("2025-02", 120.0), ("2025-03", 500.0)], &[("2025-01", 110.0), ("2025-02", 99.0)]);
    let score = |aggregation| score_kpi(&kpi("x", Direction::Higher, aggregation, 1.0), &values, q1);
    // sum: T = 100 + 120 = 220, A = 110 + 99 = 209 → a = 0.95 → 95 × 2/3 = 63.333…
    let sum = score(Aggregation::Sum);
    assert_eq!((sum.target, sum.actual), (Some(220.0), Some(209.0)));
    assert!(close(sum.score.unwrap(), 95.0 * 2.0 / 3.0));
    // mean: T = 110, A = 104.5 → a = 0.95 → 63.333…
    let mean = score(Aggregation::Mean);
    assert_eq!((mean.target, mean.actual), (Some(110.0), Some(104.5)));
    assert!(close(mean.score.unwrap(), 95.0 * 2.0 / 3.0));
    // last: February's pair (120, 99) → a = 0.825 → 82.5 × 2/3 = 55.
    let last = score(Aggregation::Last);
    assert_eq!((last.target, last.actual), (Some(120.0), Some(99.0)));
    assert!(close(last.score.unwrap(), 55.0));
}

/// The December scenario: Q4 2026 with October closed and November open, both reported.
/// Planning December's targets adds pending cells and changes no score.
#[test]
fn targets_planned_ahead_change_no_score() {
    let closed = months_set(&["2026-10"]);
    let q4 = period("2026-10", "2026-12", &closed);
    let template = one_kra(vec![
        kpi("rev", Direction::Higher, Aggregation::Sum, 1.0),
        kpi("tat", Direction::Lower, Aggregation::Mean, 1.0),
    ]);
    let before = HashMap::from([
        ("rev".to_string(), months(&[("2026-10", 100.0), ("2026-11", 100.0)], &[("2026-10", 95.0), ("2026-11", 91.0)])),
        ("tat".to_string(), months(&[("2026-10", 10.0), ("2026-11", 10.0)], &[("2026-10", 9.0), ("2026-11", 11.0)])),
    ]);
    let mut planned = before.clone();
    planned.get_mut("rev").unwrap().targets.push((m("2026-12"), 140.0));
    planned.get_mut("tat").unwrap().targets.push((m("2026-12"), 8.0));

    let (a, b) = (score_scorecard(&template, &before, q4), score_scorecard(&template, &planned, q4));
    // rev: T = 200, A = 186 → 93. tat: T = 10, A = 10 → 100. Overall (93 + 100)/2 = 96.5.
    assert!(close(a.overall.unwrap(), 96.5));
    assert_eq!(a.overall, b.overall);
    for (x, y) in a.kras[0].kpis.iter().zip(&b.kras[0].kpis) {
        assert_eq!((x.target, x.actual, x.achievement, x.score), (y.target, y.actual, y.achievement, y.score));
    }
    // December's targets are pending cells: completeness 4/4 before, 4/6 after.
    assert_eq!(a.completeness(), Some(1.0));
    assert_eq!(b.cells, MonthCounts { reported: 4, missing: 0, pending: 2 });
    assert!(close(b.completeness().unwrap(), 4.0 / 6.0));
}

#[test]
fn zero_targets_in_both_directions() {
    let closed = months_set(&["2026-07", "2026-08"]);
    let july_august = period("2026-07", "2026-08", &closed);
    let zero = |direction, actual: &[(&str, f64)]| {
        score_kpi(
            &kpi("z", direction, Aggregation::Sum, 1.0),
            &months(&[("2026-07", 0.0), ("2026-08", 0.0)], actual),
            july_august,
        )
    };
    // higher, T = 0 + 0 = 0, A = 3 + 2 = 5 > 0 → a = cap = 1.2 → 120.
    let h = zero(Direction::Higher, &[("2026-07", 3.0), ("2026-08", 2.0)]);
    assert!(close(h.score.unwrap(), 120.0));
    // higher, T = 0, A = 0 → a = 1 → 100.
    assert!(close(zero(Direction::Higher, &[("2026-07", 0.0), ("2026-08", 0.0)]).score.unwrap(), 100.0));
    // lower, T = 0, A = 0 → a = 1 → 100; A = 1 → a = 0 → 0.
    assert!(close(zero(Direction::Lower, &[("2026-07", 0.0), ("2026-08", 0.0)]).score.unwrap(), 100.0));
    let lower_one = zero(Direction::Lower, &[("2026-07", 0.0), ("2026-08", 1.0)]);
    assert_eq!((lower_one.score, lower_one.achievement), (Some(0.0), Some(0.0)));
    // lower, T = 0, one month reported A = 0, one missing: a = 1 → 100 × 1/2 = 50.
    let half = zero(Direction::Lower, &[("2026-07", 0.0)]);
    assert!(close(half.score.unwrap(), 50.0));
}

#[test]
fn the_cap_applies_before_the_missing_month_factor() {
    let closed = months_set(&["2026-07", "2026-08"]);
    let values = months(&[("2026-07", 100.0), ("2026-08", 100.0)], &[("2026-07", 150.0)]);
    let card = score_kpi(
        &kpi("rev", Direction::Higher, Aggregation::Sum, 1.0),
        &values,
        period("2026-07", "2026-08", &closed),
    );
    // a = 150/100 = 1.5, capped at 1.2, then × 1/2: 120 × 1/2 = 60 (not min(150 × 1/2, 120) = 75).
    assert!(close(card.achievement.unwrap(), 150.0));
    assert!(close(card.score.unwrap(), 60.0));
}

#[test]
fn a_lower_kpi_never_reported_in_a_closed_month_scores_zero() {
    let closed = months_set(&["2026-07"]);
    let july = period("2026-07", "2026-07", &closed);
    // Were the missing actual taken as 0, a lower KPI would earn (2·5 − 0)/5 = 2 → 120.
    let violations =
        score_kpi(&kpi("violations", Direction::Lower, Aggregation::Sum, 1.0), &months(&[("2026-07", 5.0)], &[]), july);
    assert_eq!(violations.status, KpiStatus::Missing);
    assert_eq!((violations.score, violations.achievement, violations.actual), (Some(0.0), None, None));
    // The shown target is what was expected (rule 9).
    assert_eq!(violations.target, Some(5.0));
    assert_eq!(violations.months, MonthCounts { reported: 0, missing: 1, pending: 0 });

    // Open, the same KPI is only pending: not reported and left out.
    let none_closed = BTreeSet::new();
    let pending = score_kpi(
        &kpi("violations", Direction::Lower, Aggregation::Sum, 1.0),
        &months(&[("2026-07", 5.0)], &[]),
        period("2026-07", "2026-07", &none_closed),
    );
    assert_eq!((pending.status, pending.score, pending.target), (KpiStatus::NotReported, None, Some(5.0)));
}

#[test]
fn unreported_kpis_show_what_was_expected() {
    // Q3 with July missing and August, September pending: the sum of all targeted months,
    // 10 + 20 + 30 = 60; a mean shows 20, a last shows September's 30.
    let closed = months_set(&["2026-07"]);
    let q3 = period("2026-07", "2026-09", &closed);
    let values = months(&[("2026-07", 10.0), ("2026-08", 20.0), ("2026-09", 30.0)], &[]);
    let shown = |aggregation| score_kpi(&kpi("x", Direction::Higher, aggregation, 1.0), &values, q3).target;
    assert_eq!(shown(Aggregation::Sum), Some(60.0));
    assert_eq!(shown(Aggregation::Mean), Some(20.0));
    assert_eq!(shown(Aggregation::Last), Some(30.0));
}

#[test]
fn actuals_of_untargeted_months_are_shown_but_never_scored() {
    let closed = months_set(&["2026-07", "2026-08"]);
    let july_august = period("2026-07", "2026-08", &closed);
    // July targeted and reported (100 → 80); August has an actual of 500 but no target.
    let partly = score_kpi(
        &kpi("rev", Direction::Higher, Aggregation::Sum, 1.0),
        &months(&[("2026-07", 100.0)], &[("2026-07", 80.0), ("2026-08", 500.0)]),
        july_august,
    );
    assert_eq!((partly.actual, partly.unscored_actual), (Some(80.0), Some(500.0)));
    assert!(close(partly.score.unwrap(), 80.0));
    // No target at all: untargeted, whatever was entered.
    let never = score_kpi(
        &kpi("rev", Direction::Higher, Aggregation::Sum, 1.0),
        &months(&[], &[("2026-07", 4.0)]),
        july_august,
    );
    assert_eq!((never.status, never.score, never.target, never.actual), (KpiStatus::Untargeted, None, None, None));
    assert_eq!(never.unscored_actual, Some(4.0));
    assert_eq!(never.months.targeted(), 0);
}

#[test]
fn kras_and_overall_weight_scored_and_missing_kpis() {
    let template = two_kra_template();
    let closed = months_set(&["2025-01", "2025-02"]);
    let q1 = period("2025-01", "2025-03", &closed);
    let mut values = HashMap::new();
    // revenue, sum: Jan–Mar all reported: T = 300, A = 90 + 120 + 60 = 270 → 90.
    values.insert(
        "revenue".into(),
        months(
            &[("2025-01", 100.0), ("2025-02", 100.0), ("2025-03", 100.0)],
            &[("2025-01", 90.0), ("2025-02", 120.0), ("2025-03", 60.0)],
        ),
    );
    // tat, mean, lower: January reported (T 10, A 8 → 1.2 → 120), February missing:
    // 120 × 1/2 = 60.
    values.insert("tat".into(), months(&[("2025-01", 10.0), ("2025-02", 10.0)], &[("2025-01", 8.0)]));
    // csat: targeted in closed January only, never reported → missing, 0.
    values.insert("csat".into(), months(&[("2025-01", 4.0)], &[]));
    // share: targeted in open March only, not reported → left out.
    values.insert("share".into(), months(&[("2025-03", 12.0)], &[]));

    let card = score_scorecard(&template, &values, q1);
    // Sales = (90·2 + 60·1)/3 = 80; Service = 0 (csat alone counts); overall = (80·60 + 0·40)/100 = 48.
    assert!(close(card.kras[0].score.unwrap(), 80.0));
    assert_eq!(card.kras[1].kpis[0].status, KpiStatus::Missing);
    assert_eq!(card.kras[1].kpis[1].status, KpiStatus::NotReported);
    assert!(close(card.kras[1].score.unwrap(), 0.0));
    assert!(close(card.overall.unwrap(), 48.0));
    // Contributions add up to the overall: 90·(2/3)·0.6 + 60·(1/3)·0.6 + 0 = 36 + 12.
    assert!(close(card.contribution(0, 0).unwrap(), 36.0));
    assert!(close(card.contribution(0, 1).unwrap(), 12.0));
    assert_eq!(card.contribution(1, 0), Some(0.0));
    assert_eq!(card.contribution(1, 1), None);

    // Completeness counts (KPI, month) cells: reported 3 + 1 = 4 of 3 + 2 + 1 + 1 = 7 targeted.
    assert_eq!(card.cells, MonthCounts { reported: 4, missing: 2, pending: 1 });
    assert!(close(card.completeness().unwrap(), 4.0 / 7.0));
}

#[test]
fn untargeted_kpis_and_empty_kras_are_left_out() {
    let template = two_kra_template();
    let closed = months_set(&["2025-01"]);
    let january = period("2025-01", "2025-01", &closed);
    let mut values = HashMap::new();
    // Only an actual, no target: untargeted, even in a closed period.
    values.insert("csat".into(), months(&[], &[("2025-01", 4.0)]));
    values.insert("revenue".into(), months(&[("2025-01", 200.0)], &[("2025-01", 230.0)]));
    let card = score_scorecard(&template, &values, january);
    assert_eq!(card.kras[1].kpis[0].status, KpiStatus::Untargeted);
    assert_eq!(card.kras[1].score, None);
    // Sales has only revenue: 230/200 = 1.15 → 115; Service unscored → overall 115.
    assert!(close(card.overall.unwrap(), 115.0));
    assert_eq!(card.cells, MonthCounts { reported: 1, missing: 0, pending: 0 });

    let nothing = score_scorecard(&template, &HashMap::new(), january);
    assert_eq!(nothing.overall, None);
    assert_eq!(nothing.completeness(), None);
}

#[test]
fn a_period_is_final_only_when_every_month_is_closed() {
    let closed = months_set(&["2026-07", "2026-08"]);
    assert_eq!(period("2026-07", "2026-09", &closed).finality(), Finality::Provisional { open: vec![m("2026-09")] });
    assert_eq!(period("2026-07", "2026-08", &closed).finality(), Finality::Final);
    assert!(period("2026-07", "2026-07", &closed).finality().is_final());
    // A year with months nobody has reached yet is provisional, whatever is reported.
    let year = period("2026-01", "2026-12", &closed).finality();
    let Finality::Provisional { open } = year else { panic!("2026 cannot be final") };
    assert_eq!(open.len(), 10);
    assert_eq!((open[0], open[9]), (m("2026-01"), m("2026-12")));
}

#[test]
fn bands_at_their_thresholds() {
    let bands = BandThresholds::default();
    assert_eq!(bands.band(110.0), Band::Outstanding);
    assert_eq!(bands.band(109.999), Band::Exceeds);
    assert_eq!(bands.band(100.0), Band::Exceeds);
    assert_eq!(bands.band(99.99), Band::Meets);
    assert_eq!(bands.band(90.0), Band::Meets);
    // 0.3·300 computes to 89.99999999999999 in floating point and still meets 90.
    assert_eq!(bands.band(0.3 * 300.0), Band::Meets);
    assert_eq!(bands.band(89.9), Band::NeedsImprovement);
    assert_eq!(bands.band(75.0), Band::NeedsImprovement);
    assert_eq!(bands.band(74.99), Band::Unsatisfactory);
    assert_eq!(bands.band(0.0), Band::Unsatisfactory);
    let custom = BandThresholds { outstanding: 120.0, exceeds: 105.0, meets: 95.0, needs_improvement: 80.0 };
    assert_eq!(custom.band(110.0), Band::Exceeds);
}

#[test]
fn competition_ranking() {
    let ranks = competition_ranks(&[Some(90.0), Some(95.0), Some(95.0), None, Some(80.0), Some(95.0)]);
    assert_eq!(ranks, vec![Some(4), Some(1), Some(1), None, Some(5), Some(1)]);
    assert_eq!(
        competition_ranks(&[Some(100.0), Some(90.0), Some(90.0), Some(80.0)]),
        vec![Some(1), Some(2), Some(2), Some(4)]
    );
    assert_eq!(competition_ranks(&[]), Vec::<Option<u32>>::new());
}

proptest::proptest! {
    /// The sorted ranking agrees with the definition: 1 + how many scored higher (beyond the
    /// tolerance that keeps 89.99999999999999 level with 90).
    #[test]
    fn competition_ranking_is_one_plus_those_higher(
        overalls in proptest::collection::vec(proptest::option::of(proptest::sample::select(vec![0.0, 50.0, 89.99999999999999, 90.0, 90.5, 120.0])), 0..40)
    ) {
        let ranks = competition_ranks(&overalls);
        for (own, rank) in overalls.iter().zip(&ranks) {
            let expected = own.map(|own| overalls.iter().flatten().filter(|&&o| o > own + SCORE_EPSILON).count() as u32 + 1);
            proptest::prop_assert_eq!(*rank, expected);
        }
    }
}

#[test]
fn change_needs_both_periods() {
    assert_eq!(change(Some(92.0), Some(90.5)), Some(1.5));
    assert_eq!(change(Some(92.0), None), None);
    assert_eq!(change(None, Some(90.5)), None);
}

#[test]
fn kpi_status_codes_are_fixed() {
    use crate::domain::enum_codes::{assert_codes, assert_serde_names_are_codes};
    assert_codes(
        KpiStatus::code,
        KpiStatus::from_code,
        &[
            (KpiStatus::Scored, "scored"),
            (KpiStatus::Missing, "missing"),
            (KpiStatus::NotReported, "not_reported"),
            (KpiStatus::Untargeted, "untargeted"),
        ],
    );
    assert_serde_names_are_codes(KpiStatus::code);
}

#[test]
fn band_labels_are_fixed_and_listed_best_first() {
    use crate::domain::enum_codes::assert_codes;
    assert_codes(
        Band::label,
        |label| label.parse().ok(),
        &[
            (Band::Unsatisfactory, "Unsatisfactory"),
            (Band::NeedsImprovement, "Needs improvement"),
            (Band::Meets, "Meets"),
            (Band::Exceeds, "Exceeds"),
            (Band::Outstanding, "Outstanding"),
        ],
    );
    assert!(Band::ALL.iter().rev().eq(Band::VARIANTS), "ALL is every band, best first");
    assert!(Band::ALL.is_sorted_by(|better, worse| better > worse));
    assert_eq!(Band::NeedsImprovement.to_string(), "Needs improvement");
}
