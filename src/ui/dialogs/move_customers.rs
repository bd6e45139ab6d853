//! Moving customers between RMs: choose the RM, see every RM's load before and after, confirm.

use super::Step;
use super::confirm::draw_box;
use crate::domain::coverage::{LoadStatus, Segment};
use crate::domain::customer::Customer;
use crate::domain::rebalance::{ActiveBySegment, LoadChange, active_by_segment, active_of, rebalance};
use crate::ui::action::Action;
use crate::ui::effect::{Change, Effect};
use crate::ui::format::{fit, pad, width};
use crate::ui::tabs::Context;
use crate::ui::theme::Theme;
use crate::ui::widgets::fit_line;
use crate::ui::wrap::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// An RM the customers may go to, and what taking them does to their load.
#[derive(Debug, Clone, PartialEq)]
pub struct Receiver {
    pub login: String,
    pub name: String,
    pub load: LoadChange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MoveDialog {
    pub from_rm: String,
    pub from_name: String,
    pub customer_ids: Vec<String>,
    /// The active customers among them by segment: all that moves a load.
    pub moving: ActiveBySegment,
    /// What the move does to the RM the customers leave (the same whoever takes them).
    pub from_load: LoadChange,
    /// Every other RM, least loaded after the move first.
    pub receivers: Vec<Receiver>,
    /// The receiver chosen (an index into `receivers`).
    pub chosen: usize,
}

impl MoveDialog {
    /// The move of `customer_ids` out of `from_rm`'s book, with every other RM's load before
    /// and after taking them, from the coverage and book on screen.
    pub fn new(from_rm: String, customer_ids: Vec<String>, cx: &Context) -> MoveDialog {
        let norms = cx.data.norms();
        let from = cx.data.portfolio(&from_rm);
        let from_name = from.map_or_else(|| from_rm.clone(), |p| p.rm.name.clone());
        let from_active = from.map(|p| active_of(&p.coverage)).unwrap_or_default();
        let facts: Vec<_> = from
            .map(|p| p.customers())
            .unwrap_or_default()
            .iter()
            .filter(|c| customer_ids.contains(&c.id))
            .map(Customer::facts)
            .collect();
        let moving = active_by_segment(&facts);
        let mut receivers: Vec<Receiver> = cx
            .data
            .portfolios
            .iter()
            .filter(|p| p.rm.login != from_rm)
            .map(|p| Receiver {
                login: p.rm.login.clone(),
                name: p.rm.name.clone(),
                load: rebalance(&from_active, &active_of(&p.coverage), &moving, norms).to,
            })
            .collect();
        // Who has most room first: the natural choice for customers to go to.
        receivers.sort_by(|a, b| a.load.after.high.total_cmp(&b.load.after.high).then_with(|| a.name.cmp(&b.name)));
        let from_load = rebalance(&from_active, &ActiveBySegment::new(), &moving, norms).from;
        MoveDialog { from_rm, from_name, customer_ids, moving, from_load, receivers, chosen: 0 }
    }

    pub fn handle(&mut self, action: &Action) -> Step {
        let last = self.receivers.len().saturating_sub(1);
        match action {
            Action::Up | Action::PreviousTab => self.chosen = self.chosen.saturating_sub(1),
            Action::Down | Action::NextTab => self.chosen = (self.chosen + 1).min(last),
            Action::Submit => return self.submit(),
            Action::Cancel | Action::Back => return Step::Close(vec![Effect::info("no customers moved")]),
            _ => {}
        }
        Step::Stay(vec![])
    }

    fn submit(&self) -> Step {
        let Some(to) = self.receivers.get(self.chosen) else {
            return Step::Stay(vec![Effect::error("there is no other RM to move the customers to")]);
        };
        Step::Close(vec![Effect::Commit(Change::Assign {
            customer_ids: self.customer_ids.clone(),
            from_rm: self.from_rm.clone(),
            rm: to.login.clone(),
            rm_name: to.name.clone(),
        })])
    }

