//! The branch file refuses what is not its own, keeps its audit log append-only, and refuses
//! edits that would overwrite a value changed since it was shown.

mod common;

use branchboard::domain::period::Month;
use branchboard::domain::template::builtin_templates;
use branchboard::import::ValueKind;
use branchboard::store::{Expected, Store, StoreError, ValueKey, Via};
use common::Branch;

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn key<'a>(login: &'a str, kpi: &'a str, month: Month) -> ValueKey<'a> {
    ValueKey { login, kpi, month }
}

fn new_store(path: &std::path::Path) -> Store {
    let mut store = Store::create(path).unwrap();
    store.init_branch("Test", "boss", "Bina", &builtin_templates().unwrap(), Via::Init).unwrap();
    store
}

#[test]
fn a_file_that_is_not_a_branch_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, b"these are my notes, not a database\n").unwrap();
    for open in [Store::open, Store::create] {
        let err = open(&text).err().expect("refused");
        assert!(matches!(err, StoreError::NotBranchboard(_)), "{err}");
        assert!(err.to_string().contains("left untouched"));
    }
    assert_eq!(std::fs::read(&text).unwrap(), b"these are my notes, not a database\n");
    assert!(!dir.path().join("notes.db-wal").exists());

    let other = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    drop(conn);
    let before = std::fs::read(&other).unwrap();
    assert!(matches!(Store::open(&other).err(), Some(StoreError::NotBranchboard(_))));
    assert!(matches!(Store::create(&other).err(), Some(StoreError::NotBranchboard(_))));
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

#[test]
fn a_file_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    drop(new_store(&path));
    rusqlite::Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer branchboard"));
}

#[test]
fn a_missing_file_is_not_created_by_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.db");
    assert!(matches!(Store::open(&path).err(), Some(StoreError::NoDatabase(_))));
    assert!(!path.exists());
}

#[test]
fn the_audit_log_rejects_update_and_delete_from_any_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let store = new_store(&path);
    let plain = rusqlite::Connection::open(&path).unwrap();
    let count =
        |c: &rusqlite::Connection| c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get::<_, i64>(0)).unwrap();
    let before = count(&plain);
    assert!(before >= 2);
    let update = plain.execute("UPDATE audit_log SET actor = 'someone'", []).unwrap_err();
    assert!(update.to_string().contains("append-only"), "{update}");
    let delete = plain.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(delete.to_string().contains("append-only"), "{delete}");
    assert_eq!(count(&plain), before);
    drop(store);
}

/// Imports a staff file held in memory, as `import staff` reads one from disk.
fn import_staff(store: &mut Store, boss: &branchboard::domain::actor::Actor, staff: &str) {
    use branchboard::import::{CsvRows, Feed, LIMITS, STAFF_HEADER, StaffCheck};
    let mut feed = Feed::new(CsvRows::new(staff.as_bytes(), &STAFF_HEADER, LIMITS), StaffCheck::default(), &());
    store.import_staff(boss, |catalogue| feed.next_row(catalogue)).unwrap();
}

