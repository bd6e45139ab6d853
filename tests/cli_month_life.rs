//! A month's life on the command line: actuals only for months that have begun (targets may be
//! planned ahead), clearing values, listing months with their reporting counts, closing a month
//! only when its values are in (or with --allow-missing), and the audit of one period's months.
//! Every command runs with a fixed `--today`, so nothing depends on the real clock.

mod common;

use common::{Branch, Run, employee, kpi};
use serde_json::{Value, json};

/// The current month of these tests is 2026-11.
const TODAY: &str = "2026-11-23";

fn run(b: &Branch, login: &str, args: &[&str]) -> Run {
    b.run_on(TODAY, login, args)
}

#[track_caller]
fn ok(b: &Branch, login: &str, args: &[&str]) -> Run {
    b.ok_on(TODAY, login, args)
}

#[track_caller]
fn refused(b: &Branch, login: &str, args: &[&str], code: i32, message: &str) {
    b.refused_on(TODAY, login, args, code, message);
}

fn json_of(b: &Branch, login: &str, args: &[&str]) -> Value {
    serde_json::from_str(&ok(b, login, args).stdout).expect("valid JSON")
}

/// `boss` manages two loan officers, asha and ben.
fn two_people() -> Branch {
    let b = Branch::new();
    let staff = b.file(
        "staff.csv",
        "login,name,role,manager_login,focus,segments,os_user\n\
         asha,Asha Rao,loan_officer,boss,,,\n\
         ben,Ben Paul,loan_officer,boss,,,\n",
    );
    ok(&b, "boss", &["import", "staff", staff.to_str().unwrap()]);
    b
}

/// Two people, two months of targets and some actuals (counts in `period_list_counts_…`):
/// 2026-10: targets asha repeat_clients, asha loan_approval_rate, ben repeat_clients;
///          actuals asha repeat_clients, ben repeat_clients, ben client_query_response_time (untargeted).
/// 2026-11: targets asha repeat_clients, asha loan_approval_rate, ben repeat_clients,
///          ben loan_approval_rate; actual ben repeat_clients.
/// 2026-08 has only an untargeted actual; 2026-09 is closed and has nothing else.
fn two_months() -> Branch {
    let b = two_people();
    let targets = b.file(
        "targets.csv",
        "login,kpi,period,value\n\
         asha,repeat_clients,2026-10,10\n\
         asha,loan_approval_rate,2026-10,80\n\
         ben,repeat_clients,2026-10,8\n\
         asha,repeat_clients,2026-11,10\n\
         asha,loan_approval_rate,2026-11,75\n\
         ben,repeat_clients,2026-11,8\n\
         ben,loan_approval_rate,2026-11,70\n",
    );
    ok(&b, "boss", &["import", "targets", targets.to_str().unwrap()]);
    let set = |login: &str, kpi: &str, period: &str, value: &str| {
        ok(&b, login, &["actual", "set", "--kpi", kpi, "--period", period, "--value", value]);
    };
    set("asha", "repeat_clients", "2026-10", "12");
    set("ben", "repeat_clients", "2026-10", "9");
    set("ben", "client_query_response_time", "2026-10", "4");
    set("ben", "repeat_clients", "2026-11", "7");
    set("ben", "client_query_response_time", "2026-08", "3");
    ok(&b, "boss", &["period", "close", "2026-09"]);
    b
}

fn actuals_csv(b: &Branch) -> String {
    ok(b, "boss", &["export", "actuals"]).stdout
}

fn audit(b: &Branch, login: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["export", "audit", "--format", "json"];
    args.extend_from_slice(extra);
    json_of(b, login, &args)["audit"].as_array().expect("audit array").clone()
}

/// (action, entity, key) of each entry, in order.
fn changes(entries: &[Value]) -> Vec<(String, String, String)> {
    entries
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (text("action"), text("entity"), text("key"))
        })
        .collect()
}

fn change(action: &str, entity: &str, key: &str) -> (String, String, String) {
    (action.to_string(), entity.to_string(), key.to_string())
}

const FUTURE_REFUSAL: &str =
    "2026-12 is after the current month 2026-11; actuals can only be entered for months that have begun";

