//! The shape of `tests/fixtures/seed_kpis.toml`: written by `examples/seed_fixture.rs`, read by
//! `tests/templates_match_seeds.rs`, so the two cannot drift apart.

use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    pub sheets: Vec<Sheet>,
    pub capabilities: SeedCapabilities,
}

/// One KRA sheet (seeds 000–002).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    pub prefix: String,
    pub role: String,
    pub file: String,
    pub kras: Vec<SeedKra>,
    pub example: SeedExample,
}

/// A KRA as a seed sheet states it: the numbered heading, the "KRA:" sentence and the KPI bullets.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedKra {
    pub name: String,
    pub description: String,
    pub kpis: Vec<String>,
}

/// The worked "Real-Time Example": its "KRA:" sentence and the text after each "KPI n: ".
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedExample {
    pub description: String,
    pub kpis: Vec<String>,
}

/// Seed 003: its skills, and every sentence of its sections 2–6 (what a capability may say).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedCapabilities {
    pub prefix: String,
    pub file: String,
    pub sentences: Vec<String>,
    pub skills: Vec<SeedSkill>,
}

/// A "- Name:" bullet of seed 003 and the sentence bullet under it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedSkill {
    pub name: String,
    pub description: String,
}
