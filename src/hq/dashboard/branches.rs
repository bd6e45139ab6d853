//! The Branches tab: the league of branches for the period, best average overall first, with
//! their band counts, completeness and RM coverage; the detail pane shows one branch's bands
//! and people, and has the arrows while open (to reach every person of a large branch).

use super::cells::{NAME_MOST, band_cell, header, role_label, split_for_detail};
use super::data::HqData;
use super::state::HqApp;
use crate::domain::scoring::Band;
use crate::hq::store::LeagueRow;
use crate::ui::columns::Column;
use crate::ui::format::{bar, count_within, fit, percent_within, score_within, shown};
use crate::ui::theme::Theme;
use crate::ui::widgets::{Align, ListTable, boxed, column_widths, empty_message, fit_lines, widest, with_filter};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Widget};

/// Each band's header in `Band::ALL` order: three letters, so that all five fit beside the
/// names at 80 columns; the detail pane spells them out.
const BAND_HEADERS: [&str; 5] = ["Out", "Exc", "Met", "NI", "Uns"];

pub struct BranchesView<'a> {
    pub app: &'a HqApp,
    pub data: &'a HqData,
    pub theme: Theme,
}

impl Widget for BranchesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let list = &self.app.branches;
        let selected = list.rows.selected_row().map(|i| &self.data.snapshot.league[i]);
        let people = selected.map_or(0, |b| self.data.people_of(&b.branch_code).count() as u16);
        let open = list.open && selected.is_some();
        let (table, detail) = split_for_detail(area, open, (people + 3).max(9));
        // An open detail has the arrows: the league shows it has not.
        self.render_league(table, !open, buf);
        if let (Some(branch), Some(detail)) = (selected, detail) {
            self.render_detail(branch, detail, buf);
        }
    }
}

