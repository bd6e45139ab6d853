//! The state driven headless with actions and made-up worker answers: what it asks of the
//! file, and what it does with the answers. No file, no threads.

use super::{App, MESSAGE_LIFETIME, Overlay};
use crate::domain::period::Period;
use crate::store::StoreError;
use crate::ui::action::Action;
use crate::ui::clock::Clock;
use crate::ui::effect::{Change, Effect, InputPurpose, LoadRequest, LoadScope, Loaded, MessageKind, Outcome, Saved};
use crate::ui::fixture::{actor, data_for, month, today};
use crate::ui::tabs::Tab;
use std::time::Instant;
use tui_input::InputRequest;

pub(super) fn start(login: &str, period: &str) -> (App, LoadRequest) {
    let period: Period = period.parse().unwrap();
    let (app, effects) = App::new(actor(login), Clock::System, today(), period, "branch.db".into());
    match &effects[..] {
        [Effect::Load(request)] => {
            let request = request.clone();
            (app, request)
        }
        other => panic!("expected one load, got {other:?}"),
    }
}

/// Answers a load the way the worker would, from the in-memory branch.
pub(super) fn answer(app: &mut App, request: &LoadRequest) -> Vec<Effect> {
    let data = data_for(request.period, &app.actor);
    let loaded = match request.scope {
        LoadScope::Everything => Loaded::Everything(Box::new(data)),
        LoadScope::ScoresOnly => Loaded::Scores(Box::new(crate::ui::data::PeriodScores {
            period: data.period,
            history: data.history,
            branch: data.branch,
        })),
    };
    app.apply(Outcome::Loaded { generation: request.generation, result: Ok(loaded) })
}

pub(super) fn only_load(effects: Vec<Effect>) -> LoadRequest {
    match &effects[..] {
        [Effect::Load(request)] => request.clone(),
        other => panic!("expected one load, got {other:?}"),
    }
}

pub(super) fn ready(login: &str, period: &str) -> App {
    let (mut app, request) = start(login, period);
    assert_eq!(request.scope, LoadScope::Everything);
    answer(&mut app, &request);
    assert!(app.is_idle());
    app
}

#[test]
fn nothing_is_on_screen_until_the_first_load_answers() {
    let (mut app, request) = start("manager", "2026-11");
    assert!(app.data.is_none());
    assert_eq!(app.loading(), Some(Period::Month(month("2026-11"))));
    assert!(app.update(Action::Down).is_empty(), "keys before the data do nothing");
    answer(&mut app, &request);
    assert_eq!(app.team.rows.len(), 5);
    assert_eq!(app.loading(), None);
}

#[test]
fn p_comes_back_to_the_month_it_left() {
    let mut app = ready("manager", "2026-09");
    let step = |app: &mut App, action: Action| {
        let request = only_load(app.update(action));
        answer(app, &request);
        app.data.as_ref().unwrap().period.to_string()
    };
    assert_eq!(step(&mut app, Action::CyclePeriodKind), "2026-Q3");
    assert_eq!(step(&mut app, Action::CyclePeriodKind), "2026");
    assert_eq!(step(&mut app, Action::CyclePeriodKind), "2026-09", "back to September, not the latest month");
    // Left from a month that a step then moved away from: the latest begun month of the year.
    assert_eq!(step(&mut app, Action::CyclePeriodKind), "2026-Q3");
    assert_eq!(step(&mut app, Action::NextPeriod), "2026-Q4");
    assert_eq!(step(&mut app, Action::CyclePeriodKind), "2026");
    assert_eq!(step(&mut app, Action::CyclePeriodKind), "2026-09", "September is still in 2026");
}

#[test]
fn a_period_change_reads_only_scores_and_a_stale_answer_is_dropped() {
    let mut app = ready("neha", "2026-11");
    let october = only_load(app.update(Action::PreviousPeriod));
    assert_eq!(october.scope, LoadScope::ScoresOnly);
    let september = only_load(app.update(Action::PreviousPeriod));
    assert_eq!(september.period.to_string(), "2026-09", "steps from the period being loaded");
    answer(&mut app, &october);
    assert_eq!(app.data.as_ref().unwrap().period.to_string(), "2026-11", "October's answer was overtaken");
    answer(&mut app, &september);
    assert_eq!(app.data.as_ref().unwrap().period.to_string(), "2026-09");
    let effects = app.update(Action::NextPeriod);
    let october = only_load(effects);
    answer(&mut app, &october);
    app.update(Action::NextPeriod);
    let said = app.update(Action::NextPeriod);
    assert!(said.is_empty());
    assert_eq!(app.status.as_ref().unwrap().message.text, "2026-12 is in the future");
}

