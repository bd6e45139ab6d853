//! End to end through the real binary: init, import staff, customers, targets and actuals,
//! export scorecards for a month, a quarter and a year and coverage, against hand-computed
//! numbers (SPEC §3 and §6), including the December scenario of targets planned ahead.

mod common;

use common::{Branch, assert_close, employee, kpi};
use serde_json::Value;

const STAFF: &str = "\
login,name,role,manager_login,focus,segments,os_user
lara,Lara Dsouza,loan_officer,boss,,,lara
omar,Omar Khan,loan_officer,boss,,,
zara,Zara Ali,loan_officer,boss,,,
ravi,Ravi Kumar,relationship_manager,boss,segment,mass_retail,
sara,Sara Menon,relationship_manager,boss,hybrid,affluent;private,
";

// Lara's figures for 2025-Q1 (see the hand computation in each test).
const TARGETS: &str = "\
login,kpi,period,value
lara,loan_sales_revenue,2025-01,\"10,00,000\"
lara,loan_sales_revenue,2025-02,\"1,000,000\"
lara,loan_sales_revenue,2025-03,1200000
lara,average_loan_amount,2025-01,500000
lara,average_loan_amount,2025-02,500000
lara,average_loan_amount,2025-03,500000
lara,application_turnaround_time,2025-01,5
lara,application_turnaround_time,2025-02,5
lara,application_turnaround_time,2025-03,5
lara,compliance_violations,2025-01,0
lara,compliance_violations,2025-02,0
lara,compliance_violations,2025-03,0
lara,client_satisfaction_rating,2025-01,4
lara,client_satisfaction_rating,2025-02,4
lara,client_satisfaction_rating,2025-03,4
omar,loan_sales_revenue,2025-01,1000000
zara,loan_sales_revenue,2025-01,2000000
";

const ACTUALS: &str = "\
login,kpi,period,value
lara,loan_sales_revenue,2025-01,900000
lara,loan_sales_revenue,2025-02,1100000
lara,loan_sales_revenue,2025-03,\"15,00,000\"
lara,average_loan_amount,2025-01,450000
lara,average_loan_amount,2025-02,550000
lara,application_turnaround_time,2025-01,4
lara,application_turnaround_time,2025-02,6
lara,application_turnaround_time,2025-03,5
lara,compliance_violations,2025-01,0
lara,compliance_violations,2025-02,0
lara,compliance_violations,2025-03,1
lara,client_satisfaction_rating,2025-01,4.2
lara,client_satisfaction_rating,2025-02,4.4
lara,client_satisfaction_rating,2025-03,4.6
omar,loan_sales_revenue,2025-01,1000000
zara,loan_sales_revenue,2025-01,2000000
";

fn loaded_branch() -> Branch {
    let branch = Branch::new();
    let staff = branch.file("staff.csv", STAFF);
    let targets = branch.file("targets.csv", TARGETS);
    let actuals = branch.file("actuals.csv", ACTUALS);
    branch.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    branch.ok_as("boss", &["import", "targets", targets.to_str().unwrap()]);
    branch.ok_as("boss", &["import", "actuals", actuals.to_str().unwrap()]);
    branch.ok_as("boss", &["period", "close", "2025-01"]);
    branch.ok_as("boss", &["period", "close", "2025-02"]);
    branch
}

fn kra<'a>(employee: &'a Value, code: &str) -> &'a Value {
    employee["kras"].as_array().unwrap().iter().find(|k| k["code"] == code).unwrap_or_else(|| panic!("no KRA {code}"))
}

