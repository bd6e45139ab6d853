//! What a run of audit rows touched, as head office must be told: figures and people by key,
//! months whose periods must be scored again, and whether coverage or every period changed.

use crate::domain::period::Month;
use crate::store::AuditRecord;
use std::collections::BTreeSet;

/// A figure's key: (login, KPI, month as `YYYY-MM`).
pub type ValueKey = (String, String, String);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    pub targets: BTreeSet<ValueKey>,
    pub actuals: BTreeSet<ValueKey>,
    pub staff: BTreeSet<String>,
    /// Months whose state changed.
    pub month_states: BTreeSet<Month>,
    /// Months whose month, quarter and year (and the periods after them) score differently.
    pub months: BTreeSet<Month>,
    /// Every period scores differently (a setting, a person, a template changed).
    pub every_period: bool,
    /// The customer books changed: coverage and the open months' book-derived figures.
    pub books: bool,
}

impl Touched {
    /// Adds what one audit row changed. An entity this build does not know is taken as having
    /// changed everything it could (people, every period, coverage).
    pub fn add(&mut self, record: &AuditRecord) {
        let entry = &record.entry;
        match entry.entity.as_str() {
            "target" | "actual" => match value_key(&entry.key) {
                Some((key, month)) => {
                    if entry.entity == "target" { &mut self.targets } else { &mut self.actuals }.insert(key);
                    self.months.insert(month);
                }
                None => self.every_period = true,
            },
            "period" => match entry.key.parse() {
                Ok(month) => {
                    self.month_states.insert(month);
                    self.months.insert(month);
                }
                Err(_) => self.every_period = true,
            },
            "staff" => {
                self.staff.insert(entry.key.clone());
                self.every_period = true;
                self.books = true;
            }
            "customer" => self.books = true,
            // Capability ratings are not shipped and score nothing.
            "rating" => {}
            "setting" if matches!(entry.key.as_str(), "branch_code" | "region") => {}
            _ => {
                self.every_period = true;
                self.books = true;
            }
        }
    }

    pub fn of(records: &[AuditRecord]) -> Touched {
        let mut touched = Touched::default();
        for record in records {
            touched.add(record);
        }
        touched
    }
}

/// `login/kpi/YYYY-MM` as a key and its month.
fn value_key(key: &str) -> Option<(ValueKey, Month)> {
    let mut parts = key.rsplitn(3, '/');
    let (month_text, kpi, login) = (parts.next()?, parts.next()?, parts.next()?);
    let month: Month = month_text.parse().ok()?;
    Some(((login.to_string(), kpi.to_string(), month_text.to_string()), month))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::AuditEntry;

    fn record(entity: &str, key: &str) -> AuditRecord {
        AuditRecord {
            id: 1,
            entry: AuditEntry {
                at: "2026-11-01T00:00:00Z".into(),
                actor: "boss".into(),
                action: "set".into(),
                entity: entity.into(),
                key: key.into(),
                old: None,
                new: Some("1".into()),
                via: "cli".into(),
            },
        }
    }

    #[test]
    fn each_entity_touches_what_it_changes() {
        let touched = Touched::of(&[
            record("actual", "ravi.k/casa_balance/2026-10"),
            record("target", "ravi.k/casa_balance/2026-12"),
            record("period", "2026-09"),
            record("rating", "ravi.k/product_knowledge"),
            record("setting", "region"),
        ]);
        let month = |m: &str| m.parse::<Month>().unwrap();
        assert_eq!(touched.actuals.len(), 1);
        assert!(touched.actuals.contains(&("ravi.k".into(), "casa_balance".into(), "2026-10".into())));
        assert!(touched.targets.contains(&("ravi.k".into(), "casa_balance".into(), "2026-12".into())));
        assert_eq!(touched.month_states, [month("2026-09")].into());
        assert_eq!(touched.months, [month("2026-09"), month("2026-10"), month("2026-12")].into());
        assert!(!touched.every_period && !touched.books && touched.staff.is_empty());

        let customer = Touched::of(&[record("customer", "C1")]);
        assert!(customer.books && !customer.every_period);
        let staff = Touched::of(&[record("staff", "ravi.k")]);
        assert!(staff.every_period && staff.books && staff.staff.contains("ravi.k"));
        let fiscal = Touched::of(&[record("setting", "fiscal_year_start_month")]);
        assert!(fiscal.every_period && fiscal.books);
        assert!(Touched::of(&[record("something_new", "x")]).every_period);
        assert!(Touched::of(&[record("actual", "no-month-here")]).every_period);
    }
}
