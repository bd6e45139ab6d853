//! The head-office dashboard's state driven by keys over the hand-built head office: no
//! database, no worker, no terminal. The read requests it returns are what the worker gets.

use super::fixture::{answer, answer_with, clock, crowded, loaded_app, periods, snapshot, today};
use super::keys::{Action, BINDINGS, Mode, action_for, help_for};
use super::lists::{BranchSort, List, branch_rows, person_key};
use super::period::{cycle, starting_period, step};
use super::state::{Answer, HqApp, ReadRequest, STALL};
use super::tab::HqTab;
use crate::domain::period::{Month, Period, PeriodKind};
use crate::hq::store::HqPeriods;
use crate::ui::effect::MessageKind;
use crate::ui::tabs::SortOrder;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};
use strum::VariantArray;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses each key in turn; the requests of the last press.
fn press(app: &mut HqApp, keys: &[KeyCode]) -> Vec<ReadRequest> {
    keys.iter().map(|k| app.press(key(*k))).last().unwrap_or_default()
}

fn chars(text: &str) -> Vec<KeyCode> {
    text.chars().map(KeyCode::Char).collect()
}

fn codes(app: &HqApp) -> Vec<String> {
    let league = &app.data.as_ref().unwrap().snapshot.league;
    app.branches.rows.order().iter().map(|&i| league[i].branch_code.clone()).collect()
}

fn said(app: &HqApp) -> Option<(MessageKind, String)> {
    app.status.as_ref().map(|s| (s.message.kind, s.message.text.clone()))
}

fn month(text: &str) -> Period {
    text.parse().unwrap()
}

#[test]
fn it_opens_on_the_latest_month_with_actuals_up_to_today() {
    let with = |latest: Option<Month>| HqPeriods { latest_month: latest, ..periods() };
    let (app, requests) = HqApp::new("hq".into(), clock(), today(), &with(Month::new(2026, 9)));
    assert_eq!(app.period, month("2026-09"));
    assert_eq!(requests, [ReadRequest { generation: 1, period: "2026-09".into(), region: None }]);
    let (app, _) = HqApp::new("hq".into(), clock(), today(), &with(None));
    assert_eq!(app.period, month("2026-11"), "no actuals anywhere: today's month");
    // A month after today's is never where it opens.
    assert_eq!(starting_period(Month::new(2027, 1), today()), month("2026-11"));
    assert!(app.data.is_none() && app.loading() == Some(month("2026-11")));
}

#[test]
fn a_read_fills_every_tab_and_only_the_latest_answer_counts() {
    let (mut app, first) = HqApp::new("hq".into(), clock(), today(), &periods());
    let second = press(&mut app, &[KeyCode::Char('[')]);
    assert_eq!(second[0].period, "2026-10");
    // The answer to the first request arrives after the second was asked: not shown.
    app.apply(answer(first[0].generation, snapshot()));
    assert!(app.data.is_none());
    let mut october = snapshot();
    october.period = "2026-10".into();
    app.apply(answer(second[0].generation, october));
    let data = app.data.as_ref().unwrap();
    assert_eq!(data.snapshot.period, "2026-10");
    assert_eq!(app.read_at.as_deref(), Some("09:30:00"));
    assert_eq!(codes(&app), ["B002", "B001", "B003"], "best average first; nobody ranked last");
    assert_eq!(app.people.rows.len(), 8);
    assert_eq!(app.coverage.rows.len(), 3);
    assert_eq!(data.branch_ranks, [Some(1), Some(2), None]);
    assert!(app.loading().is_none() && app.is_idle());
}

#[test]
fn brackets_step_the_period_but_never_past_today() {
    let mut app = loaded_app();
    let refused = press(&mut app, &[KeyCode::Char(']')]);
    assert!(refused.is_empty());
    assert_eq!(app.period, month("2026-11"));
    let (kind, text) = said(&app).unwrap();
    assert_eq!(kind, MessageKind::Info);
    assert!(text.starts_with("2026-12 has not begun"), "{text}");
    assert_eq!(press(&mut app, &[KeyCode::Char('[')])[0].period, "2026-10");
    assert_eq!(press(&mut app, &[KeyCode::Char(']')])[0].period, "2026-11");
    assert_eq!(step(month("2026-Q4"), 1, today(), 1).unwrap_err().split(':').next(), Some("2027-Q1 has not begun"));
    assert_eq!(step(month("2026"), -1, today(), 1), Ok(month("2025")));
}

