//! Entering and clearing values in the drill-down: an actual (`e`), a target (`t`, branch
//! manager), clearing either (`x`, `X`) after a confirmation, and the next missing value (`n`),
//! which moves on to the next one after each save.

use super::{DrilldownTab, Level};
use crate::domain::period::{Month, Period};
use crate::domain::template::Kpi;
use crate::import::ValueKind;
use crate::store::format_value;
use crate::ui::effect::{Change, DialogRequest, Effect, InputPurpose, Message, ValueEdit};
use crate::ui::format::exact_value;
use crate::ui::tabs::{Context, Rows};

/// Which figure of a KPI a key acts on.
fn noun(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Target => "target",
        ValueKind::Actual => "actual",
    }
}

impl DrilldownTab {
    /// `e` / `t`: opens the selected KPI's actual or target for editing, if it may be changed now.
    pub(super) fn start_edit(&self, kind: ValueKind, cx: &Context) -> Vec<Effect> {
        let (kpi, month) = match self.selected_for_change(kind, false, cx) {
            Ok(found) => found,
            Err(why) => return vec![Effect::Say(why)],
        };
        vec![self.open_edit(kind, kpi, month, false, cx)]
    }

    /// `x` / `X`: asks before clearing the selected KPI's actual or target.
    pub(super) fn start_clear(&self, kind: ValueKind, cx: &Context) -> Vec<Effect> {
        let (kpi, month) = match self.selected_for_change(kind, true, cx) {
            Ok(found) => found,
            Err(why) => return vec![Effect::Say(why)],
        };
        let edit = self.value_edit(kind, kpi, month, false, cx);
        let Some(stored) = edit.seen else {
            return vec![Effect::info(format!("{} has no {} for {month}: nothing to clear", kpi.name, noun(kind)))];
        };
        let whose = cx.data.member_score(&self.login).map_or(self.login.as_str(), |s| s.member.name.as_str());
        let after = match kind {
            ValueKind::Actual => {
                "Until a new one is entered the KPI counts as not reported (as missing once the month is closed)."
            }
            ValueKind::Target => "Without a target the month is not scored for this KPI.",
        };
        let lines = vec![
            format!("Clear {whose}'s {} {} for {month} ({})?", kpi.name, noun(kind), exact_value(stored, kpi.unit)),
            after.to_string(),
            "The audit log keeps the old value.".to_string(),
        ];
        let title = match kind {
            ValueKind::Actual => "Clear an actual",
            ValueKind::Target => "Clear a target",
        };
        vec![Effect::Ask(DialogRequest::Confirm {
            title: title.into(),
            lines,
            change: Change::Value { edit, value: None },
        })]
    }

    /// `n`: the next KPI of this person's month, after the selected one and across KRAs in
    /// scorecard order, that has a target and no actual and that the viewer may enter; it is
    /// selected and opened for editing, and after its save the next one opens.
    pub fn next_missing(&mut self, cx: &Context) -> Vec<Effect> {
        let Some(score) = self.score(cx.data) else { return vec![] };
        let month = match self.month_for_change(ValueKind::Actual, false, cx) {
            Ok(month) => month,
            Err(why) => return vec![Effect::Say(why)],
        };
        // Every KPI of the month with a target, no actual, and one the viewer may type.
        let cells: Vec<(&str, &Kpi)> = score
            .card
            .kras
            .iter()
            .flat_map(|kra| kra.kpis.iter().map(move |k| (kra.code.as_str(), &k.kpi)))
            .filter(|(_, kpi)| {
                cx.data.stored_target(&self.login, &kpi.code, month).is_some()
                    && cx.data.stored_actual(&self.login, &kpi.code, month).is_none()
                    && cx.actor.ensure_may_enter(kpi).is_ok()
            })
            .collect();
        // Start after the KPI under the cursor, wrapping round to the first.
        let order: Vec<&str> =
            score.card.kras.iter().flat_map(|kra| kra.kpis.iter().map(|k| k.kpi.code.as_str())).collect();
        let position = |code: &str| order.iter().position(|c| *c == code);
        let here = self.selected_kpi(cx.data).and_then(|k| position(&k.kpi.code));
        let after_here = cells.iter().find(|(_, kpi)| here.is_none_or(|h| position(&kpi.code) > Some(h)));
        let Some(&(kra, kpi)) = after_here.or(cells.first()) else {
            return vec![Effect::info(format!("every targeted value of {month} you may enter is in"))];
        };
        let (kra, kpi) = (kra.to_string(), kpi.clone());
        let mut effects = Vec::new();
        if !self.filter.is_empty() {
            self.filter.clear();
            effects.push(Effect::info("filter cleared to show the next missing value"));
        }
        if self.level != Level::Kpis(kra.clone()) {
            self.level = Level::Kpis(kra);
            self.kpis = Rows::default();
        }
        self.refresh(cx.data);
        self.kpis.select(&kpi.code);
        effects.push(self.open_edit(ValueKind::Actual, &kpi, month, true, cx));
        effects
    }

