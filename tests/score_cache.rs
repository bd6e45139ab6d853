//! The kept scores (store/score_cache.rs) against scores computed afresh from the figures:
//! after random sequences of writes, closes, reopenings, settings changes, customer work, staff
//! and customer imports, target copies, rows of an earlier build and new days, every period
//! read through the cache equals the one scoring path's result.

use branchboard::demo::DemoParams;
use branchboard::domain::actor::Actor;
use branchboard::domain::period::{Month, Period};
use branchboard::domain::scoring::Scorecard;
use branchboard::domain::team::{BranchData, TeamPeriod};
use branchboard::domain::template::Role;
use branchboard::import::ValueKind;
use branchboard::store::{ConfirmedPlan, Expected, Store, TargetCopy, ValueKey, Via};
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
    /// Someone joins (staff import): a relationship manager or a loan officer.
    NewStaff {
        rm: bool,
    },
    /// A newcomer's role changes (staff import; refused while they hold customers or figures).
    RoleChange {
        newcomer: usize,
        rm: bool,
    },
    /// One customer row imported: an existing customer changed, or a new one, to any RM
    /// (newcomers included), with a status and a number of products.
    ImportCustomer {
        customer: usize,
        new: bool,
        rm: usize,
        status: usize,
        products: usize,
    },
    /// The coverage norms change (a book-derived KPI's "within norm" moves with them).
    Norms(u32),
    /// Targets copied from one month to another, scaled (the dashboard's plan, `target copy`).
    CopyTargets {
        from: i64,
        to: i64,
        scale: u32,
    },
    /// Some kept rows look as an earlier build of the scoring rules kept them.
    OldVersion,
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
        any::<bool>().prop_map(|rm| Step::NewStaff { rm }),
        (0..4usize, any::<bool>()).prop_map(|(newcomer, rm)| Step::RoleChange { newcomer, rm }),
        (0..400usize, any::<bool>(), 0..12usize, 0..3usize, 0..4usize).prop_map(
            |(customer, new, rm, status, products)| Step::ImportCustomer { customer, new, rm, status, products }
        ),
        (10..60u32).prop_map(Step::Norms),
        (-8i64..=2, -8i64..=3, 50..150u32).prop_map(|(from, to, scale)| Step::CopyTargets { from, to, scale }),
        Just(Step::OldVersion),
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

/// Runs the real binary on the branch as its manager on `day`; imports go this way, as a
/// branch manager's would. Refusals are part of the test, so the exit status is not checked.
fn cli(path: &Path, day: NaiveDate, args: &[&str]) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_branchboard"))
        .env_remove("BRANCHBOARD_DB")
        .args(["--db", path.to_str().unwrap(), "--as", "manager", "--today", &day.to_string()])
        .args(args)
        .output()
        .expect("run branchboard");
    assert!(output.status.code().is_some_and(|code| code < 5), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// Imports one CSV row (after `header`) through the binary.
fn import_row(path: &Path, day: NaiveDate, what: &str, header: &str, row: &str) {
    let file = path.with_file_name(format!("{what}.csv"));
    std::fs::write(&file, format!("{header}\n{row}\n")).unwrap();
    cli(path, day, &["import", what, file.to_str().unwrap()]);
}

/// The staff who joined during the test, by login.
fn newcomers(writer: &Store) -> Vec<String> {
    writer.staff().unwrap().into_iter().map(|m| m.login).filter(|l| l.starts_with("newcomer")).collect()
}

/// Applies one step through the store as the dashboard and the CLI would (refusals, such as
/// an actual for a closed month, change nothing and are part of the test too).
fn apply(path: &Path, writer: &mut Store, manager: &Actor, step: &Step, day: &mut NaiveDate) {
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
        Step::NewStaff { rm } => {
            let login = format!("newcomer{}", newcomers(writer).len());
            let row = if *rm {
                format!("{login},New Person,relationship_manager,manager,segment,affluent;sme,")
            } else {
                format!("{login},New Person,loan_officer,manager,,,")
            };
            import_row(path, *day, "staff", STAFF_HEADER, &row);
            Ok(())
        }
        Step::RoleChange { newcomer, rm } => {
            let joined = newcomers(writer);
            if let Some(login) = joined.get(newcomer % joined.len().max(1)) {
                let row = if *rm {
                    format!("{login},New Person,relationship_manager,manager,product,private,")
                } else {
                    format!("{login},New Person,banking_sales_executive,manager,,,")
                };
                import_row(path, *day, "staff", STAFF_HEADER, &row);
            }
            Ok(())
        }
        Step::ImportCustomer { customer, new, rm, status, products } => {
            let customers = writer.customers(None).unwrap();
            // Every RM, newcomers included (`rms` is read afresh for each step).
            let to = &rms[rm % rms.len()].login;
            let c = &customers[customer % customers.len()];
            let id = if *new { format!("N{customer:05}") } else { c.id.clone() };
            let contact = c.last_contact.map(|d| d.min(*day).to_string()).unwrap_or_default();
            let held = ["savings", "savings;fd", "savings;fd;credit_card", "savings;fd;credit_card;gold_loan"];
            let status = ["active", "dormant", "closed"][*status];
            let row = format!("{id},Imported Customer,{},{to},{},50000,{contact},{status}", c.segment, held[*products]);
            import_row(path, *day, "customers", CUSTOMER_HEADER, &row);
            Ok(())
        }
        Step::Norms(affluent_min) => {
            let json = format!(
                r#"{{"mass_retail":{{"min":300,"max":3000,"cadence_days":365}},"affluent":{{"min":{affluent_min},"max":90,"cadence_days":45}},"private":{{"min":5,"max":120,"cadence_days":30}},"sme":{{"min":40,"max":150,"cadence_days":90}},"corporate":{{"min":10,"max":40,"cadence_days":30}}}}"#
            );
            writer.set_setting(manager, Via::Cli, "coverage_norms", &json)
        }
        Step::CopyTargets { from, to, scale } => {
            let copy = TargetCopy { from: at(*from), to: at(*to), scale_percent: f64::from(*scale), login: None };
            writer.copy_targets(manager, Via::Cli, &copy, ConfirmedPlan::Anything).map(|_| ())
        }
        Step::OldVersion => {
            let file = rusqlite::Connection::open(path).unwrap();
            // Wrong numbers too: a read that trusted an earlier build's rows would show them.
            let sql =
                "UPDATE score_cache SET version = version - 1, overall = 999, card = json_set(card, '$.overall', 999)
                       WHERE login < 'p'";
            file.execute(sql, []).unwrap();
            Ok(())
        }
    };
}