#[test]
fn p_cycles_month_quarter_year_and_comes_back_to_the_month_it_left() {
    let mut app = loaded_app();
    press(&mut app, &[KeyCode::Char('['), KeyCode::Char('['), KeyCode::Char('[')]);
    assert_eq!(app.period, month("2026-08"));
    let asked: Vec<String> = (0..3).map(|_| press(&mut app, &[KeyCode::Char('p')])[0].period.clone()).collect();
    assert_eq!(asked, ["2026-Q3", "2026", "2026-08"]);
    // Stepping a quarter keeps the month to come back to while the year holds it.
    press(&mut app, &[KeyCode::Char('p'), KeyCode::Char('['), KeyCode::Char('p')]);
    assert_eq!(app.period, month("2026"));
    assert_eq!(press(&mut app, &[KeyCode::Char('p')])[0].period, "2026-08");
    // A year that does not hold it comes back on its December.
    press(&mut app, &[KeyCode::Char('p'), KeyCode::Char('p'), KeyCode::Char('[')]);
    assert_eq!(app.period, month("2025"));
    assert_eq!(press(&mut app, &[KeyCode::Char('p')])[0].period, "2025-12");
    // This year's December has not begun: its latest month that has.
    assert_eq!(cycle(month("2026"), &mut None, today(), 1), month("2026-11"));
    // A month stepped to is the month to come back to.
    let mut left = None;
    assert_eq!(cycle(month("2026-11"), &mut left, today(), 1), month("2026-Q4"));
    assert_eq!(left, Month::new(2026, 11));
}

/// Head office's fiscal year starts in April (most branches do): quarters and years are
/// stepped and cycled as those branches name them.
fn april_app() -> HqApp {
    let april = HqPeriods { fiscal_start: 4, ..periods() };
    let (mut app, requests) = HqApp::new("hq".into(), clock(), today(), &april);
    app.apply(answer_with(requests[0].generation, snapshot(), april));
    app
}

#[test]
fn with_an_april_fiscal_start_p_goes_to_the_fiscal_quarter_and_year() {
    let mut app = april_app();
    assert_eq!(app.period, month("2026-11"));
    let november = Month::new(2026, 11).unwrap();
    // October to December is the third quarter of a year that starts in April.
    let quarter = Period::containing(november, PeriodKind::Quarter, 4);
    assert_eq!(quarter, month("2026-Q3"));
    assert_eq!(quarter.months(4), ["2026-10", "2026-11", "2026-12"].map(|m| m.parse::<Month>().unwrap()));
    assert_eq!(press(&mut app, &[KeyCode::Char('p')])[0].period, "2026-Q3");
    // The fiscal year 2026 runs from April 2026 to March 2027.
    assert_eq!(Period::containing(november, PeriodKind::Year, 4), month("2026"));
    assert_eq!(press(&mut app, &[KeyCode::Char('p')])[0].period, "2026");
    assert_eq!(press(&mut app, &[KeyCode::Char('p')])[0].period, "2026-11", "back to the month it left");
    // With calendar quarters the same month is in the fourth.
    assert_eq!(cycle(month("2026-11"), &mut None, today(), 1), month("2026-Q4"));
}

