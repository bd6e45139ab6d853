//! End to end through the real binary: init, import staff, customers, targets and actuals,
//! export scorecards for a month, a quarter and a year and coverage, against hand-computed numbers.

mod common;

use common::{Branch, assert_close};
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

fn employee<'a>(report: &'a Value, login: &str) -> &'a Value {
    report["employees"].as_array().unwrap().iter().find(|e| e["login"] == login).unwrap_or_else(|| panic!("no {login}"))
}

fn kra<'a>(employee: &'a Value, code: &str) -> &'a Value {
    employee["kras"].as_array().unwrap().iter().find(|k| k["code"] == code).unwrap_or_else(|| panic!("no KRA {code}"))
}

fn kpi<'a>(employee: &'a Value, code: &str) -> &'a Value {
    employee["kras"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|k| k["kpis"].as_array().unwrap())
        .find(|k| k["code"] == code)
        .unwrap_or_else(|| panic!("no KPI {code}"))
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
    let lara = employee(&report, "lara");
    // Revenue 1.5M/1.2M = 1.25: achievement 125, score capped at 120.
    assert_close(&kpi(lara, "loan_sales_revenue")["achievement"], 125.0);
    assert_close(&kpi(lara, "loan_sales_revenue")["score"], 120.0);
    // March is open and has no average-loan actual: not reported, left out of Sales (= 120).
    assert_eq!(kpi(lara, "average_loan_amount")["status"], "not_reported");
    assert_eq!(kpi(lara, "average_loan_amount")["score"], Value::Null);
    assert_close(&kra(lara, "sales_performance")["score"], 120.0);
    // One violation against a target of 0 → 0.
    assert_close(&kpi(lara, "compliance_violations")["score"], 0.0);
    // Overall = (120·18 + 100·15 + 0·12 + 115·12)/57 = 5040/57 ≈ 88.42 → Needs improvement.
    assert_close(&lara["overall"], 5040.0 / 57.0);
    assert_eq!(lara["band"], "Needs improvement");
    assert_close(&lara["completeness"], 0.8);

    // Once March is closed the missing actual scores 0: Sales = (120·2 + 0)/3 = 80,
    // overall = (80·18 + 1500 + 0 + 1380)/57 = 4320/57.
    branch.ok_as("boss", &["period", "close", "2025-03"]);
    let closed = branch.json("boss", &["export", "scorecard", "--period", "2025-03", "--format", "json"]);
    let lara = employee(&closed, "lara");
    assert_eq!(kpi(lara, "average_loan_amount")["status"], "scored");
    assert_close(&kpi(lara, "average_loan_amount")["score"], 0.0);
    assert_close(&lara["overall"], 4320.0 / 57.0);
    assert_close(&lara["completeness"], 1.0);
}

#[test]
fn quarter_and_year_roll_months_up() {
    let branch = loaded_branch();
    for period in ["2025-Q1", "2025"] {
        let report = branch.json("boss", &["export", "scorecard", "--period", period, "--format", "json"]);
        assert_eq!(report["period"], period);
        let lara = employee(&report, "lara");
        // Revenue (sum): 3.5M / 3.2M = 1.09375 → 109.375. Average loan (mean): 500k/500k → 100.
        assert_close(&kpi(lara, "loan_sales_revenue")["target"], 3_200_000.0);
        assert_close(&kpi(lara, "loan_sales_revenue")["actual"], 3_500_000.0);
        assert_close(&kpi(lara, "loan_sales_revenue")["score"], 109.375);
        assert_close(&kpi(lara, "average_loan_amount")["actual"], 500_000.0);
        // Sales = (109.375·2 + 100)/3 = 106.25; turnaround mean 5 vs 5 → 100;
        // violations sum 1 vs 0 → 0; CSAT mean 4.4/4 → 110.
        assert_close(&kra(lara, "sales_performance")["score"], 106.25);
        assert_close(&kpi(lara, "application_turnaround_time")["score"], 100.0);
        assert_close(&kpi(lara, "compliance_violations")["score"], 0.0);
        assert_close(&kpi(lara, "client_satisfaction_rating")["score"], 110.0);
        // Overall = (106.25·18 + 100·15 + 0·12 + 110·12)/57 = 4732.5/57.
        assert_close(&lara["overall"], 4732.5 / 57.0);
        assert_close(&lara["completeness"], 1.0);
    }
}

#[test]
fn scorecard_csv_has_one_row_per_kpi() {
    let branch = loaded_branch();
    let csv = branch.ok_as("boss", &["export", "scorecard", "--period", "2025-02"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "period,login,name,role,overall,band,rank,completeness,kra,kra_name,kra_weight,kra_score,kpi,kpi_name,unit,direction,target,actual,achievement,score,status"
    );
    let revenue = csv.lines().find(|l| l.contains(",lara,") && l.contains(",loan_sales_revenue,")).unwrap();
    // February: overall (110·18 + 80·15 + 100·12 + 110·12)/57 = 100 exactly.
    assert!(
        revenue.starts_with("2025-02,lara,Lara Dsouza,loan_officer,100,Exceeds,1,1,sales_performance,"),
        "{revenue}"
    );
    assert!(
        revenue.ends_with(",currency,higher,1000000,1100000,110.00000000000001,110.00000000000001,scored")
            || revenue.ends_with(",currency,higher,1000000,1100000,110,110,scored"),
        "{revenue}"
    );
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
