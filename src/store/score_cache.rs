//! Scores kept in the branch file (table `score_cache`, migration 004): each person's
//! scorecard per period, read back instead of recomputed, scored on demand through the one
//! scoring path when missing, and dropped by triggers on exactly the writes that change it.

use super::book_cache::{self, Books};
use super::error::StoreResult;
use super::values::{load_team_values, load_values_of};
use super::{Store, settings};
use crate::domain::book::{BookFigures, live_months, people_with_books, put_live_figures, team_book_figures};
use crate::domain::coverage::{CountedBooks, coverage_of_groups};
use crate::domain::period::{Month, Period};
use crate::domain::scoring::{KpiScore, KpiStatus, KraScore, MonthCounts, Scorecard, score_scorecard};
use crate::domain::team::{BranchData, TeamPeriod, TeamValues, attach_changes, team_of_cards};
use crate::domain::template::RoleTemplate;
use chrono::NaiveDate;
use rusqlite::{Connection, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Everyone's scorecards by login, for one period.
type Cards = HashMap<String, Scorecard>;

/// Each scored person's template, by login (staff whose role has none are not scored).
type Roles<'a> = HashMap<&'a str, &'a RoleTemplate>;

fn roles_of(base: &BranchData) -> Roles<'_> {
    base.staff.iter().filter_map(|m| Some((m.login.as_str(), base.templates.get(&m.role)?))).collect()
}

/// The scoring rules kept scores were scored by: a change to `score_scorecard` or to the
/// figures it is given raises it, and scores kept by an earlier build are scored again.
pub const SCORING_VERSION: i64 = 1;

/// Above this share of the staff to rescore (one in N), reading every figure of the months
/// is quicker than reading them person by person.
const READ_EVERYONE_ABOVE_ONE_IN: usize = 8;

/// The team scored for consecutive periods, and what it was scored with.
#[derive(Debug, Clone)]
pub struct TeamHistory {
    /// Oldest first, each with its change against the period before.
    pub history: Vec<TeamPeriod>,
    /// Staff, templates, settings and closed months of the same snapshot, and when the last
    /// period is a month, its stored figures (what an edit starts from); no live figures.
    pub base: BranchData,
    /// Person-periods scored now rather than read back (0 when everything was kept).
    pub scored: usize,
}

/// Whose scorecards a read is for.
#[derive(Debug, Clone, Copy)]
enum Whom<'a> {
    Everyone,
    Only(&'a str),
    /// Everyone's kept ones, and at most this many scored now per period.
    AtMost(usize),
}

/// What one read transaction found: its last audited change, the scoring base, the kept
/// scorecards, and those scored now (with the books counted for them), to keep.
struct Snapshot {
    mark: i64,
    base: BranchData,
    cards: HashMap<Period, Cards>,
    fresh: Vec<Fresh>,
    books: Option<Books>,
}

/// A person-period scored now, to be kept.
struct Fresh {
    period: Period,
    first: Month,
    last: Month,
    login: String,
    durable: bool,
    /// The whole scorecard as kept; `None` when it holds a number JSON cannot carry (such a
    /// card is scored afresh on every read instead of coming back changed).
    encoded: Option<String>,
    /// As the read returns it (whole, or overall and cells only).
    card: Scorecard,
}

impl Store {
    /// Everyone scored for the `count` periods ending with `last`, oldest first, each with its
    /// change: kept scores where they are still valid, the rest scored now from the figures
    /// `branch_data` reads (live book-derived figures included) and kept for the next reader.
    /// Only `last` comes with whole scorecards: the periods before it carry each person's
    /// overall and cells (what trends and changes need), without KRAs.
    pub fn team_history(&mut self, last: Period, count: usize) -> StoreResult<TeamHistory> {
        let periods: Vec<Period> = (0..=count as i64).map(|i| last.shifted(i - count as i64)).collect();
        let figures = match last {
            Period::Month(month) => Some(month),
            _ => None,
        };
        let (base, mut cards, scored, _) = self.kept_or_scored(&periods, Whom::Everyone, &|p| p == last, figures)?;
        let mut history: Vec<TeamPeriod> = Vec::with_capacity(count);
        let mut previous = None;
        for period in periods {
            let members = team_of_cards(&base.staff, cards.remove(&period).unwrap_or_default(), &base.settings.bands);
            let mut team = TeamPeriod { period, finality: base.period_months(period).finality(), members };
            if let Some(before) = previous.replace(team.members.clone()) {
                attach_changes(&mut team.members, &before);
                history.push(team);
            }
        }
        Ok(TeamHistory { history, base, scored })
    }

