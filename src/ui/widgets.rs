//! Drawing pieces the tabs share: a bordered table of rows that shows where you are in a long
//! list (a scroll bar on the right edge and "rows 11–19 of 40" on the bottom edge whenever rows
//! are hidden), column widths, headers, boxes and lines fitted to their room.

use crate::ui::columns::{Column, share};
use crate::ui::format::fit;
use crate::ui::theme::Theme;
use crate::ui::wrap::{fit_words, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Paragraph, Row, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Table, TableState,
    Widget,
};
use std::ops::Range;

pub struct ListTable<'a> {
    pub rows: Vec<Row<'a>>,
    /// Each column's width (see `column_widths`) with its header.
    pub widths: &'a [u16],
    pub header: &'a [(&'a str, Align)],
    pub title: String,
    /// The list has the keyboard: its border is highlighted and its selection shown.
    pub focused: bool,
    pub selected: Option<usize>,
}

impl ListTable<'_> {
    pub fn render(self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let total = self.rows.len();
        self.render_window(0, total, area, buf, theme);
    }

    /// Draws a long list from only the rows on screen: `rows` are those of
    /// `shown_rows(total, …)`, the first of them at position `first` of `total`, and
    /// `selected` is a position in the whole list. Building every row of a 5,000-customer book
    /// for each frame would make every key wait for it.
    pub fn render_window(self, first: usize, total: usize, area: Rect, buf: &mut Buffer, theme: Theme) {
        let border = if self.focused { theme.key() } else { Style::new() };
        // A title longer than the border loses its last words, marked, never half a word.
        let title = fit_words(&self.title, usize::from(area.width.saturating_sub(2)));
        let block = Block::new().borders(Borders::ALL).title(title).border_style(border);
        let table = Table::new(self.rows, lengths(self.widths))
            .header(Row::new(headers(self.header, self.widths)).style(Style::new().add_modifier(Modifier::BOLD)))
            .row_highlight_style(theme.selected())
            .block(block);
        let selected = if self.focused { self.selected } else { None };
        let mut state = TableState::default().with_selected(selected.and_then(|s| s.checked_sub(first)));
        StatefulWidget::render(table, area, buf, &mut state);
        // Borders and the header take three lines.
        let visible = (area.height as usize).saturating_sub(3);
        if total > visible && visible > 0 {
            show_position(first + state.offset(), visible, total, area, buf, theme);
        }
    }
}

/// Where `visible` rows from position `first` sit in a list of `total`, as every long list
/// says it on its bottom edge: " rows 11–19 of 40 ↑↓ ".
pub fn rows_label(first: usize, visible: usize, total: usize) -> String {
    let last = (first + visible).min(total);
    let more = match (first > 0, last < total) {
        (true, true) => "↑↓",
        (false, true) => "↓",
        _ => "↑",
    };
    format!(" rows {}–{last} of {total} {more} ", first + 1)
}

/// The first of `total` rows on screen when `visible` fit and row `at` must show: a list
/// scrolls just far enough to keep it in view.
pub fn first_shown(at: usize, visible: usize, total: usize) -> usize {
    at.min(total.saturating_sub(1)).saturating_sub(visible.saturating_sub(1))
}

/// The positions of a list of `total` rows that a `ListTable` in `area` shows when `selected`
/// is the list's selection and `focused` whether it shows: the table scrolls just far enough to
/// keep the selection in view, so the rows on screen follow from these alone.
pub fn shown_rows(total: usize, selected: Option<usize>, focused: bool, area: Rect) -> Range<usize> {
    let visible = (area.height as usize).saturating_sub(3);
    let offset = selected.filter(|_| focused).map_or(0, |s| first_shown(s, visible, total));
    offset.min(total)..(offset + visible).min(total)
}

/// Marks a list that does not fit: a scroll bar over the right border and the rows shown.
fn show_position(offset: usize, visible: usize, total: usize, area: Rect, buf: &mut Buffer, theme: Theme) {
    let bar_area = area.inner(Margin { horizontal: 0, vertical: 1 });
    let mut state = ScrollbarState::new(total.saturating_sub(visible)).position(offset);
    // On the right border: the track is the border itself, the thumb a heavier line.
    Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .track_symbol(Some("│"))
        .thumb_symbol("┃")
        .render(bar_area, buf, &mut state);
    let label = rows_label(offset, visible, total);
    let width = crate::ui::format::width(&label) as u16;
    if area.width > width + 2 {
        let at = Rect { x: area.right() - width - 1, y: area.bottom() - 1, width, height: 1 };
        Line::from(Span::styled(label, theme.key())).render(at, buf);
    }
}

