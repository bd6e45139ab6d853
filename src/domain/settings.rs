//! Branch settings that change how numbers are read: fiscal year start, band thresholds, norms.

use super::coverage::CoverageNorms;
use super::scoring::BandThresholds;

#[derive(Debug, Clone, PartialEq)]
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

impl Default for Settings {
    fn default() -> Self {
        Settings { fiscal_year_start_month: 1, bands: BandThresholds::default(), norms: CoverageNorms::default() }
    }
}

/// Checks a fiscal year start month.
pub fn check_fiscal_start(month: u32) -> Result<(), String> {
    if (1..=12).contains(&month) {
        Ok(())
    } else {
        Err(format!("the fiscal year starts in a month 1 to 12, not {month}"))
    }
}

/// Band thresholds must be finite and strictly descending from Outstanding down.
pub fn check_bands(bands: &BandThresholds) -> Result<(), String> {
    let order = [bands.outstanding, bands.exceeds, bands.meets, bands.needs_improvement];
    if order.iter().any(|t| !t.is_finite()) || order.windows(2).any(|w| w[0] <= w[1]) {
        return Err(format!(
            "band thresholds must descend: outstanding {} > exceeds {} > meets {} > needs_improvement {}",
            order[0], order[1], order[2], order[3]
        ));
    }
    Ok(())
}

/// Every segment needs a norm with 1 ≤ min ≤ max and a cadence of at least a day.
pub fn check_norms(norms: &CoverageNorms) -> Result<(), String> {
    for &segment in crate::domain::coverage::Segment::ALL {
        let Some(n) = norms.0.get(&segment) else {
            return Err(format!("no norm for {segment}"));
        };
        if n.min == 0 || n.min > n.max || n.cadence_days == 0 {
            return Err(format!(
                "{segment}: need 1 ≤ min ≤ max and a cadence of at least 1 day (min {}, max {}, cadence {})",
                n.min, n.max, n.cadence_days
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_checks() {
        assert!(check_fiscal_start(4).is_ok());
        assert!(check_fiscal_start(0).is_err() && check_fiscal_start(13).is_err());
        assert!(check_bands(&BandThresholds::default()).is_ok());
        let flat = BandThresholds { exceeds: 110.0, ..BandThresholds::default() };
        assert!(check_bands(&flat).is_err());
        assert!(check_norms(&CoverageNorms::default()).is_ok());
        let mut norms = CoverageNorms::default();
        norms.0.get_mut(&crate::domain::coverage::Segment::Sme).unwrap().min = 500;
        assert!(check_norms(&norms).unwrap_err().contains("sme"));
    }
}
