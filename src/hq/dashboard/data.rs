//! What the head-office dashboard shows: a `Snapshot` as read, with the branch-made JSON cards
//! read into plain fields once when it arrives (off the drawing thread), not on every frame.

use crate::domain::scoring::competition_ranks;
use crate::hq::store::Snapshot;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One RM's coverage card as the branch's coverage export writes it; a field the card lacks
/// reads as unknown rather than failing the screen.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CoverageCard {
    pub login: String,
    pub name: String,
    pub focus: Option<String>,
    /// Segment code → active and dormant customers.
    pub segments: BTreeMap<String, SegmentCounts>,
    pub low_load: Option<f64>,
    pub high_load: Option<f64>,
    pub status: String,
    pub contact_coverage: Option<f64>,
    pub product_depth: Option<f64>,
    pub book: Option<f64>,
    pub dormant: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SegmentCounts {
    pub active: u32,
    pub dormant: u32,
}

/// The parts of a person's scorecard card the People tab shows.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PersonCard {
    /// Rank inside the branch, as the branch ranks.
    pub rank: Option<u32>,
    pub completeness: Option<f64>,
    pub change: Option<f64>,
    pub kras: Vec<KraScore>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct KraScore {
    pub name: String,
    pub weight: Option<f64>,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HqData {
    pub snapshot: Snapshot,
    /// The league's competition rank by average overall, in league order.
    pub branch_ranks: Vec<Option<u32>>,
    /// In `snapshot.people` order.
    pub people: Vec<PersonCard>,
    /// In `snapshot.coverage` order.
    pub coverage: Vec<CoverageCard>,
}

impl HqData {
    pub fn new(snapshot: Snapshot) -> HqData {
        let averages: Vec<Option<f64>> = snapshot.league.iter().map(|b| b.average_overall).collect();
        let people = snapshot.people.iter().map(|p| card(&p.card)).collect();
        let coverage = snapshot.coverage.iter().map(|c| card(&c.card)).collect();
        HqData { branch_ranks: competition_ranks(&averages), people, coverage, snapshot }
    }

    /// The people of branch `code` listed for the period, in `snapshot.people` order: the rows
    /// of the Branches tab's detail.
    pub fn people_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = usize> + 'a {
        let people = &self.snapshot.people;
        (0..people.len()).filter(move |&i| people[i].branch_code == code)
    }

    /// The branch's name as head office knows it, by code.
    pub fn branch_name(&self, code: &str) -> Option<&str> {
        self.snapshot.branches.iter().find(|b| b.branch_code == code).map(|b| b.name.as_str())
    }
}

/// A card read leniently: what does not read is left at its default (unknown, empty).
fn card<T: for<'de> Deserialize<'de> + Default>(value: &Value) -> T {
    T::deserialize(value).unwrap_or_default()
}