/// The widths of a bordered table's columns in `area`, shared by what matters (see `share`).
pub fn column_widths(columns: &[Column], area: Rect) -> Vec<u16> {
    share(columns, area.width.saturating_sub(2), 1)
}

/// Widths as ratatui constraints.
pub fn lengths(widths: &[u16]) -> Vec<Constraint> {
    widths.iter().map(|w| Constraint::Length(*w)).collect()
}

/// The widest of `texts` in terminal columns, as a column's `want`.
pub fn widest<'a>(texts: impl IntoIterator<Item = &'a str>) -> u16 {
    texts.into_iter().map(crate::ui::format::width).max().unwrap_or(0).min(u16::MAX as usize) as u16
}

/// A list's title with the filter that narrows it, when there is one: ` … · "cross" `.
pub fn with_filter(mut title: String, filter: &str) -> String {
    if !filter.is_empty() {
        title.push_str(&format!("· \"{}\" ", fit(filter, 16)));
    }
    title
}

/// A bordered box titled `title`, the title fitted to the box (its last words give way,
/// marked `…`).
pub fn boxed(title: &str, area: Rect) -> Block<'static> {
    Block::new().borders(Borders::ALL).title(fit_words(title, usize::from(area.width.saturating_sub(2))))
}

/// A dim message inside an empty list, under its header, wrapped to the list's width.
pub fn empty_message(message: &str, area: Rect, buf: &mut Buffer, theme: Theme) {
    let width = area.width.saturating_sub(4);
    let lines: Vec<Line> =
        wrap(message, width.into()).into_iter().map(|l| Line::from(Span::styled(l, theme.dim()))).collect();
    let height = (lines.len() as u16).min(area.height.saturating_sub(3));
    Paragraph::new(lines).render(Rect { x: area.x + 2, y: area.y + 2, width, height }, buf);
}

/// Whether a column holds numbers (its header sits right, over them) or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Text,
    Number,
}

/// Headers fitted to their columns (a cut marked `…`), number headers over their numbers.
pub fn headers(names: &[(&str, Align)], widths: &[u16]) -> Vec<Line<'static>> {
    names
        .iter()
        .zip(widths)
        .map(|((name, align), width)| {
            let line = Line::from(fit(name, (*width).into()));
            match align {
                Align::Text => line,
                Align::Number => line.right_aligned(),
            }
        })
        .collect()
}

/// Every line fitted to `width` columns (see `fit_line`).
pub fn fit_lines(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    lines.into_iter().map(|line| fit_line(line, width.into())).collect()
}

/// `line` in at most `width` columns: whole when it fits, else its spans cut where the room
/// ends and the cut marked `…` (a line on screen never just stops mid-word).
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut room = width.saturating_sub(1);
    let mut spans = Vec::new();
    for span in line.spans {
        if room == 0 {
            break;
        }
        let text = crate::ui::format::clip(&span.content, room);
        room -= crate::ui::format::width(&text);
        spans.push(Span::styled(text, span.style));
    }
    if width > 0 {
        spans.push(Span::raw("…"));
    }
    Line::from(spans).style(line.style)
}

/// A `width`×`height` box in the middle of `area` (smaller when `area` is).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    use ratatui::layout::{Constraint, Flex, Layout};
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(row);
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list drawn from only its rows on screen looks exactly as the whole list drawn: the
    /// same rows, selection, scroll bar and "rows a–b of n", wherever the selection is.
    #[test]
    fn a_window_of_rows_draws_as_the_whole_list() {
        let area = Rect::new(0, 0, 30, 9);
        for total in [0, 1, 5, 6, 7, 40] {
            for selected in [None, Some(0), Some(3), Some(5), Some(6), Some(20), Some(39)] {
                let selected = selected.filter(|&s| s < total);
                for focused in [true, false] {
                    let row = |i: usize| Row::new(vec![Line::from(format!("customer {i}"))]);
                    let table = |rows| ListTable {
                        rows,
                        widths: &[20],
                        header: &[("Name", Align::Text)],
                        title: " Customers ".into(),
                        focused,
                        selected,
                    };
                    let mut whole = Buffer::empty(area);
                    table((0..total).map(row).collect()).render(area, &mut whole, Theme::plain());
                    let shown = shown_rows(total, selected, focused, area);
                    let mut window = Buffer::empty(area);
                    table(shown.clone().map(row).collect()).render_window(
                        shown.start,
                        total,
                        area,
                        &mut window,
                        Theme::plain(),
                    );
                    assert_eq!(window, whole, "{total} rows, {selected:?} selected, focused {focused}");
                }
            }
        }
    }
}
