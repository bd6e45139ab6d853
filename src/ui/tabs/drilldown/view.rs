//! The drill-down tab as drawn: the person's header with the month, quarter-to-date and
//! year-to-date overalls, their KRAs with weights, score bars and the three scores side by side,
//! and the KPIs of the open KRA with their codes, target, actual, achievement, score,
//! contribution, status and trend.

use super::{DrilldownTab, Level};
use crate::domain::actor::Actor;
use crate::domain::scoring::{Finality, KpiScore, KpiStatus, KraScore};
use crate::domain::team::MemberScore;
use crate::domain::template::Direction;
use crate::ui::columns::Column;
use crate::ui::data::DashboardData;
use crate::ui::data::TREND_PERIODS;
use crate::ui::format::{
    achievement_within, bar, finality as finality_label, fit, kpi_value_within, pad, percent, score, score_within,
    shown, sparkline, trim, width as width_of,
};
use crate::ui::person::Span as PeriodSpan;
use crate::ui::theme::Theme;
use crate::ui::widgets::{Align, ListTable, boxed, column_widths, empty_message, fit_lines, widest, with_filter};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Widget};

/// The drill-down tab as drawn.
pub struct DrilldownView<'a> {
    pub tab: &'a DrilldownTab,
    pub data: &'a DashboardData,
    pub actor: &'a Actor,
    pub theme: Theme,
}

impl Widget for DrilldownView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(score) = self.tab.score(self.data) else {
            let block = Block::new().borders(Borders::ALL).title(" KRA drill-down ");
            Paragraph::new("Choose someone on the Team tab and press Enter.").block(block).render(area, buf);
            return;
        };
        let [header, body] = Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(area);
        self.render_header(score, header, buf);
        match self.tab.open_kra(self.data) {
            None => self.render_kras(score, body, buf),
            Some(kra) => {
                // Tall terminals keep the KRA list in view above the open KRA's KPIs.
                let kra_rows = self.tab.kras.len() as u16 + 3;
                let kpi_rows = self.tab.kpis.len() as u16 + 3;
                if body.height >= kra_rows + kpi_rows {
                    let [top, bottom] =
                        Layout::vertical([Constraint::Length(kra_rows), Constraint::Min(0)]).areas(body);
                    self.render_kras(score, top, buf);
                    self.render_kpis(score, kra, bottom, buf);
                } else {
                    self.render_kpis(score, kra, body, buf);
                }
            }
        }
    }
}

