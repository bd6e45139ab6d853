//! Drawing the dashboard from `App` state: the frame (title, tabs, status bar), the tab on
//! screen (each tab draws itself), the input line and any overlay. Reads state only.

mod overlay;

use super::app::{App, SaveProgress};
use super::effect::{InputPurpose, MessageKind};
use super::format::{clip, exact_value, fit, pad, width as width_of};
use super::tab::Tab;
use super::tabs::Context;
use super::tabs::drilldown::DrilldownView;
use super::tabs::portfolio::PortfolioView;
use super::tabs::team::TeamView;
use super::theme::Theme;
use super::wrap::{fit_words, wrap};
use crate::import::ValueKind;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use strum::VariantArray;

/// Below this size the dashboard asks for a larger terminal instead of drawing.
pub const MIN_WIDTH: u16 = 72;
pub const MIN_HEIGHT: u16 = 20;

pub fn render(app: &App, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(area, frame);
        return;
    }
    // Messages wrap rather than lose words: the bars grow by the lines they need.
    let status_lines = status_lines(app, theme, area.width as usize);
    let input = app.input.as_ref().map(|_| input_parts(app, theme, area.width as usize));
    let input_height = input.as_ref().map_or(0, |parts| 1 + parts.verdict.len() as u16);
    let [title, body, input_area, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(input_height),
        Constraint::Length(status_lines.len() as u16),
    ])
    .areas(area);
    render_title(app, theme, title, frame);
    match &app.data {
        None => {
            let block = Block::new().borders(Borders::ALL).title(" branchboard ");
            // A first read that failed says why (the status message goes after a few seconds);
            // `[`, `]` or another session's change try again.
            let text = match &app.load_error {
                Some(why) => format!("{why}\n\n[ or ] tries again; q quits."),
                None => "Reading the branch file…".to_string(),
            };
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }).block(block), body);
        }
        Some(data) => {
            let actor = &app.actor;
            match app.tab {
                Tab::Team => frame.render_widget(TeamView { tab: &app.team, data, actor, theme }, body),
                Tab::Portfolio => frame.render_widget(PortfolioView { tab: &app.portfolio, data, actor, theme }, body),
                Tab::Drilldown => frame.render_widget(DrilldownView { tab: &app.drilldown, data, actor, theme }, body),
            }
        }
    }
    if let Some(parts) = input {
        render_input(app, theme, parts, input_area, frame);
    }
    frame.render_widget(Paragraph::new(status_lines), status);
    if let (Some(dialog), Some(data)) = (&app.dialog, &app.data) {
        dialog.render(&Context { data, actor: &app.actor }, theme, body, frame);
    }
    if let Some(overlay) = &app.overlay {
        overlay::render(overlay, theme, body, frame);
    }
}

fn render_too_small(area: Rect, frame: &mut Frame) {
    let text = format!(
        "Enlarge the terminal: branchboard needs at least {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{}). q quits.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn render_title(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let mut spans = vec![Span::styled(" branchboard ", theme.title()), Span::raw(" ")];
    for (i, tab) in Tab::VARIANTS.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, tab.title());
        let style = if *tab == app.tab { theme.selected().add_modifier(Modifier::BOLD) } else { theme.dim() };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = (area.width as usize).saturating_sub(used);
    // The period on screen, with its kind when there is room for it.
    let period = match (app.loading(), &app.data) {
        (Some(next), _) => [format!(" loading {next}… "), format!(" {next}… ")],
        (None, Some(data)) => {
            [format!(" {} ({}) ", data.period, data.period.kind().label()), format!(" {} ", data.period)]
        }
        (None, None) => [String::new(), String::new()],
    };
    let period = period.iter().find(|p| width_of(p) <= room).cloned().unwrap_or_else(|| fit(&period[1], room));
    let gap = (area.width as usize).saturating_sub(used + width_of(&period));
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(period, Style::new().add_modifier(Modifier::BOLD)));
    frame.render_widget(Line::from(spans), area);
}

/// The input line: a prompt, the field, and the verdict on the value (on lines of its own
/// below when it does not fit beside the field).
struct InputParts {
    prompt: String,
    field_width: usize,
    verdict_beside: Option<Span<'static>>,
    verdict: Vec<Line<'static>>,
}

