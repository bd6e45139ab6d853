//! The whole team scored for one period: scorecards, bands, competition ranks and trends.

use super::period::{Month, Period};
use super::scoring::{Band, BandThresholds, KpiMonths, Scorecard, competition_ranks, score_scorecard_within};
use super::settings::Settings;
use super::staff::StaffMember;
use super::template::{Role, RoleTemplate};
use std::collections::{BTreeSet, HashMap};

/// Every KPI's monthly figures inside a period, per login then per KPI code.
pub type TeamValues = HashMap<String, HashMap<String, KpiMonths>>;

#[derive(Debug, Clone, PartialEq)]
pub struct MemberScore {
    pub member: StaffMember,
    pub card: Scorecard,
    pub band: Option<Band>,
    /// Competition rank among scored staff; the branch manager is never ranked.
    pub rank: Option<u32>,
    /// Overall minus the previous period's overall, when both are scored.
    pub trend: Option<f64>,
}

/// Scores every staff member. `all_months_closed` says whether every month of the period is
/// closed; then missing actuals score 0 (SPEC §3 rule 2).
pub fn score_team(
    staff: &[StaffMember],
    templates: &HashMap<Role, RoleTemplate>,
    values: &TeamValues,
    all_months_closed: bool,
    bands: &BandThresholds,
) -> Vec<MemberScore> {
    score_team_within(staff, templates, values, None, all_months_closed, bands)
}

/// As `score_team`, counting only the figures of the months `first..=last` when given.
pub fn score_team_within(
    staff: &[StaffMember],
    templates: &HashMap<Role, RoleTemplate>,
    values: &TeamValues,
    range: Option<(Month, Month)>,
    all_months_closed: bool,
    bands: &BandThresholds,
) -> Vec<MemberScore> {
    let no_values = HashMap::new();
    let mut scores: Vec<MemberScore> = staff
        .iter()
        .map(|member| {
            let card = match templates.get(&member.role) {
                Some(template) => score_scorecard_within(
                    template,
                    values.get(&member.login).unwrap_or(&no_values),
                    range,
                    all_months_closed,
                ),
                None => Scorecard { kras: Vec::new(), overall: None, targeted: 0, scored: 0 },
            };
            MemberScore {
                member: member.clone(),
                band: card.overall.map(|o| bands.band(o)),
                card,
                rank: None,
                trend: None,
            }
        })
        .collect();
    let rankable: Vec<usize> = (0..scores.len()).filter(|&i| !scores[i].member.role.is_manager()).collect();
    let overalls: Vec<Option<f64>> = rankable.iter().map(|&i| scores[i].card.overall).collect();
    for (&i, rank) in rankable.iter().zip(competition_ranks(&overalls)) {
        scores[i].rank = rank;
    }
    scores
}

/// What scoring a period needs from the branch file, read as one consistent snapshot.
#[derive(Debug, Clone, Default)]
pub struct BranchData {
    pub staff: Vec<StaffMember>,
    pub templates: HashMap<Role, RoleTemplate>,
    pub settings: Settings,
    /// Figures of the months the snapshot was read for.
    pub values: TeamValues,
    pub closed: BTreeSet<Month>,
}

impl BranchData {
    /// Scores everyone for `period`, with trends against the period before it. The snapshot
    /// must hold the months of both periods.
    pub fn score_period(&self, period: Period) -> Vec<MemberScore> {
        self.score_periods(period, 1).pop().unwrap_or_default()
    }

    /// Scores everyone for each of `count` consecutive periods ending with `last`, oldest
    /// first, each with its trend; one scoring per period (plus the one before the first).
    pub fn score_periods(&self, last: Period, count: usize) -> Vec<Vec<MemberScore>> {
        let first = last.shifted(-(count as i64));
        let before_first = self.score_without_trend(first);
        let mut history: Vec<Vec<MemberScore>> = Vec::with_capacity(count);
        for i in 1..=count as i64 {
            let mut current = self.score_without_trend(first.shifted(i));
            attach_trends(&mut current, history.last().unwrap_or(&before_first));
            history.push(current);
        }
        history
    }

    fn score_without_trend(&self, period: Period) -> Vec<MemberScore> {
        let months = period.months(self.settings.fiscal_start());
        let all_closed = months.iter().all(|m| self.closed.contains(m));
        let range = (months[0], months[months.len() - 1]);
        score_team_within(&self.staff, &self.templates, &self.values, Some(range), all_closed, &self.settings.bands)
    }

