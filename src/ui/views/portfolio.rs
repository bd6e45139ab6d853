//! The Portfolio tab: the RM list, the selected RM's coverage against its norms, segment mix,
//! depth, book and dormant count, then its customers or its capability profile.

use crate::domain::coverage::{CustomerStatus, Segment};
use crate::ui::app::App;
use crate::ui::data::Portfolio;
use crate::ui::format::{bar, fit, money, pad, percent, shown, trim};
use crate::ui::state::{PortfolioFocus, customer_rows, days_since_contact};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, List, ListItem, ListState, Paragraph, Row, Table, TableState};

pub fn render(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    if app.data.portfolios.is_empty() {
        let text = if app.actor.is_manager() {
            "No relationship managers yet: import staff.csv with RMs, then customers.csv."
        } else {
            "Portfolios belong to relationship managers; you have none."
        };
        frame.render_widget(Paragraph::new(text).block(Block::new().borders(Borders::ALL).title(" Portfolio ")), area);
        return;
    }
    let list_width = if app.actor.is_manager() { 22 } else { 0 };
    let [list, detail] = Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(area);
    if list_width > 0 {
        render_rm_list(app, theme, list, frame);
    }
    let Some(portfolio) = app.selected_portfolio() else { return };
    let [metrics, lower] = Layout::vertical([Constraint::Length(7), Constraint::Min(0)]).areas(detail);
    render_metrics(app, portfolio, theme, metrics, frame);
    if app.portfolio.show_capabilities {
        render_capabilities(app, portfolio, theme, lower, frame);
    } else {
        render_customers(app, portfolio, theme, lower, frame);
    }
}

fn render_rm_list(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let items: Vec<ListItem> = app
        .data
        .portfolios
        .iter()
        .map(|p| {
            let status = p.coverage.status;
            ListItem::new(Line::from(vec![
                Span::raw(pad(&p.rm.name, 14)),
                Span::styled(format!("{:>6}", status.code()), theme.load(status)),
            ]))
        })
        .collect();
    let selected = app.portfolio.rm.as_ref().and_then(|l| app.data.portfolios.iter().position(|p| &p.rm.login == l));
    let focused = app.portfolio.focus == PortfolioFocus::Rms;
    let block = Block::new().borders(Borders::ALL).title(" RMs ").border_style(if focused {
        theme.key()
    } else {
        Style::new()
    });
    let list = List::new(items).block(block).highlight_style(theme.selected());
    let mut state = ListState::default().with_selected(selected);
    frame.render_stateful_widget(list, area, &mut state);
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

fn render_metrics(app: &App, portfolio: &Portfolio, theme: Theme, area: Rect, frame: &mut Frame) {
    let c = &portfolio.coverage;
    let rm = &portfolio.rm;
    let title = format!(
        " {} · {} focus · as of {} ",
        shown(&rm.name),
        rm.focus.map(|f| f.code()).unwrap_or("no"),
        app.data.as_of
    );
    let block = Block::new().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
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
            Span::styled(bar(contact, gauge_width), theme.score(contact * 100.0)),
            Span::raw(format!(" {}", percent(c.contact_coverage))),
        ]),
        Line::from(format!("Active {} · Dormant {}", c.active, c.dormant)),
        Line::from(format!(
            "Depth {} · Book {}",
            c.product_depth.map(|d| trim(d, 2)).unwrap_or_else(|| "–".into()),
            money(c.book)
        )),
    ];
    frame.render_widget(Paragraph::new(lines), left);
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
    frame.render_widget(Paragraph::new(mix), right);
}

