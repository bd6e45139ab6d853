//! Drawing the head-office dashboard from its state: the title with the tabs and the period,
//! a line naming the branches a quarter or year leaves out (they keep another fiscal
//! calendar), the tab on screen (each tab draws itself), the filter line, the status bar and
//! the key help. Reads state only.

use super::branches::BranchesView;
use super::coverage::CoverageView;
use super::keys::help_for;
use super::people::PeopleView;
use super::state::HqApp;
use super::tab::HqTab;
use crate::domain::period::{Period, PeriodKind};
use crate::ui::effect::MessageKind;
use crate::ui::format::{clip, fit, month_runs, pad, shown, width as width_of};
use crate::ui::theme::Theme;
use crate::ui::widgets::{boxed, centered};
use crate::ui::wrap::{fit_words, wrap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use strum::VariantArray;

/// Below this the dashboard asks for a larger terminal: the branch dashboard's minimum.
pub const MIN_WIDTH: u16 = crate::ui::views::MIN_WIDTH;
pub const MIN_HEIGHT: u16 = crate::ui::views::MIN_HEIGHT;

pub fn render(app: &HqApp, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "Enlarge the terminal: the head-office dashboard needs at least {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{}). q quits.",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let status = status_lines(app, theme, area.width.into());
    let filter_height = u16::from(app.filter_input.is_some());
    let note = calendar_note(app);
    let [title, note_area, body, filter, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(note.is_some())),
        Constraint::Min(0),
        Constraint::Length(filter_height),
        Constraint::Length(status.len() as u16),
    ])
    .areas(area);
    render_title(app, theme, title, frame);
    if let Some(note) = note {
        let line = Line::styled(fit_words(&format!(" {note}"), note_area.width.into()), theme.error());
        frame.render_widget(line, note_area);
    }
    match &app.data {
        None => {
            let text = match (&app.load_error, &app.stalled_since) {
                (Some(why), Some(since)) => {
                    format!("{}\n\nNo answer since {since}; still trying. q quits.", shown(why))
                }
                (None, Some(since)) => format!("Head office has not answered since {since}. Still waiting; q quits."),
                (Some(why), None) => format!("{}\n\nTrying again every second; q quits.", shown(why)),
                (None, None) => "Reading head office…".to_string(),
            };
            let block = boxed(" Head office ", body);
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }).block(block), body);
        }
        Some(data) => match app.tab {
            HqTab::Branches => frame.render_widget(BranchesView { app, data, theme }, body),
            HqTab::People => frame.render_widget(PeopleView { app, data, theme }, body),
            HqTab::Coverage => frame.render_widget(CoverageView { app, data, theme }, body),
        },
    }
    if app.filter_input.is_some() {
        render_filter(app, theme, filter, frame);
    }
    frame.render_widget(Paragraph::new(status), status_area);
    if let Some(help) = &app.help {
        render_help(help.mode, help.scroll, theme, body, frame);
    }
}

