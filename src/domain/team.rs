//! The whole team scored for one period: scorecards, bands, competition ranks, changes and
//! whether the period is final.

use super::period::{Month, Period};
use super::scoring::{
    Band, BandThresholds, Finality, KpiMonths, MonthCounts, PeriodMonths, Scorecard, competition_ranks, score_scorecard,
};
use super::settings::Settings;
use super::staff::StaffMember;
use super::template::{Role, RoleTemplate};
use std::collections::{BTreeSet, HashMap};

/// Every KPI's monthly figures, per login then per KPI code.
pub type TeamValues = HashMap<String, HashMap<String, KpiMonths>>;

#[derive(Debug, Clone, PartialEq)]
pub struct MemberScore {
    pub member: StaffMember,
    pub card: Scorecard,
    pub band: Option<Band>,
    /// Competition rank among scored staff; the branch manager is never ranked.
    pub rank: Option<u32>,
    /// Overall minus the previous period's overall (same kind), when both are scored.
    pub change: Option<f64>,
    /// Whether the reader sees this member in full; see `Actor::hide_details_of_others`.
    pub details: Details,
}

/// How much of a member the reader sees (SPEC §1): everything, or only the leaderboard line
/// (name, role, overall, band and rank) with the rest blanked. Views and exports check this
/// mark instead of asking who is reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Details {
    #[default]
    Shown,
    Hidden,
}

/// The whole team scored for one period, and whether its numbers are final.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamPeriod {
    pub period: Period,
    pub finality: Finality,
    pub members: Vec<MemberScore>,
}

impl TeamPeriod {
    /// The (KPI, month) cells of everyone but the branch manager: what the team panel counts.
    pub fn staff_cells(&self) -> MonthCounts {
        let mut cells = MonthCounts::default();
        for score in self.members.iter().filter(|s| !s.member.role.is_manager()) {
            cells.add(score.card.cells);
        }
        cells
    }
}

/// Scores every staff member for one period, with bands and ranks; changes are left empty
/// (`attach_changes` fills them from the period before).
pub fn score_team(
    staff: &[StaffMember],
    templates: &HashMap<Role, RoleTemplate>,
    values: &TeamValues,
    period: PeriodMonths<'_>,
    bands: &BandThresholds,
) -> Vec<MemberScore> {
    let no_values = HashMap::new();
    let cards = staff
        .iter()
        .filter_map(|member| {
            let template = templates.get(&member.role)?;
            let card = score_scorecard(template, values.get(&member.login).unwrap_or(&no_values), period);
            Some((member.login.clone(), card))
        })
        .collect();
    team_of_cards(staff, cards, bands)
}

