//! Which tab is on screen: the dashboard's three tabs, in the order `Tab` and `1`–`3` walk them.

use strum::VariantArray;

/// The tabs, in the order `Tab` and `1`–`3` walk them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
pub enum Tab {
    Team,
    Portfolio,
    #[strum(serialize = "KRA drill-down")]
    Drilldown,
}

impl Tab {
    pub fn title(self) -> &'static str {
        self.into()
    }

    /// The tab `steps` away, wrapping around.
    pub fn step(self, steps: isize) -> Tab {
        let count = Tab::VARIANTS.len() as isize;
        let at = Tab::VARIANTS.iter().position(|t| *t == self).unwrap_or(0) as isize;
        Tab::VARIANTS[(at + steps).rem_euclid(count) as usize]
    }
}
