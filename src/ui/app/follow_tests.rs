//! What is open over the tabs following a change to the file, driven headless with made-up
//! worker answers: a KPI's months and a value's history read again, the plan dialog's preview
//! counted again and a copy refused as a conflict asking again, the branch-wide search asked
//! again and Enter on a customer who moved meanwhile. The in-memory branch: `ui::fixture`.

use super::tests::{answer, only_load, ready};
use super::{App, Freshness, Overlay};
use crate::domain::coverage::{CustomerStatus, Segment};
use crate::domain::customer::Customer;
use crate::store::{AuditEntry, CopyPlan, PlannedTarget, StoreError};
use crate::ui::action::Action;
use crate::ui::data::Book;
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::plan::Preview;
use crate::ui::effect::{Change, CopyRequest, Effect, Outcome, SaveRequest};
use crate::ui::fixture::month;
use crate::ui::person::{KpiTable, PersonDetail};
use crate::ui::tabs::portfolio::Found;
use std::collections::HashMap;
use tui_input::InputRequest;

fn said(app: &App) -> String {
    app.status.as_ref().map(|s| s.message.text.clone()).unwrap_or_default()
}

/// Another session's change, read again as the worker would answer: the effects that follow.
fn another_session_changes(app: &mut App) -> Vec<Effect> {
    let reload = only_load(app.apply(Outcome::FileChanged));
    answer(app, &reload)
}

/// The read of `login` the worker would send with `actual` as their November actual of `kpi`.
fn person_read(app: &App, login: &str, kpi: &str, actual: f64) -> Outcome {
    let data = app.data.as_ref().unwrap();
    let mut branch = data.branch.clone();
    let figures = branch.values.get_mut(login).unwrap().get_mut(kpi).unwrap();
    figures.actuals.retain(|(m, _)| *m != month("2026-11"));
    figures.actuals.push((month("2026-11"), actual));
    figures.sort();
    let detail = PersonDetail::score(&branch, login, month("2026-11"), month("2026-11"), &HashMap::new()).unwrap();
    Outcome::PersonRead { login: login.into(), period: data.period, result: Ok(Box::new(detail)) }
}

fn kpi_months(app: &App) -> (&KpiTable, &Freshness) {
    match &app.overlay {
        Some(Overlay::KpiMonths { table, freshness, .. }) => (table, freshness),
        other => panic!("expected a KPI's months, got {other:?}"),
    }
}

fn november_actual(table: &KpiTable) -> Option<f64> {
    table.months.iter().find(|m| m.month == month("2026-11")).and_then(|m| m.actual)
}

#[test]
fn a_kpis_months_open_only_from_the_read_after_a_reload_and_take_each_new_read() {
    let mut app = ready("manager", "2026-11");
    let asked = app.update(Action::Open);
    let [Effect::ReadPerson { login, .. }] = &asked[..] else { panic!("the person is read: {asked:?}") };
    let login = login.clone();
    app.update(Action::Open);
    let kpi = app.drilldown.kpis.selected_key().unwrap().to_string();
    app.apply(person_read(&app, &login, &kpi, 10.0));
    app.update(Action::Open);
    assert_eq!(kpi_months(&app).1, &Freshness::Current);
    assert_eq!(november_actual(kpi_months(&app).0), Some(10.0));

    // Another session sets the actual: the months say they are being read again, then take the read.
    let reread = another_session_changes(&mut app);
    assert!(reread.iter().any(|e| matches!(e, Effect::ReadPerson { .. })), "{reread:?}");
    assert_eq!(kpi_months(&app).1, &Freshness::Refreshing);
    app.apply(person_read(&app, &login, &kpi, 42.0));
    assert_eq!(november_actual(kpi_months(&app).0), Some(42.0), "the open table follows the file");
    assert_eq!(kpi_months(&app).1, &Freshness::Current);

    // Enter just after the numbers changed waits for the read asked after them, not the one before.
    app.update(Action::Back);
    another_session_changes(&mut app);
    assert!(app.update(Action::Open).is_empty(), "the read asked by the reload is on its way");
    assert!(app.overlay.is_none(), "the months read before the change do not open");
    assert!(said(&app).starts_with("reading the months of"), "{}", said(&app));
    app.apply(person_read(&app, &login, &kpi, 77.0));
    assert_eq!(november_actual(kpi_months(&app).0), Some(77.0));
}

