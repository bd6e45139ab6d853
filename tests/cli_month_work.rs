//! The month's work on the command line: planning next month by copying this month's targets
//! (scaled, all or nothing, audited), RMs recording contacts with their own customers, and
//! the branch manager moving customers between RMs. Every command runs with a fixed `--today`.

mod common;

use common::{Branch, Run};
use serde_json::Value;

/// The current month of these tests is 2026-11.
const TODAY: &str = "2026-11-23";

#[track_caller]
fn ok(b: &Branch, login: &str, args: &[&str]) -> Run {
    b.ok_on(TODAY, login, args)
}

/// Runs a command that must be refused with `code` and `message`, and change nothing.
#[track_caller]
fn refused(b: &Branch, login: &str, args: &[&str], code: i32, message: &str) {
    let before = b.dump();
    b.refused_on(TODAY, login, args, code, message);
    assert_eq!(b.dump(), before, "{login} {args:?} was refused but changed the file");
}

/// `boss` manages two RMs (rm, rm2) and two loan officers (asha, ben). Customers: C1 and C3
/// are rm's (last contacts 2026-11-01 and 2026-10-15), C2 is rm2's (never contacted).
fn team() -> Branch {
    let b = Branch::new();
    let staff = b.file(
        "staff.csv",
        "login,name,role,manager_login,focus,segments,os_user\n\
         rm,Ravi Menon,relationship_manager,boss,segment,affluent,\n\
         rm2,Rita Das,relationship_manager,boss,segment,sme,\n\
         asha,Asha Rao,loan_officer,boss,,,\n\
         ben,Ben Paul,loan_officer,boss,,,\n",
    );
    ok(&b, "boss", &["import", "staff", staff.to_str().unwrap()]);
    let customers = b.file(
        "customers.csv",
        "id,name,segment,rm_login,products,balance,last_contact,status\n\
         C1,Anil,affluent,rm,savings,100,2026-11-01,active\n\
         C2,Bala,sme,rm2,current,200,,active\n\
         C3,Chitra,mass_retail,rm,savings,50,2026-10-15,active\n",
    );
    ok(&b, "boss", &["import", "customers", customers.to_str().unwrap()]);
    b
}

/// The team with targets for 2026-11 (the source of the copies) and a few already in 2026-12:
///
/// | login/kpi                          | unit     | 2026-11 | 2026-12 before |
/// |------------------------------------|----------|---------|----------------|
/// | asha/loan_sales_revenue            | currency | 12      |                |
/// | asha/repeat_clients                | count    | 7       |                |
/// | asha/loan_approval_rate            | percent  | 80      | 70             |
/// | ben/repeat_clients                 | count    | 10      | 11             |
/// | ben/application_turnaround_time    | days     | 2.5     |                |
/// | ben/loan_default_rate              | percent  |         | 3              |
///
/// 2026-10 is closed and has no targets.
fn planned() -> Branch {
    let b = team();
    let targets = b.file(
        "targets.csv",
        "login,kpi,period,value\n\
         asha,loan_sales_revenue,2026-11,12\n\
         asha,repeat_clients,2026-11,7\n\
         asha,loan_approval_rate,2026-11,80\n\
         ben,repeat_clients,2026-11,10\n\
         ben,application_turnaround_time,2026-11,2.5\n\
         asha,loan_approval_rate,2026-12,70\n\
         ben,repeat_clients,2026-12,11\n\
         ben,loan_default_rate,2026-12,3\n",
    );
    ok(&b, "boss", &["import", "targets", targets.to_str().unwrap()]);
    ok(&b, "boss", &["period", "close", "2026-10"]);
    b
}

/// The targets of one month as `login/kpi=value`, sorted.
fn targets_of(b: &Branch, month: &str) -> Vec<String> {
    let csv = ok(b, "boss", &["export", "targets"]).stdout;
    let mut found: Vec<String> = csv
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[2] == month).then(|| format!("{}/{}={}", cells[0], cells[1], cells[3]))
        })
        .collect();
    found.sort();
    found
}

fn audit(b: &Branch) -> Vec<Value> {
    let out = ok(b, "boss", &["export", "audit", "--format", "json"]).stdout;
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    json["audit"].as_array().expect("audit array").clone()
}

/// (actor, action, entity, key, old, new, via) of each entry, in order.
fn entries(entries: &[Value]) -> Vec<[String; 7]> {
    entries
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            ["actor", "action", "entity", "key", "old", "new", "via"].map(text)
        })
        .collect()
}

