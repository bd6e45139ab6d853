//! The text input at the bottom: a filter that applies as you type, or an edit checked as you
//! type and saved on Enter.

use super::App;
use crate::domain::number::parse_kpi_value;
use crate::ui::action::Action;
use crate::ui::effect::{Change, Effect, InputPurpose, SaveRequest};
use crate::ui::tabs::Tab;
use tui_input::{Input, InputRequest};

#[derive(Debug, Clone)]
pub struct OpenInput {
    pub purpose: InputPurpose,
    pub input: Input,
}

impl OpenInput {
    pub fn new(purpose: InputPurpose, text: String) -> OpenInput {
        OpenInput { purpose, input: Input::new(text) }
    }

    /// For an edit: the parsed value, or why it cannot be saved (the same parser as imports).
    pub fn validation(&self) -> Option<Result<f64, String>> {
        match &self.purpose {
            InputPurpose::EditActual { unit, .. } => {
                Some(parse_kpi_value(self.input.value(), *unit).map_err(|e| e.to_string()))
            }
            InputPurpose::EditRating { .. } => Some(match self.input.value().trim().parse::<u8>() {
                Ok(rating @ 1..=5) => Ok(f64::from(rating)),
                _ => Err(format!("{:?} is not a rating from 1 to 5", self.input.value().trim())),
            }),
            InputPurpose::Filter(_) => None,
        }
    }
}

impl App {
    pub(super) fn update_input(&mut self, action: Action) -> Vec<Effect> {
        let Some(open) = self.input.as_mut() else { return vec![] };
        match action {
            Action::Quit => {
                self.quit();
                vec![]
            }
            Action::ForceQuit => {
                self.should_quit = true;
                vec![]
            }
            // Keys never give one, but a paste can: a control character could move the cursor
            // or recolour the terminal when the text is shown.
            Action::Input(InputRequest::InsertChar(c)) if c.is_control() => {
                vec![Effect::error(format!("U+{:04X} is a control character: left out", u32::from(c)))]
            }
            Action::Input(request) => {
                open.input.handle(request);
                match open.purpose {
                    InputPurpose::Filter(tab) => {
                        let text = open.input.value().to_string();
                        self.set_filter(tab, &text)
                    }
                    _ => vec![],
                }
            }
            Action::Cancel => {
                let purpose = open.purpose.clone();
                self.input = None;
                match purpose {
                    InputPurpose::Filter(tab) => self.set_filter(tab, ""),
                    _ => vec![Effect::info("edit cancelled")],
                }
            }
            Action::Submit => self.submit_input(),
            _ => vec![],
        }
    }

    fn set_filter(&mut self, tab: Tab, text: &str) -> Vec<Effect> {
        let Some(data) = &self.data else { return vec![] };
        match tab {
            Tab::Team => self.team.set_filter(text, data),
            Tab::Portfolio => return self.portfolio.set_filter(text, data),
            Tab::Drilldown => self.drilldown.set_filter(text, data),
        }
        vec![]
    }

    /// Enter: keeps a filter, or saves an edit that checks out.
    fn submit_input(&mut self) -> Vec<Effect> {
        let Some(open) = self.input.clone() else { return vec![] };
        let value = match open.validation() {
            None => {
                self.input = None;
                return vec![];
            }
            Some(Ok(value)) => value,
            Some(Err(reason)) => return vec![Effect::error(format!("not saved: {reason}"))],
        };
        self.input = None;
        let change = match open.purpose {
            InputPurpose::EditActual { login, kpi, kpi_name, unit, month, seen } => {
                Change::Actual { login, kpi, kpi_name, unit, month, value, seen }
            }
            InputPurpose::EditRating { login, capability, capability_name } => {
                Change::Rating { login, capability, capability_name, rating: value as u8 }
            }
            InputPurpose::Filter(_) => return vec![],
        };
        vec![self.submit_save(change)]
    }

    fn submit_save(&mut self, change: Change) -> Effect {
        self.next_save += 1;
        let id = self.next_save;
        self.saving = Some(super::PendingSave::new(id, change.clone(), self.now));
        Effect::Save(SaveRequest { id, change })
    }
}
