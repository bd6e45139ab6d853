//! The reading thread: the reads the keys ask for, a batch at a time (see `batch`), work ahead
//! while nothing is asked (see `warm`), and a look for other sessions' changes between both
//! (see `watch`).

use super::batch::{self, Batch};
use super::read::{read_book, read_everything, read_history, read_scores};
use super::watch::Watch;
use super::{ReadJob, WATCH_EVERY, person, save, warm};
use crate::domain::actor::Actor;
use crate::store::Store;
use crate::ui::effect::{LoadRequest, LoadScope, Loaded, Outcome};
use chrono::NaiveDate;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Instant;

/// Runs the reading thread on `store` until the worker is dropped or nobody listens.
pub fn read_loop(
    store: &mut Store,
    actor: &Actor,
    today: NaiveDate,
    inbox: &Receiver<ReadJob>,
    outbox: &Sender<Outcome>,
) {
    crate::store::on_wait(|| {});
    let watch = Watch::new(store.change_mark().ok());
    let mut reader = Reader { store, actor, today, outbox, ahead: warm::Ahead::default(), watch };
    loop {
        let wait = if reader.ahead.is_empty() { WATCH_EVERY } else { reader.ahead.pause() };
        let going_on = match inbox.recv_timeout(wait) {
            Ok(job) => batch::take(job, inbox).is_some_and(|jobs| reader.run_batch(jobs)),
            Err(RecvTimeoutError::Timeout) => {
                reader.work_ahead();
                true
            }
            Err(RecvTimeoutError::Disconnected) => false,
        };
        // Keys held down keep the queue busy: look for other sessions' changes between batches too.
        if !going_on || !reader.watch() {
            return;
        }
    }
}

/// The reading thread's connection and what it keeps between jobs.
struct Reader<'a> {
    store: &'a mut Store,
    actor: &'a Actor,
    /// The day the store counts from: books as of it, its month the current one.
    today: NaiveDate,
    outbox: &'a Sender<Outcome>,
    /// Periods to read and keep while nothing else is asked.
    ahead: warm::Ahead,
    watch: Watch,
}

impl Reader<'_> {
    /// Runs one batch of jobs; false once nobody listens.
    fn run_batch(&mut self, jobs: Vec<ReadJob>) -> bool {
        let Batch { overtaken, to_run } = batch::order(jobs);
        // Answered at once, so that nobody waits for them.
        for outcome in overtaken {
            if self.outbox.send(outcome).is_err() {
                return false;
            }
        }
        for job in to_run {
            if let Some(outcome) = self.run(job)
                && self.outbox.send(outcome).is_err()
            {
                return false;
            }
        }
        true
    }

    /// One job, and its answer if it has one.
    fn run(&mut self, job: ReadJob) -> Option<Outcome> {
        let (store, actor) = (&mut *self.store, self.actor);
        let outcome = match job {
            ReadJob::NewDay(today) => {
                self.new_day(today);
                return None;
            }
            ReadJob::Load(request) => self.load(request),
            ReadJob::Book(rm) => Outcome::BookRead { book: read_book(store, &rm), rm },
            ReadJob::History { login, kpi, month } => {
                Outcome::HistoryRead { result: read_history(store, &login, &kpi, month).map_err(|e| e.to_string()) }
            }
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
        Some(outcome)
    }

    fn load(&mut self, request: LoadRequest) -> Outcome {
        let before = self.store.change_mark().ok();
        // A period step read ahead answers at once while nothing has changed since.
        let ready = match request.scope {
            LoadScope::ScoresOnly => self.ahead.take_ready(request.period, before),
            LoadScope::Everything => None,
        };
        let result = match ready {
            Some(scores) => Ok(Loaded::Scores(Box::new(scores))),
            None => self.read(&request),
        };
        // Only a whole read that worked has seen every change up to `before`; a change that came
        // before a scores-only read is still reported by the watch. One that failed leaves them
        // to be reported again.
        match (request.scope, &result) {
            (LoadScope::Everything, Ok(_)) => self.watch.took_in(before),
            (LoadScope::Everything, Err(_)) => self.watch.failed(Instant::now()),
            (LoadScope::ScoresOnly, _) => {}
        }
        // The settings just read say how periods fall, without reading them again.
        let fiscal_start = match &result {
            Ok(Loaded::Everything(data)) => Some(data.fiscal_start()),
            Ok(Loaded::Scores(scores)) => Some(scores.branch.settings.fiscal_start()),
            Err(_) => None,
        };
        if let Some(fiscal_start) = fiscal_start {
            self.ahead.after_load(request.period, fiscal_start, before);
        }
        Outcome::Loaded { generation: request.generation, result }
    }

    fn read(&mut self, request: &LoadRequest) -> Result<Loaded, String> {
        let (store, actor) = (&mut *self.store, self.actor);
        let result = match request.scope {
            LoadScope::Everything => {
                read_everything(store, actor, request.period, self.today, request.selected_rm.as_deref())
                    .map(|data| Loaded::Everything(Box::new(data)))
            }
            LoadScope::ScoresOnly => {
                read_scores(store, actor, request.period).map(|scores| Loaded::Scores(Box::new(scores)))
            }
        };
        result.map_err(|e| format!("cannot read the branch file: {e}"))
    }

    /// The day turned: books count as of it, its month is the current one, and what was read
    /// ahead as of the day before is dropped.
    fn new_day(&mut self, today: NaiveDate) {
        self.store.set_today(today);
        self.today = today;
        self.ahead = warm::Ahead::default();
    }

    /// Nothing asked: one step of the work ahead.
    fn work_ahead(&mut self) {
        match self.ahead.next() {
            Some(warm::Step::Read(period)) => {
                let mark = self.store.change_mark().ok();
                if let Ok(scores) = read_scores(self.store, self.actor, period) {
                    self.ahead.read(mark, scores);
                }
            }
            // Only a head start: a period that cannot be kept now is scored when shown.
            Some(warm::Step::Keep(period)) => {
                let more_left = self.store.keep_scores_of(period, warm::PEOPLE_AT_A_TIME).unwrap_or(false);
                if more_left {
                    self.ahead.again(period);
                }
            }
            None => {}
        }
    }

    /// Sends `FileChanged` when the watch says so (kept scores are no audited change); false
    /// once nobody listens.
    fn watch(&mut self) -> bool {
        let mark = self.store.change_mark().ok();
        !self.watch.report(mark, Instant::now()) || self.outbox.send(Outcome::FileChanged).is_ok()
    }
}
