//! What a key press means to the dashboard, independent of the key that was pressed.

use tui_input::InputRequest;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextTab,
    PreviousTab,
    GoToTab(usize),
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// `Enter`: open the selected row.
    Open,
    /// `Esc`: back out of the innermost thing open.
    Back,
    StartFilter,
    CycleSort,
    PreviousPeriod,
    NextPeriod,
    CyclePeriodKind,
    Edit,
    History,
    ToggleHelp,
    /// `n` in the portfolio: cycle the "not contacted in N days" view.
    CycleStaleView,
    /// `c` in the portfolio: switch between customers and the capability profile.
    ToggleCapabilities,
    /// Text typed into the open input (filter or edit).
    Input(InputRequest),
    /// `Enter` in an input: apply the filter or save the edit.
    Submit,
    /// `Esc` in an input: drop it.
    Cancel,
}
