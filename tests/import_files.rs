//! Imports through the real binary as people's files really are: spreadsheet formula guards,
//! Excel's line endings and empty columns, hostile text, future dates, role changes that would
//! strand data, files far too big, and files with many problems of every kind at once.

mod common;

use common::{Branch, Run};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const STAFF: &str = "\
login,name,role,manager_login,focus,segments,os_user
lara,Lara Dsouza,loan_officer,boss,,,
omar,Omar Khan,loan_officer,boss,,,
ravi,Ravi Kumar,relationship_manager,boss,segment,mass_retail,
";

const CUSTOMERS: &str = "id,name,segment,rm_login,products,balance,last_contact,status\n";

/// A branch with two loan officers and an RM, a target for Lara and January closed.
fn branch() -> Branch {
    let branch = Branch::new();
    import_ok(&branch, "boss", "staff", STAFF);
    import_ok(&branch, "boss", "targets", "login,kpi,period,value\nlara,loan_sales_revenue,2025-01,100\n");
    branch.ok_as("boss", &["--today", "2025-03-15", "period", "close", "2025-01", "--allow-missing"]);
    branch
}

fn import(branch: &Branch, login: &str, what: &str, contents: impl AsRef<[u8]>) -> Run {
    let file = branch.file(&format!("{what}.csv"), contents);
    branch.run_as(login, &["--today", "2025-03-15", "import", what, file.to_str().unwrap()])
}

#[track_caller]
fn import_ok(branch: &Branch, login: &str, what: &str, contents: impl AsRef<[u8]>) -> String {
    let run = import(branch, login, what, contents);
    assert_eq!(run.code, 0, "import {what} failed:\n{}", run.stderr);
    run.stderr
}

/// The `LINE:COLUMN: reason` parts of a refused import's messages, in the order printed.
fn located(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter_map(|l| l.split_once(".csv:").map(|(_, rest)| rest.to_string()))
        .filter(|rest| rest.split(':').next().is_some_and(|n| n.parse::<u64>().is_ok()))
        .collect()
}

#[track_caller]
fn assert_refused(branch: &Branch, run: &Run, code: i32, location: &str, reason: &str, before: &str) {
    assert_eq!(run.code, code, "{}", run.stderr);
    let found = located(run);
    assert!(
        found.iter().any(|l| l.starts_with(&format!("{location}: ")) && l.contains(reason)),
        "no {location}: …{reason}… in:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was imported"), "{}", run.stderr);
    assert_eq!(branch.dump(), before, "a refused import changed the file");
}

#[test]
fn the_formula_guard_of_exports_is_removed_once_on_import() {
    let b = branch();
    let rows = format!(
        "{CUSTOMERS}C1,'=HYPERLINK(\"http://x\"),affluent,ravi,'@savings,1,,active\n\
         C2,'t Hooft,affluent,ravi,savings,2,,active\n\
         C3,'-Minus,sme,ravi,'+loan;cards,3,,dormant\n\
         C4,''=Twice,sme,ravi,,4,,active\n"
    );
    import_ok(&b, "boss", "customers", rows);
    let json = b.json("boss", &["export", "customers", "--format", "json"]);
    let names: Vec<&str> = json["customers"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["=HYPERLINK(\"http://x\")", "'t Hooft", "-Minus", "''=Twice"]);
    assert_eq!(json["customers"][0]["products"][0], "@savings");
    // Numbers too: a guarded value is the number.
    import_ok(&b, "boss", "actuals", "login,kpi,period,value\nlara,loan_sales_revenue,2025-02,'-5000\n");
    let actuals = b.ok_as("boss", &["export", "actuals"]);
    assert!(actuals.contains("lara,loan_sales_revenue,2025-02,-5000"), "{actuals}");
    // The branch's own export comes back exactly: nothing new, nothing changed.
    let exported = b.ok_as("boss", &["export", "customers"]);
    let again = import_ok(&b, "boss", "customers", exported);
    assert!(again.contains("0 new, 0 changed, 4 unchanged"), "{again}");
}

#[test]
fn text_cells_follow_the_text_policy_and_messages_stay_short() {
    let b = branch();
    let before = b.dump();
    let run = import(&b, "boss", "customers", format!("{CUSTOMERS}C1,Asha\x1b[31m,affluent,ravi,,1,,active\n"));
    assert_refused(&b, &run, 1, "2:2", "name contains a control character (U+001B) at character 5", &before);
    let run = import(
        &b,
        "boss",
        "staff",
        "login,name,role,manager_login,focus,segments,os_user\namy,Amy\tX,loan_officer,boss,,,\n",
    );
    assert_refused(&b, &run, 1, "2:2", "name contains a control character (U+0009)", &before);

    // A huge cell is quoted, not echoed.
    let huge = "w".repeat(900_000);
    let run = import(&b, "boss", "customers", format!("{CUSTOMERS}C1,Asha,{huge},ravi,,1,,active\n"));
    assert_refused(&b, &run, 1, "2:3", "unknown segment", &before);
    assert!(run.stderr.len() < 2_000, "{} bytes of messages", run.stderr.len());
    assert!(run.stderr.contains("(and 899900 more characters)"), "{}", run.stderr);
    let run =
        import(&b, "boss", "actuals", format!("login,kpi,period,value\nlara,loan_sales_revenue,2025-02,{huge}\n"));
    assert_refused(&b, &run, 1, "2:4", "is not a number", &before);
    assert!(run.stderr.len() < 1_000, "{} bytes of messages", run.stderr.len());
}

