//! `import staff|customers|targets|actuals FILE.csv`: all or nothing, every problem located.

use super::args::ImportKind;
use super::progress::Bar;
use super::{Context, Failure};
use crate::import::{
    CUSTOMER_HEADER, STAFF_HEADER, VALUE_HEADER, describe_problems, read_records, validate_customers, validate_staff,
    validate_values,
};
use crate::store::{ImportRejected, ImportSummary, ProblemKind, RowProblem, ValueKind};
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
    let bytes = std::fs::read(file).map_err(|e| Failure::new(1, format!("{shown}: cannot read: {e}")))?;
    let header: &[&str] = match what {
        ImportKind::Staff => &STAFF_HEADER,
        ImportKind::Customers => &CUSTOMER_HEADER,
        ImportKind::Targets | ImportKind::Actuals => &VALUE_HEADER,
    };
    let records = read_records(&bytes, header).map_err(|problems| rejected(&shown, &problems))?;
    let bar = Bar::new(records.len() as u64, &format!("importing {shown}"));
    let result = match what {
        ImportKind::Staff => store.import_staff(&actor, |catalogue| validate_staff(&records, catalogue)),
        ImportKind::Customers => {
            store.import_customers(&actor, |catalogue| validate_customers(&records, catalogue), &bar)
        }
        ImportKind::Targets => {
            store.import_values(&actor, ValueKind::Target, |c| validate_values(&records, c, ValueKind::Target), &bar)
        }
        ImportKind::Actuals => {
            store.import_values(&actor, ValueKind::Actual, |c| validate_values(&records, c, ValueKind::Actual), &bar)
        }
    };
    bar.finish();
    let summary: ImportSummary = result.map_err(|rejection| match rejection {
        ImportRejected::Problems(problems) => rejected(&shown, &problems),
        ImportRejected::Store(e) => e.into(),
    })?;
    eprintln!(
        "imported {shown}: {} new, {} changed, {} unchanged",
        summary.created, summary.updated, summary.unchanged
    );
    Ok(())
}

/// Lists the problems; the exit code is that of the most serious kind (permission, then a
/// closed or not yet begun month, then bad data).
fn rejected(file: &str, problems: &[RowProblem]) -> Failure {
    let code = match problems.iter().map(|p| p.kind).max() {
        Some(ProblemKind::NotAllowed) => 3,
        Some(ProblemKind::Locked) => 4,
        _ => 1,
    };
    let mut lines = describe_problems(file, problems);
    lines.push(format!("{file}: nothing was imported ({} problems)", problems.len()));
    Failure { code, lines }
}
