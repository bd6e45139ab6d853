//! Drawing the Portfolio tab: the RM list, the selected RM's metrics, its customers (with the
//! marks of those to move) or its capability profile; or, while it is open, the branch-wide
//! search's matches.

use super::{ContactView, Found, Panel, PortfolioFocus, PortfolioTab, Search};
use crate::domain::actor::Actor;
use crate::domain::coverage::{CustomerStatus, Segment};
use crate::domain::customer::Customer;
use crate::ui::columns::Column;
use crate::ui::data::{Book, DashboardData, Portfolio};
use crate::ui::format::{bar, fit, group_indian, money, money_within, percent, shown, trim, width};
use crate::ui::theme::Theme;
use crate::ui::widgets::{
    Align, ListTable, boxed, column_widths, empty_message, fit_lines, shown_rows, widest, with_filter,
};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Widget};

/// The Portfolio tab as drawn.
pub struct PortfolioView<'a> {
    pub tab: &'a PortfolioTab,
    pub data: &'a DashboardData,
    pub actor: &'a Actor,
    pub theme: Theme,
}

impl Widget for PortfolioView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if let Some(search) = &self.tab.search {
            self.render_search(search, area, buf);
            return;
        }
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
        let marked = customers.iter().filter(|c| self.tab.marked.contains(&c.id)).count();
        // Who and how much first; the products list only where there is room left. A mark
        // column leads while customers are marked to move.
        let mut columns = vec![
            Column::needed(6, widest(visible().map(|c| c.id.as_str())).max(2), 8),
            Column::needed(10, widest(visible().map(|c| c.name.as_str())).max(4), 9),
            Column::needed(6, 11, 5),
            Column::fixed(3, 4),
            Column::needed(8, 10, 7),
            Column::needed(6, 7, 6),
            Column::optional(7, 7, 3),
            Column::optional(10, products_width(visible()).max(8), 1),
        ];
        let mut header = vec![
            ("Id", Align::Text),
            ("Name", Align::Text),
            ("Segment", Align::Text),
            ("#P", Align::Number),
            ("Balance", Align::Number),
            ("Contact", Align::Number),
            ("Status", Align::Text),
            ("Products", Align::Text),
        ];
        let marks = usize::from(marked > 0);
        if marks > 0 {
            columns.insert(0, Column::fixed(1, 10));
            header.insert(0, ("", Align::Text));
        }
        let w = column_widths(&columns, area);
        let width = |i: usize| usize::from(w[marks + i]);
        // Only the rows on screen are built: a book can hold thousands of customers.
        let (focused, selected) = (self.tab.focus == PortfolioFocus::Customers, self.tab.customers.selected_position());
        let shown = shown_rows(self.tab.customers.len(), selected, focused, area);
        let rows: Vec<Row> = self.tab.customers.order()[shown.clone()]
            .iter()
            .map(|&i| &customers[i])
            .map(|c| {
                let products = c.products.join(", ");
                let cadence = self.data.norms().norm(c.segment).cadence_days;
                let days = c.last_contact.map(|d| (as_of - d).num_days());
                let active = c.status == CustomerStatus::Active;
                let overdue = active && days.is_none_or(|d| d > i64::from(cadence));
                let contact = match days {
                    Some(d) => format!("{d} d"),
                    None => "never".into(),
                };
                let mut cells = vec![
                    Line::from(fit(&c.id, width(0))),
                    Line::from(fit(&c.name, width(1))),
                    Line::from(fit(c.segment.label(), width(2))),
                    Line::from(c.products.len().to_string()).right_aligned(),
                    Line::from(money_within(c.balance, width(4))).right_aligned(),
                    Line::from(Span::styled(contact, if overdue { theme.negative() } else { Style::new() }))
                        .right_aligned(),
                    Line::from(c.status.code()),
                    Line::from(fit(&products, width(7))),
                ];
                if marks > 0 {
                    let mark = if self.tab.marked.contains(&c.id) { "●" } else { "" };
                    cells.insert(0, Line::from(Span::styled(mark, theme.key())));
                }
                let row = Row::new(cells);
                if active { row } else { row.style(theme.dim()) }
            })
            .collect();
        // What is listed first (how many, which view, how many marked); the order last, as the
        // first words to give way on a narrow screen.
        let mut title = format!(" Customers {}/{} ", self.tab.customers.len(), customers.len());
        if let Some(view) = self.tab.contact_view.label() {
            title.push_str(&format!("· {view} "));
        }
        if marked > 0 {
            title.push_str(&format!("· {marked} marked "));
        }
        title.push_str(&format!("· by {} ", self.tab.customer_sorting.label()));
        let title = with_filter(title, &self.tab.customer_filter);
        ListTable { rows, widths: &w, header: &header, title, focused, selected }.render_window(
            shown.start,
            self.tab.customers.len(),
            area,
            buf,
            theme,
        );
        let empty = match &portfolio.book {
            Book::NotRead => Some("Reading the customers…".to_string()),
            Book::Unreadable(why) => Some(why.clone()),
            Book::Read(all) if all.is_empty() => Some("No customers in this book yet.".to_string()),
            Book::Read(_) if self.tab.customers.is_empty() && self.tab.contact_view != ContactView::All => Some(
                "No customer in this view: every active customer is contacted in time. n shows the next view.".into(),
            ),
            Book::Read(_) if self.tab.customers.is_empty() => Some("No customer matches; Esc clears.".to_string()),
            Book::Read(_) => None,
        };
        if let Some(message) = empty {
            empty_message(&message, area, buf, theme);
        }
    }

    /// The branch-wide search: the matches of every RM's book, with their RM.
    fn render_search(&self, search: &Search, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let as_of = self.data.as_of;
        let customers = search.customers();
        let rm_name = |c: &Customer| -> String {
            self.data.portfolio(&c.rm_login).map_or_else(|| c.rm_login.clone(), |p| p.rm.name.clone())
        };
        let rms: Vec<String> = customers.iter().map(rm_name).collect();
        let columns = [
            Column::needed(6, widest(customers.iter().map(|c| c.id.as_str())).max(2), 8),
            Column::needed(10, widest(customers.iter().map(|c| c.name.as_str())).max(4), 9),
            Column::needed(8, widest(rms.iter().map(String::as_str)).max(2), 7),
            Column::needed(6, 11, 5),
            Column::needed(6, 7, 6),
            Column::optional(7, 7, 3),
        ];
        let w = column_widths(&columns, area);
        let rows: Vec<Row> = customers
            .iter()
            .zip(&rms)
            .map(|(c, rm)| {
                let contact = match c.last_contact {
                    Some(d) => format!("{} d", (as_of - d).num_days()),
                    None => "never".into(),
                };
                let row = Row::new(vec![
                    Line::from(fit(&c.id, w[0].into())),
                    Line::from(fit(&c.name, w[1].into())),
                    Line::from(fit(rm, w[2].into())),
                    Line::from(fit(c.segment.label(), w[3].into())),
                    Line::from(contact).right_aligned(),
                    Line::from(c.status.code()),
                ]);
                if c.status == CustomerStatus::Active { row } else { row.style(theme.dim()) }
            })
            .collect();
        let query = fit(search.query.trim(), 24);
        let count = match &search.found {
            Found::Customers { customers, total } if customers.len() < *total => {
                format!("first {} of {} · ", customers.len(), group_indian(*total as u64))
            }
            Found::Customers { total, .. } => format!("{} found · ", group_indian(*total as u64)),
            _ => String::new(),
        };
        // After a change the matches stay on screen while they are read again.
        let again = if search.is_refreshing() { "reading again · " } else { "" };
        let title = format!(" Find \"{query}\" in every book · {count}{again}Enter goes there · Esc closes ");
        ListTable {
            rows,
            widths: &w,
            header: &[
                ("Id", Align::Text),
                ("Name", Align::Text),
                ("RM", Align::Text),
                ("Segment", Align::Text),
                ("Contact", Align::Number),
                ("Status", Align::Text),
            ],
            title,
            focused: true,
            selected: search.rows.selected_position(),
        }
        .render(area, buf, theme);
        let empty = match &search.found {
            Found::Nothing => {
                Some("Type a customer's name or id (part of it will do); F opens the input again.".into())
            }
            Found::Reading => Some("Searching every RM's book…".into()),
            Found::Failed(why) => Some(why.clone()),
            Found::Customers { customers, .. } if customers.is_empty() => {
                Some(format!("No customer's name or id contains \"{query}\"."))
            }
            Found::Customers { .. } => None,
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

/// The widest of the customers' products as listed ("savings, fd"), without building the texts.
fn products_width<'a>(customers: impl Iterator<Item = &'a Customer>) -> u16 {
    let listed =
        |c: &Customer| c.products.iter().map(|p| width(p)).sum::<usize>() + 2 * c.products.len().saturating_sub(1);
    customers.map(listed).max().unwrap_or(0).min(usize::from(u16::MAX)) as u16
}
