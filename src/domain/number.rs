//! Parsing the numbers people type into sheets: `1234.5`, `1,234.5`, `1,23,456`, `12.5%`,
//! checked against the range that makes sense for the KPI's unit.

use super::template::Unit;
use super::text::{QUOTED_CHARS, is_hidden, quote_cell};

/// Largest magnitude accepted for any value; beyond it a figure is a typing error.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// Smallest magnitude of a figure other than zero; below it a figure is a typing error, and a
/// target that small would make achievements overflow (a million times the largest figure is
/// still far from it).
pub const MIN_MAGNITUDE: f64 = 1e-6;

/// Why a typed number was refused. Messages quote the text through `quote_cell`, so a cell of
/// megabytes is never echoed whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("empty value")]
    Empty,
    #[error("{} is not a number", quote_cell(.0))]
    NotANumber(String),
    #[error("{} has misplaced thousands separators", quote_cell(.0))]
    BadGrouping(String),
    #[error("{}: a % sign is only accepted for percent KPIs", quote_cell(.0))]
    PercentNotAllowed(String),
    #[error("{} is not a whole number: counts are whole", bare(.0))]
    NotWhole(String),
    #[error("{} is out of range for a {unit} KPI ({range})", bare(value))]
    OutOfRange { value: String, unit: &'static str, range: &'static str },
    #[error("{} is too small: a figure other than 0 is at least 0.000001 in size", bare(.0))]
    TooSmall(String),
}

/// A number as typed, unquoted when it is short and printable (`-5 is out of range`).
fn bare(text: &str) -> String {
    if text.chars().count() <= QUOTED_CHARS && !text.chars().any(is_hidden) {
        text.to_string()
    } else {
        quote_cell(text)
    }
}

/// Parses a plain decimal with optional grouping commas (Western `1,234,567` or Indian
/// `12,34,567`) and an optional leading minus. No exponents, no NaN or infinity.
pub fn parse_decimal(text: &str) -> Result<f64, NumberError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(NumberError::Empty);
    }
    let not_a_number = || NumberError::NotANumber(trimmed.to_string());
    let unsigned = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    if integer.is_empty() || !integer.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err(not_a_number());
    }
    if let Some(f) = fraction
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(not_a_number());
    }
    if integer.contains(',') && !grouping_is_valid(integer) {
        return Err(NumberError::BadGrouping(trimmed.to_string()));
    }
    let plain: String = trimmed.chars().filter(|&c| c != ',').collect();
    let value: f64 = plain.parse().map_err(|_| not_a_number())?;
    if !value.is_finite() {
        return Err(not_a_number());
    }
    // `-0` is stored as 0 so that a round trip prints the same text.
    Ok(if value == 0.0 { 0.0 } else { value })
}

/// Western grouping: 1–3 digits then groups of 3. Indian grouping: 1–2 digits, groups of 2,
/// and a final group of 3.
fn grouping_is_valid(integer: &str) -> bool {
    let groups: Vec<&str> = integer.split(',').collect();
    let (first, rest) = match groups.split_first() {
        Some(split) => split,
        None => return false,
    };
    if first.is_empty() || first.len() > 3 || rest.is_empty() {
        return false;
    }
    let western = rest.iter().all(|g| g.len() == 3);
    let indian = first.len() <= 2
        && rest.last().is_some_and(|g| g.len() == 3)
        && rest[..rest.len() - 1].iter().all(|g| g.len() == 2);
    western || indian
}

/// Parses a KPI value as typed in a CSV cell, the CLI or the dashboard, and checks its range.
/// Percent KPIs are stored in percent (`12.5%` and `12.5` are both 12.5).
pub fn parse_kpi_value(text: &str, unit: Unit) -> Result<f64, NumberError> {
    let trimmed = text.trim();
    let number_text = match trimmed.strip_suffix('%') {
        Some(stripped) if unit == Unit::Percent => stripped.trim_end(),
        Some(_) => return Err(NumberError::PercentNotAllowed(trimmed.to_string())),
        None => trimmed,
    };
    let value = parse_decimal(number_text)?;
    check_range(value, unit, trimmed)?;
    Ok(value)
}