/// The team of one period from each person's scorecard (someone without one: an empty
/// scorecard), with bands and competition ranks; changes are left empty.
pub fn team_of_cards(
    staff: &[StaffMember],
    mut cards: HashMap<String, Scorecard>,
    bands: &BandThresholds,
) -> Vec<MemberScore> {
    let mut scores: Vec<MemberScore> = staff
        .iter()
        .map(|member| {
            let card = cards.remove(&member.login).unwrap_or_default();
            MemberScore {
                member: member.clone(),
                band: card.overall.map(|o| bands.band(o)),
                card,
                rank: None,
                change: None,
                details: Details::Shown,
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
    /// Scores everyone for `period`, with changes against the period before it. The snapshot
    /// must hold the months of both periods.
    pub fn score_period(&self, period: Period) -> TeamPeriod {
        let mut current = self.score_without_change(period);
        attach_changes(&mut current.members, &self.score_without_change(period.previous()).members);
        current
    }

    /// Scores everyone for each of `count` consecutive periods ending with `last`, oldest
    /// first, each with its change; one scoring per period (plus the one before the first).
    pub fn score_periods(&self, last: Period, count: usize) -> Vec<TeamPeriod> {
        let first = last.shifted(-(count as i64));
        let before_first = self.score_without_change(first);
        let mut history: Vec<TeamPeriod> = Vec::with_capacity(count);
        for i in 1..=count as i64 {
            let mut current = self.score_without_change(first.shifted(i));
            attach_changes(&mut current.members, &history.last().unwrap_or(&before_first).members);
            history.push(current);
        }
        history
    }

    /// The months of `period` and which are closed, as scoring reads them.
    pub fn period_months(&self, period: Period) -> PeriodMonths<'_> {
        let months = period.months(self.settings.fiscal_start());
        PeriodMonths { first: months[0], last: months[months.len() - 1], closed: &self.closed }
    }

    fn score_without_change(&self, period: Period) -> TeamPeriod {
        let months = self.period_months(period);
        TeamPeriod {
            period,
            finality: months.finality(),
            members: score_team(&self.staff, &self.templates, &self.values, months, &self.settings.bands),
        }
    }

    /// The first and last month a snapshot must cover to score `period` with its change.
    pub fn months_needed(period: Period, fiscal_start: u32) -> (Month, Month) {
        let first = period.previous().months(fiscal_start)[0];
        let last = *period.months(fiscal_start).last().unwrap_or(&first);
        (first, last)
    }
}

/// Fills each member's change from the previous period's scores of the same kind.
pub fn attach_changes(current: &mut [MemberScore], previous: &[MemberScore]) {
    let previous_overall: HashMap<&str, Option<f64>> =
        previous.iter().map(|p| (p.member.login.as_str(), p.card.overall)).collect();
    for score in current {
        let before = previous_overall.get(score.member.login.as_str()).copied().flatten();
        score.change = super::scoring::change(score.card.overall, before);
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
                    entered_by: Default::default(),
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
        let month = Month::new(2025, 1).unwrap();
        let (open, closed) = (BTreeSet::new(), BTreeSet::from([month]));
        let january = |closed| PeriodMonths { first: month, last: month, closed };
        let team = score_team(&staff, &templates, &v, january(&open), &BandThresholds::default());
        let ranks: Vec<Option<u32>> = team.iter().map(|s| s.rank).collect();
        assert_eq!(ranks, vec![None, Some(1), Some(1), Some(3), None]);
        assert_eq!(team[0].card.overall, Some(120.0));
        assert_eq!(team[0].band, Some(Band::Outstanding));
        assert_eq!(team[3].band, Some(Band::NeedsImprovement));
        assert_eq!(team[4].band, None);

        let earlier = values(&[("a", 100.0, Some(90.0)), ("c", 10.0, Some(10.0))]);
        let previous = score_team(&staff, &templates, &earlier, january(&closed), &BandThresholds::default());
        let mut current = team.clone();
        attach_changes(&mut current, &previous);
        // a: 95 − 90 = +5; c: 80 − 100 = −20.
        assert!((current[1].change.unwrap() - 5.0).abs() < 1e-9);
        assert!((current[3].change.unwrap() + 20.0).abs() < 1e-9);
        // b was not scored last period (its target was absent): no change.
        assert_eq!(current[2].change, None);
    }

    #[test]
    fn change_compares_with_the_previous_period_across_a_year_boundary() {
        let m = |s: &str| s.parse::<Month>().unwrap();
        let months = |list: &[(&str, f64)]| list.iter().map(|(mo, v)| (m(mo), *v)).collect::<Vec<_>>();
        let revenue = KpiMonths {
            targets: months(&[
                ("2025-10", 100.0),
                ("2025-11", 100.0),
                ("2025-12", 100.0),
                ("2026-01", 100.0),
                ("2026-02", 100.0),
                ("2026-03", 100.0),
            ]),
            actuals: months(&[
                ("2025-10", 80.0),
                ("2025-11", 90.0),
                ("2025-12", 100.0),
                ("2026-01", 110.0),
                ("2026-02", 100.0),
            ]),
        };
        let data = BranchData {
            staff: vec![member("a", Role::LoanOfficer)],
            templates: HashMap::from([(Role::LoanOfficer, one_kpi_template(Role::LoanOfficer))]),
            settings: Settings::default(),
            values: HashMap::from([("a".to_string(), HashMap::from([("rev".to_string(), revenue)]))]),
            closed: ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"].iter().map(|s| m(s)).collect(),
        };
        let overall_and_change = |period: &str| {
            let team = data.score_period(period.parse().unwrap());
            (team.members[0].card.overall.unwrap(), team.members[0].change)
        };
        // January 2026: 110/100 → 110; December 2025: 100 → change +10.
        let (january, change) = overall_and_change("2026-01");
        assert!((january - 110.0).abs() < 1e-9);
        assert!((change.unwrap() - 10.0).abs() < 1e-9);
        // Q1 2026: T = 200, A = 210 (March closed, missing) → 105 × 2/3 = 70.
        // Q4 2025: T = 300, A = 270 → 90. Change 70 − 90 = −20.
        let (q1, change) = overall_and_change("2026-Q1");
        assert!((q1 - 70.0).abs() < 1e-9);
        assert!((change.unwrap() + 20.0).abs() < 1e-9);
        // Year 2026 (only Q1 targeted, April–December open and untargeted) against 2025 (only Q4): −20.
        let (_, change) = overall_and_change("2026");
        assert!((change.unwrap() + 20.0).abs() < 1e-9);
        // 2025-Q3 has no targets: Q4 2025 has nothing to compare with.
        assert_eq!(overall_and_change("2025-Q4").1, None);

        assert!(data.score_period("2026-Q1".parse().unwrap()).finality.is_final());
        let year = data.score_period("2026".parse().unwrap()).finality;
        assert_eq!(year, Finality::Provisional { open: (4..=12).map(|mo| Month::new(2026, mo).unwrap()).collect() });
    }
}
