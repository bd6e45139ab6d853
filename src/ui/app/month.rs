//! The branch manager's month, from any tab: plan a month's targets (`P`) and close or reopen
//! the month on screen (`C`), each through a dialog that says what will happen first.

use super::{App, LoadReason};
use crate::domain::period::{Month, Period};
use crate::ui::effect::{Change, DialogRequest, Effect, Message};
use crate::ui::format::{fit, pad, width};
use crate::ui::tabs::Tab;

/// People listed by name in the close confirmation; the rest are counted.
const PEOPLE_LISTED: usize = 8;

impl App {
    /// The month on screen; quarters and years have no single month to act on.
    fn month_on_screen(&self) -> Result<Month, Message> {
        // Counts and states must be the file's latest: not while a change is still being read.
        if self.pending.is_some_and(|p| p.reason == LoadReason::Change) {
            return Err(Message::info("reading the latest change: try again in a moment"));
        }
        match self.data.as_ref().map(|d| d.period) {
            Some(Period::Month(month)) if self.period == Period::Month(month) => Ok(month),
            Some(Period::Month(_)) => Err(Message::info("still reading the next month: try again in a moment")),
            Some(_) => Err(Message::info("months are planned and closed one at a time: press p for the month view")),
            None => Err(Message::info("nothing read yet")),
        }
    }

    /// `P`: copy the month on screen's targets to another month, for the team or the person
    /// whose KRAs are open.
    pub(super) fn plan_month(&mut self) -> Vec<Effect> {
        if let Err(refusal) = self.actor.ensure_manager("plan targets") {
            return vec![Effect::error(refusal.to_string())];
        }
        let from = match self.month_on_screen() {
            Ok(month) => month,
            Err(why) => return vec![Effect::Say(why)],
        };
        let (login, for_person) = match self.tab {
            Tab::Drilldown => (Some(self.drilldown.login.clone()), self.drilldown.login != self.actor.login),
            Tab::Team => (self.team.rows.selected_key().map(str::to_string), false),
            Tab::Portfolio => (None, false),
        };
        vec![Effect::Ask(DialogRequest::PlanMonth { from, login, for_person })]
    }

    /// `C`: close the month on screen after saying how many values each person still has
    /// missing, or reopen it.
    pub(super) fn close_or_reopen(&mut self) -> Vec<Effect> {
        if let Err(refusal) = self.actor.ensure_manager("close or reopen months") {
            return vec![Effect::error(refusal.to_string())];
        }
        let month = match self.month_on_screen() {
            Ok(month) => month,
            Err(why) => return vec![Effect::Say(why)],
        };
        let Some(data) = &self.data else { return vec![] };
        if data.is_closed(month) {
            let lines = vec![
                format!(
                    "Reopen {month}? Everyone may edit its values again, and its scorecards are provisional until it is closed again."
                ),
                "Book-derived KPIs are computed from the customer books again while it is open.".to_string(),
            ];
            let change = Change::MonthState { month, close: false, missing: 0 };
            return vec![Effect::Ask(DialogRequest::Confirm { title: format!("Reopen {month}"), lines, change })];
        }
        if month > Month::of_date(self.today) {
            return vec![Effect::info(format!("{month} has not begun: it can be closed once it has"))];
        }
        // The month's pending values: targeted, no actual, open. Closing makes them missing.
        let mut missing: Vec<(String, usize)> = data
            .team()
            .iter()
            .filter(|s| s.card.cells.pending > 0)
            .map(|s| (format!("{} ({})", s.member.name, s.member.login), s.card.cells.pending))
            .collect();
        missing.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let total: usize = missing.iter().map(|(_, n)| n).sum();
        let mut lines =
            vec![format!("Close {month}? It then refuses every edit until reopened, and its scorecards become final.")];
        if total == 0 {
            lines.push("Every targeted value of the month is in.".to_string());
        } else {
            let people = missing.len();
            lines.push(format!(
                "{total} targeted {} still {} no actual ({people} {}); once closed {} as missing and {} 0:",
                plural(total, "value", "values"),
                if total == 1 { "has" } else { "have" },
                plural(people, "person", "people"),
                if total == 1 { "it counts" } else { "they count" },
                if total == 1 { "scores" } else { "score" },
            ));
            let name_width = missing.iter().take(PEOPLE_LISTED).map(|(who, _)| width(who)).max().unwrap_or(0).min(40);
            for (who, count) in missing.iter().take(PEOPLE_LISTED) {
                lines.push(format!("  {} {count:>4} missing", pad(&fit(who, name_width), name_width)));
            }
            if people > PEOPLE_LISTED {
                let more = people - PEOPLE_LISTED;
                lines.push(format!("  … and {more} more {}", plural(more, "person", "people")));
            }
        }
        let change = Change::MonthState { month, close: true, missing: total as u64 };
        vec![Effect::Ask(DialogRequest::Confirm { title: format!("Close {month}"), lines, change })]
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
