//! Checking rows of a customer file: id, segment, an RM who exists, products, balance, a date
//! that is not in the future, status, and no id twice.

use super::RowCheck;
use super::reader::RawRecord;
use super::rows::{Catalogue, RowProblem};
use crate::domain::coverage::{CustomerStatus, Segment};
use crate::domain::customer::Customer;
use crate::domain::number::{MAX_MAGNITUDE, parse_decimal};
use crate::domain::template::Role;
use crate::domain::text::quote_cell;
use chrono::NaiveDate;
use std::collections::HashMap;

pub const CUSTOMER_HEADER: [&str; 8] =
    ["id", "name", "segment", "rm_login", "products", "balance", "last_contact", "status"];

/// Checks customer rows one at a time, remembering each id and its line: the only thing that
/// grows with the file.
#[derive(Default)]
pub struct CustomerCheck {
    lines_by_id: HashMap<Box<str>, u64>,
}

impl RowCheck for CustomerCheck {
    type Row = Customer;

    fn check(&mut self, record: &RawRecord, catalogue: &Catalogue) -> Result<Customer, Vec<RowProblem>> {
        let line = record.line;
        let mut problems = Vec::new();
        let mut report = |column: usize, reason: String| {
            problems.push(RowProblem::invalid(line, column, reason));
        };
        let f = &record.fields;
        let id = f[0].as_str();
        if id.is_empty() || id.chars().count() > 64 {
            report(1, "the customer id must be 1 to 64 characters".into());
        } else if let Some(&first) = self.lines_by_id.get(id) {
            report(1, format!("customer {} already appears on line {first}", quote_cell(id)));
        } else {
            self.lines_by_id.insert(id.into(), line);
        }
        if f[1].is_empty() {
            report(2, "empty name".into());
        }
        let segment = Segment::from_code(&f[2]);
        if segment.is_none() {
            report(
                3,
                format!(
                    "unknown segment {}; expected mass_retail, affluent, private, sme or corporate",
                    quote_cell(&f[2])
                ),
            );
        }
        match catalogue.staff.get(f[3].as_str()) {
            Some(rm) if rm.role == Role::RelationshipManager => {}
            Some(other) => report(4, format!("{} is a {}, not a relationship manager", other.login, other.role)),
            None => report(4, format!("unknown RM login {}", quote_cell(&f[3]))),
        }
        let products: Vec<String> =
            f[4].split(';').map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
        let balance = match parse_decimal(&f[5]) {
            Ok(b) if b.abs() <= MAX_MAGNITUDE => Some(b),
            Ok(_) => {
                report(6, format!("balance {} is out of range", quote_cell(&f[5])));
                None
            }
            Err(e) => {
                report(6, format!("balance: {e}"));
                None
            }
        };
        let last_contact = match contact_date(&f[6], catalogue.today) {
            Ok(date) => Some(date),
            Err(reason) => {
                report(7, reason);
                None
            }
        };
        let status = CustomerStatus::from_code(&f[7]);
        if status.is_none() {
            report(8, format!("unknown status {}; expected active, dormant or closed", quote_cell(&f[7])));
        }
        match (segment, balance, last_contact, status) {
            (Some(segment), Some(balance), Some(last_contact), Some(status)) if problems.is_empty() => Ok(Customer {
                id: id.to_string(),
                name: f[1].clone(),
                segment,
                rm_login: f[3].clone(),
                products,
                balance,
                last_contact,
                status,
            }),
            _ => Err(problems),
        }
    }
}

/// An empty cell (never contacted) or a `YYYY-MM-DD` date no later than today: a contact that
/// has not happened yet is a typing error, and would count as covered for months.
fn contact_date(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) if text.len() == 10 && date > today => {
            Err(format!("last contact {date} is in the future (today is {today})"))
        }
        Ok(date) if text.len() == 10 => Ok(Some(date)),
        _ => Err(format!("{} is not a date (YYYY-MM-DD)", quote_cell(text))),
    }
}