#[test]
fn another_sessions_change_reads_everything_again() {
    let mut app = ready("manager", "2026-11");
    let request = only_load(app.apply(Outcome::FileChanged));
    assert_eq!(request.scope, LoadScope::Everything);
    assert_eq!(request.selected_rm.as_deref(), Some("asha"), "the RM on screen gets their book read too");
    // A period step meanwhile still reads everything: the change is not read yet.
    let step = only_load(app.update(Action::PreviousPeriod));
    assert_eq!(step.scope, LoadScope::Everything);
}

#[test]
fn messages_clear_on_the_next_key_or_after_a_while() {
    let mut app = ready("manager", "2026-11");
    app.update(Action::Sort);
    assert_eq!(app.status.as_ref().unwrap().message.text, "sorted by rank, reversed");
    app.update(Action::Down);
    assert!(app.status.is_none(), "the next key clears it");
    app.update(Action::Sort);
    let now = Instant::now();
    app.tick(now);
    assert!(app.status.is_some());
    app.tick(now + MESSAGE_LIFETIME);
    assert!(app.status.is_none(), "and so does time");
}

#[test]
fn an_edit_leaves_as_a_save_and_its_answer_is_shown() {
    let mut app = ready("neha", "2026-11");
    app.update(Action::GoToTab(2));
    app.update(Action::Open);
    app.update(Action::Edit);
    assert!(matches!(app.input.as_ref().unwrap().purpose, InputPurpose::EditValue(_)));
    for c in "abc".chars() {
        app.update(Action::Input(InputRequest::InsertChar(c)));
    }
    assert!(app.update(Action::Submit).is_empty(), "an invalid value is never sent");
    assert_eq!(app.status.as_ref().unwrap().message.kind, MessageKind::Error);
    app.update(Action::Input(InputRequest::DeleteLine));
    for c in "82".chars() {
        app.update(Action::Input(InputRequest::InsertChar(c)));
    }
    let save = match &app.update(Action::Submit)[..] {
        [Effect::Save(request)] => request.clone(),
        other => panic!("expected a save, got {other:?}"),
    };
    assert!(matches!(&save.change, Change::Value { value: Some(82.0), edit } if edit.seen.is_none()));
    assert!(app.saving().is_some());
    assert_eq!(app.update(Action::Edit), [], "one save at a time");
    assert_eq!(app.status.as_ref().unwrap().message.text, "still saving: edit again once it is saved");
    let reload = only_load(app.apply(Outcome::Saved {
        id: save.id,
        change: save.change.clone(),
        result: Ok(Saved::Replaced(None)),
    }));
    assert_eq!(reload.scope, LoadScope::Everything);
    assert!(app.saving().is_none());
    let said = &app.status.as_ref().unwrap().message.text;
    assert!(said.starts_with("saved ") && said.contains(" actual: ") && said.ends_with("82 (was empty)"), "{said}");
}

#[test]
fn a_conflict_opens_the_dialog_and_q_waits_for_a_pending_save() {
    let mut app = ready("neha", "2026-11");
    app.update(Action::GoToTab(2));
    app.update(Action::Open);
    app.update(Action::Edit);
    app.update(Action::Input(InputRequest::InsertChar('7')));
    let [Effect::Save(save)] = &app.update(Action::Submit)[..] else { panic!("expected a save") };
    let save = save.clone();
    app.update(Action::Quit);
    assert!(!app.should_quit, "the first q asks again while the save is pending");
    let conflict = StoreError::Conflict { key: "neha/x/2026-11".into(), expected: "empty".into(), found: "9".into() };
    app.apply(Outcome::Saved { id: save.id, change: save.change, result: Err(conflict) });
    match &app.overlay {
        // Numbers as the screen shows them in the KPI's unit, whatever that unit is.
        Some(Overlay::Conflict { stored, yours, what, .. }) => {
            assert!(stored.contains('9') && !stored.contains('7'), "{stored}");
            assert!(yours.contains('7') && !yours.contains('9'), "{yours}");
            assert!(what.ends_with(" · Nov 2026"), "{what}");
        }
        other => panic!("expected the conflict dialog, got {other:?}"),
    }
    app.update(Action::Back);
    assert!(app.overlay.is_none());
    app.update(Action::Quit);
    assert!(app.should_quit);
}

