//! The dashboard's state and how actions change it: actions in, effects out. It reads and
//! writes nothing itself: file work leaves as `Effect`s and its answers come back through
//! `apply`; time passes through `tick`.

mod follow;
#[cfg(test)]
mod follow_tests;
mod input;
mod month;
#[cfg(test)]
mod month_tests;
mod outcome;
mod period;
#[cfg(test)]
mod tests;

pub use input::OpenInput;
pub use outcome::{SAVE_WAIT_NOTICE, SaveProgress};
pub use period::PLAN_AHEAD_MONTHS;

use super::action::Action;
use super::clock::Clock;
use super::data::DashboardData;
use super::dialogs::{Dialog, Step};
use super::effect::{Effect, LoadRequest, LoadScope, Message, MessageKind};
use super::keys::{Mode, Viewer};
use super::person::KpiTable;
use super::tabs::drilldown::DrilldownTab;
use super::tabs::portfolio::PortfolioTab;
use super::tabs::team::TeamTab;
use super::tabs::{Context, Tab};
use crate::domain::actor::Actor;
use crate::domain::period::{Month, Period};
use crate::store::AuditEntry;
use chrono::NaiveDate;
use outcome::PendingSave;
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// How long a message stays in the status bar when no key clears it first.
pub const MESSAGE_LIFETIME: Duration = Duration::from_secs(4);

/// A status-bar message and when it appeared.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub message: Message,
    since: Instant,
}

/// Something drawn over the tabs that takes the keyboard until closed.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// The keys of the tab it was opened on; `scroll` is the first line shown.
    Help { mode: Mode, viewer: Viewer, scroll: usize },
    /// One value's changes (`of` which, with its title); `scroll` is the first line shown.
    History { of: HistoryOf, entries: Vec<AuditEntry>, scroll: usize, freshness: Freshness },
    /// One KPI of a person (`login`) month by month with who changed each actual last; `scroll`
    /// is the first month shown.
    KpiMonths { title: String, login: String, table: Box<KpiTable>, scroll: usize, freshness: Freshness },
    /// A save refused because the value changed meanwhile: the KPI and month (`what`), the
    /// value's key (for the command line) and the three values, as the screen shows numbers.
    Conflict { what: String, key: String, yours: String, seen: String, stored: String },
}

/// Which value a history shows, and its title: read again from it after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryOf {
    pub login: String,
    pub kpi: String,
    pub month: Month,
    pub title: String,
}

/// Whether an overlay's rows are what the file holds now.
#[derive(Debug, Clone, PartialEq)]
pub enum Freshness {
    Current,
    /// The file changed since they were read: they are being read again.
    Refreshing,
    /// They could not be read again after a change (why): they are from before it.
    Stale(String),
}

/// Why a load was asked for, weakest first: only a change updates "updated HH:MM:SS".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum LoadReason {
    Period,
    Start,
    Change,
}

#[derive(Debug, Clone, Copy)]
struct PendingLoad {
    generation: u64,
    reason: LoadReason,
}

pub struct App {
    pub actor: Actor,
    pub clock: Clock,
    pub today: NaiveDate,
    /// `None` until the first load arrives.
    pub data: Option<DashboardData>,
    /// The period on screen, or the one being loaded: where `[`, `]` and `p` move from.
    pub period: Period,
    /// The month `p` left for a quarter or year, to come back to.
    month_left: Option<Month>,
    pub tab: Tab,
    pub team: TeamTab,
    pub portfolio: PortfolioTab,
    pub drilldown: DrilldownTab,
    pub input: Option<OpenInput>,
    /// A dialog asking before it changes something.
    pub dialog: Option<Dialog>,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    /// "HH:MM:SS" of the last time the data changed (or was first loaded).
    pub last_change: String,
    pub db_label: String,
    pub should_quit: bool,
    /// True when the screen must be drawn again.
    pub dirty: bool,
    now: Instant,
    pending: Option<PendingLoad>,
    generation: u64,
    books_asked: HashSet<String>,
    /// History reads not yet answered; only the answer to the last one is shown.
    history_asked: u32,
    /// Which value the last history read asked for is.
    history_of: Option<HistoryOf>,
    /// Why the last load failed, until one works: shown when there is nothing else to show.
    pub load_error: Option<String>,
    saving: Option<PendingSave>,
    next_save: u64,
    /// `q` was pressed once while a save was under way: the next `q` quits anyway.
    quit_armed: bool,
}

