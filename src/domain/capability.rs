//! RM capabilities (seed 003) and the level each focus model needs, from `assets/capabilities.toml`.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use strum::{EnumString, IntoStaticStr, VariantArray};

/// How an RM's work is organised (seed 003). Its code is stored in the branch file and CSVs;
/// its declaration order is the order the demo rotates RMs through.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    strum::Display,
    VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum FocusModel {
    Product,
    Segment,
    Activity,
    Hybrid,
}

impl FocusModel {
    /// Every focus model in declaration order, which the demo's seeded rotation relies on.
    pub const ALL: &[FocusModel] = FocusModel::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<FocusModel> {
        code.parse().ok()
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

/// The capability matrix, parsed and checked once.
static BUILTIN_CAPABILITIES: LazyLock<Result<Vec<Capability>, String>> = LazyLock::new(parse_builtin_capabilities);

/// The capability matrix shipped with the binary. Levels outside 1–5 or a duplicate code are
/// reported as errors (tests keep the asset valid).
pub fn builtin_capabilities() -> Result<Vec<Capability>, String> {
    BUILTIN_CAPABILITIES.clone()
}

fn parse_builtin_capabilities() -> Result<Vec<Capability>, String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::enum_codes::{assert_codes, assert_serde_names_are_codes};

    #[test]
    fn focus_model_codes_are_fixed() {
        assert_codes(
            FocusModel::code,
            FocusModel::from_code,
            &[
                (FocusModel::Product, "product"),
                (FocusModel::Segment, "segment"),
                (FocusModel::Activity, "activity"),
                (FocusModel::Hybrid, "hybrid"),
            ],
        );
        assert_serde_names_are_codes(FocusModel::code);
        assert_eq!(FocusModel::Hybrid.to_string(), "hybrid", "shown as its code");
    }

    #[test]
    fn the_builtin_matrix_parses_once_and_every_call_sees_it() {
        let first = builtin_capabilities().unwrap();
        assert!(!first.is_empty());
        assert_eq!(builtin_capabilities().unwrap(), first);
    }
}
