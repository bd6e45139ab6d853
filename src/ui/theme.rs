//! Colours and emphasis: basic ANSI colours that read on dark and light terminals, as deep as
//! the terminal says it shows, or none at all when `NO_COLOR` is set.

use crate::domain::coverage::LoadStatus;
use crate::domain::scoring::{Band, BandThresholds};
use ratatui::style::{Color, Modifier, Style};
use std::ffi::OsStr;

/// How many colours the terminal shows, as its environment says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    /// `NO_COLOR`: emphasis only.
    None,
    /// The 16 ANSI colours, sent as plain SGR codes (30–37, 90–97): the Linux console, `xterm`,
    /// old SSH clients.
    Ansi16,
    /// `*256color` terminals.
    Ansi256,
    /// `COLORTERM=truecolor` or `24bit`.
    TrueColor,
}

impl ColorDepth {
    /// The depth this process's environment asks for.
    pub fn from_env() -> ColorDepth {
        let var = std::env::var_os;
        ColorDepth::decide(var("NO_COLOR").as_deref(), var("COLORTERM").as_deref(), var("TERM").as_deref())
    }

    /// `NO_COLOR` set and non-empty (no-color.org) wins; then `COLORTERM` naming true colour;
    /// then a `TERM` with `256color` in it; anything else (`linux`, `xterm`, `vt100`, no `TERM`
    /// at all) gets the 16 colours every colour terminal has.
    pub fn decide(no_color: Option<&OsStr>, colorterm: Option<&OsStr>, term: Option<&OsStr>) -> ColorDepth {
        let is = |value: Option<&OsStr>, name: &str| value.is_some_and(|v| v.eq_ignore_ascii_case(name));
        if no_color.is_some_and(|v| !v.is_empty()) {
            ColorDepth::None
        } else if is(colorterm, "truecolor") || is(colorterm, "24bit") {
            ColorDepth::TrueColor
        } else if term.is_some_and(|t| t.to_string_lossy().contains("256color")) {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        Theme::for_depth(ColorDepth::from_env())
    }

    /// The same 16 named colours at every depth: they fit the 16-colour terminals, and in 256
    /// or true colour they still follow the user's palette (readable on dark and light
    /// backgrounds), so true colour changes nothing.
    pub fn for_depth(depth: ColorDepth) -> Theme {
        Theme { color: depth != ColorDepth::None }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(no_color: Option<&str>, colorterm: Option<&str>, term: Option<&str>) -> ColorDepth {
        ColorDepth::decide(no_color.map(OsStr::new), colorterm.map(OsStr::new), term.map(OsStr::new))
    }

    #[test]
    fn no_color_wins_over_everything() {
        assert_eq!(depth(Some("1"), Some("truecolor"), Some("xterm-256color")), ColorDepth::None);
        assert_eq!(depth(Some("yes"), None, Some("linux")), ColorDepth::None);
        assert_eq!(Theme::for_depth(ColorDepth::None), Theme::plain());
    }

    #[test]
    fn an_empty_no_color_is_ignored() {
        assert_eq!(depth(Some(""), None, Some("xterm-256color")), ColorDepth::Ansi256);
        assert_eq!(depth(Some(""), None, Some("linux")), ColorDepth::Ansi16);
    }

    #[test]
    fn colorterm_asks_for_true_colour() {
        assert_eq!(depth(None, Some("truecolor"), Some("xterm-256color")), ColorDepth::TrueColor);
        assert_eq!(depth(None, Some("24bit"), Some("linux")), ColorDepth::TrueColor);
        assert_eq!(depth(None, Some("24bit"), None), ColorDepth::TrueColor);
        // Anything else in COLORTERM says nothing about depth.
        assert_eq!(depth(None, Some("yes"), Some("xterm")), ColorDepth::Ansi16);
        assert_eq!(depth(None, Some(""), Some("screen-256color")), ColorDepth::Ansi256);
    }

    #[test]
    fn term_names_256_colours() {
        assert_eq!(depth(None, None, Some("xterm-256color")), ColorDepth::Ansi256);
        assert_eq!(depth(None, None, Some("screen-256color")), ColorDepth::Ansi256);
        assert_eq!(depth(None, None, Some("tmux-256color")), ColorDepth::Ansi256);
    }

    #[test]
    fn other_terminals_get_16_colours() {
        assert_eq!(depth(None, None, Some("linux")), ColorDepth::Ansi16);
        assert_eq!(depth(None, None, Some("xterm")), ColorDepth::Ansi16);
        assert_eq!(depth(None, None, Some("screen")), ColorDepth::Ansi16);
        assert_eq!(depth(None, None, None), ColorDepth::Ansi16);
        assert_eq!(Theme::for_depth(ColorDepth::Ansi16), Theme { color: true });
    }
}
