//! Finding a customer across the branch (`F`, branch manager): a name or id typed in the input,
//! the matches of every RM's book read by the worker, and Enter to go to the one chosen.

use super::{Panel, PortfolioFocus, PortfolioTab};
use crate::domain::customer::Customer;
use crate::ui::action::Action;
use crate::ui::effect::{Effect, InputPurpose};
use crate::ui::format::fit;
use crate::ui::tabs::{Context, Rows, Tab};

/// The most matches one search reads; the list says how many there are beyond them.
pub const FIND_LIMIT: usize = 200;

/// What the search has found for the text on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// Nothing typed yet.
    Nothing,
    Reading,
    /// The first matches (by name) and how many match in all.
    Customers {
        customers: Vec<Customer>,
        total: usize,
    },
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// The text as typed.
    pub query: String,
    /// The text the last read was asked for: an answer for any other is dropped.
    asked: Option<String>,
    pub found: Found,
    /// The matches in display order (by name, as read) and the one selected.
    pub rows: Rows,
}

impl Search {
    fn new() -> Search {
        Search { query: String::new(), asked: None, found: Found::Nothing, rows: Rows::default() }
    }

    /// Takes the text as typed; asks the worker for its matches unless it is blank or asked.
    pub fn set_query(&mut self, text: &str) -> Vec<Effect> {
        self.query = text.to_string();
        let wanted = text.trim();
        if wanted.is_empty() {
            self.asked = None;
            self.found = Found::Nothing;
            self.rows.set(vec![]);
            return vec![];
        }
        if self.asked.as_deref() == Some(wanted) {
            return vec![];
        }
        self.asked = Some(wanted.to_string());
        self.found = Found::Reading;
        vec![Effect::FindCustomers { query: wanted.to_string(), limit: FIND_LIMIT }]
    }

    /// Takes the worker's answer for `query`, if it is still the one on screen.
    pub fn take(&mut self, query: &str, result: Result<(Vec<Customer>, usize), String>) {
        if self.asked.as_deref() != Some(query) {
            return;
        }
        self.found = match result {
            Ok((customers, total)) => {
                self.rows = Rows::default();
                self.rows.set(customers.iter().enumerate().map(|(i, c)| (i, c.id.clone())).collect());
                Found::Customers { customers, total }
            }
            Err(why) => Found::Failed(why),
        };
    }

    /// Waiting for the worker's answer.
    pub fn is_reading(&self) -> bool {
        self.found == Found::Reading
    }

    /// The matches read, in display order.
    pub fn customers(&self) -> &[Customer] {
        match &self.found {
            Found::Customers { customers, .. } => customers,
            _ => &[],
        }
    }

    pub fn selected(&self) -> Option<&Customer> {
        self.rows.selected_row().and_then(|i| self.customers().get(i))
    }
}

impl PortfolioTab {
    /// The branch-wide search is on screen.
    pub fn is_finding(&self) -> bool {
        self.search.is_some()
    }

    /// A search is waiting for the worker's answer.
    pub fn is_searching(&self) -> bool {
        self.search.as_ref().is_some_and(Search::is_reading)
    }

    /// The reading thread stopped: a search waiting for it will not be answered.
    pub fn reader_stopped(&mut self) {
        if let Some(search) = self.search.as_mut().filter(|s| s.is_reading()) {
            search.found = Found::Failed("the reading thread stopped: quit and open the dashboard again".into());
        }
    }

    /// A worker's answer to a search.
    pub fn take_found(&mut self, query: &str, result: Result<(Vec<Customer>, usize), String>) {
        if let Some(search) = &mut self.search {
            search.take(query, result);
        }
    }

    /// `F`: opens the search (again, with its text) and the input that types it.
    pub(super) fn start_find(&mut self, cx: &Context) -> Vec<Effect> {
        if let Err(e) = cx.actor.ensure_manager("find customers across the branch") {
            return vec![Effect::error(format!("{e} (/ filters your own customers)"))];
        }
        let search = self.search.get_or_insert_with(Search::new);
        vec![Effect::OpenInput(InputPurpose::Filter(Tab::Portfolio), search.query.clone())]
    }

    /// Keys while the search is open: move in the matches, Enter goes to one, Esc closes.
    pub(super) fn handle_search(&mut self, action: &Action, cx: &Context) -> Vec<Effect> {
        let Some(search) = &mut self.search else { return vec![] };
        if search.rows.move_by(action) {
            return vec![];
        }
        match action {
            Action::Open => self.go_to_found(cx),
            Action::Back | Action::Left => {
                self.search = None;
                vec![Effect::info("search closed")]
            }
            Action::Filter | Action::FindCustomer => self.start_find(cx),
            _ => vec![Effect::info("in the search: Enter goes to the customer, F changes the search, Esc closes it")],
        }
    }

    /// Enter on a match: its RM's book with the customer selected; filters that would hide
    /// either are cleared.
    fn go_to_found(&mut self, cx: &Context) -> Vec<Effect> {
        let Some(customer) = self.search.as_ref().and_then(Search::selected).cloned() else {
            return vec![Effect::info("no customer to go to: F types a name or an id")];
        };
        let Some(portfolio) = cx.data.portfolio(&customer.rm_login) else {
            return vec![Effect::error(format!(
                "{} is held by {}, who is not among the RMs on screen",
                fit(&customer.name, 30),
                fit(&customer.rm_login, 24)
            ))];
        };
        self.search = None;
        let cleared =
            !self.rm_filter.is_empty() || !self.customer_filter.is_empty() || self.contact_view.label().is_some();
        self.rm_filter.clear();
        self.customer_filter.clear();
        self.contact_view = super::ContactView::All;
        self.rms.select(&portfolio.rm.login);
        self.customers = Rows::default();
        self.customers.select(&customer.id);
        self.panel = Panel::Customers;
        self.focus = PortfolioFocus::Customers;
        let effects = self.refresh(cx.data);
        let note = if cleared { "; filters cleared" } else { "" };
        let text = format!(
            "{} ({}) is in the book of {}{note}",
            fit(&customer.name, 30),
            fit(&customer.id, 16),
            fit(&portfolio.rm.name, 30)
        );
        [vec![Effect::info(text)], effects].concat()
    }
}
