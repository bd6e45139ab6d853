//! One part of what a branch ships to head office: the unit PostgreSQL applies in one
//! transaction, and one line of a bundle file. Shared by `sync` (which builds parts) and head
//! office (which applies them), so both read the same shape.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The shape's version: head office refuses parts of a newer shape than it knows.
pub const PART_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub format: u32,
    pub branch: BranchLabel,
    /// The branch file's generation this part comes from.
    pub generation: String,
    pub kind: PartKind,
    /// The audit id the part builds on: head office must hold the branch up to it (0 for a
    /// snapshot, which builds on nothing).
    pub from: i64,
    /// The audit id the part's figures are at least as new as; the last part of a snapshot or
    /// of a range of changes moves head office's watermark to it.
    pub to: i64,
    /// The branch file's audit row `from`, so head office can tell a file restored from a
    /// backup (its row differs) from the one it was given before.
    pub anchor: Option<AuditRow>,
    /// The branch file's audit row `to`: head office compares it (and the part's audit rows)
    /// with what it holds, so a bundle from a file restored from a backup is never taken for
    /// one it already has.
    #[serde(default)]
    pub tip: Option<AuditRow>,
    /// The audit id the branch was at when this sync began: every part's figures are at least
    /// this new, so head office skips a part only when it holds the branch up to `mark`.
    pub mark: i64,
    /// The scoring rules the scorecards were scored by (a new build may score differently).
    pub scoring_version: i64,
    /// The last part of its snapshot or range: it moves the watermark.
    pub last: bool,
    /// The branch's date: coverage and the live book-derived figures are as of it.
    pub as_of: NaiveDate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff: Vec<StaffRow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<ValueRow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actuals: Vec<ValueRow>,
    /// Figures cleared since head office last had them (their keys).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cleared_targets: Vec<ValueKeyRow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cleared_actuals: Vec<ValueKeyRow>,
    /// Months and their state; a month listed as `open` has no state row at the branch.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<MonthStateRow>,
    /// Whole periods scored by the branch: each replaces what head office holds for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scorecards: Vec<PeriodScores>,
    /// Every period the branch has figures for, when they may have changed: head office drops
    /// its scorecards of any other period of the branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<String>>,
    /// Every RM's coverage as of `as_of`, replacing what head office holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Vec<serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audit: Vec<AuditRow>,
}

/// How head office knows the branch; updated by every part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchLabel {
    pub code: String,
    pub region: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum PartKind {
    /// Everything the branch has, in parts stamped with one random `snapshot` id: the first
    /// part starts it, the last removes whatever head office held that the snapshot did not
    /// send (rows of a file's earlier life) and sets the watermark.
    Snapshot { snapshot: i64, first: bool },
    /// What audit rows `from+1..=to` touched, as the branch holds it now.
    Changes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffRow {
    pub login: String,
    pub name: String,
    pub role: String,
    pub manager_login: Option<String>,
    pub focus: Option<String>,
    pub segments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueRow {
    pub login: String,
    pub kpi: String,
    pub month: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ValueKeyRow {
    pub login: String,
    pub kpi: String,
    pub month: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthStateRow {
    pub month: String,
    pub state: String,
}

/// A period as the branch scored it: the scorecard export's employees, and the counts head
/// office's league needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodScores {
    pub period: String,
    pub first_month: String,
    pub last_month: String,
    #[serde(rename = "final")]
    pub is_final: bool,
    pub employees: Vec<EmployeeScores>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmployeeScores {
    pub login: String,
    pub name: String,
    pub role: String,
    pub overall: Option<f64>,
    pub band: Option<String>,
    pub rank: Option<u32>,
    pub completeness: Option<f64>,
    pub change: Option<f64>,
    /// Targeted and reported (KPI, month) cells over the period (SPEC §3 rule 8).
    pub targeted: u64,
    pub reported: u64,
    /// The employee as the branch's scorecard export shows them (KRAs and KPIs included).
    pub card: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub via: String,
}

impl Part {
    /// Rows this part carries, for progress and for bounding parts.
    pub fn rows(&self) -> usize {
        self.staff.len()
            + self.targets.len()
            + self.actuals.len()
            + self.cleared_targets.len()
            + self.cleared_actuals.len()
            + self.months.len()
            + self.scorecards.iter().map(|p| p.employees.len() + 1).sum::<usize>()
            + self.coverage.as_ref().map_or(0, Vec::len)
            + self.audit.len()
    }
}