#[test]
fn an_actual_for_a_month_not_begun_is_refused_on_the_command_line_and_in_imports() {
    let b = two_people();
    let before = actuals_csv(&b);
    let next_month = ["actual", "set", "--kpi", "repeat_clients", "--period", "2026-12", "--value", "5"];
    refused(&b, "asha", &next_month, 4, FUTURE_REFUSAL);
    let for_asha =
        ["actual", "set", "--login", "asha", "--kpi", "repeat_clients", "--period", "2026-12", "--value", "5"];
    refused(&b, "boss", &for_asha, 4, FUTURE_REFUSAL);
    assert_eq!(actuals_csv(&b), before, "a refused actual changed the file");

    // In an import the row is located (line 3, column 3: the period cell) and nothing goes in,
    // not even the good row before it.
    let file =
        b.file("actuals.csv", "login,kpi,period,value\nasha,repeat_clients,2026-11,4\nasha,repeat_clients,2026-12,5\n");
    let path = file.to_str().unwrap();
    let dump = b.dump();
    let result = run(&b, "asha", &["import", "actuals", path]);
    assert_eq!(result.code, 4, "{}", result.stderr);
    assert!(result.stderr.contains(&format!("{path}:3:3: {FUTURE_REFUSAL}")), "{}", result.stderr);
    assert!(result.stderr.contains("nothing was imported (1 problem)"), "{}", result.stderr);
    assert_eq!(actuals_csv(&b), before);
    assert_eq!(b.dump(), dump, "a refused import changed the file");

    // Targets may be planned ahead; the current month itself takes actuals.
    ok(
        &b,
        "boss",
        &["target", "set", "--login", "asha", "--kpi", "repeat_clients", "--period", "2026-12", "--value", "9"],
    );
    assert!(ok(&b, "boss", &["export", "targets"]).stdout.contains("asha,repeat_clients,2026-12,9\n"));
    ok(&b, "asha", &["actual", "set", "--kpi", "repeat_clients", "--period", "2026-11", "--value", "4"]);

    // Once December has begun (its first day), the same actual and the same file go in.
    let result = b.run_on("2026-12-01", "asha", &next_month);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let result = b.run_on("2026-12-01", "asha", &["import", "actuals", path]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(
        actuals_csv(&b),
        "login,kpi,period,value\nasha,repeat_clients,2026-11,4\nasha,repeat_clients,2026-12,5\n"
    );
}

#[test]
fn clearing_values_is_audited_and_obeys_permissions_locks_and_expect() {
    let b = two_months();
    let clear_own = |login: &str, period: &str, expect: Option<&str>| {
        let mut args = vec!["actual", "clear", "--kpi", "repeat_clients", "--period", period];
        if let Some(v) = expect {
            args.extend(["--expect", v]);
        }
        run(&b, login, &args)
    };

    // Staff may not clear someone else's actual (exit 3); nothing changes.
    let before = actuals_csv(&b);
    refused(
        &b,
        "asha",
        &["actual", "clear", "--login", "ben", "--kpi", "repeat_clients", "--period", "2026-11"],
        3,
        "asha may change only their own actuals, not those of ben",
    );
    // A stale --expect is a conflict showing both values (exit 4); nothing changes.
    let stale = clear_own("ben", "2026-11", Some("6"));
    assert_eq!(stale.code, 4, "{}", stale.stderr);
    assert!(stale.stderr.contains("ben/repeat_clients/2026-11 was 6 when you saw it but is now 7"), "{}", stale.stderr);
    assert_eq!(actuals_csv(&b), before);

    // Clearing with the right --expect removes the value, says what it was, and is audited.
    let cleared = clear_own("ben", "2026-11", Some("7"));
    assert_eq!(cleared.code, 0, "{}", cleared.stderr);
    assert!(cleared.stderr.contains("actual ben/repeat_clients/2026-11 cleared (was 7)"), "{}", cleared.stderr);
    assert!(!actuals_csv(&b).contains("ben,repeat_clients,2026-11"), "{}", actuals_csv(&b));
    let last = audit(&b, "boss", &[]).last().cloned().unwrap();
    assert_eq!(
        last,
        json!({"at": last["at"], "actor": "ben", "action": "clear", "entity": "actual",
               "key": "ben/repeat_clients/2026-11", "old": "7", "new": null, "via": "cli"})
    );
    // Clearing what is already empty changes nothing and writes no audit entry.
    let entries = audit(&b, "boss", &[]).len();
    let again = clear_own("ben", "2026-11", None);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("actual ben/repeat_clients/2026-11 was already empty"), "{}", again.stderr);
    assert_eq!(audit(&b, "boss", &[]).len(), entries);

    // The manager clears anyone's actual.
    ok(&b, "boss", &["actual", "clear", "--login", "asha", "--kpi", "repeat_clients", "--period", "2026-10"]);
    assert!(!actuals_csv(&b).contains("asha,repeat_clients,2026-10"));

    // Targets: the manager only (exit 3 for staff); --expect as for set; audited.
    let target = ["target", "clear", "--login", "ben", "--kpi", "loan_approval_rate", "--period", "2026-11"];
    refused(&b, "ben", &target, 3, "only the branch manager may clear targets");
    let targets_before = ok(&b, "boss", &["export", "targets"]).stdout;
    let mut stale = target.to_vec();
    stale.extend(["--expect", "71"]);
    refused(&b, "boss", &stale, 4, "ben/loan_approval_rate/2026-11 was 71 when you saw it but is now 70");
    assert_eq!(ok(&b, "boss", &["export", "targets"]).stdout, targets_before);
    let cleared = ok(&b, "boss", &target);
    assert!(cleared.stderr.contains("target ben/loan_approval_rate/2026-11 cleared (was 70)"), "{}", cleared.stderr);
    assert!(!ok(&b, "boss", &["export", "targets"]).stdout.contains("ben,loan_approval_rate,2026-11"));
    let last = audit(&b, "boss", &[]).last().cloned().unwrap();
    assert_eq!(
        (&last["actor"], &last["action"], &last["entity"], &last["key"], &last["old"], &last["new"]),
        (
            &json!("boss"),
            &json!("clear"),
            &json!("target"),
            &json!("ben/loan_approval_rate/2026-11"),
            &json!("70"),
            &Value::Null
        )
    );

    // A closed month refuses clearing, the manager's too (exit 4), and keeps its values.
    ok(&b, "boss", &["period", "close", "2026-10", "--allow-missing"]);
    let dump = b.dump();
    refused(&b, "ben", &["actual", "clear", "--kpi", "repeat_clients", "--period", "2026-10"], 4, "2026-10 is closed");
    refused(
        &b,
        "boss",
        &["actual", "clear", "--login", "ben", "--kpi", "repeat_clients", "--period", "2026-10"],
        4,
        "2026-10 is closed",
    );
    refused(
        &b,
        "boss",
        &["target", "clear", "--login", "asha", "--kpi", "repeat_clients", "--period", "2026-10"],
        4,
        "2026-10 is closed",
    );
    assert_eq!(b.dump(), dump);
}

