//! Every role × every write path (command line, import, dashboard) → allowed, or refused with
//! the right exit code and message; and what each role's exports contain.

mod common;

use branchboard::domain::template::{EnteredBy, Role, builtin_template};
use branchboard::store::Store;
use branchboard::ui::clock::Clock;
use branchboard::ui::effect::MessageKind;
use branchboard::ui::session::Session;
use common::Branch;
use common::session::{press, status as said};
use ratatui::crossterm::event::KeyCode;

/// One login per role, plus `other`, a loan officer whose numbers nobody else may touch.
const PEOPLE: [(&str, Role); 5] = [
    ("boss", Role::BranchManager),
    ("rm", Role::RelationshipManager),
    ("bse", Role::BankingSalesExecutive),
    ("plse", Role::PersonalLoanSalesExecutive),
    ("lo", Role::LoanOfficer),
];

/// The first KPI of the role's first KRA that staff enter themselves.
fn first_kpi(role: Role) -> String {
    builtin_template(role).unwrap().kras[0].kpis[first_kpi_index(role)].code.clone()
}

fn first_kpi_index(role: Role) -> usize {
    let template = builtin_template(role).unwrap();
    template.kras[0].kpis.iter().position(|k| k.entered_by == EnteredBy::Staff).expect("a staff-entered KPI")
}

/// A KPI of the role that only the branch manager enters (the branch manager's own role has none).
fn manager_entered_kpi(role: Role) -> Option<String> {
    let template = builtin_template(role).unwrap();
    template.kpis().find(|k| k.entered_by == EnteredBy::Manager).map(|k| k.code.clone())
}

fn branch() -> Branch {
    let b = Branch::new();
    let staff = b.file(
        "staff.csv",
        "login,name,role,manager_login,focus,segments,os_user\n\
         rm,Ravi,relationship_manager,boss,segment,affluent,\n\
         bse,Bela,banking_sales_executive,boss,,,\n\
         plse,Pia,personal_loan_sales_executive,boss,,,\n\
         lo,Lata,loan_officer,boss,,,\n\
         other,Omar,loan_officer,boss,,,\n",
    );
    b.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    let customers = b.file(
        "customers.csv",
        "id,name,segment,rm_login,products,balance,last_contact,status\nC1,Anil,affluent,rm,savings,100,2026-11-01,active\n",
    );
    b.ok_as("boss", &["import", "customers", customers.to_str().unwrap()]);
    let lo_kpi = first_kpi(Role::LoanOfficer);
    let targets = b.file("t.csv", format!("login,kpi,period,value\nother,{lo_kpi},2026-11,4\nlo,{lo_kpi},2026-11,4\n"));
    b.ok_as("boss", &["import", "targets", targets.to_str().unwrap()]);
    b.ok_as("boss", &["actual", "set", "--login", "other", "--kpi", &lo_kpi, "--period", "2026-11", "--value", "3"]);
    b.ok_as("boss", &["period", "close", "2026-10"]);
    b
}

#[track_caller]
fn expect(b: &Branch, who: &str, args: &[&str], code: i32, message: &str) {
    let run = b.run_as(who, args);
    assert_eq!(run.code, code, "{who} {args:?}: {}", run.stderr);
    assert!(run.stderr.contains(message), "{who} {args:?}: expected {message:?} in {}", run.stderr);
}

