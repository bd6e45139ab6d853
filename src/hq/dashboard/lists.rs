//! Each tab's list: its sort, its filter, its visible rows (kept by key, so that a re-read, a
//! sort or a filter keeps what was selected) and whether its detail pane is open; and how the
//! rows of each tab are picked and ordered from the data. A filter is matched as it shows:
//! what the terminal does not draw is dropped from the typed text as from the fields.

use super::data::HqData;
use super::keys::Action;
use crate::domain::text::for_display;
use crate::ui::action::Action as BranchAction;
use crate::ui::tabs::{Rows, Sorting, matches_filter, moved};
use std::cmp::Ordering;
use strum::VariantArray;

/// The Branches tab's orders; the natural way of each is best first, A to Z, or most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum BranchSort {
    Rank,
    Code,
    Name,
    Region,
    Completeness,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum PeopleSort {
    Rank,
    Name,
    Branch,
    Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum CoverageSort {
    Branch,
    Name,
    Load,
    Contact,
    Book,
}

#[derive(Debug, Clone, PartialEq)]
pub struct List<K> {
    pub sorting: Sorting<K>,
    pub filter: String,
    pub rows: Rows,
    /// The selected row's detail pane is open (it then has the arrows).
    pub open: bool,
    /// The row of the open detail the arrows are on; kept to the detail's rows when drawn.
    pub detail_at: usize,
}

impl<K: VariantArray + Copy + PartialEq + Into<&'static str>> List<K> {
    pub fn new() -> List<K> {
        List {
            sorting: Sorting::new(K::VARIANTS[0]),
            filter: String::new(),
            rows: Rows::default(),
            open: false,
            detail_at: 0,
        }
    }
}

impl<K: VariantArray + Copy + PartialEq + Into<&'static str>> Default for List<K> {
    fn default() -> Self {
        List::new()
    }
}

/// What the state does to whichever tab is on screen, whatever its sort keys.
pub trait Browse {
    /// Reverses the sort, then moves to the next order; says which it is now.
    fn sort(&mut self) -> String;
    fn filter_mut(&mut self) -> &mut String;
    fn rows(&self) -> &Rows;
    fn rows_mut(&mut self) -> &mut Rows;
    fn open_mut(&mut self) -> &mut bool;
    fn detail_at_mut(&mut self) -> &mut usize;
    /// The detail pane is open over a row on screen (a filter can hide the row it was opened on).
    fn detail_shown(&self) -> bool;
}

impl<K: VariantArray + Copy + PartialEq + Into<&'static str>> Browse for List<K> {
    fn sort(&mut self) -> String {
        self.sorting.advance();
        self.sorting.label()
    }

    fn filter_mut(&mut self) -> &mut String {
        &mut self.filter
    }

    fn rows(&self) -> &Rows {
        &self.rows
    }

    fn rows_mut(&mut self) -> &mut Rows {
        &mut self.rows
    }

    fn open_mut(&mut self) -> &mut bool {
        &mut self.open
    }

    fn detail_at_mut(&mut self) -> &mut usize {
        &mut self.detail_at
    }

    fn detail_shown(&self) -> bool {
        self.open && self.rows.selected_position().is_some()
    }
}

/// Moves the selection of `rows` for a movement action (the branch dashboard's `Rows` reads
/// its own actions); false for any other action.
pub fn move_selection(rows: &mut Rows, action: &Action) -> bool {
    movement(action).is_some_and(|movement| rows.move_by(&movement))
}

/// Moves the cursor `at` of a detail of `total` rows for a movement action, as the lists
/// move; false for any other action.
pub fn move_in_detail(at: &mut usize, total: usize, action: &Action) -> bool {
    let last = total.saturating_sub(1);
    let Some(to) = movement(action).and_then(|movement| moved((*at).min(last), last, &movement)) else {
        return false;
    };
    *at = to;
    true
}

/// The branch dashboard's action for a movement key (its lists read their own actions).
fn movement(action: &Action) -> Option<BranchAction> {
    Some(match action {
        Action::Up => BranchAction::Up,
        Action::Down => BranchAction::Down,
        Action::PageUp => BranchAction::PageUp,
        Action::PageDown => BranchAction::PageDown,
        Action::First => BranchAction::First,
        Action::Last => BranchAction::Last,
        _ => return None,
    })
}

/// Typed filter text as it is matched: without what the terminal does not draw (a pasted
/// zero-width space or direction mark would otherwise never match), as the fields are shown.
pub fn clean_filter(text: &str) -> String {
    for_display(text).into_owned()
}

