//! The worker's answers, taken into the state: loads, books, history, and how a save ended
//! (saved, conflict, error, or still waiting for another writer).

use super::{App, LoadReason, Overlay};
use crate::store::{StoreError, format_value};
use crate::ui::effect::{Change, Effect, Loaded, MessageKind, Outcome};
use crate::ui::format::{fit, kpi_value, month_runs};
use std::time::{Duration, Instant};

/// After this long without an answer the status bar says the save is waiting for someone else's
/// change (another session's save, or an import holding the file): when the command line says so.
pub const SAVE_WAIT_NOTICE: Duration = crate::store::NOTICE_AFTER;

/// How a save under way is going, as the status bar says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveProgress {
    Saving,
    /// Not done after `SAVE_WAIT_NOTICE`: another writer holds the file.
    Waiting,
}

#[derive(Debug, Clone)]
pub(super) struct PendingSave {
    id: u64,
    change: Change,
    since: Instant,
    progress: SaveProgress,
}

impl PendingSave {
    pub(super) fn new(id: u64, change: Change, since: Instant) -> PendingSave {
        PendingSave { id, change, since, progress: SaveProgress::Saving }
    }
}

impl App {
    /// The save under way, if any: how it is going and what is being saved.
    pub fn saving(&self) -> Option<(SaveProgress, &str)> {
        self.saving.as_ref().map(|p| (p.progress, p.change.label()))
    }

    /// Takes one of the worker's answers; returns more file work, if the answer calls for it.
    pub fn apply(&mut self, outcome: Outcome) -> Vec<Effect> {
        self.dirty = true;
        match outcome {
            Outcome::Loaded { generation, result } => {
                let Some(pending) = self.pending.filter(|p| p.generation == generation) else {
                    return vec![]; // overtaken by a newer request
                };
                self.pending = None;
                match result {
                    Ok(Loaded::Everything(data)) => {
                        self.data = Some(*data);
                        self.load_error = None;
                        self.books_asked.clear();
                        if pending.reason == LoadReason::Change {
                            self.last_change = self.clock.time_label();
                        }
                    }
                    Ok(Loaded::Scores(scores)) => match &mut self.data {
                        Some(data) => data.apply_scores(*scores),
                        None => return vec![self.reload()],
                    },
                    Err(message) => {
                        self.load_error = Some(message.clone());
                        // The period stays what is on screen.
                        if let Some(data) = &self.data {
                            self.period = data.period;
                        }
                        self.say(MessageKind::Error, message);
                        return vec![];
                    }
                }
                self.refresh_tabs()
            }
            Outcome::BookRead { rm, book } => {
                self.books_asked.remove(&rm);
                if let Some(data) = &mut self.data {
                    data.apply_book(&rm, book);
                }
                self.refresh_tabs()
            }
            Outcome::HistoryRead { title, result } => {
                self.history_asked = self.history_asked.saturating_sub(1);
                // An answer overtaken by another request, or arriving after the user moved on
                // (another tab, an input open), does not take the keyboard.
                let still_wanted = self.history_asked == 0
                    && self.tab == crate::ui::tabs::Tab::Drilldown
                    && self.input.is_none()
                    && self.overlay.is_none();
                if !still_wanted {
                    return vec![];
                }
                match result {
                    Ok(entries) => self.overlay = Some(Overlay::History { title, entries, scroll: 0 }),
                    Err(e) => self.say(MessageKind::Error, format!("cannot read the history: {e}")),
                }
                vec![]
            }
            Outcome::Saved { id, change, result } => {
                if self.saving.as_ref().is_some_and(|p| p.id == id) {
                    self.saving = None;
                    self.quit_armed = false;
                }
                self.finish_save(change, result)
            }
            Outcome::FileChanged => vec![self.reload()],
            Outcome::ReaderStopped => {
                // Nothing asked of the reader will be answered: say so rather than "loading" forever.
                self.pending = None;
                self.books_asked.clear();
                self.history_asked = 0;
                if let Some(data) = &self.data {
                    self.period = data.period;
                }
                let message =
                    "the reading thread stopped: the screen no longer follows the file; quit and open it again";
                self.load_error = Some(message.to_string());
                self.say(MessageKind::Error, message);
                vec![]
            }
            Outcome::SaverStopped => {
                if let Some(pending) = self.saving.take() {
                    self.quit_armed = false;
                    let label = fit(pending.change.label(), 24);
                    self.say(
                        MessageKind::Error,
                        format!("not saved: {label} (the saving thread stopped); edit it again"),
                    );
                }
                vec![]
            }
        }
    }

    /// Shows how a save ended, then reads the file again so the screen shows what is stored.
    fn finish_save(&mut self, change: Change, result: Result<Option<f64>, StoreError>) -> Vec<Effect> {
        match (change, result) {
            (Change::Actual { login, kpi, kpi_name, month, value, .. }, Ok(old)) => {
                let was = old.map(format_value).unwrap_or_else(|| "empty".into());
                self.say(
                    MessageKind::Info,
                    format!("saved {}: {} (was {was})", fit(&kpi_name, 24), format_value(value)),
                );
                if let Some(data) = &mut self.data {
                    data.note_saved_actual(&login, &kpi, month, value);
                }
                vec![self.reload()]
            }
            (
                Change::Actual { login, kpi, kpi_name, unit, month, value, .. },
                Err(StoreError::Conflict { key, expected, found }),
            ) => {
                // The store says the values as stored; the dialog says them as the screen does.
                let shown =
                    |text: &str| text.parse::<f64>().map(|v| kpi_value(v, unit)).unwrap_or_else(|_| text.to_string());
                let (expected, found) = (shown(&expected), shown(&found));
                let value = kpi_value(value, unit);
                let what = format!("{kpi_name} · {}", month_runs(&[month]));
                // The next edit starts from what is stored now, even before the reload arrives.
                if let (Some(data), Ok(stored)) = (&mut self.data, found.parse::<f64>()) {
                    data.note_saved_actual(&login, &kpi, month, stored);
                }
                self.overlay = Some(Overlay::Conflict { what, key, yours: value, seen: expected, stored: found });
                vec![self.reload()]
            }
            (Change::Rating { login, capability, capability_name, rating }, Ok(_)) => {
                self.say(MessageKind::Info, format!("{login}: {} rated {rating}", fit(&capability_name, 30)));
                if let Some(portfolio) =
                    self.data.as_mut().and_then(|d| d.portfolios.iter_mut().find(|p| p.rm.login == login))
                {
                    portfolio.ratings.insert(capability, rating);
                }
                vec![self.reload()]
            }
            (_, Err(e)) => {
                self.say(MessageKind::Error, format!("not saved: {e}"));
                vec![]
            }
        }
    }

    /// A save still unanswered after `SAVE_WAIT_NOTICE` is waiting for another writer.
    pub(super) fn notice_slow_save(&mut self, now: Instant) {
        if let Some(pending) = &mut self.saving
            && pending.progress == SaveProgress::Saving
            && now.saturating_duration_since(pending.since) >= SAVE_WAIT_NOTICE
        {
            pending.progress = SaveProgress::Waiting;
            self.dirty = true;
        }
    }

    /// `q` while a save is under way asks once more, since quitting drops the unsaved change.
    pub(super) fn quit(&mut self) {
        match self.saving {
            Some(_) if !self.quit_armed => {
                self.quit_armed = true;
                self.say(MessageKind::Error, "not saved yet: press q again (or Ctrl-C) to quit without it");
            }
            _ => self.should_quit = true,
        }
    }
}
