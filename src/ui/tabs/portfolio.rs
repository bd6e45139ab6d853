//! The Portfolio tab: the RM list, the selected RM's coverage against its norms, segment mix,
//! depth, book and dormant count, then its customers or its capability profile; with the
//! selection, sort and filter of each list.

use super::{Context, Rows, Sorting, Tab, matches_filter};
use crate::domain::actor::Actor;
use crate::domain::coverage::{CustomerStatus, Segment, contacted_within_cadence};
use crate::domain::customer::Customer;
use crate::ui::action::Action;
use crate::ui::columns::Column;
use crate::ui::data::{Book, DashboardData, Portfolio};
use crate::ui::effect::{Effect, InputPurpose};
use crate::ui::format::{bar, fit, money, money_within, percent, shown, trim};
use crate::ui::theme::Theme;
use crate::ui::widgets::{Align, ListTable, boxed, column_widths, empty_message, fit_lines, widest, with_filter};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Widget};

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

/// Which customers the table shows: all, or the active ones not contacted in a number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactView {
    All,
    NotContactedIn(u32),
}

impl ContactView {
    const CYCLE: [ContactView; 5] = [
        ContactView::All,
        ContactView::NotContactedIn(30),
        ContactView::NotContactedIn(90),
        ContactView::NotContactedIn(180),
        ContactView::NotContactedIn(365),
    ];

    fn next(self) -> ContactView {
        let at = Self::CYCLE.iter().position(|v| *v == self).unwrap_or(0);
        Self::CYCLE[(at + 1) % Self::CYCLE.len()]
    }

    fn shows(self, customer: &Customer, as_of: NaiveDate) -> bool {
        match self {
            ContactView::All => true,
            ContactView::NotContactedIn(days) => {
                customer.status == CustomerStatus::Active
                    && !contacted_within_cadence(customer.last_contact, days, as_of)
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
        }
    }

    /// The RM whose book is on screen.
    pub fn selected<'a>(&self, data: &'a DashboardData) -> Option<&'a Portfolio> {
        self.rms.selected_row().and_then(|i| data.portfolios.get(i))
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
        let needle = self.customer_filter.to_lowercase();
        let mut rows: Vec<(usize, &Customer)> = portfolio
            .customers()
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                matches_filter(&needle, [c.name.as_str(), &c.id, c.segment.code(), c.segment.label()])
                    || c.products.iter().any(|p| matches_filter(&needle, [p.as_str()]))
            })
            .filter(|(_, c)| self.contact_view.shows(c, data.as_of))
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
        match portfolio.book {
            Book::NotRead => vec![Effect::ReadBook(portfolio.rm.login.clone())],
            _ => vec![],
        }
    }

    /// The filter of the list in focus, as `/` opens it.
    pub fn filter(&self) -> &str {
        match self.focus {
            PortfolioFocus::Rms => &self.rm_filter,
            _ => &self.customer_filter,
        }
    }

    pub fn set_filter(&mut self, text: &str, data: &DashboardData) -> Vec<Effect> {
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
        if cx.data.portfolios.is_empty() {
            return vec![];
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
                let said = match self.contact_view {
                    ContactView::NotContactedIn(days) => format!("active customers not contacted in {days} days"),
                    ContactView::All => "all customers".to_string(),
                };
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
}

/// The Portfolio tab as drawn.
pub struct PortfolioView<'a> {
    pub tab: &'a PortfolioTab,
    pub data: &'a DashboardData,
    pub actor: &'a Actor,
    pub theme: Theme,
}

impl Widget for PortfolioView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if self.data.portfolios.is_empty() {
            let text = if self.actor.is_manager() {
                "No relationship managers yet: import staff.csv with RMs, then customers.csv."
            } else {
                "Portfolios belong to relationship managers; you have none."
            };
            Paragraph::new(text).block(Block::new().borders(Borders::ALL).title(" Portfolio ")).render(area, buf);
            return;
        }
        // The RM list grows with the longest name on wide screens, up to a third of the width.
        let longest = widest(self.data.portfolios.iter().map(|p| p.rm.name.as_str()));
        let list_width = if self.actor.is_manager() { (longest + 11).clamp(24, (area.width / 3).max(24)) } else { 0 };
        let [list, detail] = Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(area);
        if list_width > 0 {
            self.render_rm_list(list, buf);
        }
        let Some(portfolio) = self.tab.selected(self.data) else {
            let block = Block::new().borders(Borders::ALL).title(" Portfolio ");
            Paragraph::new("No RM matches the filter; Esc clears it.").block(block).render(detail, buf);
            return;
        };
        let [metrics, lower] = Layout::vertical([Constraint::Length(7), Constraint::Min(0)]).areas(detail);
        self.render_metrics(portfolio, metrics, buf);
        match self.tab.panel {
            Panel::Capabilities => self.render_capabilities(portfolio, lower, buf),
            Panel::Customers => self.render_customers(portfolio, lower, buf),
        }
    }
}

