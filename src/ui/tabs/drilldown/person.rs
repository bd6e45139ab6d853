//! Reading one person in full: the next or previous person without going back to the team, the
//! month, quarter-to-date and year-to-date side by side, and a KPI's month-by-month table.
//!
//! Those columns, the month-by-month tables and the KPI trends come from one read of the person
//! (`Effect::ReadPerson`: their fiscal year's figures, the audit log and their kept scorecards
//! over the trend periods), asked when the person or period changes and after each reload while
//! the drill-down is on screen or has read someone. Until the read asked after a reload arrives,
//! the columns and trends of the read before are not shown beside the new numbers; an answer for
//! anyone or any period no longer on screen is dropped. A KPI's months open, and an open one is
//! replaced, only from the read asked after the data on screen.

use super::{DrilldownTab, Level};
use crate::domain::period::{Month, Period};
use crate::domain::team::MemberScore;
use crate::ui::data::{DashboardData, TREND_PERIODS};
use crate::ui::effect::Effect;
use crate::ui::format::fit;
use crate::ui::person::{KpiTable, PersonDetail, PersonPeriods};
use crate::ui::tabs::Context;

/// The person's periods and month-by-month tables as far as they have been read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonState {
    /// The person and period of the last read asked for.
    asked: Option<(String, Period)>,
    /// Reads asked and not yet answered.
    reading: u32,
    /// The last answer for `asked`, or why it failed.
    detail: Option<Result<Box<PersonDetail>, String>>,
    /// Whether `detail` was read after the data on screen: until the read asked after a reload
    /// arrives, its columns and trends are not shown beside the new numbers.
    current: bool,
    /// A KPI whose months were asked for (Enter) before the read was in: shown when it arrives.
    waiting_kpi: Option<String>,
}

/// The month whose year the month-by-month tables show: the month on screen, or the last
/// month of the quarter or year on screen.
pub fn month_on_screen(data: &DashboardData) -> Month {
    match data.period {
        Period::Month(month) => month,
        other => {
            let months = other.months(data.fiscal_start());
            months[months.len() - 1]
        }
    }
}

/// Everyone the manager steps through with `>` and `<`, in leaderboard order: ranked staff by
/// rank then name, unscored staff by name, and the branch manager's own scorecard last (it is
/// shown apart from the ranking, but is still a scorecard the manager reads).
fn leaderboard_order(team: &[MemberScore]) -> Vec<&MemberScore> {
    let mut order: Vec<&MemberScore> = team.iter().collect();
    order.sort_by(|a, b| {
        let place = |s: &MemberScore| (s.member.role.is_manager(), s.rank.is_none(), s.rank.unwrap_or(0));
        place(a)
            .cmp(&place(b))
            .then_with(|| a.member.name.cmp(&b.member.name))
            .then_with(|| a.member.login.cmp(&b.member.login))
    });
    order
}

impl DrilldownTab {
    /// Whether the last answer is of `login` and the period on screen, and was read after the data
    /// on screen (no reload came after it was asked).
    fn is_current_for(&self, login: &str, data: &DashboardData) -> bool {
        let asked = self.person.asked.as_ref().is_some_and(|(l, p)| l == login && *p == data.period);
        asked && self.person.current
    }

    /// One KPI's months of `login` as the read after the data on screen has them: `None` while
    /// that read is under way; why not, when it failed or none is coming.
    pub fn kpi_months_now(
        &self,
        login: &str,
        kpi_code: &str,
        data: &DashboardData,
    ) -> Option<Result<&KpiTable, String>> {
        if !self.is_current_for(login, data) {
            return match self.person.reading {
                0 => Some(Err(format!("{login} was not read again after the change"))),
                _ => None,
            };
        }
        match &self.person.detail {
            Some(Ok(detail)) => {
                Some(detail.kpi(kpi_code).ok_or_else(|| format!("{login}'s scorecard no longer has {kpi_code}")))
            }
            Some(Err(why)) => Some(Err(why.clone())),
            None => None,
        }
    }

