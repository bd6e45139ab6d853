//! `templates list` and `templates show ROLE --format json` through the binary.

mod common;

use common::Branch;

#[test]
fn templates_list_and_show() {
    let b = Branch::empty();
    let list = b.ok(&["templates", "list"]);
    for role in [
        "branch_manager",
        "relationship_manager",
        "banking_sales_executive",
        "personal_loan_sales_executive",
        "loan_officer",
    ] {
        assert!(list.contains(role), "{list}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&b.ok(&["templates", "show", "banking_sales_executive", "--format", "json"])).unwrap();
    assert_eq!(json["role"], "banking_sales_executive");
    let kras = json["kras"].as_array().unwrap();
    let total: f64 = kras.iter().map(|k| k["weight"].as_f64().unwrap()).sum();
    assert_eq!(total, 100.0);
    let kpis: Vec<&serde_json::Value> = kras.iter().flat_map(|k| k["kpis"].as_array().unwrap()).collect();
    let find = |name: &str| kpis.iter().find(|k| k["name"] == name).unwrap_or_else(|| panic!("no KPI {name:?}"));
    assert_eq!(find("Number of Upselling/Cross-selling Opportunities Identified")["direction"], "higher");
    assert_eq!(find("Response Time to Customer Inquiries")["direction"], "lower");
    assert_eq!(find("Number of Compliance Violations")["direction"], "lower");
    assert_eq!(find("Customer Acquisition Cost for Campaigns")["direction"], "lower");
    for kpi in &kpis {
        for field in ["code", "name", "unit", "direction", "aggregation", "weight", "cap"] {
            assert!(!kpi[field].is_null(), "{field} missing in {kpi}");
        }
    }
    let text = b.ok(&["templates", "show", "loan_officer"]);
    assert!(text.contains("Default rate on loans") && text.contains("lower is better"), "{text}");
    // The four book-derived KPIs of an RM say they are computed, not typed; others do not.
    let rm = b.ok(&["templates", "show", "relationship_manager"]);
    for code in ["active_customers_within_norm", "contact_coverage", "product_depth", "multi_product_customers"] {
        let line = rm.lines().find(|l| l.contains(&format!("[{code}]"))).unwrap_or_else(|| panic!("no {code}"));
        assert!(line.ends_with("from the RM's customer book (not typed)"), "{line}");
    }
    assert_eq!(rm.matches("customer book").count(), 4, "{rm}");
    let unknown = b.run(&["templates", "show", "teller"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("unknown role"), "{}", unknown.stderr);
}
