//! Head office's database work, off the drawing thread: a reading thread owns the connection
//! and answers read requests, and re-reads what is on screen when a sync lands. A listening
//! thread on a second connection hears syncs at once (LISTEN/NOTIFY); the reader also compares
//! the sync counter every second, which covers a listener that could not start or was cut off.
//! Every look that finds nothing new is reported (`Answer::Heard`), so the state knows head
//! office still answers; the reader's statements are bounded (`READ_LIMIT`), so a server that
//! stalls a query ends it rather than the dashboard waiting for ever.

use super::data::HqData;
use super::state::{Answer, Loaded, ReadRequest};
use crate::domain::period::Month;
use crate::hq::connect::Target;
use crate::hq::store::{HqError, HqStore};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the reader compares the sync counter (and, while head office is away, tries to
/// connect again) when nothing is asked.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

/// The longest a reader's statement may run on the server before it is ended (and the read
/// fails, to be tried again): PostgreSQL's `statement_timeout` on the reader's connection.
pub const READ_LIMIT: Duration = Duration::from_secs(30);

/// How long the listener waits for a notification before it looks whether to stop.
const LISTEN_TURN: Duration = Duration::from_millis(500);

enum Job {
    Read(ReadRequest),
    /// The listener heard a sync land.
    Synced,
    Stop,
}

pub struct Worker {
    jobs: Sender<Job>,
    answers: Receiver<Answer>,
    reader: JoinHandle<()>,
    stop_listening: Arc<AtomicBool>,
    reported_stop: bool,
}

impl Worker {
    /// Starts the reader on `store` and, when `listener` is given, the listener on it (already
    /// listening). `target` reconnects the reader after head office went away.
    pub fn start(store: HqStore, listener: Option<HqStore>, target: Target, current: Month) -> std::io::Result<Worker> {
        let (jobs, inbox) = channel::<Job>();
        let (outbox, answers) = channel::<Answer>();
        let stop_listening = Arc::new(AtomicBool::new(false));
        if let Some(listener) = listener {
            let (tell, stop) = (jobs.clone(), Arc::clone(&stop_listening));
            // Without the listener the counter still brings syncs in, only up to a second later.
            let _ =
                std::thread::Builder::new().name("hq-listener".into()).spawn(move || listen(listener, &tell, &stop));
        }
        let reader = std::thread::Builder::new().name("hq-reader".into()).spawn(move || {
            Reader { store: Some(store), target, current, last: None, seen_syncs: None, failing: false }
                .run(&inbox, &outbox)
        })?;
        Ok(Worker { jobs, answers, reader, stop_listening, reported_stop: false })
    }

    pub fn ask(&self, requests: Vec<ReadRequest>) {
        for request in requests {
            // A reader that stopped is reported by `answers`.
            let _ = self.jobs.send(Job::Read(request));
        }
    }

    /// The answers that have arrived, without waiting; a reader that ended is reported once.
    pub fn answers(&mut self) -> Vec<Answer> {
        let mut answers: Vec<Answer> = std::iter::from_fn(|| self.answers.try_recv().ok()).collect();
        if !self.reported_stop && self.reader.is_finished() {
            self.reported_stop = true;
            answers.push(Answer::WorkerStopped);
        }
        answers
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.stop_listening.store(true, Ordering::SeqCst);
        let _ = self.jobs.send(Job::Stop);
    }
}

fn listen(mut store: HqStore, tell: &Sender<Job>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match store.wait_for_sync(LISTEN_TURN) {
            Ok(true) => {
                if tell.send(Job::Synced).is_err() {
                    return;
                }
            }
            Ok(false) => {}
            // Cut off: the reader's counter takes over.
            Err(_) => return,
        }
    }
}

struct Reader {
    /// `None` after a failure, until a connection works again.
    store: Option<HqStore>,
    target: Target,
    current: Month,
    /// The latest request: what a sync re-reads.
    last: Option<ReadRequest>,
    /// The sync counter of the last read.
    seen_syncs: Option<i64>,
    /// The last read failed.
    failing: bool,
}

impl Reader {
    fn run(mut self, inbox: &Receiver<Job>, outbox: &Sender<Answer>) {
        loop {
            let first = match inbox.recv_timeout(POLL_EVERY) {
                Ok(job) => job,
                Err(RecvTimeoutError::Timeout) => {
                    let told = if self.landed() { self.answer(outbox) } else { outbox.send(Answer::Heard).is_ok() };
                    if !told {
                        return;
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            // Keys pressed quickly ask for several periods: only the latest is read, and one
            // read answers any number of syncs.
            let mut wanted = false;
            for job in std::iter::once(first).chain(std::iter::from_fn(|| inbox.try_recv().ok())) {
                match job {
                    Job::Read(request) => self.last = Some(request),
                    Job::Synced => {}
                    Job::Stop => return,
                }
                wanted = true;
            }
            if wanted && !self.answer(outbox) {
                return;
            }
        }
    }

    /// Whether the sync counter moved since the last read (or head office is back after a
    /// failure): what is on screen is to be read again. False means head office answered and
    /// nothing new landed (or nothing was asked yet).
    fn landed(&mut self) -> bool {
        if self.last.is_none() {
            return false;
        }
        if self.failing {
            return true;
        }
        let Some(store) = self.store.as_mut() else { return true };
        match store.syncs() {
            Ok(syncs) => self.seen_syncs != Some(syncs),
            // The read says why.
            Err(_) => true,
        }
    }

    /// Reads the latest request and sends the answer; false when nobody listens any more.
    fn answer(&mut self, outbox: &Sender<Answer>) -> bool {
        let Some(request) = self.last.clone() else { return true };
        let read = self.read(&request);
        self.failing = read.is_err();
        if let Ok(loaded) = &read {
            self.seen_syncs = Some(loaded.data.snapshot.syncs);
        } else {
            // A connection that failed once is not trusted again: the next try opens another.
            self.store = None;
        }
        outbox.send(Answer::Read { generation: request.generation, read: read.map_err(|e| e.to_string()) }).is_ok()
    }

    fn read(&mut self, request: &ReadRequest) -> Result<Box<Loaded>, HqError> {
        let store = match &mut self.store {
            Some(store) => store,
            None => self.store.insert(reader_store(&self.target)?),
        };
        let snapshot = store.snapshot(&request.period, request.region.as_deref())?;
        let periods = store.periods(self.current)?;
        // Cards are read here, not on the drawing thread.
        Ok(Box::new(Loaded { data: HqData::new(snapshot), periods }))
    }
}

/// A reader's connection to head office: checked, its statements bounded by `READ_LIMIT`.
pub fn reader_store(target: &Target) -> Result<HqStore, HqError> {
    let mut store = HqStore::open(target)?;
    store.limit_statements(READ_LIMIT)?;
    Ok(store)
}
