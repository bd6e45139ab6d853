//! Head office end to end (SPEC §8): real branch files, the real binary, a throw-away
//! PostgreSQL. What head office exports must be what each branch's own exports say; re-sending
//! writes nothing; a killed sync resumes; bundles load once; a restored file replaces its rows;
//! a branch's role cannot touch another branch's rows; branches sync side by side.

mod common;

use common::pg::PgServer;
use common::{Branch, Run};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

const TODAY: &str = "2026-11-15";

/// A head-office database prepared by `hq init`, on its own server.
struct HeadOffice {
    pg: PgServer,
    databases: Vec<String>,
}

impl HeadOffice {
    fn start() -> Option<HeadOffice> {
        let pg = PgServer::start()?;
        let office = HeadOffice { pg, databases: Vec::new() };
        Some(office.with_database("hq"))
    }

    /// Adds another head-office database on the same server (to compare two histories).
    fn with_database(mut self, name: &str) -> HeadOffice {
        self.pg.create_database(name);
        let init = run_hq(&["init", "--pg", &self.pg.admin_url(name)]);
        assert_eq!(init.code, 0, "hq init: {}", init.stderr);
        self.databases.push(name.to_string());
        self
    }

    fn url(&self) -> String {
        self.pg.admin_url("hq")
    }

    fn export(&self, database: &str, what: &str, extra: &[&str]) -> Value {
        let url = self.pg.admin_url(database);
        let mut args = vec!["export", what, "--pg", url.as_str(), "--format", "json"];
        args.extend_from_slice(extra);
        let run = run_hq(&args);
        assert_eq!(run.code, 0, "hq export {what}: {}", run.stderr);
        serde_json::from_str(&run.stdout).unwrap()
    }

