//! The kept scores (store/score_cache.rs) against scores computed afresh from the figures:
//! after random sequences of writes, closes, reopenings, settings changes, customer work and
//! new days, every period read through the cache equals the one scoring path's result.

use branchboard::demo::DemoParams;
use branchboard::domain::actor::Actor;
use branchboard::domain::period::{Month, Period};
use branchboard::domain::scoring::Scorecard;
use branchboard::domain::team::{BranchData, TeamPeriod};
use branchboard::domain::template::Role;
use branchboard::import::ValueKind;
use branchboard::store::{Expected, Store, ValueKey, Via};
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use std::path::Path;

const TREND: usize = 3;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

/// A small demo branch: 8 staff (RMs with books among them), 14 months up to November 2026.
fn branch(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("branch.db");
    let params = DemoParams { staff: 8, customers: 400, months: 14, seed: 3, today: today() };
    branchboard::cli::setup::build_demo(&path, &params, false, false, &[]).expect("demo branch");
    path
}

fn open(path: &Path, day: NaiveDate) -> (Store, Actor) {
    let mut store = Store::open(path).unwrap();
    store.set_today(day);
    let actor = store.resolve_actor(Some("manager"), None).unwrap();
    (store, actor)
}

/// What scoring gives with nothing kept: the figures read whole, scored period by period.
fn fresh(store: &mut Store, last: Period, count: usize) -> Vec<TeamPeriod> {
    let fiscal_start = store.settings().unwrap().fiscal_start();
    let (first, _) = BranchData::months_needed(last.shifted(-(count as i64 - 1)), fiscal_start);
    let (_, end) = BranchData::months_needed(last, fiscal_start);
    store.branch_data(first, end).unwrap().score_periods(last, count)
}

/// Where kept and fresh scores first differ, said briefly (a whole team does not fit a message).
fn first_difference(kept: &[TeamPeriod], fresh: &[TeamPeriod]) -> Option<String> {
    if kept.len() != fresh.len() {
        return Some(format!("{} periods kept, {} fresh", kept.len(), fresh.len()));
    }
    for (k, f) in kept.iter().zip(fresh) {
        if k.period != f.period || k.finality != f.finality || k.members.len() != f.members.len() {
            return Some(format!("{} against {}: periods, finality or staff differ", k.period, f.period));
        }
        let whole = k.period == kept[kept.len() - 1].period;
        for (a, b) in k.members.iter().zip(&f.members) {
            // Before the last period, only overalls and cells are read (the trends).
            let same = if whole {
                a == b
            } else {
                let trimmed = Scorecard { kras: Vec::new(), ..b.card.clone() };
                a.card == trimmed && (&a.member, a.band, a.rank, a.change) == (&b.member, b.band, b.rank, b.change)
            };
            if !same {
                let (login, period) = (&a.member.login, k.period);
                return Some(format!(
                    "{login} in {period}: kept overall {:?} rank {:?} change {:?} cells {:?}, fresh {:?} {:?} {:?} {:?}",
                    a.card.overall, a.rank, a.change, a.card.cells, b.card.overall, b.rank, b.change, b.card.cells
                ));
            }
        }
    }
    None
}

