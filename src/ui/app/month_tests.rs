//! The month's work driven headless: planning ahead, the plan and close dialogs, entering the
//! missing values one after another, targets and clearing. The in-memory branch (see
//! `ui::fixture`): November 2026 open, every KPI targeted at 100, and each of the four staff
//! without an actual for their first KPI in November.

use super::tests::{answer, only_load, ready};
use crate::import::ValueKind;
use crate::store::{CopyPlan, PlannedTarget};
use crate::ui::action::Action;
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::plan::Preview;
use crate::ui::effect::{Change, CopyRequest, Effect, InputPurpose, Outcome, SaveRequest, Saved};
use crate::ui::fixture::month;
use crate::ui::keys::Mode;
use crate::ui::tabs::Tab;
use tui_input::InputRequest;

fn type_text(app: &mut super::App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(InputRequest::InsertChar(c)));
    }
}

fn said(app: &super::App) -> String {
    app.status.as_ref().map(|s| s.message.text.clone()).unwrap_or_default()
}

fn only_save(effects: Vec<Effect>) -> SaveRequest {
    match &effects[..] {
        [Effect::Save(request)] => request.clone(),
        other => panic!("expected one save, got {other:?}"),
    }
}

#[test]
fn the_manager_steps_ahead_to_plan_and_staff_do_not() {
    let mut app = ready("manager", "2026-11");
    let december = only_load(app.update(Action::NextPeriod));
    assert_eq!(december.period.to_string(), "2026-12");
    answer(&mut app, &december);
    // Twelve months past November 2026 is November 2027; one more is refused.
    for _ in 0..11 {
        let request = only_load(app.update(Action::NextPeriod));
        answer(&mut app, &request);
    }
    assert_eq!(app.data.as_ref().unwrap().period.to_string(), "2027-11");
    assert!(app.update(Action::NextPeriod).is_empty());
    assert!(said(&app).starts_with("2027-12 is too far ahead"), "{}", said(&app));

    let mut staff = ready("neha", "2026-11");
    assert!(staff.update(Action::NextPeriod).is_empty());
    assert_eq!(said(&staff), "2026-12 is in the future");
}

#[test]
fn closing_counts_the_values_still_missing_per_person_before_it_closes() {
    let mut app = ready("manager", "2026-11");
    assert!(app.update(Action::CloseOrReopen).is_empty());
    assert_eq!(app.key_mode(), Mode::Dialog);
    let Some(Dialog::Confirm(dialog)) = &app.dialog else { panic!("expected a confirmation") };
    // Asha, Ravi, Neha and Vikram each lack their first KPI's November actual: 4 in all.
    assert_eq!(dialog.title, "Close 2026-11");
    assert!(dialog.lines[1].starts_with("4 targeted values still have no actual (4 people)"), "{:?}", dialog.lines);
    for who in ["Asha Rao (asha)", "Ravi Kumar (ravi)", "Neha Singh (neha)", "Vikram Das (vikram)"] {
        assert!(dialog.lines.iter().any(|l| l.contains(who) && l.ends_with(" 1 missing")), "{who}: {:?}", dialog.lines);
    }
    let save = only_save(app.update(Action::Submit));
    assert_eq!(save.change, Change::MonthState { month: month("2026-11"), close: true, missing: 4 });
    assert!(app.dialog.is_none());
    let reload =
        only_load(app.apply(Outcome::Saved { id: save.id, change: save.change, result: Ok(Saved::MonthState(true)) }));
    assert_eq!(reload.period.to_string(), "2026-11");
    assert_eq!(said(&app), "2026-11 closed: its values are final until it is reopened");
}

