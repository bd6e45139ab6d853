//! Saves the dashboard's changes on a worker thread with its own connection, so the screen keeps
//! answering keys while another process (a long import) holds the branch file's write lock.
//! Requests are worked on one at a time, in order; every one gets an answer.

use crate::domain::period::Month;
use crate::store::{Actor, Expected, Store, StoreResult, ValueKind, Via};
use chrono::NaiveDate;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

/// One change made in the dashboard, with what it needs to be saved and reported.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// An actual typed in the drill-down; `seen` is the value the edit started from, so that a
    /// change by someone else meanwhile is refused as a conflict.
    Actual { login: String, kpi: String, kpi_name: String, month: Month, value: f64, seen: Option<f64> },
    /// A capability rating set in the portfolio.
    Rating { login: String, capability: String, capability_name: String, rating: u8 },
}

impl Change {
    /// What is being saved, for the status bar: the KPI or capability name.
    pub fn label(&self) -> &str {
        match self {
            Change::Actual { kpi_name, .. } => kpi_name,
            Change::Rating { capability_name, .. } => capability_name,
        }
    }
}

pub struct SaveRequest {
    pub id: u64,
    pub change: Change,
}

/// A finished save: for an actual, the value it replaced.
pub struct Saved {
    pub id: u64,
    pub change: Change,
    pub result: StoreResult<Option<f64>>,
}

/// Writes `change` to `store` as `actor`, from the dashboard. The one place both the worker and
/// a dashboard without one (tests) save through.
pub fn save(store: &mut Store, actor: &Actor, change: &Change) -> StoreResult<Option<f64>> {
    match change {
        Change::Actual { login, kpi, month, value, seen, .. } => store.set_value(
            actor,
            Via::Tui,
            ValueKind::Actual,
            login,
            kpi,
            *month,
            Some(*value),
            Expected::Value(*seen),
        ),
        Change::Rating { login, capability, rating, .. } => {
            store.set_capability_rating(actor, Via::Tui, login, capability, *rating).map(|()| None)
        }
    }
}

/// The worker thread is gone: nothing more will be saved or answered.
#[derive(Debug)]
pub struct SaverStopped;

pub struct Saver {
    requests: Sender<SaveRequest>,
    results: Receiver<Saved>,
}

impl Saver {
    /// Opens another connection to the branch file (the same date rules as the dashboard's) and
    /// starts the worker; it ends when the saver is dropped. The worker never prints: the
    /// terminal belongs to the dashboard, and results come back through `finished`.
    pub fn start(path: &Path, actor: Actor, today: NaiveDate) -> StoreResult<Saver> {
        let mut store = Store::open(path)?;
        store.set_today(today);
        let (requests, inbox) = channel::<SaveRequest>();
        let (outbox, results) = channel();
        std::thread::spawn(move || {
            // A wait for the write lock is the dashboard's to show (the App times it); the
            // store's notice would print over the screen.
            crate::store::on_wait(|| {});
            while let Ok(SaveRequest { id, change }) = inbox.recv() {
                let result = save(&mut store, &actor, &change);
                if outbox.send(Saved { id, change, result }).is_err() {
                    return;
                }
            }
        });
        Ok(Saver { requests, results })
    }

    /// Queues a save; gives the request back if the worker has stopped.
    pub fn request(&self, request: SaveRequest) -> Result<(), SaveRequest> {
        self.requests.send(request).map_err(|e| e.0)
    }

    /// The next finished save, if any, without waiting; `Err` once the worker has stopped
    /// (it panicked) and no answer is left.
    pub fn finished(&self) -> Result<Option<Saved>, SaverStopped> {
        match self.results.try_recv() {
            Ok(saved) => Ok(Some(saved)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(SaverStopped),
        }
    }
}
