//! The real terminal: raw mode and the alternate screen, every frame sent as one synchronized
//! update, and colours written in the codes the terminal's colour depth understands.

use super::theme::ColorDepth;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::terminal::{self as crossterm_terminal, BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{cursor, execute, queue};
use ratatui::{Frame, Terminal};
use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a frame's begin marker went out without its end yet: a panic half-way through a
/// draw must still end the update, or the terminal would hold back everything after it.
static FRAME_OPEN: AtomicBool = AtomicBool::new(false);

/// The dashboard's terminal. Drawing goes only through [`Screen::draw`], so no frame is sent
/// outside a synchronized update.
pub struct Screen {
    terminal: Terminal<CrosstermBackend<Wire<Stdout>>>,
}

impl Screen {
    /// Raw mode and the alternate screen, as `ratatui::init` sets them up (its panic hook
    /// aside: the dashboard installs its own, which calls [`restore`]). On failure the terminal
    /// is given back as it was.
    pub fn open(depth: ColorDepth) -> io::Result<Screen> {
        crossterm_terminal::enable_raw_mode()?;
        let opened = execute!(io::stdout(), crossterm_terminal::EnterAlternateScreen)
            .and_then(|()| Terminal::new(CrosstermBackend::new(Wire::new(io::stdout(), depth))));
        match opened {
            Ok(terminal) => Ok(Screen { terminal }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }

    /// Draws one frame between the begin and end of a synchronized update (DEC mode 2026), so
    /// a terminal behind a slow link shows it whole or not at all. The end is sent and flushed
    /// even when drawing fails; the first error is returned.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        FRAME_OPEN.store(true, Ordering::SeqCst);
        let drawn = self.terminal.draw(render).map(drop);
        let ended = execute!(self.terminal.backend_mut(), EndSynchronizedUpdate);
        FRAME_OPEN.store(false, Ordering::SeqCst);
        drawn.and(ended)
    }
}

/// Leaves raw mode and the alternate screen and shows the cursor again: the terminal as it was
/// (after ending a frame a panic interrupted). Each step runs even if another failed (a
/// hung-up terminal), and nothing is printed.
pub fn restore() {
    let mut out = io::stdout();
    if FRAME_OPEN.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, EndSynchronizedUpdate);
    }
    let _ = crossterm_terminal::disable_raw_mode();
    let _ = execute!(out, crossterm_terminal::LeaveAlternateScreen, cursor::Show);
}

/// The longest control sequence held back to be looked at; crossterm's longest SGR is some 40
/// bytes. A longer one is passed on as it is.
const LONGEST_SEQUENCE: usize = 64;

/// The bytes on their way to the terminal. crossterm writes every colour, even the 16 basic
/// ones, in the 256-colour form (`ESC[38;5;4m`), which the Linux console and old terminals
/// cannot read; for a 16-colour terminal this rewrites those to the plain SGR codes (`ESC[34m`).
/// At 256 colours and true colour, and without colour, the bytes pass unchanged.
pub struct Wire<W: Write> {
    inner: W,
    rewrite: bool,
    /// A control sequence begun in one `write` and not yet ended: crossterm writes a sequence
    /// in pieces (`ESC[`, `38;5;4`, `m`).
    pending: Vec<u8>,
}

const ESC: u8 = 0x1b;

impl<W: Write> Wire<W> {
    pub fn new(inner: W, depth: ColorDepth) -> Wire<W> {
        Wire { inner, rewrite: depth == ColorDepth::Ansi16, pending: Vec::new() }
    }

    /// Takes `byte` (an escape, or a byte after one) into the held sequence, and sends the
    /// sequence on once it is complete or cannot be a colour.
    fn hold(&mut self, byte: u8) -> io::Result<()> {
        self.pending.push(byte);
        match self.pending.as_slice() {
            [ESC] | [ESC, b'['] => Ok(()),
            // Only CSI sequences carry colour; any other escape passes as it is.
            [ESC, _] => self.pass_pending(),
            // Parameter and intermediate bytes: the sequence goes on.
            [ESC, b'[', .., 0x20..=0x3f] if self.pending.len() < LONGEST_SEQUENCE => Ok(()),
            [ESC, b'[', params @ .., b'm'] => match sixteen_colours(params) {
                Some(sgr) => {
                    self.pending.clear();
                    self.inner.write_all(&sgr)
                }
                None => self.pass_pending(),
            },
            // Any other final byte, a control character inside, or too long: unchanged.
            _ => self.pass_pending(),
        }
    }