#[test]
fn a_closed_month_reopens_after_asking_and_esc_changes_nothing() {
    let mut app = ready("manager", "2026-10");
    app.update(Action::CloseOrReopen);
    let Some(Dialog::Confirm(dialog)) = &app.dialog else { panic!("expected a confirmation") };
    assert_eq!(dialog.title, "Reopen 2026-10");
    assert!(app.update(Action::Cancel).is_empty());
    assert!(app.dialog.is_none());
    assert_eq!(said(&app), "nothing changed");
    app.update(Action::CloseOrReopen);
    let save = only_save(app.update(Action::Submit));
    assert_eq!(save.change, Change::MonthState { month: month("2026-10"), close: false, missing: 0 });

    let mut quarter = ready("manager", "2026-Q4");
    assert!(quarter.update(Action::CloseOrReopen).is_empty());
    assert!(quarter.dialog.is_none());
    assert!(said(&quarter).contains("press p for the month view"));
}

#[test]
fn planning_a_month_previews_the_copy_then_writes_it() {
    let mut app = ready("manager", "2026-11");
    let asked = app.update(Action::PlanMonth);
    let expected = CopyRequest { from: month("2026-11"), to: month("2026-12"), scale_percent: 100.0, login: None };
    assert_eq!(asked, [Effect::PlanCopy(expected.clone())]);
    assert!(!app.is_idle(), "waits for the preview");
    // To → Scale, and type 110 over 100.
    app.update(Action::Down);
    for _ in 0..3 {
        app.update(Action::Input(InputRequest::DeletePrevChar));
    }
    let mut effects = Vec::new();
    for c in "110".chars() {
        effects = app.update(Action::Input(InputRequest::InsertChar(c)));
    }
    let scaled = CopyRequest { scale_percent: 110.0, ..expected.clone() };
    assert_eq!(effects, [Effect::PlanCopy(scaled.clone())]);
    assert!(app.update(Action::Submit).is_empty(), "nothing is written before the preview");
    assert_eq!(said(&app), "still counting what the copy would write");
    // An older preview is dropped; the one for 110 % is shown.
    let plan = |n: usize| CopyPlan {
        writes: (0..n)
            .map(|i| PlannedTarget { login: "asha".into(), kpi: format!("k{i}"), old: None, new: 110.0 })
            .collect(),
        unchanged: 0,
        skipped: 0,
    };
    app.apply(Outcome::CopyPlanned { request: expected, result: Ok(plan(9)) });
    app.apply(Outcome::CopyPlanned { request: scaled.clone(), result: Ok(plan(2)) });
    let Some(Dialog::Plan(dialog)) = &app.dialog else { panic!("the plan dialog is open") };
    assert_eq!(dialog.preview, Preview::Ready(plan(2)));
    assert!(app.is_idle());
    let save = only_save(app.update(Action::Submit));
    assert_eq!(save.change, Change::CopyTargets { request: scaled.clone(), confirmed: plan(2) });
    app.apply(Outcome::Saved { id: save.id, change: save.change, result: Ok(Saved::Copied(plan(2))) });
    assert_eq!(said(&app), "copied 2 targets from 2026-11 to 2026-12 at 110%: 2 new, 0 replaced");
}

