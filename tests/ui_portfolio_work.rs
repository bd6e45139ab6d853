//! Customer work in the real dashboard, driven headless over the demo branch (seed 7, as of
//! 2026-11-15) with its worker: an RM records a contact and the coverage moves on screen; a
//! future date and another RM's customer are refused; the manager marks and moves customers
//! and the dialog's loads are the hand-computed ones; staff are refused the manager's keys; the
//! due view counts what a hand count of the store's customers says; a customer is found across
//! the branch and Enter goes to them. Expected figures are counted here from the store's
//! customers, not by the coverage code under test.

mod common;

use branchboard::domain::coverage::{CoverageNorms, CustomerStatus};
use branchboard::domain::customer::Customer;
use branchboard::store::AuditFilter;
use branchboard::ui::data::Book;
use branchboard::ui::dialogs::Dialog;
use branchboard::ui::dialogs::move_customers::MoveDialog;
use branchboard::ui::effect::MessageKind;
use branchboard::ui::session::Session;
use branchboard::ui::tabs::Tab;
use branchboard::ui::tabs::portfolio::{BOOKS_KEPT, ContactView, Found};
use branchboard::ui::theme::Theme;
use chrono::NaiveDate;
use common::session::{data, press, status, type_text};
use common::{DemoFile, demo_today};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use std::time::Duration;

fn screen(s: &Session, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| branchboard::ui::views::render(&s.app, Theme::plain(), frame)).unwrap();
    terminal.backend().to_string()
}

fn norms(f: &DemoFile) -> CoverageNorms {
    f.store().settings().unwrap().norms
}

fn book(f: &DemoFile, rm: &str) -> Vec<Customer> {
    f.store().customers(Some(rm)).unwrap()
}

fn is_active(c: &Customer) -> bool {
    c.status == CustomerStatus::Active
}

/// Contacted no more than the segment's cadence before `as_of`.
fn contacted_in_time(c: &Customer, norms: &CoverageNorms, as_of: NaiveDate) -> bool {
    let cadence = i64::from(norms.norm(c.segment).cadence_days);
    c.last_contact.is_some_and(|d| (as_of - d).num_days() <= cadence)
}

/// (active customers, active customers contacted in time), counted one by one.
fn contact_counts(customers: &[Customer], norms: &CoverageNorms) -> (usize, usize) {
    let active: Vec<&Customer> = customers.iter().filter(|c| is_active(c)).collect();
    let contacted = active.iter().filter(|c| contacted_in_time(c, norms, demo_today())).count();
    (active.len(), contacted)
}

