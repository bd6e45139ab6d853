//! The KRA drill-down tab: one person's KRAs with weights and score bars, opening into the
//! KPIs of a KRA with target, actual, achievement, score, contribution, status and trend.

use crate::domain::scoring::{Finality, KpiScore, KpiStatus};
use crate::domain::team::MemberScore;
use crate::domain::template::Direction;
use crate::ui::app::App;
use crate::ui::format::{bar, finality as finality_label, fit, kpi_value, percent, score, shown, sparkline};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

pub fn render(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let Some(score) = app.drill.login.as_deref().and_then(|l| app.data.member_score(l)) else {
        let block = Block::new().borders(Borders::ALL).title(" KRA drill-down ");
        frame.render_widget(Paragraph::new("Choose someone on the Team tab and press Enter.").block(block), area);
        return;
    };
    let [header, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
    render_header(app, score, theme, header, frame);
    match app.drill.open_kra {
        None => render_kras(app, score, theme, body, frame),
        Some(kra) => {
            // Tall terminals keep the KRA list in view above the open KRA's KPIs.
            let kra_rows = score.card.kras.len() as u16 + 3;
            let kpi_rows = score.card.kras.get(kra).map(|k| k.kpis.len()).unwrap_or(0) as u16 + 3;
            if body.height >= kra_rows + kpi_rows {
                let [top, bottom] = Layout::vertical([Constraint::Length(kra_rows), Constraint::Min(0)]).areas(body);
                render_kras(app, score, theme, top, frame);
                render_kpis(app, score, kra, theme, bottom, frame);
            } else {
                render_kpis(app, score, kra, theme, body, frame);
            }
        }
    }
}

fn render_header(app: &App, s: &MemberScore, theme: Theme, area: Rect, frame: &mut Frame) {
    let mut spans = vec![
        Span::styled(shown(&s.member.name), Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(format!(" · {} · ", s.member.role.short_label())),
        match s.card.overall {
            Some(_) => Span::styled(score(s.card.overall), Style::new().add_modifier(Modifier::BOLD)),
            None => Span::styled("not scored", theme.dim()),
        },
    ];
    if let Some(band) = s.band {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(band.label(), theme.band(band)));
    }
    if let Some(rank) = s.rank {
        spans.push(Span::raw(format!(" · rank {rank}")));
    }
    // Completeness counts (KPI, month) cells; narrow screens get the short forms.
    let wide = area.width >= 100;
    let cells = s.card.cells;
    if cells.targeted() == 0 {
        let text = if wide { " · no targets set for this period" } else { " · no targets" };
        spans.push(Span::styled(text, theme.dim()));
    } else if wide {
        let share = percent(s.card.completeness());
        spans.push(Span::raw(format!(" · {} of {} values in ({share})", cells.reported, cells.targeted())));
    } else {
        spans.push(Span::raw(format!(" · {}/{} in", cells.reported, cells.targeted())));
    }
    if cells.missing > 0 {
        spans.push(Span::styled(format!(", {} missing", cells.missing), theme.negative()));
    }
    let finality = app.data.finality();
    let label = match (&finality, wide) {
        (Finality::Provisional { .. }, false) => " · provisional".to_string(),
        _ => format!(" · {}", finality_label(app.data.period, &finality)),
    };
    spans.push(if finality.is_final() { Span::raw(label) } else { Span::styled(label, theme.dim()) });
    let block = Block::new().borders(Borders::ALL).title(format!(" {} · {} ", shown(&s.member.login), app.data.period));
    frame.render_widget(Paragraph::new(Line::from(spans)).block(block), area);
}

fn render_kras(app: &App, s: &MemberScore, theme: Theme, area: Rect, frame: &mut Frame) {
    let bar_width = (area.width as usize).saturating_sub(2 + 36 + 7 + 7 + 6 + 4).clamp(5, 40);
    let rows: Vec<Row> = s
        .card
        .kras
        .iter()
        .map(|kra| {
            let scored = kra.kpis.iter().filter(|k| k.status.counts()).count();
            let targeted = kra.kpis.iter().filter(|k| k.status != KpiStatus::Untargeted).count();
            let bar_cell = match kra.score {
                Some(v) => Span::styled(bar(v / 120.0, bar_width), theme.score(v)),
                None => Span::styled(format!("{:<bar_width$}", "not scored"), theme.dim()),
            };
            Row::new(vec![
                Cell::from(shown(&kra.name)),
                Cell::from(Line::from(format!("{}%", kra.weight)).right_aligned()),
                Cell::from(bar_cell),
                Cell::from(Line::from(score(kra.score)).right_aligned()),
                Cell::from(Line::from(format!("{scored}/{targeted}")).right_aligned()),
            ])
        })
        .collect();
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(bar_width as u16),
        Constraint::Length(6),
        Constraint::Length(5),
    ];
    let table = Table::new(rows, widths)
        .header(
            Row::new(vec!["KRA", "Weight", "Score (bar to 120)", "Score", "KPIs"])
                .style(Style::new().add_modifier(Modifier::BOLD)),
        )
        .row_highlight_style(theme.selected())
        .block(Block::new().borders(Borders::ALL).title(" KRAs · Enter opens a KRA's KPIs "));
    let mut state = TableState::default().with_selected(Some(app.drill.kra));
    frame.render_stateful_widget(table, area, &mut state);
}

