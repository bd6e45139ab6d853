//! Another session's change followed by what is open over a headless dashboard on the demo
//! branch (with its worker): a KPI's months and a value's history, the branch-wide search, and
//! the plan dialog's preview, whose copy is refused when it was confirmed before the change
//! showed. The other session is a second connection to the same file, writing as the command
//! line does.

mod common;

use branchboard::domain::book::is_book_derived;
use branchboard::domain::period::Month;
use branchboard::import::ValueKind;
use branchboard::store::{Expected, Store, ValueKey, Via};
use branchboard::ui::app::{Freshness, Overlay};
use branchboard::ui::dialogs::Dialog;
use branchboard::ui::dialogs::plan::{PlanDialog, Preview};
use branchboard::ui::person::KpiTable;
use branchboard::ui::session::Session;
use branchboard::ui::theme::Theme;
use branchboard::ui::views;
use common::session::{data, press, status, type_text};
use common::{DemoFile, demo_today};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use std::time::Duration;

/// Long enough for the change to be noticed (every 100 ms) and read on a slow machine.
const SHOWN_WITHIN: Duration = Duration::from_secs(10);

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

/// The other session: the manager on a second connection, on the demo's day.
fn other_session(f: &DemoFile) -> (Store, branchboard::domain::actor::Actor) {
    let mut store = f.store();
    store.set_today(demo_today());
    let manager = store.resolve_actor(Some("manager"), None).unwrap();
    (store, manager)
}

fn months_table(s: &Session) -> Option<&KpiTable> {
    match &s.app.overlay {
        Some(Overlay::KpiMonths { table, freshness: Freshness::Current, .. }) => Some(table),
        _ => None,
    }
}

fn november_actual(table: &KpiTable) -> Option<f64> {
    table.months.iter().find(|m| m.month == month("2026-11")).and_then(|m| m.actual)
}

/// Lets late answers (a change noticed after the last one) arrive and be taken.
fn quiet(s: &mut Session) {
    s.wait_until(Duration::from_millis(400), |_| false);
}

#[test]
fn an_open_kpis_months_and_history_follow_another_sessions_actual() {
    let f = DemoFile::new();
    let mut s = f.session("manager");
    press(&mut s, &[KeyCode::Enter, KeyCode::Enter]);
    let login = s.app.drilldown.login.clone();
    let kra = s.app.drilldown.open_kra(data(&s)).unwrap();
    let typed = kra.kpis.iter().position(|k| !is_book_derived(&k.kpi)).expect("a KPI someone types");
    press(&mut s, &vec![KeyCode::Down; typed]);
    let code = s.app.drilldown.kpis.selected_key().unwrap().to_string();
    press(&mut s, &[KeyCode::Enter]);
    let before = november_actual(months_table(&s).expect("the KPI's months are open"));
    let (mut other, manager) = other_session(&f);
    let key = ValueKey { login: &login, kpi: &code, month: month("2026-11") };
    let set = |other: &mut Store, value: f64| {
        other.set_value(&manager, Via::Cli, ValueKind::Actual, key, Some(value), Expected::Anything).unwrap();
    };

    // Another session sets the actual: the open table shows it, and who changed it.
    let value = if before == Some(42.0) { 43.0 } else { 42.0 };
    set(&mut other, value);
    let followed = s.wait_until(SHOWN_WITHIN, |app| {
        matches!(&app.overlay, Some(Overlay::KpiMonths { table, freshness: Freshness::Current, .. })
            if november_actual(table) == Some(value))
    });
    assert!(followed, "the months kept {before:?}: {:?}", s.app.overlay);
    let november = months_table(&s).unwrap().months.iter().find(|m| m.month == month("2026-11")).unwrap();
    let change = november.last_change.as_ref().expect("the change is in the audit log");
    assert_eq!((change.actor.as_str(), change.via.as_str()), ("manager", "cli"));

    // The value's history, open while it changes again, gains the change.
    press(&mut s, &[KeyCode::Esc, KeyCode::Char('H')]);
    let entries = |s: &Session| match &s.app.overlay {
        Some(Overlay::History { entries, freshness: Freshness::Current, .. }) => Some(entries.len()),
        _ => None,
    };
    let shown = entries(&s).expect("the history is open");
    set(&mut other, value + 1.0);
    assert!(s.wait_until(SHOWN_WITHIN, |app| {
        matches!(&app.overlay, Some(Overlay::History { entries, freshness: Freshness::Current, .. })
            if entries.len() == shown + 1)
    }));
}