#[test]
fn edits_are_permission_checked_audited_and_conflict_safe() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let mut store = new_store(&path);
    let staff = "login,name,role,manager_login,focus,segments,os_user\nlara,Lara,loan_officer,boss,,,\nomar,Omar,loan_officer,boss,,,\n";
    let boss = store.resolve_actor(Some("boss"), None).unwrap();
    import_staff(&mut store, &boss, staff);
    let lara = store.resolve_actor(Some("lara"), None).unwrap();
    let jan = month("2025-01");
    let kpi = "loan_sales_revenue";

    // Own actual: saved and audited.
    assert_eq!(
        store
            .set_value(&lara, Via::Tui, ValueKind::Actual, key("lara", kpi, jan), Some(10.0), Expected::Value(None))
            .unwrap(),
        None
    );
    assert_eq!(store.value_of(ValueKind::Actual, key("lara", kpi, jan)).unwrap(), Some(10.0));
    // Someone else's actual or any target: not allowed (exit 3).
    let err = store
        .set_value(&lara, Via::Tui, ValueKind::Actual, key("omar", kpi, jan), Some(1.0), Expected::Anything)
        .unwrap_err();
    assert_eq!(err.exit_code(), 3);
    let err = store
        .set_value(&lara, Via::Tui, ValueKind::Target, key("lara", kpi, jan), Some(1.0), Expected::Anything)
        .unwrap_err();
    assert_eq!(err.exit_code(), 3);
    // An edit based on a stale value is a conflict showing both values (exit 4), nothing saved.
    store
        .set_value(&boss, Via::Cli, ValueKind::Actual, key("lara", kpi, jan), Some(12.0), Expected::Value(Some(10.0)))
        .unwrap();
    let err = store
        .set_value(&lara, Via::Tui, ValueKind::Actual, key("lara", kpi, jan), Some(11.0), Expected::Value(Some(10.0)))
        .unwrap_err();
    assert_eq!(err.exit_code(), 4);
    assert!(err.to_string().contains("was 10") && err.to_string().contains("now 12"), "{err}");
    assert_eq!(store.value_of(ValueKind::Actual, key("lara", kpi, jan)).unwrap(), Some(12.0));
    // Out-of-range values never reach the file (violations are the manager's to enter).
    let err = store
        .set_value(
            &boss,
            Via::Tui,
            ValueKind::Actual,
            key("lara", "compliance_violations", jan),
            Some(-1.0),
            Expected::Anything,
        )
        .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let err = store
        .set_value(&lara, Via::Tui, ValueKind::Actual, key("lara", kpi, jan), Some(f64::NAN), Expected::Anything)
        .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    // A closed month refuses everyone, the manager too (exit 4); staff cannot close months.
    assert_eq!(store.set_period_closed(&lara, Via::Tui, jan, true).unwrap_err().exit_code(), 3);
    assert!(store.set_period_closed(&boss, Via::Cli, jan, true).unwrap());
    let err = store
        .set_value(&boss, Via::Cli, ValueKind::Actual, key("lara", kpi, jan), Some(13.0), Expected::Anything)
        .unwrap_err();
    assert!(matches!(err, StoreError::PeriodClosed(_)), "{err}");
    assert_eq!(err.exit_code(), 4);

    let history = store
        .audit_entries(&branchboard::store::AuditFilter {
            entity: Some("actual".into()),
            key: Some(format!("lara/{kpi}/2025-01")),
            about_login: None,
        })
        .unwrap();
    let summary: Vec<(String, Option<String>, Option<String>, String)> =
        history.iter().map(|e| (e.actor.clone(), e.old.clone(), e.new.clone(), e.via.clone())).collect();
    assert_eq!(
        summary,
        vec![
            ("lara".to_string(), None, Some("10".to_string()), "tui".to_string()),
            ("boss".to_string(), Some("10".to_string()), Some("12".to_string()), "cli".to_string()),
        ]
    );
}

#[test]
fn the_store_refuses_actuals_for_months_after_its_current_month() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let mut store = new_store(&path);
    let staff = "login,name,role,manager_login,focus,segments,os_user\nlara,Lara,loan_officer,boss,,,\n";
    let boss = store.resolve_actor(Some("boss"), None).unwrap();
    import_staff(&mut store, &boss, staff);
    let lara = store.resolve_actor(Some("lara"), None).unwrap();
    let (nov, dec) = (month("2026-11"), month("2026-12"));
    let kpi = "loan_sales_revenue";
    let november = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    store.set_today(november);

    // Every caller of the store's write path (the dashboard's edit among them) is refused.
    for actor in [&lara, &boss] {
        let err = store
            .set_value(actor, Via::Tui, ValueKind::Actual, key("lara", kpi, dec), Some(1.0), Expected::Value(None))
            .unwrap_err();
        assert!(matches!(err, StoreError::FutureActual { .. }), "{err}");
        assert_eq!(err.exit_code(), 4);
        assert_eq!(
            err.to_string(),
            "2026-12 is after the current month 2026-11; actuals can only be entered for months that have begun"
        );
    }
    assert_eq!(store.value_of(ValueKind::Actual, key("lara", kpi, dec)).unwrap(), None);
    // Targets may be planned ahead; the current month takes actuals.
    store.set_value(&boss, Via::Tui, ValueKind::Target, key("lara", kpi, dec), Some(5.0), Expected::Anything).unwrap();
    store.set_value(&lara, Via::Tui, ValueKind::Actual, key("lara", kpi, nov), Some(2.0), Expected::Anything).unwrap();

    // A December actual entered in December is seen from November only when asked for
    // December, and can be cleared from November.
    store.set_today(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    store.set_value(&lara, Via::Tui, ValueKind::Actual, key("lara", kpi, dec), Some(1.0), Expected::Anything).unwrap();
    store.set_today(november);
    assert_eq!(store.latest_month_with_actuals(nov).unwrap(), Some(nov));
    assert_eq!(store.latest_month_with_actuals(dec).unwrap(), Some(dec));
    let old = store
        .set_value(&lara, Via::Tui, ValueKind::Actual, key("lara", kpi, dec), None, Expected::Value(Some(1.0)))
        .unwrap();
    assert_eq!(old, Some(1.0));
    assert_eq!(store.value_of(ValueKind::Actual, key("lara", kpi, dec)).unwrap(), None);
}