    fn pass_pending(&mut self) -> io::Result<()> {
        let written = self.inner.write_all(&self.pending);
        self.pending.clear();
        written
    }
}

impl<W: Write> Write for Wire<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.rewrite {
            return self.inner.write(buf);
        }
        let mut rest = buf;
        while let Some((&byte, after)) = rest.split_first() {
            if self.pending.is_empty() && byte != ESC {
                // Text runs to the next escape unchanged, in one piece.
                let text = rest.iter().position(|&b| b == ESC).unwrap_or(rest.len());
                self.inner.write_all(&rest[..text])?;
                rest = &rest[text..];
                continue;
            }
            if byte == ESC && !self.pending.is_empty() {
                // A sequence broken off by the next one goes as it was.
                self.pass_pending()?;
            }
            self.hold(byte)?;
            rest = after;
        }
        Ok(buf.len())
    }

    /// A sequence still open is held until its end comes: sent now, it could not be rewritten.
    /// crossterm flushes only after whole commands, so none is open here in practice.
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The parameters of an SGR sequence (between `ESC[` and `m`) with every 256-colour foreground
/// or background below 16 written as its 16-colour code; `None` if nothing needs changing or
/// the parameters are not plain numbers (a private or colon form, left as it is).
fn sixteen_colours(params: &[u8]) -> Option<Vec<u8>> {
    if !params.iter().all(|&b| b.is_ascii_digit() || b == b';') {
        return None;
    }
    // Only digits and `;`: valid UTF-8.
    let text = std::str::from_utf8(params).ok()?;
    let fields: Vec<&str> = text.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(fields.len());
    let mut changed = false;
    let mut i = 0;
    while i < fields.len() {
        let field = fields[i];
        // A colour's own numbers are taken with it, so that `38;5;1` is not read as `1` (bold).
        let taken = match (field, fields.get(i + 1).copied()) {
            ("38" | "48" | "58", Some("5")) => 3,
            ("38" | "48" | "58", Some("2")) => 5,
            _ => 1,
        };
        let basic = fields.get(i + 2).and_then(|n| n.parse::<u8>().ok()).filter(|&n| n < 16);
        match (field, taken, basic) {
            ("38", 3, Some(n)) => out.push(basic_code(30, n).to_string()),
            ("48", 3, Some(n)) => out.push(basic_code(40, n).to_string()),
            _ => {
                out.extend(fields.iter().skip(i).take(taken).map(|f| f.to_string()));
                i += taken;
                continue;
            }
        }
        changed = true;
        i += taken;
    }
    if !changed {
        return None;
    }
    let mut sgr = vec![ESC, b'['];
    sgr.extend_from_slice(out.join(";").as_bytes());
    sgr.push(b'm');
    Some(sgr)
}

