//! Reading a CSV file one row at a time, in bounded memory: UTF-8, printable text, the expected
//! header and column count, Excel's habits, and every problem located as line and column.

use super::rows::RowProblem;
use super::scan::{RawCell, Scanner, size_text};
use crate::domain::text::{check_text, quote_cell, unguard_formula};
use std::io::BufRead;

/// One data row of a CSV file: the line it starts on and its cells, trimmed, with the formula
/// guard of exports removed.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    pub line: u64,
    pub fields: Vec<String>,
}

/// How much an import reads before it refuses the file: enough for any branch, small enough
/// that a wrong file (a disk image, `/dev/zero`) is refused quickly in bounded memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes in the whole file.
    pub file_bytes: u64,
    /// Data rows (header and blank rows not counted).
    pub rows: u64,
    /// Bytes in one row, line breaks inside quoted cells included.
    pub row_bytes: usize,
}

/// The limits every import uses (README, "Imports").
pub const LIMITS: Limits = Limits { file_bytes: 2 << 30, rows: 5_000_000, row_bytes: 1 << 20 };

/// Refuses a file before reading it when it is larger than the limit.
pub fn check_file_size(bytes: u64, limits: &Limits) -> Result<(), RowProblem> {
    if bytes > limits.file_bytes {
        return Err(RowProblem::invalid(
            1,
            1,
            format!(
                "the file is {}; an import reads at most {} (split it into smaller files)",
                size_text(bytes),
                size_text(limits.file_bytes)
            ),
        ));
    }
    Ok(())
}

/// The rows of a CSV file, read as they are needed: the header is checked first, then each
/// data row comes as its cells or the problems that refuse it. A problem that makes the rest
/// unreadable (wrong header, a row beyond the limits, an unclosed quote) ends the rows.
pub struct CsvRows<R> {
    scanner: Scanner<R>,
    header: Vec<String>,
    max_rows: u64,
    rows: u64,
    seen_header: bool,
    done: bool,
    /// True once the last row was read; false while reading or after a problem ended it early.
    complete: bool,
}

impl<R: BufRead> CsvRows<R> {
    pub fn new(input: R, header: &[&str], limits: Limits) -> CsvRows<R> {
        CsvRows {
            scanner: Scanner::new(input, limits.row_bytes, limits.file_bytes),
            header: header.iter().map(|h| h.to_string()).collect(),
            max_rows: limits.rows,
            rows: 0,
            seen_header: false,
            done: false,
            complete: false,
        }
    }

    /// Whether every row of the file was read: checks of the whole file (references between
    /// rows) mean nothing after a problem ended the reading early.
    pub fn complete(&self) -> bool {
        self.complete
    }

    /// Bytes consumed so far (for a progress bar).
    pub fn bytes_read(&self) -> u64 {
        self.scanner.bytes_read()
    }

    /// The header row: the expected names, trailing empty columns (Excel adds them) ignored.
    fn check_header(&self) -> Result<(), RowProblem> {
        let mut found: Vec<String> =
            self.scanner.row().iter().map(|c| String::from_utf8_lossy(&c.bytes).trim().to_string()).collect();
        while found.len() > self.header.len() && found.last().is_some_and(|c| c.is_empty()) {
            found.pop();
        }
        if found == self.header {
            return Ok(());
        }
        Err(RowProblem::invalid(
            self.scanner.row_line(),
            1,
            format!(
                "missing or wrong header: expected {}, found {}",
                self.header.join(","),
                quote_cell(&found.join(","))
            ),
        ))
    }

    /// The scanned row as a record, or why it is refused.
    fn record(&self) -> Result<RawRecord, Vec<RowProblem>> {
        let line = self.scanner.row_line();
        let cells = self.scanner.row();
        let width = self.header.len();
        // Trailing empty cells beyond the header are Excel's, not data.
        let mut count = cells.len();
        while count > width && cells[count - 1].is_blank() {
            count -= 1;
        }
        if count != width {
            return Err(vec![RowProblem::invalid(
                line,
                count.min(width) + 1,
                format!("expected {width} columns ({}), found {count}", self.header.join(",")),
            )]);
        }
        let mut fields = Vec::with_capacity(width);
        let mut problems = Vec::new();
        for (index, (cell, field)) in cells.iter().zip(&self.header).enumerate() {
            match cell_text(cell, field) {
                Ok(text) => fields.push(text),
                Err(reason) => problems.push(RowProblem::invalid(cell.line, index + 1, reason)),
            }
        }
        if problems.is_empty() { Ok(RawRecord { line, fields }) } else { Err(problems) }
    }
}