#[test]
fn with_an_april_fiscal_start_brackets_step_fiscal_periods_up_to_the_one_holding_today() {
    let mut app = april_app();
    press(&mut app, &[KeyCode::Char('p')]);
    // Today (2026-11-15) is in 2026-Q3; 2026-Q4 is January to March 2027.
    assert!(press(&mut app, &[KeyCode::Char(']')]).is_empty());
    assert_eq!(app.period, month("2026-Q3"));
    let (kind, text) = said(&app).unwrap();
    assert_eq!(kind, MessageKind::Info);
    assert!(text.starts_with("2026-Q4 has not begun: head office shows periods up to 2026-Q3"), "{text}");
    assert_eq!(press(&mut app, &[KeyCode::Char('[')])[0].period, "2026-Q2");
    assert_eq!(press(&mut app, &[KeyCode::Char(']')])[0].period, "2026-Q3");
    // Years step as fiscal years; the one holding today is the last.
    press(&mut app, &[KeyCode::Char('p')]);
    assert_eq!(app.period, month("2026"));
    assert!(press(&mut app, &[KeyCode::Char(']')]).is_empty());
    assert!(said(&app).unwrap().1.starts_with("2027 has not begun"), "{:?}", said(&app));
    assert_eq!(press(&mut app, &[KeyCode::Char('[')])[0].period, "2025");
    // Fiscal 2025 (April 2025 to March 2026) does not hold November 2026: its last month.
    assert_eq!(press(&mut app, &[KeyCode::Char('p')])[0].period, "2026-03");
    assert_eq!(press(&mut app, &[KeyCode::Char('p')])[0].period, "2025-Q4", "January to March 2026");
    // This fiscal year's last month (March 2027) has not begun: its latest that has.
    assert_eq!(cycle(month("2026"), &mut None, today(), 4), month("2026-11"));
    assert!(step(month("2026-Q3"), 1, today(), 4).is_err());
    assert_eq!(step(month("2026-Q3"), 1, today(), 1), Ok(month("2026-Q4")), "calendar Q4 has begun");
}

#[test]
fn the_fiscal_start_comes_with_every_read() {
    let (mut app, requests) = HqApp::new("hq".into(), clock(), today(), &periods());
    assert_eq!(app.fiscal_start, 1);
    // Branches that start their year in April synced: head office's calendar is theirs now.
    app.apply(answer_with(requests[0].generation, snapshot(), HqPeriods { fiscal_start: 4, ..periods() }));
    assert_eq!(app.fiscal_start, 4);
    assert_eq!(press(&mut app, &[KeyCode::Char('p')])[0].period, "2026-Q3");
}

#[test]
fn r_cycles_all_regions_then_each_then_all_again() {
    let mut app = loaded_app();
    let regions: Vec<Option<String>> =
        (0..4).map(|_| press(&mut app, &[KeyCode::Char('r')])[0].region.clone()).collect();
    assert_eq!(regions, [Some("East".into()), Some("North".into()), Some("South".into()), None]);
    assert_eq!(said(&app), Some((MessageKind::Info, "all regions".into())));
    // Regions come with every read: a branch of a new region joins the cycle.
    let (mut app, requests) = HqApp::new("hq".into(), clock(), today(), &HqPeriods { regions: vec![], ..periods() });
    app.apply(answer(requests[0].generation, snapshot()));
    assert_eq!(press(&mut app, &[KeyCode::Char('r')])[0].region.as_deref(), Some("East"));
}

#[test]
fn the_filter_narrows_as_typed_enter_keeps_it_and_esc_clears_it() {
    let mut app = loaded_app();
    press(&mut app, &[KeyCode::Char('/')]);
    assert_eq!(app.key_mode(), Mode::Filter);
    // Typed letters are text here, not keys: `r` does not change the region.
    assert!(press(&mut app, &chars("nor")).is_empty());
    assert_eq!(codes(&app), ["B002"], "the region matches");
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.key_mode(), Mode::Browse(HqTab::Branches));
    assert_eq!(codes(&app).len(), 3);
    // Codes and names match too, whatever the case; Enter keeps the filter.
    press(&mut app, &[KeyCode::Char('/')]);
    press(&mut app, &chars("b00"));
    assert_eq!(codes(&app).len(), 3);
    press(&mut app, &chars("1"));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!((codes(&app), app.branches.filter.as_str()), (vec!["B001".to_string()], "b001"));
    // What the screen shows is what is matched: the hidden escape does not break "evil branch".
    app.branches.filter.clear();
    press(&mut app, &[KeyCode::Char('/')]);
    press(&mut app, &[KeyCode::Backspace; 4]);
    press(&mut app, &chars("evil[31m branch"));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(codes(&app), ["B003"]);
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(codes(&app).len(), 3);
    assert_eq!(said(&app), Some((MessageKind::Info, "filter cleared".into())));
}

