//! The Portfolio tab: the RM list, the selected RM's coverage against its norms, segment mix,
//! depth, book and dormant count, then its customers or its capability profile; with the
//! selection, sort and filter of each list, and the customer work done from it: recording a
//! contact, marking and moving customers to another RM, finding a customer across the branch.

mod find;
#[cfg(test)]
mod tests;
mod view;

pub use find::{FIND_LIMIT, Found, Search};
pub use view::PortfolioView;

use super::{Context, Rows, Sorting, Tab, matches_filter};
use crate::domain::actor::Actor;
use crate::domain::coverage::{CoverageNorms, CustomerStatus, contacted_within_cadence};
use crate::domain::customer::Customer;
use crate::domain::template::Role;
use crate::ui::action::Action;
use crate::ui::data::{Book, DashboardData, Portfolio};
use crate::ui::effect::{DialogRequest, Effect, InputPurpose};
use crate::ui::format::fit;
use chrono::NaiveDate;
use std::collections::{BTreeSet, VecDeque};

/// How many RMs' customers stay in memory: the RM selected and those seen just before, so that
/// going back a few RMs shows their customers at once. Others' are read again when selected
/// (a large book takes a few megabytes and tens of milliseconds).
pub const BOOKS_KEPT: usize = 4;

/// Which list has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortfolioFocus {
    Rms,
    Customers,
    Capabilities,
}

/// What the lower half shows for the selected RM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Customers,
    Capabilities,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum RmSort {
    Name,
    Load,
    Contacts,
    Book,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
pub enum CustomerSort {
    #[strum(serialize = "balance")]
    Balance,
    #[strum(serialize = "last contact")]
    LastContact,
    #[strum(serialize = "name")]
    Name,
    #[strum(serialize = "products")]
    Products,
}

/// Which customers the table shows: all, or the active ones whose contact is due by their
/// segment's cadence (SPEC §4 norms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactView {
    All,
    /// Active customers not contacted within their segment's cadence, or never.
    Due,
    /// Active customers not contacted within twice their segment's cadence, or never.
    Overdue,
}

impl ContactView {
    fn next(self) -> ContactView {
        match self {
            ContactView::All => ContactView::Due,
            ContactView::Due => ContactView::Overdue,
            ContactView::Overdue => ContactView::All,
        }
    }

    /// Whether the view lists `customer` as of `as_of`.
    pub fn shows(self, customer: &Customer, norms: &CoverageNorms, as_of: NaiveDate) -> bool {
        let cadence = norms.norm(customer.segment).cadence_days;
        let within = |days: u32| contacted_within_cadence(customer.last_contact, days, as_of);
        match self {
            ContactView::All => true,
            ContactView::Due => customer.status == CustomerStatus::Active && !within(cadence),
            ContactView::Overdue => customer.status == CustomerStatus::Active && !within(cadence.saturating_mul(2)),
        }
    }

