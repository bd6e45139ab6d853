//! "Plan a month": copy one month's targets to another, for the whole team or one person,
//! scaled by a percentage; it shows how many targets the copy will write before it writes, counts
//! again when another session changes the file, and writes only what it showed.

use super::Step;
use super::confirm::draw_box;
use crate::domain::period::Month;
use crate::store::CopyPlan;
use crate::ui::action::Action;
use crate::ui::effect::{Change, CopyRequest, Effect, Outcome};
use crate::ui::format::{fit, trim};
use crate::ui::tabs::Context;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use tui_input::InputRequest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray)]
pub enum Field {
    From,
    To,
    Scale,
    Who,
}

/// What the preview says for the fields as they are now.
#[derive(Debug, Clone, PartialEq)]
pub enum Preview {
    Reading,
    Ready(CopyPlan),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanDialog {
    pub from: Month,
    pub to: Month,
    /// The percentage as typed: 100 copies as is, 110 adds 10 %.
    pub scale: String,
    /// The person the dialog was opened for (login, name), if any; `for_person` chooses them.
    pub person: Option<(String, String)>,
    pub for_person: bool,
    pub field: Field,
    /// The request the preview answers, and the answer.
    asked: Option<CopyRequest>,
    pub preview: Preview,
    /// Why the last Enter copied nothing (the targets changed after the preview was read), until
    /// a field changes.
    pub refused: Option<String>,
}

impl PlanDialog {
    /// Opens on copying `from` to the month after it at 100 %, for the team or, with
    /// `for_person`, for `login`; and asks for the preview.
    pub fn new(from: Month, login: Option<String>, for_person: bool, cx: &Context) -> (PlanDialog, Vec<Effect>) {
        let person = login.map(|l| {
            let name = cx.data.member_score(&l).map_or_else(|| l.clone(), |s| s.member.name.clone());
            (l, name)
        });
        let mut dialog = PlanDialog {
            from,
            to: from.plus(1),
            scale: "100".into(),
            for_person: for_person && person.is_some(),
            person,
            field: Field::To,
            asked: None,
            preview: Preview::Reading,
            refused: None,
        };
        let effects = dialog.ask_preview();
        (dialog, effects)
    }

    /// Opens again on `request` after its copy was refused because the targets changed since
    /// the preview (`why`), and asks for the preview of what it would write now.
    pub fn after_conflict(request: &CopyRequest, why: String, cx: &Context) -> (PlanDialog, Vec<Effect>) {
        let (mut dialog, _) = PlanDialog::new(request.from, request.login.clone(), request.login.is_some(), cx);
        dialog.to = request.to;
        // Every digit typed: the copy asked again is the one refused.
        dialog.scale = request.scale_percent.to_string();
        dialog.refused = Some(why);
        dialog.asked = None;
        let effects = dialog.ask_preview();
        (dialog, effects)
    }

    /// Another session changed the file: what the copy would write is counted again.
    pub fn file_changed(&mut self) -> Vec<Effect> {
        self.asked = None;
        self.ask_preview()
    }

    /// The copy the fields describe, or why they do not describe one.
    pub fn request(&self) -> Result<CopyRequest, String> {
        let text = self.scale.trim();
        let scale_percent = match text.parse::<f64>() {
            Ok(p) if p.is_finite() && p > 0.0 && p <= 1000.0 => p,
            _ => return Err(format!("{:?} is not a percentage above 0 up to 1000 (100 copies as is)", self.scale)),
        };
        if self.from == self.to {
            return Err("choose two different months".into());
        }
        let login = if self.for_person { self.person.as_ref().map(|(l, _)| l.clone()) } else { None };
        Ok(CopyRequest { from: self.from, to: self.to, scale_percent, login })
    }

    fn ask_preview(&mut self) -> Vec<Effect> {
        match self.request() {
            Ok(request) if self.asked.as_ref() == Some(&request) => vec![],
            Ok(request) => {
                self.asked = Some(request.clone());
                self.preview = Preview::Reading;
                vec![Effect::PlanCopy(request)]
            }
            Err(why) => {
                self.asked = None;
                self.preview = Preview::Failed(why);
                vec![]
            }
        }
    }

