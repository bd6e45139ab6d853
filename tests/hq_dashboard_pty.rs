//! The head-office dashboard (`branchboard hq`) as a user meets it: the real binary in a real
//! pseudo-terminal (tmux) on a throw-away PostgreSQL that real branch files synced to. It opens
//! on the league with the branch's average, switches tabs, shows a second branch within a few
//! seconds of its sync landing without a key press, keeps the arrows in an open detail, says
//! within seconds that head office stopped answering (a lock holds its reads) and that it
//! answers again, quits with `q` and gives the terminal back. Without a terminal it refuses
//! before connecting.
//!
//! Needs tmux and Debian's postgresql package (`.ci/run` installs both); without them the test
//! says loudly that it skipped and passes, except under CI.

mod common;

use common::pg::PgServer;
use common::tmux::Tmux;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const TODAY: &str = "2026-11-15";

/// Runs the binary with `args`, with no head-office settings from the environment, and
/// insists on success; returns stdout.
#[track_caller]
fn ok(args: &[&str]) -> String {
    let output = branchboard().args(args).output().expect("run branchboard");
    assert!(output.status.success(), "branchboard {args:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn branchboard() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_branchboard"));
    command.env_remove("BRANCHBOARD_HQ_URL").env_remove("BRANCHBOARD_DB").env_remove("PGPASSWORD");
    command
}

/// A demo branch file at `db` with its code and region, synced to head office as its manager.
fn demo_and_sync(db: &Path, extra: &[&str], code: &str, region: &str, url: &str) {
    let db = db.to_str().expect("UTF-8 temp path");
    let mut demo = vec!["--db", db, "--today", TODAY, "demo", "--code", code, "--region", region];
    demo.extend_from_slice(extra);
    ok(&demo);
    ok(&["--db", db, "--as", "manager", "--today", TODAY, "sync", "--to", url]);
}

/// The branch's average overall in the league head office exports, as the dashboard shows it.
fn league_average(url: &str, code: &str) -> String {
    let json = ok(&["--today", TODAY, "hq", "export", "league", "--pg", url, "--format", "json"]);
    let league: serde_json::Value = serde_json::from_str(&json).expect("league JSON");
    let branch = league["branches"]
        .as_array()
        .and_then(|all| all.iter().find(|b| b["branch_code"] == code))
        .unwrap_or_else(|| panic!("{code} is not in the league: {json}"));
    let average = branch["average_overall"].as_f64().unwrap_or_else(|| panic!("{code} has no average: {json}"));
    format!("{average:.1}")
}

/// Waits until the screen no longer shows `text` (up to five seconds).
fn wait_until_gone(tmux: &Tmux, text: &str) {
    let start = std::time::Instant::now();
    while tmux.screen().contains(text) {
        assert!(start.elapsed() < Duration::from_secs(5), "{text:?} stayed:\n{}", tmux.screen());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The screen's line that holds `text`.
fn line_with<'a>(screen: &'a str, text: &str) -> &'a str {
    screen.lines().find(|l| l.contains(text)).unwrap_or_else(|| panic!("no line with {text:?}:\n{screen}"))
}

#[test]
fn head_office_dashboard_in_a_pseudo_terminal() {
    if !common::tmux::available("head_office_dashboard_in_a_pseudo_terminal") {
        return;
    }
    let Some(pg) = PgServer::start() else { return };
    pg.create_database("hq");
    let url = pg.admin_url("hq");
    ok(&["--today", TODAY, "hq", "init", "--pg", &url]);
    let dir = tempfile::tempdir().unwrap();
    demo_and_sync(&dir.path().join("A.db"), &[], "B001", "South", &url);
    let average = league_average(&url, "B001");

    // Without a terminal the dashboard refuses, before it connects anywhere.
    let refused = branchboard()
        .args(["--today", TODAY, "hq", "--pg", "postgresql://nobody@127.0.0.1:1/none"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");

    // A shell stays after the dashboard, so what it left behind (and its exit status) can be read.
    let command = format!(
        "sh -c '{} --today {TODAY} hq --pg {url}; echo EXITED $?; exec sleep 60'",
        env!("CARGO_BIN_EXE_branchboard")
    );
    let tmux = Tmux::start(100, 30, &command);
    tmux.wait_for("Branches ·", Duration::from_secs(15));
    tmux.wait_for("B001", Duration::from_secs(10));
    assert_eq!(tmux.pane("#{alternate_on}"), "1", "the dashboard runs in the alternate screen");
    let screen = tmux.screen();
    let row = line_with(&screen, "B001");
    assert!(
        row.contains("South") && row.contains(&average),
        "B001's row shows its region and average {average}:\n{screen}"
    );
    // November is open in the demo branch: the period is provisional, and the bar says so.
    assert!(screen.contains("2026-11 PROVISIONAL"), "{screen}");
    assert!(!screen.contains("FINAL "), "{screen}");
    assert!(screen.contains(pg.superuser()), "the status bar names the session's user:\n{screen}");

    tmux.keys(&["2"]);
    tmux.wait_for("People ·", Duration::from_secs(5));
    tmux.keys(&["3"]);
    tmux.wait_for("RM coverage", Duration::from_secs(5));
    assert!(line_with(&tmux.screen(), "B001").contains("South"));
    tmux.keys(&["1"]);
    tmux.wait_for("Branches ·", Duration::from_secs(5));
    assert!(!tmux.screen().contains("B002"));

    // Another branch syncs while the dashboard is open: it appears without a key press.
    demo_and_sync(&dir.path().join("B.db"), &["--seed", "8"], "B002", "North", &url);
    let took = tmux.wait_for("B002", Duration::from_secs(5));
    eprintln!("the second branch's sync showed after {took:?}");
    let screen = tmux.screen();
    assert!(line_with(&screen, "B002").contains("North"), "{screen}");
    assert!(line_with(&screen, "B001").contains(&average), "{screen}");

    // An open detail has the arrows: they move in the branch's people, not to another branch.
    tmux.keys(&["Enter"]);
    tmux.wait_for("people in 2026-11", Duration::from_secs(5));
    let detail = line_with(&tmux.screen(), "people in 2026-11").to_string();
    tmux.keys(&["j", "Down", "End"]);
    tmux.keys(&["?"]);
    tmux.wait_for("close the detail", Duration::from_secs(5));
    tmux.keys(&["Escape"]);
    wait_until_gone(&tmux, "close the detail");
    assert_eq!(line_with(&tmux.screen(), "people in 2026-11"), detail, "still the same branch's people");
    tmux.keys(&["Escape"]);
    wait_until_gone(&tmux, "people in 2026-11");

    // Head office hangs: a lock holds every read of the branches for a while. Within a few
    // seconds the dashboard says since when it has had no answer, keeping the figures it has;
    // when the lock goes, it says head office answers again.
    std::thread::scope(|scope| {
        let lock = scope.spawn(|| {
            pg.psql("hq", "BEGIN; LOCK TABLE branchboard.branch IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(9); COMMIT;")
        });
        let took = tmux.wait_for("not answering since", Duration::from_secs(9));
        eprintln!("the hang was said after {took:?}");
        let screen = tmux.screen();
        assert!(line_with(&screen, "B001").contains(&average), "the figures stay: {screen}");
        lock.join().expect("the lock's psql");
    });
    tmux.wait_for("head office answers again", Duration::from_secs(10));

    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0", Duration::from_secs(5));
    assert_eq!(tmux.pane("#{alternate_on}"), "0", "the alternate screen was left");
    assert_eq!(tmux.pane("#{cursor_flag}"), "1", "the cursor is visible again");
}