fn entry(fields: [&str; 7]) -> [String; 7] {
    fields.map(str::to_string)
}

/// The audit entries written since `before` entries were there.
fn audit_since(b: &Branch, before: usize) -> Vec<[String; 7]> {
    entries(&audit(b)[before..])
}

const COPY_110: [&str; 8] = ["target", "copy", "--from", "2026-11", "--to", "2026-12", "--scale", "110"];

#[test]
fn a_scaled_copy_writes_rounded_targets_and_audits_each_one() {
    let b = planned();
    let audited = audit(&b).len();
    let run = ok(&b, "boss", &COPY_110);
    // Written: asha's three (two new, one over 70) and ben's turnaround (new); ben's
    // repeat_clients is already 11 = 10 × 1.1.
    assert!(
        run.stderr.contains("copied 4 targets from 2026-11 to 2026-12 at 110%: 3 new, 1 replaced, 1 already so"),
        "{}",
        run.stderr
    );
    assert_eq!(
        targets_of(&b, "2026-12"),
        [
            // 80 × 110 / 100 = 88 (percent, 2 decimals).
            "asha/loan_approval_rate=88",
            // 12 × 110 / 100 = 13.2 (currency, 2 decimals).
            "asha/loan_sales_revenue=13.2",
            // 7 × 110 / 100 = 7.7 → 8 (a count rounds to a whole number).
            "asha/repeat_clients=8",
            // 2.5 × 110 / 100 = 2.75 (days, 2 decimals).
            "ben/application_turnaround_time=2.75",
            // Not in 2026-11: left as it was.
            "ben/loan_default_rate=3",
            // 10 × 110 / 100 = 11, already so.
            "ben/repeat_clients=11",
        ]
    );
    // The source month is untouched.
    assert_eq!(targets_of(&b, "2026-11").len(), 5);
    // One audit entry per written target, like `target set`, in the source's order (login, kpi).
    assert_eq!(
        audit_since(&b, audited),
        [
            entry(["boss", "set", "target", "asha/loan_approval_rate/2026-12", "70", "88", "cli"]),
            entry(["boss", "set", "target", "asha/loan_sales_revenue/2026-12", "", "13.2", "cli"]),
            entry(["boss", "set", "target", "asha/repeat_clients/2026-12", "", "8", "cli"]),
            entry(["boss", "set", "target", "ben/application_turnaround_time/2026-12", "", "2.75", "cli"]),
        ]
    );

    // Copying again finds everything already so: nothing written, nothing audited.
    let before = b.dump();
    let again = ok(&b, "boss", &COPY_110);
    assert!(
        again.stderr.contains("copied 0 targets from 2026-11 to 2026-12 at 110%: 0 new, 0 replaced, 5 already so"),
        "{}",
        again.stderr
    );
    assert_eq!(b.dump(), before);
}

#[test]
fn a_copy_for_one_login_leaves_the_others_alone() {
    let b = planned();
    let audited = audit(&b).len();
    let run = ok(&b, "boss", &["target", "copy", "--from", "2026-11", "--to", "2027-01", "--login", "ben"]);
    // Unscaled (100%): 10 stays 10, 2.5 stays 2.5; asha's targets are not copied.
    assert!(
        run.stderr.contains("copied 2 targets of ben from 2026-11 to 2027-01 at 100%: 2 new, 0 replaced, 0 already so"),
        "{}",
        run.stderr
    );
    assert_eq!(targets_of(&b, "2027-01"), ["ben/application_turnaround_time=2.5", "ben/repeat_clients=10"]);
    assert_eq!(audit_since(&b, audited).len(), 2);
    refused(
        &b,
        "boss",
        &["target", "copy", "--from", "2026-11", "--to", "2027-01", "--login", "nobody"],
        2,
        "no staff member has the login \"nobody\"",
    );
}

#[test]
fn a_copy_into_a_closed_month_is_refused_and_writes_nothing() {
    let b = planned();
    let rows_before = targets_of(&b, "2026-10").len();
    let audited = audit(&b).len();
    refused(
        &b,
        "boss",
        &["target", "copy", "--from", "2026-11", "--to", "2026-10"],
        4,
        "2026-10 is closed; the branch manager must reopen it",
    );
    assert_eq!((rows_before, targets_of(&b, "2026-10").len()), (0, 0));
    assert_eq!(audit(&b).len(), audited);
}

