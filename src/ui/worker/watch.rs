//! Noticing other sessions' changes: the file's last audited change against the last one a
//! whole read took in. A change is reported once; if a whole read fails (the one a change called
//! for, or a new day's), a change is reported again a while later, so the screen never keeps old
//! figures with nothing retrying.

use std::time::{Duration, Instant};

/// How long after a failed whole read the changes it missed are reported again: soon enough
/// for a passing failure (a full disk freed, a lock), rare enough for a file that stays unreadable.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct Watch {
    /// The file's mark when the last whole read that worked began: every change up to it is on
    /// screen.
    taken_in: Option<i64>,
    /// The last mark reported as a change.
    reported: Option<i64>,
    /// When a failed whole read's changes are reported again.
    retry_at: Option<Instant>,
}

impl Watch {
    /// Watching from `mark`, which the first load takes in.
    pub fn new(mark: Option<i64>) -> Watch {
        Watch { taken_in: mark, reported: mark, retry_at: None }
    }

    /// Whether to report a change, the file's mark being `mark` at `now`: a change since the last
    /// report, or a failed whole read once `RETRY_AFTER` has passed (with or without a change
    /// since: a new day's read that failed left yesterday's figures on screen too).
    pub fn report(&mut self, mark: Option<i64>, now: Instant) -> bool {
        let retry = self.retry_at.is_some_and(|at| now >= at);
        if mark == self.reported && !retry {
            return false;
        }
        self.reported = mark;
        self.retry_at = None;
        true
    }

    /// A whole read that began when the mark was `mark` worked: it took in every change up to it.
    pub fn took_in(&mut self, mark: Option<i64>) {
        self.taken_in = mark;
        self.reported = mark;
        self.retry_at = None;
    }

    /// A whole read failed at `now`: the changes it left out are reported again later.
    pub fn failed(&mut self, now: Instant) {
        self.retry_at = Some(now + RETRY_AFTER);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_reported_once_and_again_after_its_reload_failed() {
        let start = Instant::now();
        let mut watch = Watch::new(Some(7));
        assert!(!watch.report(Some(7), start), "nothing new");
        assert!(watch.report(Some(8), start));
        assert!(!watch.report(Some(8), start), "reported once while its reload is on the way");
        watch.failed(start);
        assert!(!watch.report(Some(8), start + RETRY_AFTER / 2), "not at once");
        assert!(watch.report(Some(8), start + RETRY_AFTER), "tried again");
        assert!(!watch.report(Some(8), start + RETRY_AFTER * 2), "once per failure");
        watch.took_in(Some(8));
        watch.failed(start + RETRY_AFTER * 3);
        assert!(watch.report(Some(8), start + RETRY_AFTER * 5), "a failed whole read, even with no change since");
        assert!(!watch.report(Some(8), start + RETRY_AFTER * 6), "once per failure");
    }

    #[test]
    fn a_whole_read_takes_in_the_changes_before_it() {
        let mut watch = Watch::new(Some(7));
        watch.took_in(Some(9));
        assert!(!watch.report(Some(9), Instant::now()), "read with the load: no reload for it");
        assert!(watch.report(Some(10), Instant::now()));
    }
}
