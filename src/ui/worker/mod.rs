//! The dashboard's file work, off the drawing thread: a reading thread (loads, books, history,
//! and watching for other sessions' changes) and a saving thread (writes, which may wait minutes
//! for another writer's lock without holding up reads). Each has its own connection.

mod batch;
mod person;
mod read;
mod reader;
mod save;
#[cfg(test)]
mod tests;
mod warm;
mod watch;

pub use person::read_person;
pub use read::{read_book, read_everything, read_history, read_scores};

use super::effect::{CopyRequest, Effect, LoadRequest, Outcome, SaveRequest};
use crate::domain::actor::Actor;
use crate::store::{Store, StoreError, StoreResult};
use chrono::NaiveDate;
use reader::read_loop;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the reading thread, when idle, checks the file for other sessions' changes (one
/// indexed read of the last audit id).
pub const WATCH_EVERY: Duration = Duration::from_millis(100);

/// File work for the reading thread; `NewDay`: the day turned, reads count from it.
#[derive(Debug)]
enum ReadJob {
    Load(LoadRequest),
    Book(String),
    History { login: String, kpi: String, month: crate::domain::period::Month },
    PlanCopy(CopyRequest),
    Person { login: String, period: crate::domain::period::Period },
    FindCustomers { query: String, limit: usize },
    NewDay(NaiveDate),
}

/// Work for the saving thread.
#[derive(Debug)]
enum SaveJob {
    Save(SaveRequest),
    /// The day turned: its month is the last one an actual may be saved for.
    NewDay(NaiveDate),
}

pub struct Worker {
    reads: Sender<ReadJob>,
    saves: Sender<SaveJob>,
    outcomes: Receiver<Outcome>,
    reader: JoinHandle<()>,
    saver: JoinHandle<()>,
    /// Each thread's end is reported once.
    reader_reported: bool,
    saver_reported: bool,
}

impl Worker {
    /// Opens two more connections to the branch file and starts both threads; they end when
    /// the worker is dropped. Neither prints: the terminal is the dashboard's, and a wait for
    /// the write lock is shown by the dashboard.
    pub fn start(path: &Path, actor: Actor, today: NaiveDate) -> StoreResult<Worker> {
        let mut reader = Store::open(path)?;
        reader.set_today(today);
        reader.keep_without_flushing()?;
        let mut writer = Store::open(path)?;
        writer.set_today(today);
        let (reads, read_inbox) = channel::<ReadJob>();
        let (saves, save_inbox) = channel::<SaveJob>();
        let (outbox, outcomes) = channel::<Outcome>();
        let read_outbox = outbox.clone();
        let reading_actor = actor.clone();
        // Named, so that the panic hook restores the terminal only for the drawing thread.
        let reader = std::thread::Builder::new()
            .name("reader".into())
            .spawn(move || read_loop(&mut reader, &reading_actor, today, &read_inbox, &read_outbox))
            .map_err(no_thread)?;
        let saver = std::thread::Builder::new().name("saver".into()).spawn(move || {
            crate::store::on_wait(|| {});
            while let Ok(job) = save_inbox.recv() {
                let (id, change) = match job {
                    SaveJob::Save(SaveRequest { id, change }) => (id, change),
                    SaveJob::NewDay(today) => {
                        writer.set_today(today);
                        continue;
                    }
                };
                let result = save::save(&mut writer, &actor, &change);
                if outbox.send(Outcome::Saved { id, change, result }).is_err() {
                    return;
                }
            }
        });
        let saver = saver.map_err(no_thread)?;
        Ok(Worker { reads, saves, outcomes, reader, saver, reader_reported: false, saver_reported: false })
    }

    /// Hands the file work among `effects` to the threads; anything else is not the worker's.
    pub fn run(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            let job = match effect {
                Effect::Load(request) => ReadJob::Load(request),
                Effect::ReadBook(rm) => ReadJob::Book(rm),
                Effect::ReadHistory { login, kpi, month, .. } => ReadJob::History { login, kpi, month },
                Effect::PlanCopy(request) => ReadJob::PlanCopy(request),
                Effect::ReadPerson { login, period } => ReadJob::Person { login, period },
                Effect::FindCustomers { query, limit } => ReadJob::FindCustomers { query, limit },
                Effect::Save(request) => {
                    // A saving thread that is gone is reported by `answers` (SaverStopped).
                    let _ = self.saves.send(SaveJob::Save(request));
                    continue;
                }
                _ => continue,
            };
            // A reading thread that stopped leaves the screen as it was; nothing is lost.
            let _ = self.reads.send(job);
        }
    }

    /// The day turned while the dashboard was open: both connections count from `today` (books
    /// as of it, its month the last one actuals may be saved for). Whatever was asked before
    /// runs first on the saving thread; the reading thread takes the new day before the rest of
    /// its batch.
    pub fn new_day(&mut self, today: NaiveDate) {
        let _ = self.reads.send(ReadJob::NewDay(today));
        let _ = self.saves.send(SaveJob::NewDay(today));
    }

    /// The answers that have arrived, without waiting; a thread that ended (it panicked: they
    /// end otherwise only when the worker is dropped) is reported once.
    pub fn answers(&mut self) -> Vec<Outcome> {
        let mut answers: Vec<Outcome> = std::iter::from_fn(|| self.outcomes.try_recv().ok()).collect();
        if !self.saver_reported && self.saver.is_finished() {
            self.saver_reported = true;
            answers.push(Outcome::SaverStopped);
        }
        if !self.reader_reported && self.reader.is_finished() {
            self.reader_reported = true;
            answers.push(Outcome::ReaderStopped);
        }
        answers
    }

    /// Waits up to `timeout` for the next answer.
    pub fn wait(&self, timeout: Duration) -> Option<Outcome> {
        self.outcomes.recv_timeout(timeout).ok()
    }
}

fn no_thread(e: std::io::Error) -> StoreError {
    StoreError::Invalid(format!("cannot start the dashboard's worker thread: {e}"))
}