#[test]
fn one_scaled_value_out_of_range_refuses_the_whole_copy() {
    let b = planned();
    // A 1–5 score of 5 scaled by 110% is 5.5, outside 1–5; the count before it would be fine.
    let targets = b.file(
        "september.csv",
        "login,kpi,period,value\n\
         asha,repeat_clients,2026-09,4\n\
         asha,client_satisfaction_rating,2026-09,5\n",
    );
    ok(&b, "boss", &["import", "targets", targets.to_str().unwrap()]);
    let before = targets_of(&b, "2026-12");
    refused(
        &b,
        "boss",
        &["target", "copy", "--from", "2026-09", "--to", "2026-12", "--scale", "110"],
        2,
        "cannot copy asha/client_satisfaction_rating/2026-12: 5 × 110% gives 5.5, but 5.5 is out of range \
         for a score KPI (1 to 5); nothing was copied",
    );
    assert_eq!(targets_of(&b, "2026-12"), before);
    // The same copy at 100% is within range.
    ok(&b, "boss", &["target", "copy", "--from", "2026-09", "--to", "2026-12"]);
}

#[test]
fn copy_requests_that_make_no_sense_are_usage_errors() {
    let b = planned();
    let copy = |from: &str, to: &str, scale: &str| {
        ["target", "copy", "--from", from, "--to", to, "--scale", scale].map(str::to_string)
    };
    let cases = [
        (copy("2026-11", "2026-11", "100"), "cannot copy 2026-11 onto itself"),
        (copy("2026-11", "2026-12", "0"), "scale 0% must be a number above 0"),
        (copy("2026-11", "2026-12", "-10"), "scale -10% must be a number above 0"),
        (copy("2026-11", "2026-12", "lots"), "--scale: \"lots\" is not a number"),
        (copy("2026-13", "2026-12", "100"), "--from:"),
    ];
    for (args, message) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&b, "boss", &args, 2, message);
    }
    // `110%` reads as 110.
    let run = ok(&b, "boss", &["target", "copy", "--from", "2026-11", "--to", "2026-12", "--scale", "110%"]);
    assert!(run.stderr.contains("at 110%: 3 new, 1 replaced, 1 already so"), "{}", run.stderr);
}

#[test]
fn targets_of_kpis_the_role_no_longer_has_are_left_out() {
    let b = planned();
    // A KPI taken out of the loan officer template after its target was set.
    let conn = rusqlite::Connection::open(&b.db).unwrap();
    conn.execute("INSERT INTO target (login, kpi, month, value) VALUES ('asha', 'retired_kpi', '2026-11', 5)", [])
        .unwrap();
    drop(conn);
    let run = ok(&b, "boss", &COPY_110);
    assert!(run.stderr.contains("copied 4 targets"), "{}", run.stderr);
    assert!(run.stderr.contains("; 1 left out (no longer on the staff, or the KPI is not in their role's template)"));
    assert!(!targets_of(&b, "2026-12").iter().any(|t| t.contains("retired_kpi")));
}

/// C1, C2, C3 with their RM and last contact, from the customer export.
fn customers(b: &Branch) -> Vec<(String, String, String)> {
    let csv = ok(b, "boss", &["export", "customers"]).stdout;
    csv.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[0].to_string(), cells[3].to_string(), cells[6].to_string())
        })
        .collect()
}

fn customer(id: &str, rm: &str, last_contact: &str) -> (String, String, String) {
    (id.to_string(), rm.to_string(), last_contact.to_string())
}

