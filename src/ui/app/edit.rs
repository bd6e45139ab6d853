//! Editing an actual or a rating in place, handing it to the saver, and showing a value's history.

use super::*;

impl App {
    /// The KPI under the cursor in the open KRA: (login, KRA index, KPI index).
    pub(super) fn selected_kpi(&self) -> Option<(String, usize, usize)> {
        let login = self.drill.login.clone()?;
        let kra = self.drill.open_kra?;
        let score = self.data.member_score(&login)?;
        score.card.kras.get(kra)?.kpis.get(self.drill.kpi)?;
        Some((login, kra, self.drill.kpi))
    }

    pub(super) fn start_edit(&mut self) {
        let Some((login, kra, kpi_index)) = self.selected_kpi() else { return };
        if self.refuse_edit_while_saving() {
            return;
        }
        let Period::Month(month) = self.data.period else {
            self.error("actuals are entered per month: press p to switch to the month view");
            return;
        };
        if let Err(e) = self.actor.ensure_may_set_actual(&login) {
            self.error(e.to_string());
            return;
        }
        if self.data.is_closed(month) {
            let reopen = if self.actor.is_manager() {
                "reopen it to edit".to_string()
            } else {
                "only the branch manager can reopen it".to_string()
            };
            self.error(format!("{month} is closed: {reopen}"));
            return;
        }
        let Some(score) = self.data.member_score(&login) else { return };
        let kpi = &score.card.kras[kra].kpis[kpi_index].kpi;
        if let Err(e) = self.actor.ensure_may_enter(kpi) {
            self.error(e.to_string());
            return;
        }
        let seen = self.data.stored_actual(&login, &kpi.code, month);
        let purpose = InputPurpose::EditActual {
            login: login.clone(),
            kpi: kpi.code.clone(),
            kpi_name: kpi.name.clone(),
            unit: kpi.unit,
            month,
            seen,
        };
        self.input = Some(OpenInput { purpose, input: Input::new(seen.map(format_value).unwrap_or_default()) });
        self.status = None;
    }

    pub(super) fn save_edit(&mut self) {
        let Some(open) = self.input.clone() else { return };
        let InputPurpose::EditActual { login, kpi, kpi_name, month, seen, .. } = open.purpose.clone() else { return };
        let value = match open.validation() {
            Some(Ok(v)) => v,
            Some(Err(reason)) => {
                self.error(format!("not saved: {reason}"));
                return;
            }
            None => return,
        };
        self.input = None;
        self.submit_save(Change::Actual { login, kpi, kpi_name, month, value, seen });
    }

    pub(super) fn show_history(&mut self) {
        let Some((login, kra, kpi_index)) = self.selected_kpi() else { return };
        let Period::Month(month) = self.data.period else {
            self.error("history is kept per month: press p to switch to the month view");
            return;
        };
        let Some(score) = self.data.member_score(&login) else { return };
        let kpi = score.card.kras[kra].kpis[kpi_index].kpi.clone();
        let key = value_key(&login, &kpi.code, month);
        let filter = AuditFilter { entity: Some("actual".into()), key: Some(key), about_login: None };
        match self.store.audit_entries(&filter) {
            Ok(entries) => self.overlay = Some(Overlay::History { title: format!("{} · {month}", kpi.name), entries }),
            Err(e) => self.error(format!("cannot read the history: {e}")),
        }
    }

    /// Opens the rating of the selected capability for editing (branch manager only).
    pub(super) fn start_rating_edit(&mut self) {
        if let Err(e) = self.actor.ensure_manager("rate capabilities") {
            self.error(e.to_string());
            return;
        }
        if self.refuse_edit_while_saving() {
            return;
        }
        let Some(portfolio) = self.selected_portfolio() else { return };
        let Some(capability) = self.data.capabilities.get(self.portfolio.capability) else { return };
        let current = portfolio.ratings.get(&capability.code).map(|r| r.to_string()).unwrap_or_default();
        let purpose = InputPurpose::EditRating {
            login: portfolio.rm.login.clone(),
            capability: capability.code.clone(),
            capability_name: capability.name.clone(),
        };
        self.input = Some(OpenInput { purpose, input: Input::new(current) });
        self.status = None;
    }

    pub(super) fn save_rating(&mut self) {
        let Some(open) = self.input.clone() else { return };
        let InputPurpose::EditRating { login, capability, capability_name } = open.purpose.clone() else { return };
        let rating = match open.validation() {
            Some(Ok(v)) => v as u8,
            Some(Err(reason)) => {
                self.error(format!("not saved: {reason}"));
                return;
            }
            None => return,
        };
        self.input = None;
        self.submit_save(Change::Rating { login, capability, capability_name, rating });
    }
}