#[test]
fn command_line_writes() {
    let b = branch();
    let other_kpi = first_kpi(Role::LoanOfficer);
    for (login, role) in PEOPLE {
        let manager = role == Role::BranchManager;
        let own_kpi = first_kpi(role);
        // Own actual, open month: everyone. Closed month: no one.
        let own = ["actual", "set", "--kpi", own_kpi.as_str(), "--period", "2026-11", "--value", "1"];
        expect(&b, login, &own, 0, "");
        let closed = ["actual", "set", "--kpi", own_kpi.as_str(), "--period", "2026-10", "--value", "1"];
        expect(&b, login, &closed, 4, "2026-10 is closed");
        // Clearing obeys the same rules: own actual, open month, everyone; closed month, no one.
        let clear_own = ["actual", "clear", "--kpi", own_kpi.as_str(), "--period", "2026-11"];
        expect(&b, login, &clear_own, 0, &format!("actual {login}/{own_kpi}/2026-11 cleared (was 1)"));
        let clear_closed = ["actual", "clear", "--kpi", own_kpi.as_str(), "--period", "2026-10"];
        expect(&b, login, &clear_closed, 4, "2026-10 is closed");
        // An actual for a month that has not begun: no one, the manager included.
        let future =
            ["actual", "set", "--kpi", &own_kpi, "--period", "2026-12", "--value", "1", "--today", "2026-11-20"];
        expect(&b, login, &future, 4, "2026-12 is after the current month 2026-11");
        // Manager-entered KPIs (audits, violations, ratings by others): never by the person themselves.
        if let Some(reserved) = manager_entered_kpi(role) {
            let set = ["actual", "set", "--kpi", reserved.as_str(), "--period", "2026-11", "--value", "1"];
            let clear = ["actual", "clear", "--kpi", reserved.as_str(), "--period", "2026-11"];
            expect(&b, login, &set, 3, "is entered by the branch manager only");
            expect(&b, login, &clear, 3, "is entered by the branch manager only");
            let for_them =
                ["actual", "set", "--login", login, "--kpi", reserved.as_str(), "--period", "2026-11", "--value", "1"];
            expect(&b, "boss", &for_them, 0, "");
        }
        // Everyone lists the months.
        expect(&b, login, &["period", "list"], 0, "");
        // Someone else's actual: the manager only (audited as the manager).
        let others =
            ["actual", "set", "--login", "other", "--kpi", other_kpi.as_str(), "--period", "2026-11", "--value", "2"];
        let target =
            ["target", "set", "--login", "other", "--kpi", other_kpi.as_str(), "--period", "2026-11", "--value", "5"];
        let close = ["period", "close", "2026-09"];
        let reopen = ["period", "reopen", "2026-09"];
        let clear_others = ["actual", "clear", "--login", "other", "--kpi", other_kpi.as_str(), "--period", "2026-11"];
        let clear_target = ["target", "clear", "--login", "other", "--kpi", other_kpi.as_str(), "--period", "2026-11"];
        let copy = ["target", "copy", "--from", "2026-11", "--to", "2026-12"];
        let copy_closed = ["target", "copy", "--from", "2026-11", "--to", "2026-10"];
        let contact = ["customer", "contact", "C1", "--today", "2026-11-20"];
        if manager {
            expect(&b, login, &others, 0, "");
            expect(&b, login, &target, 0, "");
            expect(&b, login, &clear_others, 0, &format!("actual other/{other_kpi}/2026-11 cleared (was 2)"));
            expect(&b, login, &clear_target, 0, &format!("target other/{other_kpi}/2026-11 cleared (was 5)"));
            expect(&b, login, &close, 0, "now closed");
            expect(&b, login, &reopen, 0, "now open");
            expect(
                &b,
                login,
                &["rating", "set", "--login", "rm", "--capability", "communication", "--value", "4"],
                0,
                "",
            );
            expect(&b, login, &["settings", "set", "fiscal_year_start_month", "4"], 0, "");
            // Planning: copying a month's targets to the next month, and never into a closed one.
            expect(&b, login, &copy, 0, "from 2026-11 to 2026-12 at 100%");
            expect(&b, login, &copy_closed, 4, "2026-10 is closed");
            // Customer work: a contact with any customer, and moving customers (C1 is rm's already).
            expect(&b, login, &contact, 0, "customer C1: last contact 2026-11-20 (was 2026-11-01)");
            expect(&b, login, &["customer", "assign", "C1", "--rm", "rm"], 0, "1 already with rm");
        } else {
            expect(&b, login, &others, 3, "only their own actuals");
            expect(&b, login, &target, 3, "only the branch manager may set targets");
            expect(&b, login, &clear_others, 3, "only their own actuals");
            expect(&b, login, &clear_target, 3, "only the branch manager may clear targets");
            expect(&b, login, &close, 3, "only the branch manager may close periods");
            expect(&b, login, &reopen, 3, "only the branch manager may reopen periods");
            expect(&b, login, &["keys", "list", "--file", "/dev/null"], 3, "only the branch manager");
            expect(&b, login, &["settings", "set", "fiscal_year_start_month", "4"], 3, "only the branch manager");
            let rate = ["rating", "set", "--login", "rm", "--capability", "communication", "--value", "4"];
            expect(&b, login, &rate, 3, "only the branch manager may rate capabilities");
            expect(&b, login, &copy, 3, "only the branch manager may copy targets");
            expect(&b, login, &["customer", "assign", "C1", "--rm", "rm"], 3, "only the branch manager may assign");
            // Contacts: the RM with their own customer C1 (the manager recorded the same day first), no other role.
            if role == Role::RelationshipManager {
                expect(&b, login, &contact, 0, "customer C1: a contact on 2026-11-20 was already recorded");
            } else {
                expect(
                    &b,
                    login,
                    &contact,
                    3,
                    "contacts are recorded by relationship managers, with their own customers",
                );
            }
        }
    }
    let audit = b.ok_as("boss", &["export", "audit"]);
    assert!(audit.contains(&format!("boss,set,actual,other/{other_kpi}/2026-11,3,2,cli")), "{audit}");
    assert!(audit.contains(&format!("boss,clear,actual,other/{other_kpi}/2026-11,2,,cli")), "{audit}");
    assert!(audit.contains(&format!("boss,clear,target,other/{other_kpi}/2026-11,5,,cli")), "{audit}");
    assert!(audit.contains(&format!("rm,clear,actual,rm/{}/2026-11,1,,cli", first_kpi(Role::RelationshipManager))));
    assert!(audit.contains(&format!("boss,set,target,lo/{other_kpi}/2026-12,,4,cli")), "{audit}");
    assert!(audit.contains("boss,contact,customer,C1,2026-11-01,2026-11-20,cli"), "{audit}");
    assert!(!audit.contains(",assign,"), "C1 stayed with rm: {audit}");
}