#[test]
fn the_search_follows_a_customer_moved_by_another_session_and_enter_goes_to_their_new_rm() {
    let f = DemoFile::new();
    let wanted = f.store().customers(Some("deepa.gill")).unwrap().into_iter().next().expect("Deepa has customers");
    let mut s = f.session("manager");
    press(&mut s, &[KeyCode::Char('2'), KeyCode::Char('F')]);
    type_text(&mut s, &wanted.id);
    press(&mut s, &[KeyCode::Enter]);
    let found = |s: &Session| {
        let search = s.app.portfolio.search.as_ref().unwrap();
        search.selected().map(|c| (c.id.clone(), c.rm_login.clone(), c.last_contact))
    };
    assert_eq!(found(&s), Some((wanted.id.clone(), "deepa.gill".into(), wanted.last_contact)));

    // Another session moves the customer to Ananya and records a contact today.
    let (mut other, manager) = other_session(&f);
    other.assign_customers(&manager, Via::Cli, std::slice::from_ref(&wanted.id), "ananya.shetty", None).unwrap();
    other.record_contact(&manager, Via::Cli, &wanted.id, demo_today()).unwrap();
    let moved = (wanted.id.clone(), "ananya.shetty".to_string(), Some(demo_today()));
    assert!(
        s.wait_until(SHOWN_WITHIN, |app| {
            let search = app.portfolio.search.as_ref().unwrap();
            !search.is_reading()
                && search.selected().map(|c| (c.id.clone(), c.rm_login.clone(), c.last_contact)) == Some(moved.clone())
        }),
        "the search still says {:?}",
        found(&s)
    );

    // Enter goes to the book the customer is in now.
    quiet(&mut s);
    press(&mut s, &[KeyCode::Enter]);
    assert!(!s.app.portfolio.is_finding());
    assert_eq!(s.app.portfolio.rms.selected_key(), Some("ananya.shetty"));
    assert_eq!(s.app.portfolio.customers.selected_key(), Some(wanted.id.as_str()));
    let (_, said) = status(&s);
    assert!(said.contains(&format!("({}) is in the book of", wanted.id)), "{said}");
}

fn plan_dialog(s: &Session) -> &PlanDialog {
    match &s.app.dialog {
        Some(Dialog::Plan(dialog)) => dialog,
        other => panic!("expected the plan dialog, got {other:?}"),
    }
}

fn ready_plan(s: &Session) -> Option<&branchboard::store::CopyPlan> {
    match &plan_dialog(s).preview {
        Preview::Ready(plan) => Some(plan),
        _ => None,
    }
}

#[test]
fn a_plan_confirmed_before_another_sessions_target_showed_is_refused_and_asks_again() {
    let f = DemoFile::new();
    let mut s = f.session("manager");
    // P on the team: November's targets to January 2027.
    press(&mut s, &[KeyCode::Char('P'), KeyCode::Right]);
    let january = month("2027-01");
    assert_eq!(plan_dialog(&s).to, january);
    let shown = ready_plan(&s).expect("the preview is read").clone();
    assert_eq!(shown.replaced(), 0, "nothing planned for January yet");
    let mut written = shown.writes.iter().filter(|w| w.new >= 2.0);
    let (first, second) = (written.next().unwrap().clone(), written.next().unwrap().clone());
    let (mut other, manager) = other_session(&f);
    let set = |other: &mut Store, w: &branchboard::store::PlannedTarget| {
        let key = ValueKey { login: &w.login, kpi: &w.kpi, month: january };
        other.set_value(&manager, Via::Cli, ValueKind::Target, key, Some(w.new - 1.0), Expected::Anything).unwrap();
    };
    let stored = |w: &branchboard::store::PlannedTarget| {
        f.store().value_of(ValueKind::Target, ValueKey { login: &w.login, kpi: &w.kpi, month: january }).unwrap()
    };

    // The preview on screen follows another session's target.
    set(&mut other, &first);
    assert!(s.wait_until(SHOWN_WITHIN, |app| matches!(&app.dialog,
        Some(Dialog::Plan(d)) if matches!(&d.preview, Preview::Ready(p) if p.replaced() == 1))));
    quiet(&mut s);

    // Enter pressed before the next change is shown: refused, nothing written, asked again.
    set(&mut other, &second);
    s.press(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    s.settle();
    quiet(&mut s);
    assert_eq!((stored(&first), stored(&second)), (Some(first.new - 1.0), Some(second.new - 1.0)));
    let dialog = plan_dialog(&s);
    let why = dialog.refused.as_deref().expect("the dialog says why it copied nothing");
    let key = format!("{}/{}/2027-01", second.login, second.kpi);
    assert!(why.starts_with(&format!("conflict: {key} was empty when you saw it but is now ")), "{why}");
    let again = ready_plan(&s).expect("the preview is read again");
    assert_eq!((again.replaced(), again.writes.len()), (2, shown.writes.len()));
    for (width, height) in [(72, 20), (80, 24), (120, 40), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| views::render(&s.app, Theme::plain(), frame)).unwrap();
        insta::assert_snapshot!(format!("plan_refused_{width}x{height}"), terminal.backend().to_string());
    }

    // Enter on the new preview writes it, replacing both as it said.
    press(&mut s, &[KeyCode::Enter]);
    assert!(s.app.dialog.is_none());
    let (_, said) = status(&s);
    assert!(said.ends_with(&format!("{} new, 2 replaced", shown.writes.len() - 2)), "{said}");
    assert_eq!((stored(&first), stored(&second)), (Some(first.new), Some(second.new)));
}