/// A cell's text: valid UTF-8, one line, printable; trimmed, and without the `'` an export put
/// before text a spreadsheet would run as a formula.
fn cell_text(cell: &RawCell, field: &str) -> Result<String, String> {
    let text = std::str::from_utf8(&cell.bytes)
        .map_err(|_| format!("{field} is not valid UTF-8 text; save the file as \"CSV UTF-8\""))?;
    if let Some(break_line) = cell.break_line {
        return Err(format!(
            "a line break inside a quoted cell (it goes on to line {}); a {field} is one line of text",
            break_line + 1
        ));
    }
    let text = unguard_formula(text.trim());
    check_text(field, text).map_err(|e| e.to_string())?;
    Ok(text.to_string())
}

impl<R: BufRead> Iterator for CsvRows<R> {
    type Item = Result<RawRecord, Vec<RowProblem>>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.scanner.next_row() {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    if !self.seen_header {
                        let expected = self.header.join(",");
                        return Some(Err(vec![RowProblem::invalid(
                            1,
                            1,
                            format!("the file is empty; expected the header {expected}"),
                        )]));
                    }
                    self.complete = true;
                    return None;
                }
                Err(fatal) => {
                    self.done = true;
                    return Some(Err(vec![fatal]));
                }
            }
            // Blank rows, and rows of only commas (Excel writes `,,,,`), are skipped.
            if self.scanner.row().iter().all(RawCell::is_blank) {
                continue;
            }
            if !self.seen_header {
                self.seen_header = true;
                if let Err(wrong) = self.check_header() {
                    // Without the header the columns cannot be trusted; report that alone.
                    self.done = true;
                    return Some(Err(vec![wrong]));
                }
                continue;
            }
            self.rows += 1;
            if self.rows > self.max_rows {
                self.done = true;
                return Some(Err(vec![RowProblem::invalid(
                    self.scanner.row_line(),
                    1,
                    format!("the file has more than {} rows, the most an import takes; split it", self.max_rows),
                )]));
            }
            return Some(self.record());
        }
        None
    }
}

