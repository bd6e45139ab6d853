//! How long the dashboard's data work takes on a large branch (500 staff, 500,000 customers,
//! 60 months; seed 7, as of 2026-11-15). Run with `cargo bench`; the branch file is built once
//! into target/ and reused. Set BRANCHBOARD_BENCH_SIZE=small for a quick run.

use branchboard::demo::DemoParams;
use branchboard::domain::period::Period;
use branchboard::domain::template::Role;
use branchboard::import::ValueKind;
use branchboard::store::{Expected, Store, ValueKey, Via};
use branchboard::ui::worker::{read_everything, read_scores};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

/// The benchmark branch file, generated on first use.
fn branch_file() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let small = std::env::var("BRANCHBOARD_BENCH_SIZE").is_ok_and(|s| s == "small");
        let (staff, customers, months) = if small { (60, 50_000, 36) } else { (500, 500_000, 60) };
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        // The name changes with what the demo generates and with the file's schema, so an old
        // file (or one upgraded on opening) is never measured.
        let schema = branchboard::store::latest_version();
        let path = dir.join(format!("bench-v2-s{schema}-{staff}-{customers}-{months}.db"));
        if !path.exists() {
            let params = DemoParams { staff, customers, months, seed: 7, today: today() };
            branchboard::cli::setup::build_demo(&path, &params, false, false, &[]).expect("benchmark branch");
        }
        path
    })
}

fn open() -> (Store, branchboard::domain::actor::Actor) {
    let mut store = Store::open(branch_file()).unwrap();
    store.set_today(today());
    let actor = store.resolve_actor(Some("manager"), None).unwrap();
    (store, actor)
}

/// Empties the kept scores and book counts, as a file that nobody has read since it changed.
fn forget_kept_scores() {
    let conn = rusqlite::Connection::open(branch_file()).unwrap();
    conn.execute_batch("DELETE FROM score_cache; DELETE FROM book_cache;").unwrap();
}

const PERIODS: [&str; 3] = ["2026-11", "2026-Q4", "2026"];

/// Everything the dashboard reads when it opens: the scores of 12 trend periods (kept scores,
/// filled by the first iteration), every RM's coverage and the first RM's customers.
#[divan::bench(args = PERIODS, sample_count = 5)]
fn dashboard_load(bencher: divan::Bencher, period: &str) {
    let (mut store, actor) = open();
    let period: Period = period.parse().unwrap();
    bencher.bench_local(|| read_everything(&mut store, &actor, period, today(), None).unwrap());
}

/// The same with nothing kept: every person scored for 12 periods, every book counted (the
/// first start after the scores were dropped, e.g. by a settings change).
#[divan::bench(args = PERIODS, sample_count = 3)]
fn dashboard_load_nothing_kept(bencher: divan::Bencher, period: &str) {
    let (mut store, actor) = open();
    let period: Period = period.parse().unwrap();
    bencher
        .with_inputs(forget_kept_scores)
        .bench_local_values(|()| read_everything(&mut store, &actor, period, today(), None).unwrap());
}

/// Switching period on an open dashboard: the 12 trend periods' scores, kept.
#[divan::bench(args = PERIODS, sample_count = 5)]
fn dashboard_period_switch(bencher: divan::Bencher, period: &str) {
    let (mut store, actor) = open();
    let period: Period = period.parse().unwrap();
    bencher.bench_local(|| read_scores(&mut store, &actor, period).unwrap());
}

/// Another session saved one actual: the reload rescores that person's periods only.
#[divan::bench(args = PERIODS, sample_count = 5)]
fn reload_after_one_save(bencher: divan::Bencher, period: &str) {
    let (mut store, actor) = open();
    let (mut writer, manager) = open();
    let period: Period = period.parse().unwrap();
    read_scores(&mut store, &actor, period).unwrap();
    let month = "2026-11".parse().unwrap();
    let login = store.staff().unwrap().into_iter().find(|m| m.role == Role::LoanOfficer).unwrap().login;
    let mut value = 0.0;
    bencher
        .with_inputs(|| {
            value += 1.0;
            let key = ValueKey { login: &login, kpi: "repeat_clients", month };
            writer.set_value(&manager, Via::Cli, ValueKind::Actual, key, Some(value), Expected::Anything).unwrap();
        })
        .bench_local_values(|()| {
            let scores = read_scores(&mut store, &actor, period).unwrap();
            assert!(scores.history.len() == 12);
        });
}

/// Reading one period's figures (with the previous period's, for trends) from the file.
#[divan::bench(args = PERIODS, sample_count = 5)]
fn read_branch_data(bencher: divan::Bencher, period: &str) {
    let (mut store, _) = open();
    let period: Period = period.parse().unwrap();
    bencher.bench_local(|| store.branch_data_for(period).unwrap());
}

/// Scoring the whole team for one period from figures already in memory.
#[divan::bench(args = PERIODS, sample_count = 5)]
fn score_period(bencher: divan::Bencher, period: &str) {
    let (mut store, _) = open();
    let period: Period = period.parse().unwrap();
    let data = store.branch_data_for(period).unwrap();
    bencher.bench_local(|| data.score_period(period));
}

/// What coverage needs of every customer (the portfolio tab's RM list).
#[divan::bench(sample_count = 5)]
fn read_customer_facts(bencher: divan::Bencher) {
    let (store, _) = open();
    bencher.bench_local(|| store.customer_facts_by_rm().unwrap());
}

/// A key on an open dashboard, in the process: `[` or `]` (alternately), until the worker has
/// answered and the screen is drawn at 120×40. The measuring script times the same in tmux.
#[divan::bench(args = ["[", "p"], sample_count = 10)]
fn session_key(bencher: divan::Bencher, key: &str) {
    use branchboard::ui::clock::Clock;
    use branchboard::ui::session::Session;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (_, actor) = open();
    let mut session = Session::open(branch_file(), actor, Clock::SystemOn(today())).unwrap();
    session.settle();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    let theme = branchboard::ui::theme::Theme::plain();
    let keys: Vec<char> = if key == "[" { vec!['[', ']'] } else { vec!['p'] };
    let mut next = keys.iter().cycle();
    // Let the reading thread keep the periods ahead before measuring.
    std::thread::sleep(std::time::Duration::from_secs(5));
    bencher.bench_local(|| {
        let before = session.app.data.as_ref().map(|d| d.period);
        let code = KeyCode::Char(*next.next().unwrap());
        session.press(KeyEvent::new(code, KeyModifiers::NONE));
        session.settle();
        let status = session.app.status.as_ref().map(|s| s.message.text.clone());
        assert_ne!(session.app.data.as_ref().map(|d| d.period), before, "the key showed another period: {status:?}");
        terminal.draw(|frame| branchboard::ui::views::render(&session.app, theme, frame)).unwrap();
    });
}
