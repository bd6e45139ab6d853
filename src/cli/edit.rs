//! `actual set|clear` and `target set|clear|copy`: audited changes of one figure, and a
//! month's targets copied to another month in one go.

use super::args::{ClearValueArgs, CopyTargetsArgs, SetValueArgs, TargetAction, ValueAction};
use super::{Context, Failure};
use crate::domain::actor::Actor;
use crate::domain::number::{parse_decimal, parse_kpi_value};
use crate::domain::period::Month;
use crate::domain::template::Unit;
use crate::import::ValueKind;
use crate::store::{ConfirmedPlan, CopyPlan, Expected, Store, TargetCopy, ValueKey, Via, format_value};

pub fn run(context: &Context, kind: ValueKind, action: &ValueAction) -> Result<(), Failure> {
    match action {
        ValueAction::Set(args) => set_value(context, kind, args),
        ValueAction::Clear(args) => clear_value(context, kind, args),
    }
}

pub fn run_target(context: &Context, action: &TargetAction) -> Result<(), Failure> {
    match action {
        TargetAction::Set(args) => set_value(context, ValueKind::Target, args),
        TargetAction::Clear(args) => clear_value(context, ValueKind::Target, args),
        TargetAction::Copy(args) => copy_targets(context, args),
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

/// `target copy`: one month's targets to another, scaled; says on stderr what it wrote.
fn copy_targets(context: &Context, args: &CopyTargetsArgs) -> Result<(), Failure> {
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    actor.ensure_manager("copy targets")?;
    let month = |flag: &str, text: &str| -> Result<Month, Failure> {
        text.parse().map_err(|e| Failure::usage(format!("{flag}: {e}")))
    };
    let (from, to) = (month("--from", &args.from)?, month("--to", &args.to)?);
    let scale_percent =
        parse_decimal(args.scale.trim().trim_end_matches('%')).map_err(|e| Failure::usage(format!("--scale: {e}")))?;
    let copy = TargetCopy { from, to, scale_percent, login: args.login.as_deref() };
    // No preview to confirm on the command line: the copy writes what it finds.
    let plan = store.copy_targets(&actor, Via::Cli, &copy, ConfirmedPlan::Anything)?;
    eprintln!("{}", copy_summary(&copy, &plan));
    Ok(())
}

/// "copied 124 targets from 2026-11 to 2026-12 at 110%: 120 new, 4 replaced, 6 already so".
fn copy_summary(copy: &TargetCopy<'_>, plan: &CopyPlan) -> String {
    let whose = copy.login.map(|login| format!(" of {login}")).unwrap_or_default();
    let written = plan.writes.len();
    let mut summary = format!(
        "copied {written} target{}{whose} from {} to {} at {}%: {} new, {} replaced, {} already so",
        if written == 1 { "" } else { "s" },
        copy.from,
        copy.to,
        format_value(copy.scale_percent),
        plan.new_targets(),
        plan.replaced(),
        plan.unchanged,
    );
    if plan.skipped > 0 {
        summary.push_str(&format!(
            "; {} left out (no longer on the staff, or the KPI is not in their role's template)",
            plan.skipped
        ));
    }
    summary
}
