//! The portfolio's customer work driven with actions over the in-memory branch (Asha's book:
//! C001 contacted 2026-11-01, C002 never, C003 on 2026-05-20, all affluent and active; Ravi's
//! book: C004, not read yet; as of 2026-11-15).

use super::{ContactView, Found, PortfolioFocus, PortfolioTab};
use crate::ui::action::Action;
use crate::ui::data::Book;
use crate::ui::effect::{DialogRequest, Effect, InputPurpose, MessageKind};
use crate::ui::fixture::{actor, data, said, today};
use crate::ui::tabs::{Context, Tab};

fn refused(effects: &[Effect]) -> String {
    match said(effects).as_slice() {
        [(MessageKind::Error, text)] => text.clone(),
        other => panic!("expected one refusal, got {other:?} from {effects:?}"),
    }
}

#[test]
fn a_contact_opens_on_the_selected_customer_with_today() {
    let manager = actor("manager");
    let data = data(&manager);
    let cx = Context { data: &data, actor: &manager };
    let mut tab = PortfolioTab::new(&manager);
    tab.refresh(&data);
    // On the RM list there is no customer to record for.
    let effects = tab.handle(&Action::RecordContact, &cx);
    assert!(said(&effects)[0].1.starts_with("choose a customer first"), "{effects:?}");
    tab.handle(&Action::Open, &cx);
    // Largest balance first: C002.
    let effects = tab.handle(&Action::RecordContact, &cx);
    let purpose =
        InputPurpose::RecordContact { customer_id: "C002".into(), customer_name: "Priya Menon".into(), today: today() };
    assert_eq!(effects, [Effect::OpenInput(purpose, "2026-11-15".into())]);
}

#[test]
fn an_rm_records_for_their_own_customers_only() {
    let asha = actor("asha");
    let mut data = data(&asha);
    let mut tab = PortfolioTab::new(&asha);
    tab.refresh(&data);
    let effects = tab.handle(&Action::RecordContact, &Context { data: &data, actor: &asha });
    assert!(matches!(effects.as_slice(), [Effect::OpenInput(InputPurpose::RecordContact { .. }, _)]));
    // A screen that still shows a customer moved to Ravi meanwhile: refused, saying why.
    if let Book::Read(customers) = &mut data.portfolios[0].book {
        customers.iter_mut().for_each(|c| c.rm_login = "ravi".into());
    }
    let text = refused(&tab.handle(&Action::RecordContact, &Context { data: &data, actor: &asha }));
    assert!(text.contains("is in the book of ravi") && text.contains("your own customers only"), "{text}");
    // A loan officer has no book: told who records contacts.
    let vikram = actor("vikram");
    let theirs = crate::ui::fixture::data(&vikram);
    let mut tab = PortfolioTab::new(&vikram);
    tab.refresh(&theirs);
    let text = refused(&tab.handle(&Action::RecordContact, &Context { data: &theirs, actor: &vikram }));
    assert!(text.contains("recorded by relationship managers"), "{text}");
}

#[test]
fn the_due_views_follow_each_segments_cadence() {
    let manager = actor("manager");
    let data = data(&manager);
    let cx = Context { data: &data, actor: &manager };
    let mut tab = PortfolioTab::new(&manager);
    tab.refresh(&data);
    tab.handle(&Action::Open, &cx);
    // Affluent cadence 90 days: C002 never contacted and C003 179 days ago are due; C001 (14 days) is not.
    let effects = tab.handle(&Action::CycleContactView, &cx);
    assert_eq!(tab.contact_view, ContactView::Due);
    assert_eq!(tab.customers.len(), 2);
    assert!(said(&effects)[0].1.starts_with("2 active customers due for contact"));
    // Twice the cadence, 180 days: C003 at 179 days is not overdue yet; C002, never, is.
    tab.handle(&Action::CycleContactView, &cx);
    assert_eq!(tab.contact_view, ContactView::Overdue);
    assert_eq!(tab.customers.len(), 1);
    assert_eq!(tab.customers.selected_key(), Some("C002"));
    tab.handle(&Action::CycleContactView, &cx);
    assert_eq!((tab.contact_view, tab.customers.len()), (ContactView::All, 3));
}