#[test]
fn excel_line_endings_count_lines_alike() {
    let b = branch();
    let before = b.dump();
    // Old Mac and some Excel exports end lines with CR alone: the problem is on line 4, not 1.
    let cr_only = "login,kpi,period,value\rlara,loan_sales_revenue,2025-02,1\r\rlara,loan_sales_revenue,2025-03,x\r";
    let run = import(&b, "boss", "actuals", cr_only);
    assert_refused(&b, &run, 1, "4:4", "not a number", &before);
    let crlf = cr_only.replace('\r', "\r\n");
    assert_refused(&b, &import(&b, "boss", "actuals", crlf), 1, "4:4", "not a number", &before);
}

#[test]
fn excel_rows_and_columns_of_nothing_are_skipped() {
    let b = branch();

    // Rows of only commas (with spaces or empty quotes) are skipped, not six problems each.
    let rows = format!(
        "{CUSTOMERS}C1,Asha,affluent,ravi,savings,1,,active\n,,,,,,,\n , ,\"\",, ,,,\n,,,,,,,,,,\nC2,Ben,sme,ravi,,2,,active\n"
    );
    let done = import_ok(&b, "boss", "customers", rows);
    assert!(done.contains("2 new"), "{done}");

    // Trailing empty header columns, and the empty cells under them, are Excel's.
    let wide =
        "login,kpi,period,value,,,\r\nlara,loan_sales_revenue,2025-02,7,,,\r\nomar,loan_sales_revenue,2025-02,8,,,\r\n";
    let done = import_ok(&b, "boss", "actuals", wide);
    assert!(done.contains("2 new"), "{done}");
}

#[test]
fn a_line_break_inside_a_quoted_cell_is_named_as_such() {
    let b = branch();
    // Later lines keep their numbers.
    let before = b.dump();
    let broken = "login,name,role,manager_login,focus,segments,os_user\r\n\
                  amy,\"Amy\r\nRao\",loan_officer,boss,,,\r\nben,Ben,teller,boss,,,\r\n";
    let run = import(&b, "boss", "staff", broken);
    assert_refused(&b, &run, 1, "2:2", "a line break inside a quoted cell (it goes on to line 3)", &before);
    assert_refused(&b, &run, 1, "4:3", "unknown role", &before);
    assert!(!run.stderr.contains("binary"), "{}", run.stderr);
}

#[test]
fn a_last_contact_in_the_future_is_refused() {
    let b = branch();
    let before = b.dump();
    let run = import(&b, "boss", "customers", format!("{CUSTOMERS}C1,Asha,affluent,ravi,,1,2025-03-16,active\n"));
    assert_refused(&b, &run, 1, "2:7", "last contact 2025-03-16 is in the future (today is 2025-03-15)", &before);
    import_ok(&b, "boss", "customers", format!("{CUSTOMERS}C1,Asha,affluent,ravi,,1,2025-03-15,active\n"));
}