    /// What moves: "2 customers of Ananya Shetty (2 active: 1 Affluent, 1 SME)".
    fn what_moves(&self) -> String {
        let count = self.customer_ids.len();
        let noun = if count == 1 { "customer" } else { "customers" };
        let active: u32 = self.moving.values().sum();
        let by_segment: Vec<String> =
            Segment::ALL.iter().filter_map(|s| self.moving.get(s).map(|n| format!("{n} {}", s.label()))).collect();
        let weight = match (active, count as u32 - active.min(count as u32)) {
            (0, _) => "none active: no load changes".to_string(),
            (_, 0) => format!("{active} active: {}", by_segment.join(", ")),
            (_, idle) => format!("{active} active: {}; {idle} not active, weighing nothing", by_segment.join(", ")),
        };
        format!("Move {count} {noun} of {} ({weight}) to the RM chosen below.", shown_name(&self.from_name))
    }

    pub fn render(&self, theme: Theme, area: Rect, frame: &mut Frame) {
        let box_width = area.width.clamp(20, 84);
        let inner = usize::from(box_width.saturating_sub(2));
        let table = Table::new(self);
        let mut lines: Vec<Line> = wrap(&self.what_moves(), inner.saturating_sub(1))
            .into_iter()
            .map(|l| Line::from(format!(" {l}")))
            .collect();
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(table.header(inner), theme.dim())));
        lines.push(table.row("  ", &self.from_name, &self.from_load, inner, theme, Style::new()));
        lines.push(Line::from(Span::styled(rule(" to ", inner), theme.dim())));
        // The receivers as many as fit, keeping the chosen one on screen.
        let legend = "Load 1 is the segments' norm: a low load of 1 or more fills the minimum, a high load of \
                      1 or less stays within the maximum.";
        let mut footer = vec![Line::from("")];
        footer.extend(
            wrap(legend, inner.saturating_sub(1))
                .into_iter()
                .map(|l| Line::from(Span::styled(format!(" {l}"), theme.dim()))),
        );
        footer.push(Line::from(""));
        footer
            .push(Line::from(Span::styled(" ↑↓ choose the RM · Enter moves the customers · Esc cancels", theme.key())));
        let fixed = lines.len() + footer.len() + 2;
        let room = usize::from(area.height).saturating_sub(fixed).max(1);
        let count = self.receivers.len();
        let (first, shown) = if count > room {
            let shown = room.saturating_sub(1).max(1);
            (self.chosen.saturating_sub(shown - 1).min(count - shown), shown)
        } else {
            (0, count)
        };
        for (i, receiver) in self.receivers.iter().enumerate().skip(first).take(shown) {
            let (marker, style) = if i == self.chosen { ("› ", theme.selected()) } else { ("  ", Style::new()) };
            lines.push(table.row(marker, &receiver.name, &receiver.load, inner, theme, style));
        }
        if shown < count {
            let more = format!("   RMs {}–{} of {count}, ↑↓ for the others", first + 1, first + shown);
            lines.push(Line::from(Span::styled(more, theme.dim())));
        }
        if count == 0 {
            lines.push(Line::from(Span::styled("   no other RM to move them to", theme.error())));
        }
        lines.extend(footer);
        let lines = lines.into_iter().map(|l| fit_line(l, inner)).collect();
        draw_box("Move customers to another RM", lines, box_width, theme, area, frame);
    }
}

fn shown_name(name: &str) -> String {
    fit(name, 40)
}

/// `─── to ───` across `width` columns.
fn rule(label: &str, width: usize) -> String {
    let left = 3;
    let right = width.saturating_sub(left + 2 + crate::ui::format::width(label));
    format!("  {}{label}{}", "─".repeat(left), "─".repeat(right))
}

/// The columns of the load table: each figure as "before → after", both sides right-aligned so
/// the arrows line up; the name takes the room left.
struct Table {
    active: (usize, usize),
    low: (usize, usize),
    high: (usize, usize),
}

const GAP: usize = 2;
const STATUS: usize = 15; // "within → within"

impl Table {
    fn new(dialog: &MoveDialog) -> Table {
        let loads = std::iter::once(&dialog.from_load).chain(dialog.receivers.iter().map(|r| &r.load));
        let mut table = Table { active: (1, 1), low: (1, 1), high: (1, 1) };
        for load in loads {
            let widest =
                |(b, a): (usize, usize), before: String, after: String| (b.max(width(&before)), a.max(width(&after)));
            table.active = widest(table.active, load.before.active.to_string(), load.after.active.to_string());
            table.low = widest(table.low, figure(load.before.low), figure(load.after.low));
            table.high = widest(table.high, figure(load.before.high), figure(load.after.high));
        }
        table
    }

