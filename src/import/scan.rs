//! Splitting CSV bytes into rows of raw cells: quoting as the csv crate writes it, lines
//! ending in LF, CRLF or a lone CR counted alike, the line each cell starts on, and the limits
//! on a row and on the whole file.

use super::rows::RowProblem;
use std::io::{BufRead, ErrorKind};

/// `2 GiB`, `1 MiB` or a byte count, for messages about the limits.
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / (1u64 << 20) as f64),
        b => format!("{b} bytes"),
    }
}

/// One cell as scanned: its bytes, the line it starts on, and the line of the first line break
/// inside it (quoted cells only).
#[derive(Debug, Default)]
pub(super) struct RawCell {
    pub bytes: Vec<u8>,
    pub line: u64,
    pub break_line: Option<u64>,
}

impl RawCell {
    pub fn is_blank(&self) -> bool {
        String::from_utf8_lossy(&self.bytes).trim().is_empty()
    }

    /// Only spaces so far, so a `"` here opens a quoted cell.
    fn is_blank_prefix(&self) -> bool {
        self.bytes.iter().all(|b| matches!(b, b' ' | b'\t'))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first byte of a cell (spaces before an opening quote are skipped).
    CellStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted cell: the end of the quotes, or the first half of `""`.
    QuoteInQuoted,
}

/// The scanner's state between bytes. Lines end with LF, CRLF or a lone CR (old Mac and some
/// Excel exports), and each of them counts as one line.
#[derive(Debug)]
struct Scan {
    cells: Vec<RawCell>,
    used: usize,
    state: State,
    /// The line of the next byte.
    line: u64,
    previous_was_cr: bool,
    /// No byte of the current row read yet.
    fresh: bool,
    row_line: u64,
    row_bytes: usize,
}

/// A problem that stops the read: nothing after it can be trusted.
pub(super) type Fatal = RowProblem;

impl Scan {
    fn new() -> Scan {
        Scan {
            cells: Vec::new(),
            used: 0,
            state: State::CellStart,
            line: 1,
            previous_was_cr: false,
            fresh: true,
            row_line: 1,
            row_bytes: 0,
        }
    }

    fn begin_cell(&mut self) {
        if self.used == self.cells.len() {
            self.cells.push(RawCell::default());
        }
        let cell = &mut self.cells[self.used];
        cell.bytes.clear();
        cell.line = self.line;
        cell.break_line = None;
        self.used += 1;
        self.state = State::CellStart;
    }

    fn cell(&mut self) -> &mut RawCell {
        &mut self.cells[self.used - 1]
    }

    /// Takes one byte; true when it ends the row.
    fn push(&mut self, byte: u8, limit: usize) -> Result<bool, Fatal> {
        let previous_was_cr = std::mem::replace(&mut self.previous_was_cr, byte == b'\r');
        if self.fresh {
            if byte == b'\n' && previous_was_cr {
                return Ok(false); // the second half of the CRLF that ended the last row
            }
            self.begin_row();
        }
        self.row_bytes += 1;
        if self.row_bytes > limit {
            return Err(self.too_long(limit));
        }
        let line_of_byte = self.line;
        // CR, LF and CRLF each end one line.
        if byte == b'\r' || (byte == b'\n' && !previous_was_cr) {
            self.line += 1;
        }
        Ok(self.step(byte, line_of_byte))
    }

    fn begin_row(&mut self) {
        self.fresh = false;
        self.row_line = self.line;
        self.row_bytes = 0;
        self.used = 0;
        self.begin_cell();
    }

    /// Moves the quoting state on by one byte; true when the byte ends the row.
    fn step(&mut self, byte: u8, line_of_byte: u64) -> bool {
        let is_break = byte == b'\r' || byte == b'\n';
        match (self.state, byte) {
            (State::CellStart, b'"') if self.cells[self.used - 1].is_blank_prefix() => {
                self.cell().bytes.clear();
                self.state = State::Quoted;
            }
            (State::Quoted, b'"') => self.state = State::QuoteInQuoted,
            (State::Quoted, _) => {
                let cell = self.cell();
                cell.bytes.push(byte);
                if is_break && cell.break_line.is_none() {
                    cell.break_line = Some(line_of_byte);
                }
            }
            (State::QuoteInQuoted, b'"') => {
                self.cell().bytes.push(b'"');
                self.state = State::Quoted;
            }
            (_, b',') => self.begin_cell(),
            (_, _) if is_break => {
                self.fresh = true;
                return true;
            }
            (State::CellStart, b' ' | b'\t') => self.cell().bytes.push(byte),
            // Text after a closing quote is kept, as the csv crate and spreadsheets do.
            (_, _) => {
                self.cell().bytes.push(byte);
                self.state = State::Unquoted;
            }
        }
        false
    }