    pub fn handle(&mut self, action: &Action, _cx: &Context) -> Step {
        use strum::VariantArray;
        let fields = Field::VARIANTS;
        let at = fields.iter().position(|f| *f == self.field).unwrap_or(0);
        match action {
            Action::Cancel | Action::Back => return Step::Close(vec![Effect::info("no targets copied")]),
            Action::Submit => return self.submit(),
            Action::Down | Action::NextTab => self.field = fields[(at + 1) % fields.len()],
            Action::Up | Action::PreviousTab => self.field = fields[(at + fields.len() - 1) % fields.len()],
            Action::Left | Action::Right | Action::Mark => {
                let step = if *action == Action::Left { -1 } else { 1 };
                match self.field {
                    Field::From => self.from = self.from.plus(step),
                    Field::To => self.to = self.to.plus(step),
                    Field::Who if self.person.is_some() => self.for_person = !self.for_person,
                    Field::Who => {
                        return Step::Stay(vec![Effect::info("open a person's KRAs first to plan for them alone")]);
                    }
                    Field::Scale => {
                        let delta = if *action == Action::Left { -5.0 } else { 5.0 };
                        if let Ok(request) = self.request() {
                            let next = (request.scale_percent + delta).max(5.0);
                            self.scale = trim(next, 2);
                        }
                    }
                }
            }
            Action::Input(InputRequest::InsertChar(c)) if self.field == Field::Scale => {
                if !(c.is_ascii_digit() || *c == '.') || self.scale.len() >= 8 {
                    return Step::Stay(vec![Effect::error("the scale takes a percentage: digits and a point")]);
                }
                self.scale.push(*c);
            }
            Action::Input(InputRequest::DeletePrevChar) if self.field == Field::Scale => {
                self.scale.pop();
            }
            _ => return Step::Stay(vec![]),
        }
        self.refused = None;
        Step::Stay(self.ask_preview())
    }

    fn submit(&mut self) -> Step {
        let request = match self.request() {
            Ok(request) => request,
            Err(why) => return Step::Stay(vec![Effect::error(why)]),
        };
        match &self.preview {
            Preview::Ready(plan) if self.asked.as_ref() == Some(&request) => {
                if plan.writes.is_empty() {
                    Step::Stay(vec![Effect::info("nothing to write: choose another month or scale")])
                } else {
                    // The save writes only what this preview says, or nothing.
                    Step::Close(vec![Effect::Commit(Change::CopyTargets { request, confirmed: plan.clone() })])
                }
            }
            Preview::Failed(why) => Step::Stay(vec![Effect::error(why.clone())]),
            _ => Step::Stay(vec![Effect::info("still counting what the copy would write")]),
        }
    }

    /// Takes the preview for the request still on screen; older answers are dropped.
    pub fn take(&mut self, outcome: &Outcome) -> bool {
        let Outcome::CopyPlanned { request, result } = outcome else { return false };
        if self.asked.as_ref() == Some(request) {
            self.preview = match result {
                Ok(plan) => Preview::Ready(plan.clone()),
                Err(why) => Preview::Failed(why.clone()),
            };
        }
        true
    }

    pub fn render(&self, _cx: &Context, theme: Theme, area: Rect, frame: &mut Frame) {
        let width = area.width.clamp(20, 70);
        let inner = usize::from(width.saturating_sub(4));
        let who = match (&self.person, self.for_person) {
            (Some((_, name)), true) => fit(name, inner.saturating_sub(14)),
            _ => "the whole team".to_string(),
        };
        let scale_note = match self.request() {
            Ok(r) if r.scale_percent == 100.0 => "as they are".to_string(),
            Ok(r) if r.scale_percent > 100.0 => format!("+{} %", trim(r.scale_percent - 100.0, 2)),
            Ok(r) => format!("−{} %", trim(100.0 - r.scale_percent, 2)),
            Err(_) => String::new(),
        };
        let rows = [
            (Field::From, "Copy from", format!("◀ {} ▶", self.from)),
            (Field::To, "To", format!("◀ {} ▶", self.to)),
            (Field::Scale, "Scale", format!("{} %  {scale_note}", self.scale)),
            (Field::Who, "For", if self.person.is_some() { format!("◀ {who} ▶") } else { who }),
        ];
        let mut lines: Vec<Line> = rows
            .into_iter()
            .map(|(field, label, value)| {
                let focused = field == self.field;
                let marker = if focused { "› " } else { "  " };
                let style = if focused { theme.selected() } else { ratatui::style::Style::new() };
                Line::from(vec![Span::raw(format!("{marker}{label:<10} ")), Span::styled(value, style)])
            })
            .collect();
        lines.push(Line::from(""));
        if let Some(why) = &self.refused {
            let text = format!("{why}. The copy is counted again below: Enter copies what it says now.");
            lines.extend(
                crate::ui::wrap::wrap(&text, inner).into_iter().map(|l| Line::from(Span::styled(l, theme.error()))),
            );
        }
        let (text, style) = match &self.preview {
            Preview::Reading => ("counting what the copy would write…".to_string(), theme.dim()),
            Preview::Failed(why) => (why.clone(), theme.error()),
            Preview::Ready(plan) if plan.writes.is_empty() => {
                (format!("Nothing to write ({} targets already so).", plan.unchanged), theme.dim())
            }
            Preview::Ready(plan) => (
                format!(
                    "Will write {} targets: {} new, {} replaced ({} already so).",
                    plan.writes.len(),
                    plan.new_targets(),
                    plan.replaced(),
                    plan.unchanged
                ),
                theme.ok(),
            ),
        };
        lines.extend(crate::ui::wrap::wrap(&text, inner).into_iter().map(|l| Line::from(Span::styled(l, style))));
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Tab/↓ field · ←→ change · Enter copies · Esc cancels", theme.key())));
        draw_box("Plan a month: copy targets", lines, width, theme, area, frame);
    }
}
