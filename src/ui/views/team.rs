//! The Team tab: branch summary, band distribution and the leaderboard.

use crate::domain::scoring::{Band, Finality, MonthCounts};
use crate::ui::app::App;
use crate::ui::format::{bar, delta, fit, month_runs, percent, score, shown, sparkline, width as text_width};
use crate::ui::state::team_rows;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

pub fn render(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let [summary, board] = Layout::vertical([Constraint::Length(7), Constraint::Min(0)]).areas(area);
    let [facts, bands] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(summary);
    render_facts(app, theme, facts, frame);
    render_bands(app, theme, bands, frame);
    render_leaderboard(app, theme, board, frame);
}

fn render_facts(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let team = app.data.team();
    let staff: Vec<_> = team.iter().filter(|s| !s.member.role.is_manager()).collect();
    let scored: Vec<f64> = staff.iter().filter_map(|s| s.card.overall).collect();
    let average = (!scored.is_empty()).then(|| scored.iter().sum::<f64>() / scored.len() as f64);
    let cells = app.data.team_period().map(|t| t.staff_cells()).unwrap_or_default();
    let finality = app.data.finality();
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Branch average  "),
            Span::styled(score(average), Style::new().add_modifier(Modifier::BOLD)),
        ]),
        Line::from(format!("Scored          {} of {} staff", scored.len(), staff.len())),
        Line::from(match &finality {
            Finality::Final => Span::raw("Final           every month closed"),
            Finality::Provisional { open } => {
                Span::styled(format!("Provisional     {} open", month_runs(open)), theme.dim())
            }
        }),
    ];
    if staff.is_empty() {
        lines.push(Line::from(Span::styled("No staff yet: import staff.csv", theme.dim())));
    } else {
        lines.push(values_in_line(cells, area.width.saturating_sub(2) as usize, theme));
    }
    if let Some(own) = team.iter().find(|s| s.member.login == app.actor.login) {
        let standing = match (own.rank, own.member.role.is_manager()) {
            (_, true) => format!("Your own scorecard  {}", score(own.card.overall)),
            (Some(rank), false) => format!("Your rank       {rank} of {}", scored.len()),
            (None, false) => "Your rank       not scored yet".to_string(),
        };
        lines.push(Line::from(Span::styled(standing, theme.own_row())));
    }
    let block =
        Block::new().borders(Borders::ALL).title(format!(" {} · {} ", shown(&app.data.branch_name), app.data.period));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// How many targeted values of the staff are in: "Values in       412 of 440 · 3 missing",
/// or "412/440" when that does not fit `width`. Says "all" only when every targeted value is
/// reported.
fn values_in_line(cells: MonthCounts, width: usize, theme: Theme) -> Line<'static> {
    let targeted = cells.targeted();
    if targeted == 0 {
        return Line::from(Span::styled("Values in       no targets set", theme.dim()));
    }
    if cells.reported == targeted {
        return Line::from(format!("Values in       all {targeted} targeted"));
    }
    let missing = if cells.missing > 0 { format!(" · {} missing", cells.missing) } else { String::new() };
    let mut count = format!("Values in       {} of {targeted}", cells.reported);
    if text_width(&count) + text_width(&missing) > width {
        count = format!("Values in       {}/{targeted}", cells.reported);
    }
    Line::from(vec![Span::raw(count), Span::styled(missing, theme.negative())])
}