impl App {
    /// A dashboard about to show `start`; the returned effects load it.
    pub fn new(actor: Actor, clock: Clock, today: NaiveDate, start: Period, db_label: String) -> (App, Vec<Effect>) {
        let mut app = App {
            drilldown: DrilldownTab::new(&actor.login),
            portfolio: PortfolioTab::new(&actor),
            team: TeamTab::default(),
            actor,
            clock,
            today,
            data: None,
            period: start,
            month_left: None,
            tab: Tab::Team,
            input: None,
            dialog: None,
            overlay: None,
            status: None,
            last_change: clock.time_label(),
            db_label,
            should_quit: false,
            dirty: true,
            now: Instant::now(),
            pending: None,
            generation: 0,
            books_asked: HashSet::new(),
            history_asked: 0,
            history_of: None,
            load_error: None,
            saving: None,
            next_save: 0,
            quit_armed: false,
        };
        let load = app.load(start, LoadReason::Start);
        (app, vec![load])
    }

    /// What has the keyboard.
    pub fn key_mode(&self) -> Mode {
        if self.overlay.is_some() {
            Mode::Overlay
        } else if self.dialog.is_some() {
            Mode::Dialog
        } else if self.input.is_some() {
            Mode::TextInput
        } else {
            Mode::Browse(self.tab)
        }
    }

    /// The period being loaded, while a load is under way.
    pub fn loading(&self) -> Option<Period> {
        self.pending.map(|_| self.period)
    }

    /// Nothing asked of the worker is still unanswered (tests wait for this).
    pub fn is_idle(&self) -> bool {
        self.pending.is_none()
            && self.books_asked.is_empty()
            && self.history_asked == 0
            && self.saving.is_none()
            && !self.dialog.as_ref().is_some_and(Dialog::is_waiting)
            && !self.drilldown.is_reading_person()
            && !self.portfolio.is_searching()
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.dirty = true;
        // A message answers one key: the next key clears it.
        self.status = None;
        if self.overlay.is_some() {
            self.update_overlay(&action);
            return vec![];
        }
        if self.dialog.is_some() {
            let effects = self.update_dialog(action);
            return self.absorb(effects);
        }
        if self.input.is_some() {
            let effects = self.update_input(action);
            return self.absorb(effects);
        }
        let effects = match action {
            Action::Quit => {
                self.quit();
                vec![]
            }
            Action::Help => {
                let viewer = if self.actor.is_manager() { Viewer::Manager } else { Viewer::Staff };
                self.overlay = Some(Overlay::Help { mode: Mode::Browse(self.tab), viewer, scroll: 0 });
                vec![]
            }
            Action::NextTab => vec![Effect::Show(self.tab.step(1))],
            Action::PreviousTab => vec![Effect::Show(self.tab.step(-1))],
            Action::GoToTab(i) => vec![Effect::Show(Tab::from_index(i))],
            // With nothing on screen after a failed read, a period key tries the same period again.
            Action::PreviousPeriod | Action::NextPeriod if self.data.is_none() && self.load_error.is_some() => {
                self.load_error = None;
                vec![self.load(self.period, LoadReason::Start)]
            }
            Action::ForceQuit => {
                self.should_quit = true;
                vec![]
            }
            Action::PreviousPeriod => self.set_period(self.period.previous()),
            Action::NextPeriod => self.set_period(self.period.shifted(1)),
            Action::CyclePeriodKind => self.cycle_period_kind(),
            Action::Edit | Action::EditTarget | Action::NextMissing | Action::ClearActual | Action::ClearTarget
                if self.saving.is_some() =>
            {
                vec![Effect::info("still saving: edit again once it is saved")]
            }
            Action::PlanMonth => self.plan_month(),
            Action::CloseOrReopen => self.close_or_reopen(),
            other => self.handle_on_tab(&other),
        };
        self.absorb(effects)
    }