    /// Every row of every head-office table (without the snapshot stamps and sync times,
    /// which differ between two histories that hold the same), in key order.
    fn dump(&self, database: &str) -> String {
        let tables = [
            ("branch", "branch_code", "'{snapshot,synced_at,syncs}'::text[]"),
            ("staff", "branch_code, login", "'{snapshot}'"),
            ("target", "branch_code, month, login, kpi", "'{snapshot}'"),
            ("actual", "branch_code, month, login, kpi", "'{snapshot}'"),
            ("month_state", "branch_code, month", "'{snapshot}'"),
            ("branch_period", "branch_code, period", "'{snapshot}'"),
            ("scorecard", "branch_code, period, login", "'{snapshot}'"),
            ("coverage", "branch_code, login", "'{snapshot}'"),
            ("audit", "branch_code, id", "'{snapshot}'"),
        ];
        tables
            .iter()
            .map(|(table, key, without)| {
                self.pg.psql(
                    database,
                    &format!(
                        "SELECT '{table}: ' || count(*) || ' ' || coalesce(md5(string_agg((to_jsonb(t) - {without}::text[])::text, '|' ORDER BY {key})), '')
                         FROM branchboard.{table} t"
                    ),
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Per table, how many rows and the newest writing transaction: unchanged when nothing was written.
    fn writes(&self) -> String {
        ["branch", "staff", "target", "actual", "month_state", "branch_period", "scorecard", "coverage", "audit"]
            .iter()
            .map(|t| {
                self.pg.psql("hq", &format!("SELECT '{t}', count(*), max(xmin::text::bigint) FROM branchboard.{t}"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn run_hq(args: &[&str]) -> Run {
    let mut full = vec!["--today", TODAY, "hq"];
    full.extend_from_slice(args);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_branchboard"))
        .env_remove("BRANCHBOARD_HQ_URL")
        .env_remove("PGPASSWORD")
        .args(&full)
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A demo branch (14 staff, 24 months to November 2026) with its code and region.
fn demo_branch(seed: u64, code: &str, region: &str, extra: &[&str]) -> Branch {
    let branch = Branch::empty();
    let seed = seed.to_string();
    let mut args = vec!["--today", TODAY, "demo", "--seed", &seed, "--code", code, "--region", region];
    args.extend_from_slice(extra);
    branch.ok(&args);
    branch
}

fn sync(branch: &Branch, url: &str) -> Run {
    branch.run(&["--as", "manager", "--today", TODAY, "sync", "--to", url])
}

fn synced(branch: &Branch, url: &str) -> String {
    let run = sync(branch, url);
    assert_eq!(run.code, 0, "sync failed:\n{}", run.stderr);
    run.stderr
}

/// Targets planned for every KPI of everyone for December 2026 to November 2027, as an import
/// file (values 1–5, valid for every unit): over 5,000 audited changes.
fn a_year_of_targets(branch: &Branch) -> String {
    let mut csv = String::from("login,kpi,period,value\n");
    for e in scorecard(branch, "2026-11")["employees"].as_array().unwrap() {
        for kpi in e["kras"].as_array().unwrap().iter().flat_map(|k| k["kpis"].as_array().unwrap()) {
            for month in 1..=12 {
                let period = if month == 1 { "2026-12".to_string() } else { format!("2027-{:02}", month - 1) };
                let (login, code) = (e["login"].as_str().unwrap(), kpi["code"].as_str().unwrap());
                csv.push_str(&format!("{login},{code},{period},{}\n", month % 5 + 1));
            }
        }
    }
    csv
}

/// Starts `sync --to URL` and kills it (SIGKILL) as soon as it says its first part landed.
fn kill_sync_after_its_first_part(branch: &Branch, url: &str) {
    let mut child = branch
        .command()
        .args(["--as", "manager", "--today", TODAY, "sync", "--to", url])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.starts_with("part 1 sent"), "{first}");
    child.kill().unwrap();
    child.wait().unwrap();
}

/// `sync --to-file` into the branch's directory, insisting on success; the bundle's path.
fn written_bundle(branch: &Branch, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let file = branch.dir.path().join(name);
    let mut args = vec!["--as", "manager", "--today", TODAY, "sync", "--to-file", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    branch.ok(&args);
    file
}

fn scorecard(branch: &Branch, period: &str) -> Value {
    branch.json("manager", &["--today", TODAY, "export", "scorecard", "--period", period, "--format", "json"])
}

fn coverage(branch: &Branch) -> Value {
    branch.json("manager", &["--today", TODAY, "export", "coverage", "--as-of", TODAY, "--format", "json"])
}

/// A branch's league line computed from its own scorecard and coverage exports: the mean
/// overall and band counts of its ranked staff, reported ⁄ targeted cells of staff other than
/// the manager, its RMs by load status.
fn league_line(branch: &Branch, period: &str) -> (f64, usize, BTreeMap<String, u64>, f64, [u64; 3], bool) {
    let report = scorecard(branch, period);
    let employees = report["employees"].as_array().unwrap();
    let ranked: Vec<&Value> = employees.iter().filter(|e| e["rank"].is_number()).collect();
    let average = ranked.iter().map(|e| e["overall"].as_f64().unwrap()).sum::<f64>() / ranked.len() as f64;
    let mut bands = BTreeMap::new();
    for band in ["Outstanding", "Exceeds", "Meets", "Needs improvement", "Unsatisfactory"] {
        bands.insert(band.to_string(), ranked.iter().filter(|e| e["band"] == band).count() as u64);
    }
    let (mut targeted, mut reported) = (0u64, 0u64);
    for e in employees.iter().filter(|e| e["role"] != "branch_manager") {
        for kpi in e["kras"].as_array().unwrap().iter().flat_map(|k| k["kpis"].as_array().unwrap()) {
            let count = |field: &str| kpi[field].as_u64().unwrap();
            reported += count("reported_months");
            targeted += count("reported_months") + count("missing_months") + count("pending_months");
        }
    }
    let rms = coverage(branch)["rms"].as_array().unwrap().clone();
    let status = |s: &str| rms.iter().filter(|rm| rm["status"] == s).count() as u64;
    let is_final = report["final"].as_bool().unwrap();
    (
        average,
        ranked.len(),
        bands,
        reported as f64 / targeted as f64,
        [status("under"), status("within"), status("over")],
        is_final,
    )
}

#[test]
fn three_branches_at_head_office_say_what_their_own_exports_say() {
    let Some(office) = HeadOffice::start() else { return };
    let branches = [
        ("B001", "South", demo_branch(7, "B001", "South", &[])),
        ("B002", "South", demo_branch(8, "B002", "South", &[])),
        ("B003", "North", demo_branch(9, "b003", "North", &[])),
    ];
    for (_, _, branch) in &branches {
        synced(branch, &office.url());
    }
    for period in ["2026-11", "2026-10", "2026-Q3", "2026", "2025"] {
        let league = office.export("hq", "league", &["--period", period]);
        assert_eq!(league["period"], period);
        let lines = league["branches"].as_array().unwrap();
        assert_eq!(lines.len(), 3, "{period}: {league}");
        let mut all_final = true;
        for (code, region, branch) in &branches {
            let line = lines.iter().find(|l| l["branch_code"] == *code).unwrap_or_else(|| panic!("{code} missing"));
            let (average, ranked, bands, completeness, statuses, is_final) = league_line(branch, period);
            all_final &= is_final;
            assert_eq!(line["region"], *region);
            assert!(
                (line["average_overall"].as_f64().unwrap() - average).abs() < 1e-9,
                "{period} {code}: {line} vs {average}"
            );
            assert_eq!(line["ranked"], ranked as u64);
            for (band, n) in &bands {
                assert_eq!(line["bands"][band], *n, "{period} {code} {band}");
            }
            assert!((line["completeness"].as_f64().unwrap() - completeness).abs() < 1e-12);
            assert_eq!(
                [&line["coverage"]["under"], &line["coverage"]["within"], &line["coverage"]["over"]],
                statuses.map(Value::from).each_ref()
            );
        }
        assert_eq!(league["final"], all_final, "{period}");
        let averages: Vec<f64> = lines.iter().map(|l| l["average_overall"].as_f64().unwrap()).collect();
        assert!(averages.windows(2).all(|w| w[0] >= w[1]), "{period}: not ordered by average: {averages:?}");

        // People: every scored non-manager of every branch, as the branch scored them, ranked
        // across all (competition ranking: 1 + how many scored higher).
        let people = office.export("hq", "people", &["--period", period]);
        let listed = people["people"].as_array().unwrap();
        let mut expected = 0;
        for (code, region, branch) in &branches {
            for e in scorecard(branch, period)["employees"].as_array().unwrap() {
                if e["overall"].is_null() || e["role"] == "branch_manager" {
                    continue;
                }
                expected += 1;
                let person = listed
                    .iter()
                    .find(|p| p["branch_code"] == *code && p["login"] == e["login"])
                    .unwrap_or_else(|| panic!("{period}: {code} {} missing", e["login"]));
                assert_eq!(
                    (&person["overall"], &person["band"], &person["name"]),
                    (&e["overall"], &e["band"], &e["name"])
                );
                assert_eq!(person["region"], *region);
            }
        }
        assert_eq!(listed.len(), expected);
        for person in listed {
            let higher = listed.iter().filter(|p| p["overall"].as_f64() > person["overall"].as_f64()).count();
            assert_eq!(person["rank"], higher as u64 + 1);
        }
    }
    // Coverage: each RM exactly as the branch's own export as of the sync's day.
    let rms = office.export("hq", "coverage", &[]);
    let rms = rms["rms"].as_array().unwrap();
    for (code, region, branch) in &branches {
        let own = coverage(branch);
        let theirs: Vec<Value> = rms
            .iter()
            .filter(|rm| rm["branch_code"] == *code)
            .map(|rm| {
                assert_eq!((&rm["region"], &rm["as_of"]), (&Value::from(*region), &Value::from(TODAY)));
                let mut rm = rm.clone();
                for key in ["branch_code", "region", "as_of"] {
                    rm.as_object_mut().unwrap().remove(key);
                }
                rm
            })
            .collect();
        let mut mine = own["rms"].as_array().unwrap().clone();
        let by_login = |v: &Value| v["login"].as_str().unwrap().to_string();
        mine.sort_by_key(by_login);
        let mut theirs = theirs;
        theirs.sort_by_key(by_login);
        assert_eq!(theirs, mine, "{code}");
    }
    // A region and the CSV form.
    let north = office.export("hq", "league", &["--region", "North"]);
    assert_eq!(north["branches"].as_array().unwrap().len(), 1);
    assert_eq!(north["branches"][0]["branch_code"], "B003");
    let csv = run_hq(&["export", "league", "--pg", &office.url(), "--period", "2026"]);
    assert_eq!(
        csv.stdout.lines().next().unwrap(),
        "period,final,branch_code,region,average_overall,ranked,Outstanding,Exceeds,Meets,Needs improvement,Unsatisfactory,completeness,coverage_under,coverage_within,coverage_over"
    );
    assert_eq!(csv.stdout.lines().count(), 4);
}

#[test]
fn a_second_sync_without_a_change_writes_nothing_and_a_change_ships_alone() {
    let Some(office) = HeadOffice::start() else { return };
    let branch = demo_branch(7, "B001", "South", &[]);
    synced(&branch, &office.url());
    let before = office.writes();
    let again = synced(&branch, &office.url());
    assert!(again.contains("nothing to send"), "{again}");
    assert_eq!(office.writes(), before, "a sync with nothing new wrote to head office");

    // One actual changes: head office gets it, with November's scores as the branch now has them.
    let login = scorecard(&branch, "2026-11")["employees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["role"] == "banking_sales_executive")
        .unwrap()["login"]
        .as_str()
        .unwrap()
        .to_string();
    let kpi = "new_accounts_opened";
    let set = branch.run(&[
        "--as", "manager", "--today", TODAY, "actual", "set", "--kpi", kpi, "--period", "2026-11", "--value", "123456",
        "--login", &login,
    ]);
    if set.code != 0 {
        panic!("actual set: {}", set.stderr);
    }
    let shipped = synced(&branch, &office.url());
    assert!(shipped.contains("1 parts"), "{shipped}");
    let stored = office.pg.psql(
        "hq",
        &format!(
            "SELECT value FROM branchboard.actual WHERE login = '{login}' AND kpi = '{kpi}' AND month = '2026-11'"
        ),
    );
    assert_eq!(stored, "123456");
    let mine = scorecard(&branch, "2026-11");
    let person = mine["employees"].as_array().unwrap().iter().find(|e| e["login"] == login.as_str()).unwrap().clone();
    let card = office
        .pg
        .psql("hq", &format!("SELECT card FROM branchboard.scorecard WHERE period = '2026-11' AND login = '{login}'"));
    assert_eq!(serde_json::from_str::<Value>(&card).unwrap(), person);
    // ...and a fresh head office given everything at once holds exactly the same.
    let office = office.with_database("fresh");
    synced(&branch, &office.pg.admin_url("fresh"));
    assert_eq!(office.dump("hq"), office.dump("fresh"));
}

#[test]
fn a_sync_killed_mid_way_resumes_to_the_same_result() {
    let Some(office) = HeadOffice::start() else { return };
    let office = office.with_database("uninterrupted");
    let branch = demo_branch(11, "B001", "South", &["--staff", "30", "--months", "36"]);
    kill_sync_after_its_first_part(&branch, &office.url());
    // The first part landed, the snapshot did not finish: head office does not list the branch.
    assert_eq!(office.pg.psql("hq", "SELECT watermark IS NULL FROM branchboard.branch"), "t");
    assert_eq!(office.export("hq", "league", &[])["branches"], Value::Array(vec![]));

    let resumed = synced(&branch, &office.url());
    assert!(resumed.contains("synced to head office"), "{resumed}");
    synced(&branch, &office.pg.admin_url("uninterrupted"));
    assert_eq!(office.dump("hq"), office.dump("uninterrupted"));
}

#[test]
fn a_bundle_loads_once_and_in_order() {
    let Some(office) = HeadOffice::start() else { return };
    let office = office.with_database("online").with_database("out_of_order");
    let branch = demo_branch(7, "B001", "South", &[]);
    let first = branch.dir.path().join("b001-1.bundle");
    let bundle = |file: &std::path::Path| {
        branch.run(&["--as", "manager", "--today", TODAY, "sync", "--to-file", file.to_str().unwrap()])
    };
    assert_eq!(bundle(&first).code, 0);
    let over = bundle(&first);
    assert_eq!(over.code, 1, "a bundle is never written over another");
    assert!(over.stderr.contains("already exists"), "{}", over.stderr);
    let nothing = branch.dir.path().join("nothing.bundle");
    let unchanged = bundle(&nothing);
    assert_eq!(unchanged.code, 0);
    assert!(unchanged.stderr.contains("nothing new") && !nothing.exists(), "{}", unchanged.stderr);
    let load = |file: &std::path::Path| run_hq(&["load", file.to_str().unwrap(), "--pg", &office.url()]);
    let loaded = load(&first);
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    let after_first = office.dump("hq");
    let again = load(&first);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("0 rows changed"), "{}", again.stderr);
    assert_eq!(office.dump("hq"), after_first);

    // A change travels in a second, smaller bundle, which needs the first.
    branch.ok(&["--as", "manager", "--today", TODAY, "period", "close", "2026-11", "--allow-missing"]);
    let second = branch.dir.path().join("b001-2.bundle");
    assert_eq!(bundle(&second).code, 0);
    let out_of_order = run_hq(&["load", second.to_str().unwrap(), "--pg", &office.pg.admin_url("out_of_order")]);
    assert_eq!(out_of_order.code, 4, "{}", out_of_order.stderr);
    assert!(out_of_order.stderr.contains("never been synced"), "{}", out_of_order.stderr);
    assert_eq!(load(&second).code, 0);
    assert_eq!(load(&second).code, 0);
    synced(&branch, &office.pg.admin_url("online"));
    assert_eq!(office.dump("hq"), office.dump("online"));
}

#[test]
fn a_restored_branch_file_replaces_its_rows_at_head_office() {
    let Some(office) = HeadOffice::start() else { return };
    let office = office.with_database("fresh");
    let branch = demo_branch(7, "B001", "South", &[]);
    synced(&branch, &office.url());
    let backup = branch.dir.path().join("backup.db");
    let status = std::process::Command::new("sqlite3")
        .arg(&branch.db)
        .arg(format!(".backup {}", backup.display()))
        .status()
        .expect("sqlite3");
    assert!(status.success());
    let generation = office.pg.psql("hq", "SELECT generation FROM branchboard.branch");

    // After the backup: November closes, and head office hears of it.
    branch.ok(&["--as", "manager", "--today", TODAY, "period", "close", "2026-11", "--allow-missing"]);
    synced(&branch, &office.url());
    assert_eq!(office.pg.psql("hq", "SELECT state FROM branchboard.month_state WHERE month = '2026-11'"), "closed");

    // The file is restored from the backup (November open again) and someone records a change.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", branch.db.display()));
    }
    std::fs::copy(&backup, &branch.db).unwrap();
    branch.ok(&["--as", "manager", "--today", TODAY, "settings", "set", "region", "\"South-East\""]);
    let restored = synced(&branch, &office.url());
    assert!(restored.contains("restored from a backup"), "{restored}");
    assert_ne!(office.pg.psql("hq", "SELECT generation FROM branchboard.branch"), generation);
    assert_eq!(
        office
            .pg
            .psql("hq", "SELECT count(*) FROM branchboard.month_state WHERE month = '2026-11' AND state = 'closed'"),
        "0"
    );
    assert_eq!(office.pg.psql("hq", "SELECT count(*) FROM branchboard.audit WHERE via = 'close'"), "0");
    assert_eq!(office.pg.psql("hq", "SELECT region FROM branchboard.branch"), "South-East");
    synced(&branch, &office.pg.admin_url("fresh"));
    assert_eq!(office.dump("hq"), office.dump("fresh"), "head office holds exactly what the restored file says");
}

#[test]
fn a_branch_role_writes_only_its_own_branch() {
    let Some(office) = HeadOffice::start() else { return };
    let b1 = demo_branch(7, "B001", "South", &[]);
    let b2 = demo_branch(8, "B002", "North", &[]);
    synced(&b2, &office.url());
    let role = run_hq(&["role", "B001", "--pg", &office.url()]);
    assert_eq!(role.code, 0, "{}", role.stderr);
    let line = role.stdout.trim().to_string();
    let fields: Vec<&str> = line.split(':').collect();
    assert_eq!(fields[..4], ["127.0.0.1", &office.pg.port().to_string(), "hq", "branchboard_b001"]);
    let password = fields[4].to_string();

    // The branch syncs as its role, the password from ~/.pgpass (only when others cannot read it).
    let home = tempfile::tempdir().unwrap();
    let pgpass = home.path().join(".pgpass");
    std::fs::write(&pgpass, format!("{line}\n")).unwrap();
    let as_b001 = office.pg.url("branchboard_b001", "hq");
    let sync_as = |branch: &Branch, mode: u32| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(mode)).unwrap();
        let output = branch
            .command()
            .env("HOME", home.path())
            .env_remove("PGPASSWORD")
            .env_remove("PGPASSFILE")
            .args(["--as", "manager", "--today", TODAY, "sync", "--to", &as_b001])
            .output()
            .unwrap();
        (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (code, stderr) = sync_as(&b1, 0o644);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("ignoring the password file") && stderr.contains("no password was found"), "{stderr}");
    let (code, stderr) = sync_as(&b1, 0o600);
    assert_eq!(code, 0, "{stderr}");

    // B001's role cannot ship B002's file, nor change B002's rows by hand.
    let before = office.pg.psql("hq", "SELECT md5(string_agg(to_jsonb(a)::text, '' ORDER BY month, login, kpi)) FROM branchboard.actual a WHERE branch_code = 'B002'");
    let (code, stderr) = sync_as(&b2, 0o600);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("row-level security"), "{stderr}");
    let psql = |sql: &str| {
        let out = office.pg.psql_as("branchboard_b001", &password, "hq", sql);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let changed = |sql: &str| psql(&format!("WITH changed AS ({sql} RETURNING 1) SELECT count(*) FROM changed")).1;
    assert_eq!(changed("UPDATE branchboard.actual SET value = 0 WHERE branch_code = 'B002'"), "0");
    assert_eq!(changed("DELETE FROM branchboard.scorecard WHERE branch_code = 'B002'"), "0");
    assert_eq!(psql("SELECT count(*) FROM branchboard.staff WHERE branch_code = 'B002'").1, "0");
    let (ok, _, stderr) = psql("INSERT INTO branchboard.actual VALUES ('B002', '2026-11', 'x', 'y', 1, 0)");
    assert!(!ok && stderr.contains("row-level security"), "{stderr}");
    let (ok, _, stderr) = psql("UPDATE branchboard.actual SET branch_code = 'B002' WHERE branch_code = 'B001'");
    assert!(!ok && stderr.contains("row-level security"), "{stderr}");
    // Switching to the group role changes nothing: rows are checked against the login itself.
    let (ok, _, stderr) = psql(
        "SET ROLE branchboard_branch; INSERT INTO branchboard.actual VALUES ('BRANCH', '2026-11', 'x', 'y', 1, 0)",
    );
    assert!(!ok && stderr.contains("row-level security"), "{stderr}");
    assert_eq!(
        office.pg.psql("hq", "SELECT md5(string_agg(to_jsonb(a)::text, '' ORDER BY month, login, kpi)) FROM branchboard.actual a WHERE branch_code = 'B002'"),
        before
    );

    // A head-office reader reads everything and writes nothing.
    office.pg.psql("hq", "CREATE ROLE alice LOGIN PASSWORD 'alice-pw' IN ROLE branchboard_reader");
    let read =
        office.pg.psql_as("alice", "alice-pw", "hq", "SELECT count(DISTINCT branch_code) FROM branchboard.scorecard");
    assert_eq!(String::from_utf8_lossy(&read.stdout).trim(), "2");
    let write = office.pg.psql_as("alice", "alice-pw", "hq", "DELETE FROM branchboard.audit");
    assert!(!write.status.success());
    assert!(String::from_utf8_lossy(&write.stderr).contains("permission denied"));
    // A password in the URL is refused before anything is sent.
    let with_password = b1.run(&[
        "--as",
        "manager",
        "--today",
        TODAY,
        "sync",
        "--to",
        "postgresql://branchboard_b001:secret@127.0.0.1/hq",
    ]);
    assert_eq!(with_password.code, 2, "{}", with_password.stderr);
    assert!(with_password.stderr.contains("PGPASSWORD or ~/.pgpass"), "{}", with_password.stderr);
}

#[test]
fn branches_sync_side_by_side() {
    let Some(office) = HeadOffice::start() else { return };
    let office = office.with_database("one_by_one");
    let branches: Vec<Branch> = (0..3).map(|i| demo_branch(20 + i, &format!("C00{i}"), "East", &[])).collect();
    let children: Vec<_> = branches
        .iter()
        .map(|b| {
            b.command()
                .args(["--as", "manager", "--today", TODAY, "sync", "--to", &office.url()])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    for branch in &branches {
        synced(branch, &office.pg.admin_url("one_by_one"));
    }
    assert_eq!(office.dump("hq"), office.dump("one_by_one"));
    assert_eq!(office.export("hq", "league", &[])["branches"].as_array().unwrap().len(), 3);
}

#[test]
fn the_next_day_ships_todays_live_figures_and_coverage() {
    let Some(office) = HeadOffice::start() else { return };
    let branch = demo_branch(7, "B001", "South", &[]);
    synced(&branch, &office.url());
    // No change was audited, but contact coverage and the open month's book-derived KPIs are of
    // a day: a week later head office gets that day's.
    let later = "2026-11-22";
    let run = branch.run(&["--as", "manager", "--today", later, "sync", "--to", &office.url()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("nothing to send"), "{}", run.stderr);
    let rms = run_hq(&["export", "coverage", "--pg", &office.url(), "--format", "json"]);
    let rms: Value = serde_json::from_str(&rms.stdout).unwrap();
    let own = branch.json("manager", &["--today", later, "export", "coverage", "--format", "json"]);
    for rm in own["rms"].as_array().unwrap() {
        let theirs = rms["rms"].as_array().unwrap().iter().find(|r| r["login"] == rm["login"]).unwrap();
        assert_eq!(theirs["as_of"], later);
        assert_eq!((&theirs["contact_coverage"], &theirs["status"]), (&rm["contact_coverage"], &rm["status"]));
    }
    let november =
        branch.json("manager", &["--today", later, "export", "scorecard", "--period", "2026-11", "--format", "json"]);
    for e in november["employees"].as_array().unwrap() {
        let card = office.pg.psql(
            "hq",
            &format!(
                "SELECT card FROM branchboard.scorecard WHERE period = '2026-11' AND login = '{}'",
                e["login"].as_str().unwrap()
            ),
        );
        assert_eq!(&serde_json::from_str::<Value>(&card).unwrap(), e);
    }
    let again = branch.run(&["--as", "manager", "--today", later, "sync", "--to", &office.url()]);
    assert!(again.stderr.contains("nothing to send"), "{}", again.stderr);
}

#[test]
fn only_the_manager_syncs_a_branch_with_a_code() {
    let Some(office) = HeadOffice::start() else { return };
    let branch = demo_branch(7, "B001", "South", &[]);
    let staff = scorecard(&branch, "2026-11")["employees"][1]["login"].as_str().unwrap().to_string();
    let refused = branch.run(&["--as", &staff, "--today", TODAY, "sync", "--to", &office.url()]);
    assert_eq!(refused.code, 3, "{}", refused.stderr);
    let nameless = Branch::new();
    let run = nameless.run(&["--as", "boss", "--today", TODAY, "sync", "--to", &office.url()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("settings set branch_code"), "{}", run.stderr);
    let no_url = branch.run(&["--as", "manager", "--today", TODAY, "sync"]);
    assert_eq!(no_url.code, 2, "{}", no_url.stderr);
    assert!(no_url.stderr.contains("BRANCHBOARD_HQ_URL"), "{}", no_url.stderr);
}

#[test]
fn a_sync_of_many_changes_killed_mid_way_resumes_to_the_same_result() {
    let Some(office) = HeadOffice::start() else { return };
    let office = office.with_database("uninterrupted");
    let branch = demo_branch(7, "B001", "South", &[]);
    synced(&branch, &office.url());
    // A year of targets planned ahead: over 5,000 audited changes, shipped in several ranges.
    let csv = a_year_of_targets(&branch);
    let file = branch.file("plan.csv", &csv);
    branch.ok(&["--as", "manager", "--today", TODAY, "import", "targets", file.to_str().unwrap()]);
    assert!(csv.lines().count() > 5_001, "{} targets", csv.lines().count() - 1);

    kill_sync_after_its_first_part(&branch, &office.url());
    let watermark: i64 = office.pg.psql("hq", "SELECT watermark FROM branchboard.branch").parse().unwrap();
    let mark: i64 = rusqlite::Connection::open(&branch.db)
        .unwrap()
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert!(watermark >= 18 && watermark < mark, "killed before the end: head office at #{watermark} of #{mark}");

    synced(&branch, &office.url());
    synced(&branch, &office.pg.admin_url("uninterrupted"));
    assert_eq!(office.dump("hq"), office.dump("uninterrupted"));
    assert_eq!(
        office.pg.psql("hq", "SELECT count(*) FROM branchboard.target WHERE month > '2026-11'"),
        (csv.lines().count() - 1).to_string()
    );
}

#[test]
fn tls_is_used_when_offered_and_checked_when_asked() {
    let Some(office) = HeadOffice::start() else { return };
    let branch = demo_branch(7, "B001", "South", &[]);
    let with = |query: &str| format!("{}?{query}", office.url());
    // A server without TLS: `require` refuses, the default (`prefer`) goes ahead in the clear.
    let refused = sync(&branch, &with("sslmode=require"));
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("could not reach head office"), "{}", refused.stderr);

    let root = office.pg.enable_tls();
    let root = root.to_str().unwrap();
    synced(&branch, &office.url());
    let log = office.pg.log();
    let encrypted = log.lines().filter(|l| l.contains("connection authorized") && l.contains("SSL enabled")).count();
    assert!(encrypted >= 1, "prefer did not use the TLS the server offers:\n{log}");
    // verify-full checks who signed the certificate and the name in it.
    branch.ok(&["--as", "manager", "--today", TODAY, "settings", "set", "region", "\"East\""]);
    synced(&branch, &with(&format!("sslmode=verify-full&sslrootcert={root}")));
    let unknown_signer = sync(&branch, &with("sslmode=verify-full"));
    assert_eq!(
        unknown_signer.code, 1,
        "a self-signed certificate is not trusted by the system: {}",
        unknown_signer.stderr
    );
    let other = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(other.path(), "not a certificate").unwrap();
    let bad_root = sync(&branch, &with(&format!("sslmode=verify-ca&sslrootcert={}", other.path().display())));
    assert_eq!(bad_root.code, 1);
    assert!(bad_root.stderr.contains("no usable certificate"), "{}", bad_root.stderr);
    assert_eq!(office.pg.psql("hq", "SELECT region FROM branchboard.branch"), "East");
}

#[test]
fn a_bundle_from_a_restored_file_is_refused_and_a_full_one_replaces_its_rows() {
    let Some(office) = HeadOffice::start() else { return };
    let office = office.with_database("fresh");
    let branch = demo_branch(7, "B001", "South", &[]);
    let bundle = |name: &str, full: bool| written_bundle(&branch, name, if full { &["--full"] } else { &[] });
    let load = |file: &std::path::Path| run_hq(&["load", file.to_str().unwrap(), "--pg", &office.url()]);
    assert_eq!(load(&bundle("1.bundle", false)).code, 0);
    let backup = branch.dir.path().join("backup.db");
    std::fs::copy(&branch.db, &backup).unwrap();
    branch.ok(&["--as", "manager", "--today", TODAY, "period", "close", "2026-11", "--allow-missing"]);
    assert_eq!(load(&bundle("2.bundle", false)).code, 0);

    // Restored from the backup: even before any change, a bundle of a later day is refused
    // (the file stops before what head office holds).
    std::fs::copy(&backup, &branch.db).unwrap();
    let later = branch.dir.path().join("later.bundle");
    branch.ok(&["--as", "manager", "--today", "2026-11-16", "sync", "--to-file", later.to_str().unwrap()]);
    let behind = load(&later);
    assert_eq!(behind.code, 4, "{}", behind.stderr);
    assert!(behind.stderr.contains("restored from a backup"), "{}", behind.stderr);
    // ...and so is one with other changes under the same audit ids.
    std::fs::copy(&backup, &branch.db).unwrap();
    branch.ok(&["--as", "manager", "--today", TODAY, "settings", "set", "region", "\"North\""]);
    let before = office.dump("hq");
    let refused = load(&bundle("3.bundle", false));
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("restored from a backup") && refused.stderr.contains("--full"),
        "{}",
        refused.stderr
    );
    assert_eq!(office.dump("hq"), before, "nothing of the restored file's bundle was mixed in");

    // A full bundle starts a new generation and replaces what head office held.
    let full = load(&bundle("4.bundle", true));
    assert_eq!(full.code, 0, "{}", full.stderr);
    assert_eq!(office.pg.psql("hq", "SELECT region FROM branchboard.branch"), "North");
    assert_eq!(office.pg.psql("hq", "SELECT count(*) FROM branchboard.month_state WHERE month = '2026-11'"), "0");
    synced(&branch, &office.pg.admin_url("fresh"));
    assert_eq!(office.dump("hq"), office.dump("fresh"));
}

#[test]
fn customer_details_stay_at_the_branch() {
    let Some(office) = HeadOffice::start() else { return };
    let branch = demo_branch(7, "B001", "South", &[]);
    synced(&branch, &office.url());
    let customers = branch.json("manager", &["--today", TODAY, "export", "customers", "--format", "json"]);
    let customer = &customers["customers"][0];
    let (id, name) = (customer["id"].as_str().unwrap(), customer["name"].as_str().unwrap());
    let rm = customer["rm_login"].as_str().unwrap();
    branch.ok(&["--as", rm, "--today", TODAY, "customer", "contact", id, "--date", TODAY]);
    synced(&branch, &office.url());
    let audit = office.pg.psql(
        "hq",
        &format!("SELECT action, key, old, new FROM branchboard.audit WHERE entity = 'customer' AND key = '{id}'"),
    );
    assert!(audit.contains("(customer details stay at the branch)"), "{audit}");
    let everything = office.pg.psql("hq", "SELECT string_agg(t::text, ' ') FROM branchboard.audit t");
    assert!(!everything.contains(name), "the customer's name reached head office");
    // The contact still counts: head office's coverage is the branch's own.
    let rms = office.export("hq", "coverage", &[]);
    let theirs = rms["rms"].as_array().unwrap().iter().find(|r| r["login"] == rm).unwrap();
    let own = coverage(&branch);
    let mine = own["rms"].as_array().unwrap().iter().find(|r| r["login"] == rm).unwrap();
    assert_eq!(theirs["contact_coverage"], mine["contact_coverage"]);
}

#[test]
fn an_old_bundle_never_undoes_what_replaced_it() {
    let Some(office) = HeadOffice::start() else { return };
    let branch = demo_branch(7, "B001", "South", &[]);
    let bundle = |name: &str, extra: &[&str]| written_bundle(&branch, name, extra);
    let load = |file: &std::path::Path| run_hq(&["load", file.to_str().unwrap(), "--pg", &office.url()]);
    let first = bundle("1.bundle", &[]);
    assert_eq!(load(&first).code, 0);
    branch.ok(&["--as", "manager", "--today", TODAY, "settings", "set", "region", "\"North\""]);
    assert_eq!(load(&bundle("2.bundle", &["--full"])).code, 0);
    let after = office.dump("hq");
    let replay = load(&first);
    assert_eq!(replay.code, 4, "{}", replay.stderr);
    assert!(replay.stderr.contains("another replaced"), "{}", replay.stderr);
    assert_eq!(office.dump("hq"), after);
    assert_eq!(office.pg.psql("hq", "SELECT region FROM branchboard.branch"), "North");
    // A branch that is closed (or changed its code) is forgotten on purpose, not by accident.
    let forget = run_hq(&["forget", "B001", "--pg", &office.url()]);
    assert_eq!(forget.code, 0, "{}", forget.stderr);
    assert_eq!(office.pg.psql("hq", "SELECT count(*) FROM branchboard.audit"), "0");
    assert_eq!(office.export("hq", "league", &["--period", "2026-11"])["branches"], Value::Array(vec![]));
}

#[test]
fn a_bundle_after_a_direct_sync_still_brings_every_change() {
    let Some(office) = HeadOffice::start() else { return };
    let office = office.with_database("online");
    let branch = demo_branch(7, "B001", "South", &[]);
    let bundle = |name: &str| written_bundle(&branch, name, &[]);
    assert_eq!(run_hq(&["load", bundle("1.bundle").to_str().unwrap(), "--pg", &office.url()]).code, 0);
    // Many changes, shipped directly; then one more that only the next bundle carries.
    let csv = a_year_of_targets(&branch);
    let employees = scorecard(&branch, "2026-11")["employees"].as_array().unwrap().clone();
    branch.ok(&[
        "--as",
        "manager",
        "--today",
        TODAY,
        "import",
        "targets",
        branch.file("plan.csv", &csv).to_str().unwrap(),
    ]);
    synced(&branch, &office.url());
    let login = employees[1]["login"].as_str().unwrap();
    let kpi = employees[1]["kras"][0]["kpis"][0]["code"].as_str().unwrap();
    branch.ok(&[
        "--as", "manager", "--today", TODAY, "target", "set", "--kpi", kpi, "--period", "2026-12", "--value", "777",
        "--login", login,
    ]);
    let loaded = run_hq(&["load", bundle("2.bundle").to_str().unwrap(), "--pg", &office.url()]);
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    let held = office.pg.psql(
        "hq",
        &format!(
            "SELECT value FROM branchboard.target WHERE login = '{login}' AND kpi = '{kpi}' AND month = '2026-12'"
        ),
    );
    assert_eq!(held, "777");
    synced(&branch, &office.pg.admin_url("online"));
    assert_eq!(office.dump("hq"), office.dump("online"));
}

#[test]
fn hq_role_touches_only_the_roles_it_made() {
    let Some(office) = HeadOffice::start() else { return };
    // Statements that create or change roles go to the server log, as audit settings often ask.
    office.pg.psql("postgres", "ALTER SYSTEM SET log_statement = 'ddl'");
    office.pg.psql("postgres", "SELECT pg_reload_conf()");
    while office.pg.psql("postgres", "SHOW log_statement") != "ddl" {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let url = office.url();
    let first = run_hq(&["role", "B001", "--pg", &url]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let again = run_hq(&["role", "B001", "--pg", &url]);
    assert_eq!(again.code, 4, "a working branch's password is never changed by accident: {}", again.stderr);
    assert!(again.stderr.contains("--rotate"), "{}", again.stderr);
    let rotated = run_hq(&["role", "B001", "--rotate", "--pg", &url]);
    assert_eq!(rotated.code, 0, "{}", rotated.stderr);
    let password = |line: &str| line.trim().rsplit(':').next().unwrap().to_string();
    assert_ne!(password(&first.stdout), password(&rotated.stdout));
    let login = office.pg.psql_as("branchboard_b001", &password(&rotated.stdout), "hq", "SELECT current_user");
    assert!(login.status.success(), "{}", String::from_utf8_lossy(&login.stderr));
    // The log keeps no password: it travels as a SCRAM verifier.
    let log = office.pg.log();
    assert!(log.contains("ALTER ROLE") && log.contains("SCRAM-SHA-256$"), "{log}");
    assert!(!log.contains(&password(&first.stdout)) && !log.contains(&password(&rotated.stdout)));
    for (code, why) in [("READER", "the group"), ("OPS", "not made by")] {
        if code == "OPS" {
            office.pg.psql("postgres", "CREATE ROLE branchboard_ops SUPERUSER LOGIN");
        }
        let refused = run_hq(&["role", code, "--rotate", "--pg", &url]);
        assert_eq!(refused.code, 4, "{code}: {}", refused.stderr);
        assert!(refused.stderr.contains(why), "{code}: {}", refused.stderr);
    }
    assert_eq!(
        office.pg.psql("postgres", "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'branchboard_reader'"),
        "f"
    );
}

#[test]
fn a_self_signed_server_certificate_is_trusted_as_its_own_root() {
    let Some(office) = HeadOffice::start() else { return };
    let branch = demo_branch(7, "B001", "South", &[]);
    // As libpq allows: the server's own certificate given as sslrootcert. It names another host,
    // so verify-ca (who signed it) passes and verify-full (and whom it names) refuses.
    let root = office.pg.enable_self_signed_tls("DNS:elsewhere.example");
    let with = |mode: &str| format!("{}?sslmode={mode}&sslrootcert={}", office.url(), root.display());
    let named = sync(&branch, &with("verify-full"));
    assert_eq!(named.code, 1, "{}", named.stderr);
    assert!(named.stderr.contains("certificate"), "{}", named.stderr);
    synced(&branch, &with("verify-ca"));
    // Under PGSSLMODE/PGSSLROOTCERT, as libpq reads them, when the URL says nothing.
    let run = branch
        .command()
        .env("PGSSLMODE", "verify-full")
        .env("PGSSLROOTCERT", &root)
        .args(["--as", "manager", "--today", TODAY, "sync", "--to", &office.url()])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.stderr));
}

#[test]
fn quarters_are_compared_only_over_the_same_months() {
    let Some(office) = HeadOffice::start() else { return };
    // Two branches file their year from April, one from January: head office's quarters are
    // April's, and the January branch's "2026-Q3" (July–September) is not mixed with theirs.
    let april: Vec<Branch> = [("B001", 7), ("B002", 8)]
        .iter()
        .map(|(code, seed)| {
            let branch = demo_branch(*seed, code, "South", &[]);
            branch.ok(&["--as", "manager", "--today", TODAY, "settings", "set", "fiscal_year_start_month", "4"]);
            branch
        })
        .collect();
    let january = demo_branch(9, "B003", "South", &[]);
    for branch in april.iter().chain([&january]) {
        synced(branch, &office.url());
    }
    let run = run_hq(&["export", "league", "--pg", &office.url(), "--period", "2026-Q3", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("left out of 2026-Q3: B003"), "{}", run.stderr);
    let league: Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> =
        league["branches"].as_array().unwrap().iter().map(|b| b["branch_code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
    assert!(!codes.contains(&"B003"));
    for (code, branch) in [("B001", &april[0]), ("B002", &april[1])] {
        let line = league["branches"].as_array().unwrap().iter().find(|b| b["branch_code"] == code).unwrap();
        let (average, ..) = league_line(branch, "2026-Q3");
        assert!((line["average_overall"].as_f64().unwrap() - average).abs() < 1e-9, "{code}");
    }
    // October to December is open: the quarter is provisional for both April branches.
    assert_eq!(league["final"], false);
    let people = office.export("hq", "people", &["--period", "2026-Q3"]);
    assert!(people["people"].as_array().unwrap().iter().all(|p| p["branch_code"] != "B003"));
    // A month is the same month everywhere.
    assert_eq!(office.export("hq", "league", &["--period", "2026-10"])["branches"].as_array().unwrap().len(), 3);
}
