//! Checking rows of a targets or actuals file against the branch: known login, a KPI of their
//! role, a month, and a value that parses and is in range for the KPI's unit.

use super::reader::RawRecord;
use crate::domain::number::{check_target_value, parse_kpi_value};
use crate::domain::period::Month;
use crate::store::{Catalogue, ProblemKind, RowProblem, ValueKind, ValueRow};
use std::collections::HashMap;

pub const VALUE_HEADER: [&str; 4] = ["login", "kpi", "period", "value"];

/// Turns raw rows into values, or lists every problem found.
pub fn validate_values(
    records: &[RawRecord],
    catalogue: &Catalogue,
    kind: ValueKind,
) -> Result<Vec<ValueRow>, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut rows = Vec::with_capacity(records.len());
    let mut first_seen: HashMap<(String, String, String), u64> = HashMap::new();
    for record in records {
        let line = record.line;
        let mut report = |column: usize, reason: String| {
            problems.push(RowProblem { line, column, reason, kind: ProblemKind::Invalid });
        };
        let [login, kpi_code, period, value] = [0, 1, 2, 3].map(|i| record.fields[i].as_str());
        let member = catalogue.staff.get(login);
        if member.is_none() {
            report(1, if login.is_empty() { "empty login".into() } else { format!("unknown login {login:?}") });
        }
        let kpi = member.and_then(|m| catalogue.templates.get(&m.role).and_then(|t| t.kpi(kpi_code)));
        if let (Some(m), None) = (member, kpi) {
            let reason = if kpi_code.is_empty() {
                "empty KPI code".into()
            } else {
                format!("{kpi_code:?} is not a KPI of {} ({})", m.login, m.role)
            };
            report(2, reason);
        }
        let month: Option<Month> = match period.parse() {
            Ok(m) => Some(m),
            Err(_) => {
                report(3, format!("{period:?} is not a month (YYYY-MM)"));
                None
            }
        };
        let parsed = kpi.map(|k| {
            parse_kpi_value(value, k.unit).and_then(|v| match kind {
                ValueKind::Target => check_target_value(v).map(|()| v),
                ValueKind::Actual => Ok(v),
            })
        });
        match &parsed {
            Some(Err(e)) => report(4, e.to_string()),
            None if value.is_empty() => report(4, "empty value".into()),
            _ => {}
        }
        let key = (login.to_string(), kpi_code.to_string(), period.to_string());
        if let Some(first) = first_seen.get(&key) {
            report(1, format!("the same login, KPI and period already appear on line {first}"));
        } else {
            first_seen.insert(key, line);
        }
        if let (Some(kpi), Some(month), Some(Ok(value))) = (kpi, month, parsed) {
            rows.push(ValueRow { line, login: login.to_string(), kpi: kpi.code.clone(), month, value });
        }
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}
