//! Saving from the dashboard while another process holds the branch file's write lock (a long
//! import): the save waits on the saver's thread, the screen keeps answering keys and says that
//! it waits, and the change lands once the lock is released. Ratings and conflicts take the same
//! way back.

mod common;

use branchboard::domain::period::Month;
use branchboard::import::ValueKind;
use branchboard::store::{Expected, ValueKey, Via};
use branchboard::ui::app::{Overlay, SAVE_WAIT_NOTICE, SaveProgress};
use branchboard::ui::data::DashboardData;
use branchboard::ui::effect::MessageKind;
use branchboard::ui::keys::{Mode, Viewer};
use branchboard::ui::session::Session;
use branchboard::ui::tabs::Tab;
use branchboard::ui::theme::Theme;
use branchboard::ui::views;
use common::DemoFile;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::mpsc::{Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

fn fixture() -> DemoFile {
    DemoFile::new()
}

/// Presses keys as the terminal loop does (answers taken, time passing); each must be answered
/// at once (well under the time a save waits).
fn press(s: &mut Session, keys: &[KeyCode]) {
    for code in keys {
        let started = Instant::now();
        s.press(KeyEvent::new(*code, KeyModifiers::NONE));
        s.take_answers();
        s.tick();
        assert!(started.elapsed() < Duration::from_millis(500), "{code:?} took {:?}", started.elapsed());
    }
}

fn type_text(s: &mut Session, text: &str) {
    let keys: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    press(s, &keys);
}

fn clear_input(s: &mut Session) {
    press(s, &[KeyCode::Backspace; 20]);
}

fn data(s: &Session) -> &DashboardData {
    s.app.data.as_ref().expect("loaded")
}

fn status_bar(s: &Session) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|frame| views::render(&s.app, Theme::plain(), frame)).unwrap();
    // A long message wraps: the bar is the last lines, up to three.
    let screen = terminal.backend().to_string();
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len() - 3..].join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How long writers waited for the write lock before this release, then failed.
const OLD_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Another process's long write (an import): holds the branch file's write lock on its own
/// thread until released, or until `limit` (so that a dashboard saving on its own thread, which
/// would wait for the release that never comes, fails the test instead of hanging it).
struct LockHolder {
    release: Sender<()>,
    thread: JoinHandle<()>,
}

fn hold_write_lock(path: &std::path::Path, limit: Duration) -> LockHolder {
    let (release, released) = channel();
    let (locked, is_locked) = channel();
    let path = path.to_path_buf();
    let thread = std::thread::spawn(move || {
        let import = rusqlite::Connection::open(&path).unwrap();
        import.execute_batch("BEGIN IMMEDIATE; UPDATE branch SET name = name;").unwrap();
        locked.send(()).unwrap();
        let _ = released.recv_timeout(limit);
        import.execute_batch("COMMIT").unwrap();
    });
    is_locked.recv().unwrap();
    LockHolder { release, thread }
}

impl LockHolder {
    fn release(self) {
        let _ = self.release.send(());
        self.thread.join().unwrap();
    }
}

fn nov() -> Month {
    "2026-11".parse().unwrap()
}

