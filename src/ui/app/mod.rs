//! The dashboard's state and how actions change it. The outer loop does the waiting; this
//! does the work: actions in, requests to the loader and saver out, nothing drawn here.

mod edit;
mod loading;
mod navigation;
mod saving;

pub use saving::{SAVE_WAIT_NOTICE, SaveProgress};

use super::action::Action;
use super::clock::Clock;
use super::data::DashboardData;
use super::keymap::KeyMode;
use super::loader::{LoadRequest, LoadedData, Loader};
use super::saver::{self, Change, SaveRequest, Saved, Saver};
use super::state::{
    DrillState, PortfolioFocus, PortfolioState, STALE_VIEWS, Tab, TeamState, customer_rows, step_index, team_rows,
};
use crate::domain::number::parse_kpi_value;
use crate::domain::period::{Month, Period};
use crate::domain::template::Unit;
use crate::store::{Actor, AuditEntry, AuditFilter, Store, StoreError, format_value, value_key};
use chrono::NaiveDate;
use saving::PendingSave;
use std::time::{Duration, Instant};
use tui_input::{Input, InputRequest};

/// Rows a page key moves.
const PAGE: i64 = 10;

#[derive(Debug, Clone, PartialEq)]
pub enum StatusKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusMessage {
    pub kind: StatusKind,
    pub text: String,
}

/// What an open text input is for.
#[derive(Debug, Clone, PartialEq)]
pub enum InputPurpose {
    TeamFilter,
    CustomerFilter,
    EditActual { login: String, kpi: String, kpi_name: String, unit: Unit, month: Month, seen: Option<f64> },
    EditRating { login: String, capability: String, capability_name: String },
}

#[derive(Debug, Clone)]
pub struct OpenInput {
    pub purpose: InputPurpose,
    pub input: Input,
}

impl OpenInput {
    /// For an edit: the parsed value, or why it cannot be saved (the same parser as imports).
    pub fn validation(&self) -> Option<Result<f64, String>> {
        match &self.purpose {
            InputPurpose::EditActual { unit, .. } => {
                Some(parse_kpi_value(self.input.value(), *unit).map_err(|e| e.to_string()))
            }
            InputPurpose::EditRating { .. } => Some(match self.input.value().trim().parse::<u8>() {
                Ok(rating @ 1..=5) => Ok(f64::from(rating)),
                _ => Err(format!("{:?} is not a rating from 1 to 5", self.input.value().trim())),
            }),
            _ => None,
        }
    }
}

/// Something drawn over the tabs that takes the keyboard until closed.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    History { title: String, entries: Vec<AuditEntry> },
    Conflict { key: String, yours: String, seen: String, stored: String },
}

pub struct App {
    pub(super) store: Store,
    pub actor: Actor,
    pub clock: Clock,
    pub today: NaiveDate,
    pub data: DashboardData,
    pub tab: Tab,
    pub team: TeamState,
    pub portfolio: PortfolioState,
    pub drill: DrillState,
    pub input: Option<OpenInput>,
    pub overlay: Option<Overlay>,
    pub status: Option<StatusMessage>,
    /// "HH:MM:SS" of the last time the data changed (or was first loaded).
    pub last_change: String,
    pub db_label: String,
    pub should_quit: bool,
    /// True when the screen must be drawn again.
    pub dirty: bool,
    data_version: i64,
    /// With a loader, reads happen on its thread and arrive in `poll_loader`.
    loader: Option<Loader>,
    /// The newest load asked of the loader: its number, period, and whether it follows a change.
    pending: Option<PendingLoad>,
    generation: u64,
    /// With a saver, changes are written on its thread and answered in `poll_saver`.
    saver: Option<Saver>,
    /// The change the saver is working on (one at a time).
    saving: Option<PendingSave>,
    next_save: u64,
    /// `q` was pressed once while a save was under way: the next `q` quits anyway.
    quit_armed: bool,
}

#[derive(Debug, Clone, Copy)]
struct PendingLoad {
    generation: u64,
    period: Period,
    changed: bool,
}

impl App {
    /// Opens on the latest month with actuals up to the current one (else the current month).
    /// `today` is also the store's today: no actual is saved for a month after its month.
    pub fn new(mut store: Store, actor: Actor, clock: Clock, today: NaiveDate) -> Result<App, StoreError> {
        store.set_today(today);
        let current = Month::of_date(today);
        let month = store.latest_month_with_actuals(current)?.unwrap_or(current);
        let period = Period::Month(month);
        let data = DashboardData::load(&mut store, &actor, period, today, None)?;
        let data_version = store.data_version()?;
        let db_label = store.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut app = App {
            drill: DrillState { login: Some(actor.login.clone()), ..DrillState::default() },
            store,
            actor,
            clock,
            today,
            data,
            tab: Tab::Team,
            team: TeamState::default(),
            portfolio: PortfolioState::default(),
            input: None,
            overlay: None,
            status: None,
            last_change: clock.time_label(),
            db_label,
            should_quit: false,
            dirty: true,
            data_version,
            loader: None,
            pending: None,
            generation: 0,
            saver: None,
            saving: None,
            next_save: 0,
            quit_armed: false,
        };
        app.settle_selections();
        Ok(app)
    }

