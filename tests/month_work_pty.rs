//! The month's work through the real binary in a real terminal (tmux, 120×40), on the demo
//! branch as of 2026-11-15: a branch manager's month end (plan December by copying November's
//! targets +10 %, close November after the missing-values confirmation, reopen it, clear a
//! wrong actual) and an RM's day (three values entered with "next missing value", one customer
//! contact that moves contact coverage on screen). What the screen says is checked against
//! what the file holds, read back through the command line.

mod common;

use common::tmux::Tmux;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-15";
const WAIT: Duration = Duration::from_secs(10);

fn branchboard(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_branchboard"))
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .expect("run branchboard");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn demo(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("demo.db");
    branchboard(&db, &["demo"]);
    db
}

fn dashboard(db: &Path, login: &str) -> Tmux {
    let command = format!(
        "sh -c '{} --db {} --as {login} --today {TODAY}; echo EXITED $?; exec sleep 60'",
        env!("CARGO_BIN_EXE_branchboard"),
        db.display()
    );
    let tmux = Tmux::start(120, 40, &command);
    tmux.wait_for("Leaderboard", WAIT);
    tmux
}

/// One line of a CSV export, if it is there: `login,kpi,period,value`.
fn value_in(csv: &str, login: &str, kpi: &str, month: &str) -> Option<f64> {
    let prefix = format!("{login},{kpi},{month},");
    csv.lines().find_map(|l| l.strip_prefix(prefix.as_str())).map(|v| v.parse().unwrap())
}

fn month_state(db: &Path, month: &str) -> String {
    let list = branchboard(db, &["--as", "manager", "period", "list"]);
    let line = list.lines().find(|l| l.starts_with(month)).expect("the month is listed").to_string();
    line.split(',').nth(1).unwrap().to_string()
}

/// Waits until `check` holds (the file catches up with a save), up to `WAIT`.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < WAIT, "{what} did not happen within {WAIT:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Presses `key` until `text` shows: a dialog that needs the latest read says "try again in a
/// moment" while a save is still being read back, as a user would press again.
fn press_until(tmux: &Tmux, key: &str, text: &str) {
    let start = Instant::now();
    loop {
        tmux.keys(&[key]);
        std::thread::sleep(Duration::from_millis(300));
        if tmux.screen().contains(text) {
            return;
        }
        assert!(start.elapsed() < WAIT, "{text:?} did not appear after pressing {key}:\n{}", tmux.screen());
    }
}

#[test]
fn a_managers_month_end() {
    if !common::tmux::available("a_managers_month_end") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let targets = |month: &str| branchboard(&db, &["--as", "manager", "export", "targets", "--period", month]);
    assert_eq!(value_in(&targets("2026-11"), "tanvi.varma", "new_accounts_opened", "2026-11"), Some(45.0));
    let tmux = dashboard(&db, "manager");

    // Plan December: November's targets at 110 %. The dialog counts before it writes.
    tmux.keys(&["P"]);
    tmux.wait_for("Plan a month: copy targets", WAIT);
    tmux.keys(&["Down", "BSpace", "BSpace", "BSpace", "1", "1", "0"]);
    tmux.wait_for("+10 %", WAIT);
    tmux.wait_for(" replaced (", WAIT);
    let screen = tmux.screen();
    let count: String =
        screen.split("Will write ").nth(1).expect("the count").chars().take_while(char::is_ascii_digit).collect();
    assert!(count.parse::<u32>().unwrap() > 0, "{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("copied {count} targets from 2026-11 to 2026-12 at 110%"), WAIT);
    // A count: 45 × 1.10 = 49.5, rounded half away from zero to 50.
    assert_eq!(value_in(&targets("2026-12"), "tanvi.varma", "new_accounts_opened", "2026-12"), Some(50.0));

    // Close November: the confirmation counts what is still missing, as `period list` does.
    let list = branchboard(&db, &["--as", "manager", "period", "list"]);
    let november = list.lines().find(|l| l.starts_with("2026-11,")).unwrap().to_string();
    let unreported = november.rsplit(',').next().unwrap().to_string();
    press_until(&tmux, "C", "Close 2026-11");
    tmux.wait_for(&format!("{unreported} targeted values still have no actual"), WAIT);
    assert_eq!(month_state(&db, "2026-11"), "open", "nothing happens before Enter");
    tmux.keys(&["Enter"]);
    tmux.wait_for("2026-11 closed", WAIT);
    assert_eq!(month_state(&db, "2026-11"), "closed");
    // The team panel no longer calls November open once the dashboard has read the close.
    eventually("the screen shows November closed", || !tmux.screen().contains("Nov 2026 open"));

    // And reopen it.
    press_until(&tmux, "C", "Reopen 2026-11");
    tmux.keys(&["Enter"]);
    tmux.wait_for("2026-11 reopened", WAIT);
    assert_eq!(month_state(&db, "2026-11"), "open");
    tmux.wait_for("Nov 2026 open", WAIT);

    // A wrong actual arrives (4,321 new accounts), and the manager clears it on screen.
    branchboard(
        &db,
        &[
            "--as",
            "manager",
            "actual",
            "set",
            "--kpi",
            "new_accounts_opened",
            "--period",
            "2026-11",
            "--value",
            "4321",
            "--login",
            "tanvi.varma",
        ],
    );
    tmux.keys(&["/", "t", "a", "n", "v", "i", "Enter", "Enter"]);
    tmux.wait_for("tanvi.varma · 2026-11", WAIT);
    tmux.keys(&["Enter"]);
    tmux.wait_for("4,321", WAIT);
    tmux.keys(&["/", "n", "e", "w", " ", "a", "c", "c", "Enter"]);
    tmux.keys(&["x"]);
    tmux.wait_for("Clear an actual", WAIT);
    tmux.wait_for("(4,321)", WAIT);
    tmux.keys(&["Enter"]);
    tmux.wait_for("cleared Number of New Accounts", WAIT);
    let actuals = branchboard(&db, &["--as", "manager", "export", "actuals", "--period", "2026-11"]);
    assert_eq!(value_in(&actuals, "tanvi.varma", "new_accounts_opened", "2026-11"), None);
    let audit = branchboard(&db, &["--as", "manager", "export", "audit", "--period", "2026-11"]);
    let cleared =
        audit.lines().find(|l| l.contains("tanvi.varma/new_accounts_opened/2026-11") && l.contains(",clear,"));
    assert!(cleared.is_some_and(|l| l.contains("4321") && l.ends_with(",tui")), "{audit}");

    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0", WAIT);
}

/// Tanvi's contact coverage as `export coverage` says it: contacted within cadence over active.
fn contact_coverage(db: &Path) -> f64 {
    let report = branchboard(db, &["--as", "tanvi.varma", "export", "coverage", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let rm = report["rms"].as_array().unwrap().iter().find(|r| r["login"] == "tanvi.varma").unwrap().clone();
    rm["contact_coverage"].as_f64().unwrap()
}

#[test]
fn an_rms_day() {
    if !common::tmux::available("an_rms_day") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let entered = || {
        let actuals = branchboard(&db, &["--as", "tanvi.varma", "export", "actuals", "--period", "2026-11"]);
        actuals.lines().filter(|l| l.starts_with("tanvi.varma,")).count()
    };
    let before = entered();
    let tmux = dashboard(&db, "tanvi.varma");

    // Her own KRAs; `n` opens the first missing value, and each save opens the next.
    tmux.keys(&["3"]);
    tmux.wait_for("KRAs · Enter opens", WAIT);
    tmux.keys(&["n"]);
    for done in 1..=3 {
        tmux.wait_for("Actual · ", WAIT);
        tmux.keys(&["3", "Enter"]);
        eventually(&format!("value {done} saved"), || entered() == before + done);
    }
    tmux.wait_for("Actual · ", WAIT);
    tmux.keys(&["Escape"]);
    let audit = branchboard(&db, &["--as", "manager", "export", "audit", "--period", "2026-11"]);
    let by_tui = audit.lines().filter(|l| l.contains(",tanvi.varma,set,actual,") && l.ends_with(",tui")).count();
    assert_eq!(by_tui, 3, "{audit}");

    // A contact with the first customer due for one: 16 active customers, 13 contacted within
    // their cadence (81%); one more makes 14 of 16 (88%), on screen without a restart.
    let coverage = contact_coverage(&db);
    assert_eq!(coverage, 13.0 / 16.0);
    let contacts_line = |tmux: &Tmux| tmux.screen().lines().find(|l| l.contains("Contacts")).unwrap_or("").to_string();
    tmux.keys(&["2"]);
    tmux.wait_for("Contacts", WAIT);
    assert!(contacts_line(&tmux).contains(&format!(" {:.0}%", 100.0 * coverage)), "{}", tmux.screen());
    tmux.keys(&["n"]);
    tmux.wait_for("due for contact", WAIT);
    tmux.keys(&["r"]);
    tmux.wait_for(&format!("on (YYYY-MM-DD): {TODAY}"), WAIT);
    tmux.keys(&["Enter"]);
    let after = 14.0 / 16.0;
    eventually("the contact is stored", || contact_coverage(&db) == after);
    eventually("the gauge shows 88%", || contacts_line(&tmux).contains(&format!(" {:.0}%", 100.0 * after)));
    // The book-derived KPI moves with it: contact coverage in percent, live in the open month.
    let scorecard =
        branchboard(&db, &["--as", "tanvi.varma", "export", "scorecard", "--period", "2026-11", "--format", "json"]);
    let scorecard: serde_json::Value = serde_json::from_str(&scorecard).unwrap();
    let tanvi = common::employee(&scorecard, "tanvi.varma");
    common::assert_close(&common::kpi(tanvi, "contact_coverage")["actual"], 87.5);

    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0", WAIT);
}
