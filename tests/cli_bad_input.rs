//! Bad input through the real binary: every case exits non-zero, names FILE:LINE:COLUMN, and
//! leaves the branch file's content exactly as it was.

mod common;

use common::Branch;

const STAFF: &str = "\
login,name,role,manager_login,focus,segments,os_user
lara,Lara Dsouza,loan_officer,boss,,,
ravi,Ravi Kumar,relationship_manager,boss,segment,mass_retail,
";

fn branch() -> Branch {
    let branch = Branch::new();
    let staff = branch.file("staff.csv", STAFF);
    branch.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    let targets = branch.file("t.csv", "login,kpi,period,value\nlara,loan_sales_revenue,2025-01,100\n");
    branch.ok_as("boss", &["import", "targets", targets.to_str().unwrap()]);
    branch
}

/// Imports `contents` as `what` and checks the refusal: exit code, a `FILE:LINE:COLUMN:`
/// message containing `reason`, and no change to the file.
#[track_caller]
fn assert_rejected(
    branch: &Branch,
    as_login: &str,
    what: &str,
    contents: &[u8],
    code: i32,
    location: &str,
    reason: &str,
) {
    let before = branch.dump();
    let file = branch.file("bad.csv", contents);
    let run = branch.run_as(as_login, &["import", what, file.to_str().unwrap()]);
    assert_eq!(run.code, code, "exit code for {reason:?}; stderr:\n{}", run.stderr);
    let expected = format!("{}:{location}: ", file.display());
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains(&expected))
        .unwrap_or_else(|| panic!("no {expected} in:\n{}", run.stderr));
    assert!(line.to_lowercase().contains(&reason.to_lowercase()), "{line:?} should mention {reason:?}");
    assert!(run.stderr.contains("nothing was imported"), "{}", run.stderr);
    assert_eq!(branch.dump(), before, "the file changed after a rejected import");
}

const HEADER: &str = "login,kpi,period,value\n";

fn values(rows: &str) -> Vec<u8> {
    format!("{HEADER}lara,loan_sales_revenue,2025-02,100\n{rows}").into_bytes()
}

#[test]
fn bad_values_reject_the_whole_file() {
    let b = branch();
    let cases: [(&str, &str, &str); 15] = [
        ("nobody,loan_sales_revenue,2025-02,1\n", "3:1", "unknown login"),
        ("lara,no_such_kpi,2025-02,1\n", "3:2", "not a KPI"),
        ("lara,loan_sales_revenue,2025-13,1\n", "3:3", "not a month"),
        ("lara,loan_sales_revenue,Feb 2025,1\n", "3:3", "not a month"),
        ("lara,loan_sales_revenue,2025-03,\n", "3:4", "empty"),
        ("lara,loan_sales_revenue,2025-03,NaN\n", "3:4", "not a number"),
        ("lara,loan_sales_revenue,2025-03,inf\n", "3:4", "not a number"),
        ("lara,loan_sales_revenue,2025-03,lots\n", "3:4", "not a number"),
        ("lara,loan_sales_revenue,2025-03,\"1,2,3\"\n", "3:4", "separators"),
        ("lara,loan_sales_revenue,2025-03,12%\n", "3:4", "percent"),
        ("lara,compliance_violations,2025-03,-2\n", "3:4", "out of range"),
        ("lara,client_satisfaction_rating,2025-03,7\n", "3:4", "out of range"),
        ("lara,loan_sales_revenue,2025-03,0.0000001\n", "3:4", "too small"),
        ("lara,loan_sales_revenue,2025-03\n", "3:4", "expected 4 columns"),
        ("lara,loan_sales_revenue,2025-02,5\n", "3:1", "line 2"),
    ];
    for (row, location, reason) in cases {
        assert_rejected(&b, "boss", "actuals", &values(row), 1, location, reason);
    }
}

#[test]
fn structural_problems() {
    let b = branch();
    assert_rejected(&b, "boss", "actuals", b"", 1, "1:1", "empty");
    assert_rejected(&b, "boss", "actuals", b"lara,loan_sales_revenue,2025-02,1\n", 1, "1:1", "header");
    assert_rejected(&b, "boss", "actuals", b"login,kpi,value\nlara,x,1\n", 1, "1:1", "header");
    assert_rejected(&b, "boss", "actuals", b"login,kpi,period,value\nlara,\x00\x9f\xff,2025-02,1\n", 1, "2:2", "UTF-8");
    assert_rejected(
        &b,
        "boss",
        "actuals",
        b"login,kpi,period,value\nlara,loan\x01,2025-02,1\n",
        1,
        "2:2",
        "kpi contains a control character (U+0001) at character 5",
    );
    assert_rejected(
        &b,
        "boss",
        "targets",
        b"login,kpi,period,value\nlara,loan_sales_revenue,2025-02,-5\n",
        1,
        "2:4",
        "out of range",
    );
    // A target of 10^-320 would make any actual's achievement infinite.
    let tiny = format!("login,kpi,period,value\nlara,loan_sales_revenue,2025-02,0.{}1\n", "0".repeat(320));
    assert_rejected(&b, "boss", "targets", tiny.as_bytes(), 1, "2:4", "is at least 0.000001 in size");
    // Random binary junk: refused, nothing written.
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let before = b.dump();
    let file = b.file("junk.csv", &junk);
    let run = b.run_as("boss", &["import", "actuals", file.to_str().unwrap()]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains(&format!("{}:1:", file.display())), "{}", run.stderr);
    assert_eq!(b.dump(), before);
}

