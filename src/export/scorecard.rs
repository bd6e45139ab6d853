//! The scorecard export (SPEC §6): every employee's overall, band, rank, completeness and change,
//! with KRA/KPI detail and how many of each KPI's months are reported, missing or pending.

use super::{round_money, two_decimals};
use crate::domain::number::unit_name;
use crate::domain::scoring::KpiScore;
use crate::domain::team::{Details, TeamPeriod};
use crate::domain::template::{Direction, Unit};
use crate::store::format_value;
use serde::Serialize;

#[derive(Serialize)]
pub struct ScorecardExport {
    pub period: String,
    /// Every month of the period is closed (SPEC §3 rule 8).
    #[serde(rename = "final")]
    pub is_final: bool,
    pub employees: Vec<EmployeeExport>,
}

#[derive(Serialize)]
pub struct EmployeeExport {
    pub login: String,
    pub name: String,
    pub role: String,
    pub overall: Option<f64>,
    pub band: Option<String>,
    pub rank: Option<u32>,
    pub completeness: Option<f64>,
    pub change: Option<f64>,
    pub kras: Vec<KraExport>,
}

#[derive(Serialize)]
pub struct KraExport {
    pub code: String,
    pub name: String,
    pub weight: f64,
    pub score: Option<f64>,
    pub kpis: Vec<KpiExport>,
}

#[derive(Serialize)]
pub struct KpiExport {
    pub code: String,
    pub name: String,
    pub unit: &'static str,
    pub direction: &'static str,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub achievement: Option<f64>,
    pub score: Option<f64>,
    pub status: &'static str,
    pub reported_months: usize,
    pub missing_months: usize,
    pub pending_months: usize,
}

pub fn direction_code(direction: Direction) -> &'static str {
    match direction {
        Direction::Higher => "higher",
        Direction::Lower => "lower",
    }
}

impl KpiExport {
    fn of(k: &KpiScore) -> KpiExport {
        // Money aggregates are rounded to cents in every export; other figures keep full precision.
        let money = |v: Option<f64>| if k.kpi.unit == Unit::Currency { v.map(round_money) } else { v };
        KpiExport {
            code: k.kpi.code.clone(),
            name: k.kpi.name.clone(),
            unit: unit_name(k.kpi.unit),
            direction: direction_code(k.kpi.direction),
            target: money(k.target),
            actual: money(k.actual),
            achievement: k.achievement,
            score: k.score,
            status: k.status.code(),
            reported_months: k.months.reported,
            missing_months: k.months.missing,
            pending_months: k.months.pending,
        }
    }
}

/// Builds the export from a team whose visibility is already applied
/// (`Actor::hide_details_of_others`): a member marked `Details::Hidden` gets only the
/// leaderboard line (name, role, overall, band, rank).
pub fn scorecard_export(team: &TeamPeriod) -> ScorecardExport {
    let employees = team
        .members
        .iter()
        .map(|s| {
            let detail = s.details == Details::Shown;
            let kras = s
                .card
                .kras
                .iter()
                .map(|kra| KraExport {
                    code: kra.code.clone(),
                    name: kra.name.clone(),
                    weight: kra.weight,
                    score: kra.score,
                    kpis: kra.kpis.iter().map(KpiExport::of).collect(),
                })
                .collect();
            EmployeeExport {
                login: s.member.login.clone(),
                name: s.member.name.clone(),
                role: s.member.role.code().to_string(),
                overall: s.card.overall,
                band: s.band.map(|b| b.label().to_string()),
                rank: s.rank,
                completeness: if detail { s.card.completeness() } else { None },
                change: if detail { s.change } else { None },
                kras: if detail { kras } else { Vec::new() },
            }
        })
        .collect();
    ScorecardExport { period: team.period.to_string(), is_final: team.finality.is_final(), employees }
}

pub const SCORECARD_CSV_HEADER: [&str; 26] = [
    "period",
    "final",
    "login",
    "name",
    "role",
    "overall",
    "band",
    "rank",
    "completeness",
    "change",
    "kra",
    "kra_name",
    "kra_weight",
    "kra_score",
    "kpi",
    "kpi_name",
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

/// One CSV row per KPI, with the employee's columns repeated; an employee whose detail the
/// reader may not see gets one row without KRA/KPI columns. Every computed figure is rounded
/// to 2 decimals.
pub fn scorecard_csv_rows(export: &ScorecardExport) -> Vec<Vec<String>> {
    let num = |v: Option<f64>| v.map(two_decimals).unwrap_or_default();
    let mut rows = Vec::new();
    for e in &export.employees {
        let head = vec![
            export.period.clone(),
            export.is_final.to_string(),
            e.login.clone(),
            e.name.clone(),
            e.role.clone(),
            num(e.overall),
            e.band.clone().unwrap_or_default(),
            e.rank.map(|r| r.to_string()).unwrap_or_default(),
            num(e.completeness),
            num(e.change),
        ];
        if e.kras.is_empty() {
            let mut row = head.clone();
            row.resize(SCORECARD_CSV_HEADER.len(), String::new());
            rows.push(row);
        }
        for kra in &e.kras {
            for k in &kra.kpis {
                let mut row = head.clone();
                row.extend([
                    kra.code.clone(),
                    kra.name.clone(),
                    format_value(kra.weight),
                    num(kra.score),
                    k.code.clone(),
                    k.name.clone(),
                    k.unit.to_string(),
                    k.direction.to_string(),
                    num(k.target),
                    num(k.actual),
                    num(k.achievement),
                    num(k.score),
                    k.status.to_string(),
                    k.reported_months.to_string(),
                    k.missing_months.to_string(),
                    k.pending_months.to_string(),
                ]);
                rows.push(row);
            }
        }
    }
    rows
}
