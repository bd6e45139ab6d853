//! Customers and capability ratings: the RM books that coverage is computed from.

use super::audit::{self, Change, RowEffect, Stamp, Via, upsert_audited};
use super::error::{StoreError, StoreResult};
use super::{Store, staff};
use crate::domain::actor::Actor;
use crate::domain::coverage::{CustomerFacts, CustomerStatus, Segment};
use crate::domain::customer::Customer;
use crate::domain::template::Role;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;

const CUSTOMER_COLUMNS: &str = "id, name, segment, rm_login, products, balance, last_contact, status";

fn customer_from_row(row: &Row<'_>) -> rusqlite::Result<Customer> {
    let corrupt = |what: String| rusqlite::Error::InvalidColumnType(0, what, rusqlite::types::Type::Text);
    let segment: String = row.get(2)?;
    let products: String = row.get(4)?;
    let last_contact: Option<String> = row.get(6)?;
    let status: String = row.get(7)?;
    Ok(Customer {
        id: row.get(0)?,
        name: row.get(1)?,
        segment: Segment::from_code(&segment).ok_or_else(|| corrupt(format!("segment {segment}")))?,
        rm_login: row.get(3)?,
        products: products.split(';').filter(|p| !p.is_empty()).map(str::to_string).collect(),
        balance: row.get(5)?,
        last_contact: match last_contact {
            Some(text) => Some(text.parse().map_err(|_| corrupt(format!("date {text}")))?),
            None => None,
        },
        status: CustomerStatus::from_code(&status).ok_or_else(|| corrupt(format!("status {status}")))?,
    })
}

fn customer_audit_text(c: &Customer) -> String {
    format!(
        "{},{},{},{},{},{},{},{}",
        c.id,
        c.name,
        c.segment.code(),
        c.rm_login,
        c.products_text(),
        c.balance,
        c.last_contact.map(|d| d.to_string()).unwrap_or_default(),
        c.status.code()
    )
}

pub(super) fn load_customer(conn: &Connection, id: &str) -> StoreResult<Option<Customer>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {CUSTOMER_COLUMNS} FROM customer WHERE id = ?1"))?
        .query_row([id], customer_from_row)
        .optional()?)
}

/// Writes one customer row (insert, or update by id); callers audit.
fn write_customer_row(conn: &Connection, c: &Customer) -> StoreResult<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO customer ({CUSTOMER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, segment = excluded.segment,
             rm_login = excluded.rm_login, products = excluded.products, balance = excluded.balance,
             last_contact = excluded.last_contact, status = excluded.status"
    ))?
    .execute(params![
        c.id,
        c.name,
        c.segment.code(),
        c.rm_login,
        c.products_text(),
        c.balance,
        c.last_contact.map(|d| d.to_string()),
        c.status.code()
    ])?;
    Ok(())
}

/// Inserts one customer without auditing it row by row; for generated demo books only.
pub(super) fn insert_customer_unaudited(conn: &Connection, c: &Customer) -> StoreResult<()> {
    write_customer_row(conn, c)
}

/// Inserts or updates one customer and audits the change.
pub(super) fn upsert_customer(conn: &Connection, stamp: &Stamp<'_>, c: &Customer) -> StoreResult<RowEffect> {
    let before = load_customer(conn, &c.id)?;
    upsert_audited(conn, stamp, ("customer", &c.id), before, c, customer_audit_text, || write_customer_row(conn, c))
}

pub(super) fn write_rating(
    conn: &Connection,
    stamp: &Stamp<'_>,
    login: &str,
    capability: &str,
    rating: u8,
) -> StoreResult<()> {
    let old: Option<i64> = conn
        .prepare_cached("SELECT rating FROM capability_rating WHERE login = ?1 AND capability = ?2")?
        .query_row(params![login, capability], |r| r.get(0))
        .optional()?;
    if old == Some(i64::from(rating)) {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO capability_rating (login, capability, rating) VALUES (?1, ?2, ?3)
         ON CONFLICT (login, capability) DO UPDATE SET rating = excluded.rating",
    )?
    .execute(params![login, capability, rating])?;
    audit::append(
        conn,
        stamp,
        Change {
            action: "rate",
            entity: "rating",
            key: &format!("{login}/{capability}"),
            old: old.map(|r| r.to_string()),
            new: Some(rating.to_string()),
        },
    )
}

