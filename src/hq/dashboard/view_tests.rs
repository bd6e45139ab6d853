//! The head-office dashboard drawn with ratatui's `TestBackend` from the hand-built head office:
//! a snapshot of each tab and pane at 100×30 (and the Branches tab at 80×24), what it says
//! while reading and when nothing is there, and that no size makes it panic.

use super::fixture::{TRICKY_NAME, answer, answer_with, clock, crowded, loaded_app, periods, snapshot, today};
use super::state::{Answer, HqApp, STALL};
use super::view;
use crate::hq::store::HqPeriods;
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

/// The Branches detail with the keys: what the arrows do there.
#[test]
fn branch_detail_help_100x30() {
    insta::assert_snapshot!(render(&after(&[KeyCode::Enter, KeyCode::Char('?')]), 100, 30));
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
    // The region asked for is the one answered: the title names the period, not a read under way.
    app.region = Some("East".into());
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
    assert!(line(&screen, 0).contains("loading 2026-10…"), "the period asked for is named: {screen}");
    // Another key during the outage moves on from the period named, and says it failed again.
    let generation = app.update(super::keys::Action::PreviousPeriod)[0].generation;
    app.apply(Answer::Read { generation, read: Err("could not reach head office".into()) });
    let screen = render(&app, 80, 24);
    assert!(line(&screen, 0).contains("loading 2026-09…"), "{screen}");
    assert!(line(&screen, 23).contains("could not reach head office"), "{screen}");
}

/// A head office that does not answer at all (a frozen server, a cut link): after a few
/// seconds the status bar says since when, and that the figures are from the last read.
#[test]
fn a_silent_head_office_is_said_with_the_time_of_the_figures() {
    let mut app = loaded_app();
    let start = std::time::Instant::now();
    app.tick(start);
    app.apply(Answer::Heard);
    app.update(super::keys::Action::PreviousPeriod);
    app.tick(start + STALL);
    let screen = render(&app, 80, 24);
    let bar = format!("{} {}", line(&screen, 22), line(&screen, 23)).replace('"', " ");
    let message = bar.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        message.contains("head office not answering since 09:30:00; what is on screen was read at 09:30:00"),
        "{screen}"
    );
    app.status = None;
    let forms = [
        (100, " not answering since 09:30:00 · read 09:30:00 "),
        (80, " not answering since 09:30:00 · read 09:30:00 "),
        (76, " no answer since 09:30:00 · read 09:30:00 "),
    ];
    for (width, expected) in forms {
        let screen = render(&app, width, 24);
        let bar = line(&screen, 23);
        assert!(bar.ends_with(&format!("{expected}\"")) && bar.contains("2026-11 PROVISIONAL"), "{screen}");
        assert!(line(&screen, 0).contains("loading 2026-10…"), "{screen}");
    }
    let bar = render(&app, 72, 20).lines().nth(19).unwrap_or_default().to_string();
    assert!(bar.contains(" not answering · read 09:30:00 ") && bar.contains("2026-11 PROVISIONAL"), "{bar}");
    // Before anything was read: the body says so.
    let (mut app, _) = HqApp::new("hq_reader".into(), clock(), today(), &periods());
    app.tick(std::time::Instant::now() + STALL);
    app.status = None;
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Head office has not answered since 09:30:00. Still waiting; q quits."), "{screen}");
    assert!(line(&screen, 23).contains(" not answering since 09:30:00 "), "{screen}");
}

/// A quarter some branches file over other months (another fiscal year start): they are left
/// out, and a line under the title says which.
#[test]
fn branches_on_another_fiscal_calendar_are_named_as_left_out() {
    let april = HqPeriods { fiscal_start: 4, ..periods() };
    let (mut app, requests) = HqApp::new("hq_reader".into(), clock(), today(), &april);
    app.period = "2026-Q3".parse().unwrap();
    let mut quarter = snapshot();
    quarter.period = "2026-Q3".into();
    quarter.other_calendars = vec!["B004".into()];
    app.apply(answer_with(requests[0].generation, quarter.clone(), april.clone()));
    insta::assert_snapshot!("other_calendar_100x30", render(&app, 100, 30));
    let screen = render(&app, 80, 24);
    assert!(line(&screen, 1).contains("Left out of 2026-Q3: B004 files its quarters from another month"), "{screen}");
    assert!(line(&screen, 0).contains("2026-Q3 (quarter)"), "{screen}");
    // Several, in a year.
    quarter.period = "2026".into();
    quarter.other_calendars = ["B004", "B005", "B006", "B007", "B008"].map(String::from).to_vec();
    app.period = "2026".parse().unwrap();
    app.apply(answer_with(requests[0].generation, quarter, april));
    let screen = render(&app, 120, 30);
    let expected = "Left out of 2026: B004, B005, B006 and 2 more file their years from another month";
    assert!(line(&screen, 1).contains(expected), "{screen}");
    assert!(line(&screen, 0).contains("2026 (year: Apr 2026–Mar 2027)"), "{screen}");
    // None left out: no line.
    assert!(!render(&after(&[]), 80, 24).contains("Left out"));
}

