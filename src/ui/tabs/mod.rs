//! The dashboard's tabs, one room each: a tab owns its selection, sort, filter and visible rows,
//! turns actions into effects (`handle`) and draws itself (a `Widget`). Here: what they share.

pub mod drilldown;
pub mod portfolio;
pub mod team;

#[cfg(test)]
mod tests;

use super::action::Action;
use super::data::DashboardData;
use crate::domain::actor::Actor;
use strum::VariantArray;

pub use super::tab::Tab;

/// What a tab reads to handle an action: the data on screen and who is looking.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub data: &'a DashboardData,
    pub actor: &'a Actor,
}

/// Rows a page key moves.
pub const PAGE: usize = 10;

/// A list's visible rows in display order (indices into the data) and its selection, kept by
/// key (login, customer id, KPI code) so that a reload, sort or filter keeps what the user was
/// looking at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    order: Vec<usize>,
    keys: Vec<String>,
    selected: Option<String>,
}

impl Rows {
    /// Takes the new visible rows; the selection stays on its key if still visible, else the
    /// first row.
    pub fn set(&mut self, rows: Vec<(usize, String)>) {
        (self.order, self.keys) = rows.into_iter().unzip();
        // An empty list (a book being read again) keeps the selection for when rows return.
        if !self.keys.is_empty() && !self.selected.as_ref().is_some_and(|key| self.keys.contains(key)) {
            self.selected = self.keys.first().cloned();
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Data indices in display order.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Where the selection is on screen.
    pub fn selected_position(&self) -> Option<usize> {
        let key = self.selected.as_ref()?;
        self.keys.iter().position(|k| k == key)
    }

    /// The data index of the selected row.
    pub fn selected_row(&self) -> Option<usize> {
        self.selected_position().map(|at| self.order[at])
    }

    pub fn selected_key(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    pub fn select(&mut self, key: &str) {
        self.selected = Some(key.to_string());
    }

    /// Moves the selection for a movement key; false for any other action.
    pub fn move_by(&mut self, action: &Action) -> bool {
        let Some(last) = self.len().checked_sub(1) else {
            return matches!(
                action,
                Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::First | Action::Last
            );
        };
        let Some(to) = moved(self.selected_position().unwrap_or(0), last, action) else { return false };
        self.selected = Some(self.keys[to].clone());
        true
    }
}

/// Where a movement key takes a cursor at `at` in a list whose last position is `last` (a
/// page is `PAGE` rows); `None` for any other action.
pub fn moved(at: usize, last: usize, action: &Action) -> Option<usize> {
    Some(match action {
        Action::Up => at.saturating_sub(1),
        Action::Down => (at + 1).min(last),
        Action::PageUp => at.saturating_sub(PAGE),
        Action::PageDown => (at + PAGE).min(last),
        Action::First => 0,
        Action::Last => last,
        _ => return None,
    })
}

/// Which way a sort runs: its natural way (best first, A to Z) or reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Natural,
    Reversed,
}

/// A list's sort: a key and a direction. `s` reverses a sort, then moves to the next key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sorting<K> {
    pub key: K,
    pub order: SortOrder,
}

impl<K: VariantArray + Copy + PartialEq + Into<&'static str>> Sorting<K> {
    pub fn new(key: K) -> Sorting<K> {
        Sorting { key, order: SortOrder::Natural }
    }

    pub fn advance(&mut self) {
        match self.order {
            SortOrder::Natural => self.order = SortOrder::Reversed,
            SortOrder::Reversed => {
                let at = K::VARIANTS.iter().position(|k| *k == self.key).unwrap_or(0);
                *self = Sorting::new(K::VARIANTS[(at + 1) % K::VARIANTS.len()]);
            }
        }
    }

    /// Puts `rows` in this sort's order, given the natural comparison.
    pub fn apply<T>(&self, rows: &mut [T], natural: impl Fn(&T, &T) -> std::cmp::Ordering) {
        match self.order {
            SortOrder::Natural => rows.sort_by(natural),
            SortOrder::Reversed => rows.sort_by(|a, b| natural(b, a)),
        }
    }

    /// "rank", "rank, reversed".
    pub fn label(&self) -> String {
        let key: &'static str = self.key.into();
        match self.order {
            SortOrder::Natural => key.to_string(),
            SortOrder::Reversed => format!("{key}, reversed"),
        }
    }
}

/// Whether `needle` (already lower case) is found in any of `fields`, ignoring case.
pub fn matches_filter<'a>(needle: &str, fields: impl IntoIterator<Item = &'a str>) -> bool {
    needle.is_empty() || fields.into_iter().any(|f| f.to_lowercase().contains(needle))
}