#[test]
fn import_writes() {
    let b = branch();
    let other_kpi = first_kpi(Role::LoanOfficer);
    let staff =
        b.file("s.csv", "login,name,role,manager_login,focus,segments,os_user\nnew,Nina,loan_officer,boss,,,\n");
    let customers = b.file(
        "c.csv",
        "id,name,segment,rm_login,products,balance,last_contact,status\nC2,Bala,affluent,rm,savings,5,,active\n",
    );
    let targets = b.file("t2.csv", format!("login,kpi,period,value\nother,{other_kpi},2026-12,4\n"));
    let others_actuals = b.file("a-other.csv", format!("login,kpi,period,value\nother,{other_kpi},2026-11,4\n"));
    for (login, role) in PEOPLE {
        let manager = role == Role::BranchManager;
        let own_kpi = first_kpi(role);
        let own = b.file(&format!("a-{login}.csv"), format!("login,kpi,period,value\n{login},{own_kpi},2026-11,2\n"));
        expect(&b, login, &["import", "actuals", own.to_str().unwrap()], 0, "imported");
        let closed =
            b.file(&format!("c-{login}.csv"), format!("login,kpi,period,value\n{login},{own_kpi},2026-10,2\n"));
        expect(&b, login, &["import", "actuals", closed.to_str().unwrap()], 4, "2026-10 is closed");
        let future =
            b.file(&format!("f-{login}.csv"), format!("login,kpi,period,value\n{login},{own_kpi},2026-12,2\n"));
        expect(
            &b,
            login,
            &["--today", "2026-11-20", "import", "actuals", future.to_str().unwrap()],
            4,
            &format!("{}:2:3: 2026-12 is after the current month 2026-11", future.display()),
        );
        if manager {
            continue;
        }
        let before = b.dump();
        let reserved = manager_entered_kpi(role).unwrap();
        let reserved_file =
            b.file(&format!("r-{login}.csv"), format!("login,kpi,period,value\n{login},{reserved},2026-11,2\n"));
        expect(
            &b,
            login,
            &["import", "actuals", reserved_file.to_str().unwrap()],
            3,
            "entered by the branch manager only",
        );
        expect(&b, login, &["import", "actuals", others_actuals.to_str().unwrap()], 3, "only their own actuals");
        expect(
            &b,
            login,
            &["import", "targets", targets.to_str().unwrap()],
            3,
            "only the branch manager may import targets",
        );
        expect(&b, login, &["import", "staff", staff.to_str().unwrap()], 3, "only the branch manager may import staff");
        expect(
            &b,
            login,
            &["import", "customers", customers.to_str().unwrap()],
            3,
            "only the branch manager may import customers",
        );
        assert_eq!(b.dump(), before, "{login}: a refused import changed the file");
    }
    // The same files go in when the manager imports them.
    for (what, file) in
        [("staff", &staff), ("customers", &customers), ("targets", &targets), ("actuals", &others_actuals)]
    {
        expect(&b, "boss", &["import", what, file.to_str().unwrap()], 0, "imported");
    }
}

