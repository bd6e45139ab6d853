//! `period list|close|reopen`: the months of the branch, and closing or reopening one.

use super::args::{FormatArg, PeriodAction};
use super::{Context, Failure};
use crate::domain::period::Month;
use crate::export;
use crate::store::{PeriodChange, PeriodSummary, Via};
use serde::Serialize;

/// `period list --format csv`'s header.
pub const PERIOD_HEADER: [&str; 5] = ["month", "state", "targeted", "reported", "unreported"];

pub fn run(context: &Context, action: &PeriodAction) -> Result<(), Failure> {
    match action {
        PeriodAction::List { format } => list(context, *format),
        PeriodAction::Close { month, allow_missing } => {
            change(context, month, PeriodChange::Close { allow_missing: *allow_missing })
        }
        PeriodAction::Reopen { month } => change(context, month, PeriodChange::Reopen),
    }
}

/// One line of `period list`.
#[derive(Debug, Serialize)]
struct PeriodLine {
    month: String,
    state: &'static str,
    targeted: u64,
    reported: u64,
    unreported: u64,
}

impl From<&PeriodSummary> for PeriodLine {
    fn from(p: &PeriodSummary) -> Self {
        PeriodLine {
            month: p.month.to_string(),
            state: if p.closed { "closed" } else { "open" },
            targeted: p.targeted,
            reported: p.reported,
            unreported: p.unreported(),
        }
    }
}

/// `period list --format json`: `{"periods": [...]}`.
#[derive(Debug, Serialize)]
struct PeriodList<'a> {
    periods: &'a [PeriodLine],
}

fn list(context: &Context, format: FormatArg) -> Result<(), Failure> {
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    // Staff count only their own values; the months and their states are the branch's.
    let only_login = (!actor.is_manager()).then_some(actor.login.as_str());
    let lines: Vec<PeriodLine> = store.period_summaries(only_login)?.iter().map(PeriodLine::from).collect();
    let out = std::io::stdout().lock();
    match format {
        FormatArg::Json => export::write_json(out, &PeriodList { periods: &lines })?,
        FormatArg::Csv => export::write_csv(
            out,
            &PERIOD_HEADER,
            lines.iter().map(|l| {
                vec![
                    l.month.clone(),
                    l.state.to_string(),
                    l.targeted.to_string(),
                    l.reported.to_string(),
                    l.unreported.to_string(),
                ]
            }),
        )?,
    }
    Ok(())
}

fn change(context: &Context, month: &str, change: PeriodChange) -> Result<(), Failure> {
    let month: Month = month.parse().map_err(|e| Failure::usage(format!("{e}")))?;
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    let changed = store.change_period(&actor, Via::Cli, month, change)?;
    let state = if change == PeriodChange::Reopen { "open" } else { "closed" };
    if changed {
        eprintln!("{month} is now {state}");
    } else {
        eprintln!("{month} was already {state}");
    }
    Ok(())
}
