//! The KRA drill-down tab: one person's KRAs with weights and score bars, opening into the KPIs
//! of a KRA with target, actual, achievement, score, contribution, status and trend; editing an
//! actual and asking for its history start here.

use super::{Context, Rows, Sorting, Tab, matches_filter};
use crate::domain::actor::Actor;
use crate::domain::period::Period;
use crate::domain::scoring::{Finality, KpiScore, KpiStatus, KraScore};
use crate::domain::team::MemberScore;
use crate::domain::template::Direction;
use crate::store::format_value;
use crate::ui::action::Action;
use crate::ui::columns::Column;
use crate::ui::data::DashboardData;
use crate::ui::data::TREND_PERIODS;
use crate::ui::effect::{Effect, InputPurpose};
use crate::ui::format::{
    achievement_within, bar, finality as finality_label, fit, kpi_value_within, percent, score, score_within, shown,
    sparkline, trim,
};
use crate::ui::theme::Theme;
use crate::ui::widgets::{Align, ListTable, boxed, column_widths, empty_message, fit_lines, widest, with_filter};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Widget};

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
        }
    }

    /// Shows `login`'s scorecard, from its KRAs, unless it is already on screen.
    pub fn open(&mut self, login: &str, data: &DashboardData) {
        if self.login != login {
            *self = DrilldownTab {
                kra_sorting: self.kra_sorting,
                kpi_sorting: self.kpi_sorting,
                ..DrilldownTab::new(login)
            };
        }
        self.refresh(data);
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
            (Action::Edit, Level::Kras) => vec![Effect::info("open a KRA with Enter, then choose the KPI to edit")],
            (Action::Edit, Level::Kpis(_)) => self.start_edit(cx),
            (Action::History, Level::Kras) => vec![Effect::info("open a KRA with Enter, then choose the KPI")],
            (Action::History, Level::Kpis(_)) => self.ask_history(cx),
            _ => vec![],
        }
    }

    /// Opens the selected KPI's actual for editing, if this person may edit it now.
    fn start_edit(&self, cx: &Context) -> Vec<Effect> {
        let Some(kpi) = self.selected_kpi(cx.data).map(|k| &k.kpi) else { return vec![] };
        let Period::Month(month) = cx.data.period else {
            return vec![Effect::error("actuals are entered per month: press p to switch to the month view")];
        };
        if let Err(e) = cx.actor.ensure_may_set_actual(&self.login) {
            return vec![Effect::error(e.to_string())];
        }
        if cx.data.is_closed(month) {
            let reopen =
                if cx.actor.is_manager() { "reopen it to edit" } else { "only the branch manager can reopen it" };
            return vec![Effect::error(format!("{month} is closed: {reopen}"))];
        }
        if let Err(e) = cx.actor.ensure_may_enter(kpi) {
            return vec![Effect::error(e.to_string())];
        }
        let seen = cx.data.stored_actual(&self.login, &kpi.code, month);
        let purpose = InputPurpose::EditActual {
            login: self.login.clone(),
            kpi: kpi.code.clone(),
            kpi_name: kpi.name.clone(),
            unit: kpi.unit,
            month,
            seen,
        };
        vec![Effect::OpenInput(purpose, seen.map(format_value).unwrap_or_default())]
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

/// The drill-down tab as drawn.
pub struct DrilldownView<'a> {
    pub tab: &'a DrilldownTab,
    pub data: &'a DashboardData,
    pub actor: &'a Actor,
    pub theme: Theme,
}

impl Widget for DrilldownView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(score) = self.tab.score(self.data) else {
            let block = Block::new().borders(Borders::ALL).title(" KRA drill-down ");
            Paragraph::new("Choose someone on the Team tab and press Enter.").block(block).render(area, buf);
            return;
        };
        let [header, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
        self.render_header(score, header, buf);
        match self.tab.open_kra(self.data) {
            None => self.render_kras(score, body, buf),
            Some(kra) => {
                // Tall terminals keep the KRA list in view above the open KRA's KPIs.
                let kra_rows = self.tab.kras.len() as u16 + 3;
                let kpi_rows = self.tab.kpis.len() as u16 + 3;
                if body.height >= kra_rows + kpi_rows {
                    let [top, bottom] =
                        Layout::vertical([Constraint::Length(kra_rows), Constraint::Min(0)]).areas(body);
                    self.render_kras(score, top, buf);
                    self.render_kpis(score, kra, bottom, buf);
                } else {
                    self.render_kpis(score, kra, body, buf);
                }
            }
        }
    }
}