#[test]
fn an_rm_records_contacts_with_their_own_customers_up_to_today() {
    let b = team();
    let audited = audit(&b).len();
    // Today by default.
    let run = ok(&b, "rm", &["customer", "contact", "C3"]);
    assert!(run.stderr.contains("customer C3: last contact 2026-11-23 (was 2026-10-15)"), "{}", run.stderr);
    // A date given, later than the one recorded.
    ok(&b, "rm", &["customer", "contact", "C1", "--date", "2026-11-10"]);
    // The branch manager records one for any customer.
    let run = ok(&b, "boss", &["customer", "contact", "C2", "--date", "2026-11-02"]);
    assert!(run.stderr.contains("customer C2: last contact 2026-11-02 (none recorded before)"), "{}", run.stderr);
    // The same day again changes nothing.
    let before = b.dump();
    let run = ok(&b, "rm", &["customer", "contact", "C1", "--date", "2026-11-10"]);
    assert!(run.stderr.contains("a contact on 2026-11-10 was already recorded"), "{}", run.stderr);
    assert_eq!(b.dump(), before);

    // Tomorrow, a date before the recorded one, another RM's customer, someone not an RM.
    refused(
        &b,
        "rm",
        &["customer", "contact", "C1", "--date", "2026-11-24"],
        2,
        "a contact on 2026-11-24 is in the future (today is 2026-11-23)",
    );
    refused(
        &b,
        "rm",
        &["customer", "contact", "C1", "--date", "2026-11-05"],
        2,
        "C1 already has a later contact recorded, on 2026-11-10; a contact on 2026-11-05 would move the last \
         contact backwards",
    );
    refused(
        &b,
        "rm2",
        &["customer", "contact", "C1"],
        3,
        "rm2 records contacts with their own customers only; C1 is in the book of rm",
    );
    refused(
        &b,
        "asha",
        &["customer", "contact", "C1"],
        3,
        "not allowed: contacts are recorded by relationship managers",
    );
    refused(&b, "rm", &["customer", "contact", "C9"], 2, "no customer has the id \"C9\"");

    assert_eq!(
        customers(&b),
        [customer("C1", "rm", "2026-11-10"), customer("C2", "rm2", "2026-11-02"), customer("C3", "rm", "2026-11-23")]
    );
    assert_eq!(
        audit_since(&b, audited),
        [
            entry(["rm", "contact", "customer", "C3", "2026-10-15", "2026-11-23", "cli"]),
            entry(["rm", "contact", "customer", "C1", "2026-11-01", "2026-11-10", "cli"]),
            entry(["boss", "contact", "customer", "C2", "", "2026-11-02", "cli"]),
        ]
    );
}

#[test]
fn the_manager_moves_customers_between_rms_all_or_nothing() {
    let b = team();
    let audited = audit(&b).len();
    let run = ok(&b, "boss", &["customer", "assign", "C1", "--rm", "rm2"]);
    assert!(run.stderr.contains("moved 1 customer to rm2"), "{}", run.stderr);
    // C2 is rm2's already; C3 moves.
    let run = ok(&b, "boss", &["customer", "assign", "C2", "C3", "--rm", "rm2"]);
    assert!(run.stderr.contains("moved 1 customer to rm2; 1 already with rm2"), "{}", run.stderr);

    refused(&b, "rm", &["customer", "assign", "C2", "--rm", "rm"], 3, "only the branch manager may assign customers");
    refused(&b, "boss", &["customer", "assign", "C2", "--rm", "asha"], 2, "asha is not a relationship manager");
    refused(&b, "boss", &["customer", "assign", "C2", "--rm", "nobody"], 2, "nobody is not a relationship manager");
    // An unknown id among good ones: nothing moves.
    refused(&b, "boss", &["customer", "assign", "C1", "C9", "--rm", "rm"], 2, "no customer has the id \"C9\"");

    assert_eq!(
        customers(&b),
        [customer("C1", "rm2", "2026-11-01"), customer("C2", "rm2", ""), customer("C3", "rm2", "2026-10-15")]
    );
    assert_eq!(
        audit_since(&b, audited),
        [
            entry(["boss", "assign", "customer", "C1", "rm", "rm2", "cli"]),
            entry(["boss", "assign", "customer", "C3", "rm", "rm2", "cli"]),
        ]
    );
    // Moved customers are the new RM's to contact: rm may no longer, rm2 may.
    refused(&b, "rm", &["customer", "contact", "C1"], 3, "C1 is in the book of rm2");
    ok(&b, "rm2", &["customer", "contact", "C1"]);
}

/// A close confirmed on screen with N values missing closes only while at most N are missing:
/// a value cleared after the confirmation was shown refuses the close instead of slipping in.
#[test]
fn a_confirmed_close_refuses_more_missing_than_it_showed() {
    use branchboard::store::{PeriodChange, Store, Via};
    let b = team();
    // asha and ben each have one target in 2026-11 and no actual: 2 missing.
    let role = branchboard::domain::template::Role::LoanOfficer;
    let kpi = branchboard::domain::template::builtin_template(role).unwrap().kras[0].kpis[0].code.clone();
    let targets = b.file("t.csv", format!("login,kpi,period,value\nasha,{kpi},2026-11,4\nben,{kpi},2026-11,4\n"));
    ok(&b, "boss", &["import", "targets", targets.to_str().unwrap()]);
    let mut store = Store::open(&b.db).unwrap();
    store.set_today(TODAY.parse().unwrap());
    let boss = store.resolve_actor(Some("boss"), None).unwrap();
    let november = "2026-11".parse().unwrap();
    let refused = store.change_period(&boss, Via::Tui, november, PeriodChange::CloseConfirmed { at_most: 1 });
    assert!(matches!(refused, Err(branchboard::store::StoreError::MissingActuals { total: 2, .. })), "{refused:?}");
    assert_eq!(
        ok(&b, "boss", &["period", "list"])
            .stdout
            .lines()
            .find(|l| l.starts_with("2026-11"))
            .unwrap()
            .split(',')
            .nth(1),
        Some("open")
    );
    let closed = store.change_period(&boss, Via::Tui, november, PeriodChange::CloseConfirmed { at_most: 2 });
    assert!(closed.unwrap(), "closed");
}

