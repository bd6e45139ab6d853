//! What the dashboard's state asks for and what comes back: the state never reads or writes the
//! file itself; it returns `Effect`s, the loop hands the file work to the worker, and the
//! worker's answers come back as `Outcome`s.

use super::data::{Book, DashboardData, PeriodScores};
use super::person::{KpiTable, PersonDetail};
use super::tab::Tab;
use crate::domain::customer::Customer;
use crate::domain::period::{Month, Period};
use crate::domain::template::Unit;
use crate::import::ValueKind;
use crate::store::{AuditEntry, CopyPlan, StoreError};
use chrono::NaiveDate;

/// Something to do after an action: the first few the `App` does itself; the rest are file
/// work for the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Show a message in the status bar.
    Say(Message),
    /// Put this tab on screen.
    Show(Tab),
    /// Show this person's scorecard in the drill-down.
    OpenScorecard(String),
    /// Open a text input (filter or edit) that takes the keyboard.
    OpenInput(InputPurpose, String),
    /// Open a dialog that asks before it changes something.
    Ask(DialogRequest),
    /// Read and score a period (file work).
    Load(LoadRequest),
    /// Read one RM's customers (file work).
    ReadBook(String),
    /// Read one value's changes from the audit log (file work).
    ReadHistory { login: String, kpi: String, month: Month, title: String },
    /// Save this change (the `App` numbers it and hands it on as `Save`).
    Commit(Change),
    /// Write one change (file work, on the saving thread).
    Save(SaveRequest),
    /// Work out what copying a month's targets would write, without writing (file work).
    PlanCopy(CopyRequest),
    /// Read one person's month, quarter-to-date and year-to-date scorecards and the month-by-month
    /// table of their KPIs for the year up to `month` (file work).
    ReadPerson { login: String, period: Period },
    /// Show one KPI's month-by-month table of `login` over the tabs.
    ShowKpiMonths { title: String, login: String, table: Box<KpiTable> },
    /// Find customers across the branch whose name or id contains `query`, at most `limit`
    /// (file work, branch manager).
    FindCustomers { query: String, limit: usize },
}

impl Effect {
    pub fn info(text: impl Into<String>) -> Effect {
        Effect::Say(Message::info(text))
    }

    pub fn error(text: impl Into<String>) -> Effect {
        Effect::Say(Message::error(text))
    }
}

impl Message {
    pub fn info(text: impl Into<String>) -> Message {
        Message { kind: MessageKind::Info, text: text.into() }
    }

    pub fn error(text: impl Into<String>) -> Message {
        Message { kind: MessageKind::Error, text: text.into() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

/// A line for the status bar, answering the last key.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub kind: MessageKind,
    pub text: String,
}

/// What an open text input is for.
#[derive(Debug, Clone, PartialEq)]
pub enum InputPurpose {
    /// Filters the list in focus on the tab as the user types.
    Filter(Tab),
    /// A target or an actual typed in the drill-down.
    EditValue(ValueEdit),
    /// The date of a contact with a customer, typed in the portfolio (today by default; never
    /// after `today`).
    RecordContact {
        customer_id: String,
        customer_name: String,
        today: NaiveDate,
    },
    EditRating {
        login: String,
        capability: String,
        capability_name: String,
    },
}

/// A dialog a tab or key asks for; the `App` builds it (dialogs know effects, not the reverse).
#[derive(Debug, Clone, PartialEq)]
pub enum DialogRequest {
    /// "Are you sure?": `lines` say what will happen; Enter saves `change`, Esc drops it.
    Confirm { title: String, lines: Vec<String>, change: Change },
    /// Plan a month: copy `from`'s targets to the month after it, for the team or `login`
    /// (chosen first when `for_person`).
    PlanMonth { from: Month, login: Option<String>, for_person: bool },
    /// Move these customers of `from_rm` to another RM, showing the loads before and after.
    MoveCustomers { from_rm: String, customer_ids: Vec<String> },
}

/// How much a load reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadScope {
    /// Staff, books' coverage, ratings and scores: after the file changed.
    Everything,
    /// Only the scores of another period: customers and coverage do not depend on it.
    ScoresOnly,
}

/// A load, numbered so that an answer overtaken by a newer request is dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadRequest {
    pub generation: u64,
    pub period: Period,
    pub scope: LoadScope,
    /// The RM whose customers to read with everything else.
    pub selected_rm: Option<String>,
}

