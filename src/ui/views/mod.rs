//! Drawing the dashboard from `App` state: the frame (title, tabs, status bar), the tab on
//! screen, the input line and any overlay. Reads state only; never queries or mutates.

mod drilldown;
mod overlay;
mod portfolio;
mod team;

use super::app::{App, InputPurpose, StatusKind};
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
    let pad = (area.width as usize).saturating_sub(used + period.chars().count());
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(period, Style::new().add_modifier(Modifier::BOLD)));
    frame.render_widget(Line::from(spans), area);
}

fn render_input(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let Some(open) = &app.input else { return };
    let prompt = match &open.purpose {
        InputPurpose::TeamFilter => "Filter staff: ".to_string(),
        InputPurpose::CustomerFilter => "Filter customers: ".to_string(),
        InputPurpose::EditActual { kpi_name, month, .. } => format!("{} · {month}: ", super::format::fit(kpi_name, 24)),
        InputPurpose::EditRating { login, capability_name, .. } => {
            format!("{login} · {} (1–5): ", super::format::fit(capability_name, 24))
        }
    };
    let verdict = match open.validation() {
        Some(Ok(value)) => Span::styled(format!(" ✓ {} · Enter saves", crate::store::format_value(value)), theme.ok()),
        Some(Err(reason)) => Span::styled(format!(" ✗ {reason}"), theme.error()),
        None => Span::styled(" Enter keeps · Esc clears", theme.dim()),
    };
    let field_width = (area.width as usize).saturating_sub(prompt.chars().count() + 2).min(14);
    let scroll = open.input.visual_scroll(field_width);
    let visible: String = open.input.value().chars().skip(scroll).take(field_width).collect();
    let line = Line::from(vec![
        Span::styled(prompt.clone(), theme.key()),
        Span::styled(format!("{visible:<field_width$}"), Style::new().add_modifier(Modifier::UNDERLINED)),
        verdict,
    ]);
    frame.render_widget(line, area);
    let cursor_x = area.x + prompt.chars().count() as u16 + (open.input.visual_cursor().saturating_sub(scroll)) as u16;
    frame.set_cursor_position((cursor_x.min(area.right().saturating_sub(1)), area.y));
}

fn render_status(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let who = format!(" {} ({}) ", app.actor.login, app.actor.role.short_label());
    // A message takes the rest of the bar; otherwise it shows the file and when data changed.
    let (middle, style, updated) = match &app.status {
        Some(m) if m.kind == StatusKind::Error => (m.text.clone(), theme.error(), String::new()),
        Some(m) => (m.text.clone(), Style::new(), String::new()),
        None => (
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
    let room = (area.width as usize).saturating_sub(who.chars().count() + updated.chars().count() + 1);
    let middle = super::format::fit(&middle, room);
    let pad = room.saturating_sub(middle.chars().count());
    let line = Line::from(vec![
        Span::styled(who, theme.selected()),
        Span::raw(" "),
        Span::styled(middle, style),
        Span::raw(" ".repeat(pad)),
        Span::styled(updated, theme.dim()),
    ]);
    frame.render_widget(line, area);
}
