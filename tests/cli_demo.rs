//! `demo` through the real binary: a believable branch any sqlite3 client can read, replaced
//! on the next run, never written over a real branch; the dashboard refuses to start without
//! a terminal.

mod common;

use common::Branch;
use std::process::Command;

fn sqlite3(db: &std::path::Path, sql: &str) -> String {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .expect("the sqlite3 client is needed (apt-get install sqlite3; .ci/run installs it)");
    assert!(out.status.success(), "sqlite3 {sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn demo_builds_a_branch_a_plain_sqlite3_client_can_query() {
    let b = Branch::empty();
    let run = b.run(&["--today", "2026-11-15", "demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("its manager logs in as manager"), "{}", run.stderr);
    assert_eq!(sqlite3(&b.db, "SELECT count(*) FROM staff"), "14");
    assert_eq!(sqlite3(&b.db, "SELECT count(*) FROM customer"), "6000");
    assert_eq!(sqlite3(&b.db, "SELECT role FROM staff WHERE login = 'manager'"), "branch_manager");
    // 24 months of history to November 2026, and December's targets planned ahead.
    assert_eq!(sqlite3(&b.db, "SELECT min(month) || ' ' || max(month) FROM target"), "2024-12 2026-12");
    assert_eq!(sqlite3(&b.db, "SELECT max(month) FROM actual"), "2026-11");
    // Every month before November is closed; October closed with a few values never reported.
    assert_eq!(sqlite3(&b.db, "SELECT count(*) FROM period_state WHERE state = 'closed'"), "23");
    assert_eq!(sqlite3(&b.db, "SELECT max(month) FROM period_state WHERE state = 'closed'"), "2026-10");
    let october_missing: u32 = sqlite3(
        &b.db,
        "SELECT count(*) FROM target t WHERE t.month = '2026-10' AND NOT EXISTS \
         (SELECT 1 FROM actual a WHERE a.login = t.login AND a.kpi = t.kpi AND a.month = t.month)",
    )
    .parse()
    .unwrap();
    assert!((1..40).contains(&october_missing), "October has {october_missing} missing values");
    assert_eq!(sqlite3(&b.db, "PRAGMA integrity_check"), "ok");
    // The same seed gives the same branch.
    let first = b.ok_as("manager", &["export", "actuals"]);
    assert_eq!(b.run(&["--today", "2026-11-15", "demo"]).code, 0);
    assert_eq!(b.ok_as("manager", &["export", "actuals"]), first);
    // A different seed gives another one, replacing the old demo file.
    assert_eq!(b.run(&["--today", "2026-11-15", "demo", "--seed", "8"]).code, 0);
    assert_ne!(b.ok_as("manager", &["export", "actuals"]), first);
    // Bad parameters are refused and leave the existing demo in place.
    let bad = b.run(&["--today", "2026-11-15", "demo", "--staff", "1"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert_eq!(sqlite3(&b.db, "SELECT count(*) FROM staff"), "14");
}

#[test]
fn demo_never_overwrites_a_real_branch() {
    let b = Branch::new();
    let before = b.dump();
    let run = b.run(&["demo"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not a demo branch"), "{}", run.stderr);
    assert_eq!(b.dump(), before);
    // $BRANCHBOARD_DB is not used by demo: it writes branchboard-demo.db in the working directory.
    let out = Command::new(env!("CARGO_BIN_EXE_branchboard"))
        .current_dir(b.dir.path())
        .env("BRANCHBOARD_DB", &b.db)
        .args(["--today", "2026-11-15", "demo", "--customers", "500"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(b.dir.path().join("branchboard-demo.db").exists());
    assert_eq!(b.dump(), before);
}

#[test]
fn a_large_demo_works() {
    let b = Branch::empty();
    let run = b.run(&["--today", "2026-11-15", "demo", "--staff", "60", "--customers", "50000", "--months", "36"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(sqlite3(&b.db, "SELECT count(*) FROM staff"), "60");
    assert_eq!(sqlite3(&b.db, "SELECT count(*) FROM customer"), "50000");
    let report: serde_json::Value =
        serde_json::from_str(&b.ok_as("manager", &["export", "scorecard", "--period", "2026", "--format", "json"]))
            .unwrap();
    let ranked = report["employees"].as_array().unwrap().iter().filter(|e| e["rank"].is_number()).count();
    assert_eq!(ranked, 59);
}

#[test]
fn the_dashboard_needs_a_terminal() {
    let b = Branch::new();
    let run = b.run_as("boss", &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("needs a terminal"), "{}", run.stderr);
}