impl DrilldownView<'_> {
    fn render_header(&self, s: &MemberScore, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let mut spans = vec![
            Span::styled(shown(&s.member.name), Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(format!(" · {} · ", s.member.role.short_label())),
            match s.card.overall {
                Some(_) => Span::styled(score(s.card.overall), Style::new().add_modifier(Modifier::BOLD)),
                None => Span::styled("not scored", theme.dim()),
            },
        ];
        if let Some(band) = s.band {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(band.label(), theme.band(band)));
        }
        if let Some(rank) = s.rank {
            spans.push(Span::raw(format!(" · rank {rank}")));
        }
        // Completeness counts (KPI, month) cells; narrow screens get the short forms.
        let wide = area.width >= 100;
        let cells = s.card.cells;
        if cells.targeted() == 0 {
            let text = if wide { " · no targets set for this period" } else { " · no targets" };
            spans.push(Span::styled(text, theme.dim()));
        } else if wide {
            let share = percent(s.card.completeness());
            spans.push(Span::raw(format!(" · {} of {} values in ({share})", cells.reported, cells.targeted())));
        } else {
            spans.push(Span::raw(format!(" · {}/{} in", cells.reported, cells.targeted())));
        }
        if cells.missing > 0 {
            spans.push(Span::styled(format!(", {} missing", cells.missing), theme.negative()));
        }
        let finality = self.data.finality();
        let label = match (&finality, wide) {
            (Finality::Provisional { .. }, false) => " · provisional".to_string(),
            _ => format!(" · {}", finality_label(self.data.period, &finality)),
        };
        spans.push(if finality.is_final() { Span::raw(label) } else { Span::styled(label, theme.dim()) });
        let block = boxed(&format!(" {} · {} ", shown(&s.member.login), self.data.period), area);
        Paragraph::new(fit_lines(vec![Line::from(spans)], area.width.saturating_sub(2))).block(block).render(area, buf);
    }

    fn render_kras(&self, s: &MemberScore, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let bands = self.data.bands();
        let names = self.tab.kras.order().iter().map(|&i| s.card.kras[i].name.as_str());
        let columns = [
            Column::needed(12, widest(names).max(3), 9),
            Column::fixed(6, 7),
            Column::optional(5, 40, 3),
            Column::needed(5, 6, 8),
            Column::fixed(5, 5),
        ];
        let w = column_widths(&columns, area);
        let bar_width = usize::from(w[2]);
        let rows: Vec<Row> = self
            .tab
            .kras
            .order()
            .iter()
            .map(|&i| {
                let kra = &s.card.kras[i];
                let scored = kra.kpis.iter().filter(|k| k.status.counts()).count();
                let targeted = kra.kpis.iter().filter(|k| k.status != KpiStatus::Untargeted).count();
                let bar_cell = match kra.score {
                    Some(v) => Span::styled(bar(v / 120.0, bar_width), theme.score(v, bands)),
                    None => Span::styled(fit("not scored", bar_width), theme.dim()),
                };
                Row::new(vec![
                    Line::from(fit(&kra.name, w[0].into())),
                    Line::from(format!("{}%", trim(kra.weight, 1))).right_aligned(),
                    Line::from(bar_cell),
                    Line::from(score_within(kra.score, w[3].into())).right_aligned(),
                    Line::from(format!("{scored}/{targeted}")).right_aligned(),
                ])
            })
            .collect();
        let title = format!(" KRAs · Enter opens a KRA's KPIs · {} ", self.tab.kra_sorting.label());
        let title = with_filter(title, &self.tab.filter);
        ListTable {
            rows,
            widths: &w,
            header: &[
                ("KRA", Align::Text),
                ("Weight", Align::Number),
                ("Score (bar to 120)", Align::Text),
                ("Score", Align::Number),
                ("KPIs", Align::Number),
            ],
            title,
            focused: self.tab.level == Level::Kras,
            selected: self.tab.kras.selected_position(),
        }
        .render(area, buf, theme);
        if self.tab.kras.is_empty() {
            empty_message("No KRA or KPI matches the filter; Esc clears it.", area, buf, theme);
        }
    }

    fn render_kpis(&self, s: &MemberScore, kra: &KraScore, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let bands = self.data.bands();
        let kra_index = s.card.kras.iter().position(|k| k.code == kra.code).unwrap_or(0);
        let names = self.tab.kpis.order().iter().map(|&i| kra.kpis[i].kpi.name.as_str());
        // Names and the figures first; the points, status and trend give way on narrow screens.
        let columns = [
            Column::needed(12, widest(names).max(3), 9),
            Column::fixed(1, 8),
            Column::needed(7, 12, 7),
            Column::needed(7, 12, 7),
            Column::needed(5, 6, 6),
            Column::needed(5, 6, 6),
            Column::needed(4, 5, 4),
            Column::needed(8, 9, 5),
            Column::optional(6, TREND_PERIODS as u16, 3),
        ];
        let w = column_widths(&columns, area);
        let rows: Vec<Row> = self
            .tab
            .kpis
            .order()
            .iter()
            .map(|&i| {
                let k = &kra.kpis[i];
                let arrow = match k.kpi.direction {
                    Direction::Higher => "↑",
                    Direction::Lower => "↓",
                };
                let target =
                    k.target.map(|v| kpi_value_within(v, k.kpi.unit, w[2].into())).unwrap_or_else(|| "–".into());
                let score_span = match k.score {
                    Some(v) => Span::styled(score_within(Some(v), w[5].into()), theme.score(v, bands)),
                    None => Span::styled("–", theme.dim()),
                };
                let contribution = score_within(s.card.contribution(kra_index, i), w[6].into());
                let history = self.data.kpi_trend(&s.member.login, &k.kpi.code);
                let trend = &history[history.len().saturating_sub(w[8].into())..];
                Row::new(vec![
                    Line::from(fit(&k.kpi.name, w[0].into())),
                    Line::from(arrow),
                    Line::from(target).right_aligned(),
                    actual_cell(k, w[3].into(), theme),
                    Line::from(achievement_within(k.achievement, w[4].into())).right_aligned(),
                    Line::from(score_span).right_aligned(),
                    Line::from(contribution).right_aligned(),
                    Line::from(status_cell(k, theme)),
                    Line::from(sparkline(trend)),
                ])
            })
            .collect();
        let title = format!(
            " {} · {}% · score {} · {} · e edits, H history ",
            fit(&kra.name, 34),
            trim(kra.weight, 1),
            score(kra.score),
            self.tab.kpi_sorting.label()
        );
        let title = with_filter(title, &self.tab.filter);
        ListTable {
            rows,
            widths: &w,
            header: &[
                ("KPI", Align::Text),
                ("", Align::Text),
                ("Target", Align::Number),
                ("Actual", Align::Number),
                ("Ach.", Align::Number),
                ("Score", Align::Number),
                ("Pts", Align::Number),
                ("Status", Align::Text),
                ("Trend", Align::Text),
            ],
            title,
            focused: true,
            selected: self.tab.kpis.selected_position(),
        }
        .render(area, buf, theme);
        if self.tab.kpis.is_empty() {
            empty_message("No KPI of this KRA matches the filter; Esc clears it.", area, buf, theme);
        }
    }
}

fn status_cell(k: &KpiScore, theme: Theme) -> Span<'static> {
    match k.status {
        // Some targeted months closed unreported: the score is scaled by r ⁄ (r + x).
        KpiStatus::Scored if k.months.missing > 0 => Span::styled("partial", theme.negative()),
        KpiStatus::Scored => Span::raw("scored"),
        KpiStatus::Missing => Span::styled("missing", theme.negative()),
        KpiStatus::NotReported => Span::styled("not rep.", Style::new().add_modifier(Modifier::ITALIC)),
        KpiStatus::Untargeted => Span::styled("no target", theme.dim()),
    }
}

/// The scored actual; else an actual entered for a month without a target, dimmed: shown,
/// never scored (SPEC §3 rule 1).
fn actual_cell(k: &KpiScore, width: usize, theme: Theme) -> Line<'static> {
    let line = match (k.actual, k.unscored_actual) {
        (Some(actual), _) => Line::from(kpi_value_within(actual, k.kpi.unit, width)),
        (None, Some(unscored)) => Line::from(Span::styled(kpi_value_within(unscored, k.kpi.unit, width), theme.dim())),
        (None, None) => Line::from("–"),
    };
    line.right_aligned()
}