#[test]
fn month_scores_and_ranks() {
    let branch = loaded_branch();
    let report = branch.json("boss", &["export", "scorecard", "--period", "2025-01", "--format", "json"]);
    assert_eq!(report["period"], "2025-01");
    let lara = employee(&report, "lara");
    // Revenue 900k/1M → 90; average loan 450k/500k → 90; Sales = (90·2 + 90·1)/3 = 90.
    assert_close(&kpi(lara, "loan_sales_revenue")["score"], 90.0);
    assert_close(&kra(lara, "sales_performance")["score"], 90.0);
    // Turnaround (lower): (2·5 − 4)/5 = 1.2 → 120; violations: T = 0, A = 0 → 100; CSAT 4.2/4 → 105.
    assert_close(&kpi(lara, "application_turnaround_time")["score"], 120.0);
    assert_close(&kpi(lara, "application_turnaround_time")["achievement"], 120.0);
    assert_close(&kpi(lara, "compliance_violations")["score"], 100.0);
    assert_close(&kpi(lara, "client_satisfaction_rating")["score"], 105.0);
    // Overall = (90·18 + 120·15 + 100·12 + 105·12) / 57 = 5880/57.
    assert_close(&lara["overall"], 5880.0 / 57.0);
    assert_eq!(lara["band"], "Exceeds");
    assert_close(&lara["completeness"], 1.0);
    assert_eq!(kpi(lara, "loan_default_rate")["status"], "untargeted");
    assert_eq!(kpi(lara, "loan_default_rate")["score"], Value::Null);
    assert_eq!(kra(lara, "professional_development")["score"], Value::Null);
    // Omar and Zara both 100: competition ranking 1, 2, 2; the manager is not ranked.
    assert_eq!(lara["rank"], 1);
    assert_eq!(employee(&report, "omar")["rank"], 2);
    assert_eq!(employee(&report, "zara")["rank"], 2);
    assert_eq!(employee(&report, "boss")["rank"], Value::Null);
    assert_eq!(employee(&report, "boss")["overall"], Value::Null);
    assert_eq!(employee(&report, "ravi")["rank"], Value::Null);
}

#[test]
fn open_month_leaves_missing_actuals_out_and_caps_achievement() {
    let branch = loaded_branch();
    let report = branch.json("boss", &["export", "scorecard", "--period", "2025-03", "--format", "json"]);
    assert_eq!(report["final"], false);
    let lara = employee(&report, "lara");
    // Revenue 1.5M/1.2M = 1.25: achievement 125, score capped at 120.
    assert_close(&kpi(lara, "loan_sales_revenue")["achievement"], 125.0);
    assert_close(&kpi(lara, "loan_sales_revenue")["score"], 120.0);
    // March is open and has no average-loan actual: pending, not reported, left out of Sales (= 120).
    let average = kpi(lara, "average_loan_amount");
    assert_eq!(average["status"], "not_reported");
    assert_eq!(average["score"], Value::Null);
    assert_eq!((&average["reported_months"], &average["pending_months"]), (&Value::from(0), &Value::from(1)));
    // The shown target is what was expected: March's 500,000.
    assert_close(&average["target"], 500_000.0);
    assert_close(&kra(lara, "sales_performance")["score"], 120.0);
    // One violation against a target of 0 → 0.
    assert_close(&kpi(lara, "compliance_violations")["score"], 0.0);
    // Overall = (120·18 + 100·15 + 0·12 + 115·12)/57 = 5040/57 ≈ 88.42 → Needs improvement.
    assert_close(&lara["overall"], 5040.0 / 57.0);
    assert_eq!(lara["band"], "Needs improvement");
    // 4 of 5 targeted cells reported.
    assert_close(&lara["completeness"], 0.8);

    // Closing March while a targeted value is missing is refused, naming who is missing what.
    let refused = branch.run_as("boss", &["period", "close", "2025-03"]);
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    assert!(refused.stderr.contains("lara 1"), "{}", refused.stderr);
    branch.ok_as("boss", &["period", "close", "2025-03", "--allow-missing"]);
    // Closed, the missing actual scores 0 (status missing): Sales = (120·2 + 0)/3 = 80,
    // overall = (80·18 + 1500 + 0 + 1380)/57 = 4320/57.
    let closed = branch.json("boss", &["export", "scorecard", "--period", "2025-03", "--format", "json"]);
    assert_eq!(closed["final"], true);
    let lara = employee(&closed, "lara");
    let average = kpi(lara, "average_loan_amount");
    assert_eq!(average["status"], "missing");
    assert_close(&average["score"], 0.0);
    assert_eq!(average["achievement"], Value::Null);
    assert_eq!(average["missing_months"], 1);
    assert_close(&lara["overall"], 4320.0 / 57.0);
    // Still 4 of 5 cells: closing a month never makes a missing value count as reported.
    assert_close(&lara["completeness"], 0.8);
}