/// A copy confirmed from its preview writes only what the preview showed: a destination target
/// that another session set meanwhile refuses the whole copy as a conflict (exit 4), writing
/// nothing; the preview read again shows it replaced, and that copy is written.
#[test]
fn a_copy_confirmed_from_a_preview_is_refused_when_a_target_changed_since() {
    use branchboard::import::ValueKind;
    use branchboard::store::{ConfirmedPlan, Expected, Store, StoreError, TargetCopy, ValueKey, Via};
    let b = planned();
    let open = || {
        let mut store = Store::open(&b.db).unwrap();
        store.set_today(TODAY.parse().unwrap());
        store
    };
    let (mut dashboard, mut other) = (open(), open());
    let boss = dashboard.resolve_actor(Some("boss"), None).unwrap();
    let copy = TargetCopy {
        from: "2026-11".parse().unwrap(),
        to: "2027-01".parse().unwrap(),
        scale_percent: 100.0,
        login: None,
    };
    let shown = dashboard.plan_target_copy(&boss, &copy).unwrap();
    assert_eq!((shown.writes.len(), shown.new_targets(), shown.replaced()), (5, 5, 0));

    let key = ValueKey { login: "asha", kpi: "loan_approval_rate", month: copy.to };
    other.set_value(&boss, Via::Cli, ValueKind::Target, key, Some(999.0), Expected::Anything).unwrap();
    let before = b.dump();
    let refused = dashboard.copy_targets(&boss, Via::Tui, &copy, ConfirmedPlan::Exactly(&shown)).unwrap_err();
    assert!(matches!(refused, StoreError::Conflict { .. }), "{refused:?}");
    assert_eq!(refused.exit_code(), 4);
    assert_eq!(
        refused.to_string(),
        "conflict: asha/loan_approval_rate/2027-01 was empty when you saw it but is now 999; nothing was saved"
    );
    assert_eq!(b.dump(), before, "a refused copy writes nothing");
    assert!(targets_of(&b, "2027-01").contains(&"asha/loan_approval_rate=999".to_string()));

    // The preview read again says the 999 is replaced; confirmed, that copy is written.
    let fresh = dashboard.plan_target_copy(&boss, &copy).unwrap();
    assert_eq!((fresh.new_targets(), fresh.replaced()), (4, 1));
    assert_eq!(dashboard.copy_targets(&boss, Via::Tui, &copy, ConfirmedPlan::Exactly(&fresh)).unwrap(), fresh);
    assert!(targets_of(&b, "2027-01").contains(&"asha/loan_approval_rate=80".to_string()));
    // The command line, which shows no preview, writes what it finds, as before.
    other.set_value(&boss, Via::Cli, ValueKind::Target, key, Some(999.0), Expected::Anything).unwrap();
    ok(&b, "boss", &["target", "copy", "--from", "2026-11", "--to", "2027-01"]);
    assert!(targets_of(&b, "2027-01").contains(&"asha/loan_approval_rate=80".to_string()));

    // A source target changed after the preview: the copy would write another value, named.
    let to_february = TargetCopy { to: "2027-02".parse().unwrap(), ..copy };
    let shown = dashboard.plan_target_copy(&boss, &to_february).unwrap();
    let source = ValueKey { login: "asha", kpi: "loan_approval_rate", month: copy.from };
    other.set_value(&boss, Via::Cli, ValueKind::Target, source, Some(85.0), Expected::Anything).unwrap();
    let refused = dashboard.copy_targets(&boss, Via::Tui, &to_february, ConfirmedPlan::Exactly(&shown)).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "conflict: the copy to asha/loan_approval_rate/2027-02 was 80 when you saw it but is now 85; nothing was saved"
    );
    assert!(!targets_of(&b, "2027-02").iter().any(|t| t.starts_with("asha/")), "nothing was written");
}