#[test]
fn one_pass_lists_problems_of_every_kind_with_the_most_serious_exit_code() {
    let b = branch();
    let before = b.dump();
    // As Lara, on 2025-03-15, with January closed: 14 problems on 13 lines, all listed.
    let rows = "login,kpi,period,value\n\
        lara,loan_sales_revenue,2025-02,10\n\
        lara,loan_sales_revenue,2025-02\n\
        omar,loan_sales_revenue,2025-02,1\n\
        lara,loan_sales_revenue,2025-01,5\n\
        lara,loan_sales_revenue,2025-05,5\n\
        lara,no_such_kpi,2025-02,1\n\
        lara,loan_sales_revenue,2025-13,1\n\
        nobody,loan_sales_revenue,2025-02,1\n\
        ,,,\n\
        lara,loan_sales_revenue,2025-03,abc\n\
        lara,loan\x1bx,2025-02,1\n\
        lara,loan_sales_revenue,2025-02,12\n\
        lara,client_satisfaction_rating,2025-02,4\n\
        omar,loan_sales_revenue,2025-04,-1,\n\
        \"lara\n\",loan_sales_revenue,2025-02,1\n";
    let run = import(&b, "lara", "actuals", rows);
    assert_eq!(run.code, 3, "a permission problem is the most serious:\n{}", run.stderr);
    let expected = [
        ("3:4", "expected 4 columns"),
        ("4:1", "only their own actuals"),
        ("5:3", "2025-01 is closed"),
        ("6:3", "2025-05"),
        ("7:2", "not a KPI of lara"),
        ("8:3", "not a month"),
        ("9:1", "unknown login"),
        ("11:4", "not a number"),
        ("12:2", "control character"),
        ("13:1", "already appear on line 2"),
        ("14:1", "entered by the branch manager only"),
        ("15:1", "only their own actuals"),
        ("15:3", "2025-04"),
        ("16:1", "a line break inside a quoted cell"),
    ];
    let found = located(&run);
    assert_eq!(found.len(), expected.len(), "{}", run.stderr);
    for ((location, reason), line) in expected.iter().zip(&found) {
        assert!(
            line.starts_with(&format!("{location}: ")) && line.contains(reason),
            "{line:?} is not {location} {reason}"
        );
    }
    assert!(run.stderr.contains("nothing was imported (14 problems)"), "{}", run.stderr);
    assert_eq!(b.dump(), before);

    // Without the permission problems, a closed or future month decides: exit 4.
    let run =
        import(&b, "boss", "actuals", "login,kpi,period,value\nlara,loan_sales_revenue,2025-01,5\nlara,x,2025-02,1\n");
    assert_refused(&b, &run, 4, "2:3", "closed", &before);
    assert_refused(&b, &run, 4, "3:2", "not a KPI", &before);
}

#[test]
fn a_file_full_of_problems_is_counted_and_its_worst_kind_still_decides() {
    let b = branch();
    let mut rows = String::from("login,kpi,period,value\n");
    for i in 0..3000 {
        rows.push_str(&format!("lara,loan_sales_revenue,2025-02,x{i}\n"));
    }
    rows.push_str("omar,loan_sales_revenue,2025-03,1\n");
    let run = import(&b, "lara", "actuals", rows);
    assert_eq!(run.code, 3, "the last row is someone else's:\n{}", run.stderr);
    // The first 50 by position, then the one that decides the exit code, wherever it is.
    assert_eq!(located(&run).len(), 51, "{}", run.stderr);
    assert!(
        run.stderr.contains(":3002:1: not allowed: lara may change only their own actuals, not those of omar"),
        "{}",
        run.stderr
    );
    let total = 3000 + 2999 + 1; // bad values, repeats of line 2, and Omar's row
    assert!(run.stderr.contains(&format!("… and {} more problems", total - 51)), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("nothing was imported ({total} problems)")), "{}", run.stderr);
}

#[test]
fn a_role_change_that_would_strand_figures_is_refused() {
    let b = branch();
    let before = b.dump();
    let staff =
        "login,name,role,manager_login,focus,segments,os_user\nlara,Lara Dsouza,banking_sales_executive,boss,,,\n";
    let run = import(&b, "boss", "staff", staff);
    assert_refused(&b, &run, 1, "2:3", "lara has 1 target and 0 actuals for KPIs a banking_sales_executive", &before);
    assert!(run.stderr.contains("loan_sales_revenue"), "{}", run.stderr);
    // Omar has no figures: his role may change. Ravi holds no customers yet: so may his.
    let staff = "login,name,role,manager_login,focus,segments,os_user\n\
                 omar,Omar Khan,banking_sales_executive,boss,,,\nravi,Ravi Kumar,loan_officer,boss,,,\n";
    import_ok(&b, "boss", "staff", staff);
}

#[test]
fn manager_links_may_not_loop_through_the_staff_already_there() {
    let b = branch();
    let before = b.dump();
    let staff = "login,name,role,manager_login,focus,segments,os_user\nboss,Bina Shah,branch_manager,lara,,,\n";
    let run = import(&b, "boss", "staff", staff);
    assert_refused(&b, &run, 1, "2:4", "manager links from boss form a loop", &before);
    // Staff exports import back as they are.
    let exported = b.ok_as("boss", &["export", "staff"]);
    let again = import_ok(&b, "boss", "staff", exported);
    assert!(again.contains("0 new, 0 changed, 4 unchanged"), "{again}");
}

/// A demo branch (small, as of 2026-11-15) in `branch`'s file.
fn demo(branch: &Branch) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    let params = branchboard::demo::DemoParams { staff: 8, customers: 600, months: 6, seed: 7, today };
    branchboard::cli::setup::build_demo(&branch.db, &params, false, false, &[]).expect("demo branch");
}

fn demo_run(branch: &Branch, args: &[&str]) -> Run {
    let mut full = vec!["--as", "manager", "--today", "2026-11-15"];
    full.extend_from_slice(args);
    branch.run(&full)
}

