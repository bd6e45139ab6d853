//! "Are you sure?": says what a change will do (close a month and how many values it leaves
//! missing, clear a value) and saves it only on Enter.

use super::Step;
use crate::ui::action::Action;
use crate::ui::effect::{Change, Effect};
use crate::ui::theme::Theme;
use crate::ui::widgets::centered;
use crate::ui::wrap::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmDialog {
    pub title: String,
    /// What will happen, one sentence or list line each.
    pub lines: Vec<String>,
    pub change: Change,
}

impl ConfirmDialog {
    pub fn handle(&self, action: &Action) -> Step {
        match action {
            Action::Submit => Step::Close(vec![Effect::Commit(self.change.clone())]),
            Action::Cancel | Action::Back => Step::Close(vec![Effect::info("nothing changed")]),
            _ => Step::Stay(vec![]),
        }
    }

    pub fn render(&self, theme: Theme, area: Rect, frame: &mut Frame) {
        let footer = "Enter: yes · Esc: no, change nothing";
        let mut lines: Vec<Line> = Vec::new();
        let width = area.width.clamp(20, 72);
        let text_width = usize::from(width.saturating_sub(4));
        for line in &self.lines {
            lines.extend(wrap(line, text_width).into_iter().map(Line::from));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(footer, theme.key())));
        draw_box(&self.title, lines, width, theme, area, frame);
    }
}

/// Draws a dialog box in the middle of `area`: `title` on its border, `lines` inside, cut at
/// the bottom with a marker when the screen is too short.
pub fn draw_box(title: &str, mut lines: Vec<Line<'_>>, width: u16, theme: Theme, area: Rect, frame: &mut Frame) {
    let height = (lines.len() as u16 + 2).min(area.height);
    let room = usize::from(height.saturating_sub(2));
    if lines.len() > room && room > 0 {
        lines.truncate(room - 1);
        lines.push(Line::from(Span::styled("… (enlarge the terminal to see the rest)", theme.dim())));
    }
    let cell = centered(area, width, height);
    frame.render_widget(Clear, cell);
    let title = crate::ui::format::fit(&format!(" {title} "), usize::from(width.saturating_sub(2)));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD))
        .title(title);
    frame.render_widget(Paragraph::new(lines).block(block), cell);
}