/// (active, low load, high load) of `customers`: each active customer adds 1/min and 1/max of
/// their segment.
fn hand_load(customers: &[&Customer], norms: &CoverageNorms) -> (u32, f64, f64) {
    let mut load = (0, 0.0, 0.0);
    for c in customers.iter().filter(|c| is_active(c)) {
        let norm = norms.norm(c.segment);
        load.0 += 1;
        load.1 += 1.0 / f64::from(norm.min);
        load.2 += 1.0 / f64::from(norm.max);
    }
    load
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The KPI `code`'s actual on `login`'s scorecard for the period on screen.
fn kpi_actual(s: &Session, login: &str, code: &str) -> Option<f64> {
    let score = data(s).member_score(login).expect("on the team");
    score.card.kras.iter().flat_map(|k| &k.kpis).find(|k| k.kpi.code == code).expect("the KPI").actual
}

#[test]
fn an_rm_records_a_contact_today_and_the_coverage_moves_at_once() {
    let f = DemoFile::new();
    let norms = norms(&f);
    let before = book(&f, "tanvi.varma");
    let (active, contacted) = contact_counts(&before, &norms);
    let mut s = f.session("tanvi.varma");
    press(&mut s, &[KeyCode::Char('2')]);
    assert_eq!(s.app.tab, Tab::Portfolio);
    let coverage = data(&s).portfolio("tanvi.varma").unwrap().coverage.contact_coverage.unwrap();
    assert!(close(coverage, contacted as f64 / active as f64), "{coverage} vs {contacted}/{active}");

    // The due view lists the customers not contacted in time; the first of them gets a contact.
    press(&mut s, &[KeyCode::Char('n')]);
    assert_eq!(s.app.portfolio.contact_view, ContactView::Due);
    let customer = s.app.portfolio.selected_customer(data(&s)).expect("a customer due for contact").clone();
    assert!(is_active(&customer) && !contacted_in_time(&customer, &norms, demo_today()), "{customer:?}");
    press(&mut s, &[KeyCode::Char('r')]);
    assert_eq!(s.app.input.as_ref().expect("the date input").input.value(), "2026-11-15", "today by default");
    press(&mut s, &[KeyCode::Enter]);
    let (kind, text) = status(&s);
    assert_eq!(kind, MessageKind::Info, "{text}");
    assert!(text.starts_with(&format!("contact with {} on 2026-11-15 recorded", customer.name)), "{text}");

    // After the reload: the customer's last contact, the RM's coverage and the book KPI.
    let portfolio = data(&s).portfolio("tanvi.varma").unwrap();
    let shown = portfolio.customers().iter().find(|c| c.id == customer.id).expect("still in the book");
    assert_eq!(shown.last_contact, Some(demo_today()));
    let expected = (contacted + 1) as f64 / active as f64;
    assert!(close(portfolio.coverage.contact_coverage.unwrap(), expected));
    let kpi = kpi_actual(&s, "tanvi.varma", "contact_coverage").expect("computed live from the book");
    assert!(close(kpi, 100.0 * expected), "{kpi} vs {}", 100.0 * expected);
    let percent = format!("{:.0}%", 100.0 * expected);
    assert!(screen(&s, 120, 40).contains(&percent), "the gauge says {percent}");
    assert_eq!(book(&f, "tanvi.varma").iter().find(|c| c.id == customer.id).unwrap().last_contact, Some(demo_today()));

    // Back to every customer, the row found by its id says the contact was today.
    press(&mut s, &[KeyCode::Char('n'), KeyCode::Char('n')]);
    assert_eq!(s.app.portfolio.contact_view, ContactView::All);
    press(&mut s, &[KeyCode::Char('/')]);
    type_text(&mut s, &customer.id);
    press(&mut s, &[KeyCode::Enter]);
    let row = screen(&s, 120, 40).lines().find(|l| l.contains(&customer.id) && l.contains(" 0 d")).map(str::to_string);
    assert!(row.is_some(), "{}", screen(&s, 120, 40));
}

#[test]
fn a_contact_in_the_future_is_refused_in_the_input() {
    let f = DemoFile::new();
    let mut s = f.session("tanvi.varma");
    press(&mut s, &[KeyCode::Char('2'), KeyCode::Char('r')]);
    let customer = s.app.portfolio.selected_customer(data(&s)).unwrap().clone();
    for _ in 0..10 {
        press(&mut s, &[KeyCode::Backspace]);
    }
    type_text(&mut s, "2026-11-16");
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(
        status(&s),
        (MessageKind::Error, "not saved: 2026-11-16 is in the future (today is 2026-11-15)".to_string())
    );
    assert!(s.app.input.is_some(), "the input stays open to correct the date");
    press(&mut s, &[KeyCode::Esc]);
    assert_eq!(
        book(&f, "tanvi.varma").iter().find(|c| c.id == customer.id).unwrap().last_contact,
        customer.last_contact
    );
}

#[test]
fn an_rm_cannot_record_a_contact_for_another_rms_customer() {
    let f = DemoFile::new();
    let mut s = f.session("tanvi.varma");
    // Only her own book is on her screen.
    let rms: Vec<&str> = data(&s).portfolios.iter().map(|p| p.rm.login.as_str()).collect();
    assert_eq!(rms, ["tanvi.varma"]);
    press(&mut s, &[KeyCode::Char('2'), KeyCode::Char('r')]);
    let customer = s.app.portfolio.selected_customer(data(&s)).unwrap().clone();
    // Meanwhile the manager moves the customer to Deepa Gill: the date typed on a stale screen
    // is refused when saved, and nothing changes.
    let mut store = f.store();
    let manager = store.resolve_actor(Some("manager"), None).unwrap();
    store
        .assign_customers(
            &manager,
            branchboard::store::Via::Cli,
            std::slice::from_ref(&customer.id),
            "deepa.gill",
            None,
        )
        .unwrap();
    press(&mut s, &[KeyCode::Enter]);
    let (kind, text) = status(&s);
    assert_eq!(kind, MessageKind::Error);
    assert!(text.starts_with("not saved: not allowed:") && text.contains("is in the book of deepa.gill"), "{text}");
    let now = book(&f, "deepa.gill").into_iter().find(|c| c.id == customer.id).unwrap();
    assert_eq!(now.last_contact, customer.last_contact);
    // Once the screen follows the file the customer has left her list.
    assert!(s.wait_until(Duration::from_secs(10), |app| {
        let data = app.data.as_ref().unwrap();
        data.portfolio("tanvi.varma").unwrap().customers().iter().all(|c| c.id != customer.id)
    }));
}

#[test]
fn the_manager_moves_two_marked_customers_and_both_loads_change() {
    let f = DemoFile::new();
    let norms = norms(&f);
    let tanvi = book(&f, "tanvi.varma");
    let rekha = book(&f, "rekha.jain");
    let mut s = f.session("manager");
    // RMs by name: Tanvi Varma is the last.
    press(&mut s, &[KeyCode::Char('2'), KeyCode::End]);
    assert_eq!(s.app.portfolio.rms.selected_key(), Some("tanvi.varma"));
    press(&mut s, &[KeyCode::Enter, KeyCode::Char(' '), KeyCode::Char(' ')]);
    let marked = s.app.portfolio.marked_ids(data(&s));
    assert_eq!(marked.len(), 2);
    assert!(screen(&s, 120, 40).contains("· 2 marked ·"), "the title counts the marks");
    press(&mut s, &[KeyCode::Char('m')]);
    let Some(Dialog::Move(dialog)) = &s.app.dialog else { panic!("the move dialog: {:?}", s.app.dialog) };
    let dialog: MoveDialog = dialog.clone();
    assert_eq!(dialog.customer_ids, marked);

    // By hand: Tanvi's book before and after, Rekha's before and after.
    let moving: Vec<&Customer> = tanvi.iter().filter(|c| marked.contains(&c.id)).collect();
    let staying: Vec<&Customer> = tanvi.iter().filter(|c| !marked.contains(&c.id)).collect();
    let (tanvi_before, tanvi_after) =
        (hand_load(&tanvi.iter().collect::<Vec<_>>(), &norms), hand_load(&staying, &norms));
    let rekha_before = hand_load(&rekha.iter().collect::<Vec<_>>(), &norms);
    let rekha_after = hand_load(&rekha.iter().chain(moving.iter().copied()).collect::<Vec<_>>(), &norms);
    let check = |load: &branchboard::domain::rebalance::Load, (active, low, high): (u32, f64, f64)| {
        assert_eq!(load.active, active);
        assert!(close(load.low, low) && close(load.high, high), "{load:?} vs {low} {high}");
    };
    check(&dialog.from_load.before, tanvi_before);
    check(&dialog.from_load.after, tanvi_after);
    let at = dialog.receivers.iter().position(|r| r.login == "rekha.jain").expect("Rekha is offered");
    assert_eq!(dialog.receivers.len(), 4, "every other RM");
    check(&dialog.receivers[at].load.before, rekha_before);
    check(&dialog.receivers[at].load.after, rekha_after);
    // The screen shows both figures of both RMs.
    // Figures are right-aligned in their columns: compare with the spaces squeezed.
    let shot = screen(&s, 120, 40).split_whitespace().collect::<Vec<_>>().join(" ");
    for figure in [
        format!("{} → {}", tanvi_before.0, tanvi_after.0),
        format!("{:.2} → {:.2}", tanvi_before.1, tanvi_after.1),
        format!("{} → {}", rekha_before.0, rekha_after.0),
        format!("{:.2} → {:.2}", rekha_before.1, rekha_after.1),
    ] {
        assert!(shot.contains(&figure), "{figure} not on\n{shot}");
    }

    for _ in 0..at {
        press(&mut s, &[KeyCode::Down]);
    }
    press(&mut s, &[KeyCode::Enter]);
    assert!(s.app.dialog.is_none());
    assert_eq!(status(&s), (MessageKind::Info, "2 customers moved to Rekha Jain".to_string()));
    let coverage = |login: &str| data(&s).portfolio(login).unwrap().coverage.clone();
    assert_eq!(coverage("tanvi.varma").active, tanvi_after.0);
    assert!(close(coverage("tanvi.varma").low_load, tanvi_after.1));
    assert_eq!(coverage("rekha.jain").active, rekha_after.0);
    assert!(close(coverage("rekha.jain").high_load, rekha_after.2));
    assert!(s.app.portfolio.marked.is_empty(), "marks clear once the customers have moved");
    let now = book(&f, "rekha.jain");
    assert!(marked.iter().all(|id| now.iter().any(|c| &c.id == id)));
    let audit =
        f.store().audit_entries(&AuditFilter { entity: Some("customer".into()), ..Default::default() }).unwrap();
    let moves: Vec<_> = audit.iter().filter(|e| e.action == "assign" && marked.contains(&e.key)).collect();
    assert_eq!(moves.len(), 2);
    assert!(moves.iter().all(|e| e.old.as_deref() == Some("tanvi.varma") && e.new.as_deref() == Some("rekha.jain")));
    assert!(moves.iter().all(|e| e.actor == "manager" && e.via == "tui"), "{moves:?}");
}

#[test]
fn esc_leaves_the_move_dialog_without_moving_anyone() {
    let f = DemoFile::new();
    let mut s = f.session("manager");
    press(&mut s, &[KeyCode::Char('2'), KeyCode::End, KeyCode::Enter, KeyCode::Char('m')]);
    assert!(matches!(&s.app.dialog, Some(Dialog::Move(d)) if d.customer_ids.len() == 1), "the selected customer");
    press(&mut s, &[KeyCode::Esc]);
    assert!(s.app.dialog.is_none());
    assert_eq!(status(&s), (MessageKind::Info, "no customers moved".to_string()));
    assert_eq!(book(&f, "tanvi.varma").len(), data(&s).portfolio("tanvi.varma").unwrap().customers().len());
}

#[test]
fn staff_are_refused_the_managers_customer_keys() {
    let f = DemoFile::new();
    for login in ["tanvi.varma", "fatima.sinha"] {
        let mut s = f.session(login);
        press(&mut s, &[KeyCode::Char('2')]);
        for key in ['m', 'F', ' '] {
            press(&mut s, &[KeyCode::Char(key)]);
            let (kind, text) = status(&s);
            assert_eq!(kind, MessageKind::Error, "{login} {key:?}: {text}");
            assert!(text.contains("only the branch manager"), "{login} {key:?}: {text}");
            assert!(s.app.dialog.is_none() && s.app.input.is_none() && !s.app.portfolio.is_finding());
        }
        assert!(s.app.portfolio.marked.is_empty());
    }
    // A loan officer has no book to record contacts in, and is told who records them.
    let mut s = f.session("fatima.sinha");
    press(&mut s, &[KeyCode::Char('2'), KeyCode::Char('r')]);
    assert_eq!(
        status(&s),
        (MessageKind::Error, "contacts are recorded by relationship managers, with their own customers".to_string())
    );
}

#[test]
fn the_due_view_counts_what_a_hand_count_of_the_book_says() {
    let f = DemoFile::new();
    let norms = norms(&f);
    let mut s = f.session("manager");
    // The first RM by name: Ananya Shetty, the largest book.
    press(&mut s, &[KeyCode::Char('2')]);
    assert_eq!(s.app.portfolio.rms.selected_key(), Some("ananya.shetty"));
    let customers = book(&f, "ananya.shetty");
    let due = customers.iter().filter(|c| is_active(c) && !contacted_in_time(c, &norms, demo_today())).count();
    let overdue = customers
        .iter()
        .filter(|c| {
            let twice = 2 * i64::from(norms.norm(c.segment).cadence_days);
            is_active(c) && c.last_contact.is_none_or(|d| (demo_today() - d).num_days() > twice)
        })
        .count();
    assert!(due > overdue && overdue > 0, "the demo has both kinds: {due} due, {overdue} overdue");
    press(&mut s, &[KeyCode::Enter, KeyCode::Char('n')]);
    assert_eq!(s.app.portfolio.customers.len(), due);
    assert_eq!(
        status(&s).1,
        format!("{due} active customers due for contact: not contacted within their segment's cadence")
    );
    let title = format!("Customers {due}/{} · due for contact", customers.len());
    assert!(screen(&s, 120, 40).contains(&title), "{title}");
    press(&mut s, &[KeyCode::Char('n')]);
    assert_eq!(s.app.portfolio.customers.len(), overdue);
    press(&mut s, &[KeyCode::Char('n')]);
    assert_eq!(s.app.portfolio.customers.len(), customers.len());
}

#[test]
fn the_manager_finds_a_customer_across_the_branch_and_goes_to_them() {
    let f = DemoFile::new();
    let wanted = book(&f, "deepa.gill").into_iter().last().expect("Deepa has customers");
    let everyone = f.store().customers(None).unwrap();
    let mut s = f.session("manager");
    press(&mut s, &[KeyCode::Char('2'), KeyCode::Char('F')]);
    assert!(s.app.portfolio.is_finding() && s.app.input.is_some());

    // A word of a name: many match, across RMs; the list holds the first ones by name.
    let word = wanted.name.split_whitespace().last().unwrap().to_lowercase();
    type_text(&mut s, &word);
    assert!(s.wait_until(Duration::from_secs(30), |app| !app.portfolio.is_searching()));
    let matching = everyone
        .iter()
        .filter(|c| c.name.to_lowercase().contains(&word) || c.id.to_lowercase().contains(&word))
        .count();
    let search = s.app.portfolio.search.as_ref().unwrap();
    let Found::Customers { customers, total } = &search.found else { panic!("{:?}", search.found) };
    assert_eq!(*total, matching);
    assert_eq!(customers.len(), matching.min(branchboard::ui::tabs::portfolio::FIND_LIMIT));

    // The id finds exactly one; Enter keeps the results, Enter again goes to the customer.
    for _ in 0..word.chars().count() {
        press(&mut s, &[KeyCode::Backspace]);
    }
    type_text(&mut s, &wanted.id.to_lowercase());
    assert!(s.wait_until(Duration::from_secs(30), |app| !app.portfolio.is_searching()));
    press(&mut s, &[KeyCode::Enter]);
    assert!(s.app.input.is_none() && s.app.portfolio.is_finding());
    let found: Vec<&str> = s.app.portfolio.search.as_ref().unwrap().customers().iter().map(|c| c.id.as_str()).collect();
    assert_eq!(found, [wanted.id.as_str()]);
    assert!(screen(&s, 120, 40).contains("1 found"), "{}", screen(&s, 120, 40));
    press(&mut s, &[KeyCode::Enter]);
    assert!(!s.app.portfolio.is_finding());
    assert_eq!(s.app.portfolio.rms.selected_key(), Some("deepa.gill"));
    assert_eq!(s.app.portfolio.customers.selected_key(), Some(wanted.id.as_str()));
    assert_eq!(s.app.portfolio.selected_customer(data(&s)).map(|c| c.id.clone()), Some(wanted.id.clone()));

    // LIKE's wildcards are searched for as they are, and Esc backs out of the search.
    press(&mut s, &[KeyCode::Char('F')]);
    for _ in 0..wanted.id.chars().count() {
        press(&mut s, &[KeyCode::Backspace]);
    }
    type_text(&mut s, "%_");
    assert!(s.wait_until(Duration::from_secs(30), |app| !app.portfolio.is_searching()));
    let search = s.app.portfolio.search.as_ref().unwrap();
    assert_eq!(search.found, Found::Customers { customers: vec![], total: 0 });
    press(&mut s, &[KeyCode::Enter, KeyCode::Esc]);
    assert!(!s.app.portfolio.is_finding());
    assert_eq!(s.app.portfolio.rms.selected_key(), Some("deepa.gill"), "where the search left it");
}

/// A move confirmed from one RM's book is refused, whole, when one of the customers has left
/// that book meanwhile: the loads the manager saw are no longer true.
#[test]
fn a_move_from_a_book_that_changed_meanwhile_is_a_conflict() {
    let f = DemoFile::new();
    let mut store = f.store();
    let manager = store.resolve_actor(Some("manager"), None).unwrap();
    let ananya: Vec<String> =
        store.customers(Some("ananya.shetty")).unwrap().iter().take(2).map(|c| c.id.clone()).collect();
    // Someone else moves the first of them to Deepa first.
    store.assign_customers(&manager, branchboard::store::Via::Cli, &ananya[..1], "deepa.gill", None).unwrap();
    let stale =
        store.assign_customers(&manager, branchboard::store::Via::Tui, &ananya, "farhan.kapoor", Some("ananya.shetty"));
    assert!(matches!(stale, Err(branchboard::store::StoreError::Conflict { .. })), "{stale:?}");
    let rm_of = |id: &str| store.customers(None).unwrap().into_iter().find(|c| c.id == id).unwrap().rm_login;
    assert_eq!((rm_of(&ananya[0]), rm_of(&ananya[1])), ("deepa.gill".to_string(), "ananya.shetty".to_string()));
}

/// The RMs with their books in memory.
fn books_read(s: &Session) -> Vec<String> {
    data(s).portfolios.iter().filter(|p| matches!(p.book, Book::Read(_))).map(|p| p.rm.login.clone()).collect()
}

/// Only the books of the RM selected and of the few seen just before stay in memory (looking
/// through a 500-RM branch RM by RM kept every book); a book let go is read again when its RM is
/// selected again, and the RM list, marks, moves and the search do not need it kept.
#[test]
fn only_the_books_seen_last_stay_in_memory_and_the_others_are_read_again() {
    let f = DemoFile::new();
    let mut s = f.session("manager");
    press(&mut s, &[KeyCode::Char('2')]);
    let rms: Vec<String> =
        s.app.portfolio.rms.order().iter().map(|&i| data(&s).portfolios[i].rm.login.clone()).collect();
    assert!(rms.len() > BOOKS_KEPT, "{rms:?}");
    for _ in 1..rms.len() {
        press(&mut s, &[KeyCode::Down]);
    }
    assert_eq!(books_read(&s).len(), BOOKS_KEPT, "{:?}", books_read(&s));
    assert!(!books_read(&s).contains(&rms[0]), "the RM seen longest ago is let go");
    // The RM list's figures come from kept counts, not from books.
    let active = book(&f, &rms[0]).iter().filter(|c| is_active(c)).count();
    assert_eq!(data(&s).portfolio(&rms[0]).unwrap().coverage.active as usize, active);

    // Back to the first RM: their book is read again and shown; the next one seen is let go.
    press(&mut s, &[KeyCode::Home]);
    assert_eq!(s.app.portfolio.customers.len(), book(&f, &rms[0]).len());
    assert!(books_read(&s).contains(&rms[0]) && !books_read(&s).contains(&rms[1]), "{:?}", books_read(&s));
    assert_eq!(books_read(&s).len(), BOOKS_KEPT);
    press(&mut s, &[KeyCode::Enter, KeyCode::Char(' '), KeyCode::Char('m')]);
    let Some(Dialog::Move(dialog)) = &s.app.dialog else { panic!("the move dialog: {:?}", s.app.dialog) };
    assert_eq!((dialog.from_rm.as_str(), dialog.customer_ids.len()), (rms[0].as_str(), 1));
    press(&mut s, &[KeyCode::Esc]);

    // The search goes to a customer whose book was let go.
    let wanted = book(&f, &rms[1]).into_iter().last().expect("customers");
    press(&mut s, &[KeyCode::Char('F')]);
    type_text(&mut s, &wanted.id.to_lowercase());
    assert!(s.wait_until(Duration::from_secs(30), |app| !app.portfolio.is_searching()));
    press(&mut s, &[KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(s.app.portfolio.rms.selected_key(), Some(rms[1].as_str()));
    assert_eq!(s.app.portfolio.selected_customer(data(&s)).map(|c| c.id.clone()), Some(wanted.id));
    assert_eq!(books_read(&s).len(), BOOKS_KEPT);
}
