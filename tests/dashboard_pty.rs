//! The real binary in a real pseudo-terminal (tmux): it opens on the leaderboard, switches
//! tabs, survives resizing down to 1×1 and back, shows another process's save within a second
//! without a key press, quits with `q` and gives the terminal back; SIGTERM, SIGHUP and SIGINT
//! give it back the same way.

mod common;

use common::tmux::Tmux;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

fn branchboard(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_branchboard")).arg("--db").arg(db).args(args).output().expect("run branchboard")
}

/// The demo branch in `dir`, and the dashboard on it as the manager at 100×30, run by a shell
/// that stays after it so the terminal state it left (and `EXITED <status>`) can be read.
fn demo_dashboard(dir: &tempfile::TempDir) -> (std::path::PathBuf, Tmux) {
    let db = dir.path().join("demo.db");
    let created = branchboard(&db, &["--today", "2026-11-15", "demo"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let command = format!(
        "sh -c '{} --db {} --as manager --today 2026-11-15; echo EXITED $?; exec sleep 60'",
        env!("CARGO_BIN_EXE_branchboard"),
        db.display()
    );
    (db, Tmux::start(100, 30, &command))
}

#[test]
fn dashboard_in_a_pseudo_terminal() {
    if !common::tmux::available("dashboard_in_a_pseudo_terminal") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (db, tmux) = demo_dashboard(&dir);

    tmux.wait_for("Leaderboard", Duration::from_secs(10));
    assert_eq!(tmux.pane("#{alternate_on}"), "1", "the dashboard runs in the alternate screen");
    let screen = tmux.screen();
    assert!(screen.contains("Tanvi Varma") && screen.contains("Exceeds"), "{screen}");
    assert!(screen.contains("manager (Manager)"), "{screen}");

    tmux.keys(&["2"]);
    tmux.wait_for("RMs", Duration::from_secs(5));
    tmux.keys(&["Tab"]);
    tmux.wait_for("KRAs · Enter opens", Duration::from_secs(5));
    tmux.keys(&["1"]);
    tmux.wait_for("Leaderboard", Duration::from_secs(5));

    // Shrink to nothing and back: no crash, the dashboard comes back.
    for (w, h) in [("1", "1"), ("20", "5"), ("100", "30")] {
        tmux.run(&["resize-window", "-t", "t", "-x", w, "-y", h]);
        std::thread::sleep(Duration::from_millis(150));
        assert!(!tmux.screen().contains("EXITED"), "the dashboard died at {w}×{h}:\n{}", tmux.screen());
        if w == "20" {
            tmux.wait_for("Enlarge", Duration::from_secs(2));
        }
    }
    tmux.wait_for("Leaderboard", Duration::from_secs(5));

    // Open an RM's first KRA and let another process save one of its actuals.
    tmux.keys(&["/", "t", "a", "n", "v", "i", "Enter", "Enter"]);
    tmux.wait_for("KRAs · Enter opens", Duration::from_secs(5));
    tmux.keys(&["Enter"]);
    tmux.wait_for("Number of New Accounts", Duration::from_secs(5));
    assert!(!tmux.screen().contains("4,321"));
    let saved = branchboard(
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
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    let took = tmux.wait_for("4,321", Duration::from_secs(1));
    eprintln!("the other process's save showed after {took:?}");

    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0", Duration::from_secs(5));
    assert_eq!(tmux.pane("#{alternate_on}"), "0", "the alternate screen was left");
    assert_eq!(tmux.pane("#{cursor_flag}"), "1", "the cursor is visible again");
}

/// The pid of the `branchboard` process somewhere under the pane's shell.
fn dashboard_pid(tmux: &Tmux) -> String {
    let mut pids = vec![tmux.pane("#{pane_pid}")];
    while let Some(pid) = pids.pop() {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.trim() == "branchboard" {
            return pid;
        }
        let children = Command::new("pgrep").args(["-P", &pid]).output().expect("run pgrep");
        pids.extend(String::from_utf8_lossy(&children.stdout).split_whitespace().map(str::to_string));
    }
    panic!("no branchboard process in the pane:\n{}", tmux.screen());
}

/// An admin's `kill` (docs/ssh.md), a dropped connection's SIGHUP and a `kill -INT` end the
/// dashboard as `q` does: out of the alternate screen, cursor shown, raw mode off; the process
/// ends by the signal (the shell's `$?` is 128 + its number).
#[test]
fn signals_give_the_terminal_back() {
    if !common::tmux::available("signals_give_the_terminal_back") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let created = branchboard(&db, &["--today", "2026-11-15", "demo"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    // The shell stays after the dashboard to report its exit status and the terminal mode.
    let script = dir.path().join("session.sh");
    std::fs::write(
        &script,
        format!(
            "'{}' --db '{}' --as manager --today 2026-11-15\n\
             echo \"EXITED $?\"\n\
             if stty -a | grep -q -e -icanon; then echo RAW MODE LEFT ON; else echo COOKED; fi\n\
             exec sleep 60\n",
            env!("CARGO_BIN_EXE_branchboard"),
            db.display()
        ),
    )
    .unwrap();
    for (signal, number) in [("TERM", 15), ("HUP", 1), ("INT", 2)] {
        let tmux = Tmux::start(100, 30, &format!("sh '{}'", script.display()));
        tmux.wait_for("Leaderboard", Duration::from_secs(10));
        assert_eq!(tmux.pane("#{alternate_on}"), "1", "the dashboard runs in the alternate screen");
        assert_eq!(tmux.pane("#{cursor_flag}"), "0", "the dashboard hides the cursor");
        let pid = dashboard_pid(&tmux);
        let sent = Command::new("kill").args(["-s", signal, &pid]).status().expect("run kill");
        assert!(sent.success(), "kill -s {signal} {pid}");
        tmux.wait_for(&format!("EXITED {}", 128 + number), Duration::from_secs(5));
        tmux.wait_for("COOKED", Duration::from_secs(5));
        assert_eq!(tmux.pane("#{alternate_on}"), "0", "SIG{signal}: the alternate screen was left");
        assert_eq!(tmux.pane("#{cursor_flag}"), "1", "SIG{signal}: the cursor is visible again");
    }
}

/// A terminal that disappears without a hangup (its multiplexer killed) ends the dashboard
/// within a second or so, instead of leaving it spinning on a terminal nobody reads.
#[test]
fn a_terminal_that_vanishes_ends_the_dashboard() {
    if !common::tmux::available("a_terminal_that_vanishes_ends_the_dashboard") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_db, tmux) = demo_dashboard(&dir);
    tmux.wait_for("Leaderboard", Duration::from_secs(10));
    let pid = dashboard_pid(&tmux);
    drop(tmux); // kills the tmux server: the terminal is gone
    let start = std::time::Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if state.split_whitespace().nth(2) == Some("Z") {
            break; // ended, waiting for its parent to read its status
        }
        assert!(start.elapsed() < Duration::from_secs(5), "the dashboard {pid} still runs: {state}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