impl PortfolioView<'_> {
    fn render_rm_list(&self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let w = [area.width.saturating_sub(2 + 6 + 1), 6];
        let rows: Vec<Row> = self
            .tab
            .rms
            .order()
            .iter()
            .map(|&i| {
                let p = &self.data.portfolios[i];
                let status = p.coverage.status;
                Row::new(vec![
                    Cell::from(fit(&p.rm.name, w[0].into())),
                    Cell::from(Line::from(Span::styled(status.code(), theme.load(status))).right_aligned()),
                ])
            })
            .collect();
        let title = with_filter(format!(" RMs · {} ", self.tab.rm_sorting.label()), &self.tab.rm_filter);
        ListTable {
            rows,
            widths: &w,
            header: &[("RM", Align::Text), ("Load", Align::Number)],
            title,
            focused: self.tab.focus == PortfolioFocus::Rms,
            selected: self.tab.rms.selected_position(),
        }
        .render(area, buf, theme);
    }

    fn render_metrics(&self, portfolio: &Portfolio, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let c = &portfolio.coverage;
        let rm = &portfolio.rm;
        let title = format!(
            " {} · {} focus · as of {} ",
            shown(&rm.name),
            rm.focus.map(|f| f.code()).unwrap_or("no"),
            self.data.as_of
        );
        let block = boxed(&title, area);
        let inner = block.inner(area);
        block.render(area, buf);
        let [left, right] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(inner);
        let gauge_width = (left.width as usize).saturating_sub(18).clamp(4, 30);
        let contact = c.contact_coverage.unwrap_or(0.0);
        let lines = vec![
            Line::from(vec![
                Span::raw("Load     "),
                Span::styled(load_gauge(portfolio, gauge_width), theme.load(c.status)),
                Span::styled(format!(" {}", c.status.code()), theme.load(c.status).add_modifier(Modifier::BOLD)),
            ]),
            Line::from(Span::styled(
                format!("         {}× min · {:.0}% max", trim(c.low_load, 2), 100.0 * c.high_load),
                theme.dim(),
            )),
            Line::from(vec![
                Span::raw("Contacts "),
                Span::styled(bar(contact, gauge_width), theme.title()),
                Span::raw(format!(" {}", percent(c.contact_coverage))),
            ]),
            Line::from(format!("Active {} · Dormant {}", c.active, c.dormant)),
            Line::from(format!(
                "Depth {} · Book {}",
                c.product_depth.map(|d| trim(d, 2)).unwrap_or_else(|| "–".into()),
                money(c.book)
            )),
        ];
        Paragraph::new(fit_lines(lines, left.width)).render(left, buf);
        let most = c.segments.values().map(|s| s.active).max().unwrap_or(0).max(1);
        let mix_width = (right.width as usize).saturating_sub(19);
        let mix: Vec<Line> = Segment::ALL
            .iter()
            .filter_map(|segment| {
                let counts = c.segments.get(segment)?;
                Some(Line::from(vec![
                    Span::raw(format!("{:<12}", segment.label())),
                    Span::styled(bar(f64::from(counts.active) / f64::from(most), mix_width), theme.title()),
                    Span::raw(format!("{:>6}", counts.active)),
                ]))
            })
            .collect();
        Paragraph::new(fit_lines(mix, right.width)).render(right, buf);
    }

    fn render_customers(&self, portfolio: &Portfolio, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let as_of = self.data.as_of;
        let customers = portfolio.customers();
        let visible = || self.tab.customers.order().iter().map(|&i| &customers[i]);
        let products: Vec<String> = visible().map(|c| c.products.join(", ")).collect();
        // Who and how much first; the products list only where there is room left.
        let columns = [
            Column::needed(6, widest(visible().map(|c| c.id.as_str())).max(2), 8),
            Column::needed(10, widest(visible().map(|c| c.name.as_str())).max(4), 9),
            Column::needed(6, 11, 5),
            Column::fixed(3, 4),
            Column::needed(8, 10, 7),
            Column::needed(6, 7, 6),
            Column::optional(7, 7, 3),
            Column::optional(10, widest(products.iter().map(String::as_str)).max(8), 1),
        ];
        let w = column_widths(&columns, area);
        let rows: Vec<Row> = visible()
            .zip(&products)
            .map(|(c, products)| {
                let cadence = self.data.norms().norm(c.segment).cadence_days;
                let days = c.last_contact.map(|d| (as_of - d).num_days());
                let active = c.status == CustomerStatus::Active;
                let overdue = active && days.is_none_or(|d| d > i64::from(cadence));
                let contact = match days {
                    Some(d) => format!("{d} d"),
                    None => "never".into(),
                };
                let row = Row::new(vec![
                    Line::from(fit(&c.id, w[0].into())),
                    Line::from(fit(&c.name, w[1].into())),
                    Line::from(fit(c.segment.label(), w[2].into())),
                    Line::from(c.products.len().to_string()).right_aligned(),
                    Line::from(money_within(c.balance, w[4].into())).right_aligned(),
                    Line::from(Span::styled(contact, if overdue { theme.negative() } else { Style::new() }))
                        .right_aligned(),
                    Line::from(c.status.code()),
                    Line::from(fit(products, w[7].into())),
                ]);
                if active { row } else { row.style(theme.dim()) }
            })
            .collect();
        let mut title = format!(
            " Customers {}/{} · by {} ",
            self.tab.customers.len(),
            customers.len(),
            self.tab.customer_sorting.label()
        );
        if let ContactView::NotContactedIn(days) = self.tab.contact_view {
            title.push_str(&format!("· no contact in {days} d "));
        }
        let title = with_filter(title, &self.tab.customer_filter);
        ListTable {
            rows,
            widths: &w,
            header: &[
                ("Id", Align::Text),
                ("Name", Align::Text),
                ("Segment", Align::Text),
                ("#P", Align::Number),
                ("Balance", Align::Number),
                ("Contact", Align::Number),
                ("Status", Align::Text),
                ("Products", Align::Text),
            ],
            title,
            focused: self.tab.focus == PortfolioFocus::Customers,
            selected: self.tab.customers.selected_position(),
        }
        .render(area, buf, theme);
        let empty = match &portfolio.book {
            Book::NotRead => Some("Reading the customers…".to_string()),
            Book::Unreadable(why) => Some(why.clone()),
            Book::Read(all) if all.is_empty() => Some("No customers in this book yet.".to_string()),
            Book::Read(_) if self.tab.customers.is_empty() => Some("No customer matches; Esc clears.".to_string()),
            Book::Read(_) => None,
        };
        if let Some(message) = empty {
            empty_message(&message, area, buf, theme);
        }
    }

    fn render_capabilities(&self, portfolio: &Portfolio, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let focus = portfolio.rm.focus;
        let names = self.data.capabilities.iter().map(|c| c.name.as_str());
        let columns =
            [Column::needed(12, widest(names), 9), Column::fixed(6, 5), Column::fixed(4, 4), Column::fixed(6, 6)];
        let w = column_widths(&columns, area);
        let rows: Vec<Row> = self
            .data
            .capabilities
            .iter()
            .map(|cap| {
                let rating = portfolio.ratings.get(&cap.code).copied();
                let required = focus.map(|f| cap.required.for_focus(f));
                let gap = match (rating, required) {
                    (Some(r), Some(q)) if r >= q => Span::styled("meets", theme.ok()),
                    (Some(r), Some(q)) => Span::styled(format!("-{}", q - r), theme.negative()),
                    _ => Span::styled("–", theme.dim()),
                };
                let dots = |n: Option<u8>| -> String {
                    let n = usize::from(n.unwrap_or(0));
                    format!("{}{}", "●".repeat(n), "○".repeat(5 - n.min(5)))
                };
                Row::new(vec![
                    Cell::from(fit(&cap.name, w[0].into())),
                    Cell::from(dots(rating)),
                    Cell::from(
                        Line::from(required.map(|q| q.to_string()).unwrap_or_else(|| "–".into())).right_aligned(),
                    ),
                    Cell::from(gap),
                ])
            })
            .collect();
        let hint = if self.actor.is_manager() { "e rates, c: customers" } else { "c: customers" };
        let title = format!(" Capabilities vs {} focus · {hint} ", focus.map(|f| f.code()).unwrap_or("no"));
        ListTable {
            rows,
            widths: &w,
            header: &[
                ("Capability", Align::Text),
                ("Rated", Align::Text),
                ("Need", Align::Number),
                ("Gap", Align::Text),
            ],
            title,
            focused: self.tab.focus == PortfolioFocus::Capabilities,
            selected: self.tab.capabilities.selected_position(),
        }
        .render(area, buf, theme);
    }
}

/// The load gauge: capacity used (high load) against the norm band, whose lower edge is where
/// the low load reaches 1 and whose upper edge is a full book.
fn load_gauge(portfolio: &Portfolio, width: usize) -> String {
    let c = &portfolio.coverage;
    let scale = 1.25;
    let position = |load: f64| ((load / scale).clamp(0.0, 1.0) * width as f64).round() as usize;
    let min_edge = if c.low_load > 0.0 { c.high_load / c.low_load } else { 0.0 };
    let fill = position(c.high_load);
    let (min_at, max_at) = (position(min_edge), position(1.0).min(width.saturating_sub(1)));
    (0..width)
        .map(|i| {
            if i == min_at || i == max_at {
                '│'
            } else if i < fill {
                '█'
            } else {
                '░'
            }
        })
        .collect()
}