    /// A read of the person's periods is under way (tests wait for it).
    pub fn is_reading_person(&self) -> bool {
        self.person.reading > 0
    }

    /// The month, quarter-to-date and year-to-date scorecards on screen (month view only),
    /// from the person's read.
    pub fn periods(&self, data: &DashboardData) -> Option<&PersonPeriods> {
        let month_view = matches!(data.period, Period::Month(_));
        self.read_on_screen(data).filter(|_| month_view).map(|detail| &detail.periods)
    }

    /// The person's read, when it is of the person and period on screen and no reload came
    /// after it was asked.
    fn read_on_screen(&self, data: &DashboardData) -> Option<&PersonDetail> {
        let on_screen = |d: &&PersonDetail| d.login == self.login && d.period == data.period;
        self.person_detail().filter(|d| self.person.current && on_screen(d))
    }

    /// The month-by-month read of the person on screen, once it has arrived.
    pub fn person_detail(&self) -> Option<&PersonDetail> {
        match &self.person.detail {
            Some(Ok(detail)) => Some(detail),
            _ => None,
        }
    }

    /// After new data arrived: the lists again, and the person read again (the data may have
    /// changed under the month-by-month tables) while the drill-down is on screen or has read
    /// someone before.
    pub fn reload(&mut self, data: &DashboardData, on_screen: bool) -> Vec<Effect> {
        self.person.current = false;
        self.refresh(data);
        if on_screen || self.person.asked.is_some() { self.ask_person(data) } else { vec![] }
    }

    /// One KPI's score over the trend periods, oldest first: from the person's read when it is
    /// of the period on screen, else only the period on screen is known yet.
    pub fn kpi_trend(&self, data: &DashboardData, kpi_code: &str) -> Vec<Option<f64>> {
        match self.read_on_screen(data) {
            Some(detail) => detail.kpi_trend(kpi_code),
            None => {
                let card = self.score(data).map(|s| &s.card);
                let now =
                    card.and_then(|c| c.kras.iter().flat_map(|k| &k.kpis).find(|k| k.kpi.code == kpi_code)?.score);
                let mut trend = vec![None; TREND_PERIODS - 1];
                trend.push(now);
                trend
            }
        }
    }

    /// The tab came on screen: the person is read unless that read is there or under way.
    pub fn shown(&mut self, data: &DashboardData) -> Vec<Effect> {
        self.ask_person_if_new(data)
    }

    /// Reads the person on screen unless the read of them and their month is already there or
    /// under way.
    pub(super) fn ask_person_if_new(&mut self, data: &DashboardData) -> Vec<Effect> {
        let wanted = (self.login.clone(), data.period);
        if self.person.asked.as_ref() == Some(&wanted) { vec![] } else { self.ask_person(data) }
    }

    fn ask_person(&mut self, data: &DashboardData) -> Vec<Effect> {
        if data.member_score(&self.login).is_none() {
            return vec![];
        }
        let wanted = (self.login.clone(), data.period);
        if self.person.asked.as_ref() != Some(&wanted) {
            // Someone or some period else: the old tables must not show for the new one.
            self.person.detail = None;
        }
        self.person.asked = Some(wanted);
        self.person.reading += 1;
        vec![Effect::ReadPerson { login: self.login.clone(), period: data.period }]
    }

    /// Takes a read of one person's periods; one for someone or a month no longer on screen is
    /// dropped. A KPI whose months were asked for meanwhile opens now.
    pub fn take_person(
        &mut self,
        login: &str,
        period: Period,
        result: Result<Box<PersonDetail>, String>,
        cx: &Context,
    ) -> Vec<Effect> {
        self.person.reading = self.person.reading.saturating_sub(1);
        if !self.person.asked.as_ref().is_some_and(|(l, p)| l == login && *p == period) {
            return vec![];
        }
        self.person.detail = Some(result);
        self.person.current = true;
        match self.person.waiting_kpi.take() {
            Some(code) if self.selected_kpi(cx.data).is_some_and(|k| k.kpi.code == code) => self.open_kpi_months(cx),
            _ => vec![],
        }
    }

