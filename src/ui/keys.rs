//! The one key table: which key does what, where, with the words the `?` overlay shows. The
//! key reader and the help are both read from `BINDINGS`, so they cannot drift apart.

use super::action::Action;
use super::tab::Tab;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::backend::crossterm::to_input_request;

/// Whose help it is: some keys work for the branch manager only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Manager,
    Staff,
}

/// What has the keyboard right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A tab, with nothing open over it.
    Browse(Tab),
    /// A filter or edit input.
    TextInput,
    /// The help, a value's history, a KPI's months or a conflict: read, then closed.
    Overlay,
    /// A dialog that asks before it changes something (plan a month, close a month, move
    /// customers): its fields take the keys.
    Dialog,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every mode, inputs and overlays included.
    Everywhere,
    /// Every tab.
    AnyTab,
    /// Every tab, for the branch manager only.
    ManagerAnyTab,
    OnTab(Tab),
    /// A tab, for the branch manager only: staff have no RM list and rate nothing, so the help
    /// does not list these keys to them.
    ManagerOnTab(Tab),
    TextInput,
    Overlay,
    Dialog,
}

impl Scope {
    fn covers(self, mode: Mode) -> bool {
        match (self, mode) {
            (Scope::Everywhere, _) => true,
            (Scope::AnyTab | Scope::ManagerAnyTab, Mode::Browse(_)) => true,
            (Scope::OnTab(tab) | Scope::ManagerOnTab(tab), Mode::Browse(on)) => tab == on,
            (Scope::TextInput, Mode::TextInput) => true,
            (Scope::Overlay, Mode::Overlay) => true,
            (Scope::Dialog, Mode::Dialog) => true,
            _ => false,
        }
    }
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key { code, modifiers: KeyModifiers::NONE }
}

const fn char(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL }
}

impl Key {
    /// How the help names the key: `↑`, `Shift-Tab`, `Ctrl-C`, `s`.
    pub fn name(self) -> String {
        let base = match self.code {
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Char(c) if self.modifiers.contains(KeyModifiers::CONTROL) => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) { format!("Ctrl-{base}") } else { base }
    }

    fn matches(self, event: &KeyEvent) -> bool {
        let modifiers = match event.code {
            // Terminals report Shift with capitals and some symbols; the character says it already.
            KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
            _ => event.modifiers,
        };
        self.code == event.code && self.modifiers == modifiers
    }
}

/// One line of the key table.
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

use Scope::{AnyTab, Everywhere, ManagerAnyTab, ManagerOnTab, OnTab};

