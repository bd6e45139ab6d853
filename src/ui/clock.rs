//! The dashboard's sense of time, injectable so that screens are testable.

use chrono::{Local, NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system's date and time: the day turns at midnight.
    System,
    /// The system's time of day on a day set by hand (`--today`): the day never turns.
    SystemOn(NaiveDate),
    Fixed(NaiveDateTime),
}

impl Clock {
    pub fn now(self) -> NaiveDateTime {
        match self {
            Clock::System => Local::now().naive_local(),
            Clock::SystemOn(day) => day.and_time(Local::now().time()),
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
