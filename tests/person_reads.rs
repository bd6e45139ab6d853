//! Reading one person in full, against the file: who changed each value last (the audit log)
//! and the month, quarter-to-date and year-to-date scorecards the drill-down shows.

mod common;

use branchboard::domain::actor::Actor;
use branchboard::domain::period::{Month, Period, PeriodKind};
use branchboard::domain::template::Role;
use branchboard::import::ValueKind;
use branchboard::store::{Expected, Store, ValueKey, Via};
use branchboard::ui::person::Span;
use branchboard::ui::worker::read_person;
use common::{DemoFile, demo_today};

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn demo() -> (DemoFile, Store) {
    let file = DemoFile::new();
    let mut store = file.store();
    store.set_today(demo_today());
    (file, store)
}

#[test]
fn the_latest_change_of_each_actual_in_the_months_asked() {
    let (_file, mut store) = demo();
    let manager = Actor { login: "manager".into(), role: Role::BranchManager };
    let login = "tanvi.varma";
    let data = store.branch_data(month("2026-11"), month("2026-11")).unwrap();
    let role = data.staff.iter().find(|m| m.login == login).unwrap().role;
    let kpi = data.templates[&role]
        .kpis()
        .find(|k| Actor { login: login.into(), role }.ensure_may_enter(k).is_ok())
        .unwrap()
        .code
        .clone();
    let key = ValueKey { login, kpi: &kpi, month: month("2026-11") };
    for value in [5.0, 6.0] {
        store.set_value(&manager, Via::Tui, ValueKind::Actual, key, Some(value), Expected::Anything).unwrap();
    }
    let changes = store.last_changes(login, month("2026-01"), month("2026-11")).unwrap();
    let last = &changes[&(kpi.clone(), month("2026-11"))];
    assert_eq!((last.actor.as_str(), last.via.as_str()), ("manager", "tui"));
    assert!(changes.keys().all(|(_, m)| (month("2026-01")..=month("2026-11")).contains(m)));
    // Another login's keys are not this one's, even when one login starts with the other.
    assert!(store.last_changes("tanvi", month("2026-01"), month("2026-11")).unwrap().is_empty());
    let october = store.last_changes(login, month("2026-10"), month("2026-10")).unwrap();
    assert!(!october.contains_key(&(kpi, month("2026-11"))));
}

/// The columns agree with the dashboard's own scoring of the same months: the month with
/// the month view's, the year to date with the fiscal year's months up to November.
#[test]
fn read_person_agrees_with_scoring_the_same_months() {
    let (_dir, mut store) = demo();
    let manager = Actor { login: "manager".into(), role: Role::BranchManager };
    let november: Month = "2026-11".parse().unwrap();
    let detail = read_person(&mut store, &manager, "tanvi.varma", Period::Month(november)).unwrap();
    let fiscal_start = store.settings().unwrap().fiscal_start();
    let first = Period::containing(november, PeriodKind::Year, fiscal_start).months(fiscal_start)[0];
    let branch = store.branch_data(first, november).unwrap();
    let team = branch.score_period(Period::Month(november));
    let month = team.members.iter().find(|m| m.member.login == "tanvi.varma").unwrap();
    assert_eq!(detail.periods.card(Span::Month).card, month.card);
    // The KPI trends' scorecards: twelve months ending with November, the last the month's,
    // the one before it October's as scoring October gives it.
    assert_eq!(detail.trend.len(), 12);
    assert_eq!(detail.trend[11].as_ref(), Some(&month.card));
    let october = branch.score_period(Period::Month("2026-10".parse().unwrap()));
    let tanvi_october = october.members.iter().find(|m| m.member.login == "tanvi.varma").unwrap();
    assert_eq!(detail.trend[10].as_ref(), Some(&tanvi_october.card));
    let year = branchboard::domain::scoring::score_scorecard(
        &branch.templates[&Role::RelationshipManager],
        &branch.values["tanvi.varma"],
        branchboard::domain::scoring::PeriodMonths { first, last: november, closed: &branch.closed },
    );
    assert_eq!(detail.periods.card(Span::YearToDate).card, year);
    // Months after November are shown only where a target is set ahead.
    for table in &detail.kpis {
        assert!(table.months.iter().all(|m| m.month <= november || m.planned));
    }
}

#[test]
fn staff_read_only_themselves() {
    let (_dir, mut store) = demo();
    let staff = Actor { login: "ananya.shetty".into(), role: Role::RelationshipManager };
    let november: Month = "2026-11".parse().unwrap();
    assert!(read_person(&mut store, &staff, "ananya.shetty", Period::Month(november)).is_ok());
    let refused = read_person(&mut store, &staff, "tanvi.varma", Period::Month(november)).unwrap_err();
    assert!(refused.to_string().contains("own scorecard only"), "{refused}");
}
