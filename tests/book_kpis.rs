//! The book-derived KPIs of SPEC §4 end to end: an RM's four book KPIs are computed live from
//! their customers in open months, scored like any reported value, refused to anyone who types
//! them (CLI, import, dashboard), stored as the month's actuals when it closes (audited via
//! `close`), kept as they were while the book changes, and live again after a reopen. Every
//! command runs with a fixed `--today`.

mod common;

use branchboard::domain::period::Month;
use branchboard::ui::effect::MessageKind;
use branchboard::ui::session::Session;
use branchboard::ui::tabs::Tab;
use branchboard::ui::tabs::drilldown::Level;
use common::session::press;
use common::{Branch, DemoFile, assert_close, employee, kpi};
use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

/// The current month of these tests is 2026-11.
const TODAY: &str = "2026-11-23";

#[track_caller]
fn ok(b: &Branch, login: &str, args: &[&str]) -> String {
    b.ok_on(TODAY, login, args).stdout
}

#[track_caller]
fn refused(b: &Branch, login: &str, args: &[&str], code: i32, message: &str) -> String {
    b.refused_on(TODAY, login, args, code, message).stderr
}

fn json_of(b: &Branch, login: &str, args: &[&str]) -> Value {
    serde_json::from_str(&ok(b, login, args)).expect("valid JSON")
}

const CUSTOMER_HEADER: &str = "id,name,segment,rm_login,products,balance,last_contact,status\n";

/// ravi's book as of 2026-11-23 (cadence: affluent 90 days, mass retail 365):
/// C1 affluent, 1 product, contacted 2026-10-01 (53 days ago: within);
/// C2 affluent, 2 products, contacted 2026-06-01 (175 days ago: outside);
/// C3 mass retail, 3 products, contacted 2026-01-10 (317 days ago: within);
/// C4 mass retail, 2 products, contacted 2026-11-20 (3 days ago: within);
/// C5 mass retail, dormant (never counts).
/// Active 4; contacted 3 of 4 → 75; products (1 + 2 + 3 + 2) / 4 = 2.0; 2+ products: C2, C3,
/// C4 → 3 of 4 → 75.
fn ravis_book(c2_contact: &str) -> String {
    format!(
        "{CUSTOMER_HEADER}\
         C1,Anil,affluent,ravi,savings,100000,2026-10-01,active\n\
         C2,Bela,affluent,ravi,savings;fd,200000,{c2_contact},active\n\
         C3,Chetan,mass_retail,ravi,savings;fd;credit_card,30000,2026-01-10,active\n\
         C4,Dev,mass_retail,ravi,savings;rd,4000,2026-11-20,active\n\
         C5,Esha,mass_retail,ravi,savings,10,2026-11-01,dormant\n"
    )
}

/// Two RMs managed by boss: ravi with the book above, sara with no customers. Targets for
/// October and November: ravi's four book KPIs (active 5, contact coverage 80, product depth
/// 2.5, multi-product 60); sara's contact coverage in October only (80).
fn branch() -> Branch {
    let b = Branch::new();
    let staff = b.file(
        "staff.csv",
        "login,name,role,manager_login,focus,segments,os_user\n\
         ravi,Ravi Kumar,relationship_manager,boss,hybrid,affluent;mass_retail,\n\
         sara,Sara Menon,relationship_manager,boss,segment,private,\n",
    );
    ok(&b, "boss", &["import", "staff", staff.to_str().unwrap()]);
    let customers = b.file("customers.csv", ravis_book("2026-06-01"));
    ok(&b, "boss", &["import", "customers", customers.to_str().unwrap()]);
    let mut targets = String::from("login,kpi,period,value\n");
    for month in ["2026-10", "2026-11"] {
        for (code, value) in [
            ("active_customers_within_norm", 5),
            ("contact_coverage", 80),
            ("product_depth", 2),
            ("multi_product_customers", 60),
        ] {
            let value = if code == "product_depth" { "2.5".to_string() } else { value.to_string() };
            targets.push_str(&format!("ravi,{code},{month},{value}\n"));
        }
    }
    targets.push_str("sara,contact_coverage,2026-10,80\n");
    let targets = b.file("targets.csv", targets);
    ok(&b, "boss", &["import", "targets", targets.to_str().unwrap()]);
    b
}

