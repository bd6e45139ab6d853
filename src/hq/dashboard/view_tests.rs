//! The head-office dashboard drawn with ratatui's `TestBackend` from the hand-built head office:
//! a snapshot of each tab and pane at 100×30 (and the Branches tab at 80×24), what it says
//! while reading and when nothing is there, and that no size makes it panic.

use super::fixture::{TRICKY_NAME, answer, clock, loaded_app, periods, snapshot, today};
use super::state::{Answer, HqApp};
use super::view;
use crate::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn render(app: &HqApp, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view::render(app, Theme::plain(), frame)).unwrap();
    terminal.backend().to_string()
}

fn press(app: &mut HqApp, keys: &[KeyCode]) {
    for key in keys {
        app.press(KeyEvent::new(*key, KeyModifiers::NONE));
    }
}

/// The app after `keys`, its messages gone (they are snapshot on their own).
fn after(keys: &[KeyCode]) -> HqApp {
    let mut app = loaded_app();
    press(&mut app, keys);
    app.status = None;
    app
}

#[test]
fn branches_100x30() {
    insta::assert_snapshot!(render(&after(&[]), 100, 30));
}

#[test]
fn branches_80x24() {
    insta::assert_snapshot!(render(&after(&[]), 80, 24));
}

#[test]
fn branch_detail_100x30() {
    insta::assert_snapshot!(render(&after(&[KeyCode::Down, KeyCode::Enter]), 100, 30));
}

#[test]
fn people_100x30() {
    insta::assert_snapshot!(render(&after(&[KeyCode::Char('2')]), 100, 30));
}

#[test]
fn person_detail_100x30() {
    insta::assert_snapshot!(render(&after(&[KeyCode::Char('2'), KeyCode::Enter]), 100, 30));
}

#[test]
fn coverage_100x30() {
    insta::assert_snapshot!(render(&after(&[KeyCode::Char('3')]), 100, 30));
}

#[test]
fn rm_detail_100x30() {
    insta::assert_snapshot!(render(&after(&[KeyCode::Char('3'), KeyCode::Down, KeyCode::Enter]), 100, 30));
}

#[test]
fn help_100x30() {
    insta::assert_snapshot!(render(&after(&[KeyCode::Char('2'), KeyCode::Char('?')]), 100, 30));
}

#[test]
fn filtering_80x24() {
    let mut app = after(&[KeyCode::Char('/')]);
    press(&mut app, &"sou".chars().map(KeyCode::Char).collect::<Vec<_>>());
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn a_period_nobody_scored_and_a_final_one_80x24() {
    let (mut app, requests) = HqApp::new("hq_reader".into(), clock(), today(), &periods());
    let mut empty = snapshot();
    empty.league.clear();
    empty.people.clear();
    empty.region = Some("East".into());
    empty.branches.retain(|b| b.region == "East");
    app.apply(answer(requests[0].generation, empty));
    insta::assert_snapshot!("empty_80x24", render(&app, 80, 24));
    let mut finished = snapshot();
    finished.is_final = true;
    app.apply(answer(requests[0].generation, finished));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("2026-11 FINAL"), "{screen}");
}

#[test]
fn a_provisional_period_never_says_final() {
    let screen = render(&after(&[]), 100, 30);
    assert!(screen.contains("2026-11 PROVISIONAL") && !screen.contains("FINAL "), "{screen}");
    assert!(screen.contains("3 of 4 branches"), "B004 has not scored the period: {screen}");
}

#[test]
fn a_head_office_that_stops_answering_is_said_after_the_message_goes() {
    let mut app = loaded_app();
    let generation = app.update(super::keys::Action::PreviousPeriod)[0].generation;
    app.apply(Answer::Read { generation, read: Err("could not reach head office".into()) });
    app.status = None;
    let screen = render(&app, 80, 24);
    assert!(line(&screen, 23).contains("not answering · read 09:30:00"), "{screen}");
    assert!(line(&screen, 1).contains("2026-11"), "the figures on screen are the ones named: {screen}");
}

fn line(screen: &str, at: usize) -> &str {
    screen.lines().nth(at).unwrap_or_default()
}

#[test]
fn reading_and_failing_before_any_data() {
    let (mut app, requests) = HqApp::new("hq_reader".into(), clock(), today(), &periods());
    let reading = render(&app, 80, 24);
    assert!(reading.contains("Reading head office…") && reading.contains("loading 2026-11…"), "{reading}");
    app.apply(Answer::Read { generation: requests[0].generation, read: Err("head office: connection refused".into()) });
    insta::assert_snapshot!("failed_80x24", render(&app, 80, 24));
}

#[test]
fn text_from_data_reaches_the_screen_without_control_characters() {
    let mut app = after(&[KeyCode::Char('G'), KeyCode::Enter]);
    assert!(TRICKY_NAME.contains('\u{1b}'));
    for keys in [&[][..], &[KeyCode::Char('2')], &[KeyCode::Char('3')]] {
        press(&mut app, keys);
        let screen = render(&app, 120, 40);
        let hidden: Vec<char> = screen.chars().filter(|c| crate::domain::text::is_hidden(*c) && *c != '\n').collect();
        assert!(hidden.is_empty(), "{hidden:?} reached the screen:\n{screen}");
    }
    assert!(
        render(&app, 120, 40).contains("Evil[31m Branch") || render(&after(&[]), 120, 40).contains("Evil[31m Branch")
    );
}

/// Every size from nothing up, in every tab with its pane open, the help and the filter: no
/// panic, and below the minimum a clear request for room.
#[test]
fn no_size_makes_it_panic() {
    let states: Vec<Vec<KeyCode>> = vec![
        vec![],
        vec![KeyCode::Enter],
        vec![KeyCode::Char('2'), KeyCode::Enter],
        vec![KeyCode::Char('3'), KeyCode::Enter],
        vec![KeyCode::Char('?')],
        vec![KeyCode::Char('/'), KeyCode::Char('x')],
    ];
    let sizes =
        [(1, 1), (2, 2), (10, 3), (40, 10), (71, 19), (72, 20), (80, 24), (100, 30), (133, 41), (250, 8), (300, 90)];
    for keys in &states {
        let mut app = loaded_app();
        press(&mut app, keys);
        for (width, height) in sizes {
            let screen = render(&app, width, height);
            if (40..view::MIN_WIDTH).contains(&width) {
                assert!(screen.contains("Enlarge"), "{width}×{height}:\n{screen}");
            }
        }
    }
}

/// A pane too short for its rows says how many it leaves out (the arrows move the list, so
/// the pane cannot scroll).
#[test]
fn a_pane_too_short_for_its_rows_says_how_many_more() {
    let mut many = snapshot();
    let kras: Vec<serde_json::Value> = (1..=16)
        .map(|i| serde_json::json!({ "name": format!("KRA number {i}"), "weight": 6.25, "score": 100.0 }))
        .collect();
    many.people[0].card["kras"] = serde_json::Value::Array(kras);
    let (mut app, requests) = HqApp::new("hq_reader".into(), clock(), today(), &periods());
    app.apply(answer(requests[0].generation, many));
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Enter]);
    let screen = render(&app, 80, 24);
    // 24 lines: title and status 2, the list keeps 7, the pane 15 of which 4 are not KRAs.
    assert!(screen.contains("KRA number 11") && !screen.contains("KRA number 12"), "{screen}");
    assert!(screen.contains(" 5 more: a taller terminal shows them "), "{screen}");
}