#[test]
fn an_open_history_is_read_again_after_a_change_and_says_so_meanwhile() {
    let mut app = ready("manager", "2026-11");
    let shown = app.update(Action::GoToTab(2));
    let [Effect::ReadPerson { login, period }] = &shown[..] else { panic!("{shown:?}") };
    app.apply(Outcome::PersonRead { login: login.clone(), period: *period, result: Err("not read here".into()) });
    app.update(Action::Open);
    let asked = app.update(Action::History);
    assert!(matches!(&asked[..], [Effect::ReadHistory { .. }]), "{asked:?}");
    let entry = |new: &str| AuditEntry {
        at: "2026-11-15T09:00:00".into(),
        actor: "neha".into(),
        action: "set".into(),
        entity: "actual".into(),
        key: "manager/x/2026-11".into(),
        old: None,
        new: Some(new.into()),
        via: "cli".into(),
    };
    let read = |entries: Vec<AuditEntry>| Outcome::HistoryRead { result: Ok(entries) };
    app.apply(read(vec![entry("5")]));
    let history = |app: &App| match &app.overlay {
        Some(Overlay::History { entries, freshness, .. }) => (entries.len(), freshness.clone()),
        other => panic!("expected a history, got {other:?}"),
    };
    assert_eq!(history(&app), (1, Freshness::Current));

    let reread = another_session_changes(&mut app);
    assert_eq!(reread.iter().filter(|e| matches!(e, Effect::ReadHistory { .. })).count(), 1, "{reread:?}");
    assert_eq!(history(&app), (1, Freshness::Refreshing));
    snapshots("history_refreshing", &app);
    assert_eq!(app.history_asked, 1, "tests wait for it");
    app.apply(read(vec![entry("5"), entry("9")]));
    assert_eq!(history(&app), (2, Freshness::Current));
    assert_eq!(app.history_asked, 0);

    // Not read again: the rows stay, marked as from before the change.
    another_session_changes(&mut app);
    app.apply(Outcome::HistoryRead { result: Err("disk I/O error".into()) });
    assert_eq!(history(&app), (2, Freshness::Stale("disk I/O error".into())));
    snapshots("history_stale", &app);
}

/// The screen at the dashboard's snapshot sizes, drawn without colour.
fn snapshots(name: &str, app: &App) {
    for (width, height) in [(72, 20), (80, 24), (120, 40), (200, 60)] {
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), mask_time(&crate::ui::drawn(app, width, height)));
    }
}

fn plan(old: Option<f64>) -> CopyPlan {
    let write = PlannedTarget { login: "asha".into(), kpi: "k".into(), old, new: 100.0 };
    CopyPlan { writes: vec![write], unchanged: 0, skipped: 0 }
}

fn plan_preview(app: &App) -> Preview {
    match &app.dialog {
        Some(Dialog::Plan(dialog)) => dialog.preview.clone(),
        other => panic!("expected the plan dialog, got {other:?}"),
    }
}

fn only_save(effects: Vec<Effect>) -> SaveRequest {
    match &effects[..] {
        [Effect::Save(request)] => request.clone(),
        other => panic!("expected one save, got {other:?}"),
    }
}

#[test]
fn the_plan_preview_is_counted_again_after_a_change_and_a_refused_copy_asks_again() {
    let mut app = ready("manager", "2026-11");
    let request = CopyRequest { from: month("2026-11"), to: month("2026-12"), scale_percent: 100.0, login: None };
    assert_eq!(app.update(Action::PlanMonth), [Effect::PlanCopy(request.clone())]);
    app.apply(Outcome::CopyPlanned { request: request.clone(), result: Ok(plan(None)) });

    // Another session sets the destination target: the preview is counted again.
    let again = another_session_changes(&mut app);
    assert!(again.contains(&Effect::PlanCopy(request.clone())), "{again:?}");
    assert_eq!(plan_preview(&app), Preview::Reading);
    assert!(app.update(Action::Submit).is_empty(), "nothing is written before the new count");
    app.apply(Outcome::CopyPlanned { request: request.clone(), result: Ok(plan(Some(999.0))) });
    assert_eq!(plan_preview(&app), Preview::Ready(plan(Some(999.0))));

    // The save carries the plan confirmed; refused as a conflict, the dialog counts and asks again.
    let save = only_save(app.update(Action::Submit));
    assert_eq!(save.change, Change::CopyTargets { request: request.clone(), confirmed: plan(Some(999.0)) });
    let conflict = StoreError::Conflict { key: "asha/k/2026-12".into(), expected: "999".into(), found: "120".into() };
    let after = app.apply(Outcome::Saved { id: save.id, change: save.change, result: Err(conflict) });
    assert!(after.iter().any(|e| matches!(e, Effect::Load(_))), "the screen reads the file again: {after:?}");
    assert!(after.contains(&Effect::PlanCopy(request.clone())), "{after:?}");
    let Some(Dialog::Plan(dialog)) = &app.dialog else { panic!("the plan dialog opens again") };
    let why = dialog.refused.clone().unwrap();
    assert_eq!(why, "conflict: asha/k/2026-12 was 999 when you saw it but is now 120; nothing was saved");
    assert_eq!((dialog.from, dialog.to, dialog.scale.as_str()), (request.from, request.to, "100"));
    app.apply(Outcome::CopyPlanned { request: request.clone(), result: Ok(plan(Some(120.0))) });
    let save = only_save(app.update(Action::Submit));
    assert_eq!(save.change, Change::CopyTargets { request, confirmed: plan(Some(120.0)) });
}

fn customer(id: &str, name: &str, rm: &str, days: i64) -> Customer {
    Customer {
        id: id.into(),
        name: name.into(),
        segment: Segment::Affluent,
        rm_login: rm.into(),
        products: vec![],
        balance: 1_000.0,
        last_contact: Some(crate::ui::fixture::today() - chrono::Duration::days(days)),
        status: CustomerStatus::Active,
    }
}