#[test]
fn quarter_and_year_roll_reported_months_up() {
    let branch = loaded_branch();
    for period in ["2025-Q1", "2025"] {
        let report = branch.json("boss", &["export", "scorecard", "--period", period, "--format", "json"]);
        assert_eq!(report["period"], period);
        assert_eq!(report["final"], false, "{period}: March is open");
        let lara = employee(&report, "lara");
        // Revenue (sum): 3.5M / 3.2M = 1.09375 → 109.375.
        assert_close(&kpi(lara, "loan_sales_revenue")["target"], 3_200_000.0);
        assert_close(&kpi(lara, "loan_sales_revenue")["actual"], 3_500_000.0);
        assert_close(&kpi(lara, "loan_sales_revenue")["score"], 109.375);
        // Average loan (mean) over the reported months only, January and February: T = 500k,
        // A = (450k + 550k)/2 = 500k → 100; March is pending and changes nothing.
        let average = kpi(lara, "average_loan_amount");
        assert_close(&average["actual"], 500_000.0);
        assert_close(&average["score"], 100.0);
        assert_eq!(
            [&average["reported_months"], &average["missing_months"], &average["pending_months"]],
            [&Value::from(2), &Value::from(0), &Value::from(1)]
        );
        // Sales = (109.375·2 + 100)/3 = 106.25; turnaround mean 5 vs 5 → 100;
        // violations sum 1 vs 0 → 0; CSAT mean 4.4/4 → 110.
        assert_close(&kra(lara, "sales_performance")["score"], 106.25);
        assert_close(&kpi(lara, "application_turnaround_time")["score"], 100.0);
        assert_close(&kpi(lara, "compliance_violations")["score"], 0.0);
        assert_close(&kpi(lara, "client_satisfaction_rating")["score"], 110.0);
        // Overall = (106.25·18 + 100·15 + 0·12 + 110·12)/57 = 4732.5/57.
        assert_close(&lara["overall"], 4732.5 / 57.0);
        // Cells: 15 targeted, 14 reported (March's average loan is pending).
        assert_close(&lara["completeness"], 14.0 / 15.0);
    }

    // Closed with the value still missing, March scales average loan by r/(r + x) = 2/3:
    // 100·2/3; Sales = (109.375·2 + 200/3)/3 = 856.25/9; overall = (18·856.25/9 + 1500 + 0 + 1320)/57
    // = (1712.5 + 2820)/57 = 4532.5/57.
    branch.ok_as("boss", &["period", "close", "2025-03", "--allow-missing"]);
    let q1 = branch.json("boss", &["export", "scorecard", "--period", "2025-Q1", "--format", "json"]);
    assert_eq!(q1["final"], true);
    let lara = employee(&q1, "lara");
    assert_close(&kpi(lara, "average_loan_amount")["score"], 200.0 / 3.0);
    assert_close(&kpi(lara, "average_loan_amount")["achievement"], 100.0);
    assert_close(&kra(lara, "sales_performance")["score"], 856.25 / 9.0);
    assert_close(&lara["overall"], 4532.5 / 57.0);
    // The year has open months (April to December) and is never final before they close.
    let year = branch.json("boss", &["export", "scorecard", "--period", "2025", "--format", "json"]);
    assert_eq!(year["final"], false);
}

fn sorted_keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    keys.sort();
    keys
}

