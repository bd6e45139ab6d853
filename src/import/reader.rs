//! Reading a CSV file into checked text records: UTF-8, no binary junk, the expected header and
//! column count, every problem located as line and column.

use crate::store::{ProblemKind, RowProblem};

/// One data row of a CSV file: its line number and its cells, trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    pub line: u64,
    pub fields: Vec<String>,
}

fn problem(line: u64, column: usize, reason: impl Into<String>) -> RowProblem {
    RowProblem { line, column, reason: reason.into(), kind: ProblemKind::Invalid }
}

/// Reads `bytes` as a CSV file whose header must be exactly `header`. Returns the data rows, or
/// every structural problem found (bad encoding, binary data, wrong header, wrong column count).
pub fn read_records(bytes: &[u8], header: &[&str]) -> Result<Vec<RawRecord>, Vec<RowProblem>> {
    let expected_header = header.join(",");
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(vec![problem(1, 1, format!("the file is empty; expected the header {expected_header}"))]);
    }
    // The CSV reader counts a record as starting before the blank lines it skipped, so lines are
    // found from the first byte after them.
    let newlines: Vec<usize> = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i).collect();
    let line_at = |byte: u64| {
        let mut start = byte as usize;
        while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
            start += 1;
        }
        newlines.partition_point(|&i| i < start) as u64 + 1
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut problems = Vec::new();
    let mut records = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut seen_header = false;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| line_at(p.byte())).unwrap_or(1);
                problems.push(problem(line, 1, format!("unreadable CSV: {e}")));
                break;
            }
        }
        let line = record.position().map(|p| line_at(p.byte())).unwrap_or(1);
        let mut fields = Vec::with_capacity(record.len());
        let mut row_ok = true;
        for (index, cell) in record.iter().enumerate() {
            match std::str::from_utf8(cell) {
                Ok(text) if text.chars().any(|c| c.is_control() && c != '\t') => {
                    problems.push(problem(line, index + 1, "contains binary data or control characters"));
                    row_ok = false;
                }
                Ok(text) => fields.push(text.trim().to_string()),
                Err(_) => {
                    problems.push(problem(line, index + 1, "is not valid UTF-8 text"));
                    row_ok = false;
                }
            }
        }
        if !seen_header {
            seen_header = true;
            if row_ok && fields != header {
                problems.push(problem(
                    line,
                    1,
                    format!("missing or wrong header: expected {expected_header}, found {}", fields.join(",")),
                ));
                // Without the header the columns cannot be trusted; report that alone.
                return Err(problems);
            }
            continue;
        }
        if fields.len() == 1 && fields[0].is_empty() && row_ok {
            continue; // a blank line
        }
        if row_ok && fields.len() != header.len() {
            problems.push(problem(
                line,
                fields.len().min(header.len()) + 1,
                format!("expected {} columns ({expected_header}), found {}", header.len(), fields.len()),
            ));
            continue;
        }
        if row_ok {
            records.push(RawRecord { line, fields });
        }
    }
    if problems.is_empty() { Ok(records) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: [&str; 4] = ["login", "kpi", "period", "value"];

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
    fn reports_structural_problems_with_line_and_column() {
        let empty = read_records(b"", &HEADER).unwrap_err();
        assert_eq!((empty[0].line, empty[0].column), (1, 1));

        let no_header = read_records(b"asha,rev,2025-01,5\n", &HEADER).unwrap_err();
        assert!(no_header[0].reason.contains("header"), "{no_header:?}");

        let columns =
            read_records(b"login,kpi,period,value\nasha,rev,2025-01\nben,rev,2025-01,1,2\n", &HEADER).unwrap_err();
        assert_eq!(columns.len(), 2);
        assert_eq!((columns[0].line, columns[0].column), (2, 4));
        assert_eq!(columns[1].line, 3);

        let binary =
            read_records(b"login,kpi,period,value\nasha,r\xff\xfe,2025-01,5\nben,\x00\x01,2025-01,5\n", &HEADER)
                .unwrap_err();
        assert_eq!((binary[0].line, binary[0].column), (2, 2));
        assert!(binary[0].reason.contains("UTF-8"));
        assert_eq!((binary[1].line, binary[1].column), (3, 2));
    }
}