#[test]
fn period_list_counts_targeted_and_reported_values() {
    let b = two_months();
    // Branch-wide: 2026-10 has 3 targeted cells, 2 with an actual (ben's satisfaction rating
    // is not targeted and does not count); 2026-11 has 4, 1 with an actual.
    assert_eq!(
        ok(&b, "boss", &["period", "list"]).stdout,
        "month,state,targeted,reported,unreported\n\
         2026-08,open,0,0,0\n\
         2026-09,closed,0,0,0\n\
         2026-10,open,3,2,1\n\
         2026-11,open,4,1,3\n"
    );
    assert_eq!(
        json_of(&b, "boss", &["period", "list", "--format", "json"]),
        json!({"periods": [
            {"month": "2026-08", "state": "open", "targeted": 0, "reported": 0, "unreported": 0},
            {"month": "2026-09", "state": "closed", "targeted": 0, "reported": 0, "unreported": 0},
            {"month": "2026-10", "state": "open", "targeted": 3, "reported": 2, "unreported": 1},
            {"month": "2026-11", "state": "open", "targeted": 4, "reported": 1, "unreported": 3},
        ]})
    );
    // Staff see the same months and states, with counts of their own values only.
    assert_eq!(
        json_of(&b, "asha", &["period", "list", "--format", "json"]),
        json!({"periods": [
            {"month": "2026-08", "state": "open", "targeted": 0, "reported": 0, "unreported": 0},
            {"month": "2026-09", "state": "closed", "targeted": 0, "reported": 0, "unreported": 0},
            {"month": "2026-10", "state": "open", "targeted": 2, "reported": 1, "unreported": 1},
            {"month": "2026-11", "state": "open", "targeted": 2, "reported": 0, "unreported": 2},
        ]})
    );
    assert_eq!(
        ok(&b, "ben", &["period", "list", "--format", "csv"]).stdout,
        "month,state,targeted,reported,unreported\n\
         2026-08,open,0,0,0\n\
         2026-09,closed,0,0,0\n\
         2026-10,open,1,1,0\n\
         2026-11,open,2,1,1\n"
    );
    // A month planned ahead appears as soon as it has a target.
    ok(
        &b,
        "boss",
        &["target", "set", "--login", "ben", "--kpi", "repeat_clients", "--period", "2027-01", "--value", "9"],
    );
    assert!(ok(&b, "boss", &["period", "list"]).stdout.ends_with("2026-11,open,4,1,3\n2027-01,open,1,0,1\n"));
}