    /// The reading thread stopped: no read will be answered.
    pub fn forget_person_reads(&mut self) {
        self.person.reading = 0;
        self.person.waiting_kpi = None;
    }

    /// `>` / `<`: the next or previous person in leaderboard order, wrapping round at the ends,
    /// keeping the open KRA (and KPI) when their role has it.
    pub(super) fn step_person(&mut self, step: isize, cx: &Context) -> Vec<Effect> {
        if !cx.actor.is_manager() {
            return vec![Effect::error("you see your own scorecard only: the team's are the branch manager's to read")];
        }
        let order = leaderboard_order(cx.data.team());
        let Some(at) = order.iter().position(|s| s.member.login == self.login) else { return vec![] };
        let count = order.len() as isize;
        let to = (at as isize + step).rem_euclid(count) as usize;
        let next = order[to];
        let wrapped = (step > 0 && to < at) || (step < 0 && to > at);
        let (level, kpi) = (self.level.clone(), self.kpis.selected_key().map(str::to_string));
        let kra_name = self.open_kra(cx.data).map(|k| fit(&k.name, 30));
        let mut effects = self.open(&next.member.login, cx.data);
        let mut said = match next.rank {
            Some(rank) => format!("{} · rank {rank} ({} of {count})", fit(&next.member.name, 30), to + 1),
            None => format!("{} ({} of {count})", fit(&next.member.name, 30), to + 1),
        };
        if wrapped {
            said = format!("{said}: round to the {} again", if step > 0 { "top" } else { "end" });
        }
        if let Level::Kpis(code) = level {
            match next.card.kras.iter().find(|k| k.code == code) {
                Some(_) => {
                    self.level = Level::Kpis(code);
                    if let Some(kpi) = kpi {
                        self.kpis.select(&kpi);
                    }
                    self.refresh(cx.data);
                }
                None => {
                    let kra = kra_name.unwrap_or(code);
                    said = format!("{said}; their role has no KRA {kra}: back to the KRAs");
                }
            }
        }
        effects.push(Effect::info(said));
        effects
    }

    /// Enter on a KPI: its month-by-month table, once the person's read asked after the data on
    /// screen is in (an older read would show values the header no longer does).
    pub(super) fn open_kpi_months(&mut self, cx: &Context) -> Vec<Effect> {
        let Some(kpi) = self.selected_kpi(cx.data).map(|k| k.kpi.clone()) else { return vec![] };
        let asked = self.person.asked.as_ref().is_some_and(|(l, p)| *l == self.login && *p == cx.data.period);
        match (&self.person.detail, self.is_current_for(&self.login, cx.data)) {
            (Some(Ok(detail)), true) => {
                let Some(table) = detail.kpi(&kpi.code) else { return vec![] };
                let whose = cx.data.member_score(&self.login).map_or(self.login.as_str(), |s| s.member.name.as_str());
                let title = format!("{} · {whose} · to {}", kpi.name, month_on_screen(cx.data));
                vec![Effect::ShowKpiMonths { title, login: self.login.clone(), table: Box::new(table.clone()) }]
            }
            (Some(Err(why)), true) if self.person.reading == 0 => {
                vec![Effect::error(format!("cannot read the months of {}: {why}", fit(&kpi.name, 30)))]
            }
            _ => {
                // A read asked after the data on screen is on its way: it opens the months.
                let mut effects = if self.person.reading == 0 || !asked { self.ask_person(cx.data) } else { vec![] };
                self.person.waiting_kpi = Some(kpi.code.clone());
                effects.push(Effect::info(format!("reading the months of {}…", fit(&kpi.name, 30))));
                effects
            }
        }
    }
}
