//! The Coverage tab: every RM of the branches listed with their load against the norms,
//! contact coverage, product depth, book and dormant customers as of their branch's last sync;
//! the detail pane shows one RM's figures in words, each number sized to the room its line
//! leaves, and their customers by segment (which have the arrows while the pane is open).

use super::cells::{NAME_MOST, header, rows_note, split_for_detail};
use super::data::{CoverageCard, HqData};
use super::state::HqApp;
use crate::domain::coverage::{LoadStatus, Segment};
use crate::domain::template::Unit;
use crate::hq::store::CoverageRow;
use crate::ui::columns::{Column, share};
use crate::ui::format::{
    count_within, fit, kpi_value_within, money_within, percent_within, score_within, shown, width as width_of,
};
use crate::ui::theme::Theme;
use crate::ui::widgets::first_shown;
use crate::ui::widgets::{
    Align, ListTable, boxed, column_widths, empty_message, headers, lengths, widest, with_filter,
};
use crate::ui::wrap::fit_words;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, StatefulWidget, Table, TableState, Widget};

pub struct CoverageView<'a> {
    pub app: &'a HqApp,
    pub data: &'a HqData,
    pub theme: Theme,
}

impl Widget for CoverageView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let list = &self.app.coverage;
        let selected = list.rows.selected_row();
        let segments = selected.map_or(0, |i| self.data.coverage[i].segments.len() as u16);
        let open = list.open && selected.is_some();
        let (table, detail) = split_for_detail(area, open, (segments + 3).max(8));
        // An open detail has the arrows: the list shows it has not.
        self.render_rms(table, !open, buf);
        if let (Some(at), Some(detail)) = (selected, detail) {
            self.render_segments(&self.data.snapshot.coverage[at], &self.data.coverage[at], detail, buf);
        }
    }
}

/// A load status code as the theme colours it.
fn status_cell(code: &str, width: u16, theme: Theme) -> Span<'static> {
    let style = LoadStatus::from_code(code).map(|s| theme.load(s)).unwrap_or_default();
    Span::styled(fit(code, width.into()), style)
}

fn ratio(value: Option<f64>, width: usize) -> String {
    value.map_or_else(|| "–".into(), |v| kpi_value_within(v, Unit::Ratio, width))
}

