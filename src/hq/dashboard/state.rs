//! The head-office dashboard's state and how actions change it: actions in, read requests out.
//! It reads nothing itself: the worker answers the requests through `apply`, and time passes
//! through `tick`.

use super::data::HqData;
use super::keys::{Action, Mode, action_for};
use super::lists::{
    BranchSort, Browse, CoverageSort, List, PeopleSort, branch_rows, coverage_rows, move_selection, people_rows,
};
use super::period::{cycle, starting_period, step};
use super::tab::HqTab;
use crate::domain::period::{Month, Period};
use crate::hq::store::HqPeriods;
use crate::ui::app::MESSAGE_LIFETIME;
use crate::ui::clock::Clock;
use crate::ui::effect::{Message, MessageKind};
use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;
use std::time::Instant;
use strum::VariantArray;
use tui_input::{Input, InputRequest};

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

pub struct HqApp {
    /// Who head office knows this session as (PostgreSQL's session user).
    pub who: String,
    pub clock: Clock,
    pub today: NaiveDate,
    /// The period on screen, or being read: where `[`, `]` and `p` move from.
    pub period: Period,
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
        let mut app = HqApp {
            who,
            clock,
            today,
            period: starting_period(periods.latest_month, today),
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
            generation: 0,
            pending: false,
            now: Instant::now(),
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
            (None, None) => Mode::Browse(self.tab),
        }
    }

    /// The period being read when it is not the one on screen (or nothing is yet).
    pub fn loading(&self) -> Option<Period> {
        let shown = self.data.as_ref().map(|d| (d.snapshot.period.as_str(), d.snapshot.region.as_deref()));
        let asked = (self.period.to_string(), self.region.as_deref());
        (self.pending && shown != Some((asked.0.as_str(), asked.1))).then_some(self.period)
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
            Mode::Browse(_) => self.browse(action),
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
            // A paste can carry one; shown, it could move the cursor.
            Action::Input(InputRequest::InsertChar(c)) if c.is_control() => {}
            Action::Input(request) => {
                input.handle(request);
                let text = input.value().to_string();
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
        if move_selection(self.list().rows_mut(), &action) {
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
                self.period = cycle(self.period, &mut self.month_left, self.today);
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
            Action::Open if self.list().rows().selected_position().is_some() => *self.list().open_mut() = true,
            Action::Back if *self.list().open_mut() => *self.list().open_mut() = false,
            Action::Back if !self.list().filter_mut().is_empty() => {
                self.set_filter("");
                self.say(MessageKind::Info, "filter cleared".into());
            }
            _ => {}
        }
        vec![]
    }

    fn step_period(&mut self, steps: i64) -> Vec<ReadRequest> {
        match step(self.period, steps, self.today) {
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
        match answer {
            // An answer to an earlier request: a later one is on its way.
            Answer::Read { generation, .. } if generation != self.generation => {}
            Answer::Read { read: Ok(loaded), .. } => {
                self.pending = false;
                let Loaded { data, periods } = *loaded;
                self.regions = periods.regions;
                self.data = Some(data);
                self.read_at = Some(self.clock.time_label());
                if self.load_error.take().is_some() {
                    self.say(MessageKind::Info, "head office answers again".into());
                }
                self.refresh();
                self.dirty = true;
            }
            Answer::Read { read: Err(why), .. } => {
                self.pending = false;
                // Said once: the worker tries again every second while head office is away.
                if self.load_error.as_ref() != Some(&why) {
                    self.say(MessageKind::Error, why.clone());
                    self.load_error = Some(why);
                }
            }
            Answer::WorkerStopped => {
                self.pending = false;
                let why = "the head-office reader stopped: the screen no longer updates; quit and start again";
                self.load_error = Some(why.to_string());
                self.say(MessageKind::Error, why.to_string());
            }
        }
    }

    /// Time passes: a message goes after a few seconds.
    pub fn tick(&mut self, now: Instant) {
        self.now = now;
        if self.status.as_ref().is_some_and(|s| now.saturating_duration_since(s.since) >= MESSAGE_LIFETIME) {
            self.status = None;
            self.dirty = true;
        }
    }

    fn say(&mut self, kind: MessageKind, text: String) {
        self.status = Some(Status { message: Message { kind, text }, since: self.now });
        self.dirty = true;
    }
}
