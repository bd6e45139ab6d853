//! Imports: reading a CSV file row by row and checking each row against the branch while the
//! store writes it, so that a file of millions of rows needs little memory.

mod customers;
mod reader;
mod rows;
mod scan;
mod staff;
mod values;

pub use customers::{CUSTOMER_HEADER, CustomerCheck};
pub use reader::{CsvRows, LIMITS, Limits, RawRecord, check_file_size, read_records};
pub use rows::{Catalogue, CheckedRow, ProblemKind, Progress, RowProblem, ValueKind, ValueRow};
pub use staff::{STAFF_HEADER, StaffCheck};
pub use values::{VALUE_HEADER, ValueCheck};

use std::io::BufRead;

/// Checks the rows of one kind of file, one at a time, remembering only what it needs to spot
/// repeats and to judge the file as a whole at the end.
pub trait RowCheck {
    type Row;

    /// The row to write, or every problem with it.
    fn check(&mut self, record: &RawRecord, catalogue: &Catalogue) -> Result<Self::Row, Vec<RowProblem>>;

    /// Problems only the whole file shows (manager loops); most files have none.
    fn finish(&mut self, _catalogue: &Catalogue) -> Vec<RowProblem> {
        Vec::new()
    }
}

/// A file's rows checked as the store asks for them: each gives its line and row, or its
/// problems; after the last row come the whole-file problems, if any.
pub struct Feed<'p, R, C> {
    rows: CsvRows<R>,
    check: C,
    progress: &'p dyn Progress,
    reported: u64,
    finished: bool,
}

impl<'p, R: BufRead, C: RowCheck> Feed<'p, R, C> {
    /// `progress` advances by the bytes read.
    pub fn new(rows: CsvRows<R>, check: C, progress: &'p dyn Progress) -> Self {
        Feed { rows, check, progress, reported: 0, finished: false }
    }

    pub fn next_row(&mut self, catalogue: &Catalogue) -> Option<CheckedRow<C::Row>> {
        if self.finished {
            return None;
        }
        let Some(row) = self.rows.next() else {
            self.finished = true;
            let problems = if self.rows.complete() { self.check.finish(catalogue) } else { Vec::new() };
            return (!problems.is_empty()).then_some(Err(problems));
        };
        let read = self.rows.bytes_read();
        self.progress.advance(read - self.reported);
        self.reported = read;
        Some(row.and_then(|record| self.check.check(&record, catalogue).map(|checked| (record.line, checked))))
    }
}

/// How many problems a rejected import lists before summarising the rest.
pub const PROBLEMS_SHOWN: usize = 50;

/// `FILE:LINE:COLUMN: reason` lines for a rejected import, sorted by position; `total` counts
/// the problems found, more than were kept when the file was full of them.
pub fn describe_problems(file: &str, problems: &[RowProblem], total: usize) -> Vec<String> {
    let mut sorted: Vec<&RowProblem> = problems.iter().collect();
    sorted.sort_by_key(|p| (p.line, p.column));
    let mut shown_problems: Vec<&RowProblem> = sorted.iter().take(PROBLEMS_SHOWN).copied().collect();
    // The most serious kind decides the exit code: one of them is always shown, also when it
    // comes after the first PROBLEMS_SHOWN.
    if let Some(worst) = sorted.iter().rev().max_by_key(|p| p.kind)
        && !shown_problems.iter().any(|p| p.kind == worst.kind)
    {
        shown_problems.push(worst);
    }
    let mut lines: Vec<String> =
        shown_problems.iter().map(|p| format!("{file}:{}:{}: {}", p.line, p.column, p.reason)).collect();
    let shown = lines.len();
    if total.max(sorted.len()) > shown {
        lines.push(format!("{file}: … and {} more problems", total.max(sorted.len()) - shown));
    }
    lines
}