impl BranchesView<'_> {
    fn render_league(&self, area: Rect, focused: bool, buf: &mut Buffer) {
        let (data, theme, list) = (self.data, self.theme, &self.app.branches);
        let league = &data.snapshot.league;
        let visible = || list.rows.order().iter().map(|&i| &league[i]);
        // Who and how well first; the region and the date of the last sync give way first.
        let mut columns = vec![
            Column::needed(3, 4, 9),
            Column::needed(4, widest(visible().map(|b| b.branch_code.as_str())).max(4), 10),
            Column::optional(6, widest(visible().map(|b| b.region.as_str())).max(6), 3),
            Column::needed(8, widest(visible().map(|b| b.name.as_str())).clamp(6, NAME_MOST), 6),
            Column::needed(5, 5, 10),
            Column::needed(3, 6, 5),
        ];
        columns.extend([Column::needed(3, 3, 7); 5]);
        columns.extend([Column::needed(4, 4, 8), Column::needed(3, 5, 4), Column::needed(3, 6, 4)]);
        columns.extend([Column::needed(3, 4, 4), Column::optional(10, 10, 2)]);
        let w = column_widths(&columns, area);
        let rows: Vec<Row> = list
            .rows
            .order()
            .iter()
            .map(|&i| {
                let b = &league[i];
                let count = |n: i64, at: usize| Line::from(count_within(n as f64, w[at].into())).right_aligned();
                let rank = data.branch_ranks[i].map_or_else(|| "–".into(), |r| count_within(r.into(), w[0].into()));
                let mut cells = vec![
                    Line::from(rank),
                    Line::from(fit(&b.branch_code, w[1].into())),
                    Line::from(fit(&b.region, w[2].into())),
                    Line::from(fit(&b.name, w[3].into())),
                    Line::from(score_within(b.average_overall, w[4].into())).right_aligned(),
                    count(b.ranked, 5),
                ];
                for (at, band) in Band::ALL.iter().enumerate() {
                    let n = b.bands.iter().find(|(x, _)| x == band).map_or(0, |(_, n)| *n);
                    let style = if n > 0 { theme.band(*band) } else { theme.dim() };
                    cells.push(Line::styled(count_within(n as f64, w[6 + at].into()), style).right_aligned());
                }
                cells.push(Line::from(percent_within(b.completeness, w[11].into())).right_aligned());
                for (at, n) in b.coverage.iter().enumerate() {
                    cells.push(count(*n, 12 + at));
                }
                cells.push(Line::from(b.as_of.to_string()));
                Row::new(cells)
            })
            .collect();
        let mut head = vec![
            ("#", Align::Text),
            ("Code", Align::Text),
            ("Region", Align::Text),
            ("Branch", Align::Text),
            ("Avg", Align::Number),
            (header("Ranked", "Rkd", w[5]), Align::Number),
        ];
        head.extend(BAND_HEADERS.map(|band| (band, Align::Number)));
        head.extend([
            ("Done", Align::Number),
            (header("Under", "Und", w[12]), Align::Number),
            (header("Within", "In", w[13]), Align::Number),
            (header("Over", "Ovr", w[14]), Align::Number),
            ("As of", Align::Text),
        ]);
        let title = format!(" Branches · {} · by {} ", data.snapshot.period, list.sorting.label());
        ListTable {
            rows,
            widths: &w,
            header: &head,
            title: with_filter(title, &list.filter),
            focused,
            selected: list.rows.selected_position(),
        }
        .render(area, buf, theme);
        let empty = if league.is_empty() {
            Some(format!(
                "No branch has synced scores for {}{}. [ and ] change the period, p its kind, r the region.",
                data.snapshot.period,
                data.snapshot.region.as_deref().map(|r| format!(" in region {}", shown(r))).unwrap_or_default()
            ))
        } else {
            list.rows.is_empty().then(|| "No branch matches the filter; Esc clears it.".to_string())
        };
        if let Some(message) = empty {
            empty_message(&message, area, buf, theme);
        }
    }

    fn render_detail(&self, branch: &LeagueRow, area: Rect, buf: &mut Buffer) {
        let [bands, people] = Layout::horizontal([Constraint::Length(32), Constraint::Min(0)]).areas(area);
        self.render_bands(branch, bands, buf);
        self.render_people(branch, people, buf);
    }

    /// The band counts with their whole names, and the branch's figures the list abbreviates.
    fn render_bands(&self, branch: &LeagueRow, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let most = branch.bands.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        let bar_width = usize::from(area.width).saturating_sub(2 + 18 + 4);
        let mut lines: Vec<Line> = branch
            .bands
            .iter()
            .map(|(band, n)| {
                Line::from(vec![
                    Span::raw(format!("{:<18}", band.label())),
                    Span::styled(bar(*n as f64 / most as f64, bar_width), theme.band(*band)),
                    Span::raw(format!(" {:>3}", count_within(*n as f64, 3))),
                ])
            })
            .collect();
        let [under, within, over] = branch.coverage.map(|n| count_within(n as f64, 6));
        lines.push(Line::styled(format!("RMs {under} under · {within} in · {over} over"), theme.dim()));
        let finality = if branch.is_final { "final" } else { "provisional" };
        lines.push(Line::styled(format!("{finality}, as of {}", branch.as_of), theme.dim()));
        let title = format!(" {} · bands ", shown(&branch.branch_code));
        Paragraph::new(fit_lines(lines, area.width.saturating_sub(2))).block(boxed(&title, area)).render(area, buf);
    }

    fn render_people(&self, branch: &LeagueRow, area: Rect, buf: &mut Buffer) {
        let (data, theme) = (self.data, self.theme);
        let people = &data.snapshot.people;
        let rows: Vec<usize> = self.data.people_of(&branch.branch_code).collect();
        let names = rows.iter().map(|&i| people[i].name.as_str());
        let columns = [
            Column::needed(3, 4, 9),
            Column::needed(10, widest(names).clamp(4, NAME_MOST), 8),
            Column::needed(6, 12, 5),
            Column::needed(5, 7, 10),
            Column::needed(5, 17, 7),
        ];
        let w = column_widths(&columns, area);
        let table: Vec<Row> = rows
            .iter()
            .map(|&i| {
                let p = &people[i];
                // The branch's own rank, as its dashboard shows it.
                let rank = data.people[i].rank.map_or_else(|| "–".into(), |r| count_within(r.into(), w[0].into()));
                Row::new(vec![
                    Line::from(rank),
                    Line::from(fit(&p.name, w[1].into())),
                    Line::from(fit(role_label(&p.role), w[2].into())),
                    Line::from(score_within(Some(p.overall), w[3].into())).right_aligned(),
                    Line::from(band_cell(p.band.as_deref(), w[4], theme)),
                ])
            })
            .collect();
        let title = format!(" {} · people in {} ", shown(&branch.name), data.snapshot.period);
        ListTable {
            rows: table,
            widths: &w,
            header: &[
                ("#", Align::Text),
                ("Name", Align::Text),
                ("Role", Align::Text),
                ("Overall", Align::Number),
                ("Band", Align::Text),
            ],
            title,
            focused: true,
            // The arrows' row: the list scrolls to keep it in view and says where it is.
            selected: rows.len().checked_sub(1).map(|last| self.app.branches.detail_at.min(last)),
        }
        .render(area, buf, theme);
        if rows.is_empty() {
            empty_message("Nobody in this branch has an overall score for the period.", area, buf, theme);
        }
    }
}