/// Every key of the dashboard. The first binding that covers the mode and the key wins.
pub const BINDINGS: &[Binding] = &[
    bind(Everywhere, &[ctrl('c')], Action::ForceQuit, "quit at once"),
    // Overlays: a few keys close them, arrows scroll them.
    bind(Scope::Overlay, &[key(KeyCode::Esc), key(KeyCode::Enter), char('q'), char('?')], Action::Back, "close"),
    bind(Scope::Overlay, &[key(KeyCode::Up), char('k')], Action::Up, "scroll up"),
    bind(Scope::Overlay, &[key(KeyCode::Down), char('j')], Action::Down, "scroll down"),
    // Dialogs: arrows and Tab move between choices and fields; everything else is typed.
    bind(Scope::Dialog, &[key(KeyCode::Enter)], Action::Submit, "confirm"),
    bind(Scope::Dialog, &[key(KeyCode::Esc)], Action::Cancel, "cancel"),
    bind(Scope::Dialog, &[key(KeyCode::Up)], Action::Up, "previous choice"),
    bind(Scope::Dialog, &[key(KeyCode::Down)], Action::Down, "next choice"),
    bind(Scope::Dialog, &[key(KeyCode::Left)], Action::Left, "change the field back"),
    bind(Scope::Dialog, &[key(KeyCode::Right)], Action::Right, "change the field on"),
    bind(Scope::Dialog, &[key(KeyCode::Tab)], Action::NextTab, "next field"),
    bind(Scope::Dialog, &[key(KeyCode::BackTab)], Action::PreviousTab, "previous field"),
    bind(Scope::Dialog, &[char(' ')], Action::Mark, "switch the choice"),
    // Inputs: everything else is typed.
    bind(Scope::TextInput, &[key(KeyCode::Enter)], Action::Submit, "save the edit, or keep the filter"),
    bind(Scope::TextInput, &[key(KeyCode::Esc)], Action::Cancel, "drop the edit, or clear the filter"),
    // Every tab.
    bind(AnyTab, &[char('q')], Action::Quit, "quit"),
    bind(AnyTab, &[char('?')], Action::Help, "this help"),
    bind(AnyTab, &[key(KeyCode::Tab)], Action::NextTab, "next tab"),
    bind(AnyTab, &[key(KeyCode::BackTab)], Action::PreviousTab, "previous tab"),
    bind(AnyTab, &[char('1')], Action::GoToTab(0), "Team"),
    bind(AnyTab, &[char('2')], Action::GoToTab(1), "Portfolio"),
    bind(AnyTab, &[char('3')], Action::GoToTab(2), "KRA drill-down"),
    bind(AnyTab, &[key(KeyCode::Up), char('k')], Action::Up, "move up"),
    bind(AnyTab, &[key(KeyCode::Down), char('j')], Action::Down, "move down"),
    bind(AnyTab, &[key(KeyCode::PageUp)], Action::PageUp, "a page up"),
    bind(AnyTab, &[key(KeyCode::PageDown)], Action::PageDown, "a page down"),
    bind(AnyTab, &[key(KeyCode::Home), char('g')], Action::First, "first row"),
    bind(AnyTab, &[key(KeyCode::End), char('G')], Action::Last, "last row"),
    bind(AnyTab, &[char('[')], Action::PreviousPeriod, "previous period"),
    bind(AnyTab, &[char(']')], Action::NextPeriod, "next period"),
    bind(AnyTab, &[char('p')], Action::CyclePeriodKind, "month → quarter → year → back to the month"),
    bind(AnyTab, &[char('/')], Action::Filter, "filter the list"),
    bind(AnyTab, &[char('s')], Action::Sort, "sort (again: reverse, then the next order)"),
    bind(ManagerAnyTab, &[char('P')], Action::PlanMonth, "plan a month: copy a month's targets, scaled"),
    bind(ManagerAnyTab, &[char('C')], Action::CloseOrReopen, "close the month on screen, or reopen it"),
    // Team.
    bind(
        OnTab(Tab::Team),
        &[key(KeyCode::Enter), key(KeyCode::Right), char('l')],
        Action::Open,
        "open the person's KRAs",
    ),
    bind(OnTab(Tab::Team), &[key(KeyCode::Esc)], Action::Back, "clear the filter"),
    // Portfolio.
    bind(
        ManagerOnTab(Tab::Portfolio),
        &[key(KeyCode::Enter), key(KeyCode::Right), char('l')],
        Action::Open,
        "into the RM's customers",
    ),
    bind(ManagerOnTab(Tab::Portfolio), &[key(KeyCode::Left), char('h')], Action::Left, "back to the RM list"),
    bind(OnTab(Tab::Portfolio), &[key(KeyCode::Esc)], Action::Back, "back out, then clear the filters"),
    bind(OnTab(Tab::Portfolio), &[char('n')], Action::CycleContactView, "customers due for contact → overdue 2× → all"),
    bind(OnTab(Tab::Portfolio), &[char('c')], Action::ToggleCapabilities, "customers ↔ capability profile"),
    bind(ManagerOnTab(Tab::Portfolio), &[char('e')], Action::Edit, "rate the selected capability"),
    bind(OnTab(Tab::Portfolio), &[char('r')], Action::RecordContact, "record a contact with the selected customer"),
    bind(ManagerOnTab(Tab::Portfolio), &[char(' ')], Action::Mark, "mark the customer (to move several)"),
    bind(ManagerOnTab(Tab::Portfolio), &[char('m')], Action::MoveCustomers, "move marked customers to another RM"),
    bind(ManagerOnTab(Tab::Portfolio), &[char('F')], Action::FindCustomer, "find a customer across the branch"),
    // KRA drill-down.
    bind(
        OnTab(Tab::Drilldown),
        &[key(KeyCode::Enter), key(KeyCode::Right), char('l')],
        Action::Open,
        "open the KRA's KPIs; on a KPI, its months",
    ),
    bind(OnTab(Tab::Drilldown), &[key(KeyCode::Left), char('h')], Action::Left, "back to the KRAs, then to the team"),
    bind(OnTab(Tab::Drilldown), &[key(KeyCode::Esc)], Action::Back, "clear the filter, else back out"),
    bind(OnTab(Tab::Drilldown), &[char('e')], Action::Edit, "edit the selected actual (month view)"),
    bind(OnTab(Tab::Drilldown), &[char('H')], Action::History, "history of the selected value (month view)"),
    bind(OnTab(Tab::Drilldown), &[char('n')], Action::NextMissing, "enter the next missing value"),
    bind(OnTab(Tab::Drilldown), &[char('x')], Action::ClearActual, "clear the selected actual"),
    bind(ManagerOnTab(Tab::Drilldown), &[char('t')], Action::EditTarget, "set the selected target"),
    bind(ManagerOnTab(Tab::Drilldown), &[char('X')], Action::ClearTarget, "clear the selected target"),
    bind(ManagerOnTab(Tab::Drilldown), &[char('>')], Action::NextPerson, "next person"),
    bind(ManagerOnTab(Tab::Drilldown), &[char('<')], Action::PreviousPerson, "previous person"),
];

