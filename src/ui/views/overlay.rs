//! Overlays drawn over the tabs: the key help (read from the key table), a value's history and
//! the conflict dialog.

use crate::ui::app::Overlay;
use crate::ui::format::{pad, shown};
use crate::ui::keys::help_for;
use crate::ui::theme::Theme;
use crate::ui::widgets::centered;
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
        Overlay::History { title, entries, scroll } => {
            let mut lines: Vec<Line> = entries
                .iter()
                .skip(*scroll)
                .map(|e| {
                    let old = e.old.as_deref().map(shown).unwrap_or_else(|| "empty".into());
                    let new = e.new.as_deref().map(shown).unwrap_or_else(|| "empty".into());
                    Line::from(vec![
                        Span::styled(format!("{}  ", shown(&e.at)), theme.dim()),
                        Span::raw(format!("{} {old} → {new}  ", pad(&e.actor, 14))),
                        Span::styled(format!("via {}", shown(&e.via)), theme.dim()),
                    ])
                })
                .collect();
            if entries.is_empty() {
                lines.push(Line::from(Span::styled("No changes recorded for this value.", theme.dim())));
            }
            (format!(" History · {} · Esc closes ", shown(title)), lines, 76)
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
