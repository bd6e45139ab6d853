//! The dashboard's sense of time, injectable so that screens are testable.

use chrono::{Local, NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(NaiveDateTime),
}

impl Clock {
    pub fn now(self) -> NaiveDateTime {
        match self {
            Clock::System => Local::now().naive_local(),
            Clock::Fixed(at) => at,
        }
    }

    pub fn today(self) -> NaiveDate {
        self.now().date()
    }

    /// "HH:MM:SS", for "updated …" in the status bar.
    pub fn time_label(self) -> String {
        self.now().format("%H:%M:%S").to_string()
    }
}
