//! Finding a customer across the branch (`F`, branch manager): a name or id typed in the input,
//! the matches of every RM's book read by the worker (again after each change to the file), and
//! Enter to go to the one chosen, checked against their RM's book once it is read.

use super::{Panel, PortfolioFocus, PortfolioTab};
use crate::domain::customer::Customer;
use crate::ui::action::Action;
use crate::ui::data::{Book, DashboardData};
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
    /// Reads of `asked` not yet answered: with matches on screen, they are being read again
    /// after a change.
    due: u32,
    pub found: Found,
    /// The matches in display order (by name, as read) and the one selected.
    pub rows: Rows,
}

impl Search {
    fn new() -> Search {
        Search { query: String::new(), asked: None, due: 0, found: Found::Nothing, rows: Rows::default() }
    }

    /// Takes the text as typed; asks the worker for its matches unless it is blank or asked.
    pub fn set_query(&mut self, text: &str) -> Vec<Effect> {
        self.query = text.to_string();
        let wanted = text.trim();
        if wanted.is_empty() {
            self.asked = None;
            self.due = 0;
            self.found = Found::Nothing;
            self.rows.set(vec![]);
            return vec![];
        }
        if self.asked.as_deref() == Some(wanted) {
            return vec![];
        }
        self.asked = Some(wanted.to_string());
        self.due = 1;
        self.found = Found::Reading;
        // New matches start from their first row.
        self.rows = Rows::default();
        vec![Effect::FindCustomers { query: wanted.to_string(), limit: FIND_LIMIT }]
    }

    /// After a change to the file: the same text asked again. The matches on screen, and the
    /// selected one by id, stay until the answer replaces them.
    pub fn ask_again(&mut self) -> Vec<Effect> {
        let Some(query) = self.asked.clone() else { return vec![] };
        self.due += 1;
        vec![Effect::FindCustomers { query, limit: FIND_LIMIT }]
    }

    /// Takes the worker's answer for `query`, if it is still the one on screen.
    pub fn take(&mut self, query: &str, result: Result<(Vec<Customer>, usize), String>) {
        if self.asked.as_deref() != Some(query) {
            return;
        }
        self.due = self.due.saturating_sub(1);
        self.found = match result {
            Ok((customers, total)) => {
                self.rows.set(customers.iter().enumerate().map(|(i, c)| (i, c.id.clone())).collect());
                Found::Customers { customers, total }
            }
            Err(why) => Found::Failed(why),
        };
    }

    /// Waiting for the worker's answer.
    pub fn is_reading(&self) -> bool {
        self.found == Found::Reading || self.due > 0
    }

    /// Matches are on screen and being read again after a change.
    pub fn is_refreshing(&self) -> bool {
        self.due > 0 && self.found != Found::Reading
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
            search.due = 0;
            search.found = Found::Failed("the reading thread stopped: quit and open the dashboard again".into());
        }
    }

    /// After a change to the file: the search on screen is asked again.
    pub fn search_again(&mut self) -> Vec<Effect> {
        self.search.as_mut().map(Search::ask_again).unwrap_or_default()
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
    /// either are cleared. The match may be older than the file (another session moved the
    /// customer meanwhile): where they are is said once the book is read and shows them.
    fn go_to_found(&mut self, cx: &Context) -> Vec<Effect> {
        let Some(search) = &self.search else { return vec![] };
        let query = search.query.clone();
        let Some(customer) = search.selected().cloned() else {
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
        let rm_name = portfolio.rm.name.clone();
        let reading = format!(
            "{} ({}) was found in the book of {}: reading it{note}",
            fit(&customer.name, 30),
            fit(&customer.id, 16),
            fit(&rm_name, 30)
        );
        self.going_to = Some(GoingTo { customer, rm_name, query, note });
        let said = self.arrival(cx.data).unwrap_or_else(|| vec![Effect::info(reading)]);
        [said, effects].concat()
    }

    /// Once the book gone to from the search is read: whether it holds the customer (else they
    /// moved since the search, which is then asked again).
    pub fn check_found_in_book(&mut self, data: &DashboardData) -> Vec<Effect> {
        self.arrival(data).unwrap_or_default()
    }

    /// What to say about the customer gone to: `None` while their RM's book is being read;
    /// nothing once the user has moved to another RM or the book cannot be read (it says why).
    fn arrival(&mut self, data: &DashboardData) -> Option<Vec<Effect>> {
        let going = self.going_to.as_ref()?;
        let book = self.selected(data).filter(|p| p.rm.login == going.customer.rm_login).map(|p| &p.book);
        let here = match book {
            Some(Book::NotRead) => return None,
            Some(Book::Read(customers)) => customers.iter().any(|c| c.id == going.customer.id),
            Some(Book::Unreadable(_)) | None => {
                self.going_to = None;
                return Some(vec![]);
            }
        };
        let going = self.going_to.take()?;
        let (name, id, rm) = (fit(&going.customer.name, 30), fit(&going.customer.id, 16), fit(&going.rm_name, 30));
        if here {
            return Some(vec![Effect::info(format!("{name} ({id}) is in the book of {rm}{}", going.note))]);
        }
        let mut search = Search::new();
        let mut effects = search.set_query(&going.query);
        search.rows.select(&going.customer.id);
        self.search = Some(search);
        effects.insert(
            0,
            Effect::error(format!(
                "{name} ({id}) is no longer in the book of {rm}: moved since the search; searching again"
            )),
        );
        Some(effects)
    }
}

/// A customer gone to from the search, until their RM's book is read and says whether they are
/// still in it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoingTo {
    customer: Customer,
    rm_name: String,
    /// The search's text, asked again if the customer has moved.
    query: String,
    /// What going there changed ("; filters cleared"), said once they are found.
    note: &'static str,
}
