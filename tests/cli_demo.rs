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

/// `kill -9` while `demo` writes leaves at most its own half-built file, which the next `demo`
/// recognises and replaces (before, the stub at the target made it refuse: "not a demo branch").
#[test]
fn a_killed_demo_is_replaced_by_the_next_one() {
    let b = Branch::empty();
    let mut child = b
        .command()
        .args(["--today", "2026-11-15", "demo", "--staff", "40", "--customers", "300000", "--months", "36"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start demo");
    // Kill it once it has started writing a file (the finished demo would replace it anyway).
    let building = b.dir.path().join("branch.db.building");
    let started = std::time::Instant::now();
    while !building.exists() && !b.db.exists() {
        assert!(started.elapsed() < std::time::Duration::from_secs(120), "demo never started writing");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().expect("kill -9 demo");
    child.wait().unwrap();
    // It was killed while building: only its own half-built file is there.
    assert!(building.exists() && !b.db.exists(), "the demo was not killed half-way");

    let again = b.run(&["--today", "2026-11-15", "demo", "--staff", "14", "--customers", "600"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(sqlite3(&b.db, "SELECT count(*) FROM customer"), "600");
    let leftovers: Vec<String> = std::fs::read_dir(b.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".building"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A stub left at the target by an older build (the branch created by `demo`, its rows never
/// written) is recognised as the demo's own.
#[test]
fn a_demo_stub_without_rows_is_the_demos_own() {
    let b = Branch::empty();
    assert_eq!(b.run(&["--today", "2026-11-15", "demo", "--customers", "500"]).code, 0);
    let conn = rusqlite::Connection::open(&b.db).unwrap();
    // What a run killed between creating the branch and writing its rows left behind.
    conn.execute_batch("DROP TRIGGER IF EXISTS audit_log_no_delete; DELETE FROM audit_log WHERE key = 'demo';")
        .unwrap();
    drop(conn);
    let again = b.run(&["--today", "2026-11-15", "demo", "--customers", "700"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(sqlite3(&b.db, "SELECT count(*) FROM customer"), "700");
}