fn scorecard(b: &Branch, login: &str, period: &str) -> Value {
    json_of(b, login, &["export", "scorecard", "--period", period, "--format", "json"])
}

/// ravi's actual of one KPI in a scorecard.
fn actual_of(report: &Value, code: &str) -> Value {
    kpi(employee(report, "ravi"), code)["actual"].clone()
}

#[test]
fn an_open_month_scores_the_live_book() {
    let b = branch();
    let report = scorecard(&b, "boss", "2026-11");
    assert_eq!(report["final"], false);
    let ravi = employee(&report, "ravi");
    // All four count as reported: one reported month each, nothing pending.
    // active: 4 / 5 = 0.8 → 80 (cap 1.0); contact: 75 / 80 = 0.9375 → 93.75 (cap 1.0);
    // depth: 2.0 / 2.5 = 0.8 → 80; multi-product: 75 / 60 = 1.25 → capped at 1.2 → 120.
    for (code, actual, achievement, score) in [
        ("active_customers_within_norm", 4.0, 80.0, 80.0),
        ("contact_coverage", 75.0, 93.75, 93.75),
        ("product_depth", 2.0, 80.0, 80.0),
        ("multi_product_customers", 75.0, 125.0, 120.0),
    ] {
        let k = kpi(ravi, code);
        assert_close(&k["actual"], actual);
        assert_close(&k["achievement"], achievement);
        assert_close(&k["score"], score);
        assert_eq!(
            (&k["status"], &k["reported_months"], &k["pending_months"], &k["missing_months"]),
            (&json!("scored"), &json!(1), &json!(0), &json!(0)),
            "{code}"
        );
    }
    // KRAs: customer coverage (weight 15) = (2 × 80 + 2 × 93.75) / 4 = 86.875; relationship
    // deepening (weight 12) = (2 × 80 + 1 × 120) / 3 = 93.333…; overall = (15 × 86.875 + 12 ×
    // 93.333…) / 27 = 2423.125 / 27 = 89.745… → needs improvement; completeness 4 / 4.
    let kra = |code: &str| ravi["kras"].as_array().unwrap().iter().find(|k| k["code"] == code).unwrap().clone();
    assert_close(&kra("customer_coverage")["score"], 86.875);
    assert_close(&kra("relationship_deepening")["score"], 280.0 / 3.0);
    assert_close(&ravi["overall"], 2423.125 / 27.0);
    assert_eq!(ravi["band"], "Needs improvement");
    assert_close(&ravi["completeness"], 1.0);
    // ravi reads the same numbers; sara, without active customers, has no contact coverage:
    // her October target stays pending while the month is open.
    assert_close(&actual_of(&scorecard(&b, "ravi", "2026-11"), "contact_coverage"), 75.0);
    let october = scorecard(&b, "boss", "2026-10");
    let sara = kpi(employee(&october, "sara"), "contact_coverage");
    assert_eq!((&sara["actual"], &sara["status"]), (&Value::Null, &json!("not_reported")));
    // Nothing is stored while the month is open: the actuals export has no row.
    assert_eq!(ok(&b, "boss", &["export", "actuals"]), "login,kpi,period,value\n");

    // Months that have not begun have no actual, book-derived or not.
    let december = scorecard(&b, "boss", "2026-12");
    assert!(employee(&december, "ravi")["kras"].as_array().unwrap().iter().all(|k| k["score"].is_null()));

    // period list counts the live values as reported: October 5 targeted, ravi's 4 reported,
    // sara's 1 not; November 4 of 4.
    let periods = json_of(&b, "boss", &["period", "list", "--format", "json"]);
    let row =
        |month: &str| periods["periods"].as_array().unwrap().iter().find(|p| p["month"] == month).unwrap().clone();
    assert_eq!(
        (row("2026-10")["targeted"].clone(), row("2026-10")["reported"].clone(), row("2026-10")["unreported"].clone()),
        (json!(5), json!(4), json!(1))
    );
    assert_eq!((row("2026-11")["reported"].clone(), row("2026-11")["unreported"].clone()), (json!(4), json!(0)));
}

