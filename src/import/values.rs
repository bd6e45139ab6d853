//! Checking rows of a targets or actuals file against the branch: known login, a KPI of their
//! role, a month, a value that parses and is in range for the KPI's unit, and no repeats.

use super::RowCheck;
use super::reader::RawRecord;
use super::rows::{Catalogue, RowProblem, ValueKind, ValueRow};
use crate::domain::number::{check_target_value, parse_kpi_value};
use crate::domain::period::Month;
use crate::domain::text::quote_cell;
use std::collections::HashMap;

pub const VALUE_HEADER: [&str; 4] = ["login", "kpi", "period", "value"];

/// Checks value rows one at a time, remembering each (login, KPI, month) it accepted and where,
/// compactly: a file of millions of rows names only a few hundred people and KPIs.
pub struct ValueCheck {
    kind: ValueKind,
    pair_ids: HashMap<(String, String), u32>,
    first_seen: HashMap<(u32, Month), u64>,
}

impl ValueCheck {
    pub fn new(kind: ValueKind) -> ValueCheck {
        ValueCheck { kind, pair_ids: HashMap::new(), first_seen: HashMap::new() }
    }

    /// The line that already gave this figure, or none (and it is remembered as given here).
    fn repeat_of(&mut self, login: &str, kpi: &str, month: Month, line: u64) -> Option<u64> {
        let next_id = self.pair_ids.len() as u32;
        let pair = *self.pair_ids.entry((login.to_string(), kpi.to_string())).or_insert(next_id);
        match self.first_seen.get(&(pair, month)) {
            Some(&first) => Some(first),
            None => {
                self.first_seen.insert((pair, month), line);
                None
            }
        }
    }
}

impl RowCheck for ValueCheck {
    type Row = ValueRow;

    fn check(&mut self, record: &RawRecord, catalogue: &Catalogue) -> Result<ValueRow, Vec<RowProblem>> {
        let line = record.line;
        let mut problems = Vec::new();
        let mut report = |column: usize, reason: String| {
            problems.push(RowProblem::invalid(line, column, reason));
        };
        let [login, kpi_code, period, value] = [0, 1, 2, 3].map(|i| record.fields[i].as_str());
        let member = catalogue.staff.get(login);
        if member.is_none() {
            report(
                1,
                if login.is_empty() { "empty login".into() } else { format!("unknown login {}", quote_cell(login)) },
            );
        }
        let kpi = catalogue.kpi_of(login, kpi_code);
        if let (Some(m), None) = (member, kpi) {
            let reason = if kpi_code.is_empty() {
                "empty KPI code".into()
            } else {
                format!("{} is not a KPI of {} ({})", quote_cell(kpi_code), m.login, m.role)
            };
            report(2, reason);
        }
        let month: Option<Month> = match period.parse() {
            Ok(m) => Some(m),
            Err(_) => {
                report(3, format!("{} is not a month (YYYY-MM)", quote_cell(period)));
                None
            }
        };
        let parsed = kpi.map(|k| {
            parse_kpi_value(value, k.unit).and_then(|v| match self.kind {
                ValueKind::Target => check_target_value(v).map(|()| v),
                ValueKind::Actual => Ok(v),
            })
        });
        match &parsed {
            Some(Err(e)) => report(4, e.to_string()),
            None if value.is_empty() => report(4, "empty value".into()),
            _ => {}
        }
        // Only rows naming a real figure can repeat one; the others are refused already.
        if let (Some(kpi), Some(month)) = (kpi, month)
            && let Some(first) = self.repeat_of(login, &kpi.code, month, line)
        {
            report(1, format!("the same login, KPI and period already appear on line {first}"));
        }
        match (kpi, month, parsed) {
            (Some(kpi), Some(month), Some(Ok(value))) if problems.is_empty() => {
                Ok(ValueRow { line, login: login.to_string(), kpi: kpi.code.clone(), month, value })
            }
            _ => Err(problems),
        }
    }
}