    fn handle_on_tab(&mut self, action: &Action) -> Vec<Effect> {
        let Some(data) = &self.data else { return vec![] };
        let cx = Context { data, actor: &self.actor };
        match self.tab {
            Tab::Team => self.team.handle(action, &cx),
            Tab::Portfolio => self.portfolio.handle(action, &cx),
            Tab::Drilldown => self.drilldown.handle(action, &cx),
        }
    }

    fn update_overlay(&mut self, action: &Action) {
        match (action, &mut self.overlay) {
            (Action::Quit, _) => self.quit(),
            (Action::ForceQuit, _) => self.should_quit = true,
            (Action::Back, _) => self.overlay = None,
            (Action::Up, Some(Overlay::History { scroll, .. } | Overlay::Help { scroll, .. })) => {
                *scroll = scroll.saturating_sub(1);
            }
            (Action::Down, Some(Overlay::History { scroll, entries, .. })) => {
                *scroll = (*scroll + 1).min(entries.len().saturating_sub(1));
            }
            (Action::Up, Some(Overlay::KpiMonths { scroll, .. })) => *scroll = scroll.saturating_sub(1),
            (Action::Down, Some(Overlay::KpiMonths { scroll, table, .. })) => {
                *scroll = (*scroll + 1).min(table.months.len().saturating_sub(1));
            }
            (Action::Down, Some(Overlay::Help { scroll, mode, viewer })) => {
                *scroll = (*scroll + 1).min(super::keys::help_for(*mode, *viewer).len().saturating_sub(1));
            }
            _ => {}
        }
    }

    fn update_dialog(&mut self, action: Action) -> Vec<Effect> {
        if action == Action::ForceQuit {
            self.should_quit = true;
            return vec![];
        }
        let (Some(dialog), Some(data)) = (&mut self.dialog, &self.data) else {
            self.dialog = None;
            return vec![];
        };
        match dialog.handle(&action, &Context { data, actor: &self.actor }) {
            Step::Stay(effects) => effects,
            Step::Close(effects) => {
                self.dialog = None;
                effects
            }
        }
    }

    /// Carries out the effects that change only the screen; returns the file work.
    fn absorb(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let mut work = Vec::new();
        for effect in effects {
            match effect {
                Effect::Say(message) => self.status = Some(Status { message, since: self.now }),
                Effect::Show(tab) => {
                    self.tab = tab;
                    // The month, QTD and YTD columns come with the person's read.
                    if let (Tab::Drilldown, Some(data)) = (tab, &self.data) {
                        work.extend(self.drilldown.shown(data));
                    }
                }
                Effect::OpenScorecard(login) => {
                    if let Some(data) = &self.data {
                        work.extend(self.drilldown.open(&login, data));
                    }
                    self.tab = Tab::Drilldown;
                }
                Effect::ShowKpiMonths { title, login, table } => {
                    let freshness = Freshness::Current;
                    self.overlay = Some(Overlay::KpiMonths { title, login, table, scroll: 0, freshness });
                }
                Effect::OpenInput(purpose, text) => {
                    self.input = Some(OpenInput::new(purpose, text));
                    self.status = None;
                }
                Effect::ReadBook(rm) => {
                    // Lists ask each time they refresh; one read per RM is enough.
                    if self.books_asked.insert(rm.clone()) {
                        work.push(Effect::ReadBook(rm));
                    }
                }
                Effect::ReadHistory { ref login, ref kpi, month, ref title } => {
                    self.history_asked += 1;
                    let (login, kpi, title) = (login.clone(), kpi.clone(), title.clone());
                    self.history_of = Some(HistoryOf { login, kpi, month, title });
                    work.push(effect);
                }
                Effect::Ask(request) => {
                    let Some(data) = &self.data else { continue };
                    let (dialog, effects) = Dialog::open(request, &Context { data, actor: &self.actor });
                    self.dialog = Some(dialog);
                    work.extend(effects);
                }
                Effect::Commit(change) => match self.saving {
                    Some(_) => {
                        let text = "still saving the last change: try again once it is saved";
                        self.status = Some(Status {
                            message: Message { kind: MessageKind::Info, text: text.into() },
                            since: self.now,
                        });
                    }
                    None => work.push(self.submit_save(change)),
                },
                other => work.push(other),
            }
        }
        work
    }