fn app(b: &Branch, login: &str) -> Session {
    let store = Store::open(&b.db).unwrap();
    let actor = store.resolve_actor(Some(login), None).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let mut session = Session::open(&b.db, actor, Clock::Fixed(today.and_hms_opt(9, 0, 0).unwrap())).unwrap();
    session.settle();
    session
}

#[test]
fn dashboard_writes() {
    let b = branch();
    for (login, role) in PEOPLE {
        let mut dashboard = app(&b, login);
        // A KPI only the manager enters: refused to the person, before anything is typed.
        if role != Role::BranchManager {
            let template = builtin_template(role).unwrap();
            let (kra, kpi) = template
                .kras
                .iter()
                .enumerate()
                .find_map(|(i, k)| k.kpis.iter().position(|p| p.entered_by == EnteredBy::Manager).map(|j| (i, j)))
                .unwrap();
            let mut probe = app(&b, login);
            press(&mut probe, &[KeyCode::Char('3')]);
            press(&mut probe, &vec![KeyCode::Char('j'); kra]);
            press(&mut probe, &[KeyCode::Enter]);
            press(&mut probe, &vec![KeyCode::Char('j'); kpi]);
            press(&mut probe, &[KeyCode::Char('e')]);
            assert!(probe.app.input.is_none(), "{login} could edit a manager-entered KPI");
            let (_, text) = said(&probe);
            assert!(text.contains("is entered by the branch manager only"), "{login}: {text}");
        }
        // Own first staff-entered KPI of the first KRA, in the open month the dashboard opens on.
        press(&mut dashboard, &[KeyCode::Char('3'), KeyCode::Enter]);
        press(&mut dashboard, &vec![KeyCode::Char('j'); first_kpi_index(role)]);
        press(&mut dashboard, &[KeyCode::Char('e')]);
        assert!(dashboard.app.input.is_some(), "{login} could not edit their own actual: {:?}", dashboard.app.status);
        for _ in 0..10 {
            press(&mut dashboard, &[KeyCode::Backspace]);
        }
        press(&mut dashboard, &[KeyCode::Char('3'), KeyCode::Enter]);
        assert_eq!(said(&dashboard).0, MessageKind::Info, "{login}: {:?}", dashboard.app.status);
        let stored = Store::open(&b.db).unwrap().value_of(
            branchboard::import::ValueKind::Actual,
            branchboard::store::ValueKey { login, kpi: &first_kpi(role), month: "2026-11".parse().unwrap() },
        );
        assert_eq!(stored.unwrap(), Some(3.0), "{login}");

        // Someone else's scorecard: only the manager may open it, and then edit it.
        press(&mut dashboard, &[KeyCode::Esc, KeyCode::Char('1')]);
        dashboard.app.team.rows.select("other");
        press(&mut dashboard, &[KeyCode::Enter]);
        if role == Role::BranchManager {
            press(&mut dashboard, &[KeyCode::Enter, KeyCode::Char('e')]);
            assert!(dashboard.app.input.is_some());
            press(&mut dashboard, &[KeyCode::Esc]);
        } else {
            let (kind, text) = said(&dashboard);
            assert_eq!((kind, text.contains("only your own")), (MessageKind::Error, true), "{login}");
            assert_eq!(dashboard.app.drilldown.login, login);
        }
        // A closed month refuses everyone.
        press(&mut dashboard, &[KeyCode::Char('3'), KeyCode::Char('[')]);
        if dashboard.app.drilldown.level == branchboard::ui::tabs::drilldown::Level::Kras {
            press(&mut dashboard, &[KeyCode::Enter]);
        }
        press(&mut dashboard, &[KeyCode::Char('e')]);
        assert!(dashboard.app.input.is_none(), "{login} could edit a closed month");
        assert!(said(&dashboard).1.contains("closed"), "{login}: {:?}", dashboard.app.status);
    }
}

