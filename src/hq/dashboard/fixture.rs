//! A hand-built head office for tests: three branches scored November 2026 (one with nobody
//! ranked and a name full of terminal tricks), a fourth that has not scored it, eight people
//! and three RMs. The league's figures agree with the people and RMs listed.

use super::data::HqData;
use super::state::{Answer, HqApp, Loaded};
use crate::domain::period::Month;
use crate::domain::scoring::Band;
use crate::hq::store::{BranchRow, CoverageRow, HqPeriods, LeagueRow, PersonRow, Snapshot};
use crate::ui::clock::Clock;
use chrono::NaiveDate;
use serde_json::json;

pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub fn today() -> NaiveDate {
    date("2026-11-15")
}

pub fn clock() -> Clock {
    Clock::Fixed(today().and_hms_opt(9, 30, 0).unwrap())
}

/// A branch name with an escape sequence and a right-to-left override in it.
pub const TRICKY_NAME: &str = "Evil\u{1b}[31m Branch\u{202e}";

pub fn periods() -> HqPeriods {
    HqPeriods {
        all: vec!["2026".into(), "2026-10".into(), "2026-11".into(), "2026-Q4".into()],
        latest_month: Some(Month::new(2026, 11).unwrap()),
        regions: vec!["East".into(), "North".into(), "South".into()],
        fiscal_start: 1,
    }
}

fn bands(counts: [i64; 5]) -> Vec<(Band, i64)> {
    Band::ALL.iter().copied().zip(counts).collect()
}

fn league() -> Vec<LeagueRow> {
    vec![
        LeagueRow {
            branch_code: "B002".into(),
            region: "North".into(),
            name: "Koramangala".into(),
            // (112.3 + 104.6 + 95.1 + 93.0) / 4
            average_overall: Some(101.25),
            ranked: 4,
            bands: bands([1, 1, 2, 0, 0]),
            completeness: Some(0.92),
            is_final: false,

            coverage: [0, 0, 1],
            as_of: date("2026-11-14"),
        },
        LeagueRow {
            branch_code: "B001".into(),
            region: "South".into(),
            name: "Demo Branch, MG Road".into(),
            // (104.6 + 96.7 + 79.9 + 73.1) / 4
            average_overall: Some(88.575),
            ranked: 4,
            bands: bands([0, 1, 1, 1, 1]),
            completeness: Some(401.0 / 539.0),
            is_final: false,
            coverage: [1, 1, 0],
            as_of: date("2026-11-15"),
        },
        LeagueRow {
            branch_code: "B003".into(),
            region: "East".into(),
            name: TRICKY_NAME.into(),
            average_overall: None,
            ranked: 0,
            bands: bands([0; 5]),
            completeness: None,
            is_final: false,
            coverage: [0, 0, 0],
            as_of: date("2026-11-10"),
        },
    ]
}

fn kra(name: &str, weight: f64, score: f64) -> serde_json::Value {
    json!({ "code": name.to_lowercase().replace(' ', "_"), "name": name, "weight": weight, "score": score, "kpis": [] })
}

#[allow(clippy::too_many_arguments)]
fn person(
    branch: &str,
    login: &str,
    name: &str,
    role: &str,
    overall: f64,
    band: &str,
    rank: u32,
    branch_rank: u32,
    kras: Vec<serde_json::Value>,
) -> PersonRow {
    let region = if branch == "B001" { "South" } else { "North" };
    PersonRow {
        branch_code: branch.into(),
        region: region.into(),
        login: login.into(),
        name: name.into(),
        role: role.into(),
        overall,
        band: Some(band.into()),
        rank,
        card: json!({
            "login": login, "name": name, "role": role, "overall": overall, "band": band,
            "rank": branch_rank, "completeness": 0.8, "change": 2.5, "kras": kras,
        }),
    }
}

fn people() -> Vec<PersonRow> {
    let rm = "relationship_manager";
    vec![
        person(
            "B002",
            "asha.k",
            "Asha Kulkarni",
            rm,
            112.3,
            "Outstanding",
            1,
            1,
            // 0.30 × 118 + 0.25 × 112.5 + 0.25 × 108 + 0.20 × 108.875 = 112.3
            vec![
                kra("Customer acquisition", 30.0, 118.0),
                kra("Portfolio growth", 25.0, 112.5),
                kra("Customer engagement", 25.0, 108.0),
                kra("Compliance", 20.0, 108.875),
            ],
        ),
        person(
            "B001",
            "tanvi.varma",
            "Tanvi Varma",
            "banking_sales_executive",
            104.6,
            "Exceeds",
            2,
            1,
            vec![kra("Sales", 60.0, 110.0), kra("Service", 40.0, 96.5)],
        ),
        person("B002", "ravi.n", "Ravi Nair", "loan_officer", 104.6, "Exceeds", 2, 2, vec![kra("Loans", 100.0, 104.6)]),
        person("B001", "farhan.kapoor", "Farhan Kapoor", rm, 96.7, "Meets", 4, 2, vec![kra("Growth", 100.0, 96.7)]),
        person(
            "B002",
            "meena.das",
            "Meena Das",
            "personal_loan_sales_executive",
            95.1,
            "Meets",
            5,
            3,
            vec![kra("Disbursals", 100.0, 95.1)],
        ),
        person("B002", "chen.wei", "陈伟 Chen Wei", "banking_sales_executive", 93.0, "Meets", 6, 4, vec![]),
        person(
            "B001",
            "deepa.gill",
            "Deepa Gill",
            rm,
            79.9,
            "Needs improvement",
            7,
            3,
            vec![kra("Growth", 100.0, 79.9)],
        ),
        person(
            "B001",
            "sachin.reddy",
            "Sachin Reddy",
            "loan_officer",
            73.1,
            "Unsatisfactory",
            8,
            4,
            vec![kra("Loans", 100.0, 73.1)],
        ),
    ]
}