fn input_parts(app: &App, theme: Theme, width: usize) -> InputParts {
    let Some(open) = &app.input else {
        return InputParts { prompt: String::new(), field_width: 0, verdict_beside: None, verdict: vec![] };
    };
    let prompt = match &open.purpose {
        InputPurpose::Filter(Tab::Team) => "Filter staff: ".to_string(),
        InputPurpose::Filter(Tab::Portfolio) if app.portfolio.is_finding() => "Find a customer (name or id): ".into(),
        InputPurpose::Filter(Tab::Portfolio) => "Filter: ".to_string(),
        InputPurpose::Filter(Tab::Drilldown) => "Filter KRAs and KPIs: ".to_string(),
        // Names take up to a third of the line: the field and its verdict need the rest.
        InputPurpose::EditValue(edit) => {
            let what = match edit.kind {
                ValueKind::Target => "Target",
                ValueKind::Actual => "Actual",
            };
            // An actual is typed against its target, in the KPI's unit.
            let target = match (edit.kind, edit.target) {
                (ValueKind::Actual, Some(t)) => format!(", target {}", exact_value(t, edit.unit)),
                _ => String::new(),
            };
            format!(
                "{what} · {} · {} ({}{target}): ",
                fit(&edit.kpi_name, (width / 4).max(16)),
                edit.month,
                edit.unit.code()
            )
        }
        InputPurpose::RecordContact { customer_name, .. } => {
            format!("Contact with {} on (YYYY-MM-DD): ", fit(customer_name, (width / 3).max(20)))
        }
        InputPurpose::EditRating { login, capability_name, .. } => {
            format!("{} · {} (1–5): ", fit(login, 20), fit(capability_name, (width / 3).max(24)))
        }
    };
    let (verdict, style) = match (open.validation(), &open.purpose) {
        (Some(Ok(_)), InputPurpose::RecordContact { .. }) => ("✓ Enter records it".to_string(), theme.ok()),
        (Some(Ok(value)), InputPurpose::EditValue(edit)) => match open.doubt() {
            Some(meant) => (
                format!("? {} — did you mean {}?", exact_value(value, edit.unit), exact_value(meant, edit.unit)),
                theme.error(),
            ),
            None => (format!("✓ {} · Enter saves", exact_value(value, edit.unit)), theme.ok()),
        },
        (Some(Ok(value)), _) => (format!("✓ {} · Enter saves", crate::store::format_value(value)), theme.ok()),
        // Nothing typed yet is not an error: say what to do.
        (Some(Err(_)), _) if open.input.value().trim().is_empty() => {
            ("type the value · Enter saves · Esc cancels".to_string(), theme.dim())
        }
        (Some(Err(reason)), _) => (format!("✗ {reason}"), theme.error()),
        (None, _) if app.portfolio.is_finding() => ("Enter: to the list · Esc closes".to_string(), theme.dim()),
        (None, _) => ("Enter keeps · Esc clears".to_string(), theme.dim()),
    };
    let field_width = width.saturating_sub(width_of(&prompt) + 2).min(14);
    let room = width.saturating_sub(width_of(&prompt) + field_width + 1);
    if width_of(&verdict) <= room {
        InputParts {
            prompt,
            field_width,
            verdict_beside: Some(Span::styled(format!(" {verdict}"), style)),
            verdict: vec![],
        }
    } else {
        let lines = wrap(&verdict, width.saturating_sub(2)).into_iter().take(3);
        let verdict = lines.map(|l| Line::from(Span::styled(format!("  {l}"), style))).collect();
        InputParts { prompt, field_width, verdict_beside: None, verdict }
    }
}

fn render_input(app: &App, theme: Theme, parts: InputParts, area: Rect, frame: &mut Frame) {
    let Some(open) = &app.input else { return };
    let prompt_width = width_of(&parts.prompt);
    // tui-input scrolls in columns: skip that many, then show what fits the field.
    let scroll = open.input.visual_scroll(parts.field_width);
    let mut spans = vec![
        Span::styled(parts.prompt.clone(), theme.key()),
        Span::styled(
            input_window(open.input.value(), scroll, parts.field_width),
            Style::new().add_modifier(Modifier::UNDERLINED),
        ),
    ];
    spans.extend(parts.verdict_beside);
    let mut lines = vec![Line::from(spans)];
    lines.extend(parts.verdict);
    frame.render_widget(Paragraph::new(lines), area);
    let cursor_x = area.x + prompt_width as u16 + (open.input.visual_cursor().saturating_sub(scroll)) as u16;
    frame.set_cursor_position((cursor_x.min(area.right().saturating_sub(1)), area.y));
}

