//! The coverage export (SPEC §4, §6): each RM's load against norms, contact coverage, depth, book.

use crate::domain::coverage::{CoverageNorms, CustomerFacts, SegmentCounts, coverage_for_rm};
use crate::domain::staff::StaffMember;
use crate::domain::template::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageExport {
    pub as_of: String,
    pub rms: Vec<RmCoverage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RmCoverage {
    pub login: String,
    pub name: String,
    pub focus: Option<String>,
    pub segments: BTreeMap<String, SegmentCounts>,
    pub low_load: f64,
    pub high_load: f64,
    pub status: String,
    pub contact_coverage: Option<f64>,
    pub product_depth: Option<f64>,
    pub book: f64,
    pub dormant: u32,
}

/// Coverage of every RM in `rms` (already limited to what the reader may see).
pub fn coverage_export(
    rms: &[&StaffMember],
    books: &HashMap<String, Vec<CustomerFacts>>,
    norms: &CoverageNorms,
    as_of: NaiveDate,
) -> CoverageExport {
    let empty = Vec::new();
    let rms = rms
        .iter()
        .filter(|m| m.role == Role::RelationshipManager)
        .map(|rm| {
            let c = coverage_for_rm(books.get(&rm.login).unwrap_or(&empty), norms, as_of);
            RmCoverage {
                login: rm.login.clone(),
                name: rm.name.clone(),
                focus: rm.focus.map(|f| f.code().to_string()),
                segments: c.segments.iter().map(|(s, counts)| (s.code().to_string(), *counts)).collect(),
                low_load: c.low_load,
                high_load: c.high_load,
                status: c.status.code().to_string(),
                contact_coverage: c.contact_coverage,
                product_depth: c.product_depth,
                book: super::round_money(c.book),
                dormant: c.dormant,
            }
        })
        .collect();
    CoverageExport { as_of: as_of.to_string(), rms }
}

pub const COVERAGE_CSV_HEADER: [&str; 21] = [
    "as_of",
    "login",
    "name",
    "focus",
    "low_load",
    "high_load",
    "status",
    "contact_coverage",
    "product_depth",
    "book",
    "dormant",
    "mass_retail_active",
    "mass_retail_dormant",
    "affluent_active",
    "affluent_dormant",
    "private_active",
    "private_dormant",
    "sme_active",
    "sme_dormant",
    "corporate_active",
    "corporate_dormant",
];

pub fn coverage_csv_rows(export: &CoverageExport) -> Vec<Vec<String>> {
    let num = |v: Option<f64>| v.map(crate::store::format_value).unwrap_or_default();
    export
        .rms
        .iter()
        .map(|rm| {
            let mut row = vec![
                export.as_of.clone(),
                rm.login.clone(),
                rm.name.clone(),
                rm.focus.clone().unwrap_or_default(),
                num(Some(rm.low_load)),
                num(Some(rm.high_load)),
                rm.status.to_string(),
                num(rm.contact_coverage),
                num(rm.product_depth),
                super::two_decimals(rm.book),
                rm.dormant.to_string(),
            ];
            for segment in crate::domain::coverage::Segment::ALL {
                let counts = rm.segments.get(segment.code()).copied().unwrap_or_default();
                row.push(counts.active.to_string());
                row.push(counts.dormant.to_string());
            }
            row
        })
        .collect()
}
