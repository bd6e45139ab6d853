//! Shared helpers for tests that run the real `branchboard` binary on a temporary branch file.
#![allow(dead_code)]

pub mod pg;
pub mod session;
pub mod tmux;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Branch {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Branch {
    /// A new, empty working directory; the branch file is `branch.db` inside it.
    pub fn empty() -> Branch {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("branch.db");
        Branch { dir, db }
    }

    /// A branch created with `init`, managed by `boss`.
    pub fn new() -> Branch {
        let branch = Branch::empty();
        branch.ok(&["init", "--branch", "Test Branch", "--manager", "boss", "--manager-name", "Bina Shah"]);
        branch
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_branchboard"));
        command
            .current_dir(self.dir.path())
            .env_remove("BRANCHBOARD_DB")
            .env_remove("BRANCHBOARD_HQ_URL")
            .env("USER", "nobody-here")
            .arg("--db")
            .arg(&self.db);
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output: Output = self.command().args(args).output().expect("run branchboard");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs and insists on success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "branchboard {args:?} failed:\n{}", run.stderr);
        run.stdout
    }

    /// Runs as `login` and insists on success.
    pub fn ok_as(&self, login: &str, args: &[&str]) -> String {
        let mut full = vec!["--as", login];
        full.extend_from_slice(args);
        self.ok(&full)
    }

    pub fn run_as(&self, login: &str, args: &[&str]) -> Run {
        let mut full = vec!["--as", login];
        full.extend_from_slice(args);
        self.run(&full)
    }

    /// Runs as `login` with `--today today`, so that nothing depends on the real clock.
    pub fn run_on(&self, today: &str, login: &str, args: &[&str]) -> Run {
        let mut full = vec!["--today", today];
        full.extend_from_slice(args);
        self.run_as(login, &full)
    }

    /// `run_on`, and insists on success.
    #[track_caller]
    pub fn ok_on(&self, today: &str, login: &str, args: &[&str]) -> Run {
        let result = self.run_on(today, login, args);
        assert_eq!(result.code, 0, "{login} {args:?} failed:\n{}", result.stderr);
        result
    }

    /// `run_on`, and insists on a refusal with exit `code` and a message containing `message`.
    #[track_caller]
    pub fn refused_on(&self, today: &str, login: &str, args: &[&str], code: i32, message: &str) -> Run {
        let result = self.run_on(today, login, args);
        assert_eq!(result.code, code, "{login} {args:?}: {}", result.stderr);
        assert!(result.stderr.contains(message), "{login} {args:?}: expected {message:?} in {}", result.stderr);
        result
    }

    /// Writes a file in the working directory and returns its path.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// Every row of every table, in a stable order: equal dumps mean equal content.
    pub fn dump(&self) -> String {
        dump_database(&self.db)
    }

    pub fn json(&self, login: &str, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok_as(login, args)).expect("valid JSON")
    }
}

pub fn dump_database(path: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open db");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.retain(|t| !t.starts_with("sqlite_"));
    let mut dump = String::new();
    for table in tables {
        let columns = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap().column_count();
        let order: Vec<String> = (1..=columns).map(|i| i.to_string()).collect();
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY {}", order.join(", "))).unwrap();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..columns).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                Ok(cells.join("|"))
            })
            .unwrap();
        dump.push_str(&format!("## {table}\n"));
        for row in rows {
            dump.push_str(&row.unwrap());
            dump.push('\n');
        }
    }
    dump
}

pub fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-6
}

#[track_caller]
pub fn assert_close(value: &serde_json::Value, expected: f64) {
    let actual = value.as_f64().unwrap_or_else(|| panic!("{value} is not a number"));
    assert!(close(actual, expected), "{actual} != {expected}");
}

/// The date the fixed demo branch is generated for and viewed at.
pub fn demo_today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

/// The default demo branch in a temporary folder, and dashboards opened on it at 09:30 of
/// `demo_today()`.
pub struct DemoFile {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl DemoFile {
    pub fn new() -> DemoFile {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.db");
        write_demo_branch(&path);
        DemoFile { _dir: dir, path }
    }

    /// A headless dashboard as `login` with its worker, first load done, clock fixed.
    pub fn session(&self, login: &str) -> branchboard::ui::session::Session {
        let actor = self.store().resolve_actor(Some(login), None).unwrap();
        let clock = branchboard::ui::clock::Clock::Fixed(demo_today().and_hms_opt(9, 30, 0).unwrap());
        let mut session = branchboard::ui::session::Session::open(&self.path, actor, clock).unwrap();
        session.settle();
        session
    }

    pub fn store(&self) -> branchboard::store::Store {
        branchboard::store::Store::open(&self.path).unwrap()
    }
}

/// Writes the default demo branch (seed 7, as of 2026-11-15) into `path`, as `demo` does.
pub fn write_demo_branch(path: &Path) {
    let params = branchboard::demo::DemoParams { today: demo_today(), ..Default::default() };
    branchboard::cli::setup::build_demo(path, &params, false, false, &[]).expect("demo branch");
}

/// One employee of a scorecard export (`export scorecard --format json`).
pub fn employee<'a>(report: &'a serde_json::Value, login: &str) -> &'a serde_json::Value {
    report["employees"].as_array().unwrap().iter().find(|e| e["login"] == login).unwrap_or_else(|| panic!("no {login}"))
}

/// One KPI of an employee of a scorecard export, whichever KRA holds it.
pub fn kpi<'a>(employee: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    employee["kras"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|k| k["kpis"].as_array().unwrap())
        .find(|k| k["code"] == code)
        .unwrap_or_else(|| panic!("no KPI {code}"))
}
