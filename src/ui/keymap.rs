//! Turns key presses into actions. What a key means depends only on whether a text input or
//! an overlay is open, so the whole map fits on one screen (and in the `?` help).

use super::action::Action;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::backend::crossterm::to_input_request;

/// Which kind of key handling applies right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMode {
    Normal,
    /// A filter or edit input has the keyboard.
    TextInput,
    /// The help overlay or a dialog is open: any of a few keys closes it.
    Overlay,
}

/// One row of the help overlay: keys and what they do.
pub const HELP: &[(&str, &str)] = &[
    ("Tab / Shift-Tab, 1 2 3", "switch tabs (Team, Portfolio, KRA drill-down)"),
    ("↑ ↓ ← →  /  k j h l", "move"),
    ("PgUp PgDn Home End, g G", "move faster, first, last"),
    ("Enter", "open the selected person, KRA or RM"),
    ("Esc", "back out, close, cancel"),
    ("/", "filter (names, roles, customers)"),
    ("s", "change the sort order"),
    ("[  ]", "previous / next period"),
    ("p", "cycle month / quarter / year"),
    ("e", "edit the selected actual (month view) or rating"),
    ("h", "history of the selected value (KPI list)"),
    ("n", "portfolio: customers not contacted in N days"),
    ("c", "portfolio: customers / capability profile"),
    ("?", "this help"),
    ("q", "quit"),
];

pub fn action_for(key: KeyEvent, mode: KeyMode) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    match mode {
        KeyMode::TextInput => match key.code {
            KeyCode::Enter => Some(Action::Submit),
            KeyCode::Esc => Some(Action::Cancel),
            _ => to_input_request(&Event::Key(key)).map(Action::Input),
        },
        KeyMode::Overlay => match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('?') | KeyCode::Char('q') => Some(Action::Back),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            _ => None,
        },
        KeyMode::Normal => normal_action(key),
    }
}

fn normal_action(key: KeyEvent) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Tab => Action::NextTab,
        KeyCode::BackTab => Action::PreviousTab,
        KeyCode::Char(c @ '1'..='3') => Action::GoToTab(c as usize - '1' as usize),
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Left => Action::Left,
        KeyCode::Char('h') => Action::History,
        KeyCode::Right | KeyCode::Char('l') => Action::Right,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::Home,
        KeyCode::End | KeyCode::Char('G') => Action::End,
        KeyCode::Enter => Action::Open,
        KeyCode::Esc => Action::Back,
        KeyCode::Char('/') => Action::StartFilter,
        KeyCode::Char('s') => Action::CycleSort,
        KeyCode::Char('[') => Action::PreviousPeriod,
        KeyCode::Char(']') => Action::NextPeriod,
        KeyCode::Char('p') => Action::CyclePeriodKind,
        KeyCode::Char('e') => Action::Edit,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('n') => Action::CycleStaleView,
        KeyCode::Char('c') => Action::ToggleCapabilities,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn keys_of_the_spec() {
        let normal = |code| action_for(press(code), KeyMode::Normal);
        assert_eq!(normal(KeyCode::Tab), Some(Action::NextTab));
        assert_eq!(normal(KeyCode::BackTab), Some(Action::PreviousTab));
        assert_eq!(normal(KeyCode::Char('2')), Some(Action::GoToTab(1)));
        assert_eq!(normal(KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(normal(KeyCode::Char('[')), Some(Action::PreviousPeriod));
        assert_eq!(normal(KeyCode::Char('p')), Some(Action::CyclePeriodKind));
        assert_eq!(normal(KeyCode::Char('x')), None);
        let release = KeyEvent { kind: KeyEventKind::Release, ..press(KeyCode::Char('q')) };
        assert_eq!(action_for(release, KeyMode::Normal), None);
    }

    #[test]
    fn inputs_take_the_keyboard() {
        assert!(matches!(action_for(press(KeyCode::Char('q')), KeyMode::TextInput), Some(Action::Input(_))));
        assert_eq!(action_for(press(KeyCode::Enter), KeyMode::TextInput), Some(Action::Submit));
        assert_eq!(action_for(press(KeyCode::Esc), KeyMode::TextInput), Some(Action::Cancel));
        assert_eq!(action_for(press(KeyCode::Char('?')), KeyMode::Overlay), Some(Action::Back));
    }
}