fn render_customers(app: &App, portfolio: &Portfolio, theme: Theme, area: Rect, frame: &mut Frame) {
    let as_of = app.data.as_of;
    let rows = customer_rows(portfolio, &app.portfolio, as_of);
    let wide = area.width >= 90;
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|c| {
            let cadence = app.data.norms().norm(c.segment).cadence_days;
            let days = days_since_contact(c, as_of);
            let overdue = c.status == CustomerStatus::Active && days.is_none_or(|d| d > i64::from(cadence));
            let contact = match days {
                Some(d) => format!("{d} d"),
                None => "never".into(),
            };
            let active = c.status == CustomerStatus::Active;
            let name =
                if wide || active { shown(&c.name) } else { format!("{} ({})", shown(&c.name), c.status.code()) };
            let mut cells = vec![
                Cell::from(shown(&c.id)),
                Cell::from(name),
                Cell::from(short_segment(c.segment)),
                Cell::from(Line::from(c.products.len().to_string()).right_aligned()),
                Cell::from(Line::from(money(c.balance)).right_aligned()),
                Cell::from(
                    Line::from(Span::styled(contact, if overdue { theme.negative() } else { Style::new() }))
                        .right_aligned(),
                ),
            ];
            if wide {
                cells.push(Cell::from(c.status.code()));
                cells.push(Cell::from(shown(&c.products.join(", "))));
            }
            let row = Row::new(cells);
            if active { row } else { row.style(theme.dim()) }
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(7),
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Length(3),
        Constraint::Length(9),
        Constraint::Length(7),
    ];
    let mut header = vec!["Id", "Name", "Segment", "#P", "Balance", "Contact"];
    if wide {
        widths.extend([Constraint::Length(7), Constraint::Fill(1)]);
        header.extend(["Status", "Products"]);
    }
    let mut title =
        format!(" Customers {}/{} · by {} ", rows.len(), portfolio.customers.len(), app.portfolio.sort.label());
    if let Some(days) = app.portfolio.stale_days {
        title.push_str(&format!("· no contact in {days} d "));
    }
    if !app.portfolio.filter.is_empty() {
        title.push_str(&format!("· \"{}\" ", fit(&app.portfolio.filter, 16)));
    }
    let focused = app.portfolio.focus == PortfolioFocus::Customers;
    let block =
        Block::new().borders(Borders::ALL).title(title).border_style(if focused { theme.key() } else { Style::new() });
    let selected = if focused {
        app.portfolio.customer.as_ref().and_then(|id| rows.iter().position(|c| &c.id == id))
    } else {
        None
    };
    let table = Table::new(table_rows, widths)
        .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
        .row_highlight_style(theme.selected())
        .block(block);
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut state);
}

fn render_capabilities(app: &App, portfolio: &Portfolio, theme: Theme, area: Rect, frame: &mut Frame) {
    let focus = portfolio.rm.focus;
    let rows: Vec<Row> = app
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
                Cell::from(shown(&cap.name)),
                Cell::from(dots(rating)),
                Cell::from(required.map(|q| q.to_string()).unwrap_or_else(|| "–".into())),
                Cell::from(gap),
            ])
        })
        .collect();
    let widths = [Constraint::Fill(1), Constraint::Length(6), Constraint::Length(4), Constraint::Length(6)];
    let focused = app.portfolio.focus == PortfolioFocus::Customers;
    let hint = if app.actor.is_manager() { "e rates, c: customers" } else { "c: customers" };
    let title = format!(" Capabilities vs {} focus · {hint} ", focus.map(|f| f.code()).unwrap_or("no"));
    let block =
        Block::new().borders(Borders::ALL).title(title).border_style(if focused { theme.key() } else { Style::new() });
    let table = Table::new(rows, widths)
        .header(Row::new(vec!["Capability", "Rated", "Need", "Gap"]).style(Style::new().add_modifier(Modifier::BOLD)))
        .row_highlight_style(theme.selected())
        .block(block);
    let mut state = TableState::default().with_selected(focused.then_some(app.portfolio.capability));
    frame.render_stateful_widget(table, area, &mut state);
}

fn short_segment(segment: Segment) -> &'static str {
    match segment {
        Segment::MassRetail => "Retail",
        Segment::Affluent => "Affluent",
        Segment::Private => "Private",
        Segment::Sme => "SME",
        Segment::Corporate => "Corp.",
    }
}