    /// For a connection that writes nothing but kept scores (the dashboard's reading thread):
    /// its commits no longer wait for the disk. A kept score lost in a power cut is scored
    /// again; every other writer still commits with `synchronous = FULL`, and WAL keeps commits
    /// in order, so nothing else can be lost with it.
    pub fn keep_without_flushing(&self) -> StoreResult<()> {
        self.conn.execute_batch("PRAGMA synchronous = NORMAL")?;
        Ok(())
    }

    /// Scores and keeps the scorecards of `period` not kept yet, at most `people` of them
    /// (work done ahead of the keys that will show it, a little at a time so that a key waits
    /// for little). Says whether more may be left to score: false also when nothing could be
    /// kept (a busy or read-only file).
    pub fn keep_scores_of(&mut self, period: Period, people: usize) -> StoreResult<bool> {
        let (_, _, _, kept) = self.kept_or_scored(&[period], Whom::AtMost(people), &|_| false, None)?;
        // Fewer kept than asked (a card that cannot be kept, or everyone done): stop here, or
        // the same unkeepable cards would be scored again and again.
        Ok(kept == people)
    }

    /// One person's whole scorecards for the `count` periods ending with `last`, oldest first
    /// (`None` for someone not on the staff or whose role has no template): the drill-down's
    /// KPI trends, read for the person on screen only.
    pub fn person_history(&mut self, login: &str, last: Period, count: usize) -> StoreResult<Vec<Option<Scorecard>>> {
        let periods: Vec<Period> = (1..=count as i64).map(|i| last.shifted(i - count as i64)).collect();
        let (_, mut cards, _, _) = self.kept_or_scored(&periods, Whom::Only(login), &|_| true, None)?;
        Ok(periods.iter().map(|p| cards.get_mut(p).and_then(|c| c.remove(login))).collect())
    }

    /// The scorecards of `periods` for `whom`: kept ones where valid, the rest scored and
    /// kept. `whole(period)` says which periods need whole scorecards; the others come with
    /// overall and cells only. `figures` asks for a month's stored figures in the snapshot's
    /// `BranchData`. Also says how many person-periods were scored, and how many of them were
    /// kept (none when the file was busy or changed since the read).
    fn kept_or_scored(
        &mut self,
        periods: &[Period],
        whom: Whom<'_>,
        whole: &dyn Fn(Period) -> bool,
        figures: Option<Month>,
    ) -> StoreResult<(BranchData, HashMap<Period, Cards>, usize, usize)> {
        let today = self.today;
        let Snapshot { mark, base, mut cards, fresh, books } = self.snapshot_scores(periods, whom, whole, figures)?;
        let mut kept = 0;
        if !fresh.is_empty() || books.as_ref().is_some_and(|b| !b.counted.is_empty()) {
            // Best effort: a busy or read-only file simply keeps nothing this time.
            if self.keep(mark, &fresh, books.as_ref(), today).unwrap_or(false) {
                kept = fresh.iter().filter(|f| f.encoded.is_some()).count();
            }
        }
        let scored = fresh.len();
        for f in fresh {
            cards.entry(f.period).or_default().insert(f.login, f.card);
        }
        Ok((base, cards, scored, kept))
    }