#[test]
fn a_filter_with_a_character_the_terminal_does_not_draw_still_matches() {
    let mut app = loaded_app();
    // Typed (or pasted) zero-width space and word joiner: dropped, as from the fields.
    press(&mut app, &[KeyCode::Char('/')]);
    press(&mut app, &chars("kora\u{200b}man\u{2060}"));
    assert_eq!(app.filter_input.as_ref().unwrap().value(), "koraman");
    assert_eq!(codes(&app), ["B002"]);
    // A filter that holds one anyway matches as it shows.
    let mut list = List::<BranchSort>::new();
    list.filter = "kora\u{200b}man\u{200f}".into();
    let data = app.data.as_ref().unwrap();
    let found: Vec<String> = branch_rows(data, &list).into_iter().map(|(_, code)| code).collect();
    assert_eq!(found, ["B002"]);
    // The hidden escape of B003's name does not stand between what is typed and what shows.
    list.filter = "evil\u{202e}[31m".into();
    assert_eq!(branch_rows(data, &list).len(), 1);
}

#[test]
fn each_tab_keeps_its_own_filter_sort_and_selection() {
    let mut app = loaded_app();
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Char('/')]);
    press(&mut app, &chars("loan"));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.people.rows.len(), 3, "two loan officers and a personal loan sales executive");
    press(&mut app, &[KeyCode::BackTab]);
    assert_eq!(app.tab, HqTab::Branches);
    assert_eq!(codes(&app).len(), 3);
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab]);
    assert_eq!(app.tab, HqTab::Coverage);
    press(&mut app, &[KeyCode::Char('/')]);
    press(&mut app, &chars("under"));
    assert_eq!(app.coverage.rows.selected_key(), Some(person_key("B001", "deepa.gill").as_str()));
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.tab, HqTab::Coverage, "Tab is typed into the filter, it does not switch");
}

#[test]
fn s_sorts_then_reverses_then_moves_on() {
    let mut app = loaded_app();
    press(&mut app, &[KeyCode::Char('s')]);
    assert_eq!((app.branches.sorting.key, app.branches.sorting.order), (BranchSort::Rank, SortOrder::Reversed));
    assert_eq!(codes(&app), ["B003", "B001", "B002"]);
    assert_eq!(said(&app), Some((MessageKind::Info, "sorted by rank, reversed".into())));
    press(&mut app, &[KeyCode::Char('s')]);
    assert_eq!(app.branches.sorting.key, BranchSort::Code);
    assert_eq!(codes(&app), ["B001", "B002", "B003"]);
    press(&mut app, &[KeyCode::Char('s'), KeyCode::Char('s'), KeyCode::Char('s'), KeyCode::Char('s')]);
    assert_eq!(app.branches.sorting.key, BranchSort::Region);
    assert_eq!(codes(&app), ["B003", "B002", "B001"], "East, North, South");
    press(&mut app, &[KeyCode::Char('s'), KeyCode::Char('s')]);
    assert_eq!(app.branches.sorting.key, BranchSort::Completeness);
    assert_eq!(codes(&app), ["B002", "B001", "B003"], "92 %, 74 %, nothing targeted");
    // The people's orders.
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Char('s'), KeyCode::Char('s')]);
    let data = app.data.as_ref().unwrap();
    let first = data.snapshot.people[app.people.rows.order()[0]].name.clone();
    assert_eq!(first, "Asha Kulkarni", "by name, A to Z");
}

#[test]
fn arrows_and_j_k_move_and_the_selection_survives_a_new_read() {
    let mut app = loaded_app();
    assert_eq!(app.branches.rows.selected_key(), Some("B002"));
    press(&mut app, &[KeyCode::Char('j')]);
    assert_eq!(app.branches.rows.selected_key(), Some("B001"));
    press(&mut app, &[KeyCode::Down, KeyCode::Down]);
    assert_eq!(app.branches.rows.selected_key(), Some("B003"), "stops at the last row");
    press(&mut app, &[KeyCode::Char('k'), KeyCode::Up, KeyCode::Up]);
    assert_eq!(app.branches.rows.selected_key(), Some("B002"));
    press(&mut app, &[KeyCode::Char('G')]);
    assert_eq!(app.branches.rows.selected_position(), Some(2));
    press(&mut app, &[KeyCode::Char('k')]);
    // A sync lands and B001 now leads: the selection stays on B001, now first.
    let mut synced = snapshot();
    synced.league.swap(0, 1);
    synced.league[0].average_overall = Some(105.0);
    synced.syncs = 8;
    let generation = press(&mut app, &[KeyCode::Char('[')])[0].generation;
    press(&mut app, &[KeyCode::Char(']')]);
    app.apply(answer(generation + 1, synced));
    assert_eq!(codes(&app), ["B001", "B002", "B003"]);
    assert_eq!(app.branches.rows.selected_key(), Some("B001"));
    assert_eq!(app.branches.rows.selected_position(), Some(0));
}

