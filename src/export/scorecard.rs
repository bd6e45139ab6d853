//! The scorecard export (SPEC §6): every employee's overall, band, rank and KRA/KPI detail.

use crate::domain::number::unit_name;
use crate::domain::period::Period;
use crate::domain::team::MemberScore;
use crate::domain::template::Direction;
use crate::store::Actor;
use serde::Serialize;

#[derive(Serialize)]
pub struct ScorecardExport {
    pub period: String,
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
}

pub fn direction_code(direction: Direction) -> &'static str {
    match direction {
        Direction::Higher => "higher",
        Direction::Lower => "lower",
    }
}

/// Builds the export. Staff see everyone's leaderboard line but only their own detail
/// (completeness and KRAs); the branch manager sees everything.
pub fn scorecard_export(period: Period, scores: &[MemberScore], actor: &Actor) -> ScorecardExport {
    let employees = scores
        .iter()
        .map(|s| {
            let detail = actor.may_read_details_of(&s.member.login);
            EmployeeExport {
                login: s.member.login.clone(),
                name: s.member.name.clone(),
                role: s.member.role.code().to_string(),
                overall: s.card.overall,
                band: s.band.map(|b| b.label().to_string()),
                rank: s.rank,
                completeness: if detail { s.card.completeness() } else { None },
                kras: if !detail {
                    Vec::new()
                } else {
                    s.card
                        .kras
                        .iter()
                        .map(|kra| KraExport {
                            code: kra.code.clone(),
                            name: kra.name.clone(),
                            weight: kra.weight,
                            score: kra.score,
                            kpis: kra
                                .kpis
                                .iter()
                                .map(|k| KpiExport {
                                    code: k.kpi.code.clone(),
                                    name: k.kpi.name.clone(),
                                    unit: unit_name(k.kpi.unit),
                                    direction: direction_code(k.kpi.direction),
                                    target: k.target,
                                    actual: k.actual,
                                    achievement: k.achievement,
                                    score: k.score,
                                    status: k.status.code(),
                                })
                                .collect(),
                        })
                        .collect()
                },
            }
        })
        .collect();
    ScorecardExport { period: period.to_string(), employees }
}

pub const SCORECARD_CSV_HEADER: [&str; 21] = [
    "period",
    "login",
    "name",
    "role",
    "overall",
    "band",
    "rank",
    "completeness",
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
];

/// One CSV row per KPI, with the employee's columns repeated; an
/// employee whose detail the reader may not see gets one row without KRA/KPI columns.
pub fn scorecard_csv_rows(export: &ScorecardExport) -> Vec<Vec<String>> {
    let num = |v: Option<f64>| v.map(crate::store::format_value).unwrap_or_default();
    let mut rows = Vec::new();
    for e in &export.employees {
        let head = vec![
            export.period.clone(),
            e.login.clone(),
            e.name.clone(),
            e.role.clone(),
            num(e.overall),
            e.band.clone().unwrap_or_default(),
            e.rank.map(|r| r.to_string()).unwrap_or_default(),
            num(e.completeness),
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
                    num(Some(kra.weight)),
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
                ]);
                rows.push(row);
            }
        }
    }
    rows
}