#[test]
fn scorecard_json_carries_every_field_for_months_quarters_and_years() {
    let branch = loaded_branch();
    let employee_keys = ["login", "name", "role", "overall", "band", "rank", "completeness", "change", "kras"];
    let kpi_keys = [
        "code",
        "name",
        "unit",
        "direction",
        "target",
        "actual",
        "achievement",
        "score",
        "status",
        "reported_months",
        "missing_months",
        "pending_months",
    ];
    // Closed month, open month, quarter, year.
    for (period, is_final) in [("2025-01", true), ("2025-03", false), ("2025-Q1", false), ("2025", false)] {
        let report = branch.json("boss", &["export", "scorecard", "--period", period, "--format", "json"]);
        assert_eq!(sorted_keys(&report), sorted(&["period", "final", "employees"]), "{period}");
        assert_eq!(report["final"], is_final, "{period}");
        for employee in report["employees"].as_array().unwrap() {
            assert_eq!(sorted_keys(employee), sorted(&employee_keys), "{period}");
            for kra in employee["kras"].as_array().unwrap() {
                assert_eq!(sorted_keys(kra), sorted(&["code", "name", "weight", "score", "kpis"]), "{period}");
                for kpi in kra["kpis"].as_array().unwrap() {
                    assert_eq!(sorted_keys(kpi), sorted(&kpi_keys), "{period}");
                    let status = kpi["status"].as_str().unwrap();
                    assert!(["scored", "missing", "not_reported", "untargeted"].contains(&status), "{status}");
                }
            }
        }
    }
    // Change against the period before: February's 100 minus January's 5880/57 for Lara.
    let february = branch.json("boss", &["export", "scorecard", "--period", "2025-02", "--format", "json"]);
    assert_close(&employee(&february, "lara")["change"], 100.0 - 5880.0 / 57.0);
    // December 2024 has no scores: January has no change.
    let january = branch.json("boss", &["export", "scorecard", "--period", "2025-01", "--format", "json"]);
    assert_eq!(employee(&january, "lara")["change"], Value::Null);
}

