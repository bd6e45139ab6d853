//! The real terminal for the head-office dashboard: raw mode and the alternate screen, every
//! frame one synchronized update, and the terminal given back as it was on every way out.
//!
//! This is what `crate::ui::terminal::Screen` does for the branch dashboard, which is private
//! to `ui`; once it is `pub`, this file goes and the 16-colour rewriting it has comes with it.

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::terminal::{self as crossterm_terminal, BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{cursor, execute, queue};
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};

/// A frame's begin marker went out without its end: a panic mid-draw must still end it, or
/// the terminal would hold back everything after.
static FRAME_OPEN: AtomicBool = AtomicBool::new(false);

pub struct Screen {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl Screen {
    /// Raw mode and the alternate screen; on failure the terminal is given back as it was.
    pub fn open() -> io::Result<Screen> {
        crossterm_terminal::enable_raw_mode()?;
        let opened = execute!(io::stdout(), crossterm_terminal::EnterAlternateScreen)
            .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match opened {
            Ok(terminal) => Ok(Screen { terminal }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }

    /// Draws one frame inside a synchronized update (DEC mode 2026), so a slow link shows it
    /// whole or not at all; the end is sent even when drawing fails.
    pub fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        FRAME_OPEN.store(true, Ordering::SeqCst);
        let drawn = self.terminal.draw(render).map(drop);
        let ended = execute!(self.terminal.backend_mut(), EndSynchronizedUpdate);
        FRAME_OPEN.store(false, Ordering::SeqCst);
        drawn.and(ended)
    }
}

/// Leaves raw mode and the alternate screen and shows the cursor: each step runs even if
/// another failed (a terminal that hung up), and nothing is printed.
pub fn restore() {
    let mut out = io::stdout();
    if FRAME_OPEN.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, EndSynchronizedUpdate);
    }
    let _ = crossterm_terminal::disable_raw_mode();
    let _ = execute!(out, crossterm_terminal::LeaveAlternateScreen, cursor::Show);
}
