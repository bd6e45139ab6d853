//! Each RM's counted book kept for the day it was counted (table `book_cache`, migration 004):
//! a branch of half a million customers is counted once a day, and then again only for the RMs
//! whose customers changed (the triggers mark them stale).

use super::book::{book_groups_by_rm, book_groups_of};
use super::error::{StoreError, StoreResult};
use crate::domain::coverage::{BookGroup, CoverageNorms, CustomerStatus, Segment};
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use std::collections::{BTreeSet, HashMap};

/// The row that says every RM's book was counted on its day: an RM without a row then has
/// no customers.
const EVERYONE: &str = "*";

/// What the kept counts mean: a change to how a book is counted raises it, and counts kept
/// by an earlier build are counted again.
const COUNTING_VERSION: i64 = 1;

/// Above this many RMs to count one by one, one pass over every customer is quicker.
const COUNT_ONE_BY_ONE_UP_TO: usize = 40;

/// Books as counted for a day, and which of them were counted now (to be kept).
#[derive(Debug, Default)]
pub(super) struct Books {
    pub groups: HashMap<String, Vec<BookGroup>>,
    /// Counted now rather than read: `keep` writes them.
    pub counted: Vec<String>,
    /// Counted now for every RM.
    pub counted_everyone: bool,
}

/// The books of `wanted` (everyone's when `None`) as of `as_of`: kept counts of that day where
/// they are still valid, the others counted now. An RM without customers has no book, as in
/// `coverage_by_rm` (their book-derived figures are empty, not zero).
pub(super) fn books(
    conn: &Connection,
    norms: &CoverageNorms,
    as_of: NaiveDate,
    wanted: Option<&BTreeSet<String>>,
) -> StoreResult<Books> {
    let (mut kept, complete) = kept_books(conn, &as_of.to_string())?;
    let to_count: Vec<String> = match wanted {
        None => kept.iter().filter(|(_, g)| g.is_none()).map(|(l, _)| l.clone()).collect(),
        Some(logins) => logins
            .iter()
            .filter(|l| match kept.get(*l) {
                Some(groups) => groups.is_none(),
                None => !complete,
            })
            .cloned()
            .collect(),
    };
    let mut books = if (wanted.is_none() && !complete) || to_count.len() > COUNT_ONE_BY_ONE_UP_TO {
        // One pass over every customer: the day's complete count, kept as such.
        let groups = book_groups_by_rm(conn, norms, as_of)?;
        Books { counted: groups.keys().cloned().collect(), groups, counted_everyone: true }
    } else {
        let mut books = Books::default();
        for login in to_count {
            kept.remove(&login);
            books.groups.insert(login.clone(), book_groups_of(conn, norms, as_of, &login)?);
            books.counted.push(login);
        }
        for (login, groups) in kept {
            if let Some(groups) = groups
                && wanted.is_none_or(|w| w.contains(&login))
            {
                books.groups.insert(login, groups);
            }
        }
        books
    };
    books.groups.retain(|_, groups| !groups.is_empty());
    Ok(books)
}

/// Each RM's kept groups, `None` where they must be counted again.
type KeptBooks = HashMap<String, Option<Vec<BookGroup>>>;

/// The kept counts of `day` by RM (`None`: stale, of another day or unreadable), and whether
/// every RM was counted that day.
fn kept_books(conn: &Connection, day: &str) -> StoreResult<(KeptBooks, bool)> {
    let mut kept = HashMap::new();
    let mut complete = false;
    let mut stmt = conn.prepare_cached("SELECT rm_login, as_of, groups, stale, version FROM book_cache")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let login: String = row.get(0)?;
        let current = row.get::<_, String>(1).is_ok_and(|d| d == day)
            && row.get::<_, i64>(4).is_ok_and(|v| v == COUNTING_VERSION);
        if login == EVERYONE {
            complete = current;
            continue;
        }
        let valid = current && row.get::<_, bool>(3).is_ok_and(|stale| !stale);
        // A count that cannot be read back is counted again.
        let groups = if valid { row.get::<_, String>(2).ok().and_then(|text| decode(&text).ok()) } else { None };
        kept.insert(login, groups);
    }
    Ok((kept, complete))
}

/// Keeps the books counted now, for the day they were counted for; nothing when the file
/// already holds counts of a later day (a dashboard left open since yesterday must not undo
/// today's).
pub(super) fn keep(conn: &Connection, books: &Books, as_of: NaiveDate) -> StoreResult<()> {
    let day = as_of.to_string();
    let latest: Option<String> = conn.query_row("SELECT max(as_of) FROM book_cache", [], |r| r.get(0))?;
    if latest.is_some_and(|latest| latest > day) {
        return Ok(());
    }
    if books.counted_everyone {
        conn.execute("DELETE FROM book_cache", [])?;
        conn.execute(
            "INSERT INTO book_cache (rm_login, as_of, groups, version) VALUES (?1, ?2, '[]', ?3)",
            params![EVERYONE, day, COUNTING_VERSION],
        )?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO book_cache (rm_login, as_of, groups, stale, version) VALUES (?1, ?2, ?3, 0, ?4)
         ON CONFLICT (rm_login) DO UPDATE
         SET as_of = excluded.as_of, groups = excluded.groups, stale = 0, version = excluded.version",
    )?;
    for login in &books.counted {
        let groups = books.groups.get(login).map(Vec::as_slice).unwrap_or_default();
        insert.execute(params![login, day, encode(groups), COUNTING_VERSION])?;
    }
    Ok(())
}

/// One group as a JSON array: [segment, status, customers, products, multi-product, contacted, balance].
type StoredGroup = (String, String, u32, u64, u32, u32, f64);

fn encode(groups: &[BookGroup]) -> String {
    let stored: Vec<StoredGroup> = groups
        .iter()
        .map(|g| {
            let (segment, status) = (g.segment.code().to_string(), g.status.code().to_string());
            (segment, status, g.customers, g.products, g.multi_product, g.contacted, g.balance)
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".into())
}

fn decode(text: &str) -> StoreResult<Vec<BookGroup>> {
    let bad = |what: &str| StoreError::Corrupt(format!("book_cache: bad {what}"));
    let stored: Vec<StoredGroup> = serde_json::from_str(text).map_err(|_| bad("groups"))?;
    stored
        .into_iter()
        .map(|(segment, status, customers, products, multi_product, contacted, balance)| {
            Ok(BookGroup {
                segment: Segment::from_code(&segment).ok_or_else(|| bad("segment"))?,
                status: CustomerStatus::from_code(&status).ok_or_else(|| bad("status"))?,
                customers,
                products,
                multi_product,
                contacted,
                balance,
            })
        })
        .collect()
}
