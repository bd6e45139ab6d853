//! Checking rows of a customer file: id, segment, an RM who exists, products, balance, date, status.

use super::reader::RawRecord;
use crate::domain::coverage::{CustomerStatus, Segment};
use crate::domain::customer::Customer;
use crate::domain::number::{MAX_MAGNITUDE, parse_decimal};
use crate::domain::template::Role;
use crate::store::{Catalogue, ProblemKind, RowProblem};
use std::collections::HashMap;

pub const CUSTOMER_HEADER: [&str; 8] =
    ["id", "name", "segment", "rm_login", "products", "balance", "last_contact", "status"];

pub fn validate_customers(records: &[RawRecord], catalogue: &Catalogue) -> Result<Vec<Customer>, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut customers = Vec::with_capacity(records.len());
    let mut lines_by_id: HashMap<&str, u64> = HashMap::new();
    for record in records {
        let line = record.line;
        let mut report = |column: usize, reason: String| {
            problems.push(RowProblem { line, column, reason, kind: ProblemKind::Invalid });
        };
        let f = &record.fields;
        let id = f[0].as_str();
        if id.is_empty() || id.len() > 64 {
            report(1, "the customer id must be 1 to 64 characters".into());
        } else if let Some(first) = lines_by_id.insert(id, line) {
            report(1, format!("customer {id} already appears on line {first}"));
        }
        if f[1].is_empty() {
            report(2, "empty name".into());
        }
        let segment = Segment::from_code(&f[2]);
        if segment.is_none() {
            report(3, format!("unknown segment {:?}; expected mass_retail, affluent, private, sme or corporate", f[2]));
        }
        match catalogue.staff.get(f[3].as_str()) {
            Some(rm) if rm.role == Role::RelationshipManager => {}
            Some(other) => report(4, format!("{} is a {}, not a relationship manager", other.login, other.role)),
            None => report(4, format!("unknown RM login {:?}", f[3])),
        }
        let products: Vec<String> =
            f[4].split(';').map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
        let balance = match parse_decimal(&f[5]) {
            Ok(b) if b.abs() <= MAX_MAGNITUDE => Some(b),
            Ok(_) => {
                report(6, format!("balance {} is out of range", f[5]));
                None
            }
            Err(e) => {
                report(6, format!("balance: {e}"));
                None
            }
        };
        let last_contact = if f[6].is_empty() {
            Some(None)
        } else {
            match chrono::NaiveDate::parse_from_str(&f[6], "%Y-%m-%d") {
                Ok(date) if f[6].len() == 10 => Some(Some(date)),
                _ => {
                    report(7, format!("{:?} is not a date (YYYY-MM-DD)", f[6]));
                    None
                }
            }
        };
        let status = CustomerStatus::from_code(&f[7]);
        if status.is_none() {
            report(8, format!("unknown status {:?}; expected active, dormant or closed", f[7]));
        }
        if let (Some(segment), Some(balance), Some(last_contact), Some(status)) =
            (segment, balance, last_contact, status)
        {
            customers.push(Customer {
                id: id.to_string(),
                name: f[1].clone(),
                segment,
                rm_login: f[3].clone(),
                products,
                balance,
                last_contact,
                status,
            });
        }
    }
    if problems.is_empty() { Ok(customers) } else { Err(problems) }
}
