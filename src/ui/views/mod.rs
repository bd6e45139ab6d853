//! Drawing the dashboard from `App` state: the frame (title, tabs, status bar), the tab on
//! screen, the input line and any overlay. Reads state only; never queries or mutates.

mod drilldown;
mod overlay;
mod portfolio;
mod team;

use super::app::{App, InputPurpose, SaveProgress, StatusKind};
use super::format::{clip, fit, pad, width};
use super::state::Tab;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Below this size the dashboard asks for a larger terminal instead of drawing.
pub const MIN_WIDTH: u16 = 72;
pub const MIN_HEIGHT: u16 = 20;

pub fn render(app: &App, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(area, frame);
        return;
    }
    let input_height = u16::from(app.input.is_some());
    let [title, body, input, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(input_height),
        Constraint::Length(1),
    ])
    .areas(area);
    render_title(app, theme, title, frame);
    match app.tab {
        Tab::Team => team::render(app, theme, body, frame),
        Tab::Portfolio => portfolio::render(app, theme, body, frame),
        Tab::Drilldown => drilldown::render(app, theme, body, frame),
    }
    if app.input.is_some() {
        render_input(app, theme, input, frame);
    }
    render_status(app, theme, status, frame);
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
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, tab.title());
        let style = if *tab == app.tab { theme.selected().add_modifier(Modifier::BOLD) } else { theme.dim() };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    let period = match app.loading() {
        Some(next) => format!(" loading {next}… "),
        None => format!(" {} ({}) ", app.data.period, app.data.period.kind().label()),
    };
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let gap = (area.width as usize).saturating_sub(used + width(&period));
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(period, Style::new().add_modifier(Modifier::BOLD)));
    frame.render_widget(Line::from(spans), area);
}

fn render_input(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let Some(open) = &app.input else { return };
    let prompt = match &open.purpose {
        InputPurpose::TeamFilter => "Filter staff: ".to_string(),
        InputPurpose::CustomerFilter => "Filter customers: ".to_string(),
        InputPurpose::EditActual { kpi_name, month, .. } => format!("{} · {month}: ", fit(kpi_name, 24)),
        InputPurpose::EditRating { login, capability_name, .. } => {
            format!("{} · {} (1–5): ", fit(login, 20), fit(capability_name, 24))
        }
    };
    let verdict = match open.validation() {
        Some(Ok(value)) => Span::styled(format!(" ✓ {} · Enter saves", crate::store::format_value(value)), theme.ok()),
        Some(Err(reason)) => Span::styled(format!(" ✗ {reason}"), theme.error()),
        None => Span::styled(" Enter keeps · Esc clears", theme.dim()),
    };
    let prompt_width = width(&prompt);
    let field_width = (area.width as usize).saturating_sub(prompt_width + 2).min(14);
    // tui-input scrolls in columns: skip that many, then show what fits the field.
    let scroll = open.input.visual_scroll(field_width);
    let line = Line::from(vec![
        Span::styled(prompt, theme.key()),
        Span::styled(
            input_window(open.input.value(), scroll, field_width),
            Style::new().add_modifier(Modifier::UNDERLINED),
        ),
        verdict,
    ]);
    frame.render_widget(line, area);
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

fn render_status(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let who = format!(" {} ({}) ", fit(&app.actor.login, 24), app.actor.role.short_label());
    // A save under way stays in the bar until it ends: the user must know the change is not in yet.
    let saving = app.saving().map(|(progress, what)| match progress {
        SaveProgress::Saving => format!("saving {}…", fit(what, 30)),
        SaveProgress::Waiting => "waiting for another change to the branch file…".to_string(),
    });
    // A message takes the rest of the bar (the answer to the last key first, then the save);
    // otherwise it shows the file and when data changed.
    let (middle, style, updated) = match (&app.status, saving) {
        (Some(m), Some(saving)) => {
            let style = if m.kind == StatusKind::Error { theme.error() } else { Style::new() };
            (format!("{} · {saving}", m.text), style, String::new())
        }
        (None, Some(saving)) => (saving, Style::new(), String::new()),
        (Some(m), None) if m.kind == StatusKind::Error => (m.text.clone(), theme.error(), String::new()),
        (Some(m), None) => (m.text.clone(), Style::new(), String::new()),
        (None, None) => (
            format!(
                "{} {} · {} · ? help",
                app.data.period,
                super::format::finality(app.data.period, &app.data.finality()),
                app.db_label
            ),
            theme.dim(),
            format!(" updated {} ", app.last_change),
        ),
    };
    let room = (area.width as usize).saturating_sub(width(&who) + width(&updated) + 1);
    // Messages quote names and values from the file: `fit` shows them as the text policy says.
    let middle = fit(&middle, room);
    let gap = room.saturating_sub(width(&middle));
    let line = Line::from(vec![
        Span::styled(who, theme.selected()),
        Span::raw(" "),
        Span::styled(middle, style),
        Span::raw(" ".repeat(gap)),
        Span::styled(updated, theme.dim()),
    ]);
    frame.render_widget(line, area);
}