    fn pair_width(pair: (usize, usize)) -> usize {
        pair.0 + 3 + pair.1
    }

    /// Columns left for the name after the marker and the figures.
    fn name_width(&self, inner: usize) -> usize {
        let figures = [self.active, self.low, self.high].iter().map(|p| Self::pair_width(*p) + GAP).sum::<usize>();
        inner.saturating_sub(2 + figures + GAP + STATUS).max(4)
    }

    fn header(&self, inner: usize) -> String {
        let cell = |text: &str, pair: (usize, usize)| format!("{:>w$}", text, w = Self::pair_width(pair));
        format!(
            "  {}{:GAP$}{}{:GAP$}{}{:GAP$}{}{:GAP$}{}",
            pad("RM", self.name_width(inner)),
            "",
            cell("Active", self.active),
            "",
            cell("Low load", self.low),
            "",
            cell("High load", self.high),
            "",
            "Status"
        )
    }

    fn row(
        &self,
        marker: &'static str,
        name: &str,
        load: &LoadChange,
        inner: usize,
        theme: Theme,
        name_style: Style,
    ) -> Line<'static> {
        let pair = |(b, a): (usize, usize), before: String, after: String| format!("{before:>b$} → {after:>a$}");
        let gap = " ".repeat(GAP);
        let status = |s: LoadStatus| Span::styled(pad(s.code(), 6), theme.load(s));
        Line::from(vec![
            Span::raw(marker),
            Span::styled(pad(name, self.name_width(inner)), name_style),
            Span::raw(gap.clone()),
            Span::raw(pair(self.active, load.before.active.to_string(), load.after.active.to_string())),
            Span::raw(gap.clone()),
            Span::raw(pair(self.low, figure(load.before.low), figure(load.after.low))),
            Span::raw(gap.clone()),
            Span::raw(pair(self.high, figure(load.before.high), figure(load.after.high))),
            Span::raw(gap),
            status(load.before.status),
            Span::raw(" → "),
            status(load.after.status),
        ])
    }
}

/// A load as the table shows it: two decimals, every digit of the whole part kept.
fn figure(load: f64) -> String {
    format!("{load:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dialogs::Dialog;
    use crate::ui::fixture::{actor, data};

    /// Over the in-memory branch: Asha's book holds C001–C003 (affluent, active), Ravi's C004.
    #[test]
    fn the_dialog_shows_both_loads_and_commits_the_move() {
        let manager = actor("manager");
        let data = data(&manager);
        let cx = Context { data: &data, actor: &manager };
        let dialog = MoveDialog::new("asha".into(), vec!["C001".into(), "C002".into()], &cx);
        // Asha: 3 affluent → 1: low 3/36 = 0.083333 → 1/36 = 0.027778; high 3/300 = 0.01 → 1/300.
        assert_eq!((dialog.from_load.before.active, dialog.from_load.after.active), (3, 1));
        assert!((dialog.from_load.before.low - 3.0 / 36.0).abs() < 1e-12);
        assert!((dialog.from_load.after.low - 1.0 / 36.0).abs() < 1e-12);
        assert!((dialog.from_load.after.high - 1.0 / 300.0).abs() < 1e-12);
        // Ravi, the only other RM: 1 affluent → 3: low 1/36 = 0.027778 → 3/36 = 0.083333.
        assert_eq!(dialog.receivers.len(), 1);
        let ravi = &dialog.receivers[0];
        assert_eq!((ravi.login.as_str(), ravi.load.before.active, ravi.load.after.active), ("ravi", 1, 3));
        assert!((ravi.load.after.low - 3.0 / 36.0).abs() < 1e-12);
        let mut dialog = Dialog::Move(dialog);
        let step = dialog.handle(&Action::Submit, &cx);
        let change = Change::Assign {
            customer_ids: vec!["C001".into(), "C002".into()],
            from_rm: "asha".into(),
            rm: "ravi".into(),
            rm_name: "Ravi Kumar".into(),
        };
        assert_eq!(step, Step::Close(vec![Effect::Commit(change)]));
    }
}
