//! A customer in an RM's book, as imported and shown in the portfolio.

use super::coverage::{CustomerFacts, CustomerStatus, Segment};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub id: String,
    pub name: String,
    pub segment: Segment,
    pub rm_login: String,
    pub products: Vec<String>,
    pub balance: f64,
    pub last_contact: Option<NaiveDate>,
    pub status: CustomerStatus,
}

impl Customer {
    pub fn products_text(&self) -> String {
        self.products.join(";")
    }

    /// What coverage needs of this customer.
    pub fn facts(&self) -> CustomerFacts {
        CustomerFacts {
            segment: self.segment,
            status: self.status,
            products: self.products.len() as u32,
            balance: self.balance,
            last_contact: self.last_contact,
        }
    }
}
