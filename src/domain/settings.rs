//! Branch settings that change how numbers are read: fiscal year start, band thresholds, norms.

use super::coverage::CoverageNorms;
use super::scoring::BandThresholds;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    /// The month (1–12) fiscal quarters and years start in; 1 means calendar periods.
    pub fiscal_year_start_month: u32,
    pub bands: BandThresholds,
    pub norms: CoverageNorms,
}

impl Settings {
    pub fn fiscal_start(&self) -> u32 {
        if (1..=12).contains(&self.fiscal_year_start_month) { self.fiscal_year_start_month } else { 1 }
    }
}