#[test]
fn staff_exports_contain_only_what_staff_may_read() {
    let b = branch();
    for (login, role) in PEOPLE.into_iter().filter(|(_, r)| *r != Role::BranchManager) {
        let targets = b.ok_as(login, &["export", "targets"]);
        assert!(targets.lines().skip(1).all(|l| l.starts_with(&format!("{login},"))), "{login}: {targets}");
        let actuals = b.ok_as(login, &["export", "actuals"]);
        assert!(!actuals.contains("other,"), "{login}: {actuals}");
        let customers = b.ok_as(login, &["export", "customers"]);
        assert_eq!(
            customers.lines().count(),
            if role == Role::RelationshipManager { 2 } else { 1 },
            "{login}: {customers}"
        );
        let coverage: serde_json::Value =
            serde_json::from_str(&b.ok_as(login, &["export", "coverage", "--format", "json"])).unwrap();
        let rms: Vec<&serde_json::Value> = coverage["rms"].as_array().unwrap().iter().map(|r| &r["login"]).collect();
        assert!(rms.iter().all(|r| *r == login), "{login}: {rms:?}");
        let staff: serde_json::Value =
            serde_json::from_str(&b.ok_as(login, &["export", "staff", "--format", "json"])).unwrap();
        for member in staff["staff"].as_array().unwrap() {
            if member["login"] != login {
                assert_eq!(member["manager_login"], serde_json::Value::Null, "{login} sees others' details");
                assert_eq!(member["os_user"], serde_json::Value::Null);
            }
        }
        let scorecard: serde_json::Value =
            serde_json::from_str(&b.ok_as(login, &["export", "scorecard", "--period", "2026-11", "--format", "json"]))
                .unwrap();
        for e in scorecard["employees"].as_array().unwrap() {
            if e["login"] != login {
                assert_eq!(e["kras"], serde_json::json!([]), "{login} sees the KRAs of {}", e["login"]);
            }
        }
        let other = scorecard["employees"].as_array().unwrap().iter().find(|e| e["login"] == "other").unwrap();
        assert!(other["overall"].is_number() && other["rank"].is_number(), "the leaderboard line stays visible");
        let audit = b.ok_as(login, &["export", "audit"]);
        assert!(!audit.contains("other/"), "{login}: {audit}");
    }
}

#[test]
fn an_underscore_in_a_login_matches_only_itself() {
    let b = Branch::new();
    let staff = b.file(
        "staff.csv",
        "login,name,role,manager_login,focus,segments,os_user\nj_doe,Jay,loan_officer,boss,,,\njxdoe,Jax,loan_officer,boss,,,\n",
    );
    b.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    let kpi = first_kpi(Role::LoanOfficer);
    b.ok_as("jxdoe", &["actual", "set", "--kpi", &kpi, "--period", "2026-11", "--value", "4"]);
    let audit = b.ok_as("j_doe", &["export", "audit"]);
    assert!(!audit.contains("jxdoe"), "{audit}");
    assert!(b.ok_as("jxdoe", &["export", "audit"]).contains("jxdoe/"));
}