/// A staff CSV row from an `export staff --format json` entry, with `role` in place of theirs.
fn staff_row(member: &serde_json::Value, role: &str) -> String {
    let text = |key: &str| member[key].as_str().unwrap_or("").to_string();
    let segments: Vec<&str> = member["segments"].as_array().unwrap().iter().filter_map(|s| s.as_str()).collect();
    let rm = role == "relationship_manager";
    let (focus, segments) = if rm { (text("focus"), segments.join(";")) } else { (String::new(), String::new()) };
    let name = text("name").replace('"', "\"\"");
    format!("{},\"{name}\",{role},{},{focus},{segments},{}\n", text("login"), text("manager_login"), text("os_user"))
}

#[test]
fn an_rm_holding_customers_keeps_the_role_and_exports_still_import() {
    let b = Branch::empty();
    demo(&b);
    let json = |what: &str| -> serde_json::Value {
        serde_json::from_str(&demo_run(&b, &["export", what, "--format", "json"]).stdout).unwrap()
    };
    let customers = json("customers");
    let customers = customers["customers"].as_array().unwrap();
    let rm = customers[0]["rm_login"].as_str().unwrap().to_string();
    let held = customers.iter().filter(|c| c["rm_login"] == rm.as_str()).count();
    let staff = json("staff");
    let mut changed = String::from("login,name,role,manager_login,focus,segments,os_user\n");
    for member in staff["staff"].as_array().unwrap() {
        let role = if member["login"] == rm.as_str() { "loan_officer" } else { member["role"].as_str().unwrap() };
        changed.push_str(&staff_row(member, role));
    }
    let before = b.dump();
    let file = b.file("staff.csv", changed);
    let run = demo_run(&b, &["import", "staff", file.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let reason = format!(
        "{rm} holds {held} customers; assign them to another RM (import customers with a new rm_login) before changing the role"
    );
    assert!(run.stderr.contains(&reason), "no {reason:?} in:\n{}", run.stderr);
    assert!(run.stderr.contains("targets and"), "the RM's figures are named too:\n{}", run.stderr);
    assert_eq!(b.dump(), before);
    // The branch's own exports import back cleanly.
    for what in ["staff", "customers", "targets", "actuals"] {
        let exported = demo_run(&b, &["export", what]).stdout;
        let file = b.file(&format!("{what}.csv"), exported);
        let run = demo_run(&b, &["import", what, file.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{what}:\n{}", run.stderr);
        assert!(run.stderr.contains(" 0 new, 0 changed"), "{what}: {}", run.stderr);
    }
}

/// Runs an import that must finish within `limit`; a reader that never stops is killed.
fn import_within(branch: &Branch, file: &Path, limit: Duration) -> Run {
    let mut child = branch
        .command()
        .args(["--as", "boss", "import", "actuals", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run branchboard");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the import of {} was still reading after {limit:?}", file.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn endless_huge_and_binary_inputs_are_refused_quickly() {
    let b = branch();
    let before = b.dump();
    let limit = Duration::from_secs(30);
    let zero = import_within(&b, Path::new("/dev/zero"), limit);
    assert_eq!(zero.code, 1, "{}", zero.stderr);
    assert!(zero.stderr.contains("/dev/zero:1:1: this row is longer than 1 MiB"), "{}", zero.stderr);

    // A sparse file: 3 GiB on paper, refused before a byte is read.
    let big = b.dir.path().join("big.csv");
    std::fs::File::create(&big).unwrap().set_len(3 << 30).unwrap();
    let run = import_within(&b, &big, limit);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("big.csv:1:1: the file is 3 GiB; an import reads at most 2 GiB"), "{}", run.stderr);

    // A program is not a CSV file.
    let binary = Path::new(env!("CARGO_BIN_EXE_branchboard"));
    let run = import_within(&b, binary, limit);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{}:1:1: ", binary.display())), "{}", run.stderr);
    assert_eq!(b.dump(), before);
}

/// A problem that ends the reading (here an unclosed quote) is reported alone: checks between
/// rows (a manager defined further down) would only invent problems about the unread rest.
#[test]
fn a_file_cut_short_by_a_problem_reports_only_what_was_read() {
    let b = branch();
    let before = b.dump();
    let staff = "login,name,role,manager_login,focus,segments,os_user\n\
                 nia,Nia Rao,loan_officer,zed,,,\n\
                 kai,\"Kai Lim,loan_officer,boss,,,\n\
                 zed,Zed Oak,loan_officer,boss,,,\n";
    let run = import(&b, "boss", "staff", staff);
    assert_eq!(located(&run).len(), 1, "{}", run.stderr);
    assert!(run.stderr.contains(":3:"), "{}", run.stderr);
    assert!(!run.stderr.contains("zed"), "{}", run.stderr);
    assert_eq!(b.dump(), before);
}
