//! Head office's exports (SPEC §8): the league of branches, people across branches and every
//! RM's coverage, as JSON shapes and CSV rows with the same columns.

use super::store::{CoverageRow, LeagueRow, PersonRow};
use crate::domain::scoring::Band;
use crate::export::{COVERAGE_CSV_HEADER, CoverageExport, RmCoverage, two_decimals};
use serde_json::{Map, Value, json};

pub fn league_json(period: &str, is_final: bool, rows: &[LeagueRow]) -> Value {
    let branches: Vec<Value> = rows
        .iter()
        .map(|r| {
            let bands: Map<String, Value> =
                r.bands.iter().map(|(band, n)| (band.label().to_string(), json!(n))).collect();
            json!({
                "branch_code": r.branch_code,
                "region": r.region,
                "average_overall": r.average_overall,
                "ranked": r.ranked,
                "bands": bands,
                "completeness": r.completeness,
                "coverage": { "under": r.coverage[0], "within": r.coverage[1], "over": r.coverage[2] },
            })
        })
        .collect();
    json!({ "period": period, "final": is_final, "branches": branches })
}

/// The league's CSV columns: one per band, coverage as three.
pub fn league_csv_header() -> Vec<&'static str> {
    let mut header = vec!["period", "final", "branch_code", "region", "average_overall", "ranked"];
    header.extend(Band::ALL.iter().map(|b| b.label()));
    header.extend(["completeness", "coverage_under", "coverage_within", "coverage_over"]);
    header
}

pub fn league_csv_rows(period: &str, is_final: bool, rows: &[LeagueRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            let mut row = vec![
                period.to_string(),
                is_final.to_string(),
                r.branch_code.clone(),
                r.region.clone(),
                r.average_overall.map(two_decimals).unwrap_or_default(),
                r.ranked.to_string(),
            ];
            row.extend(r.bands.iter().map(|(_, n)| n.to_string()));
            row.push(r.completeness.map(two_decimals).unwrap_or_default());
            row.extend(r.coverage.iter().map(|n| n.to_string()));
            row
        })
        .collect()
}

pub fn people_json(period: &str, is_final: bool, rows: &[PersonRow]) -> Value {
    let people: Vec<Value> = rows
        .iter()
        .map(|p| {
            json!({
                "branch_code": p.branch_code, "region": p.region, "login": p.login, "name": p.name,
                "role": p.role, "overall": p.overall, "band": p.band, "rank": p.rank,
            })
        })
        .collect();
    json!({ "period": period, "final": is_final, "people": people })
}

pub const PEOPLE_CSV_HEADER: [&str; 10] =
    ["period", "final", "branch_code", "region", "login", "name", "role", "overall", "band", "rank"];

pub fn people_csv_rows(period: &str, is_final: bool, rows: &[PersonRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|p| {
            vec![
                period.to_string(),
                is_final.to_string(),
                p.branch_code.clone(),
                p.region.clone(),
                p.login.clone(),
                p.name.clone(),
                p.role.clone(),
                two_decimals(p.overall),
                p.band.clone().unwrap_or_default(),
                p.rank.to_string(),
            ]
        })
        .collect()
}

/// `{"rms": [...]}`: each RM as the branch's coverage export shows it, with branch, region and
/// the branch's last sync date first.
pub fn coverage_json(rows: &[CoverageRow]) -> Value {
    let rms: Vec<Value> = rows
        .iter()
        .map(|row| {
            let mut entry = Map::new();
            entry.insert("branch_code".into(), json!(row.branch_code));
            entry.insert("region".into(), json!(row.region));
            entry.insert("as_of".into(), json!(row.as_of.to_string()));
            if let Value::Object(fields) = &row.card {
                entry.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            Value::Object(entry)
        })
        .collect();
    json!({ "rms": rms })
}

pub fn coverage_csv_header() -> Vec<&'static str> {
    let mut header = vec!["branch_code", "region"];
    header.extend(COVERAGE_CSV_HEADER);
    header
}

/// The branch coverage export's CSV row of each RM, after branch and region. A card head
/// office cannot read (written by a newer branch build) is said so, not guessed.
pub fn coverage_csv_rows(rows: &[CoverageRow]) -> Result<Vec<Vec<String>>, String> {
    rows.iter()
        .map(|row| {
            let rm: RmCoverage = serde_json::from_value(row.card.clone())
                .map_err(|e| format!("branch {}: an RM's coverage could not be read: {e}", row.branch_code))?;
            let single = CoverageExport { as_of: row.as_of.to_string(), rms: vec![rm] };
            let mut line = vec![row.branch_code.clone(), row.region.clone()];
            line.extend(crate::export::coverage_csv_rows(&single).into_iter().next().unwrap_or_default());
            Ok(line)
        })
        .collect()
}