#[test]
fn closing_a_month_with_values_missing_needs_allow_missing() {
    let b = two_months();
    // 2026-11: asha has neither of her 2 targeted values, ben lacks 1 of his 2.
    let dump = b.dump();
    refused(
        &b,
        "boss",
        &["period", "close", "2026-11"],
        4,
        "2026-11 has 3 targeted values without an actual: asha 2, ben 1; enter them, or close anyway with \
         --allow-missing (they then count as missing and lower the scores)",
    );
    assert_eq!(b.dump(), dump, "a refused close changed the file");
    assert!(ok(&b, "boss", &["period", "list"]).stdout.contains("2026-11,open,"));
    // Closing stays the manager's, whatever is missing.
    refused(
        &b,
        "asha",
        &["period", "close", "2026-11", "--allow-missing"],
        3,
        "only the branch manager may close periods",
    );

    // While open, asha's unreported KPI is pending; once closed anyway, it is missing and scores 0.
    let scorecard =
        |b: &Branch| json_of(b, "boss", &["export", "scorecard", "--period", "2026-11", "--format", "json"]);
    assert_eq!(kpi(employee(&scorecard(&b), "asha"), "repeat_clients")["status"], "not_reported");
    // A month that has not begun cannot be closed, even with --allow-missing.
    let dump = b.dump();
    refused(
        &b,
        "boss",
        &["period", "close", "2026-12", "--allow-missing"],
        4,
        "2026-12 has not begun (the current month is 2026-11); a month can be closed once it has begun",
    );
    assert_eq!(b.dump(), dump, "closing a month not begun changed the file");
    let closed = ok(&b, "boss", &["period", "close", "2026-11", "--allow-missing"]);
    assert!(closed.stderr.contains("2026-11 is now closed"), "{}", closed.stderr);
    assert!(ok(&b, "boss", &["period", "list"]).stdout.contains("2026-11,closed,4,1,3\n"));
    let kpi = kpi(employee(&scorecard(&b), "asha"), "repeat_clients").clone();
    assert_eq!((&kpi["status"], kpi["score"].as_f64()), (&json!("missing"), Some(0.0)), "{kpi}");
    let last = audit(&b, "boss", &[]).last().cloned().unwrap();
    assert_eq!(
        (&last["action"], &last["entity"], &last["key"]),
        (&json!("close"), &json!("period"), &json!("2026-11"))
    );

    // A month whose targeted values are all in closes without the flag.
    refused(
        &b,
        "boss",
        &["period", "close", "2026-10"],
        4,
        "2026-10 has 1 targeted value without an actual: asha 1; enter it, or close anyway with --allow-missing (it then counts as missing and lowers the score)",
    );
    ok(
        &b,
        "boss",
        &["actual", "set", "--login", "asha", "--kpi", "loan_approval_rate", "--period", "2026-10", "--value", "82"],
    );
    let closed = ok(&b, "boss", &["period", "close", "2026-10"]);
    assert!(closed.stderr.contains("2026-10 is now closed"), "{}", closed.stderr);
    assert!(ok(&b, "boss", &["period", "list"]).stdout.contains("2026-10,closed,3,3,0\n"));
}

