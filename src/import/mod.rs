//! Imports: reading a CSV file and checking every row before the store writes any of it.

mod customers;
mod reader;
mod staff;
mod values;

pub use customers::{CUSTOMER_HEADER, validate_customers};
pub use reader::{RawRecord, read_records};
pub use staff::{STAFF_HEADER, validate_staff};
pub use values::{VALUE_HEADER, validate_values};

use crate::store::RowProblem;

/// How many problems a rejected import lists before summarising the rest.
pub const PROBLEMS_SHOWN: usize = 50;

/// `FILE:LINE:COLUMN: reason` lines for a rejected import, sorted by position.
pub fn describe_problems(file: &str, problems: &[RowProblem]) -> Vec<String> {
    let mut sorted: Vec<&RowProblem> = problems.iter().collect();
    sorted.sort_by_key(|p| (p.line, p.column));
    let mut lines: Vec<String> =
        sorted.iter().take(PROBLEMS_SHOWN).map(|p| format!("{file}:{}:{}: {}", p.line, p.column, p.reason)).collect();
    if sorted.len() > PROBLEMS_SHOWN {
        lines.push(format!("{file}: … and {} more problems", sorted.len() - PROBLEMS_SHOWN));
    }
    lines
}
