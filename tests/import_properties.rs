//! Properties of what imports read: the number parser never panics and every number it accepts
//! prints back (plain, grouped or as a percent) to the same value; the CSV reader never panics
//! on any bytes and reads back exactly what an export writes, whatever the line endings.

use branchboard::domain::number::{parse_decimal, parse_kpi_value};
use branchboard::domain::template::Unit;
use branchboard::domain::text::{guard_formula, unguard_formula};
use branchboard::import::{CUSTOMER_HEADER, STAFF_HEADER, VALUE_HEADER, read_records};
use branchboard::store::format_value;
use proptest::prelude::*;

const UNITS: [Unit; 7] =
    [Unit::Count, Unit::Currency, Unit::Percent, Unit::Ratio, Unit::Days, Unit::Hours, Unit::Score];

/// Text that looks like what people type into a number cell, and anything at all.
fn number_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-+ ]?[0-9,.]{0,20}%?",
        "-?[0-9]{1,3}(,[0-9]{3}){0,4}(\\.[0-9]{1,6})?",
        "-?[0-9]{1,2}(,[0-9]{2}){0,4},[0-9]{3}(\\.[0-9]{1,4})?",
        "[0-9.eE+infa%-]{0,12}",
    ]
}

/// `text` (a plain number as `format_value` prints it) with thousands separators, Western
/// (`1,234,567`) or Indian (`12,34,567`).
fn grouped(text: &str, indian: bool) -> String {
    let (sign, unsigned) = text.strip_prefix('-').map_or(("", text), |rest| ("-", rest));
    let (integer, fraction) = unsigned.split_once('.').map_or((unsigned, None), |(i, f)| (i, Some(f)));
    let digits: Vec<char> = integer.chars().collect();
    let mut groups: Vec<String> = Vec::new();
    let mut end = digits.len();
    let mut size = 3;
    while end > 0 {
        let start = end.saturating_sub(size);
        groups.insert(0, digits[start..end].iter().collect());
        end = start;
        if indian {
            size = 2;
        }
    }
    let mut out = format!("{sign}{}", groups.join(","));
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_number_parser_never_panics(text in number_like()) {
        let _ = parse_decimal(&text);
        for unit in UNITS {
            let _ = parse_kpi_value(&text, unit);
        }
    }

    #[test]
    fn every_accepted_number_prints_back_to_itself(text in number_like()) {
        if let Ok(value) = parse_decimal(&text) {
            let plain = format_value(value);
            prop_assert_eq!(parse_decimal(&plain), Ok(value), "{:?} printed as {:?}", text, plain);
            for indian in [false, true] {
                let with_commas = grouped(&plain, indian);
                prop_assert_eq!(parse_decimal(&with_commas), Ok(value), "{:?}", with_commas);
            }
            if (-1000.0..=1000.0).contains(&value) {
                prop_assert_eq!(parse_kpi_value(&format!("{plain}%"), Unit::Percent), Ok(value));
            }
        }
    }

    #[test]
    fn every_finite_value_stored_prints_to_text_that_parses_back(value in any::<f64>()) {
        prop_assume!(value.is_finite());
        let value = if value == 0.0 { 0.0 } else { value };
        prop_assert_eq!(parse_decimal(&format_value(value)), Ok(value));
    }
}

/// Bytes a CSV file is made of, and junk.
fn csv_bytes() -> impl Strategy<Value = Vec<u8>> {
    let alphabet = prop::sample::select(b",\"\r\n a'=\t;0-9\xff\x00\xef\xbb\xbf".to_vec());
    prop_oneof![prop::collection::vec(any::<u8>(), 0..300), prop::collection::vec(alphabet, 0..300)]
}

/// A printable cell with no spaces at its ends (imports trim cells), or an empty one.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[=+@'-]?[^\\p{C}\\s]{1,3}( [^\\p{C}\\s]{1,4}){0,2}",
        "[^\\p{C}\\s]([^\\p{C}]{0,12}[^\\p{C}\\s])?",
        "[\",;a-z ]{0,4}[a-z\"]",
        "-?[0-9]{1,4}(\\.[0-9]{1,2})?",
    ]
    // A cell that itself starts like a guard (`'=x`) is the one case the guard cannot tell apart;
    // `domain::text` covers how it is written.
    .prop_filter("looks guarded or has spaces at an end", |c| unguard_formula(c) == c.as_str() && c.trim() == c)
}

fn records() -> impl Strategy<Value = (usize, Vec<Vec<String>>)> {
    (1usize..7).prop_flat_map(|width| (Just(width), prop::collection::vec(prop::collection::vec(cell(), width), 0..12)))
}

/// Writes a header `c1,c2,…` and the records as the export does: the formula guard on every
/// cell, the csv crate's quoting, the given line ending.
fn exported(width: usize, rows: &[Vec<String>], terminator: &[u8], bom: bool, always_quote: bool) -> Vec<u8> {
    let terminator = match terminator {
        b"\r\n" => csv::Terminator::CRLF,
        [one] => csv::Terminator::Any(*one),
        _ => unreachable!(),
    };
    let style = if always_quote { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary };
    let mut out = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
    {
        let mut writer = csv::WriterBuilder::new().terminator(terminator).quote_style(style).from_writer(&mut out);
        writer.write_record((1..=width).map(|i| format!("c{i}"))).unwrap();
        for row in rows {
            writer.write_record(row.iter().map(|c| guard_formula(c).into_owned())).unwrap();
        }
        writer.flush().unwrap();
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_reader_never_panics(bytes in csv_bytes()) {
        for header in [&VALUE_HEADER[..], &STAFF_HEADER[..], &CUSTOMER_HEADER[..], &["a"][..]] {
            match read_records(&bytes, header) {
                Ok(rows) => prop_assert!(rows.iter().all(|r| r.fields.len() == header.len() && r.line >= 2)),
                Err(problems) => prop_assert!(!problems.is_empty() && problems.iter().all(|p| p.line >= 1 && p.column >= 1)),
            }
        }
    }

    #[test]
    fn exported_records_read_back_exactly(
        (width, rows) in records(),
        terminator in prop::sample::select(vec![&b"\n"[..], &b"\r\n"[..], &b"\r"[..]]),
        bom in any::<bool>(),
        always_quote in any::<bool>(),
    ) {
        let bytes = exported(width, &rows, terminator, bom, always_quote);
        let header: Vec<String> = (1..=width).map(|i| format!("c{i}")).collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let read = read_records(&bytes, &header);
        prop_assert!(read.is_ok(), "{:?}", read);
        // Rows of nothing but empty cells are skipped, as Excel's `,,,` rows are.
        let expected: Vec<(u64, &Vec<String>)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
            .map(|(i, r)| (i as u64 + 2, r))
            .collect();
        let read = read.unwrap();
        prop_assert_eq!(read.len(), expected.len());
        for (record, (line, cells)) in read.iter().zip(expected) {
            prop_assert_eq!(record.line, line);
            prop_assert_eq!(&record.fields, cells);
        }
    }
}