/// The RM's figures are sized to the room their line leaves: a book is never cut to ₹399.
#[test]
fn the_rm_detail_shows_every_book_whole_or_shortened() {
    for (book, shown) in [(3_994_100_000.0, "₹399.41 Cr"), (1e15, "₹10,00,00,000.00 Cr")] {
        let mut big = snapshot();
        big.coverage[1].card["book"] = serde_json::json!(book);
        let (mut app, requests) = HqApp::new("hq_reader".into(), clock(), today(), &periods());
        app.apply(answer(requests[0].generation, big));
        press(&mut app, &[KeyCode::Char('3'), KeyCode::Down, KeyCode::Enter]);
        for (width, height) in [(72, 20), (80, 24)] {
            let screen = render(&app, width, height);
            let figures: Vec<&str> = screen
                .lines()
                .skip_while(|l| !l.contains("Farhan Kapoor · B001"))
                .map(|l| l.get(4..).unwrap_or_default().split("  ").next().unwrap_or_default())
                .collect();
            assert!(figures.contains(&format!("Book {shown}").as_str()), "{width}×{height}: {figures:?}\n{screen}");
            assert!(figures.iter().all(|f| !f.contains('…')), "{width}×{height}: a figure was cut\n{screen}");
            assert!(figures.contains(&"Depth 2.1 products"), "{width}×{height}\n{screen}");
        }
    }
}

/// A very long name is shortened, marked, rather than squeezing Band, Role and Region.
#[test]
fn a_very_long_name_leaves_the_other_columns_their_room() {
    let mut long = snapshot();
    long.people[6].name = "Deepa Gill Venkataraghavan Subramaniam Ramachandran Iyer Krishnamurthy".into();
    long.coverage[0].card["name"] = serde_json::json!(long.people[6].name.clone());
    let (mut app, requests) = HqApp::new("hq_reader".into(), clock(), today(), &periods());
    app.apply(answer(requests[0].generation, long));
    press(&mut app, &[KeyCode::Char('2')]);
    let screen = render(&app, 120, 40);
    let deepa = screen.lines().find(|l| l.contains("Deepa Gill")).unwrap();
    for whole in ["South", "Needs improvement", "RM", "79.9", "…"] {
        assert!(deepa.contains(whole), "{whole}: {screen}");
    }
    assert!(line(&screen, 2).contains("Region"), "{screen}");
    let screen = render(&app, 80, 24);
    assert!(screen.lines().find(|l| l.contains("Deepa Gill")).unwrap().contains("Needs improvement"), "{screen}");
    // The Branches detail and the Coverage tab cap their names too.
    press(&mut app, &[KeyCode::Char('3')]);
    let screen = render(&app, 120, 40);
    let deepa = screen.lines().find(|l| l.contains("Deepa Gill")).unwrap();
    assert!(deepa.contains("South") && deepa.contains("under") && deepa.contains("2026-11-15"), "{screen}");
}

/// Every person of a branch larger than its detail is reachable: the arrows scroll it.
#[test]
fn the_branch_detail_scrolls_to_its_last_person() {
    let (mut app, requests) = HqApp::new("hq_reader".into(), clock(), today(), &periods());
    app.apply(answer(requests[0].generation, crowded()));
    press(&mut app, &[KeyCode::Enter]);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("rows 1–12 of 13 ↓") && !screen.contains("Staff member 13"), "{screen}");
    press(&mut app, &[KeyCode::Down; 12]);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Staff member 13") && screen.contains("rows 2–13 of 13 ↑"), "{screen}");
    assert!(screen.contains("Koramangala · people in 2026-11"), "still B002's detail: {screen}");
    insta::assert_snapshot!("branch_detail_scrolled_80x24", screen);
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

/// A pane too short for its rows says which it shows, and the arrows (it has them while
/// open) bring the others into view.
#[test]
fn a_pane_too_short_for_its_rows_scrolls_with_the_arrows() {
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
    assert!(screen.contains(" rows 1–11 of 16 ↓ "), "{screen}");
    press(&mut app, &[KeyCode::End]);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("KRA number 16") && !screen.contains("KRA number 5 "), "{screen}");
    assert!(screen.contains(" rows 6–16 of 16 ↑ "), "{screen}");
    assert!(screen.contains("Asha Kulkarni · B002"), "the arrows moved in the pane, not the list: {screen}");
    // The view keeps the cursor in sight, as the lists do.
    press(&mut app, &[KeyCode::Up]);
    assert!(render(&app, 80, 24).contains(" rows 5–15 of 16 ↑↓ "));
    press(&mut app, &[KeyCode::PageUp]);
    assert!(render(&app, 80, 24).contains(" rows 1–11 of 16 ↓ "));
}
