//! The dashboard: one terminal lifecycle and a synchronous loop that polls keys until the next
//! tick, turns them into actions, checks for other sessions' changes on each tick, takes the
//! workers' answers, and draws only when something changed.

pub mod action;
pub mod app;
pub mod clock;
pub mod data;
pub mod format;
pub mod keymap;
pub mod loader;
pub mod saver;
pub mod signals;
pub mod state;
pub mod theme;
pub mod views;

use crate::store::{Actor, Store};
use app::App;
use chrono::NaiveDate;
use clock::Clock;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};
use signals::QuitSignals;
use std::io::IsTerminal;
use std::time::{Duration, Instant};
use theme::Theme;

/// How often the loop checks the file for other sessions' changes.
pub const TICK: Duration = Duration::from_millis(250);

/// How often a pending background load or save is checked for.
const LOADING_POLL: Duration = Duration::from_millis(15);

#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error("the dashboard needs a terminal (over SSH, connect with ssh -t)")]
    NoTerminal,
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("terminal error: {0}")]
    Terminal(#[from] std::io::Error),
}

/// Opens the dashboard on `store` as `actor` and runs it until the user quits. The terminal
/// is restored on every way out, panics included.
///
/// SIGTERM, SIGHUP and SIGINT end it like `q` (same restore), after which the process ends by
/// that signal's default action, so the parent sees it terminated by the signal (a shell's `$?`
/// is 128 + the signal: 143, 129, 130); this function then does not return.
pub fn run_dashboard(store: Store, actor: Actor, today: NaiveDate) -> Result<(), DashboardError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(DashboardError::NoTerminal);
    }
    // A second install (e.g. demo then dashboard in one process) is harmless; ignore it.
    let _ = color_eyre::install();
    // The screen shows a save that waits (the saver's status); the store's notice would print over it.
    crate::store::on_wait(|| {});
    let mut app = App::new(store, actor, Clock::System, today)?;
    app.load_in_background()?;
    app.save_in_background()?;
    let signals = QuitSignals::catch()?;
    let mut terminal = ratatui::init();
    // ratatui's own hook leaves the alternate screen on a panic; ours also shows the cursor.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let result = event_loop(&mut terminal, &mut app, Theme::from_env(), &signals);
    restore_terminal();
    if let Some(signal) = signals.received() {
        // The connections close before the process ends; an unfinished save was never committed.
        drop(app);
        signals::end_as_signalled(signal);
    }
    result
}

/// Leaves raw mode and the alternate screen and shows the cursor again: the terminal as it was.
/// Each step runs even if another failed (a hung-up terminal), and nothing is printed.
fn restore_terminal() {
    use ratatui::crossterm::{cursor, execute, terminal};
    let _ = terminal::disable_raw_mode();
    let _ = execute!(std::io::stdout(), terminal::LeaveAlternateScreen, cursor::Show);
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    theme: Theme,
    signals: &QuitSignals,
) -> Result<(), DashboardError> {
    let mut next_tick = Instant::now() + TICK;
    // A quit signal is seen within one wait (at most a tick).
    while !app.should_quit && signals.received().is_none() {
        if app.dirty {
            terminal.draw(|frame| views::render(app, theme, frame))?;
            app.dirty = false;
        }
        app.poll_loader();
        app.poll_saver();
        // While a worker is busy, look for its answer often; otherwise wait for keys or the tick.
        let wait = next_tick.saturating_duration_since(Instant::now());
        let busy = app.loading().is_some() || app.saving().is_some();
        let timeout = if busy { wait.min(LOADING_POLL) } else { wait };
        if event::poll(timeout)? {
            match event::read()? {
                Event::Key(key) => {
                    if let Some(action) = keymap::action_for(key, app.key_mode()) {
                        app.update(action);
                    }
                }
                Event::Resize(..) => app.dirty = true,
                _ => {}
            }
        }
        if Instant::now() >= next_tick {
            app.tick();
            next_tick = Instant::now() + TICK;
        }
    }
    Ok(())
}
