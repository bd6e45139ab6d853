//! The dashboard's state and how actions change it. The outer loop does the waiting; this
//! does the work: actions in, store calls and reloads, nothing drawn here.

use super::action::Action;
use super::clock::Clock;
use super::data::DashboardData;
use super::keymap::KeyMode;
use super::loader::{LoadRequest, LoadedData, Loader};
use super::state::{
    DrillState, PortfolioFocus, PortfolioState, STALE_VIEWS, Tab, TeamState, customer_rows, step_index, team_rows,
};
use crate::domain::number::parse_kpi_value;
use crate::domain::period::{Month, Period};
use crate::domain::template::Unit;
use crate::store::{
    Actor, AuditEntry, AuditFilter, Expected, Store, StoreError, ValueKind, Via, format_value, value_key,
};
use chrono::NaiveDate;
use tui_input::Input;

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
}

#[derive(Debug, Clone, Copy)]
struct PendingLoad {
    generation: u64,
    period: Period,
    changed: bool,
}

impl App {
    /// Opens on the latest month with actuals (else the current month).
    pub fn new(mut store: Store, actor: Actor, clock: Clock, today: NaiveDate) -> Result<App, StoreError> {
        let month = store.latest_month_with_actuals()?.unwrap_or_else(|| Month::of_date(today));
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
    fn target_period(&self) -> Period {
        self.pending.map(|p| p.period).unwrap_or(self.data.period)
    }

    /// Loads `period` afresh, keeping selections: on the worker when there is one (the result
    /// arrives in `poll_loader`), else right away.
    fn load(&mut self, period: Period, changed: bool) {
        if let Some(loader) = &self.loader {
            self.generation += 1;
            // A change since the last read (here or still pending) needs everything read again.
            let changed = changed || self.pending.is_some_and(|p| p.changed);
            let request = LoadRequest {
                generation: self.generation,
                period,
                selected_rm: self.portfolio.rm.clone(),
                scores_only: (!changed).then_some(self.data.fiscal_start),
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

    fn apply(&mut self, data: DashboardData, changed: bool) {
        self.data = data;
        if changed {
            self.last_change = self.clock.time_label();
        }
        self.settle_selections();
    }

    /// Reads and rescores the period on screen after a change, keeping selections.
    fn reload(&mut self, changed: bool) {
        self.load(self.target_period(), changed);
    }

    fn set_period(&mut self, period: Period) {
        let latest = Period::containing(Month::of_date(self.today), period.kind(), self.data.fiscal_start);
        if period.months(self.data.fiscal_start)[0] > latest.months(self.data.fiscal_start)[0] {
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
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => self.overlay = Some(Overlay::Help),
            Action::NextTab => self.tab = Tab::ALL[(self.tab.index() + 1) % 3],
            Action::PreviousTab => self.tab = Tab::ALL[(self.tab.index() + 2) % 3],
            Action::GoToTab(i) => self.tab = Tab::ALL[i.min(2)],
            Action::PreviousPeriod => self.set_period(self.target_period().previous()),
            Action::NextPeriod => self.set_period(self.target_period().shifted(1)),
            Action::CyclePeriodKind => {
                // A year seen as a month is its December; before December ends, the latest month instead.
                let period = self.target_period();
                let next = period.as_kind(period.kind().next(), self.data.fiscal_start);
                let latest = Period::containing(Month::of_date(self.today), next.kind(), self.data.fiscal_start);
                let starts = |p: Period| p.months(self.data.fiscal_start)[0];
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
            Action::Input(request) => {
                open.input.handle(request);
                let text = open.input.value().to_string();
                match open.purpose {
                    InputPurpose::TeamFilter => self.team.filter = text,
                    InputPurpose::CustomerFilter => self.portfolio.filter = text,
                    InputPurpose::EditActual { .. } => {}
                }
                self.settle_selections();
            }
            Action::Cancel => {
                match open.purpose {
                    InputPurpose::TeamFilter => self.team.filter.clear(),
                    InputPurpose::CustomerFilter => self.portfolio.filter.clear(),
                    InputPurpose::EditActual { .. } => self.info("edit cancelled"),
                }
                self.input = None;
                self.settle_selections();
            }
            Action::Submit => {
                if matches!(open.purpose, InputPurpose::EditActual { .. }) {
                    self.save_edit();
                } else {
                    self.input = None;
                }
            }
            _ => {}
        }
    }

    fn update_team(&mut self, action: Action) {
        let logins: Vec<String> = team_rows(&self.data, &self.team).iter().map(|s| s.member.login.clone()).collect();
        let current = self.team.selected.as_ref().and_then(|l| logins.iter().position(|x| x == l)).unwrap_or(0);
        let step = |n: i64| step_index(current, logins.len(), n);
        let new_index = match action {
            Action::Up => step(-1),
            Action::Down => step(1),
            Action::PageUp => step(-PAGE),
            Action::PageDown => step(PAGE),
            Action::Home => 0,
            Action::End => logins.len().saturating_sub(1),
            Action::CycleSort => {
                self.team.sort = self.team.sort.next();
                self.info(format!("sorted by {}", self.team.sort.label()));
                return;
            }
            Action::StartFilter => {
                self.input =
                    Some(OpenInput { purpose: InputPurpose::TeamFilter, input: Input::new(self.team.filter.clone()) });
                return;
            }
            Action::Back => {
                self.team.filter.clear();
                self.settle_selections();
                return;
            }
            Action::Open | Action::Right => {
                if let Some(login) = logins.get(current) {
                    self.open_drilldown(login.clone());
                }
                return;
            }
            _ => return,
        };
        self.team.selected = logins.get(new_index).cloned();
    }

    /// Shows a person's KRA drill-down, if the actor may see it.
    fn open_drilldown(&mut self, login: String) {
        if !self.actor.may_read_details_of(&login) {
            self.error("you can open only your own scorecard");
            return;
        }
        if self.drill.login.as_deref() != Some(&login) {
            self.drill = DrillState { login: Some(login), ..DrillState::default() };
        }
        self.tab = Tab::Drilldown;
    }

    fn update_portfolio(&mut self, action: Action) {
        if self.data.portfolios.is_empty() {
            return;
        }
        let rms: Vec<String> = self.data.portfolios.iter().map(|p| p.rm.login.clone()).collect();
        let rm_index = self.portfolio.rm.as_ref().and_then(|l| rms.iter().position(|x| x == l)).unwrap_or(0);
        let customers: Vec<String> = customer_rows(&self.data.portfolios[rm_index], &self.portfolio, self.data.as_of)
            .iter()
            .map(|c| c.id.clone())
            .collect();
        let customer_index =
            self.portfolio.customer.as_ref().and_then(|id| customers.iter().position(|x| x == id)).unwrap_or(0);
        let on_rms = self.portfolio.focus == PortfolioFocus::Rms;
        let (current, len) = if on_rms { (rm_index, rms.len()) } else { (customer_index, customers.len()) };
        let moved = match action {
            Action::Up => Some(step_index(current, len, -1)),
            Action::Down => Some(step_index(current, len, 1)),
            Action::PageUp => Some(step_index(current, len, -PAGE)),
            Action::PageDown => Some(step_index(current, len, PAGE)),
            Action::Home => Some(0),
            Action::End => Some(len.saturating_sub(1)),
            _ => None,
        };
        if let Some(index) = moved {
            if on_rms {
                self.portfolio.rm = rms.get(index).cloned();
                self.portfolio.customer = None;
                self.settle_selections();
            } else {
                self.portfolio.customer = customers.get(index).cloned();
            }
            return;
        }
        match action {
            Action::Open | Action::Right if on_rms => self.portfolio.focus = PortfolioFocus::Customers,
            Action::Back | Action::Left | Action::History if !on_rms => self.portfolio.focus = PortfolioFocus::Rms,
            Action::Back => {
                self.portfolio.filter.clear();
                self.portfolio.stale_days = None;
                self.settle_selections();
            }
            Action::CycleSort => {
                self.portfolio.sort = self.portfolio.sort.next();
                // A new order starts from its top rather than wherever the old selection moved.
                self.portfolio.customer = None;
                self.settle_selections();
                self.info(format!("customers sorted by {}", self.portfolio.sort.label()));
            }
            Action::StartFilter => {
                self.portfolio.focus = PortfolioFocus::Customers;
                self.input = Some(OpenInput {
                    purpose: InputPurpose::CustomerFilter,
                    input: Input::new(self.portfolio.filter.clone()),
                });
            }
            Action::CycleStaleView => {
                let at = STALE_VIEWS.iter().position(|v| *v == self.portfolio.stale_days).unwrap_or(0);
                self.portfolio.stale_days = STALE_VIEWS[(at + 1) % STALE_VIEWS.len()];
                self.portfolio.customer = None;
                self.settle_selections();
                match self.portfolio.stale_days {
                    Some(days) => self.info(format!("active customers not contacted in {days} days")),
                    None => self.info("all customers"),
                }
            }
            Action::ToggleCapabilities => self.portfolio.show_capabilities = !self.portfolio.show_capabilities,
            _ => {}
        }
    }

    fn update_drill(&mut self, action: Action) {
        let Some(login) = self.drill.login.clone() else { return };
        let Some(score) = self.data.member_score(&login) else { return };
        let kra_count = score.card.kras.len();
        match self.drill.open_kra {
            None => match action {
                Action::Up => self.drill.kra = step_index(self.drill.kra, kra_count, -1),
                Action::Down => self.drill.kra = step_index(self.drill.kra, kra_count, 1),
                Action::Home => self.drill.kra = 0,
                Action::End => self.drill.kra = kra_count.saturating_sub(1),
                Action::Open | Action::Right if kra_count > 0 => {
                    self.drill.open_kra = Some(self.drill.kra);
                    self.drill.kpi = 0;
                }
                Action::Edit => self.info("open a KRA with Enter, then choose the KPI to edit"),
                _ => {}
            },
            Some(kra) => {
                let kpi_count = score.card.kras.get(kra).map(|k| k.kpis.len()).unwrap_or(0);
                match action {
                    Action::Up => self.drill.kpi = step_index(self.drill.kpi, kpi_count, -1),
                    Action::Down => self.drill.kpi = step_index(self.drill.kpi, kpi_count, 1),
                    Action::Home => self.drill.kpi = 0,
                    Action::End => self.drill.kpi = kpi_count.saturating_sub(1),
                    Action::Back | Action::Left => self.drill.open_kra = None,
                    Action::Edit => self.start_edit(),
                    Action::History => self.show_history(),
                    _ => {}
                }
            }
        }
    }

    /// The KPI under the cursor in the open KRA: (login, KRA index, KPI index).
    fn selected_kpi(&self) -> Option<(String, usize, usize)> {
        let login = self.drill.login.clone()?;
        let kra = self.drill.open_kra?;
        let score = self.data.member_score(&login)?;
        score.card.kras.get(kra)?.kpis.get(self.drill.kpi)?;
        Some((login, kra, self.drill.kpi))
    }

    fn start_edit(&mut self) {
        let Some((login, kra, kpi_index)) = self.selected_kpi() else { return };
        let Period::Month(month) = self.data.period else {
            self.error("actuals are entered per month: press p to switch to the month view");
            return;
        };
        if let Err(e) = self.actor.ensure_may_set_actual(&login) {
            self.error(e.to_string());
            return;
        }
        if self.data.is_closed(month) {
            self.error(format!("{month} is closed: only the branch manager can reopen it"));
            return;
        }
        let Some(score) = self.data.member_score(&login) else { return };
        let kpi = &score.card.kras[kra].kpis[kpi_index].kpi;
        let seen = self.data.stored_actual(&login, &kpi.code, month);
        let purpose = InputPurpose::EditActual {
            login: login.clone(),
            kpi: kpi.code.clone(),
            kpi_name: kpi.name.clone(),
            unit: kpi.unit,
            month,
            seen,
        };
        self.input = Some(OpenInput { purpose, input: Input::new(seen.map(format_value).unwrap_or_default()) });
        self.status = None;
    }

    fn save_edit(&mut self) {
        let Some(open) = self.input.clone() else { return };
        let InputPurpose::EditActual { login, kpi, kpi_name, month, seen, .. } = open.purpose.clone() else { return };
        let value = match open.validation() {
            Some(Ok(v)) => v,
            Some(Err(reason)) => {
                self.error(format!("not saved: {reason}"));
                return;
            }
            None => return,
        };
        self.input = None;
        let result = self.store.set_value(
            &self.actor,
            Via::Tui,
            ValueKind::Actual,
            &login,
            &kpi,
            month,
            Some(value),
            Expected::Value(seen),
        );
        match result {
            Ok(old) => {
                let was = old.map(format_value).unwrap_or_else(|| "empty".into());
                self.info(format!(
                    "saved {}: {} (was {was})",
                    crate::ui::format::fit(&kpi_name, 24),
                    format_value(value)
                ));
                self.reload(true);
            }
            Err(StoreError::Conflict { key, expected, found }) => {
                self.overlay =
                    Some(Overlay::Conflict { key, yours: format_value(value), seen: expected, stored: found });
                self.reload(true);
            }
            Err(e) => self.error(format!("not saved: {e}")),
        }
    }

    fn show_history(&mut self) {
        let Some((login, kra, kpi_index)) = self.selected_kpi() else { return };
        let Period::Month(month) = self.data.period else {
            self.error("history is kept per month: press p to switch to the month view");
            return;
        };
        let Some(score) = self.data.member_score(&login) else { return };
        let kpi = score.card.kras[kra].kpis[kpi_index].kpi.clone();
        let key = value_key(&login, &kpi.code, month);
        let filter = AuditFilter { entity: Some("actual".into()), key: Some(key), about_login: None };
        match self.store.audit_entries(&filter) {
            Ok(entries) => self.overlay = Some(Overlay::History { title: format!("{} · {month}", kpi.name), entries }),
            Err(e) => self.error(format!("cannot read the history: {e}")),
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
        if let Some(login) = self.portfolio.rm.clone() {
            if let Err(e) = self.data.load_book(&self.store, &login) {
                self.error(format!("cannot read the customers of {login}: {e}"));
            }
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
