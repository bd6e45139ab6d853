//! What the dashboard's state asks for and what comes back: the state never reads or writes the
//! file itself; it returns `Effect`s, the loop hands the file work to the worker, and the
//! worker's answers come back as `Outcome`s.

use super::data::{Book, DashboardData, PeriodScores};
use super::tab::Tab;
use crate::domain::period::{Month, Period};
use crate::store::{AuditEntry, StoreError};

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
    /// Read and score a period (file work).
    Load(LoadRequest),
    /// Read one RM's customers (file work).
    ReadBook(String),
    /// Read one value's changes from the audit log (file work).
    ReadHistory { login: String, kpi: String, month: Month, title: String },
    /// Write one change (file work, on the saving thread).
    Save(SaveRequest),
}

impl Effect {
    pub fn info(text: impl Into<String>) -> Effect {
        Effect::Say(Message { kind: MessageKind::Info, text: text.into() })
    }

    pub fn error(text: impl Into<String>) -> Effect {
        Effect::Say(Message { kind: MessageKind::Error, text: text.into() })
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
    EditActual {
        login: String,
        kpi: String,
        kpi_name: String,
        unit: crate::domain::template::Unit,
        month: Month,
        seen: Option<f64>,
    },
    EditRating {
        login: String,
        capability: String,
        capability_name: String,
    },
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

/// One change made in the dashboard, with what it needs to be saved and reported.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// An actual typed in the drill-down; `seen` is the value the edit started from, so that a
    /// change by someone else meanwhile is refused as a conflict.
    Actual {
        login: String,
        kpi: String,
        kpi_name: String,
        unit: crate::domain::template::Unit,
        month: Month,
        value: f64,
        seen: Option<f64>,
    },
    /// A capability rating set in the portfolio.
    Rating { login: String, capability: String, capability_name: String, rating: u8 },
}

impl Change {
    /// What is being saved, for the status bar: the KPI or capability name.
    pub fn label(&self) -> &str {
        match self {
            Change::Actual { kpi_name, .. } => kpi_name,
            Change::Rating { capability_name, .. } => capability_name,
        }
    }
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
    HistoryRead {
        title: String,
        result: Result<Vec<AuditEntry>, String>,
    },
    /// A finished save: for an actual, the value it replaced.
    Saved {
        id: u64,
        change: Change,
        result: Result<Option<f64>, StoreError>,
    },
    /// Another connection committed a change to the file.
    FileChanged,
    /// The saving thread is gone: nothing more will be saved or answered.
    SaverStopped,
    /// The reading thread is gone: nothing more will be read or refreshed.
    ReaderStopped,
}