fn render_bands(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let staff: Vec<_> = app.data.team().iter().filter(|s| !s.member.role.is_manager()).collect();
    let count = |band: Band| staff.iter().filter(|s| s.band == Some(band)).count();
    let most = Band::ALL.iter().map(|b| count(*b)).max().unwrap_or(0).max(1);
    let bar_width = (area.width as usize).saturating_sub(2 + 18 + 4);
    let lines: Vec<Line> = Band::ALL
        .iter()
        .map(|band| {
            let n = count(*band);
            Line::from(vec![
                Span::raw(format!("{:<18}", band.label())),
                Span::styled(bar(n as f64 / most as f64, bar_width), theme.band(*band)),
                Span::raw(format!("{n:>3}")),
            ])
        })
        .collect();
    let block = Block::new().borders(Borders::ALL).title(" Bands ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn render_leaderboard(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let rows = team_rows(&app.data, &app.team);
    let wide = area.width >= 100;
    let header = ["#", "Name", "Role", "Focus", "Score", "Band", "Δ", "Trend", "Done"];
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|s| {
            let mut cells = vec![
                Cell::from(
                    s.rank
                        .map(|r| r.to_string())
                        .unwrap_or_else(|| if s.member.role.is_manager() { "BM".into() } else { "–".into() }),
                ),
                Cell::from(shown(&s.member.name)),
                Cell::from(if wide { s.member.role.short_label() } else { short_role(s.member.role) }),
            ];
            // Staff see others' name, role, overall, band and rank only (SPEC §1).
            let details = app.actor.may_read_details_of(&s.member.login);
            let focus = s.member.focus.filter(|_| details).map(|f| if wide { f.code() } else { &f.code()[..3] });
            cells.push(Cell::from(focus.unwrap_or("")));
            let band = match s.band {
                Some(b) => Cell::from(Span::styled(if wide { b.label() } else { short_band(b) }, theme.band(b))),
                None => Cell::from(Span::styled("not scored", theme.dim())),
            };
            let change = match s.change {
                Some(t) if t > 0.05 => Span::styled(delta(s.change), theme.positive()),
                Some(t) if t < -0.05 => Span::styled(delta(s.change), theme.negative()),
                _ => Span::raw(delta(s.change)),
            };
            cells.extend([
                Cell::from(Line::from(score(s.card.overall)).right_aligned()),
                band,
                Cell::from(if details { Line::from(change).right_aligned() } else { Line::default() }),
                Cell::from(if details { sparkline(&app.data.overall_trend(&s.member.login)) } else { String::new() }),
                Cell::from(if details {
                    Line::from(percent(s.card.completeness())).right_aligned()
                } else {
                    Line::default()
                }),
            ]);
            let row = Row::new(cells);
            if s.member.login == app.actor.login { row.style(theme.own_row()) } else { row }
        })
        .collect();
    let widths = [
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Length(if wide { 12 } else { 10 }),
        Constraint::Length(if wide { 8 } else { 5 }),
        Constraint::Length(6),
        Constraint::Length(if wide { 17 } else { 11 }),
        Constraint::Length(5),
        Constraint::Length(12),
        Constraint::Length(4),
    ];
    let selected = app.team.selected.as_ref().and_then(|l| rows.iter().position(|s| &s.member.login == l));
    let title = if app.team.filter.is_empty() {
        format!(" Leaderboard · sorted by {} ", app.team.sort.label())
    } else {
        format!(" Leaderboard · sorted by {} · filter \"{}\" ", app.team.sort.label(), fit(&app.team.filter, 20))
    };
    let empty = rows.is_empty();
    let table = Table::new(table_rows, widths)
        .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
        .row_highlight_style(theme.selected())
        .block(Block::new().borders(Borders::ALL).title(title));
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut state);
    if empty {
        let message =
            if app.data.team().is_empty() { "No staff yet: import staff.csv" } else { "Nobody matches the filter" };
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 2,
            width: area.width.saturating_sub(4),
            height: 1.min(area.height.saturating_sub(3)),
        };
        frame.render_widget(Paragraph::new(Span::styled(message, theme.dim())), inner);
    }
}

/// Band names that fit the narrow leaderboard.
fn short_band(band: Band) -> &'static str {
    match band {
        Band::NeedsImprovement => "Needs impr.",
        Band::Unsatisfactory => "Unsatisf.",
        other => other.label(),
    }
}

fn short_role(role: crate::domain::template::Role) -> &'static str {
    match role {
        crate::domain::template::Role::LoanOfficer => "Loan Off.",
        other => other.short_label(),
    }
}
