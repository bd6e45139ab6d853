//! The Team tab: the branch summary, the band distribution and the leaderboard, with its
//! selection, sort and filter.

use super::{Context, Rows, Sorting, Tab, matches_filter};
use crate::domain::actor::Actor;
use crate::domain::scoring::{Band, Finality, MonthCounts};
use crate::domain::team::{Details, MemberScore};
use crate::ui::action::Action;
use crate::ui::columns::Column;
use crate::ui::data::DashboardData;
use crate::ui::data::TREND_PERIODS;
use crate::ui::effect::{Effect, InputPurpose};
use crate::ui::format::{
    bar, delta_within, fit, month_runs, percent_within, score, score_within, shown, sparkline, width as text_width,
};
use crate::ui::theme::Theme;
use crate::ui::widgets::{
    Align, ListTable, boxed, column_widths, empty_message, fit_lines, shown_rows, widest, with_filter,
};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Widget};

/// The leaderboard's orders; the natural way of each is best first (rank), A to Z, or most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum TeamSort {
    Rank,
    Name,
    Role,
    Change,
    Completeness,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamTab {
    pub sorting: Sorting<TeamSort>,
    pub filter: String,
    pub rows: Rows,
}

impl Default for TeamTab {
    fn default() -> Self {
        TeamTab { sorting: Sorting::new(TeamSort::Rank), filter: String::new(), rows: Rows::default() }
    }
}

impl TeamTab {
    /// Recomputes the visible rows: after a load, a sort or a filter change.
    pub fn refresh(&mut self, data: &DashboardData) {
        let needle = self.filter.to_lowercase();
        let mut rows: Vec<(usize, &MemberScore)> = data
            .team()
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                let m = &s.member;
                let band = s.band.map(|b| b.label()).unwrap_or("not scored");
                matches_filter(&needle, [m.name.as_str(), &m.login, m.role.code(), m.role.short_label(), band])
            })
            .collect();
        let by_rank = |s: &MemberScore| (s.member.role.is_manager(), s.rank.is_none(), s.rank.unwrap_or(u32::MAX));
        let by_name = |a: &MemberScore, b: &MemberScore| a.member.name.cmp(&b.member.name);
        self.sorting.apply(&mut rows, |(_, a), (_, b)| match self.sorting.key {
            TeamSort::Rank => by_rank(a).cmp(&by_rank(b)).then_with(|| by_name(a, b)),
            TeamSort::Name => by_name(a, b),
            TeamSort::Role => a.member.role.cmp(&b.member.role).then_with(|| by_rank(a).cmp(&by_rank(b))),
            // Biggest rise first; people without a change last.
            TeamSort::Change => {
                let key = |s: &MemberScore| s.change.unwrap_or(f64::NEG_INFINITY);
                key(b).total_cmp(&key(a)).then_with(|| by_name(a, b))
            }
            // Most complete first: whose values are all in.
            TeamSort::Completeness => {
                // Hidden details stay hidden: others' completeness does not order the list for staff.
                let key = |s: &MemberScore| match s.details {
                    Details::Shown => s.card.completeness().unwrap_or(-1.0),
                    Details::Hidden => -1.0,
                };
                key(b).total_cmp(&key(a)).then_with(|| by_name(a, b))
            }
        });
        self.rows.set(rows.into_iter().map(|(i, s)| (i, s.member.login.clone())).collect());
    }

    pub fn set_filter(&mut self, text: &str, data: &DashboardData) {
        self.filter = text.to_string();
        self.refresh(data);
    }

    pub fn handle(&mut self, action: &Action, cx: &Context) -> Vec<Effect> {
        if self.rows.move_by(action) {
            return vec![];
        }
        match action {
            Action::Sort => {
                self.sorting.advance();
                self.refresh(cx.data);
                vec![Effect::info(format!("sorted by {}", self.sorting.label()))]
            }
            Action::Filter => vec![Effect::OpenInput(InputPurpose::Filter(Tab::Team), self.filter.clone())],
            Action::Back if !self.filter.is_empty() => {
                self.set_filter("", cx.data);
                vec![Effect::info("filter cleared")]
            }
            Action::Open => match self.rows.selected_key() {
                Some(login) if cx.actor.may_read_details_of(login) => vec![Effect::OpenScorecard(login.to_string())],
                Some(_) => vec![Effect::error("you can open only your own scorecard")],
                None => vec![],
            },
            _ => vec![],
        }
    }
}