fn status_cell(k: &KpiScore, theme: Theme) -> Span<'static> {
    match k.status {
        // Some targeted months closed unreported: the score is scaled by r ⁄ (r + x).
        KpiStatus::Scored if k.months.missing > 0 => Span::styled("partial", theme.negative()),
        KpiStatus::Scored => Span::raw("scored"),
        KpiStatus::Missing => Span::styled("missing", theme.negative()),
        KpiStatus::NotReported => Span::styled("not rep.", Style::new().add_modifier(Modifier::ITALIC)),
        KpiStatus::Untargeted => Span::styled("no target", theme.dim()),
    }
}

/// The scored actual; else an actual entered for a month without a target, dimmed: shown,
/// never scored (SPEC §3 rule 1).
fn actual_cell(k: &KpiScore, theme: Theme) -> Line<'static> {
    let line = match (k.actual, k.unscored_actual) {
        (Some(actual), _) => Line::from(kpi_value(actual, k.kpi.unit)),
        (None, Some(unscored)) => Line::from(Span::styled(kpi_value(unscored, k.kpi.unit), theme.dim())),
        (None, None) => Line::from("–"),
    };
    line.right_aligned()
}

fn render_kpis(app: &App, s: &MemberScore, kra_index: usize, theme: Theme, area: Rect, frame: &mut Frame) {
    let Some(kra) = s.card.kras.get(kra_index) else { return };
    let wide = area.width >= 110;
    let rows: Vec<Row> = kra
        .kpis
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let arrow = match k.kpi.direction {
                Direction::Higher => "↑",
                Direction::Lower => "↓",
            };
            let value = |v: Option<f64>| v.map(|v| kpi_value(v, k.kpi.unit)).unwrap_or_else(|| "–".into());
            let achievement = k.achievement.map(|a| format!("{a:.0}%")).unwrap_or_else(|| "–".into());
            let score_span = match k.score {
                Some(v) => Span::styled(format!("{v:.1}"), theme.score(v)),
                None => Span::styled("–", theme.dim()),
            };
            let contribution =
                s.card.contribution(kra_index, i).map(|c| format!("{c:.1}")).unwrap_or_else(|| "–".into());
            let history = app.data.kpi_trend(&s.member.login, kra_index, i);
            // Narrow screens show the last six periods of the trend.
            let trend = sparkline(if wide { &history } else { &history[history.len().saturating_sub(6)..] });
            let mut cells = vec![
                Cell::from(shown(&k.kpi.name)),
                Cell::from(arrow),
                Cell::from(Line::from(value(k.target)).right_aligned()),
                Cell::from(actual_cell(k, theme)),
                Cell::from(Line::from(achievement).right_aligned()),
                Cell::from(Line::from(score_span).right_aligned()),
                Cell::from(Line::from(contribution).right_aligned()),
                Cell::from(status_cell(k, theme)),
            ];
            cells.push(Cell::from(trend));
            Row::new(cells)
        })
        .collect();
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(if wide { 10 } else { 9 }),
        Constraint::Length(if wide { 10 } else { 9 }),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(4),
        Constraint::Length(9),
        Constraint::Length(if wide { 12 } else { 6 }),
    ];
    let header = ["KPI", "", "Target", "Actual", "Ach.", "Score", "Pts", "Status", "Trend"];
    let title = format!(
        " {} · {}% · score {} · e edits, h history, Esc back ",
        fit(&kra.name, 34),
        kra.weight,
        score(kra.score)
    );
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
        .row_highlight_style(theme.selected())
        .block(Block::new().borders(Borders::ALL).title(title));
    let mut state = TableState::default().with_selected(Some(app.drill.kpi));
    frame.render_stateful_widget(table, area, &mut state);
}