    /// One read transaction: the kept scorecards of `periods` for `whom`, and the missing ones
    /// scored from the same snapshot's figures (not kept yet).
    fn snapshot_scores(
        &mut self,
        periods: &[Period],
        whom: Whom<'_>,
        whole: &dyn Fn(Period) -> bool,
        figures: Option<Month>,
    ) -> StoreResult<Snapshot> {
        let only = match whom {
            Whom::Only(login) => Some(login),
            _ => None,
        };
        let (today, current) = (self.today, self.current_month());
        self.read(|tx| {
            let mark = super::change_mark(tx)?;
            let values = match figures {
                Some(month) => load_team_values(tx, month, month)?,
                None => TeamValues::new(),
            };
            let base = super::scoring_base(tx, values)?;
            let roles = roles_of(&base);
            let mut cards: HashMap<Period, Cards> = HashMap::new();
            let mut missing: Vec<(Period, Vec<String>)> = Vec::new();
            for &period in periods {
                let kept = kept_cards(tx, &roles, period, today, only, whole(period))?;
                let mut absent: Vec<String> = base
                    .staff
                    .iter()
                    .map(|m| m.login.as_str())
                    .filter(|login| only.is_none_or(|only| only == *login))
                    .filter(|login| roles.contains_key(login) && !kept.contains_key(*login))
                    .map(str::to_string)
                    .collect();
                if let Whom::AtMost(people) = whom {
                    absent.truncate(people);
                }
                if !absent.is_empty() {
                    missing.push((period, absent));
                }
                cards.insert(period, kept);
            }
            let (fresh, books) = score_missing(tx, &base, &roles, &missing, whole, (today, current))?;
            Ok(Snapshot { mark, base, cards, fresh, books })
        })
    }

    /// What scoring `login` over `first..=last` needs, as `branch_data` reads it but with only
    /// their figures (their book alone counted, when live): one person's read.
    pub fn person_data(&mut self, login: &str, first: Month, last: Month) -> StoreResult<BranchData> {
        let (today, current) = (self.today, self.current_month());
        let (mark, data, books) = self.read(|tx| {
            let mark = super::change_mark(tx)?;
            let mut data = super::scoring_base(tx, TeamValues::new())?;
            let logins = BTreeSet::from([login.to_string()]);
            let (values, books) = figures_of(tx, &data, &logins, (first, last), (today, current))?;
            data.values = values;
            Ok((mark, data, books))
        })?;
        if let Some(books) = books.filter(|b| !b.counted.is_empty()) {
            let _ = self.keep(mark, &[], Some(&books), today);
        }
        Ok(data)
    }

    /// Every RM's book as of the store's today, from the kept counts where valid (counting
    /// only what changed, and keeping it): what the portfolio's coverage shows.
    pub fn counted_books(&mut self) -> StoreResult<CountedBooks> {
        let today = self.today;
        let (mark, books, norms) = self.read(|tx| {
            let norms = settings::load_settings(tx)?.norms;
            Ok((super::change_mark(tx)?, book_cache::books(tx, &norms, today, None)?, norms))
        })?;
        if !books.counted.is_empty() || books.counted_everyone {
            let _ = self.keep(mark, &[], Some(&books), today);
        }
        let coverage = books.groups.iter().map(|(login, groups)| (login.clone(), coverage_of_groups(groups, &norms)));
        Ok(CountedBooks { as_of: today, coverage: coverage.collect() })
    }

