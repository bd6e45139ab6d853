//! The text input at the bottom: a filter that applies as you type, or an edit checked as you
//! type and saved on Enter.

use super::App;
use crate::domain::number::{parse_typed_value, percent_typed_as_fraction};
use crate::ui::action::Action;
use crate::ui::effect::{Change, Effect, InputPurpose, SaveRequest};
use crate::ui::format::exact_value;
use crate::ui::tabs::Tab;
use chrono::NaiveDate;
use tui_input::{Input, InputRequest};

#[derive(Debug, Clone)]
pub struct OpenInput {
    pub purpose: InputPurpose,
    pub input: Input,
    /// Enter was pressed once on a value that looks mistyped (`0.82` for a percent) and the
    /// question was asked: the next Enter saves it as typed.
    asked: bool,
}

impl OpenInput {
    pub fn new(purpose: InputPurpose, text: String) -> OpenInput {
        OpenInput { purpose, input: Input::new(text), asked: false }
    }

    /// For an edit: the parsed value, or why it cannot be saved (the import parser, plus money
    /// as the screen shows it and whole counts).
    pub fn validation(&self) -> Option<Result<f64, String>> {
        match &self.purpose {
            InputPurpose::EditValue(edit) => {
                Some(parse_typed_value(self.input.value(), edit.unit).map_err(|e| e.to_string()))
            }
            InputPurpose::RecordContact { .. } => Some(self.contact_date().map(|_| 0.0)),
            InputPurpose::EditRating { .. } => Some(match self.input.value().trim().parse::<u8>() {
                Ok(rating @ 1..=5) => Ok(f64::from(rating)),
                _ => Err(format!("{:?} is not a rating from 1 to 5", self.input.value().trim())),
            }),
            InputPurpose::Filter(_) => None,
        }
    }

    /// For a contact: the date typed, if it is one and not in the future.
    pub fn contact_date(&self) -> Result<NaiveDate, String> {
        let text = self.input.value().trim();
        let date =
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("{text:?} is not a date YYYY-MM-DD"))?;
        match &self.purpose {
            InputPurpose::RecordContact { today, .. } if date > *today => {
                Err(format!("{date} is in the future (today is {today})"))
            }
            _ => Ok(date),
        }
    }

    /// What the typist probably meant, when the value looks mistyped: 82 for `0.82` of a
    /// percent KPI.
    pub fn doubt(&self) -> Option<f64> {
        let InputPurpose::EditValue(edit) = &self.purpose else { return None };
        let value = parse_typed_value(self.input.value(), edit.unit).ok()?;
        percent_typed_as_fraction(self.input.value(), edit.unit, value)
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
                open.asked = false;
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
                    // Esc while finding a customer closes the search, as it opened with the input.
                    InputPurpose::Filter(Tab::Portfolio) if self.portfolio.is_finding() => {
                        self.portfolio.search = None;
                        vec![]
                    }
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
        let Some(open) = self.input.as_mut() else { return vec![] };
        let value = match open.validation() {
            None => {
                self.input = None;
                return vec![];
            }
            Some(Ok(value)) => value,
            Some(Err(reason)) => return vec![Effect::error(format!("not saved: {reason}"))],
        };
        if let (Some(meant), false, InputPurpose::EditValue(edit)) = (open.doubt(), open.asked, &open.purpose) {
            open.asked = true;
            let (typed, meant) = (exact_value(value, edit.unit), exact_value(meant, edit.unit));
            return vec![Effect::info(format!("did you mean {meant}? Type it, or press Enter again to save {typed}"))];
        }
        let Some(open) = self.input.take() else { return vec![] };
        let change = match open.purpose {
            InputPurpose::EditValue(edit) => Change::Value { edit, value: Some(value) },
            InputPurpose::RecordContact { ref customer_id, ref customer_name, .. } => {
                let Ok(date) = open.contact_date() else { return vec![] };
                Change::Contact { customer_id: customer_id.clone(), customer_name: customer_name.clone(), date }
            }
            InputPurpose::EditRating { login, capability, capability_name } => {
                Change::Rating { login, capability, capability_name, rating: value as u8 }
            }
            InputPurpose::Filter(_) => return vec![],
        };
        vec![self.submit_save(change)]
    }

    pub(super) fn submit_save(&mut self, change: Change) -> Effect {
        self.next_save += 1;
        let id = self.next_save;
        self.saving = Some(super::PendingSave::new(id, change.clone(), self.now));
        Effect::Save(SaveRequest { id, change })
    }
}
