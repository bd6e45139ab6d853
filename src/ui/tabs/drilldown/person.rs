//! Reading one person in full: the next or previous person without going back to the team, the
//! month, quarter-to-date and year-to-date side by side, and a KPI's month-by-month table.

use super::DrilldownTab;

impl DrilldownTab {
    /// A read of the person's periods is under way (tests wait for it).
    pub fn is_reading_person(&self) -> bool {
        false
    }
}

impl DrilldownTab {
    /// Takes a read of one person's periods; one for someone or a month no longer on screen is dropped.
    pub fn take_person(
        &mut self,
        _login: &str,
        _month: crate::domain::period::Month,
        _result: Result<Box<crate::ui::person::PersonDetail>, String>,
    ) {
    }
}
