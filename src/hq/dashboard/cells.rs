//! What the head-office tabs share when they draw: bands and roles as short coloured labels,
//! headers that take their long form when the column has room, and where a detail pane goes.

use crate::domain::scoring::Band;
use crate::domain::template::Role;
use crate::ui::format::fit;
use crate::ui::theme::Theme;
use crate::ui::widgets::rows_label;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use std::str::FromStr;

/// A band label as head office stores it ("Needs improvement"), coloured; "–" when none.
pub fn band_cell(label: Option<&str>, width: u16, theme: Theme) -> Span<'static> {
    match label {
        Some(label) => {
            let style = Band::from_str(label).map(|b| theme.band(b)).unwrap_or_default();
            Span::styled(fit(label, width.into()), style)
        }
        None => Span::styled("–", theme.dim()),
    }
}

/// A role code ("relationship_manager") as the branch dashboard labels it ("RM").
pub fn role_label(code: &str) -> &str {
    Role::from_code(code).map(Role::short_label).unwrap_or(code)
}

/// `long` when a column of `width` holds it, else `short`.
pub fn header<'a>(long: &'a str, short: &'a str, width: u16) -> &'a str {
    if crate::ui::format::width(long) <= usize::from(width) { long } else { short }
}

/// The list above and, when open, the detail pane below it: the pane gets what it `wants`,
/// up to two thirds of the room (the user asked for it), and the list keeps the rest, at
/// least five lines (it scrolls to its selection).
pub fn split_for_detail(area: Rect, open: bool, wants: u16) -> (Rect, Option<Rect>) {
    if !open {
        return (area, None);
    }
    let list = (area.height / 3).max(5);
    let pane = wants.min(area.height.saturating_sub(list));
    let [list, detail] = Layout::vertical([Constraint::Min(0), Constraint::Length(pane)]).areas(area);
    (list, (pane > 2).then_some(detail))
}

/// The most columns a name column takes: a longer name is shortened and marked `…`, rather
/// than squeezing the columns after it (role, band, region) to their least.
pub const NAME_MOST: u16 = 24;

/// A bottom border note for a detail that shows `visible` of its `total` rows from `first`,
/// as the lists say it (" rows 3–11 of 16 ↑↓ "): nothing when all fit.
pub fn rows_note(first: usize, visible: usize, total: usize, theme: Theme) -> Option<Line<'static>> {
    if total <= visible || visible == 0 {
        return None;
    }
    Some(Line::from(Span::styled(rows_label(first, visible, total), theme.key())).right_aligned())
}
