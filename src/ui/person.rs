//! One person read in full for the drill-down: the month, quarter-to-date and year-to-date
//! scorecards side by side, and each KPI month by month with who changed it last. Plain data
//! scored from a `BranchData` snapshot; nothing here touches the file.

use crate::domain::period::{Month, Period, PeriodKind};
use crate::domain::scoring::{KpiScore, KpiStatus, PeriodMonths, Scorecard, score_scorecard};
use crate::domain::team::BranchData;
use crate::domain::template::Kpi;
use crate::store::LastChange;
use crate::ui::format::month_runs;
use std::collections::HashMap;

/// Which months a scorecard of the person covers, all ending with the month on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Month,
    /// The fiscal quarter's months up to the month.
    QuarterToDate,
    /// The fiscal year's months up to the month.
    YearToDate,
}

impl Span {
    /// The order the drill-down shows them in.
    pub const ALL: [Span; 3] = [Span::Month, Span::QuarterToDate, Span::YearToDate];

    pub fn label(self) -> &'static str {
        match self {
            Span::Month => "Month",
            Span::QuarterToDate => "QTD",
            Span::YearToDate => "YTD",
        }
    }
}

/// The person scored over one span.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanCard {
    pub span: Span,
    pub first: Month,
    pub last: Month,
    pub card: Scorecard,
}

impl SpanCard {
    /// "Oct–Nov 2026".
    pub fn months_label(&self) -> String {
        let months: Vec<Month> = (0..).map(|i| self.first.plus(i)).take_while(|m| *m <= self.last).collect();
        month_runs(&months)
    }
}

/// One person scored for a month, its fiscal quarter up to it and its fiscal year up to it,
/// through the one scoring path (`score_scorecard`), so each column agrees with the export of
/// the same months.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonPeriods {
    pub month: Month,
    /// In `Span::ALL` order.
    pub cards: [SpanCard; 3],
}

impl PersonPeriods {
    /// Scores `login` from `branch`, which must hold the figures of the fiscal year up to
    /// `month` (the person's read holds the whole fiscal year).
    /// `None` for someone not on the staff or whose role has no template.
    pub fn score(branch: &BranchData, login: &str, month: Month) -> Option<PersonPeriods> {
        let member = branch.staff.iter().find(|m| m.login == login)?;
        let template = branch.templates.get(&member.role)?;
        let no_values = HashMap::new();
        let values = branch.values.get(login).unwrap_or(&no_values);
        let fiscal_start = branch.settings.fiscal_start();
        let first_of = |kind: PeriodKind| Period::containing(month, kind, fiscal_start).months(fiscal_start)[0];
        let scored = |span: Span, first: Month| SpanCard {
            span,
            first,
            last: month,
            card: score_scorecard(template, values, PeriodMonths { first, last: month, closed: &branch.closed }),
        };
        Some(PersonPeriods {
            month,
            cards: [
                scored(Span::Month, month),
                scored(Span::QuarterToDate, first_of(PeriodKind::Quarter)),
                scored(Span::YearToDate, first_of(PeriodKind::Year)),
            ],
        })
    }

    pub fn card(&self, span: Span) -> &SpanCard {
        &self.cards[Span::ALL.iter().position(|s| *s == span).unwrap_or(0)]
    }

    /// The overall of each span, in `Span::ALL` order.
    pub fn overalls(&self) -> [Option<f64>; 3] {
        self.cards.each_ref().map(|c| c.card.overall)
    }

    /// One KRA's score in each span, in `Span::ALL` order.
    pub fn kra_scores(&self, kra_code: &str) -> [Option<f64>; 3] {
        self.cards.each_ref().map(|c| c.card.kras.iter().find(|k| k.code == kra_code).and_then(|k| k.score))
    }

    /// One KPI scored over each span, in `Span::ALL` order.
    pub fn kpi_scores(&self, kpi_code: &str) -> [Option<&KpiScore>; 3] {
        self.cards.each_ref().map(|c| c.card.kras.iter().flat_map(|k| &k.kpis).find(|k| k.kpi.code == kpi_code))
    }
}

/// One month of one KPI, scored as a period of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiMonth {
    pub month: Month,
    pub target: Option<f64>,
    /// The month's actual, scored or not: one entered without a target is shown, never scored.
    pub actual: Option<f64>,
    /// 100 × a before the cap, as the KPI list shows it.
    pub achievement: Option<f64>,
    pub score: Option<f64>,
    pub status: KpiStatus,
    pub closed: bool,
    /// After the current month: a target set ahead, nothing to report yet.
    pub planned: bool,
    /// The last audited change of the actual.
    pub last_change: Option<LastChange>,
}

