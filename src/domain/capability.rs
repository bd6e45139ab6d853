//! RM capabilities (seed 003) and the level each focus model needs, from `assets/capabilities.toml`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How an RM's work is organised (seed 003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FocusModel {
    Product,
    Segment,
    Activity,
    Hybrid,
}

impl FocusModel {
    pub const ALL: [FocusModel; 4] =
        [FocusModel::Product, FocusModel::Segment, FocusModel::Activity, FocusModel::Hybrid];

    pub fn code(self) -> &'static str {
        match self {
            FocusModel::Product => "product",
            FocusModel::Segment => "segment",
            FocusModel::Activity => "activity",
            FocusModel::Hybrid => "hybrid",
        }
    }

    pub fn from_code(code: &str) -> Option<FocusModel> {
        FocusModel::ALL.into_iter().find(|f| f.code() == code)
    }
}

impl fmt::Display for FocusModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Required rating (1–5) of one capability under each focus model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredLevels {
    pub product: u8,
    pub segment: u8,
    pub activity: u8,
    pub hybrid: u8,
}

impl RequiredLevels {
    pub fn for_focus(&self, focus: FocusModel) -> u8 {
        match focus {
            FocusModel::Product => self.product,
            FocusModel::Segment => self.segment,
            FocusModel::Activity => self.activity,
            FocusModel::Hybrid => self.hybrid,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capability {
    pub code: String,
    pub name: String,
    pub description: String,
    pub required: RequiredLevels,
}

#[derive(Debug, Deserialize)]
struct CapabilityFile {
    capabilities: Vec<Capability>,
}

const SOURCE: &str = include_str!("../../assets/capabilities.toml");

/// The capability matrix shipped with the binary. Levels outside 1–5 or a duplicate code are
/// reported as errors (tests keep the asset valid).
pub fn builtin_capabilities() -> Result<Vec<Capability>, String> {
    let file: CapabilityFile = toml::from_str(SOURCE).map_err(|e| format!("assets/capabilities.toml: {e}"))?;
    let mut seen = std::collections::HashSet::new();
    for cap in &file.capabilities {
        if !seen.insert(cap.code.clone()) {
            return Err(format!("capability {} appears twice", cap.code));
        }
        let r = cap.required;
        if [r.product, r.segment, r.activity, r.hybrid].iter().any(|level| !(1..=5).contains(level)) {
            return Err(format!("capability {} has a required level outside 1–5", cap.code));
        }
    }
    Ok(file.capabilities)
}
