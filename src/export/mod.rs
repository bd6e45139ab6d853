//! Exports: what each reader may see of the branch, as CSV (import formats where there is one)
//! or JSON (the shapes of SPEC §6).

mod coverage;
mod scorecard;

pub use coverage::{COVERAGE_CSV_HEADER, CoverageExport, RmCoverage, coverage_csv_rows, coverage_export};
pub use scorecard::{SCORECARD_CSV_HEADER, ScorecardExport, direction_code, scorecard_csv_rows, scorecard_export};

use crate::domain::customer::Customer;
use crate::domain::staff::StaffMember;
use crate::domain::text::guard_formula;
use crate::store::{AuditEntry, ValueRecord, format_value};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// A computed figure for CSV: rounded to 2 decimals, never printed as `-0.00`.
pub fn two_decimals(value: f64) -> String {
    let text = format!("{value:.2}");
    if text == "-0.00" { "0.00".to_string() } else { text }
}

/// A money aggregate rounded to cents (SPEC §6), through the same decimal rounding as CSV so
/// that JSON and CSV agree: 323153777.3599998 becomes 323153777.36.
pub fn round_money(value: f64) -> f64 {
    two_decimals(value).parse().unwrap_or(value)
}

/// Writes a header and rows as CSV. A text cell a spreadsheet would run as a formula gets a
/// leading `'` (SPEC §6; imports remove it again); plain numbers stay numbers.
pub fn write_csv(out: impl Write, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header)?;
    for row in rows {
        for cell in &row {
            writer.write_field(guard_formula(cell).as_bytes())?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes a value as pretty JSON followed by a newline.
pub fn write_json(mut out: impl Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)
}

pub fn staff_csv_rows(staff: &[StaffMember]) -> Vec<Vec<String>> {
    staff
        .iter()
        .map(|m| {
            vec![
                m.login.clone(),
                m.name.clone(),
                m.role.code().to_string(),
                m.manager_login.clone().unwrap_or_default(),
                m.focus.map(|f| f.code().to_string()).unwrap_or_default(),
                m.segments_text(),
                m.os_user.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

#[derive(Serialize)]
pub struct StaffJson {
    pub login: String,
    pub name: String,
    pub role: String,
    pub manager_login: Option<String>,
    pub focus: Option<String>,
    pub segments: Vec<String>,
    pub os_user: Option<String>,
}

pub fn staff_json(staff: &[StaffMember]) -> serde_json::Value {
    let rows: Vec<StaffJson> = staff
        .iter()
        .map(|m| StaffJson {
            login: m.login.clone(),
            name: m.name.clone(),
            role: m.role.code().to_string(),
            manager_login: m.manager_login.clone(),
            focus: m.focus.map(|f| f.code().to_string()),
            segments: m.segments.iter().map(|s| s.code().to_string()).collect(),
            os_user: m.os_user.clone(),
        })
        .collect();
    serde_json::json!({ "staff": rows })
}

/// Stored targets or actuals in their import format. Exported actuals are the stored ones only:
/// an open month's book-derived KPIs, read live everywhere else, are not stored until the month
/// closes, and leaving them out keeps the round trip through `import actuals` exact (nobody
/// may import them). The scorecard export shows them, scored from `Store::branch_data`.
pub fn value_csv_rows(records: &[ValueRecord]) -> Vec<Vec<String>> {
    records.iter().map(|r| vec![r.login.clone(), r.kpi.clone(), r.month.to_string(), format_value(r.value)]).collect()
}

/// `{"targets": [...]}` or `{"actuals": [...]}`, of stored values only (see `value_csv_rows`).
pub fn values_json(key: &str, records: &[ValueRecord]) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = records
        .iter()
        .map(|r| serde_json::json!({ "login": r.login, "kpi": r.kpi, "period": r.month.to_string(), "value": r.value }))
        .collect();
    serde_json::json!({ key: rows })
}

pub const AUDIT_HEADER: [&str; 8] = ["at", "actor", "action", "entity", "key", "old", "new", "via"];

pub fn audit_csv_rows(entries: &[AuditEntry]) -> Vec<Vec<String>> {
    entries
        .iter()
        .map(|e| {
            vec![
                e.at.clone(),
                e.actor.clone(),
                e.action.clone(),
                e.entity.clone(),
                e.key.clone(),
                e.old.clone().unwrap_or_default(),
                e.new.clone().unwrap_or_default(),
                e.via.clone(),
            ]
        })
        .collect()
}

pub fn customer_csv_rows(customers: &[Customer]) -> Vec<Vec<String>> {
    customers
        .iter()
        .map(|c| {
            vec![
                c.id.clone(),
                c.name.clone(),
                c.segment.code().to_string(),
                c.rm_login.clone(),
                c.products_text(),
                format_value(c.balance),
                c.last_contact.map(|d| d.to_string()).unwrap_or_default(),
                c.status.code().to_string(),
            ]
        })
        .collect()
}

pub fn customers_json(customers: &[Customer]) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = customers
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id, "name": c.name, "segment": c.segment.code(), "rm_login": c.rm_login,
                "products": c.products, "balance": c.balance,
                "last_contact": c.last_contact.map(|d| d.to_string()), "status": c.status.code(),
            })
        })
        .collect();
    serde_json::json!({ "customers": rows })
}
