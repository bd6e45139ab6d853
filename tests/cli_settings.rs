//! Settings and capability ratings through the binary: the fiscal year shifts quarters and
//! years, band thresholds move bands, bad values are refused, every change is audited.

mod common;

use common::{Branch, assert_close};
use serde_json::Value;

fn branch() -> Branch {
    let b = Branch::new();
    let staff = b.file(
        "staff.csv",
        "login,name,role,manager_login,focus,segments,os_user\nlara,Lara,loan_officer,boss,,,\nravi,Ravi,relationship_manager,boss,product,affluent,\n",
    );
    b.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    // April to June 2025: revenue 100/month against 80 → 125% capped at 120.
    let mut targets = String::from("login,kpi,period,value\n");
    let mut actuals = targets.clone();
    for month in ["2025-04", "2025-05", "2025-06"] {
        targets.push_str(&format!("lara,loan_sales_revenue,{month},80\n"));
        actuals.push_str(&format!("lara,loan_sales_revenue,{month},100\n"));
    }
    let (t, a) = (b.file("t.csv", targets), b.file("a.csv", actuals));
    b.ok_as("boss", &["import", "targets", t.to_str().unwrap()]);
    b.ok_as("boss", &["import", "actuals", a.to_str().unwrap()]);
    b
}

fn lara(b: &Branch, period: &str) -> Value {
    let report = b.json("boss", &["export", "scorecard", "--period", period, "--format", "json"]);
    report["employees"].as_array().unwrap().iter().find(|e| e["login"] == "lara").unwrap().clone()
}

#[test]
fn the_fiscal_year_shifts_quarters_and_years() {
    let b = branch();
    let shown: Value = serde_json::from_str(&b.ok_as("boss", &["settings", "show"])).unwrap();
    assert_eq!(shown["fiscal_year_start_month"], 1);
    assert_eq!(shown["band_thresholds"]["outstanding"], 110.0);
    assert_eq!(shown["coverage_norms"]["affluent"]["min"], 36);
    // Calendar quarters: April–June is 2025-Q2, and 2025-Q1 holds nothing.
    assert_close(&lara(&b, "2025-Q2")["overall"], 120.0);
    assert_eq!(lara(&b, "2025-Q1")["overall"], Value::Null);
    // A fiscal year from April: 2025-Q1 is April–June 2025, and "2024" ends in March 2025.
    b.ok_as("boss", &["settings", "set", "fiscal_year_start_month", "4"]);
    assert_close(&lara(&b, "2025-Q1")["overall"], 120.0);
    let year = lara(&b, "2025");
    let kras = year["kras"].as_array().unwrap();
    let sales = kras.iter().find(|k| k["code"] == "sales_performance").unwrap();
    let revenue = sales["kpis"].as_array().unwrap().iter().find(|k| k["code"] == "loan_sales_revenue").unwrap();
    assert_close(&revenue["target"], 240.0);
    assert_eq!(lara(&b, "2024")["overall"], Value::Null);
}

#[test]
fn band_thresholds_and_norms_are_settings() {
    let b = branch();
    assert_eq!(lara(&b, "2025-04")["band"], "Outstanding");
    let stricter = r#"{"outstanding": 125, "exceeds": 115, "meets": 100, "needs_improvement": 80}"#;
    b.ok_as("boss", &["settings", "set", "band_thresholds", stricter]);
    assert_eq!(lara(&b, "2025-04")["band"], "Exceeds");
    for (key, value, reason) in [
        (
            "band_thresholds",
            r#"{"outstanding": 90, "exceeds": 100, "meets": 80, "needs_improvement": 70}"#,
            "must descend",
        ),
        ("fiscal_year_start_month", "13", "1 to 12"),
        ("fiscal_year_start_month", "April", "fiscal_year_start_month"),
        ("coverage_norms", "{}", "no norm for"),
        ("currency", "\"INR\"", "unknown setting"),
    ] {
        let run = b.run_as("boss", &["settings", "set", key, value]);
        assert_eq!(run.code, 2, "{key}={value}: {}", run.stderr);
        assert!(run.stderr.contains(reason), "{key}={value}: {}", run.stderr);
    }
    let audit = b.ok_as("boss", &["export", "audit"]);
    let changes: Vec<&str> = audit.lines().filter(|l| l.contains(",setting,")).collect();
    assert_eq!(changes.len(), 1, "{audit}");
    assert!(changes[0].contains("boss,set,setting,band_thresholds,"), "{}", changes[0]);
}

#[test]
fn capability_ratings() {
    let b = branch();
    b.ok_as("boss", &["rating", "set", "--login", "ravi", "--capability", "product_depth", "--value", "5"]);
    let audit = b.ok_as("boss", &["export", "audit"]);
    assert!(audit.contains("boss,rate,rating,ravi/product_depth,,5,cli"), "{audit}");
    for (args, reason) in [
        (["--login", "ravi", "--capability", "product_depth", "--value", "6"], "outside 1–5"),
        (["--login", "ravi", "--capability", "juggling", "--value", "3"], "is not a capability"),
        (["--login", "lara", "--capability", "product_depth", "--value", "3"], "rated for RMs"),
    ] {
        let mut full = vec!["rating", "set"];
        full.extend(args);
        let run = b.run_as("boss", &full);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(reason), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_branch_has_a_code_a_region_and_a_generation_for_head_office() {
    let b = Branch::empty();
    b.ok(&["init", "--branch", "MG Road", "--manager", "boss", "--code", " b001 ", "--region", " South "]);
    let shown = b.json("boss", &["settings", "show"]);
    assert_eq!((&shown["branch_code"], &shown["region"]), (&Value::from("B001"), &Value::from("South")));
    let generation = shown["generation"].as_str().unwrap();
    assert!(generation.len() == 32 && generation.chars().all(|c| c.is_ascii_hexdigit()), "{generation}");
    let audit = b.json("boss", &["export", "audit", "--format", "json"]);
    assert!(audit["audit"].as_array().unwrap().iter().any(|e| e["key"] == "branch_code" && e["new"] == "\"B001\""));

    b.ok_as("boss", &["settings", "set", "region", "\"South-East\""]);
    assert_eq!(b.json("boss", &["settings", "show"])["region"], "South-East");
    for (key, value, why) in [
        ("branch_code", "\"B 01\"", "a branch code is 1 to 16"),
        ("branch_code", "42", "takes a JSON string"),
        ("region", "\"So\\u001b[31muth\"", "control or invisible character"),
    ] {
        let run = b.run_as("boss", &["settings", "set", key, value]);
        assert_ne!(run.code, 0, "{key} {value}");
        assert!(run.stderr.contains(why), "{key} {value}: {}", run.stderr);
    }
    let refused = Branch::empty().run(&["init", "--branch", "X", "--manager", "boss", "--code", "B;1"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
}
