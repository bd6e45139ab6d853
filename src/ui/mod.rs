//! The dashboard: one terminal lifecycle and a synchronous loop that polls keys until the next
//! tick, turns them into actions, checks for other sessions' changes on each tick, and draws
//! only when something changed.

pub mod action;
pub mod app;
pub mod clock;
pub mod data;
pub mod format;
pub mod keymap;
pub mod loader;
pub mod state;
pub mod theme;
pub mod views;

use crate::store::{Actor, Store};
use app::App;
use chrono::NaiveDate;
use clock::Clock;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};
use std::io::IsTerminal;
use std::time::{Duration, Instant};
use theme::Theme;

/// How often the loop checks the file for other sessions' changes.
pub const TICK: Duration = Duration::from_millis(250);

/// How often a pending background load is checked for.
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
pub fn run_dashboard(store: Store, actor: Actor, today: NaiveDate) -> Result<(), DashboardError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(DashboardError::NoTerminal);
    }
    // A second install (e.g. demo then dashboard in one process) is harmless; ignore it.
    let _ = color_eyre::install();
    let mut app = App::new(store, actor, Clock::System, today)?;
    app.load_in_background()?;
    let mut terminal = ratatui::init();
    // ratatui's own hook leaves the alternate screen on a panic; ours also shows the cursor.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let result = event_loop(&mut terminal, &mut app, Theme::from_env());
    restore_terminal();
    result
}

/// Leaves raw mode and the alternate screen and shows the cursor again: the terminal as it was.
fn restore_terminal() {
    ratatui::restore();
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, theme: Theme) -> Result<(), DashboardError> {
    let mut next_tick = Instant::now() + TICK;
    while !app.should_quit {
        if app.dirty {
            terminal.draw(|frame| views::render(app, theme, frame))?;
            app.dirty = false;
        }
        app.poll_loader();
        // While data loads on the worker, look for it often; otherwise wait for keys or the tick.
        let wait = next_tick.saturating_duration_since(Instant::now());
        let timeout = if app.loading().is_some() { wait.min(LOADING_POLL) } else { wait };
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
