//! Waiting for another writer of the branch file: how long, and telling someone that a save
//! is waiting (SPEC §7) instead of failing with "database is locked".

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How long a write waits for another writer before giving up. A 1.3-million-row import holds
/// the file for about 17 s; five minutes covers imports many times that size, and still ends a
/// wait behind a writer that hangs.
pub const WAIT_LIMIT: Duration = Duration::from_secs(5 * 60);

/// How long a wait goes unmentioned: most end within milliseconds, and a notice for each of
/// them would be noise.
pub const NOTICE_AFTER: Duration = Duration::from_secs(1);

thread_local! {
    static NOTICE: RefCell<Option<Rc<dyn Fn()>>> = RefCell::new(None);
    /// When this thread's current wait began, and whether it has been mentioned.
    static WAIT: Cell<Option<(Instant, bool)>> = const { Cell::new(None) };
    /// Set when a wait on this thread ran out, until the error it caused has been worded.
    static GAVE_UP: Cell<bool> = const { Cell::new(false) };
}

#[cfg(test)]
pub(super) fn note_gave_up_for_tests() {
    GAVE_UP.set(true);
}

/// Whether the last "busy" on this thread came from a wait that ran out (and forgets it).
pub(super) fn take_gave_up() -> bool {
    GAVE_UP.replace(false)
}

/// Has `notice` called, once per wait, when a write on this thread has waited about a second
/// for another change to the branch file; replaces this thread's earlier notice. SQLite waits
/// on the thread that runs the statement, so a worker thread that owns a `Store` calls this
/// itself. Without a notice, waits are silent.
pub fn on_wait(notice: impl Fn() + 'static) {
    NOTICE.with(|n| *n.borrow_mut() = Some(Rc::new(notice)));
}

/// What a writer that has waited `waited` does next.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    Wait,
    /// Keep waiting, and say so first.
    TellAndWait,
    GiveUp,
}

fn next_step(waited: Duration, told: bool) -> Next {
    if waited >= WAIT_LIMIT {
        Next::GiveUp
    } else if waited >= NOTICE_AFTER && !told {
        Next::TellAndWait
    } else {
        Next::Wait
    }
}

/// The busy handler of every connection (`Connection::busy_handler` takes a plain `fn`, hence
/// the thread-local state): `attempts` is 0 when a new wait begins. False gives up, and SQLite
/// then returns SQLITE_BUSY, which becomes `StoreError::Busy`.
pub(super) fn keep_waiting(attempts: i32) -> bool {
    let now = Instant::now();
    let (started, told) = match WAIT.get() {
        Some(wait) if attempts > 0 => wait,
        _ => (now, false),
    };
    let step = next_step(now - started, told);
    match step {
        Next::GiveUp => {
            WAIT.set(None);
            GAVE_UP.set(true);
            return false;
        }
        Next::TellAndWait => tell(),
        Next::Wait => {}
    }
    WAIT.set(Some((started, told || step == Next::TellAndWait)));
    std::thread::sleep(pause(attempts));
    true
}

fn tell() {
    // Cloned out first: the notice may itself call `on_wait`.
    if let Some(notice) = NOTICE.with(|n| n.borrow().clone()) {
        notice();
    }
}

/// SQLite's own schedule: quick retries first (most waits are a short commit), then every 100 ms.
fn pause(attempts: i32) -> Duration {
    const STEPS_MS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];
    let step = usize::try_from(attempts).ok().and_then(|i| STEPS_MS.get(i)).copied().unwrap_or(100);
    Duration::from_millis(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_told_once_after_a_second_and_ends_at_the_limit() {
        assert_eq!(next_step(Duration::from_millis(900), false), Next::Wait);
        assert_eq!(next_step(Duration::from_millis(1000), false), Next::TellAndWait);
        assert_eq!(next_step(Duration::from_secs(60), true), Next::Wait);
        assert_eq!(next_step(WAIT_LIMIT, true), Next::GiveUp);
        assert_eq!(next_step(WAIT_LIMIT, false), Next::GiveUp);
    }

    #[test]
    fn retries_slow_down_to_every_tenth_of_a_second() {
        assert_eq!(pause(0), Duration::from_millis(1));
        assert_eq!(pause(11), Duration::from_millis(100));
        assert_eq!(pause(5000), Duration::from_millis(100));
        assert_eq!(pause(-1), Duration::from_millis(100));
    }

    #[test]
    fn the_notice_runs_on_the_thread_that_set_it() {
        thread_local!(static HEARD: Cell<u32> = const { Cell::new(0) });
        on_wait(|| HEARD.set(HEARD.get() + 1));
        tell();
        std::thread::spawn(tell).join().unwrap();
        assert_eq!(HEARD.get(), 1);
    }
}