/// Amount words the dashboard accepts after money, as its screens write amounts (`₹2.8 L`,
/// `₹1.2 Cr`, `₹12k Cr`), with what each multiplies by: at most one of these, and before it
/// at most one `k`.
const MONEY_WORDS: [(&str, f64); 8] = [
    ("crores", 1e7),
    ("crore", 1e7),
    ("cr", 1e7),
    ("lakhs", 1e5),
    ("lakh", 1e5),
    ("lacs", 1e5),
    ("lac", 1e5),
    ("l", 1e5),
];

/// Takes one trailing `word` (any case) off `text`, if it is there after a number.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(word.len())?;
    // The words are ASCII: a match ends on a character boundary.
    (cut > 0 && text.is_char_boundary(cut) && text[cut..].eq_ignore_ascii_case(word)).then(|| text[..cut].trim_end())
}

/// Parses a value typed into the dashboard: what `parse_kpi_value` accepts, money also as the
/// screen shows it (`₹2,80,000`, `2.8 L`, `1.2 Cr`, `₹12k Cr`, rounded to the paisa), and
/// counts as whole numbers only.
pub fn parse_typed_value(text: &str, unit: Unit) -> Result<f64, NumberError> {
    let trimmed = text.trim();
    let value = match unit {
        Unit::Currency => {
            let mut rest = trimmed.strip_prefix('₹').unwrap_or(trimmed).trim_start();
            for prefix in ["Rs.", "Rs", "INR"] {
                rest = rest.strip_prefix(prefix).unwrap_or(rest).trim_start();
            }
            let mut factor = 1.0;
            if let Some((shorter, times)) = MONEY_WORDS.iter().find_map(|(w, t)| strip_word(rest, w).map(|r| (r, *t))) {
                rest = shorter;
                factor *= times;
            }
            if let Some(shorter) = strip_word(rest, "k") {
                rest = shorter;
                factor *= 1e3;
            }
            let value = parse_decimal(rest).map_err(|e| match e {
                NumberError::Empty => NumberError::Empty,
                _ => NumberError::NotANumber(trimmed.to_string()),
            })?;
            let value = if factor == 1.0 { value } else { (value * factor * 100.0).round() / 100.0 };
            check_range(value, unit, trimmed)?;
            value
        }
        _ => parse_kpi_value(trimmed, unit)?,
    };
    if unit == Unit::Count && value.fract() != 0.0 {
        return Err(NumberError::NotWhole(trimmed.to_string()));
    }
    Ok(value)
}

/// A percent typed as a fraction (`0.82` with no `%`): the typist probably meant 82 %.
pub fn percent_typed_as_fraction(text: &str, unit: Unit, value: f64) -> Option<f64> {
    let fraction = unit == Unit::Percent && !text.contains('%') && value > 0.0 && value < 1.0;
    fraction.then(|| (value * 10_000.0).round() / 100.0)
}

/// Checks a value that arrived already parsed (from the dashboard or another program).
pub fn check_kpi_value(value: f64, unit: Unit) -> Result<(), NumberError> {
    if !value.is_finite() {
        return Err(NumberError::NotANumber(value.to_string()));
    }
    check_range(value, unit, &value.to_string())
}

/// Targets are never negative: the achievement rules of SPEC §3 are defined for T ≥ 0.
pub fn check_target_value(value: f64) -> Result<(), NumberError> {
    if value < 0.0 {
        return Err(NumberError::OutOfRange { value: value.to_string(), unit: "target", range: "0 or more" });
    }
    Ok(())
}

