//! Many people on one file (SPEC §7): separate processes saving at the same moment all
//! succeed with nothing lost and every change audited, and an edit based on a value that
//! changed since it was shown is refused as a conflict showing both values.

mod common;

use common::Branch;
use std::sync::{Arc, Barrier};
use std::time::Instant;

const WRITERS: usize = 8;
const SAVES_PER_WRITER: usize = 50;
const KPI: &str = "loan_sales_revenue";

fn staff_csv() -> String {
    let mut csv = String::from("login,name,role,manager_login,focus,segments,os_user\n");
    for n in 1..=WRITERS {
        csv.push_str(&format!("staff{n},Staff Member {n},loan_officer,boss,,,\n"));
    }
    csv
}

/// The `i`-th month from 2021-01: fifty distinct months per writer.
fn month(i: usize) -> String {
    format!("{}-{:02}", 2021 + i / 12, i % 12 + 1)
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open db");
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[test]
fn eight_processes_saving_at_once_all_succeed_and_are_audited() {
    let branch = Branch::new();
    let staff = branch.file("staff.csv", staff_csv());
    branch.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    let cli_audit = "SELECT count(*) FROM audit_log WHERE via = 'cli' AND entity = 'actual'";
    let audit_before = count(&branch.db, cli_audit);

    let branch = Arc::new(branch);
    let start = Arc::new(Barrier::new(WRITERS));
    let started = Instant::now();
    let writers: Vec<_> = (1..=WRITERS)
        .map(|n| {
            let (branch, start) = (Arc::clone(&branch), Arc::clone(&start));
            std::thread::spawn(move || {
                let login = format!("staff{n}");
                start.wait();
                let mut failures = Vec::new();
                for i in 0..SAVES_PER_WRITER {
                    let value = (n * 1000 + i).to_string();
                    let month = month(i);
                    let run =
                        branch.run_as(&login, &["actual", "set", "--kpi", KPI, "--period", &month, "--value", &value]);
                    let stderr = run.stderr.to_lowercase();
                    if run.code != 0 || stderr.contains("locked") || stderr.contains("busy") {
                        failures.push(format!("{login} {month}: exit {}: {}", run.code, run.stderr.trim()));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = writers.into_iter().flat_map(|w| w.join().expect("writer thread")).collect();
    eprintln!("{} saves by {WRITERS} processes at once took {:?}", WRITERS * SAVES_PER_WRITER, started.elapsed());
    assert!(failures.is_empty(), "{} saves failed:\n{}", failures.len(), failures.join("\n"));

    let total = (WRITERS * SAVES_PER_WRITER) as i64;
    assert_eq!(count(&branch.db, "SELECT count(*) FROM actual"), total);
    assert_eq!(count(&branch.db, cli_audit) - audit_before, total);
    // Every save is there with its own value, and audited under its own login.
    let conn = rusqlite::Connection::open(&branch.db).unwrap();
    for n in 1..=WRITERS {
        let login = format!("staff{n}");
        for i in 0..SAVES_PER_WRITER {
            let (value, audited): (f64, i64) = conn
                .query_row(
                    "SELECT value, (SELECT count(*) FROM audit_log WHERE actor = ?1 AND via = 'cli' AND entity = 'actual'
                                      AND key = ?1 || '/' || ?2 || '/' || ?3 AND new = CAST(CAST(value AS INTEGER) AS TEXT))
                     FROM actual WHERE login = ?1 AND kpi = ?2 AND month = ?3",
                    rusqlite::params![login, KPI, month(i)],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap_or_else(|e| panic!("{login} {}: {e}", month(i)));
            assert_eq!(value, (n * 1000 + i) as f64);
            assert_eq!(audited, 1, "{login} {} is not audited exactly once", month(i));
        }
    }
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
}

/// The stored value of lara's KPI for 2025-03 as a session would show it.
fn shown_value(branch: &Branch, login: &str) -> String {
    let csv = branch.ok_as(login, &["export", "actuals"]);
    let row = csv
        .lines()
        .find(|l| l.starts_with(&format!("lara,{KPI},2025-03,")))
        .unwrap_or_else(|| panic!("no lara row in\n{csv}"));
    row.rsplit(',').next().unwrap().to_string()
}

#[test]
fn two_sessions_editing_the_same_value_conflict_and_the_first_save_wins() {
    let branch = Branch::new();
    let staff = branch
        .file("staff.csv", "login,name,role,manager_login,focus,segments,os_user\nlara,Lara,loan_officer,boss,,,\n");
    branch.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    let set = ["actual", "set", "--kpi", KPI, "--period", "2025-03"];
    branch.ok_as("lara", &[&set[..], &["--value", "100"]].concat());

    // Both sessions show 100: lara at her desk, the manager in the dashboard.
    let seen_by_lara = shown_value(&branch, "lara");
    let seen_by_boss = shown_value(&branch, "boss");
    assert_eq!((seen_by_lara.as_str(), seen_by_boss.as_str()), ("100", "100"));

    // Lara saves first: fine.
    let first = branch.run_as("lara", &[&set[..], &["--value", "150", "--expect", &seen_by_lara]].concat());
    assert_eq!(first.code, 0, "{}", first.stderr);
    // The manager's save is based on 100, which is no longer there: a conflict (exit 4)
    // that shows both the value seen and the value now stored.
    let second =
        branch.run_as("boss", &[&set[..], &["--value", "175", "--expect", &seen_by_boss, "--login", "lara"]].concat());
    assert_eq!(second.code, 4, "{}", second.stderr);
    assert!(second.stderr.contains("conflict"), "{}", second.stderr);
    assert!(second.stderr.contains("was 100") && second.stderr.contains("now 150"), "{}", second.stderr);

    assert_eq!(shown_value(&branch, "boss"), "150");
    let audit = branch.json("boss", &["export", "audit", "--format", "json"]);
    let changes: Vec<(String, String, String)> = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "actual")
        .map(|e| (e["actor"].as_str().unwrap().into(), e["old"].to_string(), e["new"].to_string()))
        .collect();
    assert_eq!(
        changes,
        vec![
            ("lara".to_string(), "null".to_string(), "\"100\"".to_string()),
            ("lara".to_string(), "\"100\"".to_string(), "\"150\"".to_string()),
        ],
        "the refused save must leave no audit row"
    );
}
