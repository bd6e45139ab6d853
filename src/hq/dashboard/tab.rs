//! Which tab of the head-office dashboard is on screen, in the order `Tab` and `1`–`3` walk them.

use strum::VariantArray;

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
pub enum HqTab {
    Branches,
    People,
    Coverage,
}

impl HqTab {
    pub fn title(self) -> &'static str {
        self.into()
    }

    /// The tab `steps` away, wrapping around.
    pub fn step(self, steps: isize) -> HqTab {
        let count = HqTab::VARIANTS.len() as isize;
        let at = HqTab::VARIANTS.iter().position(|t| *t == self).unwrap_or(0) as isize;
        HqTab::VARIANTS[(at + steps).rem_euclid(count) as usize]
    }

    /// What the tab's rows are called in messages and prompts.
    pub fn rows_noun(self) -> &'static str {
        match self {
            HqTab::Branches => "branches",
            HqTab::People => "people",
            HqTab::Coverage => "RMs",
        }
    }
}
