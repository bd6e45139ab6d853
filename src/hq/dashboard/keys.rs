//! The head-office dashboard's one key table: which key does what, where, with the words the
//! `?` overlay shows. Keys are read from `BINDINGS` and the help is written from it, so the two
//! cannot drift apart. Key names come from the branch dashboard's `Key`. An open detail pane
//! has the arrows (as the branch dashboard's panes have them once `Enter` moves into them);
//! `Esc` gives them back to the list.

use super::tab::HqTab;
use crate::ui::keys::Key;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::InputRequest;
use tui_input::backend::crossterm::to_input_request;

/// What a key press means, whatever key it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// `Ctrl-C`: quit from any mode, the filter input included.
    ForceQuit,
    NextTab,
    PreviousTab,
    /// `1`–`3`: the tab at this position (0-based).
    GoToTab(usize),
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    /// `Enter`: the selected row's detail pane, which then has the arrows.
    Open,
    /// `Esc`: close the detail pane; in the list, clear the filter.
    Back,
    Filter,
    /// `s`: reverse the sort, then move to the next order.
    Sort,
    PreviousPeriod,
    NextPeriod,
    CyclePeriodKind,
    /// `r`: all regions → each region → all.
    CycleRegion,
    Help,
    /// Text typed into the filter.
    Input(InputRequest),
    /// `Enter` in the filter: keep it.
    Submit,
    /// `Esc` in the filter: clear it.
    Cancel,
}

/// What has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The tab's list has the keyboard.
    Browse(HqTab),
    /// The tab's detail pane is open and has the arrows.
    Detail(HqTab),
    Filter,
    Help,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    /// A tab, its list or its open detail.
    AnyTab,
    /// Any tab's list.
    List,
    /// This tab's list.
    OnTab(HqTab),
    /// Any tab's open detail.
    Detail,
    Filter,
    Help,
}