#[test]
fn history_and_books_answer_into_the_screen() {
    let mut app = ready("manager", "2026-11");
    app.update(Action::GoToTab(1));
    assert_eq!(app.tab, Tab::Portfolio);
    assert_eq!(app.update(Action::Down), [Effect::ReadBook("ravi".into())]);
    assert!(!app.is_idle());
    assert_eq!(app.update(Action::Up), [], "a book already asked for is not asked again");
    let book = crate::ui::data::Book::Read(vec![]);
    app.apply(Outcome::BookRead { rm: "ravi".into(), book });
    assert!(app.is_idle());

    // History: only the answer to the last request, and only while its KPI list is on screen.
    let history = || Outcome::HistoryRead { result: Ok(vec![]) };
    let shown = app.update(Action::GoToTab(2));
    let [Effect::ReadPerson { login, period }] = &shown[..] else {
        panic!("the drill-down reads its person when it comes on screen: {shown:?}")
    };
    app.apply(Outcome::PersonRead { login: login.clone(), period: *period, result: Err("not read here".into()) });
    app.update(Action::Open);
    assert!(matches!(app.update(Action::History)[..], [Effect::ReadHistory { .. }]));
    assert!(matches!(app.update(Action::History)[..], [Effect::ReadHistory { .. }]));
    app.apply(history());
    assert!(app.overlay.is_none(), "the first of two answers is overtaken");
    assert!(!app.is_idle());
    app.apply(history());
    assert!(matches!(app.overlay, Some(Overlay::History { .. })));
    assert!(app.is_idle());
    app.update(Action::Back);
    app.update(Action::History);
    app.update(Action::GoToTab(0));
    app.apply(history());
    assert!(app.overlay.is_none(), "an answer after the user moved on does not take the keyboard");
}

#[test]
fn a_failed_first_read_says_why_and_a_period_key_tries_again() {
    let (mut app, request) = start("manager", "2026-11");
    app.apply(Outcome::Loaded {
        generation: request.generation,
        result: Err("cannot read the branch file: disk I/O error".into()),
    });
    assert_eq!(app.load_error.as_deref(), Some("cannot read the branch file: disk I/O error"));
    let retry = only_load(app.update(Action::NextPeriod));
    assert_eq!(retry.period, request.period, "the same period again, not the next one");
    answer(&mut app, &retry);
    assert!(app.data.is_some() && app.load_error.is_none());
}

#[test]
fn a_stopped_reader_is_said_and_nothing_waits_for_it() {
    let (mut app, _) = start("manager", "2026-11");
    app.apply(Outcome::ReaderStopped);
    assert!(app.is_idle() && app.loading().is_none());
    assert!(app.load_error.as_deref().unwrap().contains("reading thread stopped"));
}

#[test]
fn ctrl_c_quits_at_once_even_with_a_save_pending() {
    let mut app = ready("neha", "2026-11");
    app.update(Action::GoToTab(2));
    app.update(Action::Open);
    app.update(Action::Edit);
    app.update(Action::Input(InputRequest::InsertChar('7')));
    app.update(Action::Submit);
    assert!(app.saving().is_some());
    app.update(Action::ForceQuit);
    assert!(app.should_quit);
}

#[test]
fn a_book_read_overtaken_is_asked_again_only_while_its_rm_is_selected() {
    use crate::ui::data::Book;
    let mut app = ready("manager", "2026-11");
    app.update(Action::GoToTab(1));
    assert_eq!(app.update(Action::Down), [Effect::ReadBook("ravi".into())]);
    // The worker answers that a newer read overtook it; Ravi is still on screen: asked again.
    let overtaken = || Outcome::BookRead { rm: "ravi".into(), book: Book::NotRead };
    assert_eq!(app.apply(overtaken()), [Effect::ReadBook("ravi".into())]);
    // Overtaken again once the user has moved on: nothing more is asked and nothing waits.
    app.update(Action::Up);
    assert_eq!(app.apply(overtaken()), []);
    assert!(app.is_idle());
    assert!(matches!(app.data.as_ref().unwrap().portfolio("asha").unwrap().book, Book::Read(_)));
}

/// A book arriving changes only the Portfolio tab: the person once opened in the drill-down is
/// not read again for each RM walked past.
#[test]
fn books_walked_past_do_not_read_the_drilldowns_person_again() {
    use crate::ui::data::Book;
    let mut app = ready("manager", "2026-11");
    let shown = app.update(Action::GoToTab(2));
    let [Effect::ReadPerson { login, period }] = &shown[..] else {
        panic!("the drill-down reads its person: {shown:?}")
    };
    app.apply(Outcome::PersonRead { login: login.clone(), period: *period, result: Err("not read here".into()) });
    app.update(Action::GoToTab(1));
    assert_eq!(app.update(Action::Down), [Effect::ReadBook("ravi".into())]);
    for _ in 0..5 {
        let answered = app.apply(Outcome::BookRead { rm: "ravi".into(), book: Book::NotRead });
        assert_eq!(answered, [Effect::ReadBook("ravi".into())], "only the book on screen is asked again");
    }
    assert_eq!(app.apply(Outcome::BookRead { rm: "ravi".into(), book: Book::Read(vec![]) }), []);
    assert!(app.is_idle());
}