/// One KPI of the person month by month over the fiscal year up to the month on screen (and
/// the targets set for months still to come), with its quarter and year to date.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiTable {
    pub kpi: Kpi,
    pub months: Vec<KpiMonth>,
    /// The KPI over the quarter and the year up to the month on screen, with their months.
    pub to_date: Vec<(Span, String, KpiScore)>,
}

/// What the drill-down reads for one person and period, on demand.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonDetail {
    pub login: String,
    /// The period on screen when it was read; `month` is its last month.
    pub period: Period,
    pub month: Month,
    pub periods: PersonPeriods,
    /// Every KPI of the person's template, in template order.
    pub kpis: Vec<KpiTable>,
    /// Their whole scorecards over the trend periods ending with `period`, oldest first.
    pub trend: Vec<Option<Scorecard>>,
}

impl PersonDetail {
    /// Scores `login` around `month` from `branch`, which must hold the figures of the whole
    /// fiscal year of `month`. `current` is the month of today: targeted months after it are
    /// shown as planned. `changes` are the last changes of the person's actuals. The trend is
    /// left empty, for `with_trend`.
    pub fn score(
        branch: &BranchData,
        login: &str,
        month: Month,
        current: Month,
        changes: &HashMap<(String, Month), LastChange>,
    ) -> Option<PersonDetail> {
        let periods = PersonPeriods::score(branch, login, month)?;
        let member = branch.staff.iter().find(|m| m.login == login)?;
        let template = branch.templates.get(&member.role)?;
        let no_values = HashMap::new();
        let values = branch.values.get(login).unwrap_or(&no_values);
        let fiscal_start = branch.settings.fiscal_start();
        let year = Period::containing(month, PeriodKind::Year, fiscal_start).months(fiscal_start);
        // Each month scored on its own: the same rules as any period, one month long.
        let by_month: Vec<(Month, Scorecard)> = year
            .iter()
            .map(|&m| {
                (m, score_scorecard(template, values, PeriodMonths { first: m, last: m, closed: &branch.closed }))
            })
            .collect();
        let kpis = template
            .kpis()
            .enumerate()
            .map(|(i, kpi)| {
                let months = by_month
                    .iter()
                    .filter_map(|(m, card)| {
                        let k = card.kras.iter().flat_map(|kra| &kra.kpis).nth(i)?;
                        let planned = *m > current;
                        let shown = *m <= month || (planned && k.status != KpiStatus::Untargeted);
                        shown.then(|| KpiMonth {
                            month: *m,
                            target: k.target,
                            actual: k.actual.or(k.unscored_actual),
                            achievement: k.achievement,
                            score: k.score,
                            status: k.status,
                            closed: branch.closed.contains(m),
                            planned,
                            last_change: changes.get(&(kpi.code.clone(), *m)).cloned(),
                        })
                    })
                    .collect();
                let to_date = [Span::QuarterToDate, Span::YearToDate]
                    .into_iter()
                    .filter_map(|span| {
                        let card = periods.card(span);
                        let score = card.card.kras.iter().flat_map(|kra| &kra.kpis).nth(i)?.clone();
                        Some((span, card.months_label(), score))
                    })
                    .collect();
                KpiTable { kpi: kpi.clone(), months, to_date }
            })
            .collect();
        let trend = Vec::new();
        Some(PersonDetail { login: login.to_string(), period: Period::Month(month), month, periods, kpis, trend })
    }

    /// The same read for `period` (whose last month is `month`), with the person's scorecards
    /// over the trend periods ending with it.
    pub fn with_trend(self, period: Period, trend: Vec<Option<Scorecard>>) -> PersonDetail {
        PersonDetail { period, trend, ..self }
    }

    /// One KPI's score over the trend periods, oldest first.
    pub fn kpi_trend(&self, kpi_code: &str) -> Vec<Option<f64>> {
        let score = |card: &Scorecard| card.kras.iter().flat_map(|k| &k.kpis).find(|k| k.kpi.code == kpi_code)?.score;
        self.trend.iter().map(|card| card.as_ref().and_then(score)).collect()
    }