/// The action a key press means in `mode`, if any. Releases and repeats of terminals that
/// report them are ignored; in a text input every key that is not bound is typed.
pub fn action_for(event: KeyEvent, mode: Mode) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    let bound = BINDINGS
        .iter()
        .find(|b| b.scope.covers(mode) && b.keys.iter().any(|k| k.matches(&event)))
        .map(|b| b.action.clone());
    match (bound, mode) {
        (Some(action), _) => Some(action),
        (None, Mode::TextInput | Mode::Dialog) => to_input_request(&Event::Key(event)).map(Action::Input),
        (None, _) => None,
    }
}

/// The help for `mode`: each binding that applies there, with its keys' names; the tab's own
/// bindings first.
pub fn help_for(mode: Mode, viewer: Viewer) -> Vec<(String, &'static str)> {
    // The tab's own keys first: they are what the help is opened for.
    let own = BINDINGS.iter().filter(|b| match b.scope {
        OnTab(_) => true,
        ManagerOnTab(_) => viewer == Viewer::Manager,
        _ => false,
    });
    let shared = BINDINGS.iter().filter(|b| match b.scope {
        OnTab(_) | ManagerOnTab(_) | Everywhere => false,
        ManagerAnyTab => viewer == Viewer::Manager,
        _ => true,
    });
    own.chain(shared)
        .filter(|b| b.scope.covers(mode))
        .map(|b| (b.keys.iter().map(|k| k.name()).collect::<Vec<_>>().join(" "), b.help))
        .chain(std::iter::once((ctrl('c').name(), "quit at once, anywhere (drops unsaved edits)")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn on(tab: Tab) -> Mode {
        Mode::Browse(tab)
    }

    #[test]
    fn keys_of_the_spec() {
        let team = |code| action_for(press(code), on(Tab::Team));
        assert_eq!(team(KeyCode::Tab), Some(Action::NextTab));
        assert_eq!(team(KeyCode::BackTab), Some(Action::PreviousTab));
        assert_eq!(team(KeyCode::Char('2')), Some(Action::GoToTab(1)));
        assert_eq!(team(KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(team(KeyCode::Char('[')), Some(Action::PreviousPeriod));
        assert_eq!(team(KeyCode::Char('p')), Some(Action::CyclePeriodKind));
        assert_eq!(team(KeyCode::Char('s')), Some(Action::Sort));
        assert_eq!(team(KeyCode::Char('x')), None);
        let release = KeyEvent { kind: KeyEventKind::Release, ..press(KeyCode::Char('q')) };
        assert_eq!(action_for(release, on(Tab::Team)), None);
    }

    #[test]
    fn h_and_l_are_left_and_right_everywhere_they_mean_something() {
        for tab in [Tab::Portfolio, Tab::Drilldown] {
            assert_eq!(action_for(press(KeyCode::Char('h')), on(tab)), Some(Action::Left));
            assert_eq!(action_for(press(KeyCode::Char('l')), on(tab)), Some(Action::Open));
        }
        assert_eq!(action_for(press(KeyCode::Char('l')), on(Tab::Team)), Some(Action::Open));
        let shifted = KeyEvent::new(KeyCode::Char('H'), KeyModifiers::SHIFT);
        assert_eq!(action_for(shifted, on(Tab::Drilldown)), Some(Action::History));
    }

    #[test]
    fn ctrl_c_quits_from_every_mode() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let mut modes: Vec<Mode> = Tab::VARIANTS.iter().map(|t| on(*t)).collect();
        modes.extend([Mode::TextInput, Mode::Overlay]);
        for mode in modes {
            assert_eq!(action_for(ctrl_c, mode), Some(Action::ForceQuit), "{mode:?}");
        }
    }

    #[test]
    fn inputs_take_the_keyboard() {
        assert!(matches!(action_for(press(KeyCode::Char('q')), Mode::TextInput), Some(Action::Input(_))));
        assert_eq!(action_for(press(KeyCode::Enter), Mode::TextInput), Some(Action::Submit));
        assert_eq!(action_for(press(KeyCode::Esc), Mode::TextInput), Some(Action::Cancel));
        assert_eq!(action_for(press(KeyCode::Char('?')), Mode::Overlay), Some(Action::Back));
    }

    #[test]
    fn the_help_lists_exactly_the_keys_that_work_there() {
        let team = help_for(on(Tab::Team), Viewer::Manager);
        let listed = |help: &[(String, &str)], keys: &str| help.iter().any(|(k, _)| k == keys);
        assert!(listed(&team, "s"));
        assert!(!listed(&team, "n"), "n does nothing on the team tab");
        assert!(!listed(&team, "e"));
        let portfolio = help_for(on(Tab::Portfolio), Viewer::Manager);
        assert!(listed(&portfolio, "n") && listed(&portfolio, "c") && listed(&portfolio, "e"));
        assert!(listed(&help_for(on(Tab::Drilldown), Viewer::Manager), "H"));
        // Staff have no RM list and rate nothing: those keys are not listed to them.
        let staff = help_for(on(Tab::Portfolio), Viewer::Staff);
        assert!(!listed(&staff, "e") && !listed(&staff, "← h") && listed(&staff, "n"));
        // Every key the help shows for a tab reads as the action it describes.
        for tab in Tab::VARIANTS {
            for binding in BINDINGS.iter().filter(|b| b.scope.covers(on(*tab))) {
                for k in binding.keys {
                    let event = KeyEvent::new(k.code, k.modifiers);
                    let first = BINDINGS.iter().find(|b| b.scope.covers(on(*tab)) && b.keys.contains(k)).unwrap();
                    assert_eq!(action_for(event, on(*tab)), Some(first.action.clone()));
                    assert!(
                        std::ptr::eq(first, binding) || first.action == binding.action,
                        "{} is bound twice on {tab:?}",
                        k.name()
                    );
                }
            }
        }
    }
}