    /// The selected KPI and the month on screen, when the viewer may change its `kind` now.
    fn selected_for_change<'a>(
        &self,
        kind: ValueKind,
        clearing: bool,
        cx: &Context<'a>,
    ) -> Result<(&'a Kpi, Month), Message> {
        let Some(kpi) = self.selected_kpi(cx.data).map(|k| &k.kpi) else {
            return Err(Message::info(format!(
                "open a KRA with Enter, then choose the KPI whose {} to change",
                noun(kind)
            )));
        };
        let month = self.month_for_change(kind, clearing, cx)?;
        if kind == ValueKind::Actual {
            cx.actor.ensure_may_enter(kpi).map_err(|e| Message::error(e.to_string()))?;
        }
        Ok((kpi, month))
    }

    /// The month on screen, when the viewer may change this person's `kind` in it.
    fn month_for_change(&self, kind: ValueKind, clearing: bool, cx: &Context) -> Result<Month, Message> {
        let Period::Month(month) = cx.data.period else {
            return Err(Message::error(format!("{}s are set per month: press p for the month view", noun(kind))));
        };
        match kind {
            ValueKind::Actual => cx.actor.ensure_may_set_actual(&self.login),
            ValueKind::Target => cx.actor.ensure_manager(if clearing { "clear targets" } else { "set targets" }),
        }
        .map_err(|e| Message::error(e.to_string()))?;
        if cx.data.is_closed(month) {
            let reopen = if cx.actor.is_manager() {
                "reopen it (C) to change it"
            } else {
                "only the branch manager can reopen it"
            };
            return Err(Message::error(format!("{month} is closed: {reopen}")));
        }
        let current = Month::of_date(cx.data.as_of);
        if kind == ValueKind::Actual && !clearing && month > current {
            return Err(Message::error(format!(
                "{month} has not begun: actuals are entered from the month they belong to"
            )));
        }
        Ok(month)
    }

    fn value_edit(&self, kind: ValueKind, kpi: &Kpi, month: Month, then_next: bool, cx: &Context) -> ValueEdit {
        let target = cx.data.stored_target(&self.login, &kpi.code, month);
        let seen = match kind {
            ValueKind::Actual => cx.data.stored_actual(&self.login, &kpi.code, month),
            ValueKind::Target => target,
        };
        ValueEdit {
            kind,
            login: self.login.clone(),
            kpi: kpi.code.clone(),
            kpi_name: kpi.name.clone(),
            unit: kpi.unit,
            month,
            seen,
            target,
            then_next,
        }
    }

    fn open_edit(&self, kind: ValueKind, kpi: &Kpi, month: Month, then_next: bool, cx: &Context) -> Effect {
        let edit = self.value_edit(kind, kpi, month, then_next, cx);
        let text = edit.seen.map(format_value).unwrap_or_default();
        Effect::OpenInput(InputPurpose::EditValue(edit), text)
    }
}
