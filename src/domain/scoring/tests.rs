//! Hand-computed checks of every scoring rule of SPEC §3.

use super::*;
use crate::domain::template::{Kra, Unit};

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

fn kpi(code: &str, direction: Direction, aggregation: Aggregation, weight: f64) -> Kpi {
    Kpi { code: code.into(), name: code.into(), unit: Unit::Count, direction, aggregation, weight, cap: 1.2 }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn higher_is_better() {
    assert!(close(achievement(Direction::Higher, 100.0, 85.0, 1.2), 0.85));
    assert!(close(kpi_score(0.85, 1.2), 85.0));
    // Over target: achievement shows 150, the score stops at the cap.
    assert!(close(achievement(Direction::Higher, 100.0, 150.0, 1.2), 1.5));
    assert!(close(kpi_score(1.5, 1.2), 120.0));
    assert!(close(kpi_score(1.5, 1.0), 100.0));
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
    assert!(close(kpi_score(-0.5, 1.2), 0.0));
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
    assert!(close(kpi_score(-0.2, 1.2), 0.0));
    assert!(close(achievement(Direction::Lower, 10.0, -5.0, 1.2), 2.5));
    assert!(close(kpi_score(2.5, 1.2), 120.0));
}

#[test]
fn aggregations_over_months_present() {
    let values = [(m("2025-02"), 20.0), (m("2025-01"), 10.0), (m("2025-03"), 60.0)];
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

#[test]
fn quarter_rolls_up_then_weights_kpis_and_kras() {
    let template = two_kra_template();
    let mut values = HashMap::new();
    // revenue, sum: T = 300, A = 90 + 120 + 60 = 270 → 90.
    values.insert(
        "revenue".into(),
        months(
            &[("2025-01", 100.0), ("2025-02", 100.0), ("2025-03", 100.0)],
            &[("2025-01", 90.0), ("2025-02", 120.0), ("2025-03", 60.0)],
        ),
    );
    // tat, mean, lower: T = 10, A = (8 + 8) / 2 = 8 → (20 − 8)/10 = 1.2 → 120.
    values.insert("tat".into(), months(&[("2025-01", 10.0), ("2025-03", 10.0)], &[("2025-01", 8.0), ("2025-02", 8.0)]));
    // csat, mean: T = 4, A = (3 + 3.4) / 2 = 3.2 → 80.
    values.insert("csat".into(), months(&[("2025-01", 4.0)], &[("2025-01", 3.0), ("2025-03", 3.4)]));
    // share: targeted, no actual; the quarter is still open → not reported.
    values.insert("share".into(), months(&[("2025-03", 12.0)], &[]));

    let card = score_scorecard(&template, &values, false);
    // Sales = (90·2 + 120·1)/3 = 100; Service = 80 (share left out); overall = (100·60 + 80·40)/100 = 92.
    assert!(close(card.kras[0].score.unwrap(), 100.0));
    assert!(close(card.kras[1].score.unwrap(), 80.0));
    assert!(close(card.overall.unwrap(), 92.0));
    assert_eq!(card.kras[1].kpis[1].status, KpiStatus::NotReported);
    assert_eq!(card.kras[1].kpis[1].score, None);
    assert_eq!((card.scored, card.targeted), (3, 4));
    assert!(close(card.completeness().unwrap(), 0.75));
    assert!(card.is_provisional());
    assert!(close(card.kras[0].kpis[0].achievement.unwrap(), 90.0));
    assert_eq!(card.kras[0].kpis[0].target, Some(300.0));
    assert_eq!(card.kras[0].kpis[0].actual, Some(270.0));

    // Contributions add up to the overall: 90·(2/3)·0.6 + 120·(1/3)·0.6 + 80·1·0.4 = 36 + 24 + 32.
    assert!(close(card.contribution(0, 0).unwrap(), 36.0));
    assert!(close(card.contribution(0, 1).unwrap(), 24.0));
    assert!(close(card.contribution(1, 0).unwrap(), 32.0));
    assert_eq!(card.contribution(1, 1), None);

    // Once every month is closed the missing actual scores 0: Service = (80 + 0)/2 = 40,
    // overall = (100·60 + 40·40)/100 = 76.
    let closed = score_scorecard(&template, &values, true);
    assert_eq!(closed.kras[1].kpis[1].status, KpiStatus::Scored);
    assert_eq!(closed.kras[1].kpis[1].score, Some(0.0));
    assert_eq!(closed.kras[1].kpis[1].achievement, None);
    assert!(close(closed.kras[1].score.unwrap(), 40.0));
    assert!(close(closed.overall.unwrap(), 76.0));
    assert_eq!(closed.completeness(), Some(1.0));
}

#[test]
fn untargeted_kpis_and_empty_kras_are_left_out() {
    let template = two_kra_template();
    let mut values = HashMap::new();
    // Only an actual, no target: untargeted, even in a closed period.
    values.insert("csat".into(), months(&[], &[("2025-01", 4.0)]));
    values.insert("revenue".into(), months(&[("2025-01", 200.0)], &[("2025-01", 230.0)]));
    let card = score_scorecard(&template, &values, true);
    assert_eq!(card.kras[1].kpis[0].status, KpiStatus::Untargeted);
    assert_eq!(card.kras[1].score, None);
    // Sales has only revenue: 115; Service unscored → overall 115.
    assert!(close(card.overall.unwrap(), 115.0));
    assert_eq!((card.scored, card.targeted), (1, 1));

    let nothing = score_scorecard(&template, &HashMap::new(), true);
    assert_eq!(nothing.overall, None);
    assert_eq!(nothing.completeness(), None);
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

#[test]
fn trend_needs_both_periods() {
    assert_eq!(trend(Some(92.0), Some(90.5)), Some(1.5));
    assert_eq!(trend(Some(92.0), None), None);
}
