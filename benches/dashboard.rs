//! How long the dashboard's data work takes on a large branch (500 staff, 500,000 customers,
//! 60 months; seed 7, as of 2026-11-15). Run with `cargo bench`; the branch file is built once
//! into target/ and reused. Set BRANCHBOARD_BENCH_SIZE=small for a quick run.

use branchboard::demo::DemoParams;
use branchboard::domain::period::Period;
use branchboard::store::Store;
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
        // The name changes with what the demo generates, so an old file is never measured.
        let path = dir.join(format!("bench-v2-{staff}-{customers}-{months}.db"));
        if !path.exists() {
            let params = DemoParams { staff, customers, months, seed: 7, today: today() };
            branchboard::cli::setup::build_demo(&path, &params, false, false).expect("benchmark branch");
        }
        path
    })
}

fn open() -> (Store, branchboard::domain::actor::Actor) {
    let store = Store::open(branch_file()).unwrap();
    let actor = store.resolve_actor(Some("manager"), None).unwrap();
    (store, actor)
}

const PERIODS: [&str; 3] = ["2026-11", "2026-Q4", "2026"];

/// Everything the dashboard reads and scores when it opens or the period changes.
#[divan::bench(args = PERIODS, sample_count = 5)]
fn dashboard_load(bencher: divan::Bencher, period: &str) {
    let (mut store, actor) = open();
    let period: Period = period.parse().unwrap();
    bencher.bench_local(|| read_everything(&mut store, &actor, period, today(), None).unwrap());
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

/// Switching period on an open dashboard: rescoring, with customers and coverage kept.
#[divan::bench(args = PERIODS, sample_count = 5)]
fn dashboard_period_switch(bencher: divan::Bencher, period: &str) {
    let (mut store, actor) = open();
    let period: Period = period.parse().unwrap();
    let fiscal_start = store.settings().unwrap().fiscal_start();
    bencher.bench_local(|| read_scores(&mut store, &actor, period, fiscal_start).unwrap());
}

/// What coverage needs of every customer (the portfolio tab's RM list).
#[divan::bench(sample_count = 5)]
fn read_customer_facts(bencher: divan::Bencher) {
    let (store, _) = open();
    bencher.bench_local(|| store.customer_facts_by_rm().unwrap());
}
