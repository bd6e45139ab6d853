//! Segregation of duties through the real binary: KPIs the templates reserve for the branch
//! manager (compliance violations, audit results, ratings by others, survey results) are
//! refused to staff on every write path, even for their own figures; the manager enters them;
//! branch files of schema 1 get the reservation when they are opened.

mod common;

use common::Branch;

fn branch() -> Branch {
    let b = Branch::new();
    let staff = b.file(
        "staff.csv",
        "login,name,role,manager_login,focus,segments,os_user\n\
         asha,Asha Rao,relationship_manager,boss,segment,affluent,\n\
         lata,Lata Iyer,loan_officer,boss,,,\n",
    );
    b.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    b
}

const TODAY: &str = "2026-11-20";

fn set(kpi: &str, login: &str, value: &str) -> Vec<String> {
    ["--today", TODAY, "actual", "set", "--kpi", kpi, "--period", "2026-11", "--value", value, "--login", login]
        .map(String::from)
        .to_vec()
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn staff_cannot_report_their_own_violations_audits_or_ratings() {
    let b = branch();
    for (login, kpi) in [
        ("asha", "compliance_violations"),
        ("asha", "compliance_audit_results"),
        ("asha", "communication_skills_rating"),
        ("asha", "customer_satisfaction_score"),
        ("lata", "regulatory_audit_results"),
        ("lata", "compliance_violations"),
    ] {
        let run = b.run_as(login, &args(&set(kpi, login, "0")));
        assert_eq!(run.code, 3, "{login} {kpi}: {}", run.stderr);
        assert!(run.stderr.contains("is entered by the branch manager only"), "{}", run.stderr);
        let clear = b.run_as(login, &["--today", TODAY, "actual", "clear", "--kpi", kpi, "--period", "2026-11"]);
        assert_eq!(clear.code, 3, "clearing too: {}", clear.stderr);
    }
    // Their own business figures stay theirs to enter.
    b.ok_as("asha", &args(&set("monthly_sales_revenue", "asha", "250000")));

    // An import of actuals is refused as a whole, naming the line.
    let file = b.file(
        "actuals.csv",
        "login,kpi,period,value\nasha,monthly_sales_revenue,2026-11,260000\nasha,compliance_violations,2026-11,0\n",
    );
    let before = b.dump();
    let import = b.run_as("asha", &["--today", TODAY, "import", "actuals", file.to_str().unwrap()]);
    assert_eq!(import.code, 3, "{}", import.stderr);
    assert!(import.stderr.contains("actuals.csv:3:"), "{}", import.stderr);
    assert!(import.stderr.contains("compliance_violations (Number of Compliance Violations)"), "{}", import.stderr);
    assert_eq!(b.dump(), before, "nothing was imported");

    // The branch manager enters them, for anyone.
    b.ok_as("boss", &args(&set("compliance_violations", "asha", "1")));
    b.ok_as("boss", &["--today", TODAY, "import", "actuals", file.to_str().unwrap()]);
    let actuals = b.ok_as("boss", &["export", "actuals"]);
    assert!(actuals.contains("asha,compliance_violations,2026-11,0"), "{actuals}");

    // Asha's own export, with the figure the manager entered, re-imports unchanged; changing
    // that figure in it is refused.
    let own = b.ok_as("asha", &["export", "actuals"]);
    let own_file = b.file("own.csv", &own);
    let again = b.run_as("asha", &["--today", TODAY, "import", "actuals", own_file.to_str().unwrap()]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("0 new, 0 changed, 2 unchanged"), "{}", again.stderr);
    let changed =
        b.file("changed.csv", own.replace("compliance_violations,2026-11,0", "compliance_violations,2026-11,5"));
    let refused = b.run_as("asha", &["--today", TODAY, "import", "actuals", changed.to_str().unwrap()]);
    assert_eq!(refused.code, 3, "{}", refused.stderr);
}

#[test]
fn templates_say_who_enters_each_kpi() {
    let b = Branch::empty();
    let json: serde_json::Value =
        serde_json::from_str(&b.ok(&["templates", "show", "relationship_manager", "--format", "json"])).unwrap();
    let entered_by = |code: &str| {
        json["kras"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|k| k["kpis"].as_array().unwrap())
            .find(|k| k["code"] == code)
            .map(|k| k["entered_by"].clone())
            .unwrap()
    };
    assert_eq!(entered_by("compliance_violations"), "manager");
    assert_eq!(entered_by("monthly_sales_revenue"), "staff");
}

/// A file of schema 1 stores its templates without the reservation; opening it with this
/// build migrates it, and from then on staff are refused.
#[test]
fn a_schema_one_file_gets_the_reservation_when_opened() {
    let b = branch();
    {
        let conn = rusqlite::Connection::open(&b.db).unwrap();
        let bodies: Vec<(String, String)> = conn
            .prepare("SELECT role, body FROM role_template")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (role, body) in bodies {
            let mut template: serde_json::Value = serde_json::from_str(&body).unwrap();
            for kra in template["kras"].as_array_mut().unwrap() {
                for kpi in kra["kpis"].as_array_mut().unwrap() {
                    kpi.as_object_mut().unwrap().remove("entered_by");
                }
            }
            conn.execute("UPDATE role_template SET body = ?1 WHERE role = ?2", (template.to_string(), role)).unwrap();
        }
        conn.execute_batch("PRAGMA user_version = 1").unwrap();
    }
    let run = b.run_as("asha", &args(&set("compliance_violations", "asha", "0")));
    assert_eq!(run.code, 3, "{}", run.stderr);
    let conn = rusqlite::Connection::open(&b.db).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, branchboard::store::latest_version());
}