/// The SGR code of basic colour `n` (0–15) with `base` 30 (foreground) or 40 (background):
/// 0–7 are `base`+n, the bright 8–15 are `base`+60+(n−8).
fn basic_code(base: u8, n: u8) -> u8 {
    if n < 8 { base + n } else { base + 60 + (n - 8) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What reaches the terminal when `pieces` are written one `write` each at `depth`.
    fn wire(depth: ColorDepth, pieces: &[&[u8]]) -> Vec<u8> {
        let mut wire = Wire::new(Vec::new(), depth);
        for piece in pieces {
            assert_eq!(wire.write(piece).unwrap(), piece.len());
        }
        wire.flush().unwrap();
        wire.inner
    }

    fn sixteen(bytes: &[u8]) -> Vec<u8> {
        wire(ColorDepth::Ansi16, &[bytes])
    }

    #[test]
    fn basic_colours_become_plain_sgr_codes() {
        assert_eq!(sixteen(b"\x1b[38;5;4mX"), b"\x1b[34mX");
        assert_eq!(sixteen(b"\x1b[38;5;0m"), b"\x1b[30m");
        assert_eq!(sixteen(b"\x1b[38;5;7m"), b"\x1b[37m");
        assert_eq!(sixteen(b"\x1b[38;5;8m"), b"\x1b[90m");
        assert_eq!(sixteen(b"\x1b[38;5;12m"), b"\x1b[94m");
        assert_eq!(sixteen(b"\x1b[38;5;15m"), b"\x1b[97m");
        assert_eq!(sixteen(b"\x1b[48;5;1m"), b"\x1b[41m");
        assert_eq!(sixteen(b"\x1b[48;5;9m"), b"\x1b[101m");
        assert_eq!(sixteen(b"\x1b[48;5;15m"), b"\x1b[107m");
    }

    #[test]
    fn combined_parameters_are_each_rewritten() {
        assert_eq!(sixteen(b"\x1b[1;38;5;12m"), b"\x1b[1;94m");
        // crossterm's SetColors: both colours in one sequence.
        assert_eq!(sixteen(b"\x1b[38;5;2;48;5;0m"), b"\x1b[32;40m");
        assert_eq!(sixteen(b"\x1b[38;5;3;49m"), b"\x1b[33;49m");
        assert_eq!(sixteen(b"\x1b[39;48;5;4;7m"), b"\x1b[39;44;7m");
    }

    #[test]
    fn a_sequence_split_across_writes_is_rewritten() {
        // As crossterm writes SetColors: the pieces of its format string, one write each.
        let pieces: [&[u8]; 7] = [b"ab\x1b", b"[", b"38;", b"5;1", b";", b"48;5;1", b"0mcd"];
        assert_eq!(wire(ColorDepth::Ansi16, &pieces), b"ab\x1b[31;102mcd");
        // Split after every byte.
        let whole = b"x\x1b[1;38;5;14my";
        let bytes: Vec<&[u8]> = whole.chunks(1).collect();
        assert_eq!(wire(ColorDepth::Ansi16, &bytes), b"x\x1b[1;96my");
        // Cut in two anywhere, a mix of text and sequences reads as it does in one write.
        let mixed = "\x1b[?2026h\x1b[3;1HTanvi\x1b[1m\x1b[38;5;2;49mExceeds ✓\x1b[38;5;200m\x1b7\x1b[39;49m\x1b[0m";
        let whole = wire(ColorDepth::Ansi16, &[mixed.as_bytes()]);
        assert!(String::from_utf8_lossy(&whole).contains("\x1b[32;49mExceeds"));
        for cut in 0..=mixed.len() {
            let (a, b) = mixed.as_bytes().split_at(cut);
            assert_eq!(wire(ColorDepth::Ansi16, &[a, b]), whole, "cut at {cut}");
        }
    }

    #[test]
    fn indexed_colours_from_16_up_and_true_colour_are_untouched() {
        for unchanged in [
            &b"\x1b[38;5;16m"[..],
            b"\x1b[38;5;255m",
            b"\x1b[48;5;200m",
            b"\x1b[38;2;5;5;5m",
            // The 5 of true colour's red is not the 256-colour form.
            b"\x1b[48;2;0;5;1m",
            b"\x1b[58;5;3m",
            b"\x1b[38;5m",
            b"\x1b[38;5;m",
            b"\x1b[38;5;999m",
            b"\x1b[m",
            b"\x1b[;m",
            b"\x1b[0m",
            b"\x1b[1;7m",
        ] {
            assert_eq!(sixteen(unchanged), unchanged, "{}", String::from_utf8_lossy(unchanged).escape_debug());
        }
        assert_eq!(sixteen(b"\x1b[38;5;200;48;5;1m"), b"\x1b[38;5;200;41m");
    }

    #[test]
    fn other_escape_sequences_are_untouched() {
        for unchanged in [
            &b"\x1b[?2026h\x1b[?2026l"[..],
            b"\x1b[?1049h\x1b[?25l",
            b"\x1b[12;40H",
            b"\x1b[2J",
            b"\x1b[38;5;1H",
            b"\x1b[38:5:1m",
            b"\x1b[>4;1m",
            b"\x1b7\x1b8",
            b"\x1b]0;title\x07",
            b"\x1b\x1b[38;5;300m",
            "naïve · text ✓".as_bytes(),
        ] {
            assert_eq!(sixteen(unchanged), unchanged, "{}", String::from_utf8_lossy(unchanged).escape_debug());
        }
        // A sequence broken off by another escape is passed as it was, and the next one read.
        assert_eq!(sixteen(b"\x1b[38\x1b[38;5;2m"), b"\x1b[38\x1b[32m");
        // A runaway sequence is passed on once it is too long to be SGR.
        let long = [&b"\x1b["[..], &[b'1'; 100], b"m"].concat();
        assert_eq!(sixteen(&long), long);
    }

    #[test]
    fn other_depths_pass_everything_unchanged() {
        let bytes = b"\x1b[?2026h\x1b[1;38;5;12;48;5;0mX\x1b[38;2;1;2;3m\x1b[?2026l";
        for depth in [ColorDepth::Ansi256, ColorDepth::TrueColor, ColorDepth::None] {
            assert_eq!(wire(depth, &[bytes]), bytes, "{depth:?}");
        }
    }
}