#[test]
fn a_save_waits_for_the_write_lock_while_the_screen_keeps_answering() {
    let f = fixture();
    let mut app = f.session("manager");
    let login = app.app.team.rows.selected_key().unwrap().to_string();
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    app.settle();
    let kpi = data(&app).member_score(&login).unwrap().card.kras[0].kpis[0].kpi.clone();
    let code = kpi.code.clone();
    let before = f.store().value_of(ValueKind::Actual, ValueKey { login: &login, kpi: &code, month: nov() }).unwrap();
    press(&mut app, &[KeyCode::Char('e')]);
    clear_input(&mut app);
    type_text(&mut app, "4321");

    // Another process (an import, say) takes the write lock and keeps it.
    let import = hold_write_lock(&f.path, Duration::from_secs(30));
    let held = Instant::now();

    press(&mut app, &[KeyCode::Enter]);
    assert!(app.app.input.is_none(), "the edit line closes when the change is handed over");
    assert_eq!(app.app.saving().map(|(p, _)| p), Some(SaveProgress::Saving));
    let saving = format!("saving {}…", kpi.name);
    assert!(status_bar(&app).contains(&saving), "{}", status_bar(&app));

    // Meanwhile the dashboard answers keys: moving in the KPI list, other tabs, help.
    let kpi_before = app.app.drilldown.kpis.selected_position().unwrap();
    press(&mut app, &[KeyCode::Down]);
    assert_eq!(app.app.drilldown.kpis.selected_position(), Some(kpi_before + 1), "navigation works meanwhile");
    press(&mut app, &[KeyCode::Char('?')]);
    assert_eq!(
        app.app.overlay,
        Some(Overlay::Help { mode: Mode::Browse(Tab::Drilldown), viewer: Viewer::Manager, scroll: 0 })
    );
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('1')]);
    assert_eq!(app.app.tab, Tab::Team);
    press(&mut app, &[KeyCode::Down, KeyCode::Up, KeyCode::Char('3')]);
    assert_eq!(app.app.tab, Tab::Drilldown);
    // A second edit would start from a value the first may still change: not yet.
    press(&mut app, &[KeyCode::Char('e')]);
    assert!(app.app.input.is_none());
    assert!(status_bar(&app).contains("edit again once it is saved"), "{}", status_bar(&app));

    // After about a second the bar says why nothing happens yet, and keys still work.
    let waited = Instant::now();
    while app.app.saving().map(|(p, _)| p) == Some(SaveProgress::Saving) {
        assert!(waited.elapsed() < SAVE_WAIT_NOTICE * 3, "the save never said it was waiting");
        std::thread::sleep(Duration::from_millis(20));
        press(&mut app, &[KeyCode::Up]);
    }
    assert_eq!(app.app.saving().map(|(p, _)| p), Some(SaveProgress::Waiting));
    let bar = status_bar(&app);
    assert!(bar.contains("waiting for another change to the branch file…"), "{bar}");
    assert_eq!(
        f.store().value_of(ValueKind::Actual, ValueKey { login: &login, kpi: &code, month: nov() }).unwrap(),
        before,
        "nothing saved yet"
    );

    // Quitting now would drop the change: q asks once more.
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(!app.app.should_quit);
    assert!(status_bar(&app).contains("not saved yet: press q again"), "{}", status_bar(&app));

    // The import goes on for longer than writers used to wait (10 s) before failing with
    // "database is locked": the save keeps waiting and the keys keep working.
    while held.elapsed() < OLD_BUSY_TIMEOUT + Duration::from_secs(1) {
        std::thread::sleep(Duration::from_millis(100));
        press(&mut app, &[KeyCode::Down, KeyCode::Up]);
        assert_eq!(app.app.saving().map(|(p, _)| p), Some(SaveProgress::Waiting), "{}", status_bar(&app));
    }

    // The import commits: the save goes through and the screen says so.
    import.release();
    app.settle();
    let status = app.app.status.clone().unwrap().message;
    assert_eq!(status.kind, MessageKind::Info, "{}", status.text);
    assert!(status.text.starts_with(&format!("saved {} actual: ₹4,321 (was ", kpi.name)), "{}", status.text);
    assert_eq!(
        f.store().value_of(ValueKind::Actual, ValueKey { login: &login, kpi: &code, month: nov() }).unwrap(),
        Some(4321.0)
    );
    assert_eq!(data(&app).stored_actual(&login, &code, nov()), Some(4321.0), "the screen shows the stored value");
    // Once saved, q quits at the first press again.
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(app.app.should_quit);
}

#[test]
fn ratings_and_conflicts_come_back_from_the_saver() {
    let f = fixture();
    let mut app = f.session("manager");
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Char('c'), KeyCode::Enter, KeyCode::Down, KeyCode::Char('e')]);
    let rm = app.app.portfolio.rms.selected_key().unwrap().to_string();
    let capability = data(&app).capabilities[1].code.clone();
    clear_input(&mut app);
    type_text(&mut app, "4");
    press(&mut app, &[KeyCode::Enter]);
    app.settle();
    assert_eq!(f.store().capability_ratings(&rm).unwrap()[&capability], 4);
    assert_eq!(data(&app).portfolio(&rm).unwrap().ratings[&capability], 4);
    assert!(app.app.status.clone().unwrap().message.text.contains("rated 4"), "{:?}", app.app.status);

    // A value changed by another session after the edit began is refused, as before.
    let login = "ananya.shetty";
    let mut staff = f.session(login);
    press(&mut staff, &[KeyCode::Char('3'), KeyCode::Enter]);
    staff.settle();
    let code = data(&staff).member_score(login).unwrap().card.kras[0].kpis[0].kpi.code.clone();
    press(&mut staff, &[KeyCode::Char('e')]);
    let mut other = f.store();
    let manager = other.resolve_actor(Some("manager"), None).unwrap();
    other
        .set_value(
            &manager,
            Via::Cli,
            ValueKind::Actual,
            ValueKey { login, kpi: &code, month: nov() },
            Some(777.0),
            Expected::Anything,
        )
        .unwrap();
    clear_input(&mut staff);
    type_text(&mut staff, "5");
    press(&mut staff, &[KeyCode::Enter]);
    staff.settle();
    match &staff.app.overlay {
        Some(Overlay::Conflict { stored, yours, .. }) => assert_eq!((stored.as_str(), yours.as_str()), ("₹777", "₹5")),
        other => panic!("expected a conflict dialog, got {other:?}"),
    }
    assert_eq!(
        f.store().value_of(ValueKind::Actual, ValueKey { login, kpi: &code, month: nov() }).unwrap(),
        Some(777.0)
    );
    assert_eq!(data(&staff).stored_actual(login, &code, nov()), Some(777.0));
}