impl Store {
    /// All customers, or one RM's book, by id.
    pub fn customers(&self, rm_login: Option<&str>) -> StoreResult<Vec<Customer>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customer WHERE (?1 IS NULL OR rm_login = ?1) ORDER BY id"
        ))?;
        let rows = stmt.query_map([rm_login], customer_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What coverage needs of every customer, keyed by RM login, read in one pass without
    /// the names and product lists the portfolio table needs (those load per RM).
    pub fn customer_facts_by_rm(&self) -> StoreResult<HashMap<String, Vec<CustomerFacts>>> {
        // A plain table scan: ordering by RM would walk the index and jump around the table.
        let mut stmt =
            self.conn.prepare("SELECT rm_login, segment, status, products, balance, last_contact FROM customer")?;
        let mut rows = stmt.query([])?;
        let mut books: HashMap<String, Vec<CustomerFacts>> = HashMap::new();
        let text = |row: &rusqlite::Row<'_>, i: usize| -> StoreResult<String> {
            Ok(row.get_ref(i)?.as_str().map_err(rusqlite::Error::from)?.to_string())
        };
        while let Some(row) = rows.next()? {
            let login = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let corrupt = |what: &str| StoreError::Corrupt(format!("customer of {login}: bad {what}"));
            let segment = Segment::from_code(row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?)
                .ok_or_else(|| corrupt("segment"))?;
            let status = CustomerStatus::from_code(row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?)
                .ok_or_else(|| corrupt("status"))?;
            let products =
                row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?.split(';').filter(|p| !p.is_empty()).count();
            let last_contact = match row.get_ref(5)?.as_str_or_null().map_err(rusqlite::Error::from)? {
                Some(date) => Some(date.parse().map_err(|_| corrupt("contact date"))?),
                None => None,
            };
            let facts =
                CustomerFacts { segment, status, products: products as u32, balance: row.get(4)?, last_contact };
            match books.get_mut(login) {
                Some(book) => book.push(facts),
                None => {
                    books.insert(text(row, 0)?, vec![facts]);
                }
            }
        }
        Ok(books)
    }

    /// Rates one RM capability 1–5 (branch manager only), audited.
    pub fn set_capability_rating(
        &mut self,
        actor: &Actor,
        via: Via,
        login: &str,
        capability: &str,
        rating: u8,
    ) -> StoreResult<()> {
        actor.ensure_manager("rate capabilities")?;
        if !(1..=5).contains(&rating) {
            return Err(StoreError::Invalid(format!("rating {rating} is outside 1–5")));
        }
        let known = crate::domain::capability::builtin_capabilities().map_err(StoreError::Corrupt)?;
        if !known.iter().any(|c| c.code == capability) {
            return Err(StoreError::Invalid(format!("{capability:?} is not a capability")));
        }
        self.write(|tx| {
            match staff::load_member(tx, login)? {
                None => return Err(StoreError::Invalid(format!("no staff member has the login {login:?}"))),
                Some(m) if m.role != Role::RelationshipManager => {
                    return Err(StoreError::Invalid(format!(
                        "{login} is a {}; capabilities are rated for RMs",
                        m.role
                    )));
                }
                Some(_) => {}
            }
            write_rating(tx, &Stamp::now(&actor.login, via), login, capability, rating)
        })
    }

    /// One person's capability ratings by capability code.
    pub fn capability_ratings(&self, login: &str) -> StoreResult<HashMap<String, u8>> {
        let mut stmt = self.conn.prepare_cached("SELECT capability, rating FROM capability_rating WHERE login = ?1")?;
        let rows = stmt.query_map([login], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn unknown_customer(id: &str) -> StoreError {
    StoreError::Invalid(format!("no customer has the id {id:?}"))
}

/// Sets one customer's last contact; callers check and audit.
fn write_last_contact(conn: &Connection, id: &str, date: NaiveDate) -> StoreResult<()> {
    conn.prepare_cached("UPDATE customer SET last_contact = ?2 WHERE id = ?1")?
        .execute(params![id, date.to_string()])?;
    Ok(())
}

/// Moves one customer to another RM; callers check and audit.
fn write_rm(conn: &Connection, id: &str, rm_login: &str) -> StoreResult<()> {
    conn.prepare_cached("UPDATE customer SET rm_login = ?2 WHERE id = ?1")?.execute(params![id, rm_login])?;
    Ok(())
}

impl Store {
    /// Records a contact with a customer on `date` (audited: entity "customer", action
    /// "contact", key = id, old/new = the last-contact dates); returns the previous last
    /// contact. A contact on the date already recorded changes nothing and is not audited.
    /// Refuses a date after the store's today, and a date before the recorded last contact
    /// (it would move the last contact backwards).
    pub fn record_contact(
        &mut self,
        actor: &Actor,
        via: Via,
        customer_id: &str,
        date: NaiveDate,
    ) -> StoreResult<Option<NaiveDate>> {
        let today = self.today;
        self.write(|tx| {
            let customer = load_customer(tx, customer_id)?.ok_or_else(|| unknown_customer(customer_id))?;
            actor.ensure_may_record_contact(&customer.id, &customer.rm_login)?;
            if date > today {
                return Err(StoreError::Invalid(format!(
                    "a contact on {date} is in the future (today is {today}); record it on the day it happens"
                )));
            }
            let last = customer.last_contact;
            match last {
                Some(last) if last > date => {
                    return Err(StoreError::Invalid(format!(
                        "{customer_id} already has a later contact recorded, on {last}; a contact on {date} would \
                         move the last contact backwards"
                    )));
                }
                Some(last) if last == date => return Ok(Some(last)),
                _ => {}
            }
            write_last_contact(tx, customer_id, date)?;
            audit::append(
                tx,
                &Stamp::now(&actor.login, via),
                Change {
                    action: "contact",
                    entity: "customer",
                    key: customer_id,
                    old: last.map(|d| d.to_string()),
                    new: Some(date.to_string()),
                },
            )?;
            Ok(last)
        })
    }

    /// Moves customers to another RM in ONE transaction (audited per customer: action
    /// "assign", old/new = RM logins); returns how many moved (ones already with that RM are
    /// skipped). Branch manager only; `rm_login` must be a relationship manager; nothing is
    /// written if any id is unknown, or, with `from_rm`, if any customer is no longer with
    /// that RM (a conflict: the mover saw another book).
    pub fn assign_customers(
        &mut self,
        actor: &Actor,
        via: Via,
        customer_ids: &[String],
        rm_login: &str,
        from_rm: Option<&str>,
    ) -> StoreResult<usize> {
        actor.ensure_manager("assign customers to RMs")?;
        self.write(|tx| {
            match staff::load_member(tx, rm_login)? {
                Some(member) if member.role == Role::RelationshipManager => {}
                Some(member) => {
                    return Err(StoreError::Invalid(format!(
                        "{rm_login} is not a relationship manager ({rm_login} is a {}); customers are assigned to RMs",
                        member.role
                    )));
                }
                None => {
                    return Err(StoreError::Invalid(format!(
                        "{rm_login} is not a relationship manager: no staff member has this login"
                    )));
                }
            }
            for id in customer_ids {
                let Some(customer) = load_customer(tx, id)? else {
                    return Err(StoreError::Invalid(format!("no customer has the id {id:?}; nothing was moved")));
                };
                // The mover chose from one RM's book: a customer moved away meanwhile is a conflict.
                if let Some(from) = from_rm
                    && customer.rm_login != from
                    && customer.rm_login != rm_login
                {
                    return Err(StoreError::Conflict {
                        key: format!("customer {id}'s RM"),
                        expected: from.to_string(),
                        found: customer.rm_login,
                    });
                }
            }
            let stamp = Stamp::now(&actor.login, via);
            let mut moved = 0;
            for id in customer_ids {
                // Read again: an id given twice has moved already the second time.
                let customer = load_customer(tx, id)?.ok_or_else(|| unknown_customer(id))?;
                if customer.rm_login == rm_login {
                    continue;
                }
                write_rm(tx, id, rm_login)?;
                audit::append(
                    tx,
                    &stamp,
                    Change {
                        action: "assign",
                        entity: "customer",
                        key: id,
                        old: Some(customer.rm_login),
                        new: Some(rm_login.to_string()),
                    },
                )?;
                moved += 1;
            }
            Ok(moved)
        })
    }
}

/// `text` for a LIKE pattern with `ESCAPE '\'`: its `%`, `_` and `\` stand for themselves.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

impl Store {
    /// Customers across the branch whose id or name contains `query` (ASCII letters in any
    /// case), by name then id, at most `limit` of them; with how many match in all.
    pub fn find_customers(&self, query: &str, limit: usize) -> StoreResult<(Vec<Customer>, usize)> {
        let pattern = format!("%{}%", escape_like(query.trim()));
        let matching = r"FROM customer WHERE id LIKE ?1 ESCAPE '\' OR name LIKE ?1 ESCAPE '\'";
        let total: i64 =
            self.conn.prepare_cached(&format!("SELECT COUNT(*) {matching}"))?.query_row([&pattern], |r| r.get(0))?;
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {CUSTOMER_COLUMNS} {matching} ORDER BY name, id LIMIT ?2"))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![pattern, limit], customer_from_row)?;
        Ok((rows.collect::<Result<_, _>>()?, usize::try_from(total).unwrap_or(0)))
    }
}