    /// How the list's title names the view; the full list has no name.
    pub fn label(self) -> Option<&'static str> {
        match self {
            ContactView::All => None,
            ContactView::Due => Some("due for contact"),
            ContactView::Overdue => Some("overdue 2× cadence"),
        }
    }

    /// What the status bar says when the view comes on, for `count` customers listed (`None`
    /// while the book is being read).
    fn announce(self, count: Option<usize>) -> String {
        let count = count.map(|n| n.to_string()).unwrap_or_else(|| "the".into());
        match self {
            ContactView::All => "all customers".into(),
            ContactView::Due => {
                format!("{count} active customers due for contact: not contacted within their segment's cadence")
            }
            ContactView::Overdue => {
                format!("{count} active customers overdue: not contacted within twice their segment's cadence")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioTab {
    pub focus: PortfolioFocus,
    pub panel: Panel,
    pub rms: Rows,
    pub rm_sorting: Sorting<RmSort>,
    pub rm_filter: String,
    pub customers: Rows,
    pub customer_sorting: Sorting<CustomerSort>,
    pub customer_filter: String,
    pub contact_view: ContactView,
    pub capabilities: Rows,
    /// Customers marked (Space) to move together, by id; only those in the book on screen count.
    pub marked: BTreeSet<String>,
    /// The branch-wide customer search (`F`), while it is open.
    pub search: Option<Search>,
    /// The RMs whose books were on screen last, the selected one first: at most `BOOKS_KEPT`.
    seen: VecDeque<String>,
    /// A customer gone to from the search, until their RM's book shows them (see `find`).
    going_to: Option<find::GoingTo>,
}

impl PortfolioTab {
    /// Staff see only their own book: they start in its customers, with no RM list.
    pub fn new(actor: &Actor) -> PortfolioTab {
        PortfolioTab {
            focus: if actor.is_manager() { PortfolioFocus::Rms } else { PortfolioFocus::Customers },
            panel: Panel::Customers,
            rms: Rows::default(),
            rm_sorting: Sorting::new(RmSort::Name),
            rm_filter: String::new(),
            customers: Rows::default(),
            customer_sorting: Sorting::new(CustomerSort::Balance),
            customer_filter: String::new(),
            contact_view: ContactView::All,
            capabilities: Rows::default(),
            marked: BTreeSet::new(),
            search: None,
            seen: VecDeque::new(),
            going_to: None,
        }
    }

    /// The RM whose book is on screen.
    pub fn selected<'a>(&self, data: &'a DashboardData) -> Option<&'a Portfolio> {
        self.rms.selected_row().and_then(|i| data.portfolios.get(i))
    }

    /// Whether `rm_login`'s customers stay in memory: their book is on screen or was just before.
    pub fn keeps_book_of(&self, rm_login: &str) -> bool {
        self.seen.iter().any(|login| login == rm_login)
    }

    /// `rm_login`'s book is on screen: it goes first among those kept.
    fn note_seen(&mut self, rm_login: &str) {
        if self.seen.front().is_some_and(|login| login == rm_login) {
            return;
        }
        self.seen.retain(|login| login != rm_login);
        self.seen.push_front(rm_login.to_string());
        self.seen.truncate(BOOKS_KEPT);
    }

    /// Recomputes every list: after a load, a sort or a filter change. Asks for the selected
    /// RM's customers when they have not been read.
    pub fn refresh(&mut self, data: &DashboardData) -> Vec<Effect> {
        let needle = self.rm_filter.to_lowercase();
        let mut rms: Vec<(usize, &Portfolio)> = data
            .portfolios
            .iter()
            .enumerate()
            .filter(|(_, p)| matches_filter(&needle, [p.rm.name.as_str(), &p.rm.login, p.coverage.status.code()]))
            .collect();
        let by_name = |a: &Portfolio, b: &Portfolio| a.rm.name.cmp(&b.rm.name);
        self.rm_sorting.apply(&mut rms, |(_, a), (_, b)| match self.rm_sorting.key {
            RmSort::Name => by_name(a, b),
            // Most loaded first: who needs customers moved away.
            RmSort::Load => b.coverage.high_load.total_cmp(&a.coverage.high_load).then_with(|| by_name(a, b)),
            // Least contacted first: who needs help with contacts.
            RmSort::Contacts => {
                let key = |p: &Portfolio| p.coverage.contact_coverage.unwrap_or(-1.0);
                key(a).total_cmp(&key(b)).then_with(|| by_name(a, b))
            }
            RmSort::Book => b.coverage.book.total_cmp(&a.coverage.book).then_with(|| by_name(a, b)),
        });
        self.rms.set(rms.into_iter().map(|(i, p)| (i, p.rm.login.clone())).collect());
        self.capabilities.set(data.capabilities.iter().enumerate().map(|(i, c)| (i, c.code.clone())).collect());
        self.refresh_customers(data)
    }

    fn refresh_customers(&mut self, data: &DashboardData) -> Vec<Effect> {
        let Some(portfolio) = self.selected(data) else {
            self.customers.set(vec![]);
            return vec![];
        };
        self.note_seen(&portfolio.rm.login);
        let needle = self.customer_filter.to_lowercase();
        let mut rows: Vec<(usize, &Customer)> = portfolio
            .customers()
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                matches_filter(&needle, [c.name.as_str(), &c.id, c.segment.code(), c.segment.label()])
                    || c.products.iter().any(|p| matches_filter(&needle, [p.as_str()]))
            })
            .filter(|(_, c)| self.contact_view.shows(c, data.norms(), data.as_of))
            .collect();
        let by_id = |a: &Customer, b: &Customer| a.id.cmp(&b.id);
        self.customer_sorting.apply(&mut rows, |(_, a), (_, b)| match self.customer_sorting.key {
            CustomerSort::Balance => b.balance.total_cmp(&a.balance).then_with(|| by_id(a, b)),
            // Longest without contact first; never contacted before anyone.
            CustomerSort::LastContact => a.last_contact.cmp(&b.last_contact).then_with(|| by_id(a, b)),
            CustomerSort::Name => a.name.cmp(&b.name).then_with(|| by_id(a, b)),
            CustomerSort::Products => b.products.len().cmp(&a.products.len()).then_with(|| by_id(a, b)),
        });
        self.customers.set(rows.into_iter().map(|(i, c)| (i, c.id.clone())).collect());
        match &portfolio.book {
            Book::NotRead => vec![Effect::ReadBook(portfolio.rm.login.clone())],
            Book::Read(all) => {
                // Marks belong to the book on screen: another RM's book, or customers moved
                // away (a move saved), leaves them behind.
                self.marked.retain(|id| all.iter().any(|c| &c.id == id));
                vec![]
            }
            Book::Unreadable(_) => vec![],
        }
    }

    /// The selected customer of the book on screen.
    pub fn selected_customer<'a>(&self, data: &'a DashboardData) -> Option<&'a Customer> {
        let portfolio = self.selected(data)?;
        self.customers.selected_row().and_then(|i| portfolio.customers().get(i))
    }

    /// The marked customers of the book on screen, in the book's order.
    pub fn marked_ids(&self, data: &DashboardData) -> Vec<String> {
        let Some(portfolio) = self.selected(data) else { return vec![] };
        portfolio.customers().iter().filter(|c| self.marked.contains(&c.id)).map(|c| c.id.clone()).collect()
    }

    /// The filter of the list in focus, as `/` opens it; while the branch-wide search is open,
    /// the text it searches for.
    pub fn filter(&self) -> &str {
        if let Some(search) = &self.search {
            return &search.query;
        }
        match self.focus {
            PortfolioFocus::Rms => &self.rm_filter,
            _ => &self.customer_filter,
        }
    }

    pub fn set_filter(&mut self, text: &str, data: &DashboardData) -> Vec<Effect> {
        if let Some(search) = &mut self.search {
            return search.set_query(text);
        }
        match self.focus {
            PortfolioFocus::Rms => self.rm_filter = text.to_string(),
            _ => self.customer_filter = text.to_string(),
        }
        self.refresh(data)
    }

    fn list_in_focus(&mut self) -> &mut Rows {
        match self.focus {
            PortfolioFocus::Rms => &mut self.rms,
            PortfolioFocus::Customers => &mut self.customers,
            PortfolioFocus::Capabilities => &mut self.capabilities,
        }
    }

    pub fn handle(&mut self, action: &Action, cx: &Context) -> Vec<Effect> {
        if self.search.is_some() {
            return self.handle_search(action, cx);
        }
        if *action == Action::FindCustomer {
            return self.start_find(cx);
        }
        if cx.data.portfolios.is_empty() {
            return without_portfolios(action, cx.actor);
        }
        match action {
            Action::RecordContact => return self.start_contact(cx),
            Action::Mark => return self.toggle_mark(cx),
            Action::MoveCustomers => return self.ask_move(cx),
            _ => {}
        }
        let manager = cx.actor.is_manager();
        if self.list_in_focus().move_by(action) {
            if self.focus == PortfolioFocus::Rms {
                // Another RM: their customers from the top.
                self.customers = Rows::default();
                return self.refresh_customers(cx.data);
            }
            return vec![];
        }
        match (action, self.focus) {
            (Action::Open, PortfolioFocus::Rms) => {
                self.focus = match self.panel {
                    Panel::Customers => PortfolioFocus::Customers,
                    Panel::Capabilities => PortfolioFocus::Capabilities,
                };
                vec![]
            }
            (Action::Left | Action::Back, PortfolioFocus::Customers | PortfolioFocus::Capabilities) if manager => {
                self.focus = PortfolioFocus::Rms;
                vec![]
            }
            (Action::Back, _) => self.clear_filters(cx.data),
            (Action::Sort, PortfolioFocus::Rms) => {
                self.rm_sorting.advance();
                let effects = self.refresh(cx.data);
                [vec![Effect::info(format!("RMs sorted by {}", self.rm_sorting.label()))], effects].concat()
            }
            (Action::Sort, PortfolioFocus::Customers) => {
                self.customer_sorting.advance();
                // A new order starts from its top rather than wherever the old selection moved.
                self.customers = Rows::default();
                let effects = self.refresh_customers(cx.data);
                [vec![Effect::info(format!("customers sorted by {}", self.customer_sorting.label()))], effects].concat()
            }
            (Action::Sort | Action::Filter, PortfolioFocus::Capabilities) => {
                vec![Effect::info("the capability profile keeps the model's order; c shows the customers")]
            }
            (Action::Filter, _) => {
                vec![Effect::OpenInput(InputPurpose::Filter(Tab::Portfolio), self.filter().to_string())]
            }
            (Action::CycleContactView, _) => {
                self.contact_view = self.contact_view.next();
                self.panel = Panel::Customers;
                if self.focus == PortfolioFocus::Capabilities {
                    self.focus = PortfolioFocus::Customers;
                }
                self.customers = Rows::default();
                let effects = self.refresh_customers(cx.data);
                let read = self.selected(cx.data).is_some_and(|p| matches!(p.book, Book::Read(_)));
                let said = self.contact_view.announce(read.then(|| self.customers.len()));
                [vec![Effect::info(said)], effects].concat()
            }
            (Action::ToggleCapabilities, _) => {
                self.panel = match self.panel {
                    Panel::Customers => Panel::Capabilities,
                    Panel::Capabilities => Panel::Customers,
                };
                if self.focus != PortfolioFocus::Rms {
                    self.focus = match self.panel {
                        Panel::Customers => PortfolioFocus::Customers,
                        Panel::Capabilities => PortfolioFocus::Capabilities,
                    };
                }
                vec![]
            }
            (Action::Edit, PortfolioFocus::Capabilities) => self.start_rating(cx),
            (Action::Edit, _) => {
                vec![Effect::info("press c for the capability profile, Enter to move into it, then e to rate")]
            }
            _ => vec![],
        }
    }

    fn clear_filters(&mut self, data: &DashboardData) -> Vec<Effect> {
        if self.rm_filter.is_empty() && self.customer_filter.is_empty() && self.contact_view == ContactView::All {
            return vec![];
        }
        self.rm_filter.clear();
        self.customer_filter.clear();
        self.contact_view = ContactView::All;
        [vec![Effect::info("filters cleared")], self.refresh(data)].concat()
    }

    /// Opens the rating of the selected capability for editing (branch manager only).
    fn start_rating(&self, cx: &Context) -> Vec<Effect> {
        if let Err(e) = cx.actor.ensure_manager("rate capabilities") {
            return vec![Effect::error(e.to_string())];
        }
        let Some(portfolio) = self.selected(cx.data) else { return vec![] };
        let Some(capability) = self.capabilities.selected_row().and_then(|i| cx.data.capabilities.get(i)) else {
            return vec![];
        };
        let current = portfolio.ratings.get(&capability.code).map(|r| r.to_string()).unwrap_or_default();
        let purpose = InputPurpose::EditRating {
            login: portfolio.rm.login.clone(),
            capability: capability.code.clone(),
            capability_name: capability.name.clone(),
        };
        vec![Effect::OpenInput(purpose, current)]
    }

    /// `r`: opens the date of a contact with the selected customer, today by default. The
    /// manager records for any RM's customer, an RM for their own only.
    fn start_contact(&self, cx: &Context) -> Vec<Effect> {
        let Some(portfolio) = self.selected(cx.data) else {
            return vec![Effect::error("no RM selected: choose one (Esc clears the filter), then a customer")];
        };
        match self.focus {
            PortfolioFocus::Rms => {
                return vec![Effect::info(format!(
                    "choose a customer first: Enter opens {}'s customers, then r records a contact",
                    fit(&portfolio.rm.name, 30)
                ))];
            }
            PortfolioFocus::Capabilities => {
                return vec![Effect::info("choose a customer first: c shows the customers, then r records a contact")];
            }
            PortfolioFocus::Customers => {}
        }
        let Some(customer) = self.selected_customer(cx.data) else {
            return vec![Effect::error("no customer selected: there is none in the list (Esc clears the filters)")];
        };
        let own = cx.actor.role == Role::RelationshipManager && customer.rm_login == cx.actor.login;
        if !cx.actor.is_manager() && !own {
            return vec![Effect::error(format!(
                "not allowed: {} ({}) is in the book of {}; you record contacts with your own customers only",
                fit(&customer.name, 30),
                fit(&customer.id, 16),
                fit(&customer.rm_login, 24)
            ))];
        }
        let today = cx.data.as_of;
        let purpose = InputPurpose::RecordContact {
            customer_id: customer.id.clone(),
            customer_name: customer.name.clone(),
            today,
        };
        vec![Effect::OpenInput(purpose, today.format("%Y-%m-%d").to_string())]
    }

    /// Space: marks or unmarks the selected customer, then moves on to the next one.
    fn toggle_mark(&mut self, cx: &Context) -> Vec<Effect> {
        if let Err(e) = cx.actor.ensure_manager("mark customers to move them to another RM") {
            return vec![Effect::error(e.to_string())];
        }
        if self.focus != PortfolioFocus::Customers {
            return vec![Effect::info("Space marks customers: Enter opens the RM's customers first")];
        }
        let Some(id) = self.selected_customer(cx.data).map(|c| c.id.clone()) else {
            return vec![Effect::error("no customer selected to mark")];
        };
        let marked = if self.marked.remove(&id) {
            false
        } else {
            self.marked.insert(id.clone());
            true
        };
        self.customers.move_by(&Action::Down);
        let count = self.marked_ids(cx.data).len();
        let done = if marked { "marked" } else { "unmarked" };
        let next = if count > 0 { "; m moves them to another RM" } else { "" };
        vec![Effect::info(format!("{} {done}: {count} marked{next}", fit(&id, 16)))]
    }

    /// `m`: asks where to move the marked customers (or the selected one when none is marked).
    fn ask_move(&self, cx: &Context) -> Vec<Effect> {
        if let Err(e) = cx.actor.ensure_manager("move customers between RMs") {
            return vec![Effect::error(e.to_string())];
        }
        let Some(portfolio) = self.selected(cx.data) else {
            return vec![Effect::error("no RM selected: choose the RM whose customers move")];
        };
        if !matches!(portfolio.book, Book::Read(_)) {
            return vec![Effect::info("the customers are still being read: try again in a moment")];
        }
        let mut customer_ids = self.marked_ids(cx.data);
        if customer_ids.is_empty() && self.focus == PortfolioFocus::Customers {
            customer_ids.extend(self.selected_customer(cx.data).map(|c| c.id.clone()));
        }
        if customer_ids.is_empty() {
            return vec![Effect::info("mark customers with Space (or select one in the list), then m moves them")];
        }
        if cx.data.portfolios.len() < 2 {
            return vec![Effect::error("there is no other RM to move customers to")];
        }
        vec![Effect::Ask(DialogRequest::MoveCustomers { from_rm: portfolio.rm.login.clone(), customer_ids })]
    }
}

/// Customer work asked of a portfolio tab with no RM on it: say why nothing can be done.
fn without_portfolios(action: &Action, actor: &Actor) -> Vec<Effect> {
    let text = match action {
        Action::RecordContact | Action::Mark | Action::MoveCustomers if actor.is_manager() => {
            "no relationship managers yet: import staff.csv with RMs, then customers.csv"
        }
        Action::RecordContact => "contacts are recorded by relationship managers, with their own customers",
        Action::Mark | Action::MoveCustomers => "not allowed: only the branch manager moves customers between RMs",
        _ => return vec![],
    };
    vec![Effect::error(text)]
}