#[test]
fn enter_opens_the_detail_and_esc_backs_out_then_clears_the_filter() {
    let mut app = loaded_app();
    app.branches.filter = "b00".into();
    press(&mut app, &[KeyCode::Enter]);
    assert!(app.branches.open);
    press(&mut app, &[KeyCode::Char('2')]);
    assert!(!app.people.open, "each tab has its own pane");
    press(&mut app, &[KeyCode::Char('l')]);
    assert!(app.people.open);
    press(&mut app, &[KeyCode::Char('1'), KeyCode::Esc]);
    assert!(!app.branches.open);
    assert_eq!(app.branches.filter, "b00");
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.branches.filter, "");
    // Nothing to open on an empty list.
    app.branches.filter = "no such branch".into();
    press(&mut app, &[KeyCode::Char('/'), KeyCode::Char('x'), KeyCode::Enter, KeyCode::Enter]);
    assert!(app.branches.rows.is_empty() && !app.branches.open);
}

#[test]
fn an_open_detail_has_the_arrows_until_esc_gives_them_back() {
    let (mut app, requests) = HqApp::new("hq_reader".into(), clock(), today(), &periods());
    app.apply(answer(requests[0].generation, crowded()));
    assert_eq!(app.branches.rows.selected_key(), Some("B002"));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.key_mode(), Mode::Detail(HqTab::Branches));
    // The arrows move through B002's thirteen people; the league keeps its selection.
    press(&mut app, &[KeyCode::Down, KeyCode::Char('j')]);
    assert_eq!(app.branches.detail_at, 2);
    press(&mut app, &[KeyCode::PageDown, KeyCode::PageDown]);
    assert_eq!(app.branches.detail_at, 12, "stops at the last person");
    press(&mut app, &[KeyCode::Char('k'), KeyCode::PageUp]);
    assert_eq!(app.branches.detail_at, 1);
    press(&mut app, &[KeyCode::End]);
    assert_eq!(app.branches.detail_at, 12);
    press(&mut app, &[KeyCode::Char('g')]);
    assert_eq!(app.branches.detail_at, 0);
    assert_eq!(app.branches.rows.selected_key(), Some("B002"));
    // The keys of the period and the tabs still work from the detail.
    assert_eq!(press(&mut app, &[KeyCode::Char('[')])[0].period, "2026-10");
    // Esc closes the detail; the arrows move the league again.
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.key_mode(), Mode::Browse(HqTab::Branches));
    press(&mut app, &[KeyCode::Down]);
    assert_eq!(app.branches.rows.selected_key(), Some("B001"));
    // Opened again, the detail starts at its top.
    press(&mut app, &[KeyCode::Up, KeyCode::Enter, KeyCode::End, KeyCode::Esc, KeyCode::Enter]);
    assert_eq!(app.branches.detail_at, 0);
    // Each tab's detail: the person's KRAs, the RM's segments.
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Enter, KeyCode::End]);
    assert_eq!((app.key_mode(), app.people.detail_at), (Mode::Detail(HqTab::People), 3), "Asha's four KRAs");
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Down, KeyCode::Enter, KeyCode::End]);
    assert_eq!((app.key_mode(), app.coverage.detail_at), (Mode::Detail(HqTab::Coverage), 1), "two segments");
    // A filter that hides the row a detail was opened on gives the arrows back to the list,
    // and Esc then clears the filter and the detail with it.
    press(&mut app, &[KeyCode::Char('/')]);
    press(&mut app, &chars("nobody"));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.key_mode(), Mode::Browse(HqTab::Coverage));
    press(&mut app, &[KeyCode::Esc]);
    assert!(app.coverage.filter.is_empty() && !app.coverage.open);
}

#[test]
fn tabs_switch_with_tab_shift_tab_and_digits() {
    let mut app = loaded_app();
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.tab, HqTab::People);
    press(&mut app, &[KeyCode::BackTab, KeyCode::BackTab]);
    assert_eq!(app.tab, HqTab::Coverage, "wraps around");
    press(&mut app, &[KeyCode::Char('1')]);
    assert_eq!(app.tab, HqTab::Branches);
    press(&mut app, &[KeyCode::Char('3')]);
    assert_eq!(app.tab, HqTab::Coverage);
}

