//! Moving around the tabs: the leaderboard, the RM list and customers, KRAs and KPIs.

use super::*;

impl App {
    pub(super) fn update_team(&mut self, action: Action) {
        let logins: Vec<String> = team_rows(&self.data, &self.team).iter().map(|s| s.member.login.clone()).collect();
        let current = self.team.selected.as_ref().and_then(|l| logins.iter().position(|x| x == l)).unwrap_or(0);
        let step = |n: i64| step_index(current, logins.len(), n);
        let new_index = match action {
            Action::Up => step(-1),
            Action::Down => step(1),
            Action::PageUp => step(-PAGE),
            Action::PageDown => step(PAGE),
            Action::Home => 0,
            Action::End => logins.len().saturating_sub(1),
            Action::CycleSort => {
                self.team.sort = self.team.sort.next();
                self.info(format!("sorted by {}", self.team.sort.label()));
                return;
            }
            Action::StartFilter => {
                self.input =
                    Some(OpenInput { purpose: InputPurpose::TeamFilter, input: Input::new(self.team.filter.clone()) });
                return;
            }
            Action::Back => {
                self.team.filter.clear();
                self.settle_selections();
                return;
            }
            Action::Open | Action::Right => {
                if let Some(login) = logins.get(current) {
                    self.open_drilldown(login.clone());
                }
                return;
            }
            _ => return,
        };
        self.team.selected = logins.get(new_index).cloned();
    }

    /// Shows a person's KRA drill-down, if the actor may see it.
    pub(super) fn open_drilldown(&mut self, login: String) {
        if !self.actor.may_read_details_of(&login) {
            self.error("you can open only your own scorecard");
            return;
        }
        if self.drill.login.as_deref() != Some(&login) {
            self.drill = DrillState { login: Some(login), ..DrillState::default() };
        }
        self.tab = Tab::Drilldown;
    }

    pub(super) fn update_portfolio(&mut self, action: Action) {
        if self.data.portfolios.is_empty() {
            return;
        }
        let rms: Vec<String> = self.data.portfolios.iter().map(|p| p.rm.login.clone()).collect();
        let rm_index = self.portfolio.rm.as_ref().and_then(|l| rms.iter().position(|x| x == l)).unwrap_or(0);
        let customers: Vec<String> = customer_rows(&self.data.portfolios[rm_index], &self.portfolio, self.data.as_of)
            .iter()
            .map(|c| c.id.clone())
            .collect();
        let customer_index =
            self.portfolio.customer.as_ref().and_then(|id| customers.iter().position(|x| x == id)).unwrap_or(0);
        let on_rms = self.portfolio.focus == PortfolioFocus::Rms;
        let on_capabilities = !on_rms && self.portfolio.show_capabilities;
        let (current, len) = if on_rms {
            (rm_index, rms.len())
        } else if on_capabilities {
            (self.portfolio.capability, self.data.capabilities.len())
        } else {
            (customer_index, customers.len())
        };
        let moved = match action {
            Action::Up => Some(step_index(current, len, -1)),
            Action::Down => Some(step_index(current, len, 1)),
            Action::PageUp => Some(step_index(current, len, -PAGE)),
            Action::PageDown => Some(step_index(current, len, PAGE)),
            Action::Home => Some(0),
            Action::End => Some(len.saturating_sub(1)),
            _ => None,
        };
        if let Some(index) = moved {
            if on_rms {
                self.portfolio.rm = rms.get(index).cloned();
                self.portfolio.customer = None;
                self.settle_selections();
            } else if on_capabilities {
                self.portfolio.capability = index;
            } else {
                self.portfolio.customer = customers.get(index).cloned();
            }
            return;
        }
        match action {
            Action::Open | Action::Right if on_rms => self.portfolio.focus = PortfolioFocus::Customers,
            Action::Back | Action::Left | Action::History if !on_rms => self.portfolio.focus = PortfolioFocus::Rms,
            Action::Back => {
                self.portfolio.filter.clear();
                self.portfolio.stale_days = None;
                self.settle_selections();
            }
            Action::CycleSort => {
                self.portfolio.sort = self.portfolio.sort.next();
                // A new order starts from its top rather than wherever the old selection moved.
                self.portfolio.customer = None;
                self.settle_selections();
                self.info(format!("customers sorted by {}", self.portfolio.sort.label()));
            }
            Action::StartFilter => {
                self.portfolio.focus = PortfolioFocus::Customers;
                self.input = Some(OpenInput {
                    purpose: InputPurpose::CustomerFilter,
                    input: Input::new(self.portfolio.filter.clone()),
                });
            }
            Action::CycleStaleView => {
                let at = STALE_VIEWS.iter().position(|v| *v == self.portfolio.stale_days).unwrap_or(0);
                self.portfolio.stale_days = STALE_VIEWS[(at + 1) % STALE_VIEWS.len()];
                self.portfolio.customer = None;
                self.settle_selections();
                match self.portfolio.stale_days {
                    Some(days) => self.info(format!("active customers not contacted in {days} days")),
                    None => self.info("all customers"),
                }
            }
            Action::ToggleCapabilities => self.portfolio.show_capabilities = !self.portfolio.show_capabilities,
            Action::Edit if on_capabilities => self.start_rating_edit(),
            Action::Edit => self.info("press c for the capability profile, Enter to move into it, then e to rate"),
            _ => {}
        }
    }

    pub(super) fn update_drill(&mut self, action: Action) {
        let Some(login) = self.drill.login.clone() else { return };
        let Some(score) = self.data.member_score(&login) else { return };
        let kra_count = score.card.kras.len();
        match self.drill.open_kra {
            None => match action {
                Action::Up => self.drill.kra = step_index(self.drill.kra, kra_count, -1),
                Action::Down => self.drill.kra = step_index(self.drill.kra, kra_count, 1),
                Action::Home => self.drill.kra = 0,
                Action::End => self.drill.kra = kra_count.saturating_sub(1),
                Action::Open | Action::Right if kra_count > 0 => {
                    self.drill.open_kra = Some(self.drill.kra);
                    self.drill.kpi = 0;
                }
                Action::Edit => self.info("open a KRA with Enter, then choose the KPI to edit"),
                // Backing out of the KRA list returns to the leaderboard it was opened from.
                Action::Back | Action::Left => self.tab = Tab::Team,
                _ => {}
            },
            Some(kra) => {
                let kpi_count = score.card.kras.get(kra).map(|k| k.kpis.len()).unwrap_or(0);
                match action {
                    Action::Up => self.drill.kpi = step_index(self.drill.kpi, kpi_count, -1),
                    Action::Down => self.drill.kpi = step_index(self.drill.kpi, kpi_count, 1),
                    Action::Home => self.drill.kpi = 0,
                    Action::End => self.drill.kpi = kpi_count.saturating_sub(1),
                    Action::Back | Action::Left => self.drill.open_kra = None,
                    Action::Edit => self.start_edit(),
                    Action::History => self.show_history(),
                    _ => {}
                }
            }
        }
    }
}
