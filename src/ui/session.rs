//! A dashboard at work: the state (`App`) joined to the worker that carries out its file work.
//! The terminal loop drives one; tests drive one headless and wait for it with `settle`.

use super::action::Action;
use super::app::App;
use super::clock::Clock;
use super::effect::Outcome;
use super::keys::action_for;
use super::worker::Worker;
use crate::domain::actor::Actor;
use crate::domain::period::{Month, Period};
use crate::store::{Store, StoreError};
use ratatui::crossterm::event::KeyEvent;
use std::path::Path;
use std::time::{Duration, Instant};

pub struct Session {
    pub app: App,
    worker: Worker,
}

impl Session {
    /// Opens the dashboard on the latest month with actuals up to today's (else today's month).
    /// `today` is also the store's today: no actual is saved for a month after its month. After
    /// that, today is the `clock`'s day (see `tick`).
    pub fn open(path: &Path, actor: Actor, clock: Clock) -> Result<Session, StoreError> {
        // Today is the clock's: the tick compares the two to notice a new day.
        let today = clock.today();
        let mut store = Store::open(path)?;
        store.set_today(today);
        let current = Month::of_date(today);
        let start = Period::Month(store.latest_month_with_actuals(current)?.unwrap_or(current));
        let db_label = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut worker = Worker::start(path, actor.clone(), today)?;
        let (app, effects) = App::new(actor, clock, today, start, db_label);
        worker.run(effects);
        Ok(Session { app, worker })
    }

    /// One key press.
    pub fn press(&mut self, key: KeyEvent) {
        if let Some(action) = action_for(key, self.app.key_mode()) {
            self.act(action);
        }
    }

    pub fn act(&mut self, action: Action) {
        let effects = self.app.update(action);
        self.worker.run(effects);
    }

    /// Takes the worker's answers that have arrived; true if there were any.
    pub fn take_answers(&mut self) -> bool {
        let answers = self.worker.answers();
        let any = !answers.is_empty();
        for outcome in answers {
            self.take(outcome);
        }
        any
    }

    /// One answer into the state; the file work it calls for goes to the worker.
    fn take(&mut self, outcome: Outcome) {
        let effects = self.app.apply(outcome);
        self.worker.run(effects);
    }

    /// Time passes (the loop calls this on every tick), past midnight too.
    pub fn tick(&mut self) {
        self.app.tick(Instant::now());
        self.follow_the_day();
    }

    /// Book-derived figures are live as of today (SPEC §4), and today's month is the last one
    /// staff may step to or enter actuals for: when the clock's day turns, both threads and the
    /// state take the new day, and everything on screen is read again as of it.
    fn follow_the_day(&mut self) {
        let today = self.app.clock.today();
        if today == self.app.today {
            return;
        }
        self.worker.new_day(today);
        let effects = self.app.new_day(today);
        self.worker.run(effects);
    }

    /// Waits until everything asked of the worker has been answered (for tests and scripts;
    /// the terminal loop never waits). Gives up after `limit`, returning false.
    pub fn settle_within(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            self.take_answers();
            if self.app.is_idle() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            if let Some(outcome) = self.worker.wait(Duration::from_millis(20)) {
                self.take(outcome);
            }
            self.tick();
        }
    }

    /// `settle_within` a minute, for tests: panics if the worker never answers.
    pub fn settle(&mut self) {
        assert!(self.settle_within(Duration::from_secs(60)), "the dashboard's worker did not answer within a minute");
    }

    /// Waits until `done` holds for the state, taking answers as they come (another session's
    /// change, for instance). False if `limit` passes first.
    pub fn wait_until(&mut self, limit: Duration, done: impl Fn(&App) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            self.settle();
            if done(&self.app) {
                return true;
            }
            if let Some(outcome) = self.worker.wait(Duration::from_millis(50)) {
                self.take(outcome);
            }
        }
        done(&self.app)
    }
}
