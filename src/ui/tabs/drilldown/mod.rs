//! The KRA drill-down tab: one person's KRAs, opening into the KPIs of a KRA; what its keys do.
//! Entering and clearing values is in `editing`, reading a person in full in `person`, the
//! drawing in `view`.

mod editing;
mod person;
mod view;

pub use view::DrilldownView;

use super::{Context, Rows, Sorting, Tab, matches_filter};
use crate::domain::period::Period;
use crate::domain::scoring::{KpiScore, KpiStatus, KraScore};
use crate::domain::team::MemberScore;
use crate::import::ValueKind;
use crate::ui::action::Action;
use crate::ui::data::DashboardData;
use crate::ui::effect::{Effect, InputPurpose};

/// Which list has the keyboard: the KRAs, or the KPIs of one KRA (by code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    Kras,
    Kpis(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
pub enum KraSort {
    #[strum(serialize = "scorecard order")]
    Scorecard,
    #[strum(serialize = "weight")]
    Weight,
    #[strum(serialize = "score")]
    Score,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
pub enum KpiSort {
    #[strum(serialize = "scorecard order")]
    Scorecard,
    #[strum(serialize = "score")]
    Score,
    #[strum(serialize = "achievement")]
    Achievement,
    #[strum(serialize = "status")]
    Status,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DrilldownTab {
    /// Whose scorecard: the acting user's own until someone else is opened.
    pub login: String,
    pub level: Level,
    pub kras: Rows,
    pub kpis: Rows,
    pub kra_sorting: Sorting<KraSort>,
    pub kpi_sorting: Sorting<KpiSort>,
    /// Filters KRAs (by their name or any of their KPIs') and KPIs (by name or code).
    pub filter: String,
    /// The person's month, QTD and YTD and their KPIs month by month (see `person`).
    person: person::PersonState,
}

impl DrilldownTab {
    pub fn new(login: &str) -> DrilldownTab {
        DrilldownTab {
            login: login.to_string(),
            level: Level::Kras,
            kras: Rows::default(),
            kpis: Rows::default(),
            kra_sorting: Sorting::new(KraSort::Scorecard),
            kpi_sorting: Sorting::new(KpiSort::Scorecard),
            filter: String::new(),
            person: person::PersonState::default(),
        }
    }

    /// Shows `login`'s scorecard, from its KRAs, unless it is already on screen; returns the
    /// read of their months when they or the month are new.
    pub fn open(&mut self, login: &str, data: &DashboardData) -> Vec<Effect> {
        if self.login != login {
            *self = DrilldownTab {
                kra_sorting: self.kra_sorting,
                kpi_sorting: self.kpi_sorting,
                // Reads under way are still answered: keep counting them.
                person: std::mem::take(&mut self.person),
                ..DrilldownTab::new(login)
            };
        }
        self.refresh(data);
        self.ask_person_if_new(data)
    }

    pub fn score<'a>(&self, data: &'a DashboardData) -> Option<&'a MemberScore> {
        data.member_score(&self.login)
    }

    /// The open KRA, if the KPIs are on screen.
    pub fn open_kra<'a>(&self, data: &'a DashboardData) -> Option<&'a KraScore> {
        let Level::Kpis(code) = &self.level else { return None };
        self.score(data)?.card.kras.iter().find(|k| &k.code == code)
    }

    /// The KPI under the cursor, when the KPIs are on screen.
    pub fn selected_kpi<'a>(&self, data: &'a DashboardData) -> Option<&'a KpiScore> {
        self.open_kra(data)?.kpis.get(self.kpis.selected_row()?)
    }

    /// Recomputes both lists: after a load, a sort or a filter change.
    pub fn refresh(&mut self, data: &DashboardData) {
        let Some(score) = self.score(data) else {
            self.kras.set(vec![]);
            self.kpis.set(vec![]);
            return;
        };
        let needle = self.filter.to_lowercase();
        let kpi_matches = |k: &KpiScore| matches_filter(&needle, [k.kpi.name.as_str(), &k.kpi.code]);
        let mut kras: Vec<(usize, &KraScore)> = score
            .card
            .kras
            .iter()
            .enumerate()
            .filter(|(_, kra)| matches_filter(&needle, [kra.name.as_str()]) || kra.kpis.iter().any(kpi_matches))
            .collect();
        let by_score = |s: Option<f64>| s.unwrap_or(f64::NEG_INFINITY);
        self.kra_sorting.apply(&mut kras, |(i, a), (j, b)| match self.kra_sorting.key {
            KraSort::Scorecard => i.cmp(j),
            KraSort::Weight => b.weight.total_cmp(&a.weight).then(i.cmp(j)),
            // Weakest first: where to look.
            KraSort::Score => by_score(a.score).total_cmp(&by_score(b.score)).then(i.cmp(j)),
        });
        self.kras.set(kras.into_iter().map(|(i, k)| (i, k.code.clone())).collect());
        let Some(kra) = self.open_kra(data) else {
            self.level = Level::Kras;
            self.kpis.set(vec![]);
            return;
        };
        let kra_matches = matches_filter(&needle, [kra.name.as_str()]);
        let mut kpis: Vec<(usize, &KpiScore)> =
            kra.kpis.iter().enumerate().filter(|(_, k)| kra_matches || kpi_matches(k)).collect();
        self.kpi_sorting.apply(&mut kpis, |(i, a), (j, b)| match self.kpi_sorting.key {
            KpiSort::Scorecard => i.cmp(j),
            KpiSort::Score => by_score(a.score).total_cmp(&by_score(b.score)).then(i.cmp(j)),
            KpiSort::Achievement => by_score(a.achievement).total_cmp(&by_score(b.achievement)).then(i.cmp(j)),
            // Missing values first: what still needs entering.
            KpiSort::Status => status_rank(a.status).cmp(&status_rank(b.status)).then(i.cmp(j)),
        });
        self.kpis.set(kpis.into_iter().map(|(i, k)| (i, k.kpi.code.clone())).collect());
    }

    pub fn set_filter(&mut self, text: &str, data: &DashboardData) {
        self.filter = text.to_string();
        self.refresh(data);
    }

    pub fn handle(&mut self, action: &Action, cx: &Context) -> Vec<Effect> {
        if self.score(cx.data).is_none() {
            return vec![];
        }
        let moved = match self.level {
            Level::Kras => self.kras.move_by(action),
            Level::Kpis(_) => self.kpis.move_by(action),
        };
        if moved {
            return vec![];
        }
        match (action, &self.level) {
            (Action::Open, Level::Kras) => {
                let Some(code) = self.kras.selected_key().map(str::to_string) else { return vec![] };
                self.level = Level::Kpis(code);
                self.kpis = Rows::default();
                self.refresh(cx.data);
                vec![]
            }
            (Action::Open, Level::Kpis(_)) => self.open_kpi_months(cx),
            (Action::NextPerson, _) => self.step_person(1, cx),
            (Action::PreviousPerson, _) => self.step_person(-1, cx),
            (Action::Back, _) if !self.filter.is_empty() => {
                self.set_filter("", cx.data);
                vec![Effect::info("filter cleared")]
            }
            (Action::Left | Action::Back, Level::Kpis(_)) => {
                self.level = Level::Kras;
                vec![]
            }
            // Backing out of the KRA list returns to the leaderboard it was opened from.
            (Action::Left | Action::Back, Level::Kras) => vec![Effect::Show(Tab::Team)],
            (Action::Filter, _) => vec![Effect::OpenInput(InputPurpose::Filter(Tab::Drilldown), self.filter.clone())],
            (Action::Sort, Level::Kras) => {
                self.kra_sorting.advance();
                self.refresh(cx.data);
                vec![Effect::info(format!("KRAs sorted by {}", self.kra_sorting.label()))]
            }
            (Action::Sort, Level::Kpis(_)) => {
                self.kpi_sorting.advance();
                self.refresh(cx.data);
                vec![Effect::info(format!("KPIs sorted by {}", self.kpi_sorting.label()))]
            }
            (Action::Edit, _) => self.start_edit(ValueKind::Actual, cx),
            (Action::EditTarget, _) => self.start_edit(ValueKind::Target, cx),
            (Action::ClearActual, _) => self.start_clear(ValueKind::Actual, cx),
            (Action::ClearTarget, _) => self.start_clear(ValueKind::Target, cx),
            (Action::NextMissing, _) => self.next_missing(cx),
            (Action::History, Level::Kras) => vec![Effect::info("open a KRA with Enter, then choose the KPI")],
            (Action::History, Level::Kpis(_)) => self.ask_history(cx),
            _ => vec![],
        }
    }

    fn ask_history(&self, cx: &Context) -> Vec<Effect> {
        let Some(kpi) = self.selected_kpi(cx.data).map(|k| &k.kpi) else { return vec![] };
        let Period::Month(month) = cx.data.period else {
            return vec![Effect::error("history is kept per month: press p to switch to the month view")];
        };
        vec![Effect::ReadHistory {
            login: self.login.clone(),
            kpi: kpi.code.clone(),
            month,
            title: format!("{} · {month}", kpi.name),
        }]
    }
}

/// Where a status sorts when missing values come first.
fn status_rank(status: KpiStatus) -> u8 {
    match status {
        KpiStatus::Missing => 0,
        KpiStatus::NotReported => 1,
        KpiStatus::Scored => 2,
        KpiStatus::Untargeted => 3,
    }
}
