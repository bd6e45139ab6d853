//! The dashboard in a real pseudo-terminal: a tmux server of the test's own, its screen read
//! as text and keys sent to it.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Whether tmux is here. Without it a test says loudly that it skipped and passes, except under
/// CI (`CI` set), where a skip would hide a gap.
pub fn available(test: &str) -> bool {
    if Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    let message = format!("{test}: SKIPPED, tmux is not installed (apt-get install tmux; .ci/run installs it)");
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{message}; CI must run the terminal tests");
    }
    eprintln!("{message}");
    false
}

/// A tmux server of our own (its own socket), killed when the test ends.
pub struct Tmux {
    socket: String,
}

/// Tests run in parallel in one process: each server needs a socket of its own.
static SERVERS: AtomicUsize = AtomicUsize::new(0);

impl Tmux {
    pub fn start(width: u16, height: u16, command: &str) -> Tmux {
        let probe = Command::new("tmux").arg("-V").output();
        assert!(
            probe.is_ok_and(|o| o.status.success()),
            "tmux is needed for the pseudo-terminal tests (apt-get install tmux; .ci/run installs it)"
        );
        let server = SERVERS.fetch_add(1, Ordering::SeqCst);
        let tmux = Tmux { socket: format!("branchboard-test-{}-{server}", std::process::id()) };
        tmux.run(&["new-session", "-d", "-s", "t", "-x", &width.to_string(), "-y", &height.to_string(), command]);
        tmux
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("run tmux");
        assert!(out.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "t"])
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Waits until the screen contains `text`, up to `limit`; returns how long it took.
    pub fn wait_for(&self, text: &str, limit: Duration) -> Duration {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return start.elapsed();
            }
            assert!(start.elapsed() < limit, "{text:?} did not appear within {limit:?}; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pane(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "t", format]).trim().to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
    }
}