impl DrilldownView<'_> {
    fn render_header(&self, s: &MemberScore, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let mut spans = vec![
            Span::styled(shown(&s.member.name), Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(format!(" · {}", s.member.role.short_label())),
        ];
        // The month view says the overall and band on the next line, beside the QTD and YTD.
        if self.tab.periods(self.data).is_none() {
            spans.push(Span::raw(" · "));
            spans.push(match s.card.overall {
                Some(_) => Span::styled(score(s.card.overall), Style::new().add_modifier(Modifier::BOLD)),
                None => Span::styled("not scored", theme.dim()),
            });
            if let Some(band) = s.band {
                spans.push(Span::raw(" "));
                spans.push(Span::styled(band.label(), theme.band(band)));
            }
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
        let finality = self.data.finality();
        let label = match (&finality, wide) {
            (Finality::Provisional { .. }, false) => " · provisional".to_string(),
            _ => format!(" · {}", finality_label(self.data.period, &finality)),
        };
        spans.push(if finality.is_final() { Span::raw(label) } else { Span::styled(label, theme.dim()) });
        let block = boxed(&format!(" {} · {} ", shown(&s.member.login), self.data.period), area);
        let lines = vec![Line::from(spans), self.periods_line(usize::from(area.width.saturating_sub(2)))];
        Paragraph::new(fit_lines(lines, area.width.saturating_sub(2))).block(block).render(area, buf);
    }

    /// The month, quarter-to-date and year-to-date overalls side by side (month view); in a
    /// quarter or year, where to see them.
    fn periods_line(&self, width: usize) -> Line<'static> {
        let theme = self.theme;
        let Some(periods) = self.tab.periods(self.data) else {
            let text = match self.data.period {
                crate::domain::period::Period::Month(_) => "Month, quarter-to-date and year-to-date: reading…",
                _ => "Month, quarter-to-date and year-to-date side by side in the month view (p)",
            };
            return Line::from(Span::styled(text, theme.dim()));
        };
        let bands = self.data.bands();
        // Most said first: months and bands; without them when the line would not fit.
        let forms = [(true, true), (false, true), (false, false)];
        let mut line = Line::default();
        for (months, with_bands) in forms {
            let mut spans = Vec::new();
            for (i, card) in periods.cards.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::raw(" · "));
                }
                let label = match (months, card.span) {
                    (true, PeriodSpan::QuarterToDate | PeriodSpan::YearToDate) => {
                        format!("{} ({}) ", card.span.label(), card.months_label())
                    }
                    _ => format!("{} ", card.span.label()),
                };
                spans.push(Span::raw(label));
                match card.card.overall {
                    Some(overall) => {
                        spans.push(Span::styled(score(Some(overall)), Style::new().add_modifier(Modifier::BOLD)));
                        if with_bands {
                            let band = bands.band(overall);
                            spans.push(Span::raw(" "));
                            spans.push(Span::styled(band.label(), theme.band(band)));
                        }
                    }
                    None => spans.push(Span::styled("not scored", theme.dim())),
                }
            }
            line = Line::from(spans);
            if line.width() <= width {
                break;
            }
        }
        line
    }

    fn render_kras(&self, s: &MemberScore, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let bands = self.data.bands();
        let names = self.tab.kras.order().iter().map(|&i| s.card.kras[i].name.as_str());
        let periods = self.tab.periods(self.data);
        // KRA, weight, bar, score, then (month view) the quarter and year to date, KPIs counted.
        let mut columns = vec![
            Column::needed(12, widest(names).max(3), 9),
            Column::fixed(6, 7),
            Column::optional(5, 40, 3),
            Column::needed(5, 6, 8),
        ];
        let mut header = vec![
            ("KRA", Align::Text),
            ("Weight", Align::Number),
            ("Score (bar to 120)", Align::Text),
            ("Score", Align::Number),
        ];
        if periods.is_some() {
            columns.extend([Column::needed(5, 6, 8), Column::needed(5, 6, 8)]);
            header[3].0 = "Month";
            header.extend([("QTD", Align::Number), ("YTD", Align::Number)]);
        }
        columns.push(Column::fixed(5, 5));
        header.push(("KPIs", Align::Number));
        let w = column_widths(&columns, area);
        let bar_width = usize::from(w[2]);
        header[2].0 = match bar_width {
            18.. => "Score (bar to 120)",
            12.. => "Bar (to 120)",
            _ => "Bar",
        };
        let score_cell = |value: Option<f64>, width: u16| {
            let style = value.map_or(theme.dim(), |v| theme.score(v, bands));
            Line::from(Span::styled(score_within(value, width.into()), style)).right_aligned()
        };
        let rows: Vec<Row> = self
            .tab
            .kras
            .order()
            .iter()
            .map(|&i| {
                let kra = &s.card.kras[i];
                let scored = kra.kpis.iter().filter(|k| k.status.counts()).count();
                let targeted = kra.kpis.iter().filter(|k| k.status != KpiStatus::Untargeted).count();
                let bar_cell = match kra.score {
                    Some(v) => Span::styled(bar(v / 120.0, bar_width), theme.score(v, bands)),
                    // The score column beside it says "–" too: no half-word here.
                    None if bar_width < 10 => Span::styled("–", theme.dim()),
                    None => Span::styled("not scored", theme.dim()),
                };
                let mut cells = vec![
                    Line::from(fit(&kra.name, w[0].into())),
                    Line::from(format!("{}%", trim(kra.weight, 1))).right_aligned(),
                    Line::from(bar_cell),
                    Line::from(score_within(kra.score, w[3].into())).right_aligned(),
                ];
                if let Some(periods) = periods {
                    let [_, qtd, ytd] = periods.kra_scores(&kra.code);
                    cells.extend([score_cell(qtd, w[4]), score_cell(ytd, w[5])]);
                }
                cells.push(Line::from(format!("{scored}/{targeted}")).right_aligned());
                Row::new(cells)
            })
            .collect();
        let title = format!(" KRAs · Enter opens a KRA's KPIs · {} ", self.tab.kra_sorting.label());
        let title = with_filter(title, &self.tab.filter);
        ListTable {
            rows,
            widths: &w,
            header: &header,
            title,
            focused: self.tab.level == Level::Kras,
            selected: self.tab.kras.selected_position(),
        }
        .render(area, buf, theme);
        if self.tab.kras.is_empty() {
            empty_message("No KRA or KPI matches the filter; Esc clears it.", area, buf, theme);
        }
    }

    fn render_kpis(&self, s: &MemberScore, kra: &KraScore, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let bands = self.data.bands();
        let kra_index = s.card.kras.iter().position(|k| k.code == kra.code).unwrap_or(0);
        let names = self.tab.kpis.order().iter().map(|&i| kra.kpis[i].kpi.name.as_str());
        // Names and the figures first; the points, status and trend give way on narrow screens.
        let columns = [
            Column::needed(12, widest(names).max(3), 9),
            Column::fixed(1, 8),
            Column::needed(7, 12, 7),
            Column::needed(7, 12, 7),
            Column::needed(5, 6, 6),
            Column::needed(5, 6, 6),
            Column::needed(4, 5, 4),
            Column::needed(8, 9, 5),
            Column::optional(6, TREND_PERIODS as u16, 3),
        ];
        let mut w = column_widths(&columns, area);
        // Codes (what the command line takes) beside the names when every column has all it
        // wants and room is left; else the selected KPI's code is on the bottom border.
        let codes = self.tab.kpis.order().iter().map(|&i| kra.kpis[i].kpi.code.as_str());
        let code_width = widest(codes);
        let used: u16 = w.iter().sum::<u16>() + (w.len() as u16 - 1);
        let names_width = w[0];
        let with_codes = area.width.saturating_sub(2).saturating_sub(used) >= code_width + 2;
        if with_codes {
            w[0] += code_width + 2;
        }
        let rows: Vec<Row> = self
            .tab
            .kpis
            .order()
            .iter()
            .map(|&i| {
                let k = &kra.kpis[i];
                let arrow = match k.kpi.direction {
                    Direction::Higher => "↑",
                    Direction::Lower => "↓",
                };
                let target =
                    k.target.map(|v| kpi_value_within(v, k.kpi.unit, w[2].into())).unwrap_or_else(|| "–".into());
                let score_span = match k.score {
                    Some(v) => Span::styled(score_within(Some(v), w[5].into()), theme.score(v, bands)),
                    None => Span::styled("–", theme.dim()),
                };
                let contribution = score_within(s.card.contribution(kra_index, i), w[6].into());
                let history = self.tab.kpi_trend(self.data, &k.kpi.code);
                let trend = &history[history.len().saturating_sub(w[8].into())..];
                let name = if with_codes {
                    Line::from(vec![
                        Span::raw(pad(&k.kpi.name, usize::from(names_width) + 2)),
                        Span::styled(shown(&k.kpi.code), theme.dim()),
                    ])
                } else {
                    Line::from(fit(&k.kpi.name, w[0].into()))
                };
                Row::new(vec![
                    name,
                    Line::from(arrow),
                    Line::from(target).right_aligned(),
                    actual_cell(k, w[3].into(), theme),
                    Line::from(achievement_within(k.achievement, w[4].into())).right_aligned(),
                    Line::from(score_span).right_aligned(),
                    Line::from(contribution).right_aligned(),
                    Line::from(status_cell(k, w[7].into(), theme)),
                    Line::from(sparkline(trend)),
                ])
            })
            .collect();
        let title = format!(
            " {} · {}% · score {} · {} · e edits, H history ",
            fit(&kra.name, 34),
            trim(kra.weight, 1),
            score(kra.score),
            self.tab.kpi_sorting.label()
        );
        let title = with_filter(title, &self.tab.filter);
        ListTable {
            rows,
            widths: &w,
            header: &[
                (if with_codes { "KPI and its code" } else { "KPI" }, Align::Text),
                ("", Align::Text),
                ("Target", Align::Number),
                ("Actual", Align::Number),
                ("Ach.", Align::Number),
                ("Score", Align::Number),
                ("Pts", Align::Number),
                ("Status", Align::Text),
                ("Trend", Align::Text),
            ],
            title,
            focused: true,
            selected: self.tab.kpis.selected_position(),
        }
        .render(area, buf, theme);
        if self.tab.kpis.is_empty() {
            empty_message("No KPI of this KRA matches the filter; Esc clears it.", area, buf, theme);
        }
        self.render_kpi_footer(kra, area, buf);
    }

    /// The selected KPI's code and what Enter does, on the KPI list's bottom border (left of
    /// where a long list says which rows it shows).
    fn render_kpi_footer(&self, kra: &KraScore, area: Rect, buf: &mut Buffer) {
        let Some(kpi) = self.tab.kpis.selected_row().and_then(|i| kra.kpis.get(i)) else { return };
        let rows_hidden = self.tab.kpis.len() > usize::from(area.height.saturating_sub(3));
        let room = usize::from(area.width.saturating_sub(2)).saturating_sub(if rows_hidden { 26 } else { 0 });
        let text = format!(" code {} · Enter: month by month ", shown(&kpi.kpi.code));
        let text = if width_of(&text) <= room { text } else { format!(" {} ", shown(&kpi.kpi.code)) };
        if width_of(&text) > room || area.height < 3 {
            return;
        }
        let at = Rect { x: area.x + 1, y: area.bottom() - 1, width: width_of(&text) as u16, height: 1 };
        Line::from(Span::styled(text, self.theme.key())).render(at, buf);
    }
}

