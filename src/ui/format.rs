//! How numbers and names read on screen: Indian digit grouping, lakh/crore money, units,
//! sparklines, bars, and text from data measured in terminal columns and cut to fit.

use crate::domain::period::{Month, Period, PeriodKind};
use crate::domain::scoring::Finality;
use crate::domain::template::Unit;
use crate::domain::text::for_display;
use unicode_width::UnicodeWidthStr;

/// Groups an integer the Indian way: 1,23,45,678.
pub fn group_indian(value: u64) -> String {
    group_digits(&value.to_string())
}

/// Groups a run of ASCII digits the Indian way; the run may be longer than a `u64` holds.
fn group_digits(digits: &str) -> String {
    if digits.len() <= 3 {
        return digits.to_string();
    }
    let (head, last3) = digits.split_at(digits.len() - 3);
    let mut groups: Vec<&str> = Vec::new();
    let mut end = head.len();
    while end > 2 {
        groups.push(&head[end - 2..end]);
        end -= 2;
    }
    groups.push(&head[..end]);
    groups.reverse();
    format!("{},{last3}", groups.join(","))
}

/// Money in rupees, compact: ₹950, ₹45,600, ₹12.4 L, ₹3.21 Cr.
pub fn money(value: f64) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    let v = value.abs();
    if v >= 1e7 {
        format!("{sign}₹{:.2} Cr", v / 1e7)
    } else if v >= 1e5 {
        format!("{sign}₹{:.1} L", v / 1e5)
    } else {
        format!("{sign}₹{}", group_indian(v.round() as u64))
    }
}

/// A KPI value with its unit.
pub fn kpi_value(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Currency => money(value),
        Unit::Percent => format!("{}%", trim(value, 1)),
        Unit::Count => {
            if value.fract() == 0.0 && value.abs() < 1e15 {
                let grouped = group_indian(value.abs() as u64);
                if value < 0.0 { format!("-{grouped}") } else { grouped }
            } else {
                trim(value, 1)
            }
        }
        Unit::Ratio => format!("{}×", trim(value, 2)),
        Unit::Days => format!("{} d", trim(value, 1)),
        Unit::Hours => format!("{} h", trim(value, 1)),
        Unit::Score => format!("{}/5", trim(value, 1)),
    }
}

/// A value exactly as it is stored, with its unit and Indian grouping (`₹2,80,000.5`, `0.82%`):
/// what an input says it will save, where `kpi_value`'s short forms would round.
pub fn exact_value(value: f64, unit: Unit) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    let plain = format!("{}", value.abs());
    let (whole, fraction) = plain.split_once('.').map_or((plain.as_str(), None), |(w, f)| (w, Some(f)));
    let grouped = whole.parse::<u64>().map_or_else(|_| whole.to_string(), group_indian);
    let number = match fraction {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    };
    match unit {
        Unit::Currency => format!("{sign}₹{number}"),
        Unit::Percent => format!("{sign}{number}%"),
        Unit::Count => format!("{sign}{number}"),
        Unit::Ratio => format!("{sign}{number}×"),
        Unit::Days => format!("{sign}{number} d"),
        Unit::Hours => format!("{sign}{number} h"),
        Unit::Score => format!("{sign}{number}/5"),
    }
}

/// A number with at most `decimals` decimals and no trailing zeros.
pub fn trim(value: f64, decimals: usize) -> String {
    without_trailing_zeros(format!("{value:.decimals$}"))
}

fn without_trailing_zeros(text: String) -> String {
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text }
}

/// A score in percent, one decimal: "96.4".
pub fn score(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1}")).unwrap_or_else(|| "–".into())
}

/// A signed change: "+1.5", "-12.0", or "–" when unknown.
pub fn delta(value: Option<f64>) -> String {
    match value {
        Some(v) if v.abs() < 0.05 => "±0.0".into(),
        Some(v) => format!("{v:+.1}"),
        None => "–".into(),
    }
}

/// Whether `period` is final: "final", "provisional (open)" for an open month, or
/// "provisional: Nov–Dec 2026 open" naming the open months of a quarter or year.
pub fn finality(period: Period, finality: &Finality) -> String {
    match finality {
        Finality::Final => "final".into(),
        Finality::Provisional { .. } if period.kind() == PeriodKind::Month => "provisional (open)".into(),
        Finality::Provisional { open } => format!("provisional: {} open", month_runs(open)),
    }
}

