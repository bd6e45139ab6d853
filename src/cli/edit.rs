//! `actual set|clear` and `target set|clear`: single audited changes of one figure.

use super::args::{ClearValueArgs, SetValueArgs, ValueAction};
use super::{Context, Failure};
use crate::domain::actor::Actor;
use crate::domain::number::{parse_decimal, parse_kpi_value};
use crate::domain::period::Month;
use crate::domain::template::Unit;
use crate::import::ValueKind;
use crate::store::{Expected, Store, ValueKey, Via, format_value};

pub fn run(context: &Context, kind: ValueKind, action: &ValueAction) -> Result<(), Failure> {
    match action {
        ValueAction::Set(args) => set_value(context, kind, args),
        ValueAction::Clear(args) => clear_value(context, kind, args),
    }
}

/// The figure a command is about, checked as far as the command line can before the store
/// checks everything again in its transaction.
struct Figure {
    store: Store,
    actor: Actor,
    login: String,
    kpi: String,
    unit: Unit,
    month: Month,
}

fn figure(
    context: &Context,
    kind: ValueKind,
    verb: &str,
    login: Option<&str>,
    kpi: &str,
    period: &str,
) -> Result<Figure, Failure> {
    let store = context.open_store()?;
    let actor = context.actor(&store)?;
    let login = match (login, kind) {
        (Some(login), _) => login.to_string(),
        (None, ValueKind::Actual) => actor.login.clone(),
        (None, ValueKind::Target) => return Err(Failure::usage(format!("target {verb} needs --login LOGIN"))),
    };
    // Refuse early, before saying anything about other people's KPIs; the store checks again.
    match kind {
        ValueKind::Actual => actor.ensure_may_set_actual(&login)?,
        ValueKind::Target => actor.ensure_manager(&format!("{verb} targets"))?,
    }
    let month: Month = period.parse().map_err(|e| Failure::usage(format!("--period: {e}")))?;
    let member = store
        .staff_member(&login)?
        .ok_or_else(|| Failure::usage(format!("--login: no staff member has the login {login:?}")))?;
    let templates = store.templates()?;
    let found = templates
        .get(&member.role)
        .and_then(|t| t.kpi(kpi))
        .ok_or_else(|| Failure::usage(format!("--kpi: {kpi:?} is not a KPI of {login} ({})", member.role)))?;
    if kind == ValueKind::Actual {
        actor.ensure_may_enter(found)?;
    }
    let (kpi, unit) = (found.code.clone(), found.unit);
    Ok(Figure { store, actor, login, kpi, unit, month })
}

/// `--expect V`: the value the user saw (`none` or empty: no value).
fn expected(text: Option<&str>) -> Result<Expected, Failure> {
    Ok(match text {
        None => Expected::Anything,
        Some("none") | Some("") => Expected::Value(None),
        Some(text) => Expected::Value(Some(
            parse_decimal(text.trim_end_matches('%')).map_err(|e| Failure::usage(format!("--expect: {e}")))?,
        )),
    })
}

fn set_value(context: &Context, kind: ValueKind, args: &SetValueArgs) -> Result<(), Failure> {
    let mut f = figure(context, kind, "set", args.login.as_deref(), &args.kpi, &args.period)?;
    let value = parse_kpi_value(&args.value, f.unit).map_err(|e| Failure::usage(format!("--value: {e}")))?;
    let expected = expected(args.expect.as_deref())?;
    let key = ValueKey { login: &f.login, kpi: &f.kpi, month: f.month };
    let old = f.store.set_value(&f.actor, Via::Cli, kind, key, Some(value), expected)?;
    let was = old.map(format_value).unwrap_or_else(|| "empty".into());
    eprintln!("{} {} = {} (was {was})", kind.entity(), key.audit_key(), format_value(value));
    Ok(())
}

fn clear_value(context: &Context, kind: ValueKind, args: &ClearValueArgs) -> Result<(), Failure> {
    let mut f = figure(context, kind, "clear", args.login.as_deref(), &args.kpi, &args.period)?;
    let expected = expected(args.expect.as_deref())?;
    let key = ValueKey { login: &f.login, kpi: &f.kpi, month: f.month };
    let old = f.store.set_value(&f.actor, Via::Cli, kind, key, None, expected)?;
    let key = key.audit_key();
    match old {
        Some(old) => eprintln!("{} {key} cleared (was {})", kind.entity(), format_value(old)),
        None => eprintln!("{} {key} was already empty", kind.entity()),
    }
    Ok(())
}