#[test]
fn typing_a_book_kpi_is_refused_to_everyone() {
    let b = branch();
    let message = "not allowed: contact_coverage (Contact coverage within cadence) comes from the RM's customer book; \
                   it is computed, not typed";
    let set = ["actual", "set", "--kpi", "contact_coverage", "--period", "2026-11", "--value", "90"];
    refused(&b, "ravi", &set, 3, message);
    let mut for_ravi = set.to_vec();
    for_ravi.extend(["--login", "ravi"]);
    refused(&b, "boss", &for_ravi, 3, message);
    refused(
        &b,
        "boss",
        &["actual", "clear", "--kpi", "product_depth", "--period", "2026-11", "--login", "ravi"],
        3,
        "comes from the RM's customer book",
    );

    // An import naming one is refused whole, at the row's KPI cell; the good row is not written.
    let file = b.file(
        "actuals.csv",
        "login,kpi,period,value\n\
         ravi,monthly_sales_revenue,2026-11,100000\n\
         ravi,product_depth,2026-11,3\n",
    );
    for login in ["ravi", "boss"] {
        let stderr =
            refused(&b, login, &["import", "actuals", file.to_str().unwrap()], 3, "actuals.csv:3:2: not allowed");
        assert!(
            stderr.contains("product_depth (Product depth per customer) comes from the RM's customer book"),
            "{stderr}"
        );
        assert!(!stderr.contains("actuals.csv:2:"), "{stderr}");
    }
    assert_eq!(ok(&b, "boss", &["export", "actuals"]), "login,kpi,period,value\n");
    // Targets for them are set as for any KPI.
    ok(
        &b,
        "boss",
        &["target", "set", "--kpi", "contact_coverage", "--period", "2026-12", "--value", "85", "--login", "ravi"],
    );
    // Nothing typed reached the audit log.
    let audit = ok(&b, "boss", &["export", "audit"]);
    assert!(!audit.lines().any(|l| l.contains(",actual,")), "{audit}");
}

#[test]
fn closing_stores_the_book_and_reopening_makes_it_live_again() {
    let b = branch();
    // sara's October target has no value (no active customers): closing is refused and writes
    // nothing, not even ravi's book values.
    refused(&b, "boss", &["period", "close", "2026-10"], 4, "2026-10 has 1 targeted value without an actual: sara 1");
    assert_eq!(ok(&b, "boss", &["export", "actuals"]), "login,kpi,period,value\n");
    let audit = ok(&b, "boss", &["export", "audit", "--format", "json"]);
    assert!(!audit.contains("\"close\""), "{audit}");

    ok(&b, "boss", &["period", "close", "2026-10", "--allow-missing"]);
    // The book as of today is stored as October's actuals. sara has no customers, so no book
    // to compute from: nothing is stored for her (not even a count of 0).
    assert_eq!(
        ok(&b, "boss", &["export", "actuals", "--period", "2026-10"]),
        "login,kpi,period,value\n\
         ravi,active_customers_within_norm,2026-10,4\n\
         ravi,contact_coverage,2026-10,75\n\
         ravi,multi_product_customers,2026-10,75\n\
         ravi,product_depth,2026-10,2\n"
    );
    let audit = json_of(&b, "boss", &["export", "audit", "--format", "json"]);
    let stored: Vec<(String, String, String, String)> = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "actual")
        .map(|e| {
            let text = |f: &str| e[f].as_str().unwrap_or_default().to_string();
            (text("actor"), text("action"), text("key"), text("via"))
        })
        .collect();
    let via_close = |key: &str| ("boss".to_string(), "set".to_string(), key.to_string(), "close".to_string());
    assert_eq!(
        stored,
        [
            via_close("ravi/active_customers_within_norm/2026-10"),
            via_close("ravi/contact_coverage/2026-10"),
            via_close("ravi/product_depth/2026-10"),
            via_close("ravi/multi_product_customers/2026-10"),
        ]
    );
    let october = scorecard(&b, "boss", "2026-10");
    assert_eq!(october["final"], true);
    assert_close(&actual_of(&october, "contact_coverage"), 75.0);
    // sara's target is now missing: closed, nothing reported → 0.
    assert_eq!(kpi(employee(&october, "sara"), "contact_coverage")["status"], "missing");

    // C2 is contacted on 2026-11-22: 4 of 4 within cadence → November reads 100 at once;
    // closed October keeps 75.
    let customers = b.file("customers2.csv", ravis_book("2026-11-22"));
    ok(&b, "boss", &["import", "customers", customers.to_str().unwrap()]);
    assert_close(&actual_of(&scorecard(&b, "boss", "2026-11"), "contact_coverage"), 100.0);
    assert_close(&actual_of(&scorecard(&b, "boss", "2026-10"), "contact_coverage"), 75.0);

    // The stored values re-import unchanged (a round trip of the export), also into the
    // closed month, and change nothing.
    let exported = b.file("october.csv", ok(&b, "boss", &["export", "actuals", "--period", "2026-10"]));
    let before = b.dump();
    ok(&b, "boss", &["import", "actuals", exported.to_str().unwrap()]);
    assert_eq!(b.dump(), before);

    // Reopened, October is live again (100) while its stored values stay (75) …
    ok(&b, "boss", &["period", "reopen", "2026-10"]);
    assert_close(&actual_of(&scorecard(&b, "boss", "2026-10"), "contact_coverage"), 100.0);
    assert!(ok(&b, "boss", &["export", "actuals"]).contains("ravi,contact_coverage,2026-10,75\n"));
    // … and closing it again stores the book as it is now, audited old → new.
    ok(&b, "boss", &["period", "close", "2026-10", "--allow-missing"]);
    assert!(ok(&b, "boss", &["export", "actuals"]).contains("ravi,contact_coverage,2026-10,100\n"));
    let audit = ok(&b, "boss", &["export", "audit"]);
    assert!(audit.contains("set,actual,ravi/contact_coverage/2026-10,75,100,close"), "{audit}");
    // Unchanged values are not written again.
    assert_eq!(audit.matches(",actual,ravi/product_depth/2026-10,").count(), 1, "{audit}");
}