#[test]
fn the_help_takes_the_keyboard_until_closed_and_q_quits() {
    let mut app = loaded_app();
    press(&mut app, &[KeyCode::Char('?')]);
    assert_eq!(app.key_mode(), Mode::Help);
    press(&mut app, &[KeyCode::Char('j'), KeyCode::Char('j')]);
    assert_eq!(app.help.unwrap().scroll, 2);
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(app.help.is_none() && !app.should_quit, "q closes the help first");
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(app.should_quit);
    // Ctrl-C quits from the filter too.
    let mut app = loaded_app();
    press(&mut app, &[KeyCode::Char('/')]);
    app.press(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.should_quit);
}

#[test]
fn a_failed_read_says_why_once_and_keeps_what_is_on_screen() {
    let mut app = loaded_app();
    let asked = press(&mut app, &[KeyCode::Char('[')]);
    let failed = || Answer::Read { generation: asked[0].generation, read: Err("could not reach head office".into()) };
    app.apply(failed());
    assert_eq!(said(&app), Some((MessageKind::Error, "could not reach head office".into())));
    assert_eq!(app.data.as_ref().unwrap().snapshot.period, "2026-11", "the last read stays");
    app.status = None;
    app.apply(failed());
    assert!(app.status.is_none(), "the worker's retries are not said again");
    app.apply(answer(asked[0].generation, snapshot()));
    assert!(app.load_error.is_none());
    assert_eq!(said(&app), Some((MessageKind::Info, "head office answers again".into())));
    app.apply(Answer::WorkerStopped);
    assert_eq!(said(&app).unwrap().0, MessageKind::Error);
}

#[test]
fn keys_during_an_outage_name_the_period_asked_for_and_each_failure_is_said() {
    let mut app = loaded_app();
    let failed = |generation| Answer::Read { generation, read: Err("could not reach head office".into()) };
    let first = press(&mut app, &[KeyCode::Char('[')])[0].generation;
    app.apply(failed(first));
    // Not on screen, but asked for: the title names it, and `[` moves from it.
    assert_eq!(app.loading(), Some(month("2026-10")));
    app.status = None;
    let second = press(&mut app, &[KeyCode::Char('[')])[0].generation;
    assert_eq!(app.loading(), Some(month("2026-09")));
    app.apply(failed(second));
    assert_eq!(said(&app), Some((MessageKind::Error, "could not reach head office".into())), "said again");
    app.status = None;
    // The worker's retries of that request are not said again: the status bar keeps saying it.
    app.apply(failed(second));
    assert!(app.status.is_none());
    assert_eq!(app.loading(), Some(month("2026-09")));
    assert_eq!(app.data.as_ref().unwrap().snapshot.period, "2026-11");
}

#[test]
fn head_office_silent_for_a_few_seconds_is_said_not_to_answer_until_it_answers() {
    let mut app = loaded_app();
    let start = Instant::now();
    let at = |seconds: u64| start + Duration::from_secs(seconds);
    app.tick(start);
    app.apply(Answer::Heard);
    // Idle, the worker's look every second keeps it answering.
    for second in 1..=10 {
        app.tick(at(second));
        app.apply(Answer::Heard);
    }
    assert!(app.stalled_since.is_none() && app.status.is_none());
    // A key asks for October, and nothing comes back: a frozen server, a cut link.
    let asked = press(&mut app, &[KeyCode::Char('[')]);
    app.tick(at(10) + STALL - Duration::from_millis(250));
    assert!(app.stalled_since.is_none() && app.status.is_none());
    app.tick(at(10) + STALL);
    assert_eq!(app.stalled_since.as_deref(), Some("09:30:00"));
    let expected = "head office not answering since 09:30:00; what is on screen was read at 09:30:00";
    assert_eq!(said(&app), Some((MessageKind::Error, expected.into())));
    assert!(app.dirty && app.loading() == Some(month("2026-10")));
    // Said once; the status bar keeps saying it (see the view's tests).
    app.status = None;
    app.tick(at(30));
    assert!(app.status.is_none() && app.stalled_since.is_some());
    // The answer comes.
    let mut october = snapshot();
    october.period = "2026-10".into();
    app.apply(answer(asked[0].generation, october));
    assert!(app.stalled_since.is_none() && app.loading().is_none());
    assert_eq!(said(&app), Some((MessageKind::Info, "head office answers again".into())));
    // Idle and silent (the worker's look hangs): said too; its next look ends it.
    app.status = None;
    app.tick(at(30) + STALL);
    assert!(app.stalled_since.is_some());
    app.apply(Answer::Heard);
    assert!(app.stalled_since.is_none());
    assert_eq!(said(&app), Some((MessageKind::Info, "head office answers again".into())));
    // A reader that stopped is said as such, never as a silence.
    app.apply(Answer::WorkerStopped);
    assert!(said(&app).unwrap().1.starts_with("the head-office reader stopped"));
    app.tick(at(60));
    assert!(app.stalled_since.is_none() && app.status.is_none());
}

