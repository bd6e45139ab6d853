//! Reading a person in the dashboard, headless over the demo branch with its worker: the next
//! and previous person in leaderboard order, the month, quarter-to-date and year-to-date
//! columns (checked against the scorecard export of the same months), and a KPI's month-by-month
//! table with who changed each actual last.

mod common;

use branchboard::domain::period::{Month, Period, PeriodKind};
use branchboard::domain::team::MemberScore;
use branchboard::ui::app::Overlay;
use branchboard::ui::effect::MessageKind;
use branchboard::ui::person::{KpiTable, Span};
use branchboard::ui::session::Session;
use branchboard::ui::tabs::Tab;
use branchboard::ui::tabs::drilldown::Level;
use common::session::{data, press};
use common::{DemoFile, assert_close, demo_today, employee, kpi};
use ratatui::crossterm::event::KeyCode;

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

/// The scorecard export of `period`, as the manager runs it on the same day.
fn export(f: &DemoFile, period: &str) -> serde_json::Value {
    let today = demo_today().to_string();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_branchboard"))
        .env_remove("BRANCHBOARD_DB")
        .args(["--db".as_ref(), f.path.as_os_str()])
        .args(["--as", "manager", "--today", &today, "export", "scorecard", "--period", period, "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Everyone in leaderboard order: ranked by rank then name, unranked by name, the manager last.
fn leaderboard(s: &Session) -> Vec<String> {
    let mut team: Vec<&MemberScore> = data(s).team().iter().collect();
    team.sort_by_key(|m| (m.member.role.is_manager(), m.rank.is_none(), m.rank.unwrap_or(0), m.member.name.clone()));
    team.iter().map(|m| m.member.login.clone()).collect()
}

fn months_table(s: &Session) -> &KpiTable {
    match &s.app.overlay {
        Some(Overlay::KpiMonths { table, .. }) => table,
        other => panic!("expected a KPI's months, got {other:?}"),
    }
}

#[test]
fn next_and_previous_person_follow_the_leaderboard_keeping_the_open_kra() {
    let f = DemoFile::new();
    let mut s = f.session("manager");
    let order = leaderboard(&s);
    assert_eq!(s.app.team.rows.selected_key(), Some(order[0].as_str()), "the leaderboard opens on rank 1");
    // The first KRA's second KPI, then the next person.
    press(&mut s, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Down]);
    let Level::Kpis(kra) = s.app.drilldown.level.clone() else { panic!("the KPIs are open") };
    let kpi_code = s.app.drilldown.kpis.selected_key().unwrap().to_string();
    press(&mut s, &[KeyCode::Char('>')]);
    assert_eq!(s.app.drilldown.login, order[1]);
    let second = data(&s).member_score(&order[1]).unwrap();
    if second.card.kras.iter().any(|k| k.code == kra) {
        assert_eq!(s.app.drilldown.level, Level::Kpis(kra.clone()), "the same KRA stays open");
        assert_eq!(s.app.drilldown.kpis.selected_key(), Some(kpi_code.as_str()), "and the same KPI selected");
    } else {
        assert_eq!(s.app.drilldown.level, Level::Kras);
    }
    let said = &s.app.status.as_ref().unwrap().message.text;
    assert!(said.contains(&second.member.name) && said.contains(&format!("(2 of {})", order.len())), "{said}");
    // The month-by-month read follows the person on screen.
    assert_eq!(s.app.drilldown.person_detail().map(|d| d.login.as_str()), Some(order[1].as_str()));

    press(&mut s, &[KeyCode::Char('<')]);
    assert_eq!(s.app.drilldown.login, order[0]);
    // Before the first comes the last: the branch manager's own scorecard, after everyone ranked.
    press(&mut s, &[KeyCode::Char('<')]);
    assert_eq!(s.app.drilldown.login, *order.last().unwrap());
    assert_eq!(order.last().map(String::as_str), Some("manager"));
    assert!(s.app.status.as_ref().unwrap().message.text.contains("round to the end"));
    press(&mut s, &[KeyCode::Char('>')]);
    assert_eq!(s.app.drilldown.login, order[0], "and after the last, the first again");

    // Someone whose role lacks the open KRA: back to the KRA list, and it says so.
    press(&mut s, &[KeyCode::Esc, KeyCode::Esc, KeyCode::Char('1'), KeyCode::Enter, KeyCode::Enter]);
    let Level::Kpis(kra) = s.app.drilldown.level.clone() else { panic!("the KPIs are open") };
    for _ in 1..order.len() {
        press(&mut s, &[KeyCode::Char('>')]);
        let here = data(&s).member_score(&s.app.drilldown.login).unwrap();
        if here.card.kras.iter().all(|k| k.code != kra) {
            assert_eq!(s.app.drilldown.level, Level::Kras);
            assert!(s.app.status.as_ref().unwrap().message.text.contains("back to the KRAs"));
            return;
        }
        assert_eq!(s.app.drilldown.level, Level::Kpis(kra.clone()));
    }
    panic!("every role of the demo has the KRA {kra}");
}

#[test]
fn staff_see_their_own_scorecard_only() {
    let f = DemoFile::new();
    let mut s = f.session("ananya.shetty");
    press(&mut s, &[KeyCode::Char('3'), KeyCode::Char('>')]);
    assert_eq!(s.app.drilldown.login, "ananya.shetty");
    let status = s.app.status.as_ref().unwrap();
    assert_eq!(status.message.kind, MessageKind::Error);
    assert!(status.message.text.contains("own scorecard only"), "{}", status.message.text);
    // Their own three columns are there all the same.
    assert!(s.app.drilldown.periods(data(&s)).is_some());
}

/// November 2026: the quarter to date (October–November) and the fiscal year to date score as
/// the export of the whole quarter and year, whose later months are still to come (pending,
/// they count for nothing).
#[test]
fn month_quarter_and_year_to_date_agree_with_the_export() {
    let f = DemoFile::new();
    let mut s = f.session("manager");
    press(&mut s, &[KeyCode::Enter]);
    let login = s.app.drilldown.login.clone();
    let periods = s.app.drilldown.periods(data(&s)).expect("month view").clone();
    let november = month("2026-11");
    let fiscal_start = data(&s).fiscal_start();
    let quarter = Period::containing(november, PeriodKind::Quarter, fiscal_start).to_string();
    let year = Period::containing(november, PeriodKind::Year, fiscal_start).to_string();
    for (span, period) in
        [(Span::Month, "2026-11".to_string()), (Span::QuarterToDate, quarter), (Span::YearToDate, year)]
    {
        let report = export(&f, &period);
        let person = employee(&report, &login);
        let card = &periods.card(span).card;
        assert_close(&person["overall"], card.overall.unwrap());
        for kra in &card.kras {
            let exported = person["kras"].as_array().unwrap().iter().find(|k| k["code"] == kra.code.as_str()).unwrap();
            match kra.score {
                Some(score) => assert_close(&exported["score"], score),
                None => assert!(exported["score"].is_null()),
            }
        }
    }
    // In a quarter the columns give way to the quarter's own score, and the header says where they are.
    press(&mut s, &[KeyCode::Char('p')]);
    assert!(s.app.drilldown.periods(data(&s)).is_none());
}

#[test]
fn enter_on_a_kpi_opens_its_months_as_the_export_scores_them() {
    let f = DemoFile::new();
    let mut s = f.session("manager");
    press(&mut s, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Enter]);
    let login = s.app.drilldown.login.clone();
    let code = s.app.drilldown.kpis.selected_key().unwrap().to_string();
    let table = months_table(&s).clone();
    assert_eq!(table.kpi.code, code);
    let fiscal_start = data(&s).fiscal_start();
    let first = Period::containing(month("2026-11"), PeriodKind::Year, fiscal_start).months(fiscal_start)[0];
    assert_eq!(table.months.first().map(|m| m.month), Some(first), "from the fiscal year's first month");
    assert!(table.months.iter().any(|m| m.month == month("2026-11")));
    // October alone, against the export of October.
    let october = table.months.iter().find(|m| m.month == month("2026-10")).unwrap();
    let report = export(&f, "2026-10");
    let exported = kpi(employee(&report, &login), &code);
    for (shown, field) in [(october.target, "target"), (october.actual, "actual"), (october.score, "score")] {
        match shown {
            Some(value) => assert_close(&exported[field], value),
            None => assert!(exported[field].is_null(), "{field}: {}", exported[field]),
        }
    }
    assert_eq!(exported["status"], october.status.code());
    // It scrolls, and Esc gives the keyboard back to the KPI list.
    press(&mut s, &[KeyCode::Down]);
    assert!(matches!(s.app.overlay, Some(Overlay::KpiMonths { scroll: 1, .. })));
    press(&mut s, &[KeyCode::Esc]);
    assert!(s.app.overlay.is_none());
    assert_eq!(s.app.tab, Tab::Drilldown);
}

#[test]
fn the_months_say_who_changed_an_actual_last_after_a_save() {
    let f = DemoFile::new();
    let mut s = f.session("manager");
    press(&mut s, &[KeyCode::Enter, KeyCode::Enter]);
    // The first KPI of the first KRA that anyone types (not read from the customer book).
    let login = s.app.drilldown.login.clone();
    let enterable = {
        let card = &data(&s).member_score(&login).unwrap().card;
        let kra = s.app.drilldown.open_kra(data(&s)).unwrap().code.clone();
        card.kras
            .iter()
            .find(|k| k.code == kra)
            .unwrap()
            .kpis
            .iter()
            .position(|k| !branchboard::domain::book::is_book_derived(&k.kpi))
            .expect("a KPI someone types")
    };
    press(&mut s, &vec![KeyCode::Down; enterable]);
    press(&mut s, &[KeyCode::Char('e')]);
    press(&mut s, &[KeyCode::Backspace; 16]);
    press(&mut s, &[KeyCode::Char('4'), KeyCode::Char('2'), KeyCode::Enter]);
    assert!(s.app.input.is_none(), "{:?}", s.app.status);
    press(&mut s, &[KeyCode::Enter]);
    let november = months_table(&s).months.iter().find(|m| m.month == month("2026-11")).unwrap();
    assert_eq!(november.actual, Some(42.0));
    let change = november.last_change.as_ref().expect("the save is in the audit log");
    assert_eq!((change.actor.as_str(), change.via.as_str()), ("manager", "tui"));
}
