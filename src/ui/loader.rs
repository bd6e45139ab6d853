//! Reads and scores dashboard data on a worker thread with its own connection, so the screen
//! keeps answering keys while a large branch loads. Only the newest request is worked on.

use super::data::{DashboardData, PeriodScores};
use crate::domain::period::Period;
use crate::store::{Actor, Store, StoreResult};
use chrono::NaiveDate;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

/// What to load: the period, the RM whose customers to read, whether everything is needed
/// (after a change) or only the scores of another period, and a number that tells a finished
/// load from a stale one.
#[derive(Debug, Clone)]
pub struct LoadRequest {
    pub generation: u64,
    pub period: Period,
    pub selected_rm: Option<String>,
    /// `None`: read everything. `Some(fiscal start)`: only rescore for the period.
    pub scores_only: Option<u32>,
}

pub enum LoadedData {
    Everything(DashboardData),
    Scores(PeriodScores),
}

pub struct Loaded {
    pub generation: u64,
    pub data: StoreResult<LoadedData>,
}

pub struct Loader {
    requests: Sender<LoadRequest>,
    results: Receiver<Loaded>,
}

impl Loader {
    /// Opens a second connection to the branch file and starts the worker; it ends when the
    /// loader is dropped.
    pub fn start(path: &Path, actor: Actor, as_of: NaiveDate) -> StoreResult<Loader> {
        let mut store = Store::open(path)?;
        let (requests, inbox) = channel::<LoadRequest>();
        let (outbox, results) = channel();
        std::thread::spawn(move || {
            // Nothing this thread does may print: the terminal is the dashboard's.
            crate::store::on_wait(|| {});
            while let Ok(mut request) = inbox.recv() {
                // Keys can ask faster than a large branch loads: skip to the newest request.
                loop {
                    match inbox.try_recv() {
                        Ok(newer) => request = newer,
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Disconnected) => return,
                    }
                }
                let data = match request.scores_only {
                    Some(fiscal_start) => {
                        PeriodScores::load(&mut store, request.period, fiscal_start).map(LoadedData::Scores)
                    }
                    None => {
                        DashboardData::load(&mut store, &actor, request.period, as_of, request.selected_rm.as_deref())
                            .map(LoadedData::Everything)
                    }
                };
                if outbox.send(Loaded { generation: request.generation, data }).is_err() {
                    return;
                }
            }
        });
        Ok(Loader { requests, results })
    }

    /// Queues a load; false if the worker has stopped.
    pub fn request(&self, request: LoadRequest) -> bool {
        self.requests.send(request).is_ok()
    }

    /// The next finished load, if any, without waiting.
    pub fn finished(&self) -> Option<Loaded> {
        self.results.try_recv().ok()
    }
}