/// Months (oldest first) as runs of consecutive months: "Nov 2026", "Oct–Dec 2026",
/// "Dec 2025–Jan 2026", "Jan, Mar–Apr 2026".
pub fn month_runs(months: &[Month]) -> String {
    const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let name = |m: Month| NAMES[(m.month as usize).clamp(1, 12) - 1];
    let mut runs: Vec<(Month, Month)> = Vec::new();
    for &month in months {
        match runs.last_mut() {
            Some((_, end)) if end.plus(1) == month => *end = month,
            _ => runs.push((month, month)),
        }
    }
    let mut text = String::new();
    for (i, &(start, end)) in runs.iter().enumerate() {
        let year_follows = runs.get(i + 1).is_some_and(|(next, _)| next.year == end.year);
        let piece = match (start == end, start.year == end.year) {
            (true, _) => name(start).to_string(),
            (false, true) => format!("{}–{}", name(start), name(end)),
            (false, false) => format!("{} {}–{}", name(start), start.year, name(end)),
        };
        if !text.is_empty() {
            text.push_str(", ");
        }
        text.push_str(&piece);
        if !year_follows {
            text.push_str(&format!(" {}", end.year));
        }
    }
    text
}

pub fn percent(fraction: Option<f64>) -> String {
    fraction.map(|f| format!("{:.0}%", 100.0 * f)).unwrap_or_else(|| "–".into())
}

