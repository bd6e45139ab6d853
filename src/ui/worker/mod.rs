//! The dashboard's file work, off the drawing thread: a reading thread (loads, books, history,
//! and watching for other sessions' changes) and a saving thread (writes, which may wait minutes
//! for another writer's lock without holding up reads). Each has its own connection.

mod person;
mod read;
mod save;
mod warm;

pub use person::read_person;
pub use read::{read_book, read_everything, read_history, read_scores};

use super::effect::{CopyRequest, Effect, LoadRequest, LoadScope, Loaded, Outcome, SaveRequest};
use crate::domain::actor::Actor;
use crate::store::{Store, StoreError, StoreResult};
use chrono::NaiveDate;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the reading thread, when idle, checks the file for other sessions' changes (one
/// indexed read of the last audit id).
pub const WATCH_EVERY: Duration = Duration::from_millis(100);

/// File work for the reading thread.
#[derive(Debug)]
enum ReadJob {
    Load(LoadRequest),
    Book(String),
    History { login: String, kpi: String, month: crate::domain::period::Month, title: String },
    PlanCopy(CopyRequest),
    Person { login: String, period: crate::domain::period::Period },
    FindCustomers { query: String, limit: usize },
}

pub struct Worker {
    reads: Sender<ReadJob>,
    saves: Sender<SaveRequest>,
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
        let (saves, save_inbox) = channel::<SaveRequest>();
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
            while let Ok(SaveRequest { id, change }) = save_inbox.recv() {
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
                Effect::ReadHistory { login, kpi, month, title } => ReadJob::History { login, kpi, month, title },
                Effect::PlanCopy(request) => ReadJob::PlanCopy(request),
                Effect::ReadPerson { login, period } => ReadJob::Person { login, period },
                Effect::FindCustomers { query, limit } => ReadJob::FindCustomers { query, limit },
                Effect::Save(request) => {
                    // A saving thread that is gone is reported by `answers` (SaverStopped).
                    let _ = self.saves.send(request);
                    continue;
                }
                _ => continue,
            };
            // A reading thread that stopped leaves the screen as it was; nothing is lost.
            let _ = self.reads.send(job);
        }
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

fn read_loop(store: &mut Store, actor: &Actor, today: NaiveDate, inbox: &Receiver<ReadJob>, outbox: &Sender<Outcome>) {
    crate::store::on_wait(|| {});
    let mut version = store.change_mark().ok();
    // Periods to score and keep while nothing else is asked (see `warm`).
    let mut ahead = warm::Ahead::default();
    loop {
        let wait = if ahead.is_empty() { WATCH_EVERY } else { ahead.pause() };
        let job = match inbox.recv_timeout(wait) {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) => {
                match ahead.next() {
                    Some(warm::Step::Read(period)) => {
                        let mark = store.change_mark().ok();
                        if let Ok(scores) = read_scores(store, actor, period) {
                            ahead.read(mark, scores);
                        }
                    }
                    // Only a head start: a period that cannot be kept now is scored when shown.
                    Some(warm::Step::Keep(period)) => {
                        let more_left = store.keep_scores_of(period, warm::PEOPLE_AT_A_TIME).unwrap_or(false);
                        if more_left {
                            ahead.again(period);
                        }
                    }
                    None => {}
                }
                if !watch(store, &mut version, outbox) {
                    return;
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        // Keys can ask faster than a large branch loads: a queued newer load replaces an older.
        let mut jobs = vec![job];
        loop {
            match inbox.try_recv() {
                Ok(next) => jobs.push(next),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        let newest_load = jobs.iter().rposition(|j| matches!(j, ReadJob::Load(_)));
        for (i, job) in jobs.into_iter().enumerate() {
            let outcome = match job {
                ReadJob::Load(request) if Some(i) != newest_load => {
                    // Overtaken: answered as such so that nobody waits for it.
                    Outcome::Loaded { generation: request.generation, result: Err(String::new()) }
                }
                ReadJob::Load(request) => {
                    let before = store.change_mark().ok();
                    // A period step read ahead answers at once while nothing has changed since.
                    let ready = match request.scope {
                        LoadScope::ScoresOnly => ahead.take_ready(request.period, before),
                        LoadScope::Everything => None,
                    };
                    let result = match ready {
                        Some(scores) => Ok(Loaded::Scores(Box::new(scores))),
                        None => load(store, actor, today, &request),
                    };
                    // Only a whole read that worked has seen every change up to `before`; a
                    // change that came before a scores-only read is still reported below.
                    if request.scope == LoadScope::Everything && result.is_ok() {
                        version = before;
                    }
                    // The settings just read say how periods fall, without reading them again.
                    let fiscal_start = match &result {
                        Ok(Loaded::Everything(data)) => Some(data.fiscal_start()),
                        Ok(Loaded::Scores(scores)) => Some(scores.branch.settings.fiscal_start()),
                        Err(_) => None,
                    };
                    if let Some(fiscal_start) = fiscal_start {
                        ahead.after_load(request.period, fiscal_start, before);
                    }
                    Outcome::Loaded { generation: request.generation, result }
                }
                ReadJob::Book(rm) => Outcome::BookRead { book: read_book(store, &rm), rm },
                ReadJob::History { login, kpi, month, title } => Outcome::HistoryRead {
                    title,
                    result: read_history(store, &login, &kpi, month).map_err(|e| e.to_string()),
                },
                ReadJob::PlanCopy(request) => Outcome::CopyPlanned {
                    result: save::plan_copy(store, actor, &request).map_err(|e| e.to_string()),
                    request,
                },
                ReadJob::Person { login, period } => Outcome::PersonRead {
                    result: person::read_person(store, actor, &login, period).map(Box::new).map_err(|e| e.to_string()),
                    login,
                    period,
                },
                ReadJob::FindCustomers { query, limit } => Outcome::CustomersFound {
                    result: actor
                        .ensure_manager("find customers across the branch")
                        .map_err(|e| e.to_string())
                        .and_then(|()| store.find_customers(&query, limit).map_err(|e| e.to_string())),
                    query,
                },
            };
            if outbox.send(outcome).is_err() {
                return;
            }
        }
        // Keys held down keep the queue busy: look for other sessions' changes between batches too.
        if !watch(store, &mut version, outbox) {
            return;
        }
    }
}

/// Sends `FileChanged` if an audited change was committed since `version` (kept scores are not
/// one); false once nobody listens.
fn watch(store: &Store, version: &mut Option<i64>, outbox: &Sender<Outcome>) -> bool {
    let now = store.change_mark().ok();
    if now == *version {
        return true;
    }
    *version = now;
    outbox.send(Outcome::FileChanged).is_ok()
}

fn load(store: &mut Store, actor: &Actor, today: NaiveDate, request: &LoadRequest) -> Result<Loaded, String> {
    let result = match request.scope {
        LoadScope::Everything => read_everything(store, actor, request.period, today, request.selected_rm.as_deref())
            .map(|data| Loaded::Everything(Box::new(data))),
        LoadScope::ScoresOnly => {
            read_scores(store, actor, request.period).map(|scores| Loaded::Scores(Box::new(scores)))
        }
    };
    result.map_err(|e| format!("cannot read the branch file: {e}"))
}
