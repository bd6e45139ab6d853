//! `actual set`, `target set` and `period close|reopen`: single audited changes.

use super::args::{PeriodAction, ValueAction};
use super::{Context, Failure};
use crate::domain::number::{parse_decimal, parse_kpi_value};
use crate::domain::period::Month;
use crate::store::{Expected, ValueKind, Via, format_value};

fn parse_month(text: &str) -> Result<Month, Failure> {
    text.parse().map_err(|e| Failure::usage(format!("--period: {e}")))
}

pub fn set_value(context: &Context, kind: ValueKind, action: &ValueAction) -> Result<(), Failure> {
    let ValueAction::Set(args) = action;
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    let login = match (&args.login, kind) {
        (Some(login), _) => login.clone(),
        (None, ValueKind::Actual) => actor.login.clone(),
        (None, ValueKind::Target) => return Err(Failure::usage("target set needs --login LOGIN")),
    };
    // Refuse early, before saying anything about other people's KPIs; the store checks again.
    match kind {
        ValueKind::Actual => actor.ensure_may_set_actual(&login)?,
        ValueKind::Target => actor.ensure_manager("set targets")?,
    }
    let month = parse_month(&args.period)?;
    let member = store
        .staff_member(&login)?
        .ok_or_else(|| Failure::usage(format!("--login: no staff member has the login {login:?}")))?;
    let templates = store.templates()?;
    let kpi = templates
        .get(&member.role)
        .and_then(|t| t.kpi(&args.kpi))
        .ok_or_else(|| Failure::usage(format!("--kpi: {:?} is not a KPI of {login} ({})", args.kpi, member.role)))?;
    let value = parse_kpi_value(&args.value, kpi.unit).map_err(|e| Failure::usage(format!("--value: {e}")))?;
    let expected = match args.expect.as_deref() {
        None => Expected::Anything,
        Some("none") | Some("") => Expected::Value(None),
        Some(text) => Expected::Value(Some(
            parse_decimal(text.trim_end_matches('%')).map_err(|e| Failure::usage(format!("--expect: {e}")))?,
        )),
    };
    let old = store.set_value(&actor, Via::Cli, kind, &login, &kpi.code, month, Some(value), expected)?;
    let was = old.map(format_value).unwrap_or_else(|| "empty".into());
    eprintln!("{} {login}/{}/{month} = {} (was {was})", kind.entity(), kpi.code, format_value(value));
    Ok(())
}

pub fn period(context: &Context, action: PeriodAction, month: &str) -> Result<(), Failure> {
    let month: Month = month.parse().map_err(|e| Failure::usage(format!("{e}")))?;
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    let closing = action == PeriodAction::Close;
    let changed = store.set_period_closed(&actor, Via::Cli, month, closing)?;
    let state = if closing { "closed" } else { "open" };
    if changed {
        eprintln!("{month} is now {state}");
    } else {
        eprintln!("{month} was already {state}");
    }
    Ok(())
}
