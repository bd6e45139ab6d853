//! Crash safety (SPEC §7): a process killed with SIGKILL at a random moment of a large import
//! or of a save leaves a sound file in which each change is either entirely there (with its
//! audit rows) or entirely absent.
//!
//! The moments are drawn from a seeded generator; the seed is printed, and
//! `BRANCHBOARD_CRASH_SEED=N` replays a run.

mod common;

use common::Branch;
use rusqlite::Connection;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const IMPORT_TRIALS: usize = 10;
const SAVE_TRIALS: usize = 10;
/// Large enough that writing it takes about a second in a debug build, and spills pages to
/// the WAL before its commit.
const CUSTOMERS: usize = 30_000;
/// Processes started (and killed) together in one save trial.
const SAVES_PER_TRIAL: usize = 4;

/// SplitMix64: a small seeded generator, so a failing run can be replayed from its seed.
struct Moments(u64);

impl Moments {
    fn from_env() -> Moments {
        let seed = std::env::var("BRANCHBOARD_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
        });
        eprintln!("crash moments seed: BRANCHBOARD_CRASH_SEED={seed}");
        Moments(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A delay drawn uniformly from `0..=max`.
    fn delay(&mut self, max: Duration) -> Duration {
        let micros = max.as_micros().max(1) as u64;
        Duration::from_micros(self.next() % (micros + 1))
    }
}

/// A branch with one RM (`ravi`) and loan officers `lo1..lo4`, written once and copied per trial.
fn base_branch() -> Branch {
    let branch = Branch::new();
    let staff = branch.file(
        "staff.csv",
        "login,name,role,manager_login,focus,segments,os_user\n\
         ravi,Ravi Kumar,relationship_manager,boss,segment,mass_retail,\n\
         lo1,Lo One,loan_officer,boss,,,\nlo2,Lo Two,loan_officer,boss,,,\n\
         lo3,Lo Three,loan_officer,boss,,,\nlo4,Lo Four,loan_officer,boss,,,\n",
    );
    branch.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    branch
}

/// A fresh working directory holding a copy of `base`'s branch file.
fn copy_of(base: &Branch) -> Branch {
    let trial = Branch::empty();
    std::fs::copy(&base.db, &trial.db).expect("copy the base branch");
    assert!(!Path::new(&format!("{}-wal", base.db.display())).exists(), "the base branch was not closed cleanly");
    trial
}

fn customers_csv(path: &Path) {
    let mut csv = String::from("id,name,segment,rm_login,products,balance,last_contact,status\n");
    for i in 0..CUSTOMERS {
        csv.push_str(&format!("C{i:07},Customer {i},mass_retail,ravi,savings;fd,{}.50,2025-01-15,active\n", i * 10));
    }
    std::fs::write(path, csv).expect("write the customers file");
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Opens the file as the next session would (recovering the WAL) and checks it is sound.
#[track_caller]
fn assert_sound(db: &Path, trial: &str) -> Connection {
    let conn = Connection::open(db).unwrap_or_else(|e| panic!("{trial}: cannot open {}: {e}", db.display()));
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok", "{trial}: integrity_check");
    let dangling = count(&conn, "SELECT count(*) FROM pragma_foreign_key_check");
    assert_eq!(dangling, 0, "{trial}: rows point at missing rows");
    conn
}

fn spawn(branch: &Branch, args: &[&str]) -> Child {
    branch.command().args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start branchboard")
}

/// Kills `child` with SIGKILL after `delay` unless it has finished; true if it was killed.
fn kill_after(child: &mut Child, delay: Duration) -> bool {
    let deadline = Instant::now() + delay;
    loop {
        if child.try_wait().expect("poll child").is_some() {
            return false;
        }
        let now = Instant::now();
        if now >= deadline {
            // `Child::kill` sends SIGKILL on Unix: no destructor, no rollback, no cleanup runs.
            let killed = child.kill().is_ok();
            let status = child.wait().expect("reap child");
            return killed && status.code().is_none();
        }
        std::thread::sleep((deadline - now).min(Duration::from_millis(2)));
    }
}

#[test]
fn an_import_killed_at_a_random_moment_is_all_there_or_absent() {
    let mut moments = Moments::from_env();
    let base = base_branch();
    let csv = base.dir.path().join("customers.csv");
    customers_csv(&csv);
    let import = ["--as", "boss", "import", "customers", csv.to_str().unwrap()];
    let customers = "SELECT count(*) FROM customer";
    let audited = "SELECT count(*) FROM audit_log WHERE entity = 'customer' AND via = 'import'";

    // One uninterrupted run: it must complete, and it tells how long an import takes here.
    let calibration = copy_of(&base);
    let started = Instant::now();
    let status = calibration.command().args(import).stderr(Stdio::null()).status().unwrap();
    let full = started.elapsed();
    assert!(status.success(), "the uninterrupted import failed");
    let conn = assert_sound(&calibration.db, "calibration");
    assert_eq!(count(&conn, customers), CUSTOMERS as i64);
    assert_eq!(count(&conn, audited), CUSTOMERS as i64);
    eprintln!("an uninterrupted import of {CUSTOMERS} customers took {full:?}");

    let (mut complete, mut absent) = (0, 0);
    let mut last = None;
    // The shortest time an import took so far: the calibration ran beside the other test, so
    // later imports may be quicker, and kills should still land inside most of them.
    let mut shortest = full;
    for trial in 0..IMPORT_TRIALS {
        let branch = copy_of(&base);
        let delay = moments.delay(shortest.mul_f64(1.1));
        let started = Instant::now();
        let mut child = spawn(&branch, &import);
        let killed = kill_after(&mut child, delay);
        if !killed {
            shortest = shortest.min(started.elapsed());
        }
        let name = format!("import trial {trial} (killed after {delay:?}: {killed})");
        let conn = assert_sound(&branch.db, &name);
        let (rows, audit_rows) = (count(&conn, customers), count(&conn, audited));
        match rows {
            0 => {
                assert_eq!(audit_rows, 0, "{name}: audit rows for an import that is absent");
                assert!(killed, "{name}: finished but imported nothing");
                absent += 1;
            }
            n if n == CUSTOMERS as i64 => {
                assert_eq!(audit_rows, n, "{name}: the import is there but its audit is not");
                complete += 1;
            }
            n => panic!("{name}: {n} of {CUSTOMERS} customers: a half-written import"),
        }
        drop(conn);
        last = Some(branch);
    }
    eprintln!("import trials: {complete} complete, {absent} absent");

    // The file a killed import left behind takes the same import again.
    let branch = last.unwrap();
    let status = branch.command().args(import).stderr(Stdio::null()).status().unwrap();
    assert!(status.success(), "the import after a crash failed");
    let conn = assert_sound(&branch.db, "import after a crash");
    assert_eq!(count(&conn, customers), CUSTOMERS as i64);
}

#[test]
fn saves_killed_at_random_moments_are_all_there_or_absent() {
    let mut moments = Moments::from_env();
    let branch = base_branch();
    let set = |login: &str, month: &str, value: &str| -> Vec<String> {
        ["--as", login, "actual", "set", "--kpi", "loan_sales_revenue", "--period", month, "--value", value]
            .map(String::from)
            .to_vec()
    };
    let calibration = set("lo1", "2020-01", "1");
    let started = Instant::now();
    let status = branch.command().args(&calibration).stderr(Stdio::null()).status().unwrap();
    let one_save = started.elapsed();
    assert!(status.success(), "an uninterrupted save failed");
    eprintln!("an uninterrupted save took {one_save:?}");

    let mut expected: Vec<(String, String, String)> = Vec::new();
    let (mut saved, mut lost) = (0, 0);
    for trial in 0..SAVE_TRIALS {
        // Several writers at once, each killed at its own moment: some mid-wait for the lock,
        // some mid-commit, some after finishing.
        let mut running: Vec<(Child, Duration, (String, String, String))> = (0..SAVES_PER_TRIAL)
            .map(|w| {
                let login = format!("lo{}", w + 1);
                let month = format!("{}-{:02}", 2021 + trial / 12, trial % 12 + 1);
                let value = format!("{}", 1000 * (trial + 1) + w);
                let child = spawn(&branch, &set(&login, &month, &value).iter().map(String::as_str).collect::<Vec<_>>());
                (child, moments.delay(one_save.mul_f64(2.5)), (login, month, value))
            })
            .collect();
        let started = Instant::now();
        for (child, delay, key) in &mut running {
            let remaining = delay.saturating_sub(started.elapsed());
            kill_after(child, remaining);
            expected.push(key.clone());
        }
        let name = format!("save trial {trial}");
        let conn = assert_sound(&branch.db, &name);
        // Every save of every trial so far: the value and exactly one audit row, or neither.
        for (login, month, value) in &expected {
            let stored: Option<f64> = conn
                .query_row(
                    "SELECT value FROM actual WHERE login = ?1 AND kpi = 'loan_sales_revenue' AND month = ?2",
                    [login, month],
                    |r| r.get(0),
                )
                .ok();
            let audit_rows: i64 = conn
                .query_row(
                    "SELECT count(*) FROM audit_log WHERE entity = 'actual' AND key = ?1 AND new = ?2 AND actor = ?3",
                    [&format!("{login}/loan_sales_revenue/{month}"), value, login],
                    |r| r.get(0),
                )
                .unwrap();
            match stored {
                Some(v) => {
                    assert_eq!(v.to_string(), *value, "{name}: {login} {month}");
                    assert_eq!(audit_rows, 1, "{name}: {login} {month} saved but not audited once");
                }
                None => assert_eq!(audit_rows, 0, "{name}: {login} {month} audited but not saved"),
            }
        }
        let all_saves = count(&conn, "SELECT count(*) FROM actual");
        let all_audited = count(&conn, "SELECT count(*) FROM audit_log WHERE entity = 'actual'");
        assert_eq!(all_saves, all_audited, "{name}: saves and audit rows differ");
        if trial + 1 == SAVE_TRIALS {
            saved = all_saves - 1;
            lost = expected.len() as i64 - saved;
        }
    }
    eprintln!("save trials: {saved} saves kept, {lost} killed before their commit");

    // The file still takes ordinary saves.
    let after = set("lo1", "2020-02", "7");
    let status = branch.command().args(&after).stderr(Stdio::null()).status().unwrap();
    assert!(status.success(), "a save after the crashes failed");
}