#[test]
fn marks_gather_customers_to_move() {
    let manager = actor("manager");
    let data = data(&manager);
    let cx = Context { data: &data, actor: &manager };
    let mut tab = PortfolioTab::new(&manager);
    tab.refresh(&data);
    assert!(said(&tab.handle(&Action::Mark, &cx))[0].1.contains("Enter opens"), "marks need the customers");
    tab.handle(&Action::Open, &cx);
    // By balance: C002, C001, C003. Space marks and moves on.
    tab.handle(&Action::Mark, &cx);
    assert_eq!(tab.customers.selected_key(), Some("C001"));
    let effects = tab.handle(&Action::Mark, &cx);
    assert_eq!(said(&effects)[0].1, "C001 marked: 2 marked; m moves them to another RM");
    let effects = tab.handle(&Action::MoveCustomers, &cx);
    let request =
        DialogRequest::MoveCustomers { from_rm: "asha".into(), customer_ids: vec!["C001".into(), "C002".into()] };
    assert_eq!(effects, [Effect::Ask(request)]);

    // Space again unmarks; with none marked, m moves the selected one.
    tab.handle(&Action::First, &cx);
    tab.handle(&Action::Mark, &cx);
    tab.handle(&Action::First, &cx);
    tab.handle(&Action::Down, &cx);
    tab.handle(&Action::Mark, &cx);
    assert!(tab.marked_ids(&data).is_empty());
    tab.handle(&Action::First, &cx);
    let effects = tab.handle(&Action::MoveCustomers, &cx);
    let request = DialogRequest::MoveCustomers { from_rm: "asha".into(), customer_ids: vec!["C002".into()] };
    assert_eq!(effects, [Effect::Ask(request)]);
}

#[test]
fn staff_neither_mark_nor_move_nor_search_the_branch() {
    let asha = actor("asha");
    let data = data(&asha);
    let cx = Context { data: &data, actor: &asha };
    let mut tab = PortfolioTab::new(&asha);
    tab.refresh(&data);
    for action in [Action::Mark, Action::MoveCustomers, Action::FindCustomer] {
        let text = refused(&tab.handle(&action, &cx));
        assert!(text.starts_with("not allowed: only the branch manager may"), "{text}");
    }
    assert!(tab.marked.is_empty() && tab.search.is_none());
}

#[test]
fn a_search_finds_across_the_branch_and_enter_goes_to_the_customer() {
    let manager = actor("manager");
    let data = data(&manager);
    let cx = Context { data: &data, actor: &manager };
    let mut tab = PortfolioTab::new(&manager);
    tab.refresh(&data);
    tab.set_filter("asha", &data);
    assert_eq!(
        tab.handle(&Action::FindCustomer, &cx),
        [Effect::OpenInput(InputPurpose::Filter(Tab::Portfolio), String::new())]
    );
    assert!(tab.is_finding());
    // Typed text goes to the search, not to the RM filter.
    assert_eq!(
        tab.set_filter("lata", &data),
        [Effect::FindCustomers { query: "lata".into(), limit: super::FIND_LIMIT }]
    );
    assert_eq!(tab.rm_filter, "asha");
    assert!(tab.is_searching());
    // An answer to an older text is dropped.
    tab.take_found("lat", Ok((vec![], 0)));
    assert!(tab.is_searching());
    let found = crate::domain::customer::Customer {
        id: "C004".into(),
        name: "Lata Bose".into(),
        segment: crate::domain::coverage::Segment::Affluent,
        rm_login: "ravi".into(),
        products: vec![],
        balance: 900_000.0,
        last_contact: None,
        status: crate::domain::coverage::CustomerStatus::Active,
    };
    tab.take_found("lata", Ok((vec![found.clone()], 1)));
    assert!(matches!(&tab.search.as_ref().unwrap().found, Found::Customers { total: 1, .. }));
    let effects = tab.handle(&Action::Open, &cx);
    assert!(!tab.is_finding());
    // Where the customer is, is said once their RM's book is read and holds them.
    assert_eq!(
        said(&effects)[0].1,
        "Lata Bose (C004) was found in the book of Ravi Kumar: reading it; filters cleared"
    );
    assert!(effects.contains(&Effect::ReadBook("ravi".into())));
    assert_eq!(tab.rms.selected_key(), Some("ravi"));
    assert_eq!((tab.focus, tab.rm_filter.as_str()), (PortfolioFocus::Customers, ""));
    let mut read = data.clone();
    read.portfolios.iter_mut().find(|p| p.rm.login == "ravi").unwrap().book =
        crate::ui::data::Book::Read(vec![found.clone()]);
    tab.refresh(&read);
    assert_eq!(
        said(&tab.check_found_in_book(&read))[0].1,
        "Lata Bose (C004) is in the book of Ravi Kumar; filters cleared"
    );
    assert_eq!(tab.customers.selected_key(), Some("C004"), "selected once the book arrives");
    assert!(tab.check_found_in_book(&read).is_empty(), "said once");
    // Esc closes a search without going anywhere.
    tab.handle(&Action::FindCustomer, &cx);
    assert!(tab.is_finding());
    assert_eq!(said(&tab.handle(&Action::Back, &cx))[0].1, "search closed");
    assert!(!tab.is_finding());
}