    /// Writes scores and counts made from a snapshot whose last audited change was `mark`,
    /// unless a change has been made since (its triggers may have dropped rows these would
    /// wrongly bring back) or the write lock is taken: never waits.
    fn keep(&mut self, mark: i64, fresh: &[Fresh], books: Option<&Books>, today: NaiveDate) -> StoreResult<bool> {
        self.conn.busy_handler(None::<fn(i32) -> bool>)?;
        let result = (|| {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if super::change_mark(&tx)? != mark {
                return Ok(false);
            }
            if let Some(books) = books {
                book_cache::keep(&tx, books, today)?;
            }
            // A row of a later day stays: a dashboard left open since yesterday must not undo
            // what today's sessions keep.
            let mut insert = tx.prepare_cached(
                "INSERT INTO score_cache
                 (period, login, first_month, last_month, as_of, durable, overall, reported, missing, pending, card, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (period, login) DO UPDATE SET
                    first_month = excluded.first_month, last_month = excluded.last_month, as_of = excluded.as_of,
                    durable = excluded.durable, overall = excluded.overall, reported = excluded.reported,
                    missing = excluded.missing, pending = excluded.pending, card = excluded.card,
                    version = excluded.version
                 WHERE excluded.durable = 1 OR excluded.as_of >= score_cache.as_of
                    OR score_cache.version <> excluded.version",
            )?;
            let day = today.to_string();
            for f in fresh {
                let Some(encoded) = &f.encoded else { continue };
                let (period, first, last) = (f.period.to_string(), f.first.to_string(), f.last.to_string());
                let c = f.card.cells;
                let [reported, missing, pending] = [c.reported, c.missing, c.pending].map(|n| n as i64);
                let overall = f.card.overall;
                let row = params![
                    period,
                    f.login,
                    first,
                    last,
                    day,
                    f.durable,
                    overall,
                    reported,
                    missing,
                    pending,
                    encoded,
                    SCORING_VERSION
                ];
                insert.execute(row)?;
            }
            drop(insert);
            tx.commit()?;
            Ok(true)
        })();
        self.conn.busy_handler(Some(super::waiting::keep_waiting))?;
        result
    }
}

/// The kept scorecards of `period` that are still valid today, for people on the staff whose
/// template they match (or only `only`); without KRAs unless `whole`.
fn kept_cards(
    conn: &Connection,
    roles: &Roles<'_>,
    period: Period,
    today: NaiveDate,
    only: Option<&str>,
    whole: bool,
) -> StoreResult<Cards> {
    let card_column = if whole { "card" } else { "NULL" };
    let sql = format!(
        "SELECT login, overall, reported, missing, pending, {card_column} FROM score_cache
         WHERE period = ?1 AND (durable = 1 OR as_of = ?2) AND (?3 IS NULL OR login = ?3) AND version = ?4"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![period.to_string(), today.to_string(), only, SCORING_VERSION])?;
    let mut cards = Cards::new();
    while let Some(row) = rows.next()? {
        let Ok(login) = row.get::<_, String>(0) else { continue };
        let Some(template) = roles.get(login.as_str()) else { continue };
        // A row that cannot be read back, or does not fit the template, is scored again.
        let card = if whole {
            row.get::<_, String>(5).ok().and_then(|text| decode(&text, template))
        } else {
            let count = |i: usize| row.get::<_, i64>(i).ok().and_then(|n| usize::try_from(n).ok());
            match (row.get::<_, Option<f64>>(1), count(2), count(3), count(4)) {
                (Ok(overall), Some(reported), Some(missing), Some(pending)) => {
                    let cells = MonthCounts { reported, missing, pending };
                    Some(Scorecard { kras: Vec::new(), overall, cells })
                }
                _ => None,
            }
        };
        if let Some(card) = card {
            cards.insert(login, card);
        }
    }
    Ok(cards)
}

/// Scores the missing person-periods from the figures `branch_data` would read for them: the
/// stored values of their months, with live book-derived actuals in open months up to the
/// current one. One period's figures at a time (a trend of years would otherwise hold five
/// years of everyone's figures at once); the books are counted once for all of them. Each
/// scorecard comes encoded for keeping, and without KRAs unless `whole(period)`. Also returns
/// the books counted (to keep).
fn score_missing(
    conn: &Connection,
    base: &BranchData,
    roles: &Roles<'_>,
    missing: &[(Period, Vec<String>)],
    whole: &dyn Fn(Period) -> bool,
    (today, current): (NaiveDate, Month),
) -> StoreResult<(Vec<Fresh>, Option<Books>)> {
    let fiscal_start = base.settings.fiscal_start();
    let bounds = |p: Period| {
        let months = p.months(fiscal_start);
        (months[0], months[months.len() - 1])
    };
    let live_of = |p: Period| {
        let (first, last) = bounds(p);
        live_months(first, last, current, &base.closed)
    };
    let live_people: BTreeSet<String> =
        missing.iter().filter(|(p, _)| !live_of(*p).is_empty()).flat_map(|(_, l)| l.iter().cloned()).collect();
    let (figures, books) = live_book_figures(conn, base, &live_people, today)?;
    let with_books: BTreeSet<&str> =
        people_with_books(&base.staff, &base.templates).map(|(m, _)| m.login.as_str()).collect();
    let no_values = HashMap::new();
    let mut fresh = Vec::new();
    for (period, people) in missing {
        let (first, last) = bounds(*period);
        let live = live_of(*period);
        let logins: BTreeSet<String> = people.iter().cloned().collect();
        let mut values = stored_values(conn, base, &logins, (first, last))?;
        put_live_figures(&mut values, &figures, &live);
        let months = base.period_months(*period);
        for login in people {
            let Some(template) = roles.get(login.as_str()) else { continue };
            let card = score_scorecard(template, values.get(login).unwrap_or(&no_values), months);
            // Book figures follow the day and the customers: such a row holds for its day only,
            // as does one of a period whose months may still become live.
            let durable = !with_books.contains(login.as_str()) || (live.is_empty() && last < current);
            let encoded = encode(&card);
            let card = if whole(*period) { card } else { Scorecard { kras: Vec::new(), ..card } };
            fresh.push(Fresh { period: *period, first, last, login: login.clone(), durable, encoded, card });
        }
    }
    Ok((fresh, books))
}

/// The figures of `logins` for the months `first..=last` as `branch_data` reads them: stored
/// values, with live book-derived actuals in open months up to the current one (their books
/// from the kept counts, counted where those are not valid). Also the books counted, to keep.
fn figures_of(
    conn: &Connection,
    base: &BranchData,
    logins: &BTreeSet<String>,
    (first, last): (Month, Month),
    (today, current): (NaiveDate, Month),
) -> StoreResult<(TeamValues, Option<Books>)> {
    let mut values = stored_values(conn, base, logins, (first, last))?;
    let live = live_months(first, last, current, &base.closed);
    if live.is_empty() {
        return Ok((values, None));
    }
    let (figures, books) = live_book_figures(conn, base, logins, today)?;
    put_live_figures(&mut values, &figures, &live);
    Ok((values, books))
}

/// The stored targets and actuals of `logins` for `first..=last`: everyone's months read and
/// filtered when they are many, else person by person.
fn stored_values(
    conn: &Connection,
    base: &BranchData,
    logins: &BTreeSet<String>,
    (first, last): (Month, Month),
) -> StoreResult<TeamValues> {
    if logins.len() * READ_EVERYONE_ABOVE_ONE_IN > base.staff.len() {
        let mut everyone = load_team_values(conn, first, last)?;
        everyone.retain(|login, _| logins.contains(login));
        Ok(everyone)
    } else {
        load_values_of(conn, logins, first, last)
    }
}

/// The book-derived figures of those of `logins` whose template has them, from their books as
/// of `today` (`None` books when nobody needed counting).
fn live_book_figures(
    conn: &Connection,
    base: &BranchData,
    logins: &BTreeSet<String>,
    today: NaiveDate,
) -> StoreResult<(HashMap<String, BookFigures>, Option<Books>)> {
    let with_books: BTreeSet<String> = people_with_books(&base.staff, &base.templates)
        .map(|(m, _)| m.login.clone())
        .filter(|l| logins.contains(l))
        .collect();
    if with_books.is_empty() {
        return Ok((HashMap::new(), None));
    }
    let norms = &base.settings.norms;
    let books = book_cache::books(conn, norms, today, Some(&with_books))?;
    let coverage: HashMap<String, _> =
        books.groups.iter().map(|(login, groups)| (login.clone(), coverage_of_groups(groups, norms))).collect();
    let mut figures = team_book_figures(&base.staff, &base.templates, &coverage);
    figures.retain(|login, _| with_books.contains(login));
    Ok((figures, Some(books)))
}

/// A scorecard as kept: only what scoring computed, in template order (codes, names, weights
/// and KPI definitions come back from the template).
#[derive(Serialize, Deserialize)]
struct StoredCard {
    overall: Option<f64>,
    cells: (usize, usize, usize),
    kras: Vec<(Option<f64>, Vec<StoredKpi>)>,
}

/// target, actual, achievement, score, status, (reported, missing, pending), unscored actual.
type StoredKpi = (Option<f64>, Option<f64>, Option<f64>, Option<f64>, String, (usize, usize, usize), Option<f64>);

fn counts(c: MonthCounts) -> (usize, usize, usize) {
    (c.reported, c.missing, c.pending)
}

fn from_counts((reported, missing, pending): (usize, usize, usize)) -> MonthCounts {
    MonthCounts { reported, missing, pending }
}

/// `None` when a number is not finite: JSON would carry it as null, read back as "none".
fn encode(card: &Scorecard) -> Option<String> {
    let kras = card
        .kras
        .iter()
        .map(|kra| {
            let kpis = kra
                .kpis
                .iter()
                .map(|k| {
                    let status = k.status.code().to_string();
                    (k.target, k.actual, k.achievement, k.score, status, counts(k.months), k.unscored_actual)
                })
                .collect();
            (kra.score, kpis)
        })
        .collect();
    let stored = StoredCard { overall: card.overall, cells: counts(card.cells), kras };
    let numbers = stored.kras.iter().flat_map(|(score, kpis)| {
        let kpi_numbers = kpis.iter().flat_map(|k| [k.0, k.1, k.2, k.3, k.6]);
        std::iter::once(*score).chain(kpi_numbers)
    });
    let finite = std::iter::once(stored.overall).chain(numbers).flatten().all(f64::is_finite);
    finite.then(|| serde_json::to_string(&stored).ok()).flatten()
}

/// The scorecard back, with the template's KRAs and KPIs; `None` when it does not fit them.
fn decode(text: &str, template: &RoleTemplate) -> Option<Scorecard> {
    let stored: StoredCard = serde_json::from_str(text).ok()?;
    if stored.kras.len() != template.kras.len() {
        return None;
    }
    let mut kras = Vec::with_capacity(stored.kras.len());
    for ((score, kpis), kra) in stored.kras.into_iter().zip(&template.kras) {
        if kpis.len() != kra.kpis.len() {
            return None;
        }
        let kpis = kpis
            .into_iter()
            .zip(&kra.kpis)
            .map(|((target, actual, achievement, score, status, months, unscored_actual), kpi)| {
                Some(KpiScore {
                    kpi: kpi.clone(),
                    target,
                    actual,
                    achievement,
                    score,
                    status: KpiStatus::from_code(&status)?,
                    months: from_counts(months),
                    unscored_actual,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        kras.push(KraScore { code: kra.code.clone(), name: kra.name.clone(), weight: kra.weight, score, kpis });
    }
    Some(Scorecard { kras, overall: stored.overall, cells: from_counts(stored.cells) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::template::{Role, builtin_template, builtin_templates};
    use crate::import::ValueKind;
    use crate::store::{Expected, ValueKey, Via};

    /// Scores read before another session's change are not kept: that change's triggers may
    /// already have dropped the rows these would put back.
    #[test]
    fn scores_of_a_snapshot_older_than_a_change_are_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("branch.db");
        let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        let mut writer = Store::create(&path).unwrap();
        writer.init_branch("Test Branch", "boss", "Bina Shah", &builtin_templates().unwrap(), Via::Cli).unwrap();
        writer.set_today(today);
        let boss = writer.resolve_actor(Some("boss"), None).unwrap();
        let template = builtin_template(Role::BranchManager).unwrap();
        let kpi = template.kpis().next().unwrap().code.clone();
        let november: Month = "2026-11".parse().unwrap();
        let key = ValueKey { login: "boss", kpi: &kpi, month: november };
        let set_target = |store: &mut Store, value: f64| {
            store.set_value(&boss, Via::Cli, ValueKind::Target, key, Some(value), Expected::Anything).unwrap();
        };
        let target_read = |store: &mut Store| {
            let cards = store.person_history("boss", Period::Month(november), 1).unwrap();
            cards[0].as_ref().unwrap().kras.iter().flat_map(|k| &k.kpis).find(|k| k.kpi.code == kpi).unwrap().target
        };
        let rows_kept = |store: &Store| {
            store.conn.query_row("SELECT count(*) FROM score_cache", [], |r| r.get::<_, i64>(0)).unwrap()
        };
        set_target(&mut writer, 10.0);
        let mut reader = Store::open(&path).unwrap();
        reader.set_today(today);
        let periods = [Period::Month(november)];

        let before = reader.snapshot_scores(&periods, Whom::Everyone, &|_| true, None).unwrap();
        assert_eq!(before.fresh.len(), 1, "the manager's November, scored from the snapshot");
        set_target(&mut writer, 20.0);
        let kept = reader.keep(before.mark, &before.fresh, before.books.as_ref(), today).unwrap();
        assert!(!kept, "a change was committed after the read");
        assert_eq!(rows_kept(&reader), 0, "nothing stale was kept");

        // Read again after the change: kept, and read back with the new target.
        let after = reader.snapshot_scores(&periods, Whom::Everyone, &|_| true, None).unwrap();
        assert!(reader.keep(after.mark, &after.fresh, after.books.as_ref(), today).unwrap());
        assert_eq!(rows_kept(&reader), 1);
        assert_eq!(target_read(&mut reader), Some(20.0));
    }
}
