//! The head-office dashboard (`branchboard hq`, SPEC §8): Branches, People and Coverage of
//! every branch on PostgreSQL, with the branch dashboard's keys and conventions. One terminal
//! lifecycle and a synchronous loop: keys become actions, the state asks for reads, the worker
//! thread owns the connections and answers, and the screen is drawn only when something changed
//! — drawing never waits on the database.

mod branches;
mod cells;
mod coverage;
pub mod data;
pub mod keys;
pub mod lists;
mod people;
pub mod period;
pub mod state;
pub mod tab;
pub mod view;
mod worker;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod view_tests;

use crate::domain::period::Month;
use crate::hq::connect::Target;
use crate::hq::store::{HqError, HqStore};
use crate::ui::clock::Clock;
use crate::ui::signals::{self, QuitSignals};
use crate::ui::terminal::{self, Screen};
use crate::ui::theme::{ColorDepth, Theme};
use chrono::NaiveDate;
use ratatui::crossterm::event::{self, Event};
use state::HqApp;
use std::io::IsTerminal;
use std::time::Instant;
use worker::Worker;

/// How often time passes for the state (messages expire), as in the branch dashboard.
const TICK: std::time::Duration = crate::ui::TICK;

/// How often the worker's answers are looked for between keys.
const ANSWER_POLL: std::time::Duration = std::time::Duration::from_millis(50);

#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error("the head-office dashboard needs a terminal (over SSH, connect with ssh -t)")]
    NoTerminal,
    #[error(transparent)]
    Hq(#[from] HqError),
    #[error("terminal error: {0}")]
    Terminal(std::io::Error),
}

/// Opens the head-office dashboard on `target` and runs it until the user quits; `today`
/// decides the period it opens on and how far `]` goes. Refuses without a terminal before
/// connecting; a head office that cannot be reached (or has no schema) is an error before the
/// screen opens. The terminal is restored on every way out, panics included; SIGTERM, SIGHUP
/// and SIGINT end it like `q`, and the process then ends by that signal (as the branch
/// dashboard does).
pub fn run(target: Target, today: NaiveDate) -> Result<(), DashboardError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(DashboardError::NoTerminal);
    }
    let current = Month::of_date(today);
    let mut store = worker::reader_store(&target)?;
    let who = store.session_user()?;
    let periods = store.periods(current)?;
    // A second connection hears syncs land; without it the worker's counter still does.
    let listener = HqStore::open(&target).and_then(|mut s| s.listen().map(|()| s)).ok();
    let mut worker = Worker::start(store, listener, target, current).map_err(DashboardError::Terminal)?;
    let (mut app, requests) = HqApp::new(who, Clock::System, today, &periods);
    worker.ask(requests);

    let _ = color_eyre::install();
    let signals = QuitSignals::catch().map_err(DashboardError::Terminal)?;
    signals::hang_up_when_the_terminal_goes();
    let depth = ColorDepth::from_env();
    let mut screen = Screen::open(depth).map_err(DashboardError::Terminal)?;
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A worker thread's panic is reported on screen; only the drawing thread's ends it.
        if std::thread::current().name() == Some("main") {
            terminal::restore();
        }
        previous_hook(info);
    }));
    let result = event_loop(&mut screen, &mut app, &mut worker, Theme::for_depth(depth), &signals);
    terminal::restore();
    if let Some(signal) = signals.received() {
        drop(worker);
        signals::end_as_signalled(signal);
    }
    result
}

fn event_loop(
    screen: &mut Screen,
    app: &mut HqApp,
    worker: &mut Worker,
    theme: Theme,
    signals: &QuitSignals,
) -> Result<(), DashboardError> {
    let broken = DashboardError::Terminal;
    let mut next_tick = Instant::now() + TICK;
    while !app.should_quit && signals.received().is_none() {
        // Answers first, so that what just arrived is drawn now.
        for answer in worker.answers() {
            app.apply(answer);
        }
        if app.dirty {
            screen.draw(|frame| view::render(app, theme, frame)).map_err(broken)?;
            app.dirty = false;
        }
        let timeout = next_tick.saturating_duration_since(Instant::now()).min(ANSWER_POLL);
        if event::poll(timeout).map_err(broken)? {
            match event::read().map_err(broken)? {
                Event::Key(key) => worker.ask(app.press(key)),
                Event::Resize(..) => app.dirty = true,
                _ => {}
            }
        }
        if Instant::now() >= next_tick {
            app.tick(Instant::now());
            next_tick = Instant::now() + TICK;
        }
    }
    Ok(())
}
