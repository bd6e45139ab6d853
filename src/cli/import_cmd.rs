//! `import staff|customers|targets|actuals FILE.csv`: read, checked and written row by row in
//! one transaction; all or nothing, every problem located.

use super::args::ImportKind;
use super::progress::Bar;
use super::{Context, Failure};
use crate::import::{
    CUSTOMER_HEADER, CsvRows, CustomerCheck, Feed, LIMITS, ProblemKind, RowProblem, STAFF_HEADER, StaffCheck,
    VALUE_HEADER, ValueCheck, ValueKind, check_file_size, describe_problems,
};
use crate::store::{ImportRejected, ImportSummary};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

pub fn run(context: &Context, what: ImportKind, file: &Path) -> Result<(), Failure> {
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    // Refuse before reading: only actuals may be imported by staff (the store checks again).
    match what {
        ImportKind::Staff => actor.ensure_manager("import staff")?,
        ImportKind::Customers => actor.ensure_manager("import customers")?,
        ImportKind::Targets => actor.ensure_manager("import targets")?,
        ImportKind::Actuals => {}
    }
    let shown = file.display().to_string();
    let (input, size) = open_input(file, &shown)?;
    let bar = Bar::for_bytes(size, &format!("importing {shown}"));
    let header: &[&str] = match what {
        ImportKind::Staff => &STAFF_HEADER,
        ImportKind::Customers => &CUSTOMER_HEADER,
        ImportKind::Targets | ImportKind::Actuals => &VALUE_HEADER,
    };
    let rows = CsvRows::new(input, header, LIMITS);
    let result = match what {
        ImportKind::Staff => {
            let mut feed = Feed::new(rows, StaffCheck::default(), &bar);
            store.import_staff(&actor, |catalogue| feed.next_row(catalogue))
        }
        ImportKind::Customers => {
            let mut feed = Feed::new(rows, CustomerCheck::default(), &bar);
            store.import_customers(&actor, |catalogue| feed.next_row(catalogue))
        }
        ImportKind::Targets | ImportKind::Actuals => {
            let kind = if what == ImportKind::Targets { ValueKind::Target } else { ValueKind::Actual };
            let mut feed = Feed::new(rows, ValueCheck::new(kind), &bar);
            store.import_values(&actor, kind, |catalogue| feed.next_row(catalogue))
        }
    };
    bar.finish();
    let summary: ImportSummary = result.map_err(|rejection| match rejection {
        ImportRejected::Problems { listed, total } => rejected(&shown, &listed, total),
        ImportRejected::Store(e) => store.explain(e).into(),
    })?;
    eprintln!(
        "imported {shown}: {} new, {} changed, {} unchanged",
        summary.created, summary.updated, summary.unchanged
    );
    Ok(())
}

/// The file, buffered, and its size in bytes (0 when it has none, as a pipe); a file beyond
/// the size limit is refused before a byte of it is read.
fn open_input(file: &Path, shown: &str) -> Result<(BufReader<File>, u64), Failure> {
    let cannot_read = |e: std::io::Error| Failure::new(1, format!("{shown}: cannot read: {e}"));
    let handle = File::open(file).map_err(cannot_read)?;
    let metadata = handle.metadata().map_err(cannot_read)?;
    if metadata.is_dir() {
        return Err(Failure::new(1, format!("{shown}: is a folder, not a CSV file")));
    }
    let size = if metadata.is_file() { metadata.len() } else { 0 };
    check_file_size(size, &LIMITS).map_err(|too_big| rejected(shown, &[too_big], 1))?;
    Ok((BufReader::with_capacity(64 * 1024, handle), size))
}

/// Lists the problems; the exit code is that of the most serious kind (permission, then a
/// closed or not yet begun month, then bad data).
fn rejected(file: &str, problems: &[RowProblem], total: usize) -> Failure {
    let code = match problems.iter().map(|p| p.kind).max() {
        Some(ProblemKind::NotAllowed) => 3,
        Some(ProblemKind::Locked) => 4,
        _ => 1,
    };
    let total = total.max(problems.len());
    let mut lines = describe_problems(file, problems, total);
    let noun = if total == 1 { "problem" } else { "problems" };
    lines.push(format!("{file}: nothing was imported ({total} {noun})"));
    Failure { code, lines }
}