    /// The first and last month a snapshot must cover to score `period` with its trend.
    pub fn months_needed(period: Period, fiscal_start: u32) -> (Month, Month) {
        let first = period.previous().months(fiscal_start)[0];
        let last = *period.months(fiscal_start).last().unwrap_or(&first);
        (first, last)
    }
}

/// Fills each member's trend from the previous period's scores of the same kind.
pub fn attach_trends(current: &mut [MemberScore], previous: &[MemberScore]) {
    let previous_overall: HashMap<&str, Option<f64>> =
        previous.iter().map(|p| (p.member.login.as_str(), p.card.overall)).collect();
    for score in current {
        let before = previous_overall.get(score.member.login.as_str()).copied().flatten();
        score.trend = super::scoring::trend(score.card.overall, before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::template::{Aggregation, Direction, Kpi, Kra, Unit};

    fn member(login: &str, role: Role) -> StaffMember {
        StaffMember {
            login: login.into(),
            name: login.to_uppercase(),
            role,
            manager_login: None,
            focus: None,
            segments: Vec::new(),
            os_user: None,
        }
    }

    fn one_kpi_template(role: Role) -> RoleTemplate {
        RoleTemplate {
            role: role.code().into(),
            name: String::new(),
            kras: vec![Kra {
                code: "k".into(),
                name: "K".into(),
                description: String::new(),
                weight: 100.0,
                kpis: vec![Kpi {
                    code: "rev".into(),
                    name: "Revenue".into(),
                    unit: Unit::Currency,
                    direction: Direction::Higher,
                    aggregation: Aggregation::Sum,
                    weight: 1.0,
                    cap: 1.2,
                }],
            }],
        }
    }

    fn values(entries: &[(&str, f64, Option<f64>)]) -> TeamValues {
        let month = Month::new(2025, 1).unwrap();
        entries
            .iter()
            .map(|(login, target, actual)| {
                let months = KpiMonths {
                    targets: vec![(month, *target)],
                    actuals: actual.map(|a| vec![(month, a)]).unwrap_or_default(),
                };
                (login.to_string(), HashMap::from([("rev".to_string(), months)]))
            })
            .collect()
    }

    #[test]
    fn ranks_staff_but_not_the_manager() {
        let staff = vec![
            member("boss", Role::BranchManager),
            member("a", Role::LoanOfficer),
            member("b", Role::LoanOfficer),
            member("c", Role::LoanOfficer),
            member("d", Role::LoanOfficer),
        ];
        let templates = HashMap::from([
            (Role::BranchManager, one_kpi_template(Role::BranchManager)),
            (Role::LoanOfficer, one_kpi_template(Role::LoanOfficer)),
        ]);
        // boss 200 → 120 (capped) but unranked; a 95, b 95, c 80; d not reported.
        let v = values(&[
            ("boss", 100.0, Some(200.0)),
            ("a", 100.0, Some(95.0)),
            ("b", 200.0, Some(190.0)),
            ("c", 10.0, Some(8.0)),
            ("d", 10.0, None),
        ]);
        let team = score_team(&staff, &templates, &v, false, &BandThresholds::default());
        let ranks: Vec<Option<u32>> = team.iter().map(|s| s.rank).collect();
        assert_eq!(ranks, vec![None, Some(1), Some(1), Some(3), None]);
        assert_eq!(team[0].card.overall, Some(120.0));
        assert_eq!(team[0].band, Some(Band::Outstanding));
        assert_eq!(team[3].band, Some(Band::NeedsImprovement));
        assert_eq!(team[4].band, None);

        let earlier = values(&[("a", 100.0, Some(90.0)), ("c", 10.0, Some(10.0))]);
        let previous = score_team(&staff, &templates, &earlier, true, &BandThresholds::default());
        let mut current = team.clone();
        attach_trends(&mut current, &previous);
        assert!((current[1].trend.unwrap() - 5.0).abs() < 1e-9);
        assert!((current[3].trend.unwrap() + 20.0).abs() < 1e-9);
        // b was not scored last period (its target was absent): no trend.
        assert_eq!(current[2].trend, None);
    }
}