#[test]
fn scorecard_csv_has_one_row_per_kpi_rounded_to_two_decimals() {
    let branch = loaded_branch();
    let csv = branch.ok_as("boss", &["export", "scorecard", "--period", "2025-02"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "period,final,login,name,role,overall,band,rank,completeness,change,kra,kra_name,kra_weight,kra_score,\
kpi,kpi_name,unit,direction,target,actual,achievement,score,status,reported_months,missing_months,pending_months"
    );
    let revenue = csv.lines().find(|l| l.contains(",lara,") && l.contains(",loan_sales_revenue,")).unwrap();
    // February: overall (110·18 + 80·15 + 100·12 + 110·12)/57 = 100 exactly; change 100 − 5880/57
    // = −3.157… → −3.16; completeness 5/5.
    assert!(
        revenue
            .starts_with("2025-02,true,lara,Lara Dsouza,loan_officer,100.00,Exceeds,1,1.00,-3.16,sales_performance,"),
        "{revenue}"
    );
    // 1.1M / 1M computes to 110.00000000000001; the CSV says 110.00.
    assert!(revenue.ends_with(",currency,higher,1000000.00,1100000.00,110.00,110.00,scored,1,0,0"), "{revenue}");
    // January's overall 5880/57 = 103.157… prints as 103.16, never with float noise.
    let january = branch.ok_as("boss", &["export", "scorecard", "--period", "2025-01"]);
    let lara = january.lines().find(|l| l.contains(",lara,")).unwrap();
    assert!(lara.starts_with("2025-01,true,lara,Lara Dsouza,loan_officer,103.16,Exceeds,1,1.00,,"), "{lara}");
}

#[test]
fn money_aggregates_are_rounded_to_cents_in_every_export() {
    let branch = Branch::new();
    let staff = branch.file(
        "staff.csv",
        "login,name,role,manager_login,focus,segments,os_user\n\
         omar,Omar,loan_officer,boss,,,\nravi,Ravi,relationship_manager,boss,segment,mass_retail,\n",
    );
    branch.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    // 100.1 + 200.2 adds up to 300.29999999999995 in binary floating point.
    let values =
        "login,kpi,period,value\nomar,loan_sales_revenue,2025-01,100.1\nomar,loan_sales_revenue,2025-02,200.2\n";
    let targets = branch.file("targets.csv", values);
    let actuals = branch.file("actuals.csv", values);
    branch.ok_as("boss", &["import", "targets", targets.to_str().unwrap()]);
    branch.ok_as("boss", &["import", "actuals", actuals.to_str().unwrap()]);
    let report = branch.json("boss", &["export", "scorecard", "--period", "2025-Q1", "--format", "json"]);
    let revenue = kpi(employee(&report, "omar"), "loan_sales_revenue");
    assert_eq!(revenue["target"].as_f64(), Some(300.3));
    assert_eq!(revenue["actual"].as_f64(), Some(300.3));
    let csv = branch.ok_as("boss", &["export", "scorecard", "--period", "2025-Q1"]);
    assert!(csv.lines().any(|l| l.contains(",loan_sales_revenue,") && l.contains(",300.30,300.30,")), "{csv}");

    // A book of 0.1 + 0.2 (0.30000000000000004) is 0.3 in JSON and 0.30 in CSV.
    let customers = branch.file(
        "customers.csv",
        "id,name,segment,rm_login,products,balance,last_contact,status\n\
         C1,Anil,mass_retail,ravi,savings,0.1,2025-01-10,active\nC2,Bela,mass_retail,ravi,savings,0.2,2025-01-10,active\n",
    );
    branch.ok_as("boss", &["import", "customers", customers.to_str().unwrap()]);
    let coverage = branch.json("boss", &["export", "coverage", "--as-of", "2025-06-30", "--format", "json"]);
    assert_eq!(coverage["rms"][0]["book"].as_f64(), Some(0.3));
    let csv = branch.ok_as("boss", &["export", "coverage", "--as-of", "2025-06-30"]);
    assert!(csv.lines().nth(1).unwrap().contains(",0.30,"), "{csv}");
}

/// The December scenario of the trustworthy-numbers issue, through the real binary: on
/// 23 November the manager plans December's targets. No quarter or year score may move.
#[test]
fn planning_next_months_targets_changes_no_quarter_or_year_score() {
    let branch = Branch::new();
    let staff = branch.file("staff.csv", STAFF);
    branch.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    let mut targets = String::from("login,kpi,period,value\n");
    let mut actuals = String::from("login,kpi,period,value\n");
    for (login, revenue, turnaround) in [("lara", 1_150_000, 4), ("omar", 900_000, 6), ("zara", 1_000_000, 5)] {
        for month in ["2026-10", "2026-11"] {
            targets.push_str(&format!("{login},loan_sales_revenue,{month},1000000\n"));
            targets.push_str(&format!("{login},application_turnaround_time,{month},5\n"));
            actuals.push_str(&format!("{login},loan_sales_revenue,{month},{revenue}\n"));
            actuals.push_str(&format!("{login},application_turnaround_time,{month},{turnaround}\n"));
        }
    }
    let on_23_november = |args: &[&str]| -> Vec<String> {
        ["--today", "2026-11-23"].iter().chain(args).map(|s| s.to_string()).collect()
    };
    let run = |args: &[&str]| {
        let args = on_23_november(args);
        branch.ok_as("boss", &args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let targets = branch.file("targets.csv", targets);
    let actuals = branch.file("actuals.csv", actuals);
    run(&["import", "targets", targets.to_str().unwrap()]);
    run(&["import", "actuals", actuals.to_str().unwrap()]);
    run(&["period", "close", "2026-10"]);

    let scores = |period: &str| -> Value {
        serde_json::from_str(&run(&["export", "scorecard", "--period", period, "--format", "json"])).unwrap()
    };
    let before: Vec<Value> = ["2026-Q4", "2026"].iter().map(|p| scores(p)).collect();
    // Lara over October and November: revenue 2.3M/2M = 1.15 → 115 (Sales, weight 18);
    // turnaround (2·5 − 4)/5 = 1.2 → 120 (weight 15). Overall = (115·18 + 120·15)/33 = 3870/33.
    assert_close(&employee(&before[0], "lara")["overall"], 3870.0 / 33.0);
    assert_eq!(employee(&before[0], "lara")["band"], "Outstanding");

    // December is planned ahead: a whole file of targets, and one more by hand.
    let mut december = String::from("login,kpi,period,value\n");
    for login in ["lara", "omar", "zara"] {
        december.push_str(&format!("{login},loan_sales_revenue,2026-12,1400000\n"));
    }
    let december = branch.file("december.csv", december);
    run(&["import", "targets", december.to_str().unwrap()]);
    run(&[
        "target",
        "set",
        "--login",
        "lara",
        "--kpi",
        "application_turnaround_time",
        "--period",
        "2026-12",
        "--value",
        "4",
    ]);
    let after: Vec<Value> = ["2026-Q4", "2026"].iter().map(|p| scores(p)).collect();

    for (before, after) in before.iter().zip(&after) {
        assert_eq!(after["final"], false);
        for (b, a) in before["employees"].as_array().unwrap().iter().zip(after["employees"].as_array().unwrap()) {
            let who = &b["login"];
            for field in ["overall", "band", "rank", "change"] {
                assert_eq!(a[field], b[field], "{who} {field} moved when December was planned");
            }
            for (bk, ak) in b["kras"].as_array().unwrap().iter().zip(a["kras"].as_array().unwrap()) {
                assert_eq!(ak["score"], bk["score"], "{who} KRA {} moved", bk["code"]);
                for (bp, ap) in bk["kpis"].as_array().unwrap().iter().zip(ak["kpis"].as_array().unwrap()) {
                    for field in ["target", "actual", "achievement", "score", "status"] {
                        assert_eq!(ap[field], bp[field], "{who} {} {field} moved", bp["code"]);
                    }
                }
            }
        }
    }
    // December's targets are pending, not missing: Lara's revenue has 2 reported and 1 pending month.
    let revenue = kpi(employee(&after[0], "lara"), "loan_sales_revenue");
    assert_eq!([&revenue["reported_months"], &revenue["pending_months"]], [&Value::from(2), &Value::from(1)]);
    // December itself is not reported by anyone yet: only targets, nothing scored.
    let december = scores("2026-12");
    assert_eq!(employee(&december, "lara")["overall"], Value::Null);
    assert_eq!(kpi(employee(&december, "lara"), "loan_sales_revenue")["status"], "not_reported");
}

#[test]
fn staff_see_the_leaderboard_but_only_their_own_detail() {
    let branch = loaded_branch();
    let report = branch.json("omar", &["export", "scorecard", "--period", "2025-01", "--format", "json"]);
    let lara = employee(&report, "lara");
    assert_close(&lara["overall"], 5880.0 / 57.0);
    assert_eq!(lara["rank"], 1);
    assert_eq!(lara["kras"], Value::Array(vec![]));
    assert_eq!(lara["completeness"], Value::Null);
    assert_eq!(lara["change"], Value::Null);
    let omar = employee(&report, "omar");
    assert!(!omar["kras"].as_array().unwrap().is_empty());

    let targets = branch.ok_as("omar", &["export", "targets"]);
    assert_eq!(targets, "login,kpi,period,value\nomar,loan_sales_revenue,2025-01,1000000\n");
    let audit = branch.ok_as("omar", &["export", "audit"]);
    assert!(audit.lines().skip(1).all(|l| l.contains("omar")), "{audit}");
    assert!(!audit.contains("lara/"));
}

#[test]
fn coverage_against_norms_and_cadence() {
    let branch = loaded_branch();
    let mut customers = String::from("id,name,segment,rm_login,products,balance,last_contact,status\n");
    customers.push_str("C1,Anil,mass_retail,ravi,savings;fd,\"1,00,000\",2025-01-10,active\n");
    customers.push_str("C2,Bela,mass_retail,ravi,savings,25000.50,2024-06-30,active\n");
    customers.push_str("C3,Chetan,mass_retail,ravi,savings;credit_card;home_loan,\"3,50,000\",2024-06-29,active\n");
    customers.push_str("C4,Dev,mass_retail,ravi,savings,10,2020-01-01,dormant\n");
    customers.push_str("C5,Esha,mass_retail,ravi,savings,0,,closed\n");
    for i in 0..130 {
        customers
            .push_str(&format!("P{i},Private {i},private,sara,pms;savings,1000000,2025-06-{:02},active\n", 1 + i % 28));
    }
    for i in 0..10 {
        customers.push_str(&format!("A{i},Affluent {i},affluent,sara,savings,50000,,active\n"));
    }
    let file = branch.file("customers.csv", customers);
    branch.ok_as("boss", &["import", "customers", file.to_str().unwrap()]);
    let report = branch.json("boss", &["export", "coverage", "--as-of", "2025-06-30", "--format", "json"]);
    assert_eq!(report["as_of"], "2025-06-30");
    let rms = report["rms"].as_array().unwrap();
    let ravi = rms.iter().find(|r| r["login"] == "ravi").unwrap();
    // 3 active mass retail: low 3/300, high 3/3000 → under. Contacts within 365 days of
    // 2025-06-30: 2025-01-10 and 2024-06-30 (exactly 365) but not 2024-06-29 → 2/3.
    assert_close(&ravi["low_load"], 0.01);
    assert_close(&ravi["high_load"], 0.001);
    assert_eq!(ravi["status"], "under");
    assert_close(&ravi["contact_coverage"], 2.0 / 3.0);
    assert_close(&ravi["product_depth"], 2.0);
    assert_close(&ravi["book"], 475_000.5);
    assert_eq!(ravi["dormant"], 1);
    assert_eq!(ravi["segments"]["mass_retail"]["active"], 3);
    assert_eq!(ravi["segments"]["mass_retail"]["dormant"], 1);
    assert_eq!(ravi["focus"], "segment");
    let sara = rms.iter().find(|r| r["login"] == "sara").unwrap();
    // 130 private + 10 affluent: high = 130/120 + 10/300 > 1 → over; low = 130/24 + 10/36.
    assert_close(&sara["high_load"], 130.0 / 120.0 + 10.0 / 300.0);
    assert_close(&sara["low_load"], 130.0 / 24.0 + 10.0 / 36.0);
    assert_eq!(sara["status"], "over");
    // Private contacts on 2025-06-01..28 are within 30 days only from 2025-05-31 on: all 130;
    // the 10 affluent were never contacted → 130/140.
    assert_close(&sara["contact_coverage"], 130.0 / 140.0);
    assert_close(&sara["book"], 130.0 * 1_000_000.0 + 10.0 * 50_000.0);

    // An RM sees only their own coverage.
    let own = branch.json("ravi", &["export", "coverage", "--as-of", "2025-06-30", "--format", "json"]);
    let logins: Vec<&Value> = own["rms"].as_array().unwrap().iter().map(|r| &r["login"]).collect();
    assert_eq!(logins, vec!["ravi"]);
}

#[test]
fn csv_round_trips_change_nothing() {
    let branch = loaded_branch();
    let customers = branch.file(
        "customers.csv",
        "id,name,segment,rm_login,products,balance,last_contact,status\nC1,Anil,mass_retail,ravi,savings;fd,1234.5,2025-01-10,active\n",
    );
    branch.ok_as("boss", &["import", "customers", customers.to_str().unwrap()]);
    let before = branch.dump();
    for what in ["staff", "targets", "actuals", "customers"] {
        let exported = branch.ok_as("boss", &["export", what]);
        let file = branch.file(&format!("{what}-export.csv"), &exported);
        let run = branch.run_as("boss", &["import", what, file.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert!(run.stderr.contains(" 0 new, 0 changed"), "{what}: {}", run.stderr);
        assert_eq!(branch.ok_as("boss", &["export", what]), exported, "{what} export changed");
    }
    assert_eq!(branch.dump(), before, "a round trip changed the file");
}

#[test]
fn values_json_exports() {
    let branch = loaded_branch();
    let json = branch.json("boss", &["export", "actuals", "--period", "2025-03", "--format", "json"]);
    let rows = json["actuals"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0],
        serde_json::json!({"login": "lara", "kpi": "application_turnaround_time", "period": "2025-03", "value": 5.0})
    );
    let audit = branch.json("boss", &["export", "audit", "--format", "json"]);
    let entries = audit["audit"].as_array().unwrap();
    let closing = entries.iter().find(|e| e["action"] == "close").unwrap();
    assert_eq!(closing["entity"], "period");
    assert_eq!(closing["key"], "2025-01");
    assert_eq!(closing["via"], "cli");
    assert_eq!(closing["actor"], "boss");
    let imported =
        entries.iter().find(|e| e["key"] == "lara/loan_sales_revenue/2025-03" && e["entity"] == "actual").unwrap();
    assert_eq!(imported["via"], "import");
    assert_eq!(imported["new"], "1500000");
    assert_eq!(imported["old"], Value::Null);
}