#[test]
fn export_audit_keeps_only_the_changes_of_the_periods_months() {
    let b = two_people();
    let targets = b.file(
        "targets.csv",
        "login,kpi,period,value\n\
         asha,repeat_clients,2026-07,5\n\
         asha,repeat_clients,2026-10,10\n\
         asha,repeat_clients,2026-03,4\n\
         ben,repeat_clients,2026-11,8\n\
         ben,repeat_clients,2026-12,9\n\
         asha,repeat_clients,2027-01,11\n",
    );
    ok(&b, "boss", &["import", "targets", targets.to_str().unwrap()]);
    ok(&b, "asha", &["actual", "set", "--kpi", "repeat_clients", "--period", "2026-10", "--value", "12"]);
    ok(&b, "ben", &["actual", "set", "--kpi", "repeat_clients", "--period", "2026-11", "--value", "7"]);
    ok(&b, "asha", &["actual", "set", "--kpi", "repeat_clients", "--period", "2026-07", "--value", "6"]);
    ok(&b, "boss", &["period", "close", "2026-09"]);
    ok(&b, "boss", &["period", "close", "2026-10"]);

    assert_eq!(
        changes(&audit(&b, "boss", &["--period", "2026-10"])),
        vec![
            change("set", "target", "asha/repeat_clients/2026-10"),
            change("set", "actual", "asha/repeat_clients/2026-10"),
            change("close", "period", "2026-10"),
        ]
    );
    let q4 = vec![
        change("set", "target", "asha/repeat_clients/2026-10"),
        change("set", "target", "ben/repeat_clients/2026-11"),
        change("set", "target", "ben/repeat_clients/2026-12"),
        change("set", "actual", "asha/repeat_clients/2026-10"),
        change("set", "actual", "ben/repeat_clients/2026-11"),
        change("close", "period", "2026-10"),
    ];
    assert_eq!(changes(&audit(&b, "boss", &["--period", "2026-Q4"])), q4);
    // Staff keep seeing only their own keys, and no period entries.
    assert_eq!(
        changes(&audit(&b, "asha", &["--period", "2026-Q4"])),
        vec![
            change("set", "target", "asha/repeat_clients/2026-10"),
            change("set", "actual", "asha/repeat_clients/2026-10")
        ]
    );
    let csv = ok(&b, "boss", &["export", "audit", "--period", "2026-Q4"]).stdout;
    assert_eq!(csv.lines().count(), 1 + q4.len(), "{csv}");

    // Fiscal quarters and years follow fiscal_year_start_month: from April, 2026-Q3 is
    // October–December 2026 and 2026 is April 2026–March 2027.
    ok(&b, "boss", &["settings", "set", "fiscal_year_start_month", "4"]);
    assert_eq!(changes(&audit(&b, "boss", &["--period", "2026-Q3"])), q4);
    assert_eq!(
        changes(&audit(&b, "boss", &["--period", "2026"])),
        vec![
            change("set", "target", "asha/repeat_clients/2026-07"),
            change("set", "target", "asha/repeat_clients/2026-10"),
            change("set", "target", "ben/repeat_clients/2026-11"),
            change("set", "target", "ben/repeat_clients/2026-12"),
            change("set", "target", "asha/repeat_clients/2027-01"),
            change("set", "actual", "asha/repeat_clients/2026-10"),
            change("set", "actual", "ben/repeat_clients/2026-11"),
            change("set", "actual", "asha/repeat_clients/2026-07"),
            change("close", "period", "2026-09"),
            change("close", "period", "2026-10"),
        ]
    );
    // Without --period, everything: the branch, staff and setting changes too.
    let all = changes(&audit(&b, "boss", &[]));
    for entity in ["branch", "staff", "setting"] {
        assert!(all.iter().any(|(_, e, _)| e == entity), "no {entity} entry in {all:?}");
    }
    assert_eq!(all.iter().filter(|(_, e, _)| e == "target").count(), 6);
}

#[test]
fn the_default_scorecard_month_ignores_actuals_of_months_not_begun() {
    let b = two_people();
    ok(
        &b,
        "boss",
        &["target", "set", "--login", "asha", "--kpi", "repeat_clients", "--period", "2026-10", "--value", "10"],
    );
    ok(&b, "asha", &["actual", "set", "--kpi", "repeat_clients", "--period", "2026-10", "--value", "12"]);
    let default_period = |today: &str| {
        let result = b.run_on(today, "boss", &["export", "scorecard", "--format", "json"]);
        assert_eq!(result.code, 0, "{}", result.stderr);
        serde_json::from_str::<Value>(&result.stdout).unwrap()["period"].clone()
    };
    assert_eq!(default_period(TODAY), "2026-10", "the latest month with actuals");

    // An actual entered in December (so for a month that had begun then), seen from November:
    // the dashboard's and the export's default month stays the latest month up to November.
    let december = ["actual", "set", "--kpi", "repeat_clients", "--period", "2026-12", "--value", "3"];
    let result = b.run_on("2026-12-03", "asha", &december);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(default_period("2026-12-03"), "2026-12");
    assert_eq!(default_period(TODAY), "2026-10");

    // That wrongly dated value can still be cleared from November.
    let cleared = ok(&b, "asha", &["actual", "clear", "--kpi", "repeat_clients", "--period", "2026-12"]);
    assert!(cleared.stderr.contains("actual asha/repeat_clients/2026-12 cleared (was 3)"), "{}", cleared.stderr);
    assert_eq!(actuals_csv(&b), "login,kpi,period,value\nasha,repeat_clients,2026-10,12\n");
}
