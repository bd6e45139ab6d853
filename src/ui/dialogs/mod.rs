//! Dialogs that ask before they change something: each owns its fields, turns keys into
//! changes of them, and ends with a change to save or with nothing.

pub mod confirm;
pub mod move_customers;
pub mod plan;

use super::action::Action;
use super::effect::{DialogRequest, Effect, Outcome};
use super::tabs::Context;
use super::theme::Theme;
use confirm::ConfirmDialog;
use move_customers::MoveDialog;
use plan::PlanDialog;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    Confirm(ConfirmDialog),
    Plan(PlanDialog),
    Move(MoveDialog),
}

/// What a key did to a dialog: it stays open, or it is done.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Stay(Vec<Effect>),
    Close(Vec<Effect>),
}

impl Dialog {
    /// Builds the dialog a request asks for, with the effects that fill it (a preview to read).
    pub fn open(request: DialogRequest, cx: &Context) -> (Dialog, Vec<Effect>) {
        match request {
            DialogRequest::Confirm { title, lines, change } => {
                (Dialog::Confirm(ConfirmDialog { title, lines, change }), vec![])
            }
            DialogRequest::PlanMonth { from, login, for_person } => {
                let (dialog, effects) = PlanDialog::new(from, login, for_person, cx);
                (Dialog::Plan(dialog), effects)
            }
            DialogRequest::MoveCustomers { from_rm, customer_ids } => {
                (Dialog::Move(MoveDialog::new(from_rm, customer_ids, cx)), vec![])
            }
        }
    }

    pub fn handle(&mut self, action: &Action, cx: &Context) -> Step {
        match self {
            Dialog::Confirm(dialog) => dialog.handle(action),
            Dialog::Plan(dialog) => dialog.handle(action, cx),
            Dialog::Move(dialog) => dialog.handle(action),
        }
    }

    /// Waiting for a preview from the file (tests wait for it).
    pub fn is_waiting(&self) -> bool {
        matches!(self, Dialog::Plan(dialog) if dialog.preview == plan::Preview::Reading)
    }

    /// The reading thread stopped: a preview waiting for it will not come.
    pub fn reader_stopped(&mut self) {
        if let Dialog::Plan(dialog) = self
            && dialog.preview == plan::Preview::Reading
        {
            dialog.preview = plan::Preview::Failed("the reading thread stopped: nothing can be counted".into());
        }
    }

    /// Another session changed the file: a preview read from it is read again.
    pub fn file_changed(&mut self) -> Vec<Effect> {
        match self {
            Dialog::Plan(dialog) => dialog.file_changed(),
            Dialog::Confirm(_) | Dialog::Move(_) => vec![],
        }
    }

    /// Takes a worker answer meant for the dialog (a preview); false when it was not.
    pub fn take(&mut self, outcome: &Outcome) -> bool {
        match self {
            Dialog::Plan(dialog) => dialog.take(outcome),
            Dialog::Confirm(_) | Dialog::Move(_) => false,
        }
    }

    pub fn render(&self, cx: &Context, theme: Theme, area: Rect, frame: &mut Frame) {
        match self {
            Dialog::Confirm(dialog) => dialog.render(theme, area, frame),
            Dialog::Plan(dialog) => dialog.render(cx, theme, area, frame),
            Dialog::Move(dialog) => dialog.render(theme, area, frame),
        }
    }
}
