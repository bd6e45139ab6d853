//! What a key press means to the dashboard, independent of the key that was pressed.

use tui_input::InputRequest;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `q`: quit, asking once more while a save is under way.
    Quit,
    /// `Ctrl-C`: quit now, from any mode, even with a save under way.
    ForceQuit,
    NextTab,
    PreviousTab,
    /// `1`–`3`: the tab at this position (0-based).
    GoToTab(usize),
    Up,
    Down,
    /// `←`/`h`: back to the list on the left (`→`/`l` open, like `Enter`).
    Left,
    PageUp,
    PageDown,
    First,
    Last,
    /// `Enter`: open the selected row.
    Open,
    /// `Esc`: back out of the innermost thing open (or clear a filter).
    Back,
    Filter,
    /// `s`: sort by the next key; on a sort not yet reversed, reverse it first.
    Sort,
    PreviousPeriod,
    NextPeriod,
    CyclePeriodKind,
    Edit,
    History,
    Help,
    /// `n` in the portfolio: all customers → due for contact (by segment cadence) → overdue → all.
    CycleContactView,
    /// `c` in the portfolio: switch between customers and the capability profile.
    ToggleCapabilities,
    /// `t` in the drill-down: set the selected KPI's target (branch manager).
    EditTarget,
    /// `x` in the drill-down: clear the selected actual; `X`: its target (branch manager).
    ClearActual,
    ClearTarget,
    /// `n` in the drill-down: the next targeted value without an actual, across KRAs.
    NextMissing,
    /// `>` / `<` in the drill-down: the next or previous person, in leaderboard order.
    NextPerson,
    PreviousPerson,
    /// `P`: plan a month by copying another month's targets (branch manager).
    PlanMonth,
    /// `C`: close the month on screen, or reopen it (branch manager).
    CloseOrReopen,
    /// `r` in the portfolio: record a contact with the selected customer.
    RecordContact,
    /// `Space`: mark or unmark the selected customer (to move several at once).
    Mark,
    /// `m` in the portfolio: move the marked (or selected) customers to another RM (branch manager).
    MoveCustomers,
    /// `F` in the portfolio: find customers across the branch by name or id (branch manager).
    FindCustomer,
    /// `→` in a dialog: the next choice of a field (`←` is `Left`).
    Right,
    /// Text typed into the open input (filter or edit).
    Input(InputRequest),
    /// `Enter` in an input: apply the filter or save the edit.
    Submit,
    /// `Esc` in an input: drop it.
    Cancel,
}
