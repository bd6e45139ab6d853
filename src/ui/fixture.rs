//! A small branch built in memory for the dashboard's headless tests: no file, no worker. Five
//! people (a manager, two RMs, a sales executive, a loan officer), every KPI targeted at 100
//! and reported at a share of it, November 2026 open, October closed; and the messages a tab
//! said, as tests read them.

use crate::domain::actor::Actor;
use crate::domain::capability::builtin_capabilities;
use crate::domain::coverage::{CustomerStatus, Segment, coverage_for_rm};
use crate::domain::customer::Customer;
use crate::domain::period::{Month, Period};
use crate::domain::scoring::KpiMonths;
use crate::domain::settings::Settings;
use crate::domain::staff::StaffMember;
use crate::domain::team::{BranchData, TeamValues};
use crate::domain::template::{Role, builtin_template};
use crate::ui::data::{Book, DashboardData, Portfolio, TREND_PERIODS};
use crate::ui::effect::{Effect, MessageKind};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

pub fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn member(login: &str, name: &str, role: Role) -> StaffMember {
    StaffMember {
        login: login.into(),
        name: name.into(),
        role,
        manager_login: (role != Role::BranchManager).then(|| "manager".into()),
        focus: None,
        segments: vec![],
        os_user: None,
    }
}

/// Who is in the branch, and the share of each target they reach (the manager reports nothing).
pub const PEOPLE: [(&str, &str, Role, f64); 5] = [
    ("manager", "Meera Iyer", Role::BranchManager, 0.0),
    ("asha", "Asha Rao", Role::RelationshipManager, 1.1),
    ("ravi", "Ravi Kumar", Role::RelationshipManager, 0.6),
    ("neha", "Neha Singh", Role::BankingSalesExecutive, 0.95),
    ("vikram", "Vikram Das", Role::LoanOfficer, 0.8),
];

pub fn actor(login: &str) -> Actor {
    let role = PEOPLE.iter().find(|p| p.0 == login).map(|p| p.2).unwrap_or(Role::LoanOfficer);
    Actor { login: login.into(), role }
}

fn customer(id: &str, name: &str, rm: &str, balance: f64, last_contact: Option<&str>) -> Customer {
    Customer {
        id: id.into(),
        name: name.into(),
        segment: Segment::Affluent,
        rm_login: rm.into(),
        products: vec!["casa".into(), "fd".into()],
        balance,
        last_contact: last_contact.map(|d| d.parse().unwrap()),
        status: CustomerStatus::Active,
    }
}

/// The branch scored for `period` as `viewer` sees it; Asha's book read, Ravi's not yet.
pub fn data_for(period: Period, viewer: &Actor) -> DashboardData {
    let staff: Vec<StaffMember> = PEOPLE.iter().map(|(login, name, role, _)| member(login, name, *role)).collect();
    let templates: HashMap<Role, _> =
        PEOPLE.iter().map(|p| p.2).map(|role| (role, builtin_template(role).unwrap())).collect();
    let mut values: TeamValues = HashMap::new();
    for (login, _, role, share) in PEOPLE.iter().filter(|p| p.3 > 0.0) {
        let template = &templates[role];
        let first_kpi = &template.kras[0].kpis[0].code;
        for kpi in template.kras.iter().flat_map(|k| &k.kpis) {
            let months: Vec<Month> = (0..14).map(|i| month("2025-10").plus(i)).collect();
            // November misses the first KPI's actual: screens have a missing value to show.
            let reported = |m: &&Month| **m != month("2026-11") || &kpi.code != first_kpi;
            let figures = KpiMonths {
                targets: months.iter().map(|m| (*m, 100.0)).collect(),
                actuals: months.iter().filter(reported).map(|m| (*m, 100.0 * share)).collect(),
            };
            values.entry(login.to_string()).or_default().insert(kpi.code.clone(), figures);
        }
    }
    let settings = Settings::default();
    let closed: BTreeSet<Month> = (0..13).map(|i| month("2025-10").plus(i)).collect();
    let branch = BranchData { staff: staff.clone(), templates, settings: settings.clone(), values, closed };
    let mut history = branch.score_periods(period, TREND_PERIODS);
    for team in &mut history {
        viewer.hide_details_of_others(team);
    }
    let books = [
        (
            "asha",
            vec![
                customer("C001", "Varun Nair", "asha", 2_500_000.0, Some("2026-11-01")),
                customer("C002", "Priya Menon", "asha", 125_000_000_000.0, None),
                customer("C003", "Kabir Shah", "asha", 40_000.0, Some("2026-05-20")),
            ],
        ),
        ("ravi", vec![customer("C004", "Lata Bose", "ravi", 900_000.0, Some("2026-10-30"))]),
    ];
    let portfolios = books
        .into_iter()
        .filter(|(rm, _)| viewer.may_read_details_of(rm))
        .map(|(rm, customers)| {
            let facts: Vec<_> = customers.iter().map(Customer::facts).collect();
            Portfolio {
                rm: staff.iter().find(|m| m.login == rm).unwrap().clone(),
                coverage: coverage_for_rm(&facts, &settings.norms, today()),
                book: if rm == "asha" { Book::Read(customers) } else { Book::NotRead },
                ratings: HashMap::new(),
            }
        })
        .collect();
    DashboardData {
        branch_name: "Fort branch".into(),
        period,
        history,
        branch,
        portfolios,
        capabilities: builtin_capabilities().unwrap(),
        as_of: today(),
    }
}

pub fn data(viewer: &Actor) -> DashboardData {
    data_for(Period::Month(month("2026-11")), viewer)
}

/// The messages among the effects a tab or dialog returned: their kind and text.
pub fn said(effects: &[Effect]) -> Vec<(MessageKind, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Say(m) => Some((m.kind, m.text.clone())),
            _ => None,
        })
        .collect()
}