#[test]
fn messages_go_after_a_few_seconds() {
    let mut app = loaded_app();
    let start = std::time::Instant::now();
    app.tick(start);
    press(&mut app, &[KeyCode::Char('s')]);
    app.tick(start + std::time::Duration::from_secs(1));
    assert!(app.status.is_some());
    app.tick(start + crate::ui::app::MESSAGE_LIFETIME);
    assert!(app.status.is_none() && app.dirty);
}

#[test]
fn the_help_lists_exactly_the_keys_that_work_there() {
    for tab in HqTab::VARIANTS {
        let mode = Mode::Browse(*tab);
        let help = help_for(mode);
        for keys in ["q", "?", "[", "]", "p", "r", "/", "s", "Enter → l", "Esc ← h", "1", "2", "3"] {
            assert!(help.iter().any(|(k, _)| k == keys), "{keys} is missing from {tab:?}'s help");
        }
        assert_eq!(help.iter().filter(|(k, _)| k == "Enter → l").count(), 1, "one Enter line per tab");
        // Every key listed for the tab reads as its action there, and none is bound twice.
        for binding in BINDINGS.iter().filter(|b| !matches!(b.scope, super::keys::Scope::Everywhere)) {
            for k in binding.keys {
                let first =
                    BINDINGS.iter().find(|b| b.keys.contains(k) && help_for(mode).iter().any(|(_, h)| *h == b.help));
                if let Some(first) = first {
                    assert_eq!(action_for(KeyEvent::new(k.code, k.modifiers), mode), Some(first.action.clone()));
                }
            }
        }
    }
    // An open detail lists its own keys: the arrows move in it, Esc closes it; nothing opens.
    for tab in HqTab::VARIANTS {
        let mode = Mode::Detail(*tab);
        let help = help_for(mode);
        for (keys, what) in
            [("↑ k", "up in the detail"), ("PgDn", "a page down in the detail"), ("Esc ← h", "close the detail")]
        {
            assert!(help.iter().any(|(k, h)| k == keys && *h == what), "{keys} {what} is missing from {mode:?}");
        }
        assert!(help.iter().all(|(k, _)| k != "Enter → l"), "{help:?}");
        for keys in ["q", "?", "[", "]", "p", "r", "/", "s", "1"] {
            assert!(help.iter().any(|(k, _)| k == keys), "{keys} is missing from {mode:?}'s help");
        }
        for binding in BINDINGS.iter().filter(|b| !matches!(b.scope, super::keys::Scope::Everywhere)) {
            for k in binding.keys {
                let first =
                    BINDINGS.iter().find(|b| b.keys.contains(k) && help_for(mode).iter().any(|(_, h)| *h == b.help));
                if let Some(first) = first {
                    assert_eq!(action_for(KeyEvent::new(k.code, k.modifiers), mode), Some(first.action.clone()));
                }
            }
        }
    }
    assert_eq!(
        action_for(key(KeyCode::Char('q')), Mode::Filter),
        Some(Action::Input(tui_input::InputRequest::InsertChar('q')))
    );
    assert_eq!(action_for(key(KeyCode::Char('q')), Mode::Help), Some(Action::Back));
    let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(action_for(shifted, Mode::Browse(HqTab::People)), Some(Action::Last));
    let released = KeyEvent { kind: ratatui::crossterm::event::KeyEventKind::Release, ..key(KeyCode::Char('q')) };
    assert_eq!(action_for(released, Mode::Browse(HqTab::Branches)), None);
}