const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A text sparkline, one character per value, scaled between the values' min and max; a gap
/// for a period without a score.
pub fn sparkline(values: &[Option<f64>]) -> String {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let (Some(min), Some(max)) = (known.iter().copied().reduce(f64::min), known.iter().copied().reduce(f64::max))
    else {
        return " ".repeat(values.len());
    };
    let span = max - min;
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(_) if span < 1e-9 => SPARKS[3],
            Some(v) => SPARKS[(((v - min) / span) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

/// A horizontal bar of `width` cells filled to `fraction` (0–1), with eighth-block precision.
pub fn bar(fraction: f64, width: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let cells = (fraction.clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let full = cells / 8;
    let mut text = "█".repeat(full.min(width));
    if full < width {
        let part = cells % 8;
        if part > 0 {
            text.push(EIGHTHS[part]);
        }
        let used = text.width();
        text.push_str(&" ".repeat(width - used));
    }
    text
}

/// Text from the branch file as the terminal may show it: format characters (bidi overrides,
/// zero-width spaces and joiners) and controls dropped. Every name, id or message that quotes
/// data goes through this (or `fit`/`pad`, which call it) on its way to the screen.
pub fn shown(text: &str) -> String {
    for_display(text).into_owned()
}

/// How many terminal columns `text` takes once shown: CJK and emoji take two, combining marks
/// none. The same measure ratatui lays cells out with, so a border after it stays in place.
pub fn width(text: &str) -> usize {
    for_display(text).width()
}

/// Shows `text` in at most `width` columns, marking a cut with an ellipsis. The cut falls on a
/// character boundary before the first character that would not fit, so a wide character is
/// never split across the edge; combining marks stay with their letter.
pub fn fit(text: &str, width: usize) -> String {
    let text = for_display(text);
    if text.width() <= width {
        text.into_owned()
    } else if width == 0 {
        String::new()
    } else {
        let mut cut = prefix_within(&text, width - 1).to_string();
        cut.push('…');
        cut
    }
}

/// Shows as much of `text` as fits in `width` columns, cut plainly (no ellipsis).
pub fn clip(text: &str, width: usize) -> String {
    prefix_within(&for_display(text), width).to_string()
}

/// `fit`, then padded with spaces to exactly `width` columns (what `{:<width}` does for ASCII).
pub fn pad(text: &str, width: usize) -> String {
    let mut text = fit(text, width);
    let used = text.width();
    text.push_str(&" ".repeat(width.saturating_sub(used)));
    text
}

/// The longest prefix of `text` ending on a character boundary that is at most `width` columns.
/// Widths of prefixes only grow, so a binary search over the boundaries finds it; measuring
/// whole prefixes (not summing characters) keeps flags and emoji sequences measured as ratatui
/// measures them.
fn prefix_within(text: &str, width: usize) -> &str {
    let ends: Vec<usize> = text.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    let mut fitting = ends.partition_point(|&end| text[..end].width() <= width);
    // A flag is two regional indicators; half of one would show as a stray letter.
    if fitting > 0 {
        let (prefix, rest) = text.split_at(ends[fitting - 1]);
        let run = prefix.chars().rev().take_while(|c| is_regional_indicator(*c)).count();
        if run % 2 == 1 && rest.starts_with(is_regional_indicator) {
            fitting -= 1;
        }
    }
    match fitting {
        0 => "",
        n => &text[..ends[n - 1]],
    }
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

// Numbers that fit their column.
//
// ratatui cuts a right-aligned cell from the left, so a number wider than its column would lose
// its leading digits or its sign (15000% read as 5000%). The `*_within` functions below never
// hand it such a cell: each returns at most `width` columns, the most exact form of the number
// that fits. Shorter forms, in order:
//
// 1. fewer decimals (₹12,345.68 Cr, ₹12,345.7 Cr; 96.4, 96);
// 2. for a whole number, the digits without grouping (₹12,345 Cr, ₹12345 Cr; 1,23,456, 123456),
//    given up only for whole numbers because a long run of digits with decimals reads badly;
// 3. a thousands suffix with one decimal, then none (15.0k%, 15k%; ₹12.3k Cr, ₹12k Cr). Money
//    keeps the Indian units (₹, L, Cr) and only counts thousands of its unit with `k`
//    (₹45.6k, ₹12.3k Cr); percents, counts, scores and changes use k, M, B, T
//    (thousand, million, billion, trillion), never lakh and crore, which read as money.
//
// Each form is tried with its unit spaced ("₹12.4 L", "2 d") and then tight ("₹12.4L", "2d")
// before precision is given up. The sign is part of every form, so -1800% in 4 columns is
// "-2k%", never "1800%". When no form fits, the cell is filled with `#` ("###"), as
// spreadsheets do: it cannot be mistaken for a number, and users know it means "widen the
// column". A value that is not a number (NaN, infinite) is shown the same way.

/// Fills a cell whose number has no form that fits: `###`.
pub const CUT_MARK: char = '#';

/// Money in at most `width` columns: ₹45,600, ₹12.4 L, ₹3.21 Cr, ₹12,345.68 Cr at full width
/// (crores of a thousand or more are grouped, unlike `money`), then shorter forms
/// (₹12,345 Cr, ₹12k Cr, ₹46k, ₹12 L), else `###`.
pub fn money_within(value: f64, width: usize) -> String {
    if !value.is_finite() {
        return cut(width);
    }
    let magnitude = value.abs();
    let (magnitude, style) = if magnitude >= 1e7 {
        (magnitude / 1e7, NumberStyle { decimals: 2, group: true, unit: " Cr", ..RUPEES })
    } else if magnitude >= 1e5 {
        (magnitude / 1e5, NumberStyle { decimals: 1, unit: " L", ..RUPEES })
    } else {
        (magnitude, RUPEES)
    };
    first_fitting(forms(sign(value), magnitude, style), width)
}

/// A KPI value with its unit (as `kpi_value`) in at most `width` columns, else `###`.
pub fn kpi_value_within(value: f64, unit: Unit, width: usize) -> String {
    let style = match unit {
        Unit::Currency => return money_within(value, width),
        Unit::Count => return count_within(value, width),
        Unit::Percent => NumberStyle { decimals: 1, trim: true, unit: "%", ..PLAIN },
        Unit::Ratio => NumberStyle { decimals: 2, trim: true, unit: "×", ..PLAIN },
        Unit::Days => NumberStyle { decimals: 1, trim: true, unit: " d", ..PLAIN },
        Unit::Hours => NumberStyle { decimals: 1, trim: true, unit: " h", ..PLAIN },
        Unit::Score => NumberStyle { decimals: 1, trim: true, unit: "/5", ..PLAIN },
    };
    number_within(value, style, width)
}

/// A count, grouped the Indian way and with a decimal only when it has one (1,23,45,678;
/// 12.5), in at most `width` columns: 12345678, 12.3M, 12M, else `###`.
pub fn count_within(value: f64, width: usize) -> String {
    number_within(value, NumberStyle { decimals: 1, trim: true, group: true, ..PLAIN }, width)
}

/// An achievement already in percent, as the drill-down shows it (`{a:.0}%`: "118%"), in at
/// most `width` columns: 15000%, 15.0k%, 15k%, else `###`; "–" when there is none.
pub fn achievement_within(achievement: Option<f64>, width: usize) -> String {
    match achievement {
        Some(value) => number_within(value, NumberStyle { unit: "%", ..PLAIN }, width),
        None => none_within(width),
    }
}

/// A fraction as a whole percent (as `percent`: 0.85 → "85%") in at most `width` columns.
pub fn percent_within(fraction: Option<f64>, width: usize) -> String {
    achievement_within(fraction.map(|f| 100.0 * f), width)
}

/// A score or points with one decimal (as `score`: "96.4") in at most `width` columns: 96,
/// 1.2k, else `###`; "–" when there is none.
pub fn score_within(value: Option<f64>, width: usize) -> String {
    match value {
        Some(value) => number_within(value, NumberStyle { decimals: 1, ..PLAIN }, width),
        None => none_within(width),
    }
}

/// A signed change (as `delta`: "+1.5", "-12.0", "±0.0") in at most `width` columns: "+2",
/// "-1.2k", "±0", else `###`; "–" when unknown.
pub fn delta_within(value: Option<f64>, width: usize) -> String {
    match value {
        None => none_within(width),
        Some(v) if !v.is_finite() => cut(width),
        // No bare "0": it would hide which way a tiny change went.
        Some(v) if v.abs() < 0.05 => first_fitting(["±0.0", "±0"].map(String::from), width),
        Some(v) => {
            let sign = if v < 0.0 { "-" } else { "+" };
            first_fitting(forms(sign, v.abs(), NumberStyle { decimals: 1, ..PLAIN }), width)
        }
    }
}

/// How one kind of number is written at its most exact; its shorter forms follow from it.
#[derive(Debug, Clone, Copy)]
struct NumberStyle {
    /// Decimals at full width.
    decimals: usize,
    /// Trailing zeros dropped, as `trim` does ("12.5%", "12%"), rather than kept ("96.0").
    trim: bool,
    /// The whole part grouped the Indian way (1,23,456).
    group: bool,
    /// Between the sign and the digits: "₹".
    prefix: &'static str,
    /// After the digits and any thousands suffix: "%", " d", " Cr". A shorter form drops the
    /// space.
    unit: &'static str,
}

const PLAIN: NumberStyle = NumberStyle { decimals: 0, trim: false, group: false, prefix: "", unit: "" };
const RUPEES: NumberStyle = NumberStyle { group: true, prefix: "₹", ..PLAIN };

/// Thousands suffixes, smallest first.
const THOUSANDS: [(f64, &str); 4] = [(1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")];

fn number_within(value: f64, style: NumberStyle, width: usize) -> String {
    if !value.is_finite() {
        return cut(width);
    }
    first_fitting(forms(sign(value), value.abs(), style), width)
}

fn sign(value: f64) -> &'static str {
    if value < 0.0 { "-" } else { "" }
}

/// "–" for a value that is not there, in the one column it needs (nothing in none).
fn none_within(width: usize) -> String {
    if width == 0 { String::new() } else { "–".into() }
}

fn cut(width: usize) -> String {
    CUT_MARK.to_string().repeat(width)
}

/// The first of `forms` (most exact first) that fits in `width` columns, else `###`.
fn first_fitting(forms: impl IntoIterator<Item = String>, width: usize) -> String {
    forms.into_iter().find(|form| form.width() <= width).unwrap_or_else(|| cut(width))
}

/// Every form of a number of `magnitude` (≥ 0) with `sign`, most exact first (see the notes
/// above `money_within`).
fn forms(sign: &str, magnitude: f64, style: NumberStyle) -> Vec<String> {
    let mut digits: Vec<String> = Vec::new();
    for decimals in (0..=style.decimals).rev() {
        digits.push(fixed(magnitude, decimals, style.trim, style.group));
    }
    if style.group {
        digits.push(fixed(magnitude, 0, false, false));
    }
    // Below 999.5 the whole number is at most three digits: a suffix would not be shorter.
    if magnitude >= 999.5 {
        digits.extend([1, 0].into_iter().filter_map(|decimals| with_thousands(magnitude, decimals)));
    }
    digits.dedup();
    let (spaced, tight) = (style.unit, style.unit.trim_start());
    let mut forms = Vec::with_capacity(2 * digits.len());
    for digits in digits {
        forms.push(format!("{sign}{}{digits}{spaced}", style.prefix));
        if tight != spaced {
            forms.push(format!("{sign}{}{digits}{tight}", style.prefix));
        }
    }
    forms
}

/// `magnitude` with `decimals` decimals, trailing zeros trimmed and the whole part grouped as
/// asked.
fn fixed(magnitude: f64, decimals: usize, trim: bool, group: bool) -> String {
    let text = format!("{magnitude:.decimals$}");
    let text = if trim { without_trailing_zeros(text) } else { text };
    if !group {
        return text;
    }
    match text.split_once('.') {
        Some((whole, fraction)) => format!("{}.{fraction}", group_digits(whole)),
        None => group_digits(&text),
    }
}

/// `magnitude` in the smallest thousands unit that keeps it under 1000 once rounded to
/// `decimals` ("15.0k", "1.2M"); `None` beyond trillions.
fn with_thousands(magnitude: f64, decimals: usize) -> Option<String> {
    THOUSANDS.iter().find_map(|&(scale, suffix)| {
        let text = format!("{:.decimals$}", magnitude / scale);
        text.parse::<f64>().is_ok_and(|m| m < 1000.0).then(|| format!("{text}{suffix}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_values_keep_every_digit() {
        assert_eq!(exact_value(280_000.5, Unit::Currency), "₹2,80,000.5");
        assert_eq!(exact_value(0.82, Unit::Percent), "0.82%");
        assert_eq!(exact_value(-1234567.0, Unit::Count), "-12,34,567");
        assert_eq!(exact_value(4.25, Unit::Score), "4.25/5");
    }

    fn months(list: &[&str]) -> Vec<Month> {
        list.iter().map(|m| m.parse().unwrap()).collect()
    }

    #[test]
    fn open_months_read_as_runs() {
        assert_eq!(month_runs(&months(&["2026-11"])), "Nov 2026");
        assert_eq!(month_runs(&months(&["2026-10", "2026-11", "2026-12"])), "Oct–Dec 2026");
        assert_eq!(month_runs(&months(&["2025-12", "2026-01"])), "Dec 2025–Jan 2026");
        assert_eq!(month_runs(&months(&["2026-01", "2026-03", "2026-04"])), "Jan, Mar–Apr 2026");
        assert_eq!(month_runs(&months(&["2025-11", "2026-02"])), "Nov 2025, Feb 2026");
        let q4: Period = "2026-Q4".parse().unwrap();
        assert_eq!(finality(q4, &Finality::Final), "final");
        let open = Finality::Provisional { open: months(&["2026-11", "2026-12"]) };
        assert_eq!(finality(q4, &open), "provisional: Nov–Dec 2026 open");
        let november = Finality::Provisional { open: months(&["2026-11"]) };
        assert_eq!(finality("2026-11".parse().unwrap(), &november), "provisional (open)");
    }

    #[test]
    fn indian_grouping_and_money() {
        assert_eq!(group_indian(999), "999");
        assert_eq!(group_indian(1000), "1,000");
        assert_eq!(group_indian(123456), "1,23,456");
        assert_eq!(group_indian(12345678), "1,23,45,678");
        assert_eq!(money(45600.4), "₹45,600");
        assert_eq!(money(1_240_000.0), "₹12.4 L");
        assert_eq!(money(32_100_000.0), "₹3.21 Cr");
        assert_eq!(money(-500.0), "-₹500");
    }

    #[test]
    fn units_and_scores() {
        assert_eq!(kpi_value(12.5, Unit::Percent), "12.5%");
        assert_eq!(kpi_value(4.26, Unit::Score), "4.3/5");
        assert_eq!(kpi_value(1500.0, Unit::Count), "1,500");
        assert_eq!(kpi_value(2.0, Unit::Days), "2 d");
        assert_eq!(score(Some(96.44)), "96.4");
        assert_eq!(score(None), "–");
        assert_eq!(delta(Some(-3.21)), "-3.2");
        assert_eq!(delta(Some(0.01)), "±0.0");
    }

    #[test]
    fn sparklines_and_bars() {
        assert_eq!(sparkline(&[Some(0.0), Some(50.0), None, Some(100.0)]), "▁▅ █");
        assert_eq!(sparkline(&[None, None]), "  ");
        assert_eq!(sparkline(&[Some(5.0), Some(5.0)]), "▄▄");
        assert_eq!(bar(0.5, 4), "██  ");
        assert_eq!(bar(1.5, 3), "███");
        assert_eq!(bar(0.0, 2), "  ");
        assert_eq!(bar(0.0625, 2), "▏ ");
        assert_eq!(bar(0.25, 2), "▌ ");
        assert_eq!(fit("Relationship", 6), "Relat…");
    }

    #[test]
    fn text_is_measured_and_cut_in_columns() {
        // CJK takes two columns: a cut never leaves half a character past the edge.
        assert_eq!(width("田中 太郎"), 9);
        assert_eq!(fit("田中 太郎", 9), "田中 太郎");
        assert_eq!(fit("田中 太郎", 6), "田中 …");
        assert_eq!(fit("田中 太郎", 4), "田…");
        assert_eq!(width(&fit("田中太郎", 4)), 3, "no room for half of 中: the cut is one column short");
        // Combining marks take no column and stay with their letter.
        let jose = "Jose\u{301} Rao";
        assert_eq!(width(jose), 8);
        assert_eq!(fit(jose, 8), jose);
        assert_eq!(fit(jose, 5), "Jose\u{301}…");
        // A flag is one two-column picture; emoji likewise.
        assert_eq!(width("🇮🇳 Asha"), 7);
        assert_eq!(fit("Asha 🇮🇳 Rao", 8), "Asha 🇮🇳…");
        assert_eq!(fit("Asha 🇮🇳 Rao", 7), "Asha …", "never half a flag");
        // Hidden characters are dropped before measuring: they neither show nor take room.
        assert_eq!(fit("\u{202E}Asha\u{200B}Rao", 20), "AshaRao");
        assert_eq!(width("👩\u{200D}💼"), 4, "without its joiner a ZWJ sequence is two emoji");
        assert_eq!(pad("田中", 6), "田中  ");
        assert_eq!(pad("Asha Rao", 5), "Asha…");
        assert_eq!(fit("x", 0), "");
    }

    #[test]
    fn an_achievement_too_wide_for_its_column_is_shortened_not_cut_from_the_left() {
        // The issue: 15000% in the 5-column achievement cell showed as "5000%".
        assert_eq!(achievement_within(Some(15000.0), 6), "15000%");
        assert_eq!(achievement_within(Some(15000.0), 5), "15k%");
        assert_eq!(achievement_within(Some(150_000.0), 6), "150k%");
        assert_eq!(achievement_within(Some(1_234_567.0), 6), "1.2M%");
        assert_eq!(achievement_within(Some(15000.0), 3), "###");
        assert_eq!(achievement_within(Some(118.4), 5), "118%");
        assert_eq!(achievement_within(None, 5), "–");
        assert_eq!(percent_within(Some(0.85), 5), "85%");
        assert_eq!(percent_within(Some(150.0), 5), "15k%");
        // The one-decimal thousands form comes before the whole one when it fits.
        assert_eq!(forms("", 15000.0, NumberStyle { unit: "%", ..PLAIN }), ["15000%", "15.0k%", "15k%"]);
    }

    #[test]
    fn a_negative_number_keeps_its_sign_in_any_width() {
        // The issue: -1800% showed as "1800%".
        assert_eq!(achievement_within(Some(-1800.0), 6), "-1800%");
        assert_eq!(achievement_within(Some(-1800.0), 5), "-2k%");
        assert_eq!(achievement_within(Some(-1800.0), 4), "-2k%");
        assert_eq!(achievement_within(Some(-1800.0), 3), "###");
        assert_eq!(money_within(-32_100_000.0, 6), "-₹3 Cr");
        assert_eq!(money_within(-32_100_000.0, 5), "-₹3Cr");
        assert_eq!(money_within(-32_100_000.0, 4), "####");
        assert_eq!(delta_within(Some(-12345.6), 6), "-12346");
        assert_eq!(delta_within(Some(-12345.6), 5), "-12k");
        assert_eq!(delta_within(Some(-12.34), 3), "-12");
        assert_eq!(delta_within(Some(-12.34), 2), "##");
        assert_eq!(score_within(Some(-0.01), 4), "-0.0", "as `score` shows it");
    }

    #[test]
    fn a_large_balance_loses_decimals_then_takes_a_thousands_suffix() {
        // The issue: ₹12,345.68 Cr showed as "345.68 Cr".
        let balance = 123_456_800_000.0;
        assert_eq!(money_within(balance, 20), "₹12,345.68 Cr");
        assert_eq!(money_within(balance, 12), "₹12,345.68Cr");
        assert_eq!(money_within(balance, 11), "₹12,345.7Cr");
        assert_eq!(money_within(balance, 10), "₹12,346 Cr", "rounded, not truncated");
        assert_eq!(money_within(balance, 9), "₹12,346Cr");
        assert_eq!(money_within(balance, 8), "₹12346Cr");
        assert_eq!(money_within(balance, 7), "₹12k Cr");
        assert_eq!(money_within(balance, 6), "₹12kCr");
        assert_eq!(money_within(balance, 5), "#####");
        // The whole ladder, spaced forms first at each precision.
        let ladder = forms("", balance / 1e7, NumberStyle { decimals: 2, group: true, unit: " Cr", ..RUPEES });
        let spaced: Vec<&str> = ladder.iter().map(String::as_str).filter(|form| form.ends_with(" Cr")).collect();
        assert_eq!(spaced, ["₹12,345.68 Cr", "₹12,345.7 Cr", "₹12,346 Cr", "₹12346 Cr", "₹12.3k Cr", "₹12k Cr"]);
    }

    #[test]
    fn money_within_matches_money_where_money_fits() {
        for value in [0.0, 950.0, 45_600.4, -500.0, 1_240_000.0, 32_100_000.0, 98_765_432.1] {
            assert_eq!(money_within(value, 20), money(value), "{value}");
            assert_eq!(money_within(value, money(value).width()), money(value), "{value}");
        }
        assert_eq!(money_within(45_600.4, 6), "₹45600");
        assert_eq!(money_within(45_600.4, 5), "₹46k");
        assert_eq!(money_within(1_240_000.0, 6), "₹12.4L");
        assert_eq!(money_within(1_240_000.0, 5), "₹12 L");
        assert_eq!(money_within(1_240_000.0, 4), "₹12L");
        assert_eq!(money_within(32_100_000.0, 7), "₹3.21Cr");
        assert_eq!(money_within(32_100_000.0, 6), "₹3.2Cr");
        assert_eq!(money_within(f64::NAN, 4), "####");
        assert_eq!(money_within(f64::INFINITY, 0), "");
    }

    #[test]
    fn counts_group_then_ungroup_then_take_k_and_m() {
        let count = 12_345_678.0;
        assert_eq!(count_within(count, 11), "1,23,45,678");
        assert_eq!(count_within(count, 10), "12345678");
        assert_eq!(count_within(count, 8), "12345678");
        assert_eq!(count_within(count, 7), "12.3M");
        assert_eq!(count_within(count, 4), "12M");
        assert_eq!(count_within(count, 2), "##");
        assert_eq!(count_within(12.5, 4), "12.5");
        assert_eq!(count_within(12.5, 3), "12", "13 would be as right; format rounds half to even");
        assert_eq!(count_within(-1500.0, 6), "-1,500");
        assert_eq!(count_within(-1500.0, 5), "-1500");
        assert_eq!(count_within(-1500.0, 4), "-2k");
    }

    #[test]
    fn kpi_values_match_kpi_value_where_it_fits_and_shorten_otherwise() {
        let cases = [
            (12.5, Unit::Percent),
            (4.26, Unit::Score),
            (1500.0, Unit::Count),
            (2.0, Unit::Days),
            (7.25, Unit::Hours),
            (1.375, Unit::Ratio),
            (32_100_000.0, Unit::Currency),
        ];
        for (value, unit) in cases {
            assert_eq!(kpi_value_within(value, unit, 16), kpi_value(value, unit), "{value} {unit:?}");
        }
        assert_eq!(kpi_value_within(12.6, Unit::Percent, 4), "13%");
        assert_eq!(kpi_value_within(15000.0, Unit::Percent, 5), "15k%");
        assert_eq!(kpi_value_within(4.26, Unit::Score, 4), "4/5");
        assert_eq!(kpi_value_within(7.25, Unit::Hours, 4), "7.2h", "the space goes before a decimal does");
        assert_eq!(kpi_value_within(7.25, Unit::Hours, 3), "7 h");
        assert_eq!(kpi_value_within(1234.0, Unit::Days, 6), "1234 d");
        assert_eq!(kpi_value_within(1234.0, Unit::Days, 4), "1k d");
        assert_eq!(kpi_value_within(1.375, Unit::Ratio, 4), "1.4×");
    }

    #[test]
    fn scores_and_changes_shorten_and_say_when_missing() {
        assert_eq!(score_within(Some(96.44), 5), "96.4");
        assert_eq!(score_within(Some(96.44), 3), "96");
        assert_eq!(score_within(Some(96.44), 1), "#");
        assert_eq!(score_within(None, 5), "–");
        assert_eq!(score_within(None, 0), "");
        assert_eq!(delta_within(Some(1.5), 4), "+1.5");
        assert_eq!(delta_within(Some(1.5), 2), "+2");
        assert_eq!(delta_within(Some(0.01), 4), "±0.0");
        assert_eq!(delta_within(Some(-0.01), 2), "±0");
        assert_eq!(delta_within(Some(-0.01), 1), "#", "a bare 0 would hide which way it went");
        assert_eq!(delta_within(None, 3), "–");
        assert_eq!(delta_within(Some(f64::NAN), 3), "###");
        for value in [Some(96.44), Some(-3.21), None] {
            assert_eq!(score_within(value, 16), score(value));
        }
        for value in [Some(1.5), Some(-12.0), Some(0.01), None] {
            assert_eq!(delta_within(value, 16), delta(value));
        }
    }

    /// A shortened number read back: its value and how far rounding to its form may have
    /// moved it; `None` when it does not read as a number.
    fn read_back(text: &str) -> Option<(f64, f64)> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.trim_start_matches(['+', '±'])),
        };
        let rest = rest.strip_prefix('₹').unwrap_or(rest);
        const UNITS: [(&str, f64); 11] = [
            (" Cr", 1e7),
            ("Cr", 1e7),
            (" L", 1e5),
            ("L", 1e5),
            ("%", 1.0),
            ("×", 1.0),
            ("/5", 1.0),
            (" d", 1.0),
            ("d", 1.0),
            (" h", 1.0),
            ("h", 1.0),
        ];
        let (rest, unit) = UNITS
            .iter()
            .find_map(|&(unit, scale)| rest.strip_suffix(unit).map(|rest| (rest, scale)))
            .unwrap_or((rest, 1.0));
        let (rest, thousands) = THOUSANDS
            .iter()
            .find_map(|&(scale, suffix)| rest.strip_suffix(suffix).map(|rest| (rest, scale)))
            .unwrap_or((rest, 1.0));
        let digits = rest.replace(',', "");
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let magnitude: f64 = digits.parse().ok()?;
        let decimals = digits.split_once('.').map_or(0, |(_, fraction)| fraction.len());
        let scale = unit * thousands;
        let value = if negative { -magnitude } else { magnitude } * scale;
        Some((value, 0.5 * 10f64.powi(-(decimals as i32)) * scale))
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const UNITS: [Unit; 7] =
            [Unit::Count, Unit::Currency, Unit::Percent, Unit::Ratio, Unit::Days, Unit::Hours, Unit::Score];

        /// Each kind of number the screens show: its text in `width` columns and the value the
        /// text should stand for.
        fn shown_within(kind: usize, value: f64, width: usize) -> (String, f64) {
            match kind {
                0..7 => (kpi_value_within(value, UNITS[kind], width), value),
                7 => (achievement_within(Some(value), width), value),
                8 => (percent_within(Some(value / 100.0), width), value),
                9 => (score_within(Some(value), width), value),
                _ => (delta_within(Some(value), width), value),
            }
        }

        fn values() -> impl Strategy<Value = f64> {
            prop_oneof![-1e14..1e14f64, -1e6..1e6f64, -2000.0..2000.0f64, -1.0..1.0f64, Just(0.0), Just(-999.6)]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2048))]

            #[test]
            fn a_number_fits_its_column_and_reads_right_or_is_marked_cut(
                value in values(), width in 1usize..=16, kind in 0usize..11,
            ) {
                let (text, meant) = shown_within(kind, value, width);
                prop_assert!(text.width() <= width, "{text:?} is wider than {width}");
                if text.chars().all(|c| c == CUT_MARK) {
                    prop_assert_eq!(text.chars().count(), width, "a cut fills the cell");
                    return Ok(());
                }
                let Some((read, rounding)) = read_back(&text) else {
                    return Err(TestCaseError::fail(format!("{text:?} does not read as a number")));
                };
                let slack = rounding * (1.0 + 1e-9) + meant.abs() * 1e-12;
                prop_assert!((read - meant).abs() <= slack, "{text:?} reads {read}, meant {meant}");
                prop_assert_eq!(text.starts_with('-'), meant < 0.0 && !text.starts_with('±'), "sign of {:?} for {}", text, meant);
            }

            #[test]
            fn a_wider_column_never_shows_a_less_exact_form(value in values(), width in 1usize..=15, kind in 0usize..11) {
                let (narrow, _) = shown_within(kind, value, width);
                let (wide, _) = shown_within(kind, value, width + 1);
                let tolerance = |text: &str| read_back(text).map_or(f64::INFINITY, |(_, rounding)| rounding);
                prop_assert!(tolerance(&wide) <= tolerance(&narrow), "{narrow:?} in {width}, {wide:?} in {}", width + 1);
            }
        }
    }
}