#[test]
fn cli_edits_and_their_exit_codes() {
    let b = Branch::new();
    let staff = b.file("staff.csv", "login,name,role,manager_login,focus,segments,os_user\nlara,Lara,loan_officer,boss,,,lara_os\nomar,Omar,loan_officer,boss,,,\n");
    b.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    let set = |who: &str, extra: &[&str]| {
        let mut args = vec!["actual", "set", "--kpi", "loan_sales_revenue", "--period", "2025-01"];
        args.extend_from_slice(extra);
        b.run_as(who, &args)
    };
    assert_eq!(set("lara", &["--value", "1,23,456"]).code, 0);
    assert_eq!(
        b.ok_as("lara", &["export", "actuals"]),
        "login,kpi,period,value\nlara,loan_sales_revenue,2025-01,123456\n"
    );
    assert_eq!(set("lara", &["--value", "5", "--login", "omar"]).code, 3);
    assert_eq!(set("lara", &["--value", "abc"]).code, 2);
    assert_eq!(set("lara", &["--value", "-5"]).code, 0, "negative revenue (a reversal) is allowed");
    let conflict = set("lara", &["--value", "7", "--expect", "123456"]);
    assert_eq!(conflict.code, 4);
    assert!(conflict.stderr.contains("123456") && conflict.stderr.contains("-5"), "{}", conflict.stderr);
    assert_eq!(set("lara", &["--value", "7", "--expect", "-5"]).code, 0);
    // The OS user maps to the login when --as is not given.
    let mut by_os_user = b.command();
    let out = by_os_user.env("USER", "lara_os").args(["export", "actuals"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "login,kpi,period,value\nlara,loan_sales_revenue,2025-01,7\n");
    // Targets belong to the manager; closed months refuse everyone.
    let target =
        ["target", "set", "--kpi", "loan_sales_revenue", "--period", "2025-01", "--value", "10", "--login", "lara"];
    assert_eq!(b.run_as("lara", &target).code, 3);
    assert_eq!(b.run_as("boss", &target).code, 0);
    assert_eq!(b.run_as("lara", &["period", "close", "2025-01"]).code, 3);
    assert_eq!(b.run_as("boss", &["period", "close", "2025-01"]).code, 0);
    assert_eq!(b.run_as("boss", &target).code, 4);
    assert_eq!(set("lara", &["--value", "8"]).code, 4);
    assert_eq!(b.run_as("boss", &["period", "reopen", "2025-01"]).code, 0);
    assert_eq!(set("lara", &["--value", "8"]).code, 0);
    assert_eq!(b.run_as("boss", &["period", "close", "2025-13"]).code, 2);
}

#[test]
fn init_refuses_an_existing_branch_and_bad_arguments() {
    let b = Branch::new();
    let before = b.dump();
    let again = b.run(&["init", "--branch", "Other", "--manager", "x"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already holds a branch"), "{}", again.stderr);
    assert_eq!(b.dump(), before);
    let fresh = Branch::empty();
    assert_eq!(fresh.run(&["init", "--branch", "X", "--manager", "Not Valid"]).code, 2);
    assert!(!fresh.db.exists(), "a refused init must not leave a file behind");
}
