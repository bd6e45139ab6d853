//! The reads queued while the reading thread was busy, put in the order worth running them:
//! keys can ask faster than a large branch reads, so what a later job makes useless is answered
//! as overtaken rather than read, and what a key waits for comes first.

use super::ReadJob;
use crate::ui::data::Book;
use crate::ui::effect::Outcome;
use std::sync::mpsc::{Receiver, TryRecvError};

/// One batch: the answers for the jobs overtaken, and the jobs to run, in order.
#[derive(Debug)]
pub struct Batch {
    pub overtaken: Vec<Outcome>,
    pub to_run: Vec<ReadJob>,
}

/// `first` and every job queued behind it; `None` once the worker is gone.
pub fn take(first: ReadJob, inbox: &Receiver<ReadJob>) -> Option<Vec<ReadJob>> {
    let mut jobs = vec![first];
    loop {
        match inbox.try_recv() {
            Ok(next) => jobs.push(next),
            Err(TryRecvError::Empty) => return Some(jobs),
            Err(TryRecvError::Disconnected) => return None,
        }
    }
}

/// Orders `jobs` (as queued): a new day first (everything after reads as of it), then the
/// newest load (a period key waits for it; older loads are overtaken), then the rest as queued
/// with only the last book read. The books of RMs scrolled past are overtaken (about 33 ms each
/// on a 500-staff branch): answered as not read, they are asked for again if their RM is
/// selected again.
pub fn order(jobs: Vec<ReadJob>) -> Batch {
    let newest_load = jobs.iter().rposition(|j| matches!(j, ReadJob::Load(_)));
    let last_book = jobs.iter().rposition(|j| matches!(j, ReadJob::Book(_)));
    let (mut overtaken, mut days, mut load, mut rest) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, job) in jobs.into_iter().enumerate() {
        match job {
            ReadJob::Load(request) if Some(i) != newest_load => {
                overtaken.push(Outcome::Loaded { generation: request.generation, result: Err(String::new()) });
            }
            ReadJob::Book(rm) if Some(i) != last_book => overtaken.push(Outcome::BookRead { rm, book: Book::NotRead }),
            ReadJob::NewDay(_) => days.push(job),
            ReadJob::Load(_) => load.push(job),
            other => rest.push(other),
        }
    }
    Batch { overtaken, to_run: [days, load, rest].into_iter().flatten().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::effect::{LoadRequest, LoadScope};
    use chrono::NaiveDate;

    fn load(generation: u64) -> ReadJob {
        let period = "2026-11".parse().unwrap();
        ReadJob::Load(LoadRequest { generation, period, scope: LoadScope::ScoresOnly, selected_rm: None })
    }

    fn book(rm: &str) -> ReadJob {
        ReadJob::Book(rm.into())
    }

    /// A job as the tests compare them.
    fn label(job: &ReadJob) -> String {
        match job {
            ReadJob::Load(request) => format!("load {}", request.generation),
            ReadJob::Book(rm) => format!("book {rm}"),
            ReadJob::NewDay(day) => format!("day {day}"),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn the_newest_load_runs_first_and_only_the_last_book_is_read() {
        let person = ReadJob::Person { login: "asha".into(), period: "2026-11".parse().unwrap() };
        let Batch { overtaken, to_run } = order(vec![book("a"), load(1), book("b"), person, load(2), book("c")]);
        let run: Vec<String> = to_run.iter().map(label).collect();
        assert_eq!(run[0], "load 2");
        assert!(run[1].starts_with("Person"), "{run:?}");
        assert_eq!(run[2..], ["book c"]);
        let answered: Vec<String> = overtaken
            .iter()
            .map(|o| match o {
                Outcome::Loaded { generation, result: Err(_) } => format!("load {generation}"),
                Outcome::BookRead { rm, book: Book::NotRead } => format!("book {rm}"),
                other => panic!("not an overtaken answer: {other:?}"),
            })
            .collect();
        assert_eq!(answered, ["book a", "load 1", "book b"]);
    }

    #[test]
    fn a_new_day_comes_before_the_load_it_asked_for() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let Batch { overtaken, to_run } = order(vec![book("a"), ReadJob::NewDay(day), load(3)]);
        assert!(overtaken.is_empty());
        assert_eq!(to_run.iter().map(label).collect::<Vec<_>>(), ["day 2026-12-01", "load 3", "book a"]);
    }
}
