//! The People tab: everyone with an overall score in the period across the branches listed,
//! ranked together (branch managers apart, as in the branches); the detail pane shows one
//! person's KRA scores from the card their branch shipped, and has the arrows while open.

use super::cells::{NAME_MOST, band_cell, role_label, rows_note, split_for_detail};
use super::data::HqData;
use super::state::HqApp;
use crate::domain::template::Unit;
use crate::hq::store::PersonRow;
use crate::ui::columns::Column;
use crate::ui::columns::share;
use crate::ui::format::{bar, count_within, delta_within, fit, kpi_value_within, percent_within, score_within, shown};
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
use ratatui::widgets::{Row, StatefulWidget, Table, TableState, Widget};

pub struct PeopleView<'a> {
    pub app: &'a HqApp,
    pub data: &'a HqData,
    pub theme: Theme,
}

impl Widget for PeopleView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let list = &self.app.people;
        let selected = list.rows.selected_row();
        let kras = selected.map_or(0, |i| self.data.people[i].kras.len() as u16);
        let open = list.open && selected.is_some();
        let (table, detail) = split_for_detail(area, open, (kras + 4).max(8));
        // An open detail has the arrows: the list shows it has not.
        self.render_people(table, !open, buf);
        if let (Some(at), Some(detail)) = (selected, detail) {
            self.render_kras(at, detail, buf);
        }
    }
}

impl PeopleView<'_> {
    fn render_people(&self, area: Rect, focused: bool, buf: &mut Buffer) {
        let (data, theme, list) = (self.data, self.theme, &self.app.people);
        let people = &data.snapshot.people;
        let visible = || list.rows.order().iter().map(|&i| &people[i]);
        let columns = [
            Column::needed(3, 4, 9),
            Column::needed(4, widest(visible().map(|p| p.branch_code.as_str())).max(6), 8),
            Column::optional(6, widest(visible().map(|p| p.region.as_str())).max(6), 3),
            Column::needed(10, widest(visible().map(|p| p.name.as_str())).clamp(4, NAME_MOST), 7),
            Column::needed(6, 12, 5),
            Column::needed(5, 7, 10),
            Column::needed(5, 17, 6),
        ];
        let w = column_widths(&columns, area);
        let rows: Vec<Row> = list
            .rows
            .order()
            .iter()
            .map(|&i| {
                let p = &people[i];
                Row::new(vec![
                    Line::from(count_within(p.rank.into(), w[0].into())),
                    Line::from(fit(&p.branch_code, w[1].into())),
                    Line::from(fit(&p.region, w[2].into())),
                    Line::from(fit(&p.name, w[3].into())),
                    Line::from(fit(role_label(&p.role), w[4].into())),
                    Line::from(score_within(Some(p.overall), w[5].into())).right_aligned(),
                    Line::from(band_cell(p.band.as_deref(), w[6], theme)),
                ])
            })
            .collect();
        let title = format!(" People · {} · by {} ", data.snapshot.period, list.sorting.label());
        ListTable {
            rows,
            widths: &w,
            header: &[
                ("#", Align::Text),
                ("Branch", Align::Text),
                ("Region", Align::Text),
                ("Name", Align::Text),
                ("Role", Align::Text),
                ("Overall", Align::Number),
                ("Band", Align::Text),
            ],
            title: with_filter(title, &list.filter),
            focused,
            selected: list.rows.selected_position(),
        }
        .render(area, buf, theme);
        let empty = if people.is_empty() {
            Some(format!("Nobody has an overall score for {} yet.", data.snapshot.period))
        } else {
            list.rows.is_empty().then(|| "Nobody matches the filter; Esc clears it.".to_string())
        };
        if let Some(message) = empty {
            empty_message(&message, area, buf, theme);
        }
    }

    /// The person's KRAs with weight and score, under a line of what the list leaves out; the
    /// arrows move through them, and the border says which show when not all do.
    fn render_kras(&self, at: usize, area: Rect, buf: &mut Buffer) {
        let (data, theme) = (self.data, self.theme);
        let person: &PersonRow = &data.snapshot.people[at];
        let card = &data.people[at];
        let title = format!(
            " {} · {} · {} · KRAs in {} ",
            shown(&person.name),
            shown(&person.branch_code),
            role_label(&person.role),
            data.snapshot.period
        );
        let mut block = boxed(&title, area);
        // Borders, the summary and the header take four lines.
        let visible = usize::from(area.height.saturating_sub(4));
        let total = card.kras.len();
        let at = self.app.people.detail_at.min(total.saturating_sub(1));
        let first = first_shown(at, visible, total);
        if let Some(note) = rows_note(first, visible, total, theme) {
            block = block.title_bottom(note);
        }
        let inner = block.inner(area);
        block.render(area, buf);
        let [summary, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        let summary_text = format!(
            "overall {} · rank {} in {}, {} of {} listed · done {} · change {}",
            score_within(Some(person.overall), 6),
            card.rank.map_or_else(|| "–".into(), |r| count_within(r.into(), 6)),
            shown(&person.branch_code),
            count_within(person.rank.into(), 6),
            count_within(data.snapshot.people.len() as f64, 8),
            percent_within(card.completeness, 5),
            delta_within(card.change, 7),
        );
        Line::styled(fit_words(&summary_text, summary.width.into()), theme.dim()).render(summary, buf);
        if card.kras.is_empty() {
            Line::styled("The branch shipped no KRAs for this person.", theme.dim()).render(table, buf);
            return;
        }
        let names = card.kras.iter().map(|k| k.name.as_str());
        let columns = [
            Column::needed(12, widest(names).max(3), 9),
            Column::needed(6, 6, 7),
            Column::needed(5, 6, 8),
            Column::optional(8, 30, 1),
        ];
        let w = share(&columns, table.width, 1);
        let rows: Vec<Row> = card
            .kras
            .iter()
            .map(|k| {
                let weight = k.weight.map_or_else(|| "–".into(), |v| kpi_value_within(v, Unit::Percent, w[1].into()));
                // Scores are capped at 120 % of target (SPEC §3): the bar's full width.
                let gauge = k.score.map(|s| bar(s / 120.0, w[3].into())).unwrap_or_default();
                Row::new(vec![
                    Line::from(fit(&k.name, w[0].into())),
                    Line::from(weight).right_aligned(),
                    Line::from(score_within(k.score, w[2].into())).right_aligned(),
                    Line::from(Span::styled(gauge, theme.title())),
                ])
            })
            .collect();
        let head = [("KRA", Align::Text), ("Weight", Align::Number), ("Score", Align::Number), ("", Align::Text)];
        let kras = Table::new(rows, lengths(&w))
            .header(Row::new(headers(&head, &w)).style(Style::new().add_modifier(Modifier::BOLD)))
            .row_highlight_style(theme.selected());
        StatefulWidget::render(kras, table, buf, &mut TableState::new().with_offset(first).with_selected(Some(at)));
    }
}