/// One figure being edited or cleared: whose, of which KPI and month, in which unit, and the
/// stored value the edit started from (`seen`), so that a change by someone else meanwhile is
/// refused as a conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueEdit {
    pub kind: ValueKind,
    pub login: String,
    pub kpi: String,
    pub kpi_name: String,
    pub unit: Unit,
    pub month: Month,
    pub seen: Option<f64>,
    /// The month's target, shown beside an actual being typed.
    pub target: Option<f64>,
    /// Started by "next missing value": once saved, the next missing value opens.
    pub then_next: bool,
}

/// Copying one month's targets to another: the whole team's, or one person's.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyRequest {
    pub from: Month,
    pub to: Month,
    /// 100 copies the values as they are; 110 adds 10 %.
    pub scale_percent: f64,
    pub login: Option<String>,
}

/// One change made in the dashboard, with what it needs to be saved and reported.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A target or actual saved, or with `value` `None` cleared, in the drill-down.
    Value { edit: ValueEdit, value: Option<f64> },
    /// A capability rating set in the portfolio.
    Rating { login: String, capability: String, capability_name: String, rating: u8 },
    /// A month's targets copied to another month ("plan month"); `confirmed`: the preview the
    /// manager confirmed (a copy that would now write anything else is refused as a conflict).
    CopyTargets { request: CopyRequest, confirmed: CopyPlan },
    /// A month closed or reopened; `missing`: how many values the confirmation showed still
    /// missing (they count as missing once closed; more found at the save refuse it).
    MonthState { month: Month, close: bool, missing: u64 },
    /// A contact with one of an RM's customers.
    Contact { customer_id: String, customer_name: String, date: NaiveDate },
    /// Customers of `from_rm` moved to another RM.
    Assign { customer_ids: Vec<String>, from_rm: String, rm: String, rm_name: String },
}

impl Change {
    /// What is being saved, for the status bar.
    pub fn label(&self) -> String {
        match self {
            Change::Value { edit, .. } => edit.kpi_name.clone(),
            Change::Rating { capability_name, .. } => capability_name.clone(),
            Change::CopyTargets { request, .. } => format!("targets {} → {}", request.from, request.to),
            Change::MonthState { month, close: true, .. } => format!("closing {month}"),
            Change::MonthState { month, close: false, .. } => format!("reopening {month}"),
            Change::Contact { customer_name, .. } => format!("contact with {customer_name}"),
            Change::Assign { customer_ids, rm_name, .. } => format!("{} customers to {rm_name}", customer_ids.len()),
        }
    }
}

/// What a finished save reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// A value or rating: the value it replaced.
    Replaced(Option<f64>),
    /// Targets copied: what was written.
    Copied(CopyPlan),
    /// A month's state changed (false: it already was so).
    MonthState(bool),
    /// A contact recorded: the last contact it follows.
    Contact(Option<NaiveDate>),
    /// Customers moved: how many.
    Assigned(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SaveRequest {
    pub id: u64,
    pub change: Change,
}

/// What a load brought back.
#[derive(Debug)]
pub enum Loaded {
    Everything(Box<DashboardData>),
    Scores(Box<PeriodScores>),
}

/// The worker's answers, and what it noticed by itself.
#[derive(Debug)]
pub enum Outcome {
    Loaded {
        generation: u64,
        result: Result<Loaded, String>,
    },
    BookRead {
        rm: String,
        book: Book,
    },
    /// A value's history, for the history the app asked last (it knows whose).
    HistoryRead {
        result: Result<Vec<AuditEntry>, String>,
    },
    /// A finished save.
    Saved {
        id: u64,
        change: Change,
        result: Result<Saved, StoreError>,
    },
    /// What a copy of targets would write.
    CopyPlanned {
        request: CopyRequest,
        result: Result<CopyPlan, String>,
    },
    /// One person's periods side by side and the month-by-month table of their KPIs.
    PersonRead {
        login: String,
        period: Period,
        result: Result<Box<PersonDetail>, String>,
    },
    /// Customers found across the branch for `query`: the first ones and how many match in all.
    CustomersFound {
        query: String,
        result: Result<(Vec<Customer>, usize), String>,
    },
    /// Another connection committed a change to the file.
    FileChanged,
    /// The saving thread is gone: nothing more will be saved or answered.
    SaverStopped,
    /// The reading thread is gone: nothing more will be read or refreshed.
    ReaderStopped,
}