/// Whether any of `fields`, as the screen shows them, contains the filter, ignoring case.
fn shown_matches<'a>(filter: &str, fields: impl IntoIterator<Item = &'a str>) -> bool {
    let needle = clean_filter(filter).trim().to_lowercase();
    let shown: Vec<String> = fields.into_iter().map(|f| for_display(f).into_owned()).collect();
    matches_filter(&needle, shown.iter().map(String::as_str))
}

/// Sorts `rows` (indices) in `sorting`'s order given the natural comparison of two indices.
fn ordered<K: VariantArray + Copy + PartialEq + Into<&'static str>>(
    mut rows: Vec<usize>,
    sorting: &Sorting<K>,
    natural: impl Fn(usize, usize) -> Ordering,
) -> Vec<usize> {
    sorting.apply(&mut rows, |a, b| natural(*a, *b));
    rows
}

/// Most first, unknown last.
fn most_first(a: Option<f64>, b: Option<f64>) -> Ordering {
    b.unwrap_or(f64::NEG_INFINITY).total_cmp(&a.unwrap_or(f64::NEG_INFINITY))
}

pub fn branch_rows(data: &HqData, list: &List<BranchSort>) -> Vec<(usize, String)> {
    let league = &data.snapshot.league;
    let visible = (0..league.len())
        .filter(|&i| {
            let b = &league[i];
            shown_matches(&list.filter, [b.branch_code.as_str(), &b.name, &b.region])
        })
        .collect();
    // The league comes best first: its own order is the rank.
    let rows = ordered(visible, &list.sorting, |a, b| {
        let (x, y) = (&league[a], &league[b]);
        match list.sorting.key {
            BranchSort::Rank => a.cmp(&b),
            BranchSort::Code => x.branch_code.cmp(&y.branch_code),
            BranchSort::Name => x.name.cmp(&y.name).then_with(|| a.cmp(&b)),
            BranchSort::Region => x.region.cmp(&y.region).then_with(|| a.cmp(&b)),
            BranchSort::Completeness => most_first(x.completeness, y.completeness).then_with(|| a.cmp(&b)),
        }
    });
    rows.into_iter().map(|i| (i, league[i].branch_code.clone())).collect()
}

/// A person's or RM's key: logins are unique only inside a branch.
pub fn person_key(branch_code: &str, login: &str) -> String {
    format!("{branch_code}/{login}")
}

pub fn people_rows(data: &HqData, list: &List<PeopleSort>) -> Vec<(usize, String)> {
    let people = &data.snapshot.people;
    let visible = (0..people.len())
        .filter(|&i| {
            let p = &people[i];
            shown_matches(&list.filter, [p.name.as_str(), &p.login, &p.branch_code, &p.region, &p.role])
        })
        .collect();
    let rows = ordered(visible, &list.sorting, |a, b| {
        let (x, y) = (&people[a], &people[b]);
        match list.sorting.key {
            PeopleSort::Rank => a.cmp(&b),
            PeopleSort::Name => x.name.cmp(&y.name).then_with(|| a.cmp(&b)),
            PeopleSort::Branch => x.branch_code.cmp(&y.branch_code).then_with(|| a.cmp(&b)),
            PeopleSort::Role => x.role.cmp(&y.role).then_with(|| a.cmp(&b)),
        }
    });
    rows.into_iter().map(|i| (i, person_key(&people[i].branch_code, &people[i].login))).collect()
}

pub fn coverage_rows(data: &HqData, list: &List<CoverageSort>) -> Vec<(usize, String)> {
    let rms = &data.snapshot.coverage;
    let cards = &data.coverage;
    let visible = (0..rms.len())
        .filter(|&i| {
            let c = &cards[i];
            shown_matches(&list.filter, [c.name.as_str(), &c.login, &rms[i].branch_code, &rms[i].region, &c.status])
        })
        .collect();
    // Head office reads them by branch, then name: that order is the natural "branch" one.
    let rows = ordered(visible, &list.sorting, |a, b| {
        let (x, y) = (&cards[a], &cards[b]);
        match list.sorting.key {
            CoverageSort::Branch => a.cmp(&b),
            CoverageSort::Name => x.name.cmp(&y.name).then_with(|| a.cmp(&b)),
            CoverageSort::Load => most_first(x.high_load, y.high_load).then_with(|| a.cmp(&b)),
            CoverageSort::Contact => most_first(x.contact_coverage, y.contact_coverage).then_with(|| a.cmp(&b)),
            CoverageSort::Book => most_first(x.book, y.book).then_with(|| a.cmp(&b)),
        }
    });
    rows.into_iter().map(|i| (i, person_key(&rms[i].branch_code, &cards[i].login))).collect()
}
