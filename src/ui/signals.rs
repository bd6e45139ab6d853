//! SIGTERM, SIGHUP and SIGINT end the dashboard the way `q` does: the loop sees the signal,
//! stops, and the terminal is given back before the process ends as the signal asked.
//! (An admin's `kill`, a dropped SSH connection, a `kill -INT`: docs/ssh.md.)

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The signals that end a session.
pub const QUIT_SIGNALS: [i32; 3] = [SIGTERM, SIGHUP, SIGINT];

/// Remembers which quit signal arrived, for the loop to read between events.
pub struct QuitSignals {
    /// Set by any of the signals; also arms the second-signal exit below.
    arrived: Arc<AtomicBool>,
    /// The number of the last one that arrived.
    which: Arc<AtomicUsize>,
}

impl QuitSignals {
    /// Catches the quit signals from now on. A second one while the first is still being
    /// handled ends the process at once (by the signal's default action), so a dashboard stuck
    /// on something can still be stopped.
    pub fn catch() -> std::io::Result<QuitSignals> {
        let arrived = Arc::new(AtomicBool::new(false));
        let which = Arc::new(AtomicUsize::new(0));
        for signal in QUIT_SIGNALS {
            // The order matters: the default action is armed only by an earlier signal.
            signal_hook::flag::register_conditional_default(signal, Arc::clone(&arrived))?;
            signal_hook::flag::register_usize(signal, Arc::clone(&which), signal as usize)?;
            signal_hook::flag::register(signal, Arc::clone(&arrived))?;
        }
        Ok(QuitSignals { arrived, which })
    }

    /// The signal that arrived, if one did.
    pub fn received(&self) -> Option<i32> {
        if self.arrived.load(Ordering::SeqCst) { Some(self.which.load(Ordering::SeqCst) as i32) } else { None }
    }
}

impl Drop for QuitSignals {
    /// Once the dashboard is gone nobody reads the flag, so a quit signal must act as it would
    /// have without the dashboard: arming the default action does that.
    fn drop(&mut self) {
        self.arrived.store(true, Ordering::SeqCst);
    }
}

/// How often the watch looks for the terminal, and how long a hangup is given to end the loop.
const TERMINAL_WATCH: std::time::Duration = std::time::Duration::from_millis(250);

/// A terminal that closes without sending a hangup (its emulator or multiplexer killed) reads
/// as endless end-of-file, on which the key reader spins without returning. A watch thread
/// sees the terminal gone and sends this process SIGHUP: the loop ends as for a dropped SSH
/// connection; if it is stuck in the key reader, a second SIGHUP ends the process by the
/// signal's default action (the file is safe: an unfinished save was never committed).
pub fn hang_up_when_the_terminal_goes() {
    use std::io::IsTerminal;
    let watch = std::thread::Builder::new().name("terminal-watch".into()).spawn(|| {
        while std::io::stdin().is_terminal() {
            std::thread::sleep(TERMINAL_WATCH);
        }
        let _ = signal_hook::low_level::raise(SIGHUP);
        std::thread::sleep(4 * TERMINAL_WATCH);
        let _ = signal_hook::low_level::raise(SIGHUP);
    });
    // Without the watch the dashboard still works; only this rare exit is lost.
    drop(watch);
}

/// Ends the process as `signal` would have ended it had it not been caught: the parent (a shell,
/// sshd) sees "terminated by SIGTERM", `$?` is 128 + the signal number. Called after the terminal
/// has been restored.
pub fn end_as_signalled(signal: i32) -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    // Only reached if the default action could not be run: exit with the status a shell reports.
    std::process::exit(128 + signal)
}
