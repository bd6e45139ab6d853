//! The head-office dashboard's state and how actions change it: actions in, read requests out.
//! It reads nothing itself: the worker answers the requests through `apply`, and time passes
//! through `tick`. The worker is heard from at least every second (an answer, or word that
//! nothing new landed); when it falls silent for `STALL` (a frozen server, a cut link), the
//! screen says head office is not answering, and the figures it keeps are marked as old.

use super::data::HqData;
use super::keys::{Action, Mode, action_for};
use super::lists::{
    BranchSort, Browse, CoverageSort, List, PeopleSort, branch_rows, clean_filter, coverage_rows, move_in_detail,
    move_selection, people_rows,
};
use super::period::{cycle, starting_period, step};
use super::tab::HqTab;
use crate::domain::period::{Month, Period};
use crate::domain::text::is_hidden;
use crate::hq::store::HqPeriods;
use crate::ui::app::MESSAGE_LIFETIME;
use crate::ui::clock::Clock;
use crate::ui::effect::{Message, MessageKind};
use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;
use std::time::{Duration, Instant};
use strum::VariantArray;
use tui_input::{Input, InputRequest};

/// Heard nothing from head office this long (the worker is heard from every second): it is
/// said not to answer.
pub const STALL: Duration = Duration::from_secs(5);

/// Asks the worker for everything shown of `period` in `region` (all regions when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRequest {
    /// Only the answer to the latest request is shown.
    pub generation: u64,
    pub period: String,
    pub region: Option<String>,
}

/// A snapshot read, with what periods and regions head office holds now.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub data: HqData,
    pub periods: HqPeriods,
}

/// The worker's answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// To a request, or a re-read of the latest one after a sync landed.
    Read { generation: u64, read: Result<Box<Loaded>, String> },
    /// Head office answered the worker's look at the sync counter: nothing new landed.
    Heard,
    /// The worker's thread ended (it panicked): nothing more will be read.
    WorkerStopped,
}

/// The `?` overlay: the keys of the mode it was opened from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Help {
    pub mode: Mode,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub message: Message,
    since: Instant,
}

/// When head office was last heard from, and that time as the screen says it.
#[derive(Debug, Clone, PartialEq)]
struct Heard {
    at: Instant,
    label: String,
}

pub struct HqApp {
    /// Who head office knows this session as (PostgreSQL's session user).
    pub who: String,
    pub clock: Clock,
    pub today: NaiveDate,
    /// The period asked for (the title names it while it is not the one on screen): where
    /// `[`, `]` and `p` move from.
    pub period: Period,
    /// The month head office's quarters and years start in, as of the last read.
    pub fiscal_start: u32,
    /// The month `p` left for a quarter or year, to come back to.
    month_left: Option<Month>,
    pub regions: Vec<String>,
    /// `None`: every region.
    pub region: Option<String>,
    pub tab: HqTab,
    pub branches: List<BranchSort>,
    pub people: List<PeopleSort>,
    pub coverage: List<CoverageSort>,
    /// The filter being typed for the tab on screen.
    pub filter_input: Option<Input>,
    pub help: Option<Help>,
    /// `None` until the first read arrives.
    pub data: Option<HqData>,
    /// "HH:MM:SS" of the read on screen.
    pub read_at: Option<String>,
    pub status: Option<Status>,
    /// Why the last read failed, until one works.
    pub load_error: Option<String>,
    /// "HH:MM:SS" head office was last heard from, while it has not answered for `STALL`.
    pub stalled_since: Option<String>,
    heard: Heard,
    /// The request whose failure was said: the worker's retries of it are not said again.
    failure_said_for: Option<u64>,
    /// The worker's thread ended: nothing more will be heard.
    stopped: bool,
    generation: u64,
    /// A request not answered yet.
    pending: bool,
    now: Instant,
    pub should_quit: bool,
    /// The screen must be drawn again.
    pub dirty: bool,
}

