//! The worker's answers, taken into the state: loads, books, history, and how a save ended
//! (saved, conflict, error, or still waiting for another writer).

use super::{App, LoadReason, Overlay};
use crate::domain::period::Period;
use crate::import::ValueKind;
use crate::store::StoreError;
use crate::ui::dialogs::{Dialog, plan::PlanDialog};
use crate::ui::effect::{Change, CopyRequest, Effect, Loaded, MessageKind, Outcome, Saved};
use crate::ui::format::{exact_value, fit, kpi_value, month_runs, trim};
use crate::ui::tabs::{Context, Tab};
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
    pub fn saving(&self) -> Option<(SaveProgress, String)> {
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
                let mut work = self.refresh_tabs();
                if pending.reason == LoadReason::Change {
                    work.extend(self.follow_change());
                }
                work
            }
            Outcome::BookRead { rm, book } => {
                self.books_asked.remove(&rm);
                if let Some(data) = &mut self.data {
                    // Only the books of the RMs seen last stay in memory.
                    data.apply_book(&rm, book, |login| self.portfolio.keeps_book_of(login));
                }
                self.refresh_portfolio()
            }
            Outcome::HistoryRead { result, .. } => {
                self.take_history(result);
                vec![]
            }
            Outcome::Saved { id, change, result } => {
                if self.saving.as_ref().is_some_and(|p| p.id == id) {
                    self.saving = None;
                    self.quit_armed = false;
                }
                self.finish_save(change, result)
            }
            Outcome::CopyPlanned { .. } => {
                if let Some(dialog) = &mut self.dialog {
                    dialog.take(&outcome);
                }
                vec![]
            }
            Outcome::PersonRead { login, period, result } => {
                let Some(data) = &self.data else { return vec![] };
                let opened = self.drilldown.take_person(&login, period, result, &Context { data, actor: &self.actor });
                // A KPI's months open over the tabs take the new read.
                self.follow_kpi_months();
                // The months open only while the drill-down still has the keyboard.
                let free = self.tab == Tab::Drilldown
                    && self.input.is_none()
                    && self.overlay.is_none()
                    && self.dialog.is_none();
                if free { self.absorb(opened) } else { vec![] }
            }
            Outcome::CustomersFound { query, result } => {
                self.portfolio.take_found(&query, result);
                vec![]
            }
            Outcome::FileChanged => vec![self.reload()],
            Outcome::ReaderStopped => {
                // Nothing asked of the reader will be answered: say so rather than "loading" forever.
                self.pending = None;
                self.books_asked.clear();
                self.history_asked = 0;
                self.drilldown.forget_person_reads();
                self.portfolio.reader_stopped();
                if let Some(dialog) = &mut self.dialog {
                    dialog.reader_stopped();
                }
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
                    let label = fit(&pending.change.label(), 24);
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
    fn finish_save(&mut self, change: Change, result: Result<Saved, StoreError>) -> Vec<Effect> {
        let text = match (change, result) {
            (Change::Value { edit, value }, Ok(Saved::Replaced(old))) => {
                if let Some(data) = &mut self.data {
                    data.note_saved(edit.kind, &edit.login, &edit.kpi, edit.month, value);
                }
                let kind = match edit.kind {
                    ValueKind::Target => "target",
                    ValueKind::Actual => "actual",
                };
                let was = old.map(|v| exact_value(v, edit.unit)).unwrap_or_else(|| "empty".into());
                let done = match value {
                    Some(v) => {
                        format!("saved {} {kind}: {} (was {was})", fit(&edit.kpi_name, 24), exact_value(v, edit.unit))
                    }
                    None => format!("cleared {} {kind} of {} (was {was})", fit(&edit.kpi_name, 24), edit.month),
                };
                // Entering the missing values one after another: the next one opens at once.
                let mut work = vec![self.reload()];
                // Only while the same person's same month is on screen: keys may have moved on.
                let same_place = self.drilldown.login == edit.login
                    && self.data.as_ref().is_some_and(|d| d.period == Period::Month(edit.month));
                if edit.then_next
                    && same_place
                    && value.is_some()
                    && self.tab == Tab::Drilldown
                    && self.input.is_none()
                    && let Some(data) = &self.data
                {
                    let next = self.drilldown.next_missing(&Context { data, actor: &self.actor });
                    work.extend(self.absorb(next));
                }
                self.say(MessageKind::Info, done);
                return work;
            }
            (Change::Value { edit, value }, Err(StoreError::Conflict { key, expected, found })) => {
                // The store says the values as stored; the dialog says them as the screen does.
                let unit = edit.unit;
                let shown =
                    |text: &str| text.parse::<f64>().map(|v| kpi_value(v, unit)).unwrap_or_else(|_| text.to_string());
                let (seen, stored) = (shown(&expected), shown(&found));
                let yours = value.map(|v| kpi_value(v, unit)).unwrap_or_else(|| "empty (cleared)".into());
                let what = format!("{} · {}", edit.kpi_name, month_runs(&[edit.month]));
                // The next edit starts from what is stored now, even before the reload arrives.
                if let Some(data) = &mut self.data {
                    data.note_saved(edit.kind, &edit.login, &edit.kpi, edit.month, found.parse::<f64>().ok());
                }
                self.overlay = Some(Overlay::Conflict { what, key, yours, seen, stored });
                return vec![self.reload()];
            }
            (Change::Rating { login, capability, capability_name, rating }, Ok(_)) => {
                if let Some(portfolio) =
                    self.data.as_mut().and_then(|d| d.portfolios.iter_mut().find(|p| p.rm.login == login))
                {
                    portfolio.ratings.insert(capability, rating);
                }
                format!("{login}: {} rated {rating}", fit(&capability_name, 30))
            }
            (Change::CopyTargets { request, .. }, Err(conflict @ StoreError::Conflict { .. })) => {
                return self.plan_again(&request, conflict.to_string());
            }
            (Change::CopyTargets { request, .. }, Ok(Saved::Copied(plan))) => format!(
                "copied {} targets from {} to {} at {}%: {} new, {} replaced",
                plan.writes.len(),
                request.from,
                request.to,
                trim(request.scale_percent, 2),
                plan.new_targets(),
                plan.replaced()
            ),
            (Change::MonthState { month, close, .. }, Ok(Saved::MonthState(changed))) => match (close, changed) {
                (true, true) => format!("{month} closed: its values are final until it is reopened"),
                (false, true) => format!("{month} reopened: its values may be edited again"),
                (true, false) => format!("{month} was already closed"),
                (false, false) => format!("{month} was already open"),
            },
            (Change::Contact { customer_name, date, .. }, Ok(Saved::Contact(last))) => {
                let last = last.map(|d| format!(" (last was {d})")).unwrap_or_default();
                format!("contact with {} on {date} recorded{last}", fit(&customer_name, 30))
            }
            (Change::Assign { rm_name, .. }, Ok(Saved::Assigned(moved))) => {
                format!("{moved} {} moved to {}", if moved == 1 { "customer" } else { "customers" }, fit(&rm_name, 30))
            }
            (_, Err(e)) => {
                self.say(MessageKind::Error, format!("not saved: {e}"));
                return vec![];
            }
            (change, Ok(other)) => format!("{}: saved ({other:?})", change.label()),
        };
        self.say(MessageKind::Info, text);
        vec![self.reload()]
    }

    /// A copy of targets refused because they changed after its preview: the plan dialog opens
    /// again on the same copy with the preview read anew, unless the keyboard has moved on.
    fn plan_again(&mut self, request: &CopyRequest, why: String) -> Vec<Effect> {
        let mut work = vec![self.reload()];
        let free = self.dialog.is_none() && self.input.is_none() && self.overlay.is_none();
        match &self.data {
            Some(data) if free => {
                let cx = Context { data, actor: &self.actor };
                let (dialog, preview) = PlanDialog::after_conflict(request, why, &cx);
                self.dialog = Some(Dialog::Plan(dialog));
                work.extend(preview);
            }
            _ => self.say(MessageKind::Error, format!("{why}; P plans the month again")),
        }
        work
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