fn coverage() -> Vec<CoverageRow> {
    vec![
        CoverageRow {
            branch_code: "B001".into(),
            region: "South".into(),
            as_of: date("2026-11-15"),
            card: json!({
                "login": "deepa.gill", "name": "Deepa Gill", "focus": "hybrid",
                "segments": { "sme": { "active": 30, "dormant": 2 } },
                // 30 / 40 and 30 / 150
                "low_load": 0.75, "high_load": 0.2, "status": "under",
                "contact_coverage": 0.55, "product_depth": 1.4, "book": 8450000.0, "dormant": 2,
            }),
        },
        CoverageRow {
            branch_code: "B001".into(),
            region: "South".into(),
            as_of: date("2026-11-15"),
            card: json!({
                "login": "farhan.kapoor", "name": "Farhan Kapoor", "focus": "segment",
                "segments": { "affluent": { "active": 48, "dormant": 3 }, "mass_retail": { "active": 310, "dormant": 12 } },
                // 310 / 300 + 48 / 36 and 310 / 3000 + 48 / 300
                "low_load": 2.3667, "high_load": 0.2633, "status": "within",
                "contact_coverage": 0.82, "product_depth": 2.13, "book": 31234567.0, "dormant": 15,
            }),
        },
        CoverageRow {
            branch_code: "B002".into(),
            region: "North".into(),
            as_of: date("2026-11-14"),
            card: json!({
                "login": "asha.k", "name": "Asha Kulkarni", "focus": "product",
                "segments": { "private": { "active": 130, "dormant": 5 } },
                // 130 / 24 and 130 / 120
                "low_load": 5.4167, "high_load": 1.0833, "status": "over",
                "contact_coverage": 0.91, "product_depth": 3.05, "book": 1234500000.0, "dormant": 5,
            }),
        },
    ]
}

fn branch(code: &str, region: &str, name: &str, as_of: &str) -> BranchRow {
    BranchRow {
        branch_code: code.into(),
        region: region.into(),
        name: name.into(),
        as_of: date(as_of),
        synced_at: format!("{as_of}T18:00:00Z"),
        complete: true,
    }
}

pub fn snapshot() -> Snapshot {
    Snapshot {
        period: "2026-11".into(),
        region: None,
        league: league(),
        people: people(),
        coverage: coverage(),
        branches: vec![
            branch("B001", "South", "Demo Branch, MG Road", "2026-11-15"),
            branch("B002", "North", "Koramangala", "2026-11-14"),
            branch("B003", "East", TRICKY_NAME, "2026-11-10"),
            branch("B004", "South", "Jayanagar", "2026-11-02"),
        ],
        is_final: false,
        other_calendars: Vec::new(),
        syncs: 7,
    }
}

/// The dashboard of a head-office reader once its first read arrived.
pub fn loaded_app() -> HqApp {
    let (mut app, requests) = HqApp::new("hq_reader".into(), clock(), today(), &periods());
    app.apply(answer(requests[0].generation, snapshot()));
    app
}

pub fn answer(generation: u64, snapshot: Snapshot) -> Answer {
    answer_with(generation, snapshot, periods())
}

/// An answer that brings `periods` (another fiscal start, other regions) with the snapshot.
pub fn answer_with(generation: u64, snapshot: Snapshot, periods: HqPeriods) -> Answer {
    Answer::Read { generation, read: Ok(Box::new(Loaded { data: HqData::new(snapshot), periods })) }
}

/// The hand-built head office with nine more people in B002 (thirteen in all): more than the
/// Branches detail shows at 80×24.
pub fn crowded() -> Snapshot {
    let mut crowded = snapshot();
    for i in 5..=13 {
        let mut person = crowded.people[0].clone();
        person.login = format!("staff.{i}");
        person.name = format!("Staff member {i}");
        person.overall = 90.0 - i as f64;
        person.band = Some("Meets".into());
        person.card["rank"] = json!(i);
        crowded.people.push(person);
    }
    crowded
}
