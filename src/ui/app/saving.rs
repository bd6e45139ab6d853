//! A change's way to the branch file: handed to the saver, watched while it waits for the write
//! lock, and answered on screen (saved, conflict, error) when the saver reports.

use super::*;

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

impl App {
    /// From now on, saves run on a worker thread with its own connection and their answers
    /// arrive in `poll_saver`; the screen keeps answering keys while a save waits.
    pub fn save_in_background(&mut self) -> Result<(), StoreError> {
        self.saver = Some(Saver::start(self.store.path(), self.actor.clone(), self.today)?);
        Ok(())
    }

    /// The save under way, if any: how it is going and what is being saved.
    pub fn saving(&self) -> Option<(SaveProgress, &str)> {
        self.saving.as_ref().map(|p| (p.progress, p.change.label()))
    }

    /// Sends `change` to the saver; without one (headless tests), saves it right away.
    pub(super) fn submit_save(&mut self, change: Change) {
        if let Some(saver) = &self.saver {
            self.next_save += 1;
            let id = self.next_save;
            match saver.request(SaveRequest { id, change: change.clone() }) {
                Ok(()) => {
                    self.saving =
                        Some(PendingSave { id, change, since: Instant::now(), progress: SaveProgress::Saving });
                    self.status = None;
                    self.dirty = true;
                    return;
                }
                // The worker is gone: save here rather than lose the change.
                Err(_) => self.saver = None,
            }
        }
        let result = saver::save(&mut self.store, &self.actor, &change);
        self.finish_save(change, result);
    }

    /// Takes the saver's answers, and says when a save has been waiting a while. The loop calls
    /// this often while a save is under way.
    pub fn poll_saver(&mut self) {
        let Some(saver) = &self.saver else { return };
        let mut answers: Vec<Saved> = Vec::new();
        let stopped = loop {
            match saver.finished() {
                Ok(Some(saved)) => answers.push(saved),
                Ok(None) => break false,
                Err(_) => break true,
            }
        };
        for saved in answers {
            if self.saving.as_ref().is_some_and(|p| p.id == saved.id) {
                self.saving = None;
                self.quit_armed = false;
            }
            self.finish_save(saved.change, saved.result);
        }
        if stopped {
            // Never leave "saving…" up for an answer that cannot come; later saves run here.
            self.saver = None;
            if let Some(pending) = self.saving.take() {
                self.quit_armed = false;
                let label = crate::ui::format::fit(pending.change.label(), 24);
                self.error(format!("not saved: {label} (the saving thread stopped); edit it again"));
            }
        }
        if let Some(pending) = &mut self.saving
            && pending.progress == SaveProgress::Saving
            && pending.since.elapsed() >= SAVE_WAIT_NOTICE
        {
            pending.progress = SaveProgress::Waiting;
            self.dirty = true;
        }
    }

    /// One change at a time: a second edit would start from a value the first may still change.
    pub(super) fn refuse_edit_while_saving(&mut self) -> bool {
        if self.saving().is_none() {
            return false;
        }
        self.info("still saving: edit again once it is saved");
        true
    }

    /// `q` while a save is under way asks once more, since quitting drops the unsaved change.
    pub(super) fn quit(&mut self) {
        match self.saving() {
            Some(_) if !self.quit_armed => {
                self.quit_armed = true;
                self.error("not saved yet: press q again to quit without it");
            }
            _ => self.should_quit = true,
        }
    }

    /// Shows how a save ended, then reads the file again so the screen shows what is stored.
    fn finish_save(&mut self, change: Change, result: Result<Option<f64>, StoreError>) {
        match (change, result) {
            (Change::Actual { login, kpi, kpi_name, month, value, .. }, Ok(old)) => {
                let was = old.map(format_value).unwrap_or_else(|| "empty".into());
                self.info(format!(
                    "saved {}: {} (was {was})",
                    crate::ui::format::fit(&kpi_name, 24),
                    format_value(value)
                ));
                self.data.note_saved_actual(&login, &kpi, month, value);
                self.reload(true);
            }
            (Change::Actual { value, .. }, Err(StoreError::Conflict { key, expected, found })) => {
                self.overlay =
                    Some(Overlay::Conflict { key, yours: format_value(value), seen: expected, stored: found });
                self.reload(true);
            }
            (Change::Rating { login, capability, capability_name, rating }, Ok(_)) => {
                self.info(format!("{login}: {} rated {rating}", crate::ui::format::fit(&capability_name, 30)));
                if let Some(portfolio) = self.data.portfolios.iter_mut().find(|p| p.rm.login == login) {
                    portfolio.ratings.insert(capability, rating);
                }
                self.reload(true);
            }
            (_, Err(e)) => self.error(format!("not saved: {e}")),
        }
    }
}