/// The Team tab as drawn.
pub struct TeamView<'a> {
    pub tab: &'a TeamTab,
    pub data: &'a DashboardData,
    pub actor: &'a Actor,
    pub theme: Theme,
}

impl Widget for TeamView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [summary, board] = Layout::vertical([Constraint::Length(7), Constraint::Min(0)]).areas(area);
        let [facts, bands] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(summary);
        self.render_facts(facts, buf);
        self.render_bands(bands, buf);
        self.render_leaderboard(board, buf);
    }
}

impl TeamView<'_> {
    fn render_facts(&self, area: Rect, buf: &mut Buffer) {
        let (data, theme) = (self.data, self.theme);
        let team = data.team();
        let staff: Vec<_> = team.iter().filter(|s| !s.member.role.is_manager()).collect();
        let scored: Vec<f64> = staff.iter().filter_map(|s| s.card.overall).collect();
        let average = (!scored.is_empty()).then(|| scored.iter().sum::<f64>() / scored.len() as f64);
        let cells = data.team_period().map(|t| t.staff_cells()).unwrap_or_default();
        let mut lines = vec![
            Line::from(vec![
                Span::raw("Branch average  "),
                Span::styled(score(average), Style::new().add_modifier(Modifier::BOLD)),
            ]),
            Line::from(format!("Scored          {} of {} staff", scored.len(), staff.len())),
            Line::from(match &data.finality() {
                Finality::Final => Span::raw("Final           every month closed"),
                Finality::Provisional { open } => {
                    Span::styled(format!("Provisional     {} open", month_runs(open)), theme.dim())
                }
            }),
        ];
        if staff.is_empty() {
            lines.push(Line::from(Span::styled("No staff yet: import staff.csv", theme.dim())));
        } else {
            lines.push(values_in_line(cells, area.width.saturating_sub(2) as usize, theme));
        }
        if let Some(own) = team.iter().find(|s| s.member.login == self.actor.login) {
            let standing = match (own.rank, own.member.role.is_manager()) {
                (_, true) => format!("Your own scorecard  {}", score(own.card.overall)),
                (Some(rank), false) => format!("Your rank       {rank} of {}", scored.len()),
                (None, false) => "Your rank       not scored yet".to_string(),
            };
            lines.push(Line::from(Span::styled(standing, theme.own_row())));
        }
        let title = format!(" {} · {} ", shown(&data.branch_name), data.period);
        let lines = fit_lines(lines, area.width.saturating_sub(2));
        Paragraph::new(lines).block(boxed(&title, area)).render(area, buf);
    }

    fn render_bands(&self, area: Rect, buf: &mut Buffer) {
        let staff: Vec<_> = self.data.team().iter().filter(|s| !s.member.role.is_manager()).collect();
        let count = |band: Band| staff.iter().filter(|s| s.band == Some(band)).count();
        let most = Band::ALL.iter().map(|b| count(*b)).max().unwrap_or(0).max(1);
        let bar_width = (area.width as usize).saturating_sub(2 + 18 + 4);
        let lines: Vec<Line> = Band::ALL
            .iter()
            .map(|band| {
                let n = count(*band);
                Line::from(vec![
                    Span::raw(format!("{:<18}", band.label())),
                    Span::styled(bar(n as f64 / most as f64, bar_width), self.theme.band(*band)),
                    Span::raw(format!("{n:>3}")),
                ])
            })
            .collect();
        let lines = fit_lines(lines, area.width.saturating_sub(2));
        Paragraph::new(lines).block(Block::new().borders(Borders::ALL).title(" Bands ")).render(area, buf);
    }

    fn render_leaderboard(&self, area: Rect, buf: &mut Buffer) {
        let (data, theme) = (self.data, self.theme);
        let team = data.team();
        let names = self.tab.rows.order().iter().map(|&i| team[i].member.name.as_str());
        // What matters most keeps its room: who, the score and band, then role and done,
        // then the change, trend and focus, which narrow screens drop.
        let columns = [
            Column::fixed(3, 9),
            Column::needed(10, widest(names).max(4), 8),
            Column::needed(10, 12, 5),
            Column::optional(3, 8, 1),
            Column::needed(5, 6, 10),
            Column::needed(9, 17, 7),
            Column::optional(4, 5, 3),
            Column::optional(6, TREND_PERIODS as u16, 2),
            Column::optional(4, 4, 4),
        ];
        let w = column_widths(&columns, area);
        // Only the rows on screen are built: a branch can have hundreds of staff.
        let selected = self.tab.rows.selected_position();
        let shown = shown_rows(self.tab.rows.len(), selected, true, area);
        let rows: Vec<Row> = self.tab.rows.order()[shown.clone()]
            .iter()
            .map(|&i| {
                let s = &team[i];
                let manager = s.member.role.is_manager();
                let rank =
                    s.rank.map(|r| r.to_string()).unwrap_or_else(|| if manager { "BM".into() } else { "–".into() });
                let role = if w[2] >= 12 { s.member.role.short_label() } else { short_role(s.member.role) };
                // Staff see others' name, role, overall, band and rank only (SPEC §1).
                let details = s.details == Details::Shown;
                let focus =
                    s.member.focus.filter(|_| details).map(|f| if w[3] >= 8 { f.code() } else { &f.code()[..3] });
                let band = match s.band {
                    Some(b) => Span::styled(fit(b.label(), w[5].into()), theme.band(b)),
                    None => Span::styled(if w[5] >= 10 { "not scored" } else { "–" }, theme.dim()),
                };
                let change_style = match s.change {
                    Some(t) if t > 0.05 => theme.positive(),
                    Some(t) if t < -0.05 => theme.negative(),
                    _ => Style::new(),
                };
                let change = Span::styled(delta_within(s.change, w[6].into()), change_style);
                let trend = data.overall_trend(&s.member.login);
                let trend = &trend[trend.len().saturating_sub(w[7].into())..];
                let hidden = || Line::default();
                let row = Row::new(vec![
                    Line::from(rank),
                    Line::from(fit(&s.member.name, w[1].into())),
                    Line::from(fit(role, w[2].into())),
                    Line::from(focus.unwrap_or("")),
                    Line::from(score_within(s.card.overall, w[4].into())).right_aligned(),
                    Line::from(band),
                    if details { Line::from(change).right_aligned() } else { hidden() },
                    if details { Line::from(sparkline(trend)) } else { hidden() },
                    if details {
                        Line::from(percent_within(s.card.completeness(), w[8].into())).right_aligned()
                    } else {
                        hidden()
                    },
                ]);
                if s.member.login == self.actor.login { row.style(theme.own_row()) } else { row }
            })
            .collect();
        let title = with_filter(format!(" Leaderboard · sorted by {} ", self.tab.sorting.label()), &self.tab.filter);
        ListTable {
            rows,
            widths: &w,
            header: &[
                ("#", Align::Text),
                ("Name", Align::Text),
                ("Role", Align::Text),
                ("Focus", Align::Text),
                ("Score", Align::Number),
                ("Band", Align::Text),
                ("Δ", Align::Number),
                ("Trend", Align::Text),
                ("Done", Align::Number),
            ],
            title,
            focused: true,
            selected,
        }
        .render_window(shown.start, self.tab.rows.len(), area, buf, theme);
        if self.tab.rows.is_empty() {
            let message = if team.is_empty() { "No staff yet: import staff.csv" } else { "Nobody matches the filter" };
            empty_message(message, area, buf, theme);
        }
    }
}

/// How many targeted values of the staff are in: "Values in       412 of 440 · 3 missing",
/// or "412/440" when that does not fit `width`. Says "all" only when every targeted value is
/// reported.
fn values_in_line(cells: MonthCounts, width: usize, theme: Theme) -> Line<'static> {
    let targeted = cells.targeted();
    if targeted == 0 {
        return Line::from(Span::styled("Values in       no targets set", theme.dim()));
    }
    if cells.reported == targeted {
        return Line::from(format!("Values in       all {targeted} targeted"));
    }
    let missing = if cells.missing > 0 { format!(" · {} missing", cells.missing) } else { String::new() };
    let mut count = format!("Values in       {} of {targeted}", cells.reported);
    if text_width(&count) + text_width(&missing) > width {
        count = format!("Values in       {}/{targeted}", cells.reported);
    }
    Line::from(vec![Span::raw(count), Span::styled(missing, theme.negative())])
}

fn short_role(role: crate::domain::template::Role) -> &'static str {
    match role {
        crate::domain::template::Role::LoanOfficer => "Loan Off.",
        other => other.short_label(),
    }
}