fn render_title(app: &HqApp, theme: Theme, area: Rect, frame: &mut Frame) {
    let mut spans = vec![Span::styled(" head office ", theme.title()), Span::raw(" ")];
    for (i, tab) in HqTab::VARIANTS.iter().enumerate() {
        let style = if *tab == app.tab { theme.selected().add_modifier(Modifier::BOLD) } else { theme.dim() };
        spans.push(Span::styled(format!(" {} {} ", i + 1, tab.title()), style));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = usize::from(area.width).saturating_sub(used);
    // The period asked for while it is not the one on screen: `[` and `]` move from it.
    let period: Vec<String> = match (app.loading(), &app.data) {
        (Some(next), data) => {
            let region = match (&app.region, data.is_some() && !app.shows_asked_region()) {
                (_, false) => String::new(),
                (Some(region), true) => format!(" · {}", shown(region)),
                (None, true) => " · all regions".to_string(),
            };
            vec![format!(" loading {next}{region}… "), format!(" {next}{region}… "), format!(" {next}… ")]
        }
        (None, Some(data)) => {
            let period = &data.snapshot.period;
            match period.parse::<Period>() {
                // A quarter or year names its months: head office's fiscal calendar.
                Ok(p) if p.kind() != PeriodKind::Month => {
                    let (kind, months) = (p.kind().label(), month_runs(&p.months(app.fiscal_start)));
                    vec![
                        format!(" {period} ({kind}: {months}) "),
                        format!(" {period} ({kind}) "),
                        format!(" {period} "),
                    ]
                }
                Ok(p) => vec![format!(" {period} ({}) ", p.kind().label()), format!(" {period} ")],
                Err(_) => vec![format!(" {period} ")],
            }
        }
        (None, None) => vec![String::new()],
    };
    let shortest = period.last().cloned().unwrap_or_default();
    let period = period.into_iter().find(|p| width_of(p) <= room).unwrap_or_else(|| fit(&shortest, room));
    spans.push(Span::raw(" ".repeat(room.saturating_sub(width_of(&period)))));
    spans.push(Span::styled(period, Style::new().add_modifier(Modifier::BOLD)));
    frame.render_widget(Line::from(spans), area);
}

fn render_filter(app: &HqApp, theme: Theme, area: Rect, frame: &mut Frame) {
    let Some(input) = &app.filter_input else { return };
    let prompt = format!("Filter {}: ", app.tab.rows_noun());
    let hint = " Enter keeps · Esc clears";
    let field = usize::from(area.width).saturating_sub(width_of(&prompt) + width_of(hint)).clamp(1, 24);
    let scroll = input.visual_scroll(field);
    // tui-input scrolls in terminal columns, not characters.
    let mut skipped = 0;
    let visible: String = input
        .value()
        .chars()
        .skip_while(|c| {
            let skip = skipped < scroll;
            skipped += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
            skip
        })
        .collect();
    let line = Line::from(vec![
        Span::styled(prompt.clone(), theme.key()),
        Span::styled(pad(&clip(&visible, field), field), Style::new().add_modifier(Modifier::UNDERLINED)),
        Span::styled(hint, theme.dim()),
    ]);
    frame.render_widget(line, area);
    let x = area.x + (width_of(&prompt) + input.visual_cursor().saturating_sub(scroll)) as u16;
    frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
}

/// The first pieces (most important first) that fit `room`, joined with " · "; nothing when
/// not even the first fits whole (a stub such as "all…" says nothing).
fn pieces_that_fit(pieces: &[String], room: usize) -> String {
    (1..=pieces.len())
        .rev()
        .map(|keep| pieces[..keep].join(" · "))
        .find(|text| width_of(text) <= room)
        .unwrap_or_default()
}

/// The status bar: who, then the answer to the last key, or else the period and whether it
/// is final, the region, how many branches; when the data was read at the right. A message
/// longer than the bar wraps onto up to three lines.
fn status_lines(app: &HqApp, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let who = format!(" {} ", fit(&app.who, 24));
    let room = width.saturating_sub(width_of(&who) + 1);
    let who = Span::styled(who, theme.selected());
    if let Some(status) = &app.status {
        let style = if status.message.kind == MessageKind::Error { theme.error() } else { Style::new() };
        let mut lines = wrap(&status.message.text, room);
        if lines.len() > 3 {
            let rest = lines.split_off(2).join(" ");
            lines.push(fit_words(&rest, room));
        }
        let indent = " ".repeat(who.width() + 1);
        return lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let lead = if i == 0 { who.clone() } else { Span::raw(indent.clone()) };
                Line::from(vec![lead, Span::raw(" "), Span::styled(line, style)])
            })
            .collect();
    }
    // While head office does not answer, the screen says the figures are from the last read.
    let (read_at, read_style): (Vec<String>, _) = match (&app.read_at, &app.stalled_since, &app.load_error) {
        (Some(t), Some(since), _) => (
            vec![
                format!(" not answering since {since} · read {t} "),
                format!(" no answer since {since} · read {t} "),
                format!(" not answering · read {t} "),
            ],
            theme.error(),
        ),
        (None, Some(since), _) => {
            (vec![format!(" not answering since {since} "), " not answering ".into()], theme.error())
        }
        (Some(t), None, Some(_)) => (vec![format!(" not answering · read {t} ")], theme.error()),
        (Some(t), None, None) => (vec![format!(" read {t} ")], theme.dim()),
        (None, None, _) => (vec![String::new()], theme.dim()),
    };
    let mut pieces = Vec::new();
    let mut finality = None;
    if let Some(data) = &app.data {
        let snapshot = &data.snapshot;
        // Final only when head office holds the period final for every branch listed.
        finality = Some(if snapshot.is_final { ("FINAL", theme.ok()) } else { ("PROVISIONAL", theme.dim()) });
        pieces.push(match &snapshot.region {
            Some(region) => format!("region {}", shown(region)),
            None => "all regions".to_string(),
        });
        let (scored, known) = (snapshot.league.len(), snapshot.branches.len());
        let noun = if known == 1 { "branch" } else { "branches" };
        pieces.push(if scored == known { format!("{scored} {noun}") } else { format!("{scored} of {known} {noun}") });
    }
    pieces.push("? help".to_string());
    let mut spans = vec![who, Span::raw(" ")];
    // The longest form of the read time that leaves the period and its finality their room.
    let period_room = match (finality, &app.data) {
        (Some((word, _)), Some(data)) => width_of(&data.snapshot.period) + 1 + word.len() + 3,
        _ => 0,
    };
    let shortest = read_at.last().cloned().unwrap_or_default();
    let read_at = read_at.into_iter().find(|r| width_of(r) + period_room <= room).unwrap_or(shortest);
    let mut room = room.saturating_sub(width_of(&read_at));
    let mut middle = pieces_that_fit(&pieces, room);
    if let (Some((word, style)), Some(data)) = (finality, &app.data) {
        let period = format!("{} ", data.snapshot.period);
        spans.push(Span::styled(period.clone(), Style::new().add_modifier(Modifier::BOLD)));
        spans.push(Span::styled(word, style.add_modifier(Modifier::BOLD)));
        room = room.saturating_sub(width_of(&period) + word.len());
        middle = pieces_that_fit(&pieces, room.saturating_sub(3));
        if !middle.is_empty() {
            spans.push(Span::raw(" · "));
            room = room.saturating_sub(3);
        }
    }
    let gap = room.saturating_sub(width_of(&middle));
    spans.extend([Span::styled(middle, theme.dim()), Span::raw(" ".repeat(gap)), Span::styled(read_at, read_style)]);
    vec![Line::from(spans)]
}