    fn too_long(&self, limit: usize) -> Fatal {
        let column = self.used.max(1);
        let cell = &self.cells[column - 1];
        match (self.state, cell.break_line) {
            (State::Quoted, Some(_)) => RowProblem::invalid(
                cell.line,
                column,
                format!(
                    "a quoted cell runs on over several lines for more than {}; is its closing quote missing?",
                    size_text(limit as u64)
                ),
            ),
            _ => RowProblem::invalid(
                self.row_line,
                1,
                format!(
                    "this row is longer than {}, the most one row may be; is this really a CSV file?",
                    size_text(limit as u64)
                ),
            ),
        }
    }

    /// At the end of the input: whether a last row (without a line break) is complete.
    fn end(&mut self) -> Result<bool, Fatal> {
        if self.fresh {
            return Ok(false);
        }
        if self.state == State::Quoted {
            let column = self.used;
            let cell = &self.cells[column - 1];
            return Err(RowProblem::invalid(
                cell.line,
                column,
                "a quoted cell is never closed: the file ends inside it (a \" is missing)",
            ));
        }
        self.fresh = true;
        Ok(true)
    }

    fn row(&self) -> &[RawCell] {
        &self.cells[..self.used]
    }
}

/// Rows of raw cells from a byte stream, one at a time, skipping a leading byte order mark and
/// refusing rows and files beyond the limits.
pub(super) struct Scanner<R> {
    input: R,
    scan: Scan,
    row_bytes: usize,
    file_bytes: u64,
    bytes_read: u64,
    started: bool,
}

impl<R: BufRead> Scanner<R> {
    pub fn new(input: R, row_bytes: usize, file_bytes: u64) -> Scanner<R> {
        Scanner { input, scan: Scan::new(), row_bytes, file_bytes, bytes_read: 0, started: false }
    }

    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The cells of the row last scanned.
    pub fn row(&self) -> &[RawCell] {
        self.scan.row()
    }

    /// The line the row last scanned starts on.
    pub fn row_line(&self) -> u64 {
        self.scan.row_line
    }

    /// Skips a UTF-8 byte order mark at the very start (Excel's "CSV UTF-8" writes one).
    fn skip_bom(&mut self) -> Result<(), Fatal> {
        self.started = true;
        let buffer = self.input.fill_buf().map_err(|e| read_error(self.scan.line, e))?;
        if buffer.starts_with(b"\xEF\xBB\xBF") {
            self.input.consume(3);
            self.bytes_read += 3;
        }
        Ok(())
    }

    /// Scans the next row; false at the end of the input.
    pub fn next_row(&mut self) -> Result<bool, Fatal> {
        if !self.started {
            self.skip_bom()?;
        }
        loop {
            let buffer = match self.input.fill_buf() {
                Ok(buffer) => buffer,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_error(self.scan.line, e)),
            };
            if buffer.is_empty() {
                return self.scan.end();
            }
            let mut taken = 0;
            let mut row_ended = false;
            for &byte in buffer {
                taken += 1;
                if self.scan.push(byte, self.row_bytes)? {
                    row_ended = true;
                    break;
                }
            }
            self.input.consume(taken);
            self.bytes_read += taken as u64;
            if self.bytes_read > self.file_bytes {
                let reason = format!("the file goes on past {}, the most an import reads", size_text(self.file_bytes));
                return Err(RowProblem::invalid(self.scan.line, 1, reason));
            }
            if row_ended {
                return Ok(true);
            }
        }
    }
}

fn read_error(line: u64, e: std::io::Error) -> Fatal {
    RowProblem::invalid(line, 1, format!("cannot read the file: {e}"))
}
