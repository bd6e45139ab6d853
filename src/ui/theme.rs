//! Colours and emphasis: basic ANSI colours that read on dark and light terminals, or none at
//! all when `NO_COLOR` is set.

use crate::domain::coverage::LoadStatus;
use crate::domain::scoring::{Band, BandThresholds};
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        Theme { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn fg(self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
    }

    pub fn band(self, band: Band) -> Style {
        match band {
            Band::Outstanding => self.fg(Color::Blue).add_modifier(Modifier::BOLD),
            Band::Exceeds => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            Band::Meets => self.fg(Color::Green),
            Band::NeedsImprovement => self.fg(Color::Yellow),
            Band::Unsatisfactory => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    /// Colour for a score in percent: the colour of the band it falls in with the branch's
    /// own thresholds (a settings change recolours the screen).
    pub fn score(self, score: f64, bands: &BandThresholds) -> Style {
        self.band(bands.band(score))
    }

    pub fn load(self, status: LoadStatus) -> Style {
        match status {
            LoadStatus::Under => self.fg(Color::Yellow),
            LoadStatus::Within => self.fg(Color::Green),
            LoadStatus::Over => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color { Style::new().add_modifier(Modifier::DIM) } else { Style::new() }
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The acting user's own row in the leaderboard.
    pub fn own_row(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn positive(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn negative(self) -> Style {
        self.fg(Color::Red)
    }
}
