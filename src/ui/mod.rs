//! The dashboard: one terminal lifecycle and a synchronous loop that polls keys until the next
//! tick, turns them into actions, hands the state's file work to the worker, takes the worker's
//! answers, and draws only when something changed.

pub mod action;
pub mod app;
pub mod clock;
pub mod columns;
pub mod data;
pub mod dialogs;
pub mod effect;
#[cfg(test)]
mod fixture;
pub mod format;
pub mod keys;
pub mod person;
pub mod session;
pub mod signals;
pub mod tab;
pub mod tabs;
pub mod terminal;
pub mod theme;
pub mod views;
pub mod widgets;
pub mod worker;
pub mod wrap;

use crate::domain::actor::Actor;
use crate::store::StoreError;
use clock::Clock;
use ratatui::crossterm::event::{self, Event};
use session::Session;
use signals::QuitSignals;
use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};
use theme::{ColorDepth, Theme};

/// How often time passes for the state (messages expire, a slow save says it waits).
pub const TICK: Duration = Duration::from_millis(250);

/// How often answers are looked for while the worker is busy.
const BUSY_POLL: Duration = Duration::from_millis(15);

/// How often answers are looked for while idle: another session's change arrives unasked.
const IDLE_POLL: Duration = Duration::from_millis(50);

#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error("the dashboard needs a terminal (over SSH, connect with ssh -t)")]
    NoTerminal,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("terminal error: {0}")]
    Terminal(#[from] std::io::Error),
}

/// Opens the dashboard on the branch file at `path` as `actor` and runs it until the user
/// quits; its day is the `clock`'s. The terminal is restored on every way out, panics included.
///
/// SIGTERM, SIGHUP and SIGINT end it like `q` (same restore), after which the process ends by
/// that signal's default action, so the parent sees it terminated by the signal (a shell's `$?`
/// is 128 + the signal: 143, 129, 130); this function then does not return.
pub fn run_dashboard(path: &Path, actor: Actor, clock: Clock) -> Result<(), DashboardError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(DashboardError::NoTerminal);
    }
    // A second install (e.g. demo then dashboard in one process) is harmless; ignore it.
    let _ = color_eyre::install();
    // The screen shows a save that waits (the saver's status); the store's notice would print over it.
    crate::store::on_wait(|| {});
    let mut session = Session::open(path, actor, clock)?;
    let signals = QuitSignals::catch()?;
    signals::hang_up_when_the_terminal_goes();
    let depth = ColorDepth::from_env();
    let mut screen = terminal::Screen::open(depth)?;
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A worker thread's panic is reported on screen (its thread stopped); only the drawing
        // thread's panic ends the dashboard.
        if std::thread::current().name() == Some("main") {
            terminal::restore();
        }
        previous_hook(info);
    }));
    let result = event_loop(&mut screen, &mut session, Theme::for_depth(depth), &signals);
    terminal::restore();
    if let Some(signal) = signals.received() {
        // The connections close before the process ends; an unfinished save was never committed.
        drop(session);
        signals::end_as_signalled(signal);
    }
    result
}

fn event_loop(
    screen: &mut terminal::Screen,
    session: &mut Session,
    theme: Theme,
    signals: &QuitSignals,
) -> Result<(), DashboardError> {
    let mut next_tick = Instant::now() + TICK;
    // A quit signal is seen within one wait (at most a tick).
    while !session.app.should_quit && signals.received().is_none() {
        // Answers first, so that what just arrived is drawn now rather than a tick later.
        session.take_answers();
        if session.app.dirty {
            screen.draw(|frame| views::render(&session.app, theme, frame))?;
            session.app.dirty = false;
        }
        // While the worker is busy, look for its answers often; otherwise wait for keys or the tick.
        let wait = next_tick.saturating_duration_since(Instant::now());
        let timeout = wait.min(if session.app.is_idle() { IDLE_POLL } else { BUSY_POLL });
        if event::poll(timeout)? {
            match event::read()? {
                Event::Key(key) => session.press(key),
                Event::Resize(..) => session.app.dirty = true,
                _ => {}
            }
        }
        if Instant::now() >= next_tick {
            session.tick();
            next_tick = Instant::now() + TICK;
        }
    }
    Ok(())
}

/// The screen `app` draws at `width`×`height`, without colour, as text: what the headless
/// tests of the app snapshot (here, above both `app` and `views`, so neither imports the other).
#[cfg(test)]
pub(crate) fn drawn(app: &app::App, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| views::render(app, Theme::plain(), frame)).unwrap();
    terminal.backend().to_string()
}
