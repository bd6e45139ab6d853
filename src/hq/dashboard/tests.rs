//! The head-office dashboard's state driven by keys over the hand-built head office: no
//! database, no worker, no terminal. The read requests it returns are what the worker gets.

use super::fixture::{answer, clock, loaded_app, periods, snapshot, today};
use super::keys::{Action, BINDINGS, Mode, action_for, help_for};
use super::lists::{BranchSort, person_key};
use super::period::{cycle, starting_period, step};
use super::state::{Answer, HqApp, ReadRequest};
use super::tab::HqTab;
use crate::domain::period::{Month, Period};
use crate::hq::store::HqPeriods;
use crate::ui::effect::MessageKind;
use crate::ui::tabs::SortOrder;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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
    assert_eq!(step(month("2026-Q4"), 1, today()).unwrap_err().split(':').next(), Some("2027-Q1 has not begun"));
    assert_eq!(step(month("2026"), -1, today()), Ok(month("2025")));
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
    assert_eq!(cycle(month("2026"), &mut None, today()), month("2026-11"));
    // A month stepped to is the month to come back to.
    let mut left = None;
    assert_eq!(cycle(month("2026-11"), &mut left, today()), month("2026-Q4"));
    assert_eq!(left, Month::new(2026, 11));
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