const STAFF_HEADER: &str = "login,name,role,manager_login,focus,segments,os_user";
const CUSTOMER_HEADER: &str = "id,name,segment,rm_login,products,balance,last_contact,status";

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
            apply(&path, &mut writer, &manager, step, &mut day);
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

/// A figure written before values had a floor (or by hand) can make an achievement infinite:
/// 1,000 ÷ 10^-320 overflows. JSON cannot carry infinity, so such a scorecard is scored again
/// on every read rather than kept and read back as "no achievement".
#[test]
fn an_infinite_achievement_is_never_read_back_as_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = branch(dir.path());
    let (mut reader, _) = open(&path, today());
    let officer = reader.staff().unwrap().into_iter().find(|m| m.role == Role::LoanOfficer).unwrap();
    let file = rusqlite::Connection::open(&path).unwrap();
    for table in ["target", "actual"] {
        let value = if table == "target" { 1e-320 } else { 1000.0 };
        let sql = format!(
            "INSERT INTO {table} (login, kpi, month, value) VALUES (?1, 'repeat_clients', '2026-11', ?2)
             ON CONFLICT (month, login, kpi) DO UPDATE SET value = excluded.value"
        );
        file.execute(&sql, rusqlite::params![officer.login, value]).unwrap();
    }
    let november = Period::Month(month("2026-11"));
    let fresh_card = fresh(&mut reader, november, 1)[0]
        .members
        .iter()
        .find(|m| m.member.login == officer.login)
        .map(|m| m.card.clone())
        .unwrap();
    let achievement = |card: &Scorecard| {
        card.kras.iter().flat_map(|k| &k.kpis).find(|k| k.kpi.code == "repeat_clients").unwrap().achievement
    };
    assert_eq!(achievement(&fresh_card), Some(f64::INFINITY));
    // The first read scores; the second would read what the first kept.
    for read in ["first", "second"] {
        let cards = reader.person_history(&officer.login, november, 1).unwrap();
        let card = cards[0].as_ref().unwrap();
        assert_eq!(achievement(card), Some(f64::INFINITY), "{read} read");
        assert!(cards == vec![Some(fresh_card.clone())], "{read} read: the card differs from the fresh one");
    }
}

/// Each kind of write the property test draws really writes (none is refused whatever it
/// draws), and kept scores stay equal to fresh ones after it.
#[test]
fn every_kind_of_write_in_the_property_test_changes_the_branch() {
    let dir = tempfile::tempdir().unwrap();
    let path = branch(dir.path());
    let mut day = today();
    let (mut writer, manager) = open(&path, day);
    let (mut reader, _) = open(&path, day);
    let file = rusqlite::Connection::open(&path).unwrap();
    let last_change = || file.query_row("SELECT max(id) FROM audit_log", [], |r| r.get::<_, i64>(0)).unwrap();
    let steps = [
        Step::NewStaff { rm: false },
        Step::RoleChange { newcomer: 0, rm: false },
        Step::NewStaff { rm: true },
        Step::ImportCustomer { customer: 0, new: true, rm: 1, status: 0, products: 3 },
        Step::ImportCustomer { customer: 5, new: false, rm: 0, status: 1, products: 0 },
        Step::Norms(20),
        Step::CopyTargets { from: -1, to: 1, scale: 110 },
    ];
    for step in &steps {
        let before = last_change();
        apply(&path, &mut writer, &manager, step, &mut day);
        assert!(last_change() > before, "{step:?} changed nothing");
        for period in [Period::Month(month("2026-11")), "2026".parse().unwrap()] {
            // Twice: the first read keeps, the second reads what was kept.
            for _ in 0..2 {
                same_as_fresh(&mut reader, period, step).unwrap();
            }
        }
    }
    let newcomers = newcomers(&writer);
    assert_eq!(newcomers.len(), 2);
    let officer = writer.staff_member("newcomer0").unwrap().unwrap();
    assert_eq!(officer.role, Role::BankingSalesExecutive, "the role change was saved");
    assert_eq!(writer.customers(Some("newcomer1")).unwrap().len(), 1, "the new customer went to the new RM");

    let kept_now = |file: &rusqlite::Connection| {
        file.query_row(
            "SELECT count(*) FROM score_cache WHERE version = (SELECT max(version) FROM score_cache)",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
    };
    let current = kept_now(&file);
    apply(&path, &mut writer, &manager, &Step::OldVersion, &mut day);
    assert!(kept_now(&file) < current, "some rows now carry an earlier version");
    same_as_fresh(&mut reader, Period::Month(month("2026-11")), &Step::OldVersion).unwrap();
}