#[test]
fn next_missing_walks_the_values_to_enter_and_checks_each_as_typed() {
    let mut app = ready("neha", "2026-11");
    // Two more gaps in November besides the first KPI: the count and the percent of the first KRA.
    let data = app.data.as_mut().unwrap();
    for kpi in ["new_accounts_opened", "lead_to_sale_conversion_rate"] {
        data.note_saved(ValueKind::Actual, "neha", kpi, month("2026-11"), None);
    }
    app.update(Action::GoToTab(2));
    assert!(app.update(Action::NextMissing).is_empty());
    let edit = |app: &super::App| match &app.input.as_ref().expect("an input is open").purpose {
        InputPurpose::EditValue(edit) => edit.clone(),
        other => panic!("expected a value edit, got {other:?}"),
    };
    let first = edit(&app);
    assert_eq!((first.kpi.as_str(), first.target, first.then_next), ("monthly_sales_revenue", Some(100.0), true));
    assert_eq!(app.tab, Tab::Drilldown);
    // Money as the screen writes it: 2.8 L is 2,80,000.
    type_text(&mut app, "2.8 L");
    let save = only_save(app.update(Action::Submit));
    assert!(matches!(&save.change, Change::Value { value: Some(v), .. } if *v == 280_000.0));
    let after = app.apply(Outcome::Saved { id: save.id, change: save.change, result: Ok(Saved::Replaced(None)) });
    assert_eq!(after.len(), 1, "a reload: {after:?}");
    assert!(said(&app).starts_with("saved "), "{}", said(&app));
    // The next one opens by itself: a count, which takes whole numbers only.
    assert_eq!(edit(&app).kpi, "new_accounts_opened");
    type_text(&mut app, "7.5");
    assert!(app.update(Action::Submit).is_empty());
    assert!(said(&app).contains("7.5 is not a whole number"), "{}", said(&app));
    app.update(Action::Input(InputRequest::DeleteLine));
    type_text(&mut app, "7");
    let save = only_save(app.update(Action::Submit));
    app.apply(Outcome::Saved { id: save.id, change: save.change, result: Ok(Saved::Replaced(None)) });
    // Then the percent: 0.82 is questioned once, and saved as typed on a second Enter.
    assert_eq!(edit(&app).kpi, "lead_to_sale_conversion_rate");
    type_text(&mut app, "0.82");
    assert!(app.update(Action::Submit).is_empty());
    assert_eq!(said(&app), "did you mean 82%? Type it, or press Enter again to save 0.82%");
    let save = only_save(app.update(Action::Submit));
    assert!(matches!(&save.change, Change::Value { value: Some(v), .. } if *v == 0.82));
    app.apply(Outcome::Saved { id: save.id, change: save.change, result: Ok(Saved::Replaced(None)) });
    assert!(app.input.is_none(), "nothing left to enter");
    assert!(app.update(Action::NextMissing).is_empty());
    assert_eq!(said(&app), "every targeted value of 2026-11 you may enter is in");
}

#[test]
fn targets_are_the_managers_and_clearing_asks_first() {
    let mut staff = ready("neha", "2026-11");
    staff.update(Action::GoToTab(2));
    staff.update(Action::Open);
    assert!(staff.update(Action::EditTarget).is_empty());
    assert!(said(&staff).starts_with("not allowed: only the branch manager may set targets"), "{}", said(&staff));

    let mut app = ready("manager", "2026-11");
    app.update(Action::Down);
    let login = app.team.rows.selected_key().unwrap().to_string();
    app.update(Action::Open);
    app.update(Action::Open);
    app.update(Action::Down);
    app.update(Action::EditTarget);
    let InputPurpose::EditValue(edit) = &app.input.as_ref().unwrap().purpose else { panic!("a target edit") };
    assert_eq!((edit.kind, edit.login.as_str(), edit.seen), (ValueKind::Target, login.as_str(), Some(100.0)));
    assert_eq!(app.input.as_ref().unwrap().input.value(), "100");
    app.update(Action::Cancel);
    app.update(Action::ClearActual);
    let Some(Dialog::Confirm(dialog)) = &app.dialog else { panic!("clearing asks first") };
    assert_eq!(dialog.title, "Clear an actual");
    let save = only_save(app.update(Action::Submit));
    let Change::Value { edit, value: None } = &save.change else { panic!("a clear: {:?}", save.change) };
    assert_eq!((edit.kind, edit.seen.is_some()), (ValueKind::Actual, true));
}

#[test]
fn a_stopped_reader_does_not_leave_the_plan_counting_forever() {
    let mut app = ready("manager", "2026-11");
    app.update(Action::PlanMonth);
    assert!(!app.is_idle());
    app.apply(Outcome::ReaderStopped);
    assert!(app.is_idle());
    let Some(Dialog::Plan(dialog)) = &app.dialog else { panic!("the plan dialog stays open") };
    assert!(matches!(&dialog.preview, Preview::Failed(why) if why.contains("reading thread stopped")));
    assert!(app.update(Action::Submit).is_empty(), "nothing is written without a preview");
}
