//! What is open over the tabs kept up with the file: after a reload for a change, a value's
//! history and a KPI's months are read again and say so meanwhile, and the plan dialog's preview
//! and the branch-wide search are asked again, so that none shows what the file held before as
//! if it were current.

use super::{App, Freshness, HistoryOf, Overlay};
use crate::store::AuditEntry;
use crate::ui::effect::{Effect, MessageKind};
use crate::ui::tabs::Tab;

impl App {
    /// After a whole reload for a change (another session's, or a save of ours): everything open
    /// that was read from the file is read again.
    pub(super) fn follow_change(&mut self) -> Vec<Effect> {
        let mut effects = self.read_history_again();
        // The drill-down's reload has asked for the person again: the months say they are refreshing.
        self.follow_kpi_months();
        if let Some(dialog) = &mut self.dialog {
            effects.extend(dialog.file_changed());
        }
        effects.extend(self.portfolio.search_again());
        self.absorb(effects)
    }

    /// The history on screen, or one asked for and not yet in (it may have been read before the
    /// change), read again.
    fn read_history_again(&mut self) -> Vec<Effect> {
        let of = match &mut self.overlay {
            Some(Overlay::History { of, freshness, .. }) => {
                *freshness = Freshness::Refreshing;
                of.clone()
            }
            None if self.history_asked > 0 => match &self.history_of {
                Some(of) => of.clone(),
                None => return vec![],
            },
            _ => return vec![],
        };
        let HistoryOf { login, kpi, month, title } = of;
        vec![Effect::ReadHistory { login, kpi, month, title }]
    }

    /// A history read: only the answer to the last request counts. It replaces the rows of the
    /// same value's history on screen; else it opens, unless the user has moved on (another tab,
    /// an input or another overlay open).
    pub(super) fn take_history(&mut self, result: Result<Vec<AuditEntry>, String>) {
        self.history_asked = self.history_asked.saturating_sub(1);
        let (0, Some(asked)) = (self.history_asked, self.history_of.clone()) else { return };
        if let Some(Overlay::History { of, entries, scroll, freshness }) = &mut self.overlay {
            if *of == asked {
                match result {
                    Ok(read) => {
                        *scroll = (*scroll).min(read.len().saturating_sub(1));
                        *entries = read;
                        *freshness = Freshness::Current;
                    }
                    Err(why) => *freshness = Freshness::Stale(why),
                }
            }
            return;
        }
        let free = self.tab == Tab::Drilldown && self.input.is_none() && self.overlay.is_none();
        if !free {
            return;
        }
        match result {
            Ok(entries) => {
                let freshness = Freshness::Current;
                self.overlay = Some(Overlay::History { of: asked, entries, scroll: 0, freshness });
            }
            Err(e) => self.say(MessageKind::Error, format!("cannot read the history: {e}")),
        }
    }

    /// The KPI's months on screen follow the drill-down's read of the person: replaced once the
    /// read after the data on screen is in, refreshing until then.
    pub(super) fn follow_kpi_months(&mut self) {
        let (Some(Overlay::KpiMonths { login, table, scroll, freshness, .. }), Some(data)) =
            (&mut self.overlay, &self.data)
        else {
            return;
        };
        *freshness = match self.drilldown.kpi_months_now(login, &table.kpi.code, data) {
            None => Freshness::Refreshing,
            Some(Ok(read)) => {
                *scroll = (*scroll).min(read.months.len().saturating_sub(1));
                **table = read.clone();
                Freshness::Current
            }
            Some(Err(why)) => Freshness::Stale(why),
        };
    }
}
