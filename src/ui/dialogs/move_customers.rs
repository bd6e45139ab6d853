//! Moving customers between RMs: choose the RM, see every RM's load before and after, confirm.

use super::Step;
use crate::ui::action::Action;
use crate::ui::effect::Effect;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct MoveDialog {
    pub from_rm: String,
    pub customer_ids: Vec<String>,
}

impl MoveDialog {
    pub fn handle(&mut self, _action: &Action) -> Step {
        Step::Close(vec![Effect::info("moving customers is not ready yet")])
    }

    pub fn render(&self, _theme: Theme, _area: Rect, _frame: &mut Frame) {}
}