impl CoverageView<'_> {
    fn render_rms(&self, area: Rect, focused: bool, buf: &mut Buffer) {
        let (data, theme, list) = (self.data, self.theme, &self.app.coverage);
        let (rms, cards) = (&data.snapshot.coverage, &data.coverage);
        let visible = || list.rows.order().iter().copied();
        // Who and how loaded first; the region and the date give way first.
        let columns = [
            Column::needed(4, widest(visible().map(|i| rms[i].branch_code.as_str())).max(6), 9),
            Column::optional(6, widest(visible().map(|i| rms[i].region.as_str())).max(6), 3),
            Column::needed(10, widest(visible().map(|i| cards[i].name.as_str())).clamp(2, NAME_MOST), 10),
            Column::needed(6, 6, 8),
            Column::needed(5, 6, 7),
            Column::needed(5, 6, 7),
            Column::needed(4, 7, 6),
            Column::needed(4, 5, 5),
            Column::needed(7, 10, 6),
            Column::needed(3, 7, 4),
            Column::optional(10, 10, 2),
        ];
        let w = column_widths(&columns, area);
        let rows: Vec<Row> = visible()
            .map(|i| {
                let (rm, c) = (&rms[i], &cards[i]);
                let number = |text: String| Line::from(text).right_aligned();
                Row::new(vec![
                    Line::from(fit(&rm.branch_code, w[0].into())),
                    Line::from(fit(&rm.region, w[1].into())),
                    Line::from(fit(&c.name, w[2].into())),
                    Line::from(status_cell(&c.status, w[3], theme)),
                    number(ratio(c.low_load, w[4].into())),
                    number(ratio(c.high_load, w[5].into())),
                    number(percent_within(c.contact_coverage, w[6].into())),
                    number(score_within(c.product_depth, w[7].into())),
                    number(c.book.map_or_else(|| "–".into(), |b| money_within(b, w[8].into()))),
                    number(c.dormant.map_or_else(|| "–".into(), |d| count_within(d.into(), w[9].into()))),
                    Line::from(rm.as_of.to_string()),
                ])
            })
            .collect();
        let head = [
            ("Branch", Align::Text),
            ("Region", Align::Text),
            ("RM", Align::Text),
            ("Status", Align::Text),
            ("Low", Align::Number),
            ("High", Align::Number),
            (header("Contact", "Cont", w[6]), Align::Number),
            ("Depth", Align::Number),
            ("Book", Align::Number),
            (header("Dormant", "Dor", w[9]), Align::Number),
            ("As of", Align::Text),
        ];
        let title = format!(" RM coverage · as of each branch's last sync · by {} ", list.sorting.label());
        ListTable {
            rows,
            widths: &w,
            header: &head,
            title: with_filter(title, &list.filter),
            focused,
            selected: list.rows.selected_position(),
        }
        .render(area, buf, theme);
        let empty = if rms.is_empty() {
            Some("No branch has shipped RM coverage yet.".to_string())
        } else {
            list.rows.is_empty().then(|| "No RM matches the filter; Esc clears it.".to_string())
        };
        if let Some(message) = empty {
            empty_message(&message, area, buf, theme);
        }
    }

    /// The RM's figures in words, and their active and dormant customers by segment.
    fn render_segments(&self, rm: &CoverageRow, card: &CoverageCard, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let title = format!(
            " {} · {} · {} focus · as of {} ",
            shown(&card.name),
            shown(&rm.branch_code),
            shown(card.focus.as_deref().unwrap_or("no")),
            rm.as_of
        );
        let mut block = boxed(&title, area);
        let inner = block.inner(area);
        let [figures, segments] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
        Paragraph::new(figure_lines(card, usize::from(figures.width.saturating_sub(1)), theme)).render(figures, buf);
        let columns = [Column::needed(8, 12, 9), Column::needed(6, 7, 8), Column::needed(6, 7, 7)];
        let w = share(&columns, segments.width, 1);
        // Segments in the SPEC's order, then any this build does not know, by code.
        let known = Segment::ALL.iter().map(|s| (s.code(), s.label()));
        let unknown = card.segments.keys().filter(|code| Segment::ALL.iter().all(|s| s.code() != *code));
        let rows: Vec<Row> = known
            .chain(unknown.map(|code| (code.as_str(), code.as_str())))
            .filter_map(|(code, label)| {
                let counts = card.segments.get(code)?;
                Some(Row::new(vec![
                    Line::from(fit(label, w[0].into())),
                    Line::from(count_within(counts.active.into(), w[1].into())).right_aligned(),
                    Line::from(count_within(counts.dormant.into(), w[2].into())).right_aligned(),
                ]))
            })
            .collect();
        if rows.is_empty() {
            block.render(area, buf);
            Line::styled(fit_words("No customers in this book.", segments.width.into()), theme.dim())
                .render(segments, buf);
            return;
        }
        // The header takes a line; the arrows move through the segments.
        let (visible, total) = (usize::from(segments.height.saturating_sub(1)), rows.len());
        let at = self.app.coverage.detail_at.min(total - 1);
        let first = first_shown(at, visible, total);
        if let Some(note) = rows_note(first, visible, total, theme) {
            block = block.title_bottom(note);
        }
        block.render(area, buf);
        let head = [("Segment", Align::Text), ("Active", Align::Number), ("Dormant", Align::Number)];
        let table = Table::new(rows, lengths(&w))
            .header(Row::new(headers(&head, &w)).style(Style::new().add_modifier(Modifier::BOLD)))
            .row_highlight_style(theme.selected());
        StatefulWidget::render(table, segments, buf, &mut TableState::new().with_offset(first).with_selected(Some(at)));
    }
}

/// The RM's figures in words, one to a line, in `width` columns: each number is written in
/// the most exact form that fits the room its words leave on the line (`format`'s `*_within`:
/// ₹399.41 Cr, then shorter forms, then `###`), so a figure is shortened, never cut.
fn figure_lines(card: &CoverageCard, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let room = |words: &[&str]| width.saturating_sub(words.iter().map(|w| width_of(w)).sum());
    let status = fit(&card.status, 8);
    // The load's two ratios share what the words leave.
    let each = room(&["Load ", &status, ": ", " min, ", " max"]) / 2;
    let contact = room(&["Contacts in cadence "]);
    let depth = room(&["Depth ", " products"]);
    let book = room(&["Book "]);
    let dormant = room(&["Dormant "]);
    let lines = [
        Line::from(vec![
            Span::raw("Load "),
            status_cell(&card.status, 8, theme),
            Span::styled(
                format!(": {} min, {} max", ratio(card.low_load, each), ratio(card.high_load, each)),
                theme.dim(),
            ),
        ]),
        Line::from(format!("Contacts in cadence {}", percent_within(card.contact_coverage, contact))),
        Line::from(format!("Depth {} products", score_within(card.product_depth, depth))),
        Line::from(format!("Book {}", card.book.map_or_else(|| "–".into(), |b| money_within(b, book)))),
        Line::from(format!("Dormant {}", card.dormant.map_or_else(|| "–".into(), |d| count_within(d.into(), dormant)))),
    ];
    // Only words give way here (below the dashboard's least size), marked.
    lines.into_iter().map(|l| crate::ui::widgets::fit_line(l, width)).collect()
}