    fn say(&mut self, kind: MessageKind, text: impl Into<String>) {
        self.status = Some(Status { message: Message { kind, text: text.into() }, since: self.now });
        self.dirty = true;
    }

    /// Time passes: old messages go, and a save that takes long says it is waiting.
    pub fn tick(&mut self, now: Instant) {
        self.now = now;
        if self.status.as_ref().is_some_and(|s| now.saturating_duration_since(s.since) >= MESSAGE_LIFETIME) {
            self.status = None;
            self.dirty = true;
        }
        self.notice_slow_save(now);
    }

    /// Asks for `period` to be read: everything at the start and after a change, else only
    /// its scores.
    fn load(&mut self, period: Period, reason: LoadReason) -> Effect {
        self.generation += 1;
        // A start or change whose load is still pending still needs everything read.
        let reason = self.pending.map_or(reason, |p| p.reason.max(reason));
        let scope = match reason {
            LoadReason::Period if self.data.is_some() => LoadScope::ScoresOnly,
            _ => LoadScope::Everything,
        };
        self.pending = Some(PendingLoad { generation: self.generation, reason });
        self.period = period;
        self.dirty = true;
        let selected_rm = self.data.as_ref().and_then(|d| self.portfolio.selected(d)).map(|p| p.rm.login.clone());
        Effect::Load(LoadRequest { generation: self.generation, period, scope, selected_rm })
    }

    /// Reads the period on screen again after a change, keeping selections.
    fn reload(&mut self) -> Effect {
        self.load(self.period, LoadReason::Change)
    }

    /// The day turned while the dashboard was open: today moves on (the months staff may step
    /// to) and everything is read again as of it (coverage, book-derived figures, a contact's
    /// default date).
    pub fn new_day(&mut self, today: NaiveDate) -> Vec<Effect> {
        self.today = today;
        vec![self.load(self.period, LoadReason::Start)]
    }

    /// Takes new data: every tab recomputes its rows and keeps its selection where it can.
    fn refresh_tabs(&mut self) -> Vec<Effect> {
        let Some(data) = &self.data else { return vec![] };
        self.team.refresh(data);
        let effects = self.drilldown.reload(data, self.tab == Tab::Drilldown);
        let mut work = self.absorb(effects);
        work.extend(self.refresh_portfolio());
        work
    }

    /// The Portfolio tab after a book arrived: nothing else depends on a book, so the person
    /// in the drill-down is not read again for it (walking past RMs must cost nothing).
    fn refresh_portfolio(&mut self) -> Vec<Effect> {
        let Some(data) = &self.data else { return vec![] };
        let mut effects = self.portfolio.refresh(data);
        // A customer gone to from the search: whether their book, once read, still holds them.
        effects.extend(self.portfolio.check_found_in_book(data));
        self.absorb(effects)
    }
}

impl Tab {
    fn from_index(i: usize) -> Tab {
        use strum::VariantArray;
        Tab::VARIANTS[i.min(Tab::VARIANTS.len() - 1)]
    }
}