/// The branches a quarter or year on screen leaves out because they keep another fiscal
/// calendar (their period of this name covers other months): named, most important first.
fn calendar_note(app: &HqApp) -> Option<String> {
    let snapshot = &app.data.as_ref()?.snapshot;
    let codes: Vec<String> = snapshot.other_calendars.iter().map(|c| shown(c)).collect();
    let kind = match snapshot.period.parse::<Period>().map(Period::kind) {
        Ok(PeriodKind::Year) => "years",
        _ => "quarters",
    };
    let who = match codes.as_slice() {
        [] => return None,
        [one] => format!("{one} files its"),
        [one, two] => format!("{one} and {two} file their"),
        [one, two, three] => format!("{one}, {two} and {three} file their"),
        [one, two, three, rest @ ..] => format!("{one}, {two}, {three} and {} more file their", rest.len()),
    };
    Some(format!("Left out of {}: {who} {kind} from another month (another fiscal year start)", snapshot.period))
}

fn render_help(mode: super::keys::Mode, scroll: usize, theme: Theme, area: Rect, frame: &mut Frame) {
    let lines: Vec<Line> = help_for(mode)
        .into_iter()
        .skip(scroll)
        .map(|(keys, what)| Line::from(vec![Span::styled(pad(&keys, 16), theme.key()), Span::raw(what)]))
        .collect();
    let popup = centered(area, 66, (lines.len() as u16).saturating_add(2));
    frame.render_widget(Clear, popup);
    let mut block = Block::new()
        .borders(Borders::ALL)
        .title(fit_words(" Keys · Esc closes ", popup.width.saturating_sub(2).into()));
    block = block.border_style(theme.key());
    let hidden = lines.len().saturating_sub(popup.height.saturating_sub(2).into());
    if hidden > 0 {
        block = block.title_bottom(Line::from(format!(" {hidden} more · ↓ j ")).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), popup);
}
