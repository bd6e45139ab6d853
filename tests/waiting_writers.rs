//! A save that finds the branch file busy waits for it (SPEC §7): while another writer holds the
//! file longer than the old 10-second busy timeout, as a million-row import does, `actual set`
//! and `import actuals` both wait, say once that they are waiting, and succeed when it is done;
//! "database is locked" reaches no one.

mod common;

use common::{Branch, Run};
use std::io::Read;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Longer than the 10 s that writers used to wait before failing.
const HOLD: Duration = Duration::from_secs(12);
const NOTICE: &str = "waiting for another change to the branch file…";

fn spawn(branch: &Branch, args: &[&str]) -> Child {
    branch
        .command()
        .args(["--as", "lara"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start branchboard")
}

/// Waits (bounded) for `child` to end and collects what it printed.
fn finish(mut child: Child, what: &str) -> Run {
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what} did not finish within a minute of the lock being released");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    Run { code: status.code().unwrap_or(-1), stdout, stderr }
}

#[test]
fn writers_wait_for_a_long_change_say_so_once_and_then_succeed() {
    let branch = Branch::new();
    let staff = branch
        .file("staff.csv", "login,name,role,manager_login,focus,segments,os_user\nlara,Lara,loan_officer,boss,,,\n");
    branch.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    let actuals = branch.file("actuals.csv", "login,kpi,period,value\nlara,loan_sales_revenue,2025-02,7\n");

    // The long change: a connection holding the write lock, rolled back at the end.
    let holder = rusqlite::Connection::open(&branch.db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; CREATE TABLE held_by_test (x); INSERT INTO held_by_test VALUES (1);")
        .unwrap();
    let set = spawn(&branch, &["actual", "set", "--kpi", "loan_sales_revenue", "--period", "2025-01", "--value", "5"]);
    let import = spawn(&branch, &["import", "actuals", actuals.to_str().unwrap()]);
    std::thread::sleep(HOLD);
    let mut waiting = [("actual set", set), ("import actuals", import)];
    for (what, child) in &mut waiting {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
            panic!("{what} gave up within {HOLD:?} instead of waiting ({status}):\n{stderr}");
        }
    }
    holder.execute_batch("ROLLBACK").unwrap();

    for (what, child) in waiting {
        let run = finish(child, what);
        assert_eq!(run.code, 0, "{what} failed:\n{}", run.stderr);
        assert_eq!(run.stderr.matches(NOTICE).count(), 1, "{what} must say once that it waits:\n{}", run.stderr);
        let stderr = run.stderr.to_lowercase();
        assert!(!stderr.contains("locked") && !stderr.contains("busy"), "{what}:\n{}", run.stderr);
    }
    assert_eq!(
        branch.ok_as("lara", &["export", "actuals"]),
        "login,kpi,period,value\nlara,loan_sales_revenue,2025-01,5\nlara,loan_sales_revenue,2025-02,7\n"
    );
}
