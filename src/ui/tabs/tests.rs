//! Each tab's `handle` driven with actions over an in-memory branch: no file, no worker, no
//! terminal. The effects a tab returns are what the rest of the dashboard acts on.

use super::drilldown::{DrilldownTab, Level};
use super::portfolio::{CustomerSort, PortfolioFocus, PortfolioTab, RmSort};
use super::team::{TeamSort, TeamTab};
use super::{Context, SortOrder, Tab};
use crate::domain::period::Period;
use crate::ui::action::Action;
use crate::ui::data::DashboardData;
use crate::ui::effect::{Effect, InputPurpose, MessageKind};
use crate::ui::fixture::{actor, data, data_for, month, said};

fn team_logins(tab: &TeamTab, data: &DashboardData) -> Vec<String> {
    tab.rows.order().iter().map(|&i| data.team()[i].member.login.clone()).collect()
}

#[test]
fn team_sorts_by_rank_then_reverses_then_moves_on() {
    let manager = actor("manager");
    let data = data(&manager);
    let cx = Context { data: &data, actor: &manager };
    let mut tab = TeamTab::default();
    tab.refresh(&data);
    // Shares of target: Asha 110 %, Neha 95 %, Vikram 80 %, Ravi 60 %; the manager is unranked, last.
    assert_eq!(team_logins(&tab, &data), ["asha", "neha", "vikram", "ravi", "manager"]);
    let effects = tab.handle(&Action::Sort, &cx);
    assert_eq!(tab.sorting.order, SortOrder::Reversed);
    assert_eq!(said(&effects), [(MessageKind::Info, "sorted by rank, reversed".to_string())]);
    assert_eq!(team_logins(&tab, &data), ["manager", "ravi", "vikram", "neha", "asha"]);
    tab.handle(&Action::Sort, &cx);
    assert_eq!((tab.sorting.key, tab.sorting.order), (TeamSort::Name, SortOrder::Natural));
    assert_eq!(team_logins(&tab, &data), ["asha", "manager", "neha", "ravi", "vikram"], "A to Z by name");
}

#[test]
fn team_selection_follows_the_person_and_the_filter_finds_bands() {
    let manager = actor("manager");
    let data = data(&manager);
    let cx = Context { data: &data, actor: &manager };
    let mut tab = TeamTab::default();
    tab.refresh(&data);
    tab.handle(&Action::Down, &cx);
    assert_eq!(tab.rows.selected_key(), Some("neha"));
    tab.handle(&Action::Sort, &cx); // reversed: Neha moves to the fourth row, still selected
    assert_eq!(tab.rows.selected_key(), Some("neha"));
    assert_eq!(tab.rows.selected_position(), Some(3));
    // Ravi at 60 % is the only Unsatisfactory one; "unsat" finds him by his band.
    tab.set_filter("unsat", &data);
    assert_eq!(team_logins(&tab, &data), ["ravi"]);
    assert_eq!(tab.rows.selected_key(), Some("ravi"), "the selection moves onto what is visible");
    let effects = tab.handle(&Action::Back, &cx);
    assert!(tab.filter.is_empty());
    assert_eq!(team_logins(&tab, &data).len(), 5);
    assert_eq!(said(&effects)[0].1, "filter cleared");
    assert_eq!(tab.handle(&Action::Filter, &cx), [Effect::OpenInput(InputPurpose::Filter(Tab::Team), String::new())]);
}

#[test]
fn team_opens_a_scorecard_only_for_those_who_may_see_it() {
    let manager = actor("manager");
    let data = data(&manager);
    let mut tab = TeamTab::default();
    tab.refresh(&data);
    assert_eq!(
        tab.handle(&Action::Open, &Context { data: &data, actor: &manager }),
        [Effect::OpenScorecard("asha".into())]
    );
    let neha = actor("neha");
    let seen_by_neha = crate::ui::fixture::data(&neha);
    tab.refresh(&seen_by_neha);
    let effects = tab.handle(&Action::Open, &Context { data: &seen_by_neha, actor: &neha });
    assert_eq!(said(&effects), [(MessageKind::Error, "you can open only your own scorecard".to_string())]);
}

#[test]
fn portfolio_sort_and_filter_act_on_the_list_in_focus() {
    let manager = actor("manager");
    let data = data(&manager);
    let cx = Context { data: &data, actor: &manager };
    let mut tab = PortfolioTab::new(&manager);
    assert!(tab.refresh(&data).is_empty(), "Asha (first by name) has her book read already");
    assert_eq!(tab.focus, PortfolioFocus::Rms);
    tab.handle(&Action::Sort, &cx);
    assert_eq!((tab.rm_sorting.key, tab.rm_sorting.order), (RmSort::Name, SortOrder::Reversed));
    assert_eq!(tab.rms.selected_key(), Some("asha"), "the selection stays on Asha, now second");
    assert_eq!(tab.rms.selected_position(), Some(1));
    assert_eq!(tab.customer_sorting.key, CustomerSort::Balance, "the customers' sort is untouched");
    assert_eq!(
        tab.handle(&Action::Filter, &cx),
        [Effect::OpenInput(InputPurpose::Filter(Tab::Portfolio), String::new())]
    );
    tab.set_filter("ravi", &data);
    assert_eq!(tab.rms.len(), 1);
    assert!(tab.customer_filter.is_empty(), "the RM filter is the RM list's");
}

