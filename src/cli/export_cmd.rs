//! `export …`: what the acting user may see, as CSV or JSON on stdout.

use super::args::{ExportArgs, ExportKind, FormatArg};
use super::{Context, Failure};
use crate::domain::actor::Actor;
use crate::domain::period::{Month, Period};
use crate::export::{self, AUDIT_HEADER, COVERAGE_CSV_HEADER, SCORECARD_CSV_HEADER};
use crate::import::{CUSTOMER_HEADER, STAFF_HEADER, VALUE_HEADER, ValueKind};
use crate::store::{AuditFilter, Store};

pub fn run(context: &Context, args: &ExportArgs) -> Result<(), Failure> {
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    let period = match &args.period {
        Some(text) => Some(text.parse::<Period>().map_err(|e| Failure::usage(format!("--period: {e}")))?),
        None => None,
    };
    let out = std::io::stdout().lock();
    let json = args.format == FormatArg::Json;
    // Staff read only their own records; the manager reads everyone's.
    let only_login = (!actor.is_manager()).then_some(actor.login.as_str());
    match args.what {
        ExportKind::Scorecard => {
            let period = match period {
                Some(p) => p,
                None => Period::Month(default_month(&store, context)?),
            };
            let mut team = store.branch_data_for(period)?.score_period(period);
            actor.hide_details_of_others(&mut team);
            let report = export::scorecard_export(&team);
            if json {
                export::write_json(out, &report)?;
            } else {
                export::write_csv(out, &SCORECARD_CSV_HEADER, export::scorecard_csv_rows(&report))?;
            }
        }
        ExportKind::Staff => {
            let staff = visible_staff(&store, &actor)?;
            if json {
                export::write_json(out, &export::staff_json(&staff))?;
            } else {
                export::write_csv(out, &STAFF_HEADER, export::staff_csv_rows(&staff))?;
            }
        }
        ExportKind::Targets | ExportKind::Actuals => {
            let kind = if args.what == ExportKind::Targets { ValueKind::Target } else { ValueKind::Actual };
            let fiscal_start = store.settings()?.fiscal_start();
            let range = period.map(|p| {
                let months = p.months(fiscal_start);
                (months[0], months[months.len() - 1])
            });
            let records = store.value_records(kind, range, only_login)?;
            if json {
                let key = if kind == ValueKind::Target { "targets" } else { "actuals" };
                export::write_json(out, &export::values_json(key, &records))?;
            } else {
                export::write_csv(out, &VALUE_HEADER, export::value_csv_rows(&records))?;
            }
        }
        ExportKind::Coverage => {
            let as_of = args.as_of.unwrap_or(context.today);
            let staff = visible_staff(&store, &actor)?;
            let rms = actor.shown_in_full(&staff);
            let books = store.customer_facts_by_rm()?;
            let report = export::coverage_export(&rms, &books, &store.settings()?.norms, as_of);
            if json {
                export::write_json(out, &report)?;
            } else {
                export::write_csv(out, &COVERAGE_CSV_HEADER, export::coverage_csv_rows(&report))?;
            }
        }
        ExportKind::Audit => {
            let filter = AuditFilter { about_login: only_login.map(str::to_string), ..AuditFilter::default() };
            // With --period, only changes to that period's months (fiscal quarters and years).
            let range = match period {
                Some(p) => {
                    let months = p.months(store.settings()?.fiscal_start());
                    months.first().copied().zip(months.last().copied())
                }
                None => None,
            };
            let entries = store.audit_entries_of_months(&filter, range)?;
            if json {
                export::write_json(out, &serde_json::json!({ "audit": entries }))?;
            } else {
                export::write_csv(out, &AUDIT_HEADER, export::audit_csv_rows(&entries))?;
            }
        }
        ExportKind::Customers => {
            let customers = store.customers(only_login)?;
            if json {
                export::write_json(out, &export::customers_json(&customers))?;
            } else {
                export::write_csv(out, &CUSTOMER_HEADER, export::customer_csv_rows(&customers))?;
            }
        }
    }
    Ok(())
}

/// The latest month with actuals up to the current month (an actual stored for a later month
/// is ignored), else the current month.
pub fn default_month(store: &Store, context: &Context) -> Result<Month, Failure> {
    let current = Month::of_date(context.today);
    Ok(store.latest_month_with_actuals(current)?.unwrap_or(current))
}

/// The staff list as `actor` may read it (see `Actor::hide_staff_details_of_others`).
fn visible_staff(store: &Store, actor: &Actor) -> Result<Vec<crate::domain::staff::StaffMember>, Failure> {
    let mut staff = store.staff()?;
    actor.hide_staff_details_of_others(&mut staff);
    Ok(staff)
}