    pub fn key_mode(&self) -> KeyMode {
        if self.overlay.is_some() {
            KeyMode::Overlay
        } else if self.input.is_some() {
            KeyMode::TextInput
        } else {
            KeyMode::Normal
        }
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(StatusMessage { kind: StatusKind::Info, text: text.into() });
        self.dirty = true;
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some(StatusMessage { kind: StatusKind::Error, text: text.into() });
        self.dirty = true;
    }

    pub fn update(&mut self, action: Action) {
        self.dirty = true;
        if let Some(overlay) = &self.overlay {
            if matches!(action, Action::Back) || (matches!(action, Action::ToggleHelp) && *overlay == Overlay::Help) {
                self.overlay = None;
            }
            return;
        }
        if self.input.is_some() {
            self.update_input(action);
            return;
        }
        match action {
            Action::Quit => self.quit(),
            Action::ToggleHelp => self.overlay = Some(Overlay::Help),
            Action::NextTab => self.tab = Tab::ALL[(self.tab.index() + 1) % 3],
            Action::PreviousTab => self.tab = Tab::ALL[(self.tab.index() + 2) % 3],
            Action::GoToTab(i) => self.tab = Tab::ALL[i.min(2)],
            Action::PreviousPeriod => self.set_period(self.target_period().previous()),
            Action::NextPeriod => self.set_period(self.target_period().shifted(1)),
            Action::CyclePeriodKind => {
                // A year seen as a month is its December; before December ends, the latest month instead.
                let period = self.target_period();
                let next = period.as_kind(period.kind().next(), self.data.fiscal_start());
                let latest = Period::containing(Month::of_date(self.today), next.kind(), self.data.fiscal_start());
                let starts = |p: Period| p.months(self.data.fiscal_start())[0];
                self.set_period(if starts(next) > starts(latest) { latest } else { next });
            }
            other => match self.tab {
                Tab::Team => self.update_team(other),
                Tab::Portfolio => self.update_portfolio(other),
                Tab::Drilldown => self.update_drill(other),
            },
        }
    }

    fn update_input(&mut self, action: Action) {
        let Some(open) = self.input.as_mut() else { return };
        match action {
            // Keys never give one, but a paste can: a control character could move the cursor
            // or recolour the terminal when the text is shown.
            Action::Input(InputRequest::InsertChar(c)) if c.is_control() => {
                self.error(format!("U+{:04X} is a control character: left out", u32::from(c)));
            }
            Action::Input(request) => {
                open.input.handle(request);
                let text = open.input.value().to_string();
                match open.purpose {
                    InputPurpose::TeamFilter => self.team.filter = text,
                    InputPurpose::CustomerFilter => self.portfolio.filter = text,
                    InputPurpose::EditActual { .. } | InputPurpose::EditRating { .. } => {}
                }
                self.settle_selections();
            }
            Action::Cancel => {
                match open.purpose {
                    InputPurpose::TeamFilter => self.team.filter.clear(),
                    InputPurpose::CustomerFilter => self.portfolio.filter.clear(),
                    InputPurpose::EditActual { .. } | InputPurpose::EditRating { .. } => self.info("edit cancelled"),
                }
                self.input = None;
                self.settle_selections();
            }
            Action::Submit => match open.purpose {
                InputPurpose::EditActual { .. } => self.save_edit(),
                InputPurpose::EditRating { .. } => self.save_rating(),
                InputPurpose::TeamFilter | InputPurpose::CustomerFilter => self.input = None,
            },
            _ => {}
        }
    }

    /// Makes every selection point at something that exists after a reload or filter change.
    fn settle_selections(&mut self) {
        let logins: Vec<String> = team_rows(&self.data, &self.team).iter().map(|s| s.member.login.clone()).collect();
        if !self.team.selected.as_ref().is_some_and(|l| logins.contains(l)) {
            self.team.selected = logins.first().cloned();
        }
        let rms: Vec<&str> = self.data.portfolios.iter().map(|p| p.rm.login.as_str()).collect();
        if !self.portfolio.rm.as_deref().is_some_and(|l| rms.contains(&l)) {
            self.portfolio.rm = rms.first().map(|s| s.to_string());
        }
        if let Some(login) = self.portfolio.rm.clone()
            && let Err(e) = self.data.load_book(&self.store, &login)
        {
            self.error(format!("cannot read the customers of {login}: {e}"));
        }
        if let Some(portfolio) = self.selected_portfolio() {
            let ids: Vec<String> =
                customer_rows(portfolio, &self.portfolio, self.data.as_of).iter().map(|c| c.id.clone()).collect();
            if !self.portfolio.customer.as_ref().is_some_and(|id| ids.contains(id)) {
                self.portfolio.customer = ids.first().cloned();
            }
        }
        if let Some(score) = self.drill.login.as_deref().and_then(|l| self.data.member_score(l)) {
            let kras = score.card.kras.len();
            self.drill.kra = self.drill.kra.min(kras.saturating_sub(1));
            if let Some(open) = self.drill.open_kra {
                let kpis = score.card.kras.get(open).map(|k| k.kpis.len()).unwrap_or(0);
                self.drill.kpi = self.drill.kpi.min(kpis.saturating_sub(1));
            }
        }
    }

    pub fn selected_portfolio(&self) -> Option<&super::data::Portfolio> {
        let login = self.portfolio.rm.as_deref()?;
        self.data.portfolios.iter().find(|p| p.rm.login == login)
    }
}