#[test]
fn portfolio_asks_for_a_book_it_has_not_read() {
    let manager = actor("manager");
    let data = data(&manager);
    let cx = Context { data: &data, actor: &manager };
    let mut tab = PortfolioTab::new(&manager);
    tab.refresh(&data);
    assert_eq!(tab.handle(&Action::Down, &cx), [Effect::ReadBook("ravi".into())]);
    tab.handle(&Action::Up, &cx);
    tab.handle(&Action::Open, &cx);
    assert_eq!(tab.focus, PortfolioFocus::Customers);
    // Customers by balance, largest first: ₹12,500 Cr, ₹25 L, ₹40,000.
    assert_eq!(tab.customers.selected_key(), Some("C002"));
    let effects = tab.handle(&Action::Sort, &cx);
    assert_eq!(said(&effects)[0].1, "customers sorted by balance, reversed");
    assert_eq!(tab.customers.selected_key(), Some("C003"), "a new order starts from its top");
    tab.handle(&Action::CycleContactView, &cx);
    // Not contacted in 30 days (as of 2026-11-15): C002 never, C003 since May; C001 on Nov 1 is in.
    assert_eq!(tab.customers.len(), 2);
    tab.handle(&Action::Left, &cx);
    assert_eq!(tab.focus, PortfolioFocus::Rms);
}

#[test]
fn staff_start_in_their_own_book() {
    let asha = actor("asha");
    let data = data(&asha);
    let mut tab = PortfolioTab::new(&asha);
    tab.refresh(&data);
    assert_eq!(tab.focus, PortfolioFocus::Customers);
    assert_eq!(data.portfolios.len(), 1);
    let effects = tab.handle(&Action::Left, &Context { data: &data, actor: &asha });
    assert!(effects.is_empty());
    assert_eq!(tab.focus, PortfolioFocus::Customers, "staff have no RM list to go back to");
}

#[test]
fn drilldown_opens_kras_filters_sorts_and_backs_out() {
    let manager = actor("manager");
    let data = data(&manager);
    let cx = Context { data: &data, actor: &manager };
    let mut tab = DrilldownTab::new("manager");
    tab.open("neha", &data);
    let kras = tab.kras.len();
    assert!(kras >= 2);
    tab.handle(&Action::Open, &cx);
    assert!(matches!(tab.level, Level::Kpis(_)));
    let first_kra = &data.member_score("neha").unwrap().card.kras[0];
    assert_eq!(tab.kpis.len(), first_kra.kpis.len());
    // Sort by status: the one missing November value comes first.
    tab.handle(&Action::Sort, &cx); // scorecard order, reversed
    let effects = tab.handle(&Action::Sort, &cx);
    assert_eq!(said(&effects)[0].1, "KPIs sorted by score");
    tab.set_filter(&first_kra.kpis[0].kpi.name.to_lowercase(), &data);
    assert!(!tab.kpis.is_empty() && tab.kpis.len() < first_kra.kpis.len().max(2));
    assert_eq!(tab.kras.len(), 1, "only the KRA holding the KPI stays");
    assert_eq!(said(&tab.handle(&Action::Back, &cx))[0].1, "filter cleared");
    assert_eq!(tab.kras.len(), kras);
    assert_eq!(tab.handle(&Action::Left, &cx), []);
    assert_eq!(tab.level, Level::Kras);
    assert_eq!(tab.handle(&Action::Left, &cx), [Effect::Show(Tab::Team)]);
}

#[test]
fn drilldown_edits_only_what_the_viewer_may_edit_when_it_is_open() {
    let neha = actor("neha");
    let data = data(&neha);
    let cx = Context { data: &data, actor: &neha };
    let mut tab = DrilldownTab::new("neha");
    tab.refresh(&data);
    assert_eq!(
        said(&tab.handle(&Action::Edit, &cx))[0].1,
        "open a KRA with Enter, then choose the KPI whose actual to change"
    );
    tab.handle(&Action::Open, &cx);
    let kpi = data.member_score("neha").unwrap().card.kras[0].kpis[0].kpi.clone();
    match &tab.handle(&Action::Edit, &cx)[..] {
        [Effect::OpenInput(InputPurpose::EditValue(edit), text)] => {
            assert_eq!(
                (edit.login.as_str(), edit.kpi.as_str(), edit.month),
                ("neha", kpi.code.as_str(), month("2026-11"))
            );
            assert_eq!((edit.seen, text.as_str()), (None, ""), "November's first KPI has no actual yet");
        }
        other => panic!("expected an edit, got {other:?}"),
    }
    assert_eq!(
        tab.handle(&Action::History, &cx),
        [Effect::ReadHistory {
            login: "neha".into(),
            kpi: kpi.code.clone(),
            month: month("2026-11"),
            title: format!("{} · 2026-11", kpi.name)
        }]
    );
    // October is closed.
    let october = data_for(Period::Month(month("2026-10")), &neha);
    let effects = tab.handle(&Action::Edit, &Context { data: &october, actor: &neha });
    assert_eq!(
        said(&effects),
        [(MessageKind::Error, "2026-10 is closed: only the branch manager can reopen it".into())]
    );
    // A quarter is not edited: actuals are monthly.
    let quarter = data_for("2026-Q4".parse().unwrap(), &neha);
    let effects = tab.handle(&Action::Edit, &Context { data: &quarter, actor: &neha });
    assert_eq!(said(&effects)[0].0, MessageKind::Error);
}

#[test]
fn staff_cannot_learn_others_completeness_from_the_sort() {
    let neha = actor("neha");
    let data = data(&neha);
    let cx = Context { data: &data, actor: &neha };
    let mut tab = TeamTab::default();
    tab.refresh(&data);
    while tab.sorting.key != TeamSort::Completeness {
        tab.handle(&Action::Sort, &cx);
    }
    // Her own completeness first; everyone else's is hidden, so they follow by name only.
    assert_eq!(team_logins(&tab, &data), ["neha", "asha", "manager", "ravi", "vikram"]);
}
