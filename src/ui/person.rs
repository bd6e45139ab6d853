//! One person read in full for the drill-down: the month, quarter-to-date and year-to-date
//! scorecards side by side, and each KPI month by month with who changed it last.

use crate::domain::period::Month;

/// What the drill-down reads for one person and month, on demand.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonDetail {
    pub login: String,
    pub month: Option<Month>,
}