/// The KPI's status in a column `width` wide (8 at the least: "no target" shortens to fit).
fn status_cell(k: &KpiScore, width: usize, theme: Theme) -> Span<'static> {
    match k.status {
        // Some targeted months closed unreported: the score is scaled by r ⁄ (r + x).
        KpiStatus::Scored if k.months.missing > 0 => Span::styled("partial", theme.negative()),
        KpiStatus::Scored => Span::raw("scored"),
        KpiStatus::Missing => Span::styled("missing", theme.negative()),
        KpiStatus::NotReported => Span::styled("not rep.", Style::new().add_modifier(Modifier::ITALIC)),
        KpiStatus::Untargeted => Span::styled(if width >= 9 { "no target" } else { "no targ." }, theme.dim()),
    }
}

/// The scored actual; else an actual entered for a month without a target, dimmed: shown,
/// never scored (SPEC §3 rule 1).
fn actual_cell(k: &KpiScore, width: usize, theme: Theme) -> Line<'static> {
    let line = match (k.actual, k.unscored_actual) {
        (Some(actual), _) => Line::from(kpi_value_within(actual, k.kpi.unit, width)),
        (None, Some(unscored)) => Line::from(Span::styled(kpi_value_within(unscored, k.kpi.unit, width), theme.dim())),
        (None, None) => Line::from("–"),
    };
    line.right_aligned()
}