    pub fn kpi(&self, code: &str) -> Option<&KpiTable> {
        self.kpis.iter().find(|t| t.kpi.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::KpiMonths;
    use crate::domain::settings::Settings;
    use crate::domain::staff::StaffMember;
    use crate::domain::template::{Aggregation, Direction, Kra, Role, RoleTemplate, Unit};
    use std::collections::BTreeSet;

    fn month(text: &str) -> Month {
        text.parse().unwrap()
    }

    fn kpi(code: &str, direction: Direction, aggregation: Aggregation, weight: f64) -> Kpi {
        Kpi {
            code: code.into(),
            name: code.to_uppercase(),
            unit: Unit::Count,
            direction,
            aggregation,
            weight,
            cap: 1.2,
            entered_by: Default::default(),
        }
    }

    fn figures(targets: &[(&str, f64)], actuals: &[(&str, f64)]) -> KpiMonths {
        let list = |l: &[(&str, f64)]| l.iter().map(|(m, v)| (month(m), *v)).collect();
        let mut months = KpiMonths { targets: list(targets), actuals: list(actuals) };
        months.sort();
        months
    }

    /// One RM in a branch whose fiscal year starts in April. KRA A (weight 60) holds `a1`
    /// (higher, sum); KRA B (weight 40) holds `b1` (lower, mean, weight 1) and `b2` (higher,
    /// last, weight 3). April to July 2026 are closed, August (today's month) is open.
    fn branch() -> BranchData {
        let template = RoleTemplate {
            role: Role::RelationshipManager.code().into(),
            name: String::new(),
            kras: vec![
                Kra {
                    code: "A".into(),
                    name: "A".into(),
                    description: String::new(),
                    weight: 60.0,
                    kpis: vec![kpi("a1", Direction::Higher, Aggregation::Sum, 1.0)],
                },
                Kra {
                    code: "B".into(),
                    name: "B".into(),
                    description: String::new(),
                    weight: 40.0,
                    kpis: vec![
                        kpi("b1", Direction::Lower, Aggregation::Mean, 1.0),
                        kpi("b2", Direction::Higher, Aggregation::Last, 3.0),
                    ],
                },
            ],
        };
        let every = |value: f64| -> Vec<(&'static str, f64)> {
            ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08"].iter().map(|m| (*m, value)).collect()
        };
        let mut a1_targets = every(100.0);
        // March is the previous fiscal year: its zero must not count; October is planned.
        a1_targets.extend([("2026-03", 100.0), ("2026-10", 100.0)]);
        let values = HashMap::from([
            (
                "a1".to_string(),
                figures(
                    &a1_targets,
                    &[
                        ("2026-03", 0.0),
                        ("2026-04", 120.0),
                        ("2026-05", 80.0),
                        ("2026-06", 100.0),
                        ("2026-07", 90.0),
                        ("2026-08", 130.0),
                    ],
                ),
            ),
            (
                "b1".to_string(),
                figures(&every(10.0), &[("2026-04", 8.0), ("2026-05", 12.0), ("2026-07", 10.0), ("2026-08", 14.0)]),
            ),
            ("b2".to_string(), figures(&every(50.0), &[("2026-04", 40.0), ("2026-07", 55.0)])),
        ]);
        BranchData {
            staff: vec![StaffMember {
                login: "asha".into(),
                name: "Asha Rao".into(),
                role: Role::RelationshipManager,
                manager_login: None,
                focus: None,
                segments: vec![],
                os_user: None,
            }],
            templates: HashMap::from([(Role::RelationshipManager, template)]),
            settings: Settings { fiscal_year_start_month: 4, ..Settings::default() },
            values: HashMap::from([("asha".to_string(), values)]),
            closed: ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07"]
                .into_iter()
                .map(month)
                .collect::<BTreeSet<_>>(),
        }
    }

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a score");
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    #[test]
    fn month_quarter_and_year_to_date_by_hand() {
        let periods = PersonPeriods::score(&branch(), "asha", month("2026-08")).unwrap();
        // Fiscal Q2 is July–September, the fiscal year starts in April.
        let spans: Vec<(Month, Month)> = periods.cards.iter().map(|c| (c.first, c.last)).collect();
        assert_eq!(
            spans,
            [
                (month("2026-08"), month("2026-08")),
                (month("2026-07"), month("2026-08")),
                (month("2026-04"), month("2026-08"))
            ]
        );
        let [a1_month, a1_qtd, a1_ytd] = periods.kpi_scores("a1").map(|k| k.unwrap().score);
        // a1, sum, higher: August 130 / 100 = 1.3, capped at 1.2 → 120;
        // Jul–Aug (90 + 130) / (100 + 100) = 1.1 → 110;
        // Apr–Aug (120 + 80 + 100 + 90 + 130) / 500 = 520 / 500 = 1.04 → 104 (March's 0 is last year's).
        close(a1_month, 120.0);
        close(a1_qtd, 110.0);
        close(a1_ytd, 104.0);
        let [b1_month, b1_qtd, b1_ytd] = periods.kpi_scores("b1").map(|k| k.unwrap().score);
        // b1, mean, lower: August (2 × 10 − 14) / 10 = 0.6 → 60;
        // Jul–Aug mean actual 12 → (20 − 12) / 10 = 0.8 → 80;
        // Apr–Aug reported Apr, May, Jul, Aug: mean actual (8 + 12 + 10 + 14) / 4 = 11 → 0.9,
        // June closed unreported: × 4 / (4 + 1) → 72.
        close(b1_month, 60.0);
        close(b1_qtd, 80.0);
        close(b1_ytd, 72.0);
        let [b2_month, b2_qtd, b2_ytd] = periods.kpi_scores("b2");
        // b2, last, higher: August open and unreported → not reported, left out;
        // Jul–Aug: July 55 / 50 = 1.1 → 110 (August pending does not count against it);
        // Apr–Aug: latest reported July 1.1, May and June missing: 110 × 2 / (2 + 2) → 55.
        assert_eq!(b2_month.unwrap().status, KpiStatus::NotReported);
        close(b2_qtd.unwrap().score, 110.0);
        close(b2_ytd.unwrap().score, 55.0);
        // KRA B, b1 weight 1 and b2 weight 3: month b1 only → 60; QTD (80 + 3 × 110) / 4 = 102.5;
        // YTD (72 + 3 × 55) / 4 = 59.25.
        let [b_month, b_qtd, b_ytd] = periods.kra_scores("B");
        close(b_month, 60.0);
        close(b_qtd, 102.5);
        close(b_ytd, 59.25);
        // Overall, A 60 and B 40: month (120 × 60 + 60 × 40) / 100 = 96;
        // QTD (110 × 60 + 102.5 × 40) / 100 = 107; YTD (104 × 60 + 59.25 × 40) / 100 = 86.1.
        let [month_overall, qtd, ytd] = periods.overalls();
        close(month_overall, 96.0);
        close(qtd, 107.0);
        close(ytd, 86.1);
    }

    #[test]
    fn a_kpi_month_by_month_with_its_planned_months_and_last_changes() {
        let change = LastChange { actor: "manager".into(), at: "2026-08-03T10:00:00Z".into(), via: "tui".into() };
        let changes = HashMap::from([(("b1".to_string(), month("2026-07")), change.clone())]);
        let detail = PersonDetail::score(&branch(), "asha", month("2026-08"), month("2026-08"), &changes).unwrap();
        let a1 = detail.kpi("a1").unwrap();
        let months: Vec<String> = a1.months.iter().map(|m| m.month.to_string()).collect();
        // April to the month on screen, then October's target set ahead (September has none).
        assert_eq!(months, ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-10"]);
        let may = &a1.months[1];
        // May alone: 80 / 100 → 80, closed.
        assert_eq!(
            (may.target, may.actual, may.status, may.closed),
            (Some(100.0), Some(80.0), KpiStatus::Scored, true)
        );
        close(may.achievement, 80.0);
        close(may.score, 80.0);
        let october = &a1.months[5];
        assert!(october.planned && october.actual.is_none() && october.status == KpiStatus::NotReported);
        // The to-date lines are the columns' figures.
        let to_date: Vec<(Span, &str)> = a1.to_date.iter().map(|(s, label, _)| (*s, label.as_str())).collect();
        assert_eq!(to_date, [(Span::QuarterToDate, "Jul–Aug 2026"), (Span::YearToDate, "Apr–Aug 2026")]);
        close(a1.to_date[1].2.score, 104.0);

        let b1 = detail.kpi("b1").unwrap();
        let june = &b1.months[2];
        // June closed without an actual: missing, scores 0.
        assert_eq!((june.status, june.score, june.actual), (KpiStatus::Missing, Some(0.0), None));
        assert_eq!(b1.months[3].last_change, Some(change));
        assert_eq!(b1.months[4].last_change, None);
        assert_eq!(b1.months.len(), 5, "no b1 target set ahead");
    }
}