impl HqApp {
    /// The dashboard about to show the latest month with actuals up to today's; the request
    /// reads it.
    pub fn new(who: String, clock: Clock, today: NaiveDate, periods: &HqPeriods) -> (HqApp, Vec<ReadRequest>) {
        let now = Instant::now();
        let heard = Heard { at: now, label: clock.time_label() };
        let mut app = HqApp {
            who,
            clock,
            today,
            period: starting_period(periods.latest_month, today),
            fiscal_start: periods.fiscal_start,
            month_left: None,
            regions: periods.regions.clone(),
            region: None,
            tab: HqTab::Branches,
            branches: List::new(),
            people: List::new(),
            coverage: List::new(),
            filter_input: None,
            help: None,
            data: None,
            read_at: None,
            status: None,
            load_error: None,
            stalled_since: None,
            heard,
            failure_said_for: None,
            stopped: false,
            generation: 0,
            pending: false,
            now,
            should_quit: false,
            dirty: true,
        };
        let requests = app.read();
        (app, requests)
    }

    pub fn key_mode(&self) -> Mode {
        match (&self.help, &self.filter_input) {
            (Some(_), _) => Mode::Help,
            (None, Some(_)) => Mode::Filter,
            (None, None) if self.list_ref().detail_shown() => Mode::Detail(self.tab),
            (None, None) => Mode::Browse(self.tab),
        }
    }

    /// The period asked for when it is not the one on screen (or nothing is yet): being read,
    /// or waiting for head office to answer again. `[`, `]` and `p` move from it, so the
    /// title names it.
    pub fn loading(&self) -> Option<Period> {
        (!self.shows_what_was_asked()).then_some(self.period)
    }

    /// Whether the region on screen is the one asked for (the title names it when not).
    pub fn shows_asked_region(&self) -> bool {
        self.data.as_ref().is_some_and(|d| d.snapshot.region == self.region)
    }

    fn shows_what_was_asked(&self) -> bool {
        self.shows_asked_region() && self.data.as_ref().is_some_and(|d| d.snapshot.period == self.period.to_string())
    }

    pub fn is_idle(&self) -> bool {
        !self.pending
    }

