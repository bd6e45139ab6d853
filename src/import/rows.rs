//! The plain data an import and the store pass each other: checked rows, their problems and the
//! branch facts rows are checked against. Types only, depending on `domain` alone: `store` takes
//! them from here, and nothing in `import` depends on `store`, so the two never form a cycle.

use crate::domain::period::Month;
use crate::domain::staff::StaffMember;
use crate::domain::template::{Kpi, Role, RoleTemplate};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

/// Which of a KPI's two monthly figures: the target set for it or the actual reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Target,
    Actual,
}

impl ValueKind {
    /// `target` or `actual`: the audit log's entity and the word messages use.
    pub fn entity(self) -> &'static str {
        match self {
            ValueKind::Target => "target",
            ValueKind::Actual => "actual",
        }
    }
}

/// One validated target or actual, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueRow {
    pub line: u64,
    pub login: String,
    pub kpi: String,
    pub month: Month,
    pub value: f64,
}

/// Why a row cannot be imported; the kind decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    Invalid,
    /// A closed month, or an actual for a month that has not begun (exit 4).
    Locked,
    NotAllowed,
}

/// One problem with one cell (or row, column 1) of an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub column: usize,
    pub reason: String,
    pub kind: ProblemKind,
}

impl RowProblem {
    /// A problem with the data of one cell (exit 1).
    pub fn invalid(line: u64, column: usize, reason: impl Into<String>) -> RowProblem {
        RowProblem { line, column, reason: reason.into(), kind: ProblemKind::Invalid }
    }
}

/// One row of an import file as checked: its line and the row to write, or every problem that
/// refuses it.
pub type CheckedRow<T> = Result<(u64, T), Vec<RowProblem>>;

/// Everything validation needs to know about the branch, read inside the import's transaction
/// so that nothing can change between checking and writing.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub staff: HashMap<String, StaffMember>,
    pub templates: HashMap<Role, RoleTemplate>,
    pub closed: BTreeSet<Month>,
    /// The store's today: no contact date may be later.
    pub today: NaiveDate,
}

impl Catalogue {
    /// The KPI `code` of `login`'s role template, if both exist.
    pub fn kpi_of(&self, login: &str, code: &str) -> Option<&Kpi> {
        self.staff.get(login).and_then(|member| self.templates.get(&member.role)).and_then(|t| t.kpi(code))
    }
}

/// Receives progress as work goes on (a progress bar, or nothing), in whatever unit the bar
/// counts: rows for the demo, bytes read for imports.
pub trait Progress {
    fn advance(&self, amount: u64);
}

impl Progress for () {
    fn advance(&self, _amount: u64) {}
}