#[test]
fn many_problems_are_all_listed() {
    let b = branch();
    let mut rows = String::from(HEADER);
    for i in 0..30 {
        rows.push_str(&format!("lara,loan_sales_revenue,2025-{:02},oops\n", 1 + i % 12));
    }
    let file = b.file("many.csv", rows);
    let run = b.run_as("boss", &["import", "actuals", file.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let listed = run.stderr.lines().filter(|l| l.contains(":4: ")).count();
    assert_eq!(listed, 30, "{}", run.stderr);
}

#[test]
fn staff_import_validation() {
    let b = branch();
    let header = "login,name,role,manager_login,focus,segments,os_user\n";
    let case = |row: &str| format!("{header}{row}").into_bytes();
    assert_rejected(&b, "boss", "staff", &case("Bad Login,X,loan_officer,boss,,,\n"), 1, "2:1", "not a valid login");
    assert_rejected(&b, "boss", "staff", &case("amy,,loan_officer,boss,,,\n"), 1, "2:2", "empty name");
    assert_rejected(&b, "boss", "staff", &case("amy,Amy,teller,boss,,,\n"), 1, "2:3", "unknown role");
    assert_rejected(&b, "boss", "staff", &case("amy,Amy,relationship_manager,boss,,,\n"), 1, "2:5", "needs a focus");
    assert_rejected(
        &b,
        "boss",
        "staff",
        &case("amy,Amy,relationship_manager,boss,sideways,,\n"),
        1,
        "2:5",
        "unknown focus",
    );
    assert_rejected(
        &b,
        "boss",
        "staff",
        &case("amy,Amy,loan_officer,boss,product,,\n"),
        1,
        "2:5",
        "only relationship managers",
    );
    assert_rejected(
        &b,
        "boss",
        "staff",
        &case("amy,Amy,relationship_manager,boss,product,retail,\n"),
        1,
        "2:6",
        "unknown segment",
    );
    assert_rejected(&b, "boss", "staff", &case("amy,Amy,loan_officer,ghost,,,\n"), 1, "2:4", "neither in this file");
    assert_rejected(&b, "boss", "staff", &case("amy,Amy,loan_officer,amy,,,\n"), 1, "2:4", "own manager");
    assert_rejected(
        &b,
        "boss",
        "staff",
        &case("amy,Amy,loan_officer,ben,,,\nben,Ben,loan_officer,amy,,,\n"),
        1,
        "2:4",
        "loop",
    );
    assert_rejected(&b, "boss", "staff", &case("boss,Bina,loan_officer,,,,\n"), 1, "2:3", "without a branch manager");
    assert_rejected(
        &b,
        "boss",
        "staff",
        &case("amy,Amy,loan_officer,boss,,,x\nben,Ben,loan_officer,boss,,,x\n"),
        1,
        "3:7",
        "already appears",
    );
}

#[test]
fn customer_import_validation() {
    let b = branch();
    let header = "id,name,segment,rm_login,products,balance,last_contact,status\n";
    let case = |row: &str| format!("{header}{row}").into_bytes();
    assert_rejected(
        &b,
        "boss",
        "customers",
        &case("C1,A,wealthy,ravi,savings,1,,active\n"),
        1,
        "2:3",
        "unknown segment",
    );
    assert_rejected(
        &b,
        "boss",
        "customers",
        &case("C1,A,affluent,lara,savings,1,,active\n"),
        1,
        "2:4",
        "not a relationship manager",
    );
    assert_rejected(&b, "boss", "customers", &case("C1,A,affluent,ravi,savings,NaN,,active\n"), 1, "2:6", "balance");
    assert_rejected(
        &b,
        "boss",
        "customers",
        &case("C1,A,affluent,ravi,savings,1,2025-02-30,active\n"),
        1,
        "2:7",
        "not a date",
    );
    assert_rejected(&b, "boss", "customers", &case("C1,A,affluent,ravi,savings,1,,gone\n"), 1, "2:8", "unknown status");
    assert_rejected(
        &b,
        "boss",
        "customers",
        &case("C1,A,affluent,ravi,savings,1,,active\nC1,B,affluent,ravi,,2,,active\n"),
        1,
        "3:1",
        "already appears",
    );
}

#[test]
fn permission_and_closed_period_refusals() {
    let b = branch();
    // Staff may import only their own actuals: exit 3, whole file refused.
    assert_rejected(
        &b,
        "lara",
        "actuals",
        &values("boss,branch_sales_revenue,2025-02,1\n"),
        3,
        "3:1",
        "only their own",
    );
    let others = b"login,kpi,period,value\nlara,loan_sales_revenue,2025-02,1\nboss,branch_sales_revenue,2025-02,1\n";
    let before = b.dump();
    let file = b.file("others.csv", others);
    let run = b.run_as("lara", &["import", "actuals", file.to_str().unwrap()]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(b.dump(), before);
    // Staff may not import targets, staff or customers at all.
    for what in ["targets", "staff", "customers"] {
        let run = b.run_as("lara", &["import", what, file.to_str().unwrap()]);
        assert_eq!(run.code, 3, "{what}: {}", run.stderr);
    }
    // A closed month refuses every edit, the manager's too: exit 4.
    b.ok_as("boss", &["period", "close", "2025-02"]);
    let before = b.dump();
    assert_rejected(&b, "boss", "actuals", &values(""), 4, "2:3", "closed");
    assert_eq!(b.dump(), before);
}

#[test]
fn unknown_identity_is_refused() {
    let b = branch();
    let run = b.run(&["export", "staff"]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("nobody-here"), "{}", run.stderr);
    let run = b.run_as("ghost", &["export", "staff"]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("ghost"), "{}", run.stderr);
}
