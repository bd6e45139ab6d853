//! Overlays drawn over the tabs: the key help (read from the key table), a value's history, a
//! KPI's months and the conflict dialog.

use crate::domain::book::is_book_derived;
use crate::domain::scoring::KpiStatus;
use crate::domain::template::{Aggregation, Direction};
use crate::ui::app::{Freshness, Overlay};
use crate::ui::format::{achievement_within, fit, kpi_value_within, pad, score_within, shown, width as width_of};
use crate::ui::keys::help_for;
use crate::ui::person::{KpiMonth, KpiTable};
use crate::ui::theme::Theme;
use crate::ui::widgets::centered;
use crate::ui::wrap::fit_words;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn render(overlay: &Overlay, theme: Theme, area: Rect, frame: &mut Frame) {
    let (title, lines, width) = match overlay {
        Overlay::Help { mode, viewer, scroll } => {
            let lines: Vec<Line> = help_for(*mode, *viewer)
                .into_iter()
                .skip(*scroll)
                .map(|(keys, what)| Line::from(vec![Span::styled(pad(&keys, 22), theme.key()), Span::raw(what)]))
                .collect();
            (" Keys · Esc closes ".to_string(), lines, 76)
        }
        Overlay::History { of, entries, scroll, freshness } => {
            let mut lines: Vec<Line> = stale_lines(freshness, theme);
            lines.extend(entries.iter().skip(*scroll).map(|e| {
                let old = e.old.as_deref().map(shown).unwrap_or_else(|| "empty".into());
                let new = e.new.as_deref().map(shown).unwrap_or_else(|| "empty".into());
                Line::from(vec![
                    Span::styled(format!("{}  ", shown(&e.at)), theme.dim()),
                    Span::raw(format!("{} {old} → {new}  ", pad(&e.actor, 14))),
                    Span::styled(format!("via {}", shown(&e.via)), theme.dim()),
                ])
            }));
            if entries.is_empty() {
                lines.push(Line::from(Span::styled("No changes recorded for this value.", theme.dim())));
            }
            (format!(" History · {}{} · Esc closes ", shown(&of.title), refreshing(freshness)), lines, 76)
        }
        Overlay::KpiMonths { title, table, scroll, freshness, .. } => {
            // As wide as the screen allows, up to what the widest columns use.
            let width = area.width.saturating_sub(4).min(112);
            let mut lines = stale_lines(freshness, theme);
            lines.extend(kpi_month_lines(table, *scroll, usize::from(width.saturating_sub(2)), theme));
            let title = format!(" {}{} · Esc closes ", shown(title), refreshing(freshness));
            (fit_words(&title, usize::from(width.saturating_sub(2))), lines, width)
        }
        Overlay::Conflict { what, key, yours, seen, stored } => {
            let lines = vec![
                Line::from(Span::styled(
                    "Not saved: someone changed this value while you were editing.",
                    theme.error(),
                )),
                Line::from(""),
                Line::from(format!("Value        {}", shown(what))),
                Line::from(Span::styled(format!("             {}", shown(key)), theme.dim())),
                Line::from(format!("You saw      {}", shown(seen))),
                Line::from(vec![
                    Span::raw("Now stored   "),
                    Span::styled(shown(stored), Style::new().add_modifier(Modifier::BOLD)),
                ]),
                Line::from(format!("You typed    {}", shown(yours))),
                Line::from(""),
                Line::from("The screen now shows the stored value; press e to edit it again."),
            ];
            (" Conflict · Esc closes ".to_string(), lines, 70)
        }
    };
    let height = (lines.len() as u16).saturating_add(2);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let mut block = Block::new().borders(Borders::ALL).title(title).border_style(theme.key());
    // More lines than the screen holds: say so where the list ends, and which key shows them.
    let hidden = lines.len().saturating_sub(popup.height.saturating_sub(2).into());
    if hidden > 0 {
        block = block.title_bottom(Line::from(format!(" {hidden} more · ↓ j ")).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), popup);
}

/// What an overlay's title adds while its rows are being read again after a change.
fn refreshing(freshness: &Freshness) -> &'static str {
    match freshness {
        Freshness::Refreshing => " · refreshing…",
        Freshness::Current | Freshness::Stale(_) => "",
    }
}

/// A first line saying the rows below are from before a change, when they could not be read again.
fn stale_lines(freshness: &Freshness, theme: Theme) -> Vec<Line<'static>> {
    match freshness {
        Freshness::Stale(why) => {
            let text = format!("Not read again after a change ({}): these are from before it.", shown(why));
            vec![Line::from(Span::styled(text, theme.error()))]
        }
        Freshness::Current | Freshness::Refreshing => vec![],
    }
}