/// The month's work in the dashboard: targets, clearing, planning and closing are the
/// manager's; staff are refused before any dialog or input opens, and clear only their own.
#[test]
fn dashboard_month_work() {
    let b = branch();
    for (login, role) in PEOPLE {
        let kpi = first_kpi(role);
        b.ok_as("boss", &["target", "set", "--login", login, "--kpi", &kpi, "--period", "2026-11", "--value", "5"]);
        b.ok_as("boss", &["actual", "set", "--login", login, "--kpi", &kpi, "--period", "2026-11", "--value", "2"]);
        let mut dashboard = app(&b, login);
        let manager = role == Role::BranchManager;
        press(&mut dashboard, &[KeyCode::Char('3'), KeyCode::Enter]);
        press(&mut dashboard, &vec![KeyCode::Char('j'); first_kpi_index(role)]);

        press(&mut dashboard, &[KeyCode::Char('t')]);
        assert_eq!(dashboard.app.input.is_some(), manager, "{login} t: {:?}", dashboard.app.status);
        if manager {
            press(&mut dashboard, &[KeyCode::Esc]);
        } else {
            assert!(said(&dashboard).1.contains("only the branch manager may set targets"), "{login}");
        }
        press(&mut dashboard, &[KeyCode::Char('X')]);
        assert_eq!(dashboard.app.dialog.is_some(), manager, "{login} X: {:?}", dashboard.app.status);
        if manager {
            press(&mut dashboard, &[KeyCode::Esc]);
        } else {
            assert!(said(&dashboard).1.contains("only the branch manager may clear targets"), "{login}");
        }
        // Everyone may clear their own actual, after saying yes.
        press(&mut dashboard, &[KeyCode::Char('x')]);
        assert!(dashboard.app.dialog.is_some(), "{login} x: {:?}", dashboard.app.status);
        press(&mut dashboard, &[KeyCode::Enter]);
        let stored = Store::open(&b.db).unwrap().value_of(
            branchboard::import::ValueKind::Actual,
            branchboard::store::ValueKey { login, kpi: &kpi, month: "2026-11".parse().unwrap() },
        );
        assert_eq!(stored.unwrap(), None, "{login}'s own actual was cleared");

        // Customer work: an RM records contacts in their own book (the manager in anyone's, once
        // inside an RM's customers); moving and branch-wide search are the manager's alone.
        press(&mut dashboard, &[KeyCode::Char('2')]);
        if manager {
            press(&mut dashboard, &[KeyCode::Enter]);
        }
        press(&mut dashboard, &[KeyCode::Char('r')]);
        let may_record = manager || role == Role::RelationshipManager;
        assert_eq!(dashboard.app.input.is_some(), may_record, "{login} r: {:?}", dashboard.app.status);
        if may_record {
            press(&mut dashboard, &[KeyCode::Esc]);
        } else {
            assert_eq!(said(&dashboard).0, MessageKind::Error, "{login}");
        }
        // This branch has one RM: the manager may move, but has nobody to move to.
        press(&mut dashboard, &[KeyCode::Char('m')]);
        let (_, text) = said(&dashboard);
        if manager {
            assert_eq!(text, "there is no other RM to move customers to", "{login}");
        } else {
            assert!(text.contains("only the branch manager"), "{login} m: {text}");
        }
        press(&mut dashboard, &[KeyCode::Char('F')]);
        assert_eq!(dashboard.app.input.is_some(), manager, "{login} F: {:?}", dashboard.app.status);
        if manager {
            press(&mut dashboard, &[KeyCode::Esc]);
        } else {
            assert!(said(&dashboard).1.contains("only the branch manager"), "{login} F");
        }
        press(&mut dashboard, &[KeyCode::Char('1')]);
        for (key, what) in [('P', "plan targets"), ('C', "close or reopen months")] {
            press(&mut dashboard, &[KeyCode::Char(key)]);
            assert_eq!(dashboard.app.dialog.is_some(), manager, "{login} {key}: {:?}", dashboard.app.status);
            if manager {
                press(&mut dashboard, &[KeyCode::Esc]);
            } else {
                assert!(said(&dashboard).1.contains(&format!("only the branch manager may {what}")), "{login}");
            }
        }
    }
}