/// The manager's search for "C00" on the Portfolio tab, answered with `found`; the input closed.
fn searching(found: Vec<Customer>) -> App {
    let mut app = ready("manager", "2026-11");
    app.update(Action::GoToTab(1));
    app.update(Action::FindCustomer);
    let mut asked = vec![];
    for c in "C00".chars() {
        asked = app.update(Action::Input(InputRequest::InsertChar(c)));
    }
    assert_eq!(asked, [Effect::FindCustomers { query: "C00".into(), limit: crate::ui::tabs::portfolio::FIND_LIMIT }]);
    app.update(Action::Submit);
    let total = found.len();
    app.apply(Outcome::CustomersFound { query: "C00".into(), result: Ok((found, total)) });
    assert!(app.is_idle());
    app
}

fn found_rms(app: &App) -> Vec<(String, String)> {
    let search = app.portfolio.search.as_ref().unwrap();
    search.customers().iter().map(|c| (c.id.clone(), c.rm_login.clone())).collect()
}

#[test]
fn the_search_on_screen_is_asked_again_after_a_change_keeping_the_selected_customer() {
    let mut app =
        searching(vec![customer("C001", "Varun Nair", "asha", 9), customer("C004", "Lata Bose", "ravi", 159)]);
    app.update(Action::Down);
    let again = another_session_changes(&mut app);
    assert!(again.contains(&Effect::FindCustomers { query: "C00".into(), limit: 200 }), "{again:?}");
    let search = app.portfolio.search.as_ref().unwrap();
    assert!(search.is_refreshing() && !app.is_idle(), "the matches on screen are being read again");
    assert_eq!(search.selected().map(|c| c.id.as_str()), Some("C004"));
    // Lata moved to Asha and was contacted today: now first by name, and still the one selected.
    let moved = vec![customer("C004", "Lata Bose", "asha", 0), customer("C001", "Varun Nair", "asha", 9)];
    app.apply(Outcome::CustomersFound { query: "C00".into(), result: Ok((moved, 2)) });
    let search = app.portfolio.search.as_ref().unwrap();
    assert!(matches!(search.found, Found::Customers { total: 2, .. }) && !search.is_refreshing());
    assert_eq!(search.selected().map(|c| c.rm_login.as_str()), Some("asha"));
    assert_eq!(found_rms(&app)[0], ("C004".to_string(), "asha".to_string()));
    assert!(app.is_idle());
}

#[test]
fn enter_on_a_customer_who_moved_since_the_search_says_so_and_searches_again() {
    let mut app = searching(vec![customer("C004", "Lata Bose", "ravi", 159)]);
    // Enter before the search is read again: Ravi's book is read and no longer holds Lata.
    let went = app.update(Action::Open);
    assert_eq!(went, [Effect::ReadBook("ravi".into())]);
    assert_eq!(said(&app), "Lata Bose (C004) was found in the book of Ravi Kumar: reading it");
    assert!(!app.portfolio.is_finding());
    let again = app.apply(Outcome::BookRead { rm: "ravi".into(), book: Book::Read(vec![]) });
    assert_eq!(
        said(&app),
        "Lata Bose (C004) is no longer in the book of Ravi Kumar: moved since the search; searching again"
    );
    assert_eq!(again, [Effect::FindCustomers { query: "C00".into(), limit: 200 }]);
    assert!(app.portfolio.is_finding());
    app.apply(Outcome::CustomersFound {
        query: "C00".into(),
        result: Ok((vec![customer("C001", "Varun Nair", "asha", 9), customer("C004", "Lata Bose", "asha", 0)], 2)),
    });
    let search = app.portfolio.search.as_ref().unwrap();
    assert_eq!(search.selected().map(|c| (c.id.as_str(), c.rm_login.as_str())), Some(("C004", "asha")));

    // Enter now: Asha's book (read) holds her, and says so at once.
    let mut app = searching(vec![customer("C002", "Priya Menon", "asha", 3)]);
    assert!(app.update(Action::Open).is_empty());
    assert_eq!(said(&app), "Priya Menon (C002) is in the book of Asha Rao");
    assert_eq!(app.portfolio.customers.selected_key(), Some("C002"));
}

/// The status bar's time ("updated 11:08:14", or the time alone on a narrow screen) is the
/// system clock's: masked as HH:MM:SS.
fn mask_time(screen: &str) -> String {
    let is_time = |t: &[u8]| {
        t.len() == 8 && t.iter().enumerate().all(|(i, b)| if i % 3 == 2 { *b == b':' } else { b.is_ascii_digit() })
    };
    let bytes = screen.as_bytes();
    match (0..bytes.len().saturating_sub(7)).rev().find(|&at| is_time(&bytes[at..at + 8])) {
        Some(at) => format!("{}HH:MM:SS{}", &screen[..at], &screen[at + 8..]),
        None => screen.to_string(),
    }
}
