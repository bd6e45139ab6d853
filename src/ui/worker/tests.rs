//! The reading thread over a real branch file (the default demo): what a batch of jobs queued
//! while it was busy answers, and in which order.

use super::{ReadJob, read_loop};
use crate::demo::{DemoParams, generate_demo};
use crate::domain::capability::builtin_capabilities;
use crate::domain::period::{Month, Period};
use crate::domain::template::{Role, builtin_templates};
use crate::store::{Store, Via};
use crate::ui::data::Book;
use crate::ui::effect::{LoadRequest, LoadScope, Outcome};
use std::sync::mpsc::channel;
use std::time::Duration;

/// The default demo written to `path` (as `demo` writes it, without keeping scores ahead).
fn demo_file(path: &std::path::Path, params: &DemoParams) {
    let templates = builtin_templates().unwrap();
    let by_role = templates.iter().filter_map(|t| Some((Role::from_code(&t.role)?, t.clone()))).collect();
    let data = generate_demo(params, &by_role, &builtin_capabilities().unwrap()).unwrap();
    let manager = data.staff.iter().find(|m| m.role == Role::BranchManager).unwrap();
    let mut store = Store::create(path).unwrap();
    store.init_branch("Demo Branch", &manager.login, &manager.name, &templates, Via::Demo).unwrap();
    store.write_demo(&manager.login, "default demo", &data, &()).unwrap();
}

/// An answer as the test compares them.
fn label(outcome: Outcome) -> String {
    match outcome {
        Outcome::Loaded { generation, result: Ok(_) } => format!("load {generation}"),
        Outcome::BookRead { rm, book: Book::Read(_) } => format!("book {rm}"),
        Outcome::BookRead { rm, book: Book::NotRead } => format!("book {rm} overtaken"),
        other => format!("{:?}", std::mem::discriminant(&other)),
    }
}

/// Holding `j` on the portfolio queues a book read for every RM passed; a period key pressed
/// after them must not wait for those reads (tens of milliseconds each on a large branch).
#[test]
fn a_period_load_queued_behind_books_runs_first_and_books_scrolled_past_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let params = DemoParams::default();
    demo_file(&path, &params);
    let mut store = Store::open(&path).unwrap();
    store.set_today(params.today);
    let actor = store.resolve_actor(Some("manager"), None).unwrap();

    // Queued before the thread starts: one batch.
    let (jobs, inbox) = channel();
    let (outbox, answers) = channel();
    for rm in ["tanvi.varma", "rekha.jain", "deepa.gill"] {
        jobs.send(ReadJob::Book(rm.into())).unwrap();
    }
    let period = Period::Month(Month::of_date(params.today));
    let request = LoadRequest { generation: 1, period, scope: LoadScope::ScoresOnly, selected_rm: None };
    jobs.send(ReadJob::Load(request)).unwrap();
    let today = params.today;
    let reader = std::thread::spawn(move || read_loop(&mut store, &actor, today, &inbox, &outbox));
    let answered: Vec<String> =
        (0..4).map(|_| label(answers.recv_timeout(Duration::from_secs(60)).expect("an answer"))).collect();
    drop(jobs);
    reader.join().unwrap();
    assert_eq!(answered, ["book tanvi.varma overtaken", "book rekha.jain overtaken", "load 1", "book deepa.gill"]);
}