/// A KPI's months as lines of `width` columns: what the KPI is, a header, a line per month
/// from `scroll` on, then the quarter and year to date. Numbers take a shorter form to fit,
/// never lose digits.
fn kpi_month_lines(table: &KpiTable, scroll: usize, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let kpi = &table.kpi;
    let wide = width >= 100;
    // Month, target, actual, achievement, score, status; who changed it takes the rest.
    let number = if wide { 12 } else { 9 };
    let status = if wide { 12 } else { 9 };
    let fixed = [7, number, number, 6, 6, status];
    let changed = width.saturating_sub(fixed.iter().sum::<usize>() + fixed.len());
    let cell = |text: &str, width: usize| format!("{} ", right(text, width));
    let direction = match kpi.direction {
        Direction::Higher => "higher is better",
        Direction::Lower => "lower is better",
    };
    let aggregation = match kpi.aggregation {
        Aggregation::Sum => "summed over the reported months",
        Aggregation::Mean => "averaged over the reported months",
        Aggregation::Last => "the latest reported month counts",
    };
    let about = format!("{} · {direction} · {aggregation} · cap {:.0}%", kpi.code, 100.0 * kpi.cap);
    let mut lines = vec![
        Line::from(Span::styled(fit(&shown(&about), width), theme.dim())),
        Line::from(Span::styled(
            format!(
                "{}{}{}{}{}{} {}",
                pad("Month", 8),
                cell("Target", number),
                cell("Actual", number),
                cell("Ach.", 6),
                cell("Score", 6),
                pad("Status", status),
                fit("Changed last by", changed)
            ),
            Style::new().add_modifier(Modifier::BOLD),
        )),
    ];
    let book = is_book_derived(kpi);
    for row in table.months.iter().skip(scroll) {
        let figures = format!(
            "{} {}{}{}{}",
            row.month,
            cell(&value(row.target, kpi.unit, number), number),
            cell(&value(row.actual, kpi.unit, number), number),
            cell(&achievement_within(row.achievement, 6), 6),
            cell(&score_within(row.score, 6), 6),
        );
        let (label, style) = status_of(row, status, theme);
        let who = match &row.last_change {
            // An open month of a book-derived KPI reads the book, whoever stored a value before.
            _ if book && !row.closed && !row.planned => {
                Span::styled(fit("from the customer book", changed), theme.dim())
            }
            Some(change) if wide => Span::raw(fit(
                &format!("{} · {} · via {}", shown(&change.actor), shown(&change.at), shown(&change.via)),
                changed,
            )),
            Some(change) => {
                let date = shown(change.at.get(..10).unwrap_or(&change.at));
                let actor = fit(&shown(&change.actor), changed.saturating_sub(width_of(&date) + 1));
                Span::raw(fit(&format!("{actor} {date}"), changed))
            }
            None => Span::styled("–", theme.dim()),
        };
        let line = Line::from(vec![Span::raw(figures), Span::styled(pad(label, status), style), Span::raw(" "), who]);
        lines.push(if row.planned { line.style(theme.dim()) } else { line });
    }
    if table.months.is_empty() {
        lines.push(Line::from(Span::styled("No month of this fiscal year to show yet.", theme.dim())));
    }
    lines.push(Line::from(""));
    for (span, months, k) in &table.to_date {
        let figures = format!(
            "{} {}{}{}{}",
            pad(span.label(), 7),
            cell(&value(k.target, kpi.unit, number), number),
            cell(&value(k.actual, kpi.unit, number), number),
            cell(&achievement_within(k.achievement, 6), 6),
            cell(&score_within(k.score, 6), 6),
        );
        let label = status_label(k.status, status >= 12);
        lines.push(Line::from(vec![
            Span::styled(figures, Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(pad(label, status)),
            Span::raw(" "),
            Span::styled(fit(months, changed), theme.dim()),
        ]));
    }
    lines
}

/// `text` right-aligned in `width` columns (cut, marked, only if it is wider: numbers are
/// formatted to fit first).
fn right(text: &str, width: usize) -> String {
    let text = fit(text, width);
    format!("{}{text}", " ".repeat(width.saturating_sub(width_of(&text))))
}

fn value(value: Option<f64>, unit: crate::domain::template::Unit, width: usize) -> String {
    value.map(|v| kpi_value_within(v, unit, width)).unwrap_or_else(|| "–".into())
}

fn status_label(status: KpiStatus, long: bool) -> &'static str {
    match (status, long) {
        (KpiStatus::Scored, _) => "scored",
        (KpiStatus::Missing, _) => "missing",
        (KpiStatus::NotReported, true) => "not reported",
        (KpiStatus::NotReported, false) => "not rep.",
        (KpiStatus::Untargeted, true) => "untargeted",
        (KpiStatus::Untargeted, false) => "no target",
    }
}

/// A month's status: a target set for a month still to come is planned, not "not reported".
fn status_of(row: &KpiMonth, width: usize, theme: Theme) -> (&'static str, Style) {
    match row.status {
        KpiStatus::NotReported if row.planned => ("planned", theme.dim()),
        KpiStatus::Missing => ("missing", theme.negative()),
        KpiStatus::Untargeted => (status_label(row.status, width >= 12), theme.dim()),
        other => (status_label(other, width >= 12), Style::new()),
    }
}
