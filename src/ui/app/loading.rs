//! Reading the branch file for the dashboard: on each tick when another session changed it,
//! on a period change, and on the background worker when there is one.

use super::*;

impl App {
    /// Called on every tick: reloads only when another connection committed since last time.
    pub fn tick(&mut self) {
        match self.store.data_version() {
            Ok(version) if version != self.data_version => {
                self.data_version = version;
                self.reload(true);
            }
            Ok(_) => {}
            Err(e) => self.error(format!("cannot read the branch file: {e}")),
        }
    }

    /// From now on, reads and scoring run on a worker thread with its own connection.
    pub fn load_in_background(&mut self) -> Result<(), StoreError> {
        self.loader = Some(Loader::start(self.store.path(), self.actor.clone(), self.today)?);
        Ok(())
    }

    /// The period a background load is fetching, while one is under way.
    pub fn loading(&self) -> Option<Period> {
        self.pending.map(|p| p.period)
    }

    /// The period on screen, or the one being loaded: where `[`, `]` and `p` move from.
    pub(super) fn target_period(&self) -> Period {
        self.pending.map(|p| p.period).unwrap_or(self.data.period)
    }

    /// Loads `period` afresh, keeping selections: on the worker when there is one (the result
    /// arrives in `poll_loader`), else right away.
    pub(super) fn load(&mut self, period: Period, changed: bool) {
        if let Some(loader) = &self.loader {
            self.generation += 1;
            // A change since the last read (here or still pending) needs everything read again.
            let changed = changed || self.pending.is_some_and(|p| p.changed);
            let request = LoadRequest {
                generation: self.generation,
                period,
                selected_rm: self.portfolio.rm.clone(),
                scores_only: (!changed).then_some(self.data.fiscal_start()),
            };
            if loader.request(request) {
                self.pending = Some(PendingLoad { generation: self.generation, period, changed });
                self.dirty = true;
                return;
            }
            self.loader = None;
        }
        match DashboardData::load(&mut self.store, &self.actor, period, self.today, self.portfolio.rm.as_deref()) {
            Ok(data) => self.apply(data, changed),
            Err(e) => self.error(format!("cannot read the branch file: {e}")),
        }
        self.dirty = true;
    }

    /// Takes a finished background load, if the newest one is done.
    pub fn poll_loader(&mut self) {
        let Some(loader) = &self.loader else { return };
        while let Some(loaded) = loader.finished() {
            let Some(pending) = self.pending else { continue };
            if loaded.generation != pending.generation {
                continue; // an older request, overtaken
            }
            self.pending = None;
            match loaded.data {
                Ok(LoadedData::Everything(data)) => self.apply(data, pending.changed),
                Ok(LoadedData::Scores(scores)) => {
                    self.data.apply_scores(scores);
                    self.settle_selections();
                }
                Err(e) => self.error(format!("cannot read the branch file: {e}")),
            }
            self.dirty = true;
            return;
        }
    }

    pub(super) fn apply(&mut self, data: DashboardData, changed: bool) {
        self.data = data;
        if changed {
            self.last_change = self.clock.time_label();
        }
        self.settle_selections();
    }

    /// Reads and rescores the period on screen after a change, keeping selections.
    pub(super) fn reload(&mut self, changed: bool) {
        self.load(self.target_period(), changed);
    }

    pub(super) fn set_period(&mut self, period: Period) {
        let latest = Period::containing(Month::of_date(self.today), period.kind(), self.data.fiscal_start());
        if period.months(self.data.fiscal_start())[0] > latest.months(self.data.fiscal_start())[0] {
            self.info(format!("{period} is in the future"));
            return;
        }
        self.status = None;
        if self.loader.is_some() {
            self.load(period, false);
            return;
        }
        // In the foreground only the scores change; customers and coverage stay as read.
        if let Err(e) = self.data.rescore(&mut self.store, period) {
            self.error(format!("cannot read the branch file: {e}"));
            return;
        }
        self.settle_selections();
    }
}
