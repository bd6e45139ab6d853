//! How numbers and names read on screen: Indian digit grouping, lakh/crore money, units,
//! sparklines, bars, and text from data measured in terminal columns and cut to fit.

use crate::domain::period::{Month, Period, PeriodKind};
use crate::domain::scoring::Finality;
use crate::domain::template::Unit;
use crate::domain::text::for_display;
use unicode_width::UnicodeWidthStr;

/// Groups an integer the Indian way: 1,23,45,678.
pub fn group_indian(value: u64) -> String {
    let digits = value.to_string();
    if digits.len() <= 3 {
        return digits;
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

/// A number with at most `decimals` decimals and no trailing zeros.
pub fn trim(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