/// The part of an input's text that shows in a field `field_width` columns wide, scrolled by
/// `scroll` columns, padded to the field.
fn input_window(value: &str, scroll: usize, field_width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut skipped = 0;
    let rest: String = value
        .chars()
        .skip_while(|c| {
            let skip = skipped < scroll;
            skipped += c.width().unwrap_or(0);
            skip
        })
        .collect();
    // A scrolling field cuts plainly, without `fit`'s ellipsis.
    pad(&clip(&rest, field_width), field_width)
}

/// The first pieces (most important first) that fit `room`, joined with " · " in the order
/// given; the first alone, cut at a word, when nothing else fits.
fn pieces_that_fit(pieces: &[String], room: usize) -> Option<String> {
    (1..=pieces.len()).rev().map(|keep| pieces[..keep].join(" · ")).find(|text| width_of(text) <= room)
}

/// The status bar: who you are, then the answer to the last key and any save under way, or
/// else the period, whether it is final, the file and when data last changed. A message
/// longer than the bar wraps onto up to three lines.
fn status_lines(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let who = format!(" {} ({}) ", fit(&app.actor.login, 24), app.actor.role.short_label());
    // A save under way stays in the bar until it ends: the user must know the change is not in yet.
    let saving = app.saving().map(|(progress, what)| match progress {
        SaveProgress::Saving => format!("saving {}…", fit(&what, 30)),
        SaveProgress::Waiting => "waiting for another change to the branch file…".to_string(),
    });
    let message = app.status.as_ref().map(|s| &s.message);
    let text = match (message, saving) {
        (Some(m), Some(saving)) => Some((format!("{} · {saving}", m.text), m.kind)),
        (None, Some(saving)) => Some((saving, MessageKind::Info)),
        (Some(m), None) => Some((m.text.clone(), m.kind)),
        (None, None) => None,
    };
    let room = width.saturating_sub(width_of(&who) + 1);
    let who = Span::styled(who, theme.selected());
    let Some((text, kind)) = text else {
        // The period and its finality matter most, then the file, the time of the last
        // change (shortened before anything is dropped), then the help key.
        let (pieces, updated) = match &app.data {
            Some(data) => (
                vec![
                    format!("{} {}", data.period, super::format::finality(data.period, &data.finality())),
                    app.db_label.clone(),
                    "? help".to_string(),
                ],
                vec![format!(" updated {} ", app.last_change), format!(" {} ", app.last_change)],
            ),
            None => (vec![app.db_label.clone(), "? help".to_string()], vec![String::new()]),
        };
        let (middle, updated) = updated
            .iter()
            .find_map(|u| {
                let text = pieces_that_fit(&pieces, room.saturating_sub(width_of(u)))?;
                (text.contains(&pieces[..2.min(pieces.len())].join(" · ")) || u.is_empty()).then_some((text, u.clone()))
            })
            .unwrap_or_else(|| {
                let u = updated.last().cloned().unwrap_or_default();
                let room = room.saturating_sub(width_of(&u));
                (pieces_that_fit(&pieces, room).unwrap_or_else(|| fit_words(&pieces[0], room)), u)
            });
        let room = room.saturating_sub(width_of(&updated));
        let gap = room.saturating_sub(width_of(&middle));
        return vec![Line::from(vec![
            who,
            Span::raw(" "),
            Span::styled(middle, theme.dim()),
            Span::raw(" ".repeat(gap)),
            Span::styled(updated, theme.dim()),
        ])];
    };
    let style = if kind == MessageKind::Error { theme.error() } else { Style::new() };
    // Messages quote names and values from the file: `wrap` shows them as the text policy says.
    let mut lines: Vec<String> = wrap(&text, room);
    if lines.len() > 3 {
        let rest = lines.split_off(2).join(" ");
        lines.push(fit_words(&rest, room));
    }
    let indent = " ".repeat(who.width() + 1);
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let lead = if i == 0 { who.clone() } else { Span::raw(indent.clone()) };
            Line::from(vec![lead, Span::raw(" "), Span::styled(line, style)])
        })
        .collect()
}