impl Scope {
    fn covers(self, mode: Mode) -> bool {
        match (self, mode) {
            (Scope::Everywhere, _) | (Scope::AnyTab, Mode::Browse(_) | Mode::Detail(_)) => true,
            (Scope::List, Mode::Browse(_)) | (Scope::Detail, Mode::Detail(_)) => true,
            (Scope::OnTab(tab), Mode::Browse(on)) => tab == on,
            (Scope::Filter, Mode::Filter) | (Scope::Help, Mode::Help) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

const fn bind(scope: Scope, keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { scope, keys, action, help }
}

const fn key(code: KeyCode) -> Key {
    Key { code, modifiers: KeyModifiers::NONE }
}

const fn char(c: char) -> Key {
    key(KeyCode::Char(c))
}

const CTRL_C: Key = Key { code: KeyCode::Char('c'), modifiers: KeyModifiers::CONTROL };

const OPEN_KEYS: &[Key] = &[key(KeyCode::Enter), key(KeyCode::Right), char('l')];

use Scope::{AnyTab, Detail, Everywhere, List, OnTab};

/// Every key of the head-office dashboard: the branch dashboard's keys where they mean the
/// same (SPEC §8), plus `r` for the region. The first binding covering the mode and key wins.
pub const BINDINGS: &[Binding] = &[
    bind(Everywhere, &[CTRL_C], Action::ForceQuit, "quit at once"),
    bind(Scope::Help, &[key(KeyCode::Esc), key(KeyCode::Enter), char('q'), char('?')], Action::Back, "close"),
    bind(Scope::Help, &[key(KeyCode::Up), char('k')], Action::Up, "scroll up"),
    bind(Scope::Help, &[key(KeyCode::Down), char('j')], Action::Down, "scroll down"),
    bind(Scope::Filter, &[key(KeyCode::Enter)], Action::Submit, "keep the filter"),
    bind(Scope::Filter, &[key(KeyCode::Esc)], Action::Cancel, "clear the filter"),
    bind(OnTab(HqTab::Branches), OPEN_KEYS, Action::Open, "open the branch's people; arrows move in them"),
    bind(OnTab(HqTab::People), OPEN_KEYS, Action::Open, "open the person's KRAs; arrows move in them"),
    bind(OnTab(HqTab::Coverage), OPEN_KEYS, Action::Open, "open the RM's segments; arrows move in them"),
    // An open detail: the arrows move in it, Esc gives them back to the list.
    bind(Detail, &[key(KeyCode::Esc), key(KeyCode::Left), char('h')], Action::Back, "close the detail"),
    bind(Detail, &[key(KeyCode::Up), char('k')], Action::Up, "up in the detail"),
    bind(Detail, &[key(KeyCode::Down), char('j')], Action::Down, "down in the detail"),
    bind(Detail, &[key(KeyCode::PageUp)], Action::PageUp, "a page up in the detail"),
    bind(Detail, &[key(KeyCode::PageDown)], Action::PageDown, "a page down in the detail"),
    bind(Detail, &[key(KeyCode::Home), char('g')], Action::First, "the detail's first row"),
    bind(Detail, &[key(KeyCode::End), char('G')], Action::Last, "the detail's last row"),
    bind(List, &[key(KeyCode::Esc), key(KeyCode::Left), char('h')], Action::Back, "clear the list's filter"),
    bind(AnyTab, &[char('q')], Action::Quit, "quit"),
    bind(AnyTab, &[char('?')], Action::Help, "this help"),
    bind(AnyTab, &[key(KeyCode::Tab)], Action::NextTab, "next tab"),
    bind(AnyTab, &[key(KeyCode::BackTab)], Action::PreviousTab, "previous tab"),
    bind(AnyTab, &[char('1')], Action::GoToTab(0), "Branches"),
    bind(AnyTab, &[char('2')], Action::GoToTab(1), "People"),
    bind(AnyTab, &[char('3')], Action::GoToTab(2), "Coverage"),
    bind(List, &[key(KeyCode::Up), char('k')], Action::Up, "move up"),
    bind(List, &[key(KeyCode::Down), char('j')], Action::Down, "move down"),
    bind(List, &[key(KeyCode::PageUp)], Action::PageUp, "a page up"),
    bind(List, &[key(KeyCode::PageDown)], Action::PageDown, "a page down"),
    bind(List, &[key(KeyCode::Home), char('g')], Action::First, "first row"),
    bind(List, &[key(KeyCode::End), char('G')], Action::Last, "last row"),
    bind(AnyTab, &[char('[')], Action::PreviousPeriod, "previous period"),
    bind(AnyTab, &[char(']')], Action::NextPeriod, "next period"),
    bind(AnyTab, &[char('p')], Action::CyclePeriodKind, "month → quarter → year → back to the month"),
    bind(AnyTab, &[char('r')], Action::CycleRegion, "region: all → each region → all"),
    bind(AnyTab, &[char('/')], Action::Filter, "filter by name or code"),
    bind(AnyTab, &[char('s')], Action::Sort, "sort (again: reverse, then the next order)"),
];

/// Whether `key` is the key of `event`: terminals report Shift with capitals and `Shift-Tab`,
/// where the character already says it.
fn matches(key: Key, event: &KeyEvent) -> bool {
    let modifiers = match event.code {
        KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
        _ => event.modifiers,
    };
    key.code == event.code && key.modifiers == modifiers
}

/// The action a key press means in `mode`. Releases and repeats are ignored; in the filter
/// every key that is not bound is typed.
pub fn action_for(event: KeyEvent, mode: Mode) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    let bound = BINDINGS
        .iter()
        .find(|b| b.scope.covers(mode) && b.keys.iter().any(|k| matches(*k, &event)))
        .map(|b| b.action.clone());
    match (bound, mode) {
        (Some(action), _) => Some(action),
        (None, Mode::Filter) => to_input_request(&Event::Key(event)).map(Action::Input),
        (None, _) => None,
    }
}

/// The help for `mode`: the tab's own keys first, then the shared ones, each with its keys' names.
pub fn help_for(mode: Mode) -> Vec<(String, &'static str)> {
    let own = BINDINGS.iter().filter(|b| matches!(b.scope, OnTab(_)));
    let shared = BINDINGS.iter().filter(|b| !matches!(b.scope, OnTab(_) | Everywhere));
    own.chain(shared)
        .filter(|b| b.scope.covers(mode))
        .map(|b| (b.keys.iter().map(|k| k.name()).collect::<Vec<_>>().join(" "), b.help))
        .chain(std::iter::once((CTRL_C.name(), "quit at once, anywhere")))
        .collect()
}