/// The range of values that make sense per unit. Currency and percent may be negative
/// (reversals, growth figures); counts, durations and ratios may not; ratings are 1–5.
fn check_range(value: f64, unit: Unit, shown: &str) -> Result<(), NumberError> {
    let (ok, range) = match unit {
        Unit::Count | Unit::Days | Unit::Hours | Unit::Ratio => ((0.0..=MAX_MAGNITUDE).contains(&value), "0 or more"),
        Unit::Currency => (value.abs() <= MAX_MAGNITUDE, "at most 10^15 in size"),
        Unit::Percent => ((-1000.0..=1000.0).contains(&value), "-1000% to 1000%"),
        Unit::Score => ((1.0..=5.0).contains(&value), "1 to 5"),
    };
    if !ok {
        return Err(NumberError::OutOfRange { value: shown.to_string(), unit: unit_name(unit), range });
    }
    if value != 0.0 && value.abs() < MIN_MAGNITUDE {
        return Err(NumberError::TooSmall(shown.to_string()));
    }
    Ok(())
}

/// The unit as messages and exports name it: its code.
pub fn unit_name(unit: Unit) -> &'static str {
    unit.code()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_formats_of_the_spec() {
        assert_eq!(parse_decimal("1234.5"), Ok(1234.5));
        assert_eq!(parse_decimal("1,234.5"), Ok(1234.5));
        assert_eq!(parse_decimal("1,23,456"), Ok(123456.0));
        assert_eq!(parse_decimal("12,34,56,789.25"), Ok(123456789.25));
        assert_eq!(parse_decimal("1,234,567"), Ok(1234567.0));
        assert_eq!(parse_decimal(" -42 "), Ok(-42.0));
        assert_eq!(parse_decimal("-0"), Ok(0.0));
        assert_eq!(parse_kpi_value("12.5%", Unit::Percent), Ok(12.5));
        assert_eq!(parse_kpi_value("12.5", Unit::Percent), Ok(12.5));
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "", "  ", "NaN", "nan", "inf", "-inf", "infinity", "1e5", "abc", "12a", "1.2.3", ".5", "5.", "--1", "+1",
            "0x10", "1 234", "١٢٣",
        ] {
            assert!(parse_decimal(bad).is_err(), "{bad:?} should be rejected");
        }
        for bad in ["1,2,3", "12,3456", ",123", "123,", "1,,234", "1234,567", "1,23,45", "123,45,678"] {
            assert_eq!(parse_decimal(bad), Err(NumberError::BadGrouping(bad.into())), "{bad}");
        }
        assert!(matches!(parse_kpi_value("12%", Unit::Count), Err(NumberError::PercentNotAllowed(_))));
        assert!(matches!(parse_kpi_value("1e400", Unit::Currency), Err(NumberError::NotANumber(_))));
    }

    #[test]
    fn a_figure_below_a_millionth_is_a_typing_error() {
        // 1,000 ÷ 10^-320 overflows to infinity; the floor keeps every achievement finite
        // (10^15 ÷ 10^-6 = 10^21).
        let tiny = format!("0.{}1", "0".repeat(320));
        assert!(matches!(parse_kpi_value(&tiny, Unit::Currency), Err(NumberError::TooSmall(_))));
        assert!(matches!(parse_kpi_value("-0.0000001", Unit::Percent), Err(NumberError::TooSmall(_))));
        assert!(matches!(check_kpi_value(1e-7, Unit::Ratio), Err(NumberError::TooSmall(_))));
        assert_eq!(
            parse_kpi_value("0.0000001", Unit::Ratio).unwrap_err().to_string(),
            "0.0000001 is too small: a figure other than 0 is at least 0.000001 in size"
        );
        assert_eq!(parse_kpi_value("0.000001", Unit::Ratio), Ok(1e-6));
        assert_eq!(parse_kpi_value("0", Unit::Currency), Ok(0.0));
        assert_eq!(check_kpi_value(-0.0, Unit::Currency), Ok(()));
    }

    #[test]
    fn messages_never_echo_a_huge_cell() {
        let huge = "9".repeat(400) + "x";
        let message = parse_decimal(&huge).unwrap_err().to_string();
        assert!(message.len() < 200 && message.ends_with("(and 301 more characters) is not a number"), "{message}");
        let tiny = format!("-0.{}1", "0".repeat(150));
        let message = parse_kpi_value(&tiny, Unit::Count).unwrap_err().to_string();
        assert!(message.len() < 200 && message.contains("more characters"), "{message}");
        assert_eq!(
            parse_kpi_value("-1", Unit::Count).unwrap_err().to_string(),
            "-1 is out of range for a count KPI (0 or more)"
        );
    }

    #[test]
    fn the_dashboard_takes_money_as_the_screen_shows_it() {
        let money = |text| parse_typed_value(text, Unit::Currency);
        assert_eq!(money("2.8 L"), Ok(280_000.0)); // 2.8 × 1,00,000
        assert_eq!(money("₹2,80,000"), Ok(280_000.0));
        assert_eq!(money("1.2 Cr"), Ok(12_000_000.0)); // 1.2 × 1,00,00,000
        assert_eq!(money("₹12k Cr"), Ok(120_000_000_000.0)); // 12 × 1,000 × 1,00,00,000
        assert_eq!(money("Rs 4.5 lakh"), Ok(450_000.0));
        assert_eq!(money("-3 L"), Ok(-300_000.0));
        assert_eq!(money("1,234.5"), Ok(1234.5));
        assert_eq!(money("0.333333 L"), Ok(33_333.3)); // rounded to the paisa
        assert!(matches!(money("L"), Err(NumberError::NotANumber(_))));
        assert!(matches!(money("2.8 X"), Err(NumberError::NotANumber(_))));
        assert!(matches!(money("99999999999 Cr"), Err(NumberError::OutOfRange { .. })));
        // A key pressed twice is a typing error, not 10¹⁰ rupees.
        for doubled in ["2.8 ll", "5 k k", "1 Cr Cr", "2 L Cr"] {
            assert!(matches!(money(doubled), Err(NumberError::NotANumber(_))), "{doubled}");
        }
        assert_eq!(parse_typed_value("7", Unit::Count), Ok(7.0));
        assert_eq!(parse_typed_value("7.5", Unit::Count), Err(NumberError::NotWhole("7.5".into())));
        assert_eq!(parse_typed_value("2.8 L", Unit::Count), Err(NumberError::NotANumber("2.8 L".into())));
        assert_eq!(parse_typed_value("82%", Unit::Percent), Ok(82.0));
    }

    #[test]
    fn a_percent_typed_as_a_fraction_is_questioned() {
        assert_eq!(percent_typed_as_fraction("0.82", Unit::Percent, 0.82), Some(82.0));
        assert_eq!(percent_typed_as_fraction("0.82%", Unit::Percent, 0.82), None);
        assert_eq!(percent_typed_as_fraction("82", Unit::Percent, 82.0), None);
        assert_eq!(percent_typed_as_fraction("1", Unit::Percent, 1.0), None);
        assert_eq!(percent_typed_as_fraction("0.82", Unit::Ratio, 0.82), None);
    }

    #[test]
    fn checks_ranges_per_unit() {
        assert!(matches!(parse_kpi_value("-1", Unit::Count), Err(NumberError::OutOfRange { .. })));
        assert!(matches!(parse_kpi_value("6", Unit::Score), Err(NumberError::OutOfRange { .. })));
        assert!(matches!(parse_kpi_value("0", Unit::Score), Err(NumberError::OutOfRange { .. })));
        assert!(matches!(parse_kpi_value("1001%", Unit::Percent), Err(NumberError::OutOfRange { .. })));
        assert!(matches!(
            parse_kpi_value("2,000,000,000,000,000", Unit::Currency),
            Err(NumberError::OutOfRange { .. })
        ));
        assert_eq!(parse_kpi_value("-12.5%", Unit::Percent), Ok(-12.5));
        assert_eq!(parse_kpi_value("-5,000", Unit::Currency), Ok(-5000.0));
        assert_eq!(parse_kpi_value("4.5", Unit::Score), Ok(4.5));
    }
}