/// Reads a whole file held in memory: the rows, or every problem found (the reader's
/// property tests).
pub fn read_records(bytes: &[u8], header: &[&str]) -> Result<Vec<RawRecord>, Vec<RowProblem>> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for row in CsvRows::new(bytes, header, LIMITS) {
        match row {
            Ok(record) => records.push(record),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() { Ok(records) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: [&str; 4] = ["login", "kpi", "period", "value"];

    fn rows(bytes: &[u8]) -> Vec<Result<RawRecord, Vec<RowProblem>>> {
        CsvRows::new(bytes, &HEADER, LIMITS).collect()
    }

    fn locations(bytes: &[u8]) -> Vec<(u64, usize)> {
        rows(bytes).into_iter().filter_map(Result::err).flatten().map(|p| (p.line, p.column)).collect()
    }

    #[test]
    fn reads_rows_with_their_lines() {
        let text = "\u{feff}login,kpi,period,value\nasha,rev,2025-01,\"1,234.5\"\n\nben,rev,2025-01, 7 \n";
        let rows = read_records(text.as_bytes(), &HEADER).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            RawRecord { line: 2, fields: vec!["asha".into(), "rev".into(), "2025-01".into(), "1,234.5".into()] }
        );
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].fields[3], "7");
    }

    #[test]
    fn lines_count_the_same_for_lf_crlf_and_cr_alone() {
        for end in ["\n", "\r\n", "\r"] {
            let text = ["login,kpi,period,value", "a,b,c,d", "", "e,f,g", "h,i,j,k", ""].join(end);
            assert_eq!(locations(text.as_bytes()), vec![(4, 4)], "{end:?}");
            let lines: Vec<u64> = rows(text.as_bytes()).into_iter().filter_map(Result::ok).map(|r| r.line).collect();
            assert_eq!(lines, vec![2, 5], "{end:?}");
        }
    }

    #[test]
    fn excel_habits_are_accepted() {
        let text = "login,kpi,period,value,,,\r\na,b,c,d,,,\r\n,,,,,,\r\n , \"\" ,,\r\n\"e\",f,g,h\r\n";
        let rows = read_records(text.as_bytes(), &HEADER).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1], RawRecord { line: 5, fields: vec!["e".into(), "f".into(), "g".into(), "h".into()] });
        // Trailing cells with something in them are still too many.
        assert_eq!(locations(b"login,kpi,period,value\na,b,c,d,,x\n"), vec![(2, 5)]);
    }

    #[test]
    fn the_formula_guard_is_removed_once() {
        let text = "login,kpi,period,value\n'=a,'t Hooft,''=b,'-5\n";
        let rows = read_records(text.as_bytes(), &HEADER).unwrap();
        assert_eq!(rows[0].fields, vec!["=a", "'t Hooft", "''=b", "-5"]);
    }

    #[test]
    fn reports_structural_problems_with_line_and_column() {
        let empty = read_records(b"", &HEADER).unwrap_err();
        assert_eq!((empty[0].line, empty[0].column), (1, 1));

        let no_header = read_records(b"asha,rev,2025-01,5\n", &HEADER).unwrap_err();
        assert!(no_header[0].reason.contains("header"), "{no_header:?}");

        let columns =
            read_records(b"login,kpi,period,value\nasha,rev,2025-01\nben,rev,2025-01,1,2\nok,a,b,c\n", &HEADER)
                .unwrap_err();
        assert_eq!(columns.len(), 2);
        assert_eq!((columns[0].line, columns[0].column), (2, 4));
        assert_eq!(columns[1].line, 3);

        let binary =
            read_records(b"login,kpi,period,value\nasha,r\xff\xfe,2025-01,5\nben,\x00\x01,2025-01,5\n", &HEADER)
                .unwrap_err();
        assert_eq!((binary[0].line, binary[0].column), (2, 2));
        assert!(binary[0].reason.contains("UTF-8"));
        assert_eq!((binary[1].line, binary[1].column), (3, 2));
        assert!(binary[1].reason.starts_with("kpi contains a control character (U+0000)"), "{binary:?}");
    }

    #[test]
    fn a_line_break_in_a_quoted_cell_is_named() {
        let text = b"login,kpi,period,value\r\nasha,\"rev\r\nenue\",2025-01,5\r\nben,x,2025-01,\"5\"\r\nben,y\n";
        let problems = read_records(text, &HEADER).unwrap_err();
        assert_eq!((problems[0].line, problems[0].column), (2, 2));
        assert!(problems[0].reason.contains("a line break inside a quoted cell"), "{problems:?}");
        assert!(problems[0].reason.contains("line 3"), "{problems:?}");
        // The rows after it keep their own line numbers.
        assert_eq!((problems[1].line, problems[1].column), (5, 3));
    }

    #[test]
    fn limits_stop_the_read_with_a_location() {
        let small = Limits { file_bytes: 1000, rows: 2, row_bytes: 40 };
        let read = |bytes: &[u8]| -> Vec<RowProblem> {
            CsvRows::new(bytes, &HEADER, small).filter_map(Result::err).flatten().collect()
        };
        let long = format!("login,kpi,period,value\na,b,c,d\n{}\n", "x".repeat(100));
        let found = read(long.as_bytes());
        assert_eq!((found[0].line, found[0].column), (3, 1));
        assert!(found[0].reason.contains("longer than 40 bytes"), "{found:?}");

        let unclosed = read(format!("login,kpi,period,value\na,\"b{}", "x\n".repeat(30)).as_bytes());
        assert_eq!((unclosed[0].line, unclosed[0].column), (2, 2));
        assert!(unclosed[0].reason.contains("closing quote"), "{unclosed:?}");
        let at_end = read(b"login,kpi,period,value\na,\"b,c,d\n");
        assert!(at_end[0].reason.contains("never closed"), "{at_end:?}");

        let many = read(b"login,kpi,period,value\na,b,c,d\na,b,c,d\na,b,c,d\na,b,c,d\n");
        assert_eq!(many.len(), 1);
        assert_eq!(many[0].line, 4);
        assert!(many[0].reason.contains("more than 2 rows"), "{many:?}");

        let big = vec![b'a'; 2000];
        assert!(read(&big)[0].reason.contains("longer than"));
        let rows = format!("login,kpi,period,value\n{}", "a,b,c,d\n".repeat(200));
        let long_file = Limits { rows: 1000, ..small };
        let past: Vec<RowProblem> =
            CsvRows::new(rows.as_bytes(), &HEADER, long_file).filter_map(Result::err).flatten().collect();
        assert_eq!(past.len(), 1);
        assert!(past[0].reason.contains("goes on past 1000 bytes"), "{past:?}");
        let zeros = std::io::BufReader::new(std::io::Read::take(std::io::repeat(0), 10 << 20));
        let found: Vec<RowProblem> = CsvRows::new(zeros, &HEADER, LIMITS).filter_map(Result::err).flatten().collect();
        assert_eq!((found[0].line, found[0].column), (1, 1));
        assert!(found[0].reason.contains("longer than 1 MiB"), "{found:?}");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(2 << 30), "2 GiB");
        assert_eq!(size_text(1 << 20), "1 MiB");
        assert_eq!(size_text(3 << 29), "1.5 GiB");
        assert_eq!(size_text(40), "40 bytes");
        assert!(check_file_size(3 << 30, &LIMITS).unwrap_err().reason.contains("at most 2 GiB"));
        assert!(check_file_size(2 << 30, &LIMITS).is_ok());
    }
}