#[derive(Debug, Clone)]
enum Step {
    SetActual {
        person: usize,
        kpi: usize,
        month: i64,
        value: u32,
    },
    SetTarget {
        person: usize,
        kpi: usize,
        month: i64,
        value: u32,
    },
    ClearActual {
        person: usize,
        kpi: usize,
        month: i64,
    },
    Close {
        month: i64,
    },
    Reopen {
        month: i64,
    },
    FiscalStart(u32),
    Bands(u32),
    Contact {
        customer: usize,
        days_ago: u64,
    },
    Move {
        customer: usize,
        rm: usize,
    },
    /// Every customer of one RM moved to another: an RM left without a book.
    EmptyBook {
        rm: usize,
    },
    /// Days pass (into the next month, too).
    Days(u64),
    Read {
        period: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let person = 0..8usize;
    let kpi = 0..12usize;
    let month = -8i64..=2;
    prop_oneof![
        (person.clone(), kpi.clone(), month.clone(), 0..200u32)
            .prop_map(|(person, kpi, month, value)| Step::SetActual { person, kpi, month, value }),
        (person.clone(), kpi.clone(), month.clone(), 1..200u32)
            .prop_map(|(person, kpi, month, value)| Step::SetTarget { person, kpi, month, value }),
        (person, kpi, month.clone()).prop_map(|(person, kpi, month)| Step::ClearActual { person, kpi, month }),
        month.clone().prop_map(|month| Step::Close { month }),
        month.prop_map(|month| Step::Reopen { month }),
        prop_oneof![Just(1u32), Just(4), Just(7)].prop_map(Step::FiscalStart),
        (90..110u32).prop_map(Step::Bands),
        (0..400usize, 0..60u64).prop_map(|(customer, days_ago)| Step::Contact { customer, days_ago }),
        (0..400usize, 0..8usize).prop_map(|(customer, rm)| Step::Move { customer, rm }),
        (0..8usize).prop_map(|rm| Step::EmptyBook { rm }),
        (1..20u64).prop_map(Step::Days),
        (0..40usize).prop_map(|period| Step::Read { period }),
    ]
}

/// The periods read: months around today, their quarters and years.
fn periods() -> Vec<Period> {
    let mut periods: Vec<Period> = (-10..=2).map(|i| Period::Month(month("2026-11").plus(i))).collect();
    periods.extend(
        ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1", "2025", "2026", "2027"]
            .map(|p| p.parse::<Period>().unwrap()),
    );
    periods
}

/// Applies one step through the store as the dashboard and the CLI would (refusals, such as
/// an actual for a closed month, change nothing and are part of the test too).
fn apply(writer: &mut Store, manager: &Actor, step: &Step, day: &mut NaiveDate) {
    let staff: Vec<_> = writer.staff().unwrap().into_iter().filter(|m| !m.role.is_manager()).collect();
    let rms: Vec<_> = staff.iter().filter(|m| m.role == Role::RelationshipManager).collect();
    let templates = writer.templates().unwrap();
    let kpi_of = |person: usize, kpi: usize| {
        let member = &staff[person % staff.len()];
        let codes: Vec<String> = templates[&member.role].kpis().map(|k| k.code.clone()).collect();
        (member.login.clone(), codes[kpi % codes.len()].clone())
    };
    let at = |offset: i64| month("2026-11").plus(offset);
    let _ = match step {
        Step::SetActual { person, kpi, month, value } | Step::SetTarget { person, kpi, month, value } => {
            let kind = if matches!(step, Step::SetActual { .. }) { ValueKind::Actual } else { ValueKind::Target };
            let (login, kpi) = kpi_of(*person, *kpi);
            let key = ValueKey { login: &login, kpi: &kpi, month: at(*month) };
            writer.set_value(manager, Via::Cli, kind, key, Some(f64::from(*value)), Expected::Anything).map(|_| ())
        }
        Step::ClearActual { person, kpi, month } => {
            let (login, kpi) = kpi_of(*person, *kpi);
            let key = ValueKey { login: &login, kpi: &kpi, month: at(*month) };
            writer.set_value(manager, Via::Cli, ValueKind::Actual, key, None, Expected::Anything).map(|_| ())
        }
        Step::Close { month } => {
            let change = branchboard::store::PeriodChange::Close { allow_missing: true };
            writer.change_period(manager, Via::Cli, at(*month), change).map(|_| ())
        }
        Step::Reopen { month } => writer.set_period_closed(manager, Via::Cli, at(*month), false).map(|_| ()),
        Step::FiscalStart(start) => {
            writer.set_setting(manager, Via::Cli, "fiscal_year_start_month", &start.to_string())
        }
        Step::Bands(meets) => {
            let json =
                format!(r#"{{"outstanding":120,"exceeds":{},"meets":{meets},"needs_improvement":80}}"#, meets + 10);
            writer.set_setting(manager, Via::Cli, "band_thresholds", &json)
        }
        Step::Contact { customer, days_ago } => {
            let customers = writer.customers(None).unwrap();
            let c = &customers[customer % customers.len()];
            let date = day.checked_sub_days(Days::new(*days_ago)).unwrap();
            writer.record_contact(manager, Via::Cli, &c.id, date).map(|_| ())
        }
        Step::Move { customer, rm } => {
            let customers = writer.customers(None).unwrap();
            let c = &customers[customer % customers.len()];
            let to = &rms[rm % rms.len()].login;
            writer.assign_customers(manager, Via::Cli, std::slice::from_ref(&c.id), to, None).map(|_| ())
        }
        Step::EmptyBook { rm } => {
            let from = &rms[rm % rms.len()].login;
            let to = &rms[(rm + 1) % rms.len()].login;
            let ids: Vec<String> = writer.customers(Some(from)).unwrap().into_iter().map(|c| c.id).collect();
            writer.assign_customers(manager, Via::Cli, &ids, to, Some(from)).map(|_| ())
        }
        Step::Days(days) => {
            *day = day.checked_add_days(Days::new(*days)).unwrap();
            writer.set_today(*day);
            Ok(())
        }
        Step::Read { .. } => Ok(()),
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn kept_scores_equal_fresh_scores(steps in prop::collection::vec(step(), 1..25)) {
        let dir = tempfile::tempdir().unwrap();
        let path = branch(dir.path());
        let mut day = today();
        let (mut writer, manager) = open(&path, day);
        // Today's dashboard, and one left open since the first day, reading beside each other.
        let mut readers = [open(&path, day).0, open(&path, day).0];
        let periods = periods();
        for (i, step) in steps.iter().enumerate() {
            apply(&mut writer, &manager, step, &mut day);
            readers[0].set_today(day);
            let period = match step {
                Step::Read { period } => periods[period % periods.len()],
                _ => periods[(i * 7 + steps.len()) % periods.len()],
            };
            // Today's twice: the first read may score and keep, the second reads what was kept.
            for r in [0, 1, 0] {
                same_as_fresh(&mut readers[r], period, step)?;
            }
        }
    }
}

/// The team's periods and two people's whole scorecards, read through the kept scores, against
/// the same scored afresh.
fn same_as_fresh(reader: &mut Store, period: Period, step: &Step) -> Result<(), TestCaseError> {
    let kept = reader.team_history(period, TREND).unwrap().history;
    let fresh = fresh(reader, period, TREND);
    let difference = first_difference(&kept, &fresh);
    prop_assert!(difference.is_none(), "{} after {:?}: {}", period, step, difference.unwrap_or_default());
    // One person's whole scorecards (the drill-down's KPI trends).
    for login in ["manager", &fresh[0].members[1].member.login] {
        let cards = reader.person_history(login, period, TREND).unwrap();
        let fresh_cards: Vec<_> =
            fresh.iter().map(|t| t.members.iter().find(|m| m.member.login == login).map(|m| m.card.clone())).collect();
        prop_assert!(cards == fresh_cards, "{}'s scorecards in {} after {:?}", login, period, step);
    }
    Ok(())
}

/// The second read of the same periods scores nobody (everything comes from the cache), and a
/// saved actual rescores only its person's periods that hold the month.
#[test]
fn a_save_rescores_only_the_periods_of_the_person_it_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = branch(dir.path());
    let (mut writer, manager) = open(&path, today());
    let (mut reader, _) = open(&path, today());
    let november = Period::Month(month("2026-11"));
    assert_eq!(reader.team_history(november, 12).unwrap().scored, 0, "the demo keeps what the dashboard opens on");
    rusqlite::Connection::open(&path).unwrap().execute("DELETE FROM score_cache", []).unwrap();
    // Kept ahead a few people at a time: 3, 3, then the last 2 of the 8.
    let october = Period::Month(month("2026-10"));
    assert!(reader.keep_scores_of(october, 3).unwrap() && reader.keep_scores_of(october, 3).unwrap());
    assert!(!reader.keep_scores_of(october, 3).unwrap(), "no one is left to score");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("DELETE FROM score_cache WHERE period <> '2026-10'", [])
        .unwrap();
    let first = reader.team_history(november, 12).unwrap();
    // 8 staff over November and the 12 months before it, October kept ahead.
    assert_eq!(first.scored, 8 * 12, "only October was kept");
    assert_eq!(reader.team_history(november, 12).unwrap().scored, 0, "everything was kept");

    // A loan officer (no book-derived KPIs) gets a new actual for November 2026: of the 13
    // months read (November and the 12 before it), only their November is scored again.
    let officer = writer.staff().unwrap().into_iter().find(|m| m.role == Role::LoanOfficer).unwrap();
    let key = ValueKey { login: &officer.login, kpi: "repeat_clients", month: month("2026-11") };
    writer.set_value(&manager, Via::Cli, ValueKind::Actual, key, Some(7.0), Expected::Anything).unwrap();
    let after = reader.team_history(november, 12).unwrap();
    assert_eq!(after.scored, 1, "one person, one month");
    assert_eq!(first_difference(&after.history, &fresh(&mut reader, november, 12)), None);

    // Reopening (or closing) October touches every person's October.
    let october = month("2026-10");
    if !writer.set_period_closed(&manager, Via::Cli, october, false).unwrap() {
        let close = branchboard::store::PeriodChange::Close { allow_missing: true };
        assert!(writer.change_period(&manager, Via::Cli, october, close).unwrap());
    }
    let staff = reader.staff().unwrap().len();
    assert_eq!(reader.team_history(november, 12).unwrap().scored, staff);
}