    pub fn press(&mut self, key: KeyEvent) -> Vec<ReadRequest> {
        match action_for(key, self.key_mode()) {
            Some(action) => self.update(action),
            None => vec![],
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<ReadRequest> {
        self.dirty = true;
        if action == Action::ForceQuit {
            self.should_quit = true;
            return vec![];
        }
        match self.key_mode() {
            Mode::Help => {
                self.update_help(action);
                vec![]
            }
            Mode::Filter => {
                self.update_filter(action);
                vec![]
            }
            Mode::Browse(_) | Mode::Detail(_) => self.browse(action),
        }
    }

    fn update_help(&mut self, action: Action) {
        let Some(help) = self.help.as_mut() else { return };
        match action {
            Action::Back => self.help = None,
            Action::Up => help.scroll = help.scroll.saturating_sub(1),
            Action::Down => help.scroll = (help.scroll + 1).min(super::keys::help_for(help.mode).len() - 1),
            _ => {}
        }
    }

    fn update_filter(&mut self, action: Action) {
        let Some(input) = self.filter_input.as_mut() else { return };
        match action {
            // A paste can carry one: a control could move the cursor, and a character the
            // terminal does not draw (zero-width space, direction mark) would never match what
            // the list shows.
            Action::Input(InputRequest::InsertChar(c)) if is_hidden(c) => {}
            Action::Input(request) => {
                input.handle(request);
                let text = clean_filter(input.value());
                self.set_filter(&text);
            }
            Action::Submit => self.filter_input = None,
            Action::Cancel => {
                self.filter_input = None;
                self.set_filter("");
            }
            _ => {}
        }
    }

    fn browse(&mut self, action: Action) -> Vec<ReadRequest> {
        // An open detail has the arrows; else they move the list.
        let in_detail = matches!(self.key_mode(), Mode::Detail(_));
        let moved = if in_detail {
            let total = self.detail_len();
            move_in_detail(self.list().detail_at_mut(), total, &action)
        } else {
            move_selection(self.list().rows_mut(), &action)
        };
        if moved {
            return vec![];
        }
        match action {
            Action::Quit => self.should_quit = true,
            Action::NextTab => self.tab = self.tab.step(1),
            Action::PreviousTab => self.tab = self.tab.step(-1),
            Action::GoToTab(at) => self.tab = HqTab::VARIANTS.get(at).copied().unwrap_or(self.tab),
            Action::Help => self.help = Some(Help { mode: self.key_mode(), scroll: 0 }),
            Action::PreviousPeriod => return self.step_period(-1),
            Action::NextPeriod => return self.step_period(1),
            Action::CyclePeriodKind => {
                self.period = cycle(self.period, &mut self.month_left, self.today, self.fiscal_start);
                return self.read();
            }
            Action::CycleRegion => return self.cycle_region(),
            Action::Filter => self.filter_input = Some(Input::new(self.list().filter_mut().clone())),
            Action::Sort => {
                let label = self.list().sort();
                self.refresh();
                self.say(MessageKind::Info, format!("sorted by {label}"));
            }
            // The selection is kept while a filter hides every row: only a visible one opens.
            Action::Open if self.list().rows().selected_position().is_some() => {
                *self.list().open_mut() = true;
                *self.list().detail_at_mut() = 0;
            }
            Action::Back if in_detail => *self.list().open_mut() = false,
            Action::Back => {
                // A detail whose row the filter hid closes with it.
                *self.list().open_mut() = false;
                if !self.list().filter_mut().is_empty() {
                    self.set_filter("");
                    self.say(MessageKind::Info, "filter cleared".into());
                }
            }
            _ => {}
        }
        vec![]
    }

    fn step_period(&mut self, steps: i64) -> Vec<ReadRequest> {
        match step(self.period, steps, self.today, self.fiscal_start) {
            Ok(period) => {
                if let Period::Month(_) = period {
                    self.month_left = None;
                }
                self.period = period;
                self.read()
            }
            Err(why) => {
                self.say(MessageKind::Info, why);
                vec![]
            }
        }
    }

    /// All regions → each region in turn → all regions.
    fn cycle_region(&mut self) -> Vec<ReadRequest> {
        let at = self.region.as_ref().and_then(|r| self.regions.iter().position(|x| x == r));
        self.region = match at {
            None => self.regions.first().cloned(),
            Some(i) => self.regions.get(i + 1).cloned(),
        };
        let said = match &self.region {
            Some(region) => format!("region {}", crate::ui::format::shown(region)),
            None => "all regions".to_string(),
        };
        self.say(MessageKind::Info, said);
        self.read()
    }

    /// The list of the tab on screen.
    fn list(&mut self) -> &mut dyn Browse {
        match self.tab {
            HqTab::Branches => &mut self.branches,
            HqTab::People => &mut self.people,
            HqTab::Coverage => &mut self.coverage,
        }
    }

    fn list_ref(&self) -> &dyn Browse {
        match self.tab {
            HqTab::Branches => &self.branches,
            HqTab::People => &self.people,
            HqTab::Coverage => &self.coverage,
        }
    }

    /// How many rows the detail of the tab on screen has: the branch's people, the person's
    /// KRAs, the RM's segments.
    fn detail_len(&self) -> usize {
        let Some(data) = &self.data else { return 0 };
        match self.tab {
            HqTab::Branches => self
                .branches
                .rows
                .selected_row()
                .map_or(0, |i| data.people_of(&data.snapshot.league[i].branch_code).count()),
            HqTab::People => self.people.rows.selected_row().map_or(0, |i| data.people[i].kras.len()),
            HqTab::Coverage => self.coverage.rows.selected_row().map_or(0, |i| data.coverage[i].segments.len()),
        }
    }

    fn set_filter(&mut self, text: &str) {
        *self.list().filter_mut() = text.to_string();
        self.refresh();
    }

    /// Picks and orders every tab's rows again: after a read, a sort or a filter change.
    fn refresh(&mut self) {
        let Some(data) = &self.data else { return };
        self.branches.rows.set(branch_rows(data, &self.branches));
        self.people.rows.set(people_rows(data, &self.people));
        self.coverage.rows.set(coverage_rows(data, &self.coverage));
    }

    fn read(&mut self) -> Vec<ReadRequest> {
        self.generation += 1;
        self.pending = true;
        vec![ReadRequest { generation: self.generation, period: self.period.to_string(), region: self.region.clone() }]
    }

    pub fn apply(&mut self, answer: Answer) {
        let was_stalled = match answer {
            Answer::WorkerStopped => false,
            _ => self.hear(),
        };
        match answer {
            Answer::Heard => {
                if was_stalled && self.load_error.is_none() {
                    self.say(MessageKind::Info, "head office answers again".into());
                }
            }
            // An answer to an earlier request: a later one is on its way.
            Answer::Read { generation, .. } if generation != self.generation => {}
            Answer::Read { read: Ok(loaded), .. } => {
                self.pending = false;
                let Loaded { data, periods } = *loaded;
                self.regions = periods.regions;
                self.fiscal_start = periods.fiscal_start;
                self.data = Some(data);
                self.read_at = Some(self.clock.time_label());
                self.failure_said_for = None;
                if self.load_error.take().is_some() || was_stalled {
                    self.say(MessageKind::Info, "head office answers again".into());
                }
                self.refresh();
                self.dirty = true;
            }
            Answer::Read { generation, read: Err(why) } => {
                self.pending = false;
                // Said for every request that fails, and when the reason changes; the worker's
                // retries (every second while head office is away) are not said again, the
                // status bar keeps saying it.
                if self.failure_said_for != Some(generation) || self.load_error.as_ref() != Some(&why) {
                    self.say(MessageKind::Error, why.clone());
                }
                self.failure_said_for = Some(generation);
                self.load_error = Some(why);
                self.dirty = true;
            }
            Answer::WorkerStopped => {
                self.pending = false;
                self.stopped = true;
                self.stalled_since = None;
                let why = "the head-office reader stopped: the screen no longer updates; quit and start again";
                self.load_error = Some(why.to_string());
                self.say(MessageKind::Error, why.to_string());
            }
        }
    }

    /// Head office was heard from now; whether it had been silent too long.
    fn hear(&mut self) -> bool {
        self.heard = Heard { at: self.now, label: self.clock.time_label() };
        let was_stalled = self.stalled_since.take().is_some();
        self.dirty |= was_stalled;
        was_stalled
    }

    /// Time passes: a message goes after a few seconds, and head office silent for `STALL`
    /// is said not to answer.
    pub fn tick(&mut self, now: Instant) {
        self.now = now;
        if self.status.as_ref().is_some_and(|s| now.saturating_duration_since(s.since) >= MESSAGE_LIFETIME) {
            self.status = None;
            self.dirty = true;
        }
        if !self.stopped && self.stalled_since.is_none() && now.saturating_duration_since(self.heard.at) >= STALL {
            let since = self.heard.label.clone();
            let old = match &self.read_at {
                Some(at) => format!("; what is on screen was read at {at}"),
                None => String::new(),
            };
            self.say(MessageKind::Error, format!("head office not answering since {since}{old}"));
            self.stalled_since = Some(since);
        }
    }

    fn say(&mut self, kind: MessageKind, text: String) {
        self.status = Some(Status { message: Message { kind, text }, since: self.now });
        self.dirty = true;
    }
}