#[test]
fn missing_for_close_counts_book_kpis_that_closing_will_store() {
    let b = branch();
    let mut store = branchboard::store::Store::open(&b.db).unwrap();
    store.set_today(TODAY.parse().unwrap());
    let october: Month = "2026-10".parse().unwrap();
    // ravi's four targets will be stored from the book; sara's one has no value to store.
    assert_eq!(store.missing_for_close(october).unwrap(), [("sara".to_string(), 1)]);
    assert_eq!(store.missing_for_close("2026-11".parse().unwrap()).unwrap(), []);
    ok(&b, "boss", &["period", "close", "2026-10", "--allow-missing"]);
    assert_eq!(store.missing_for_close(october).unwrap(), [("sara".to_string(), 1)]);
}

/// Selects a KPI in the drill-down of the person on screen and presses `e`.
fn edit_kpi(s: &mut Session, kra: &str, code: &str) {
    s.app.drilldown.kras.select(kra);
    press(s, &[KeyCode::Enter]);
    assert_eq!(s.app.drilldown.level, Level::Kpis(kra.to_string()));
    s.app.drilldown.kpis.select(code);
    press(s, &[KeyCode::Char('e')]);
}

#[test]
fn the_dashboard_refuses_to_edit_a_book_kpi() {
    let f = DemoFile::new();
    for login in ["ananya.shetty", "manager"] {
        let mut s = f.session(login);
        if login == "manager" {
            s.app.team.rows.select("ananya.shetty");
            press(&mut s, &[KeyCode::Enter]);
        } else {
            press(&mut s, &[KeyCode::Char('3')]);
        }
        assert_eq!((s.app.tab, s.app.drilldown.login.as_str()), (Tab::Drilldown, "ananya.shetty"));
        edit_kpi(&mut s, "customer_coverage", "contact_coverage");
        assert!(s.app.input.is_none(), "{login}: no editor opens");
        let status = s.app.status.as_ref().expect("a message");
        assert_eq!(status.message.kind, MessageKind::Error, "{login}");
        assert!(status.message.text.contains("comes from the RM's customer book"), "{login}: {}", status.message.text);
    }
}
