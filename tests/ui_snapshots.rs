//! Snapshots of every tab and state of the dashboard at 80×24 and 120×40, rendered from the
//! fixed demo branch (seed 7, as of 2026-11-15) and a fixed clock.

mod common;

use branchboard::store::Store;
use branchboard::ui::app::App;
use branchboard::ui::clock::Clock;
use branchboard::ui::keymap::{KeyMode, action_for};
use branchboard::ui::theme::Theme;
use branchboard::ui::views;
use common::{demo_today, write_demo_branch};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn fixed_clock() -> Clock {
    Clock::Fixed(demo_today().and_hms_opt(9, 30, 0).unwrap())
}

fn demo_app(dir: &tempfile::TempDir, login: &str) -> App {
    let path = dir.path().join("demo.db");
    if !path.exists() {
        write_demo_branch(&path);
    }
    let store = Store::open(&path).unwrap();
    let actor = store.resolve_actor(Some(login), None).unwrap();
    App::new(store, actor, fixed_clock(), demo_today()).unwrap()
}

fn press(app: &mut App, keys: &[KeyCode]) {
    for code in keys {
        let mode: KeyMode = app.key_mode();
        if let Some(action) = action_for(KeyEvent::new(*code, KeyModifiers::NONE), mode) {
            app.update(action);
        }
    }
}

fn typed(text: &str) -> Vec<KeyCode> {
    text.chars().map(KeyCode::Char).collect()
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| views::render(app, Theme::plain(), frame)).unwrap();
    terminal.backend().to_string()
}

fn both_sizes(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), screen(app, 120, 40));
}

#[test]
fn team_tab() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir, "manager");
    both_sizes("team", &app);
}

#[test]
fn team_tab_as_staff_filtered() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, "ananya.shetty");
    press(&mut app, &[KeyCode::Char('/')]);
    press(&mut app, &typed("rm"));
    insta::assert_snapshot!("team_staff_filtering_80x24", screen(&app, 80, 24));
}

#[test]
fn portfolio_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, "manager");
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Down]);
    both_sizes("portfolio", &app);
    press(&mut app, &[KeyCode::Char('c')]);
    both_sizes("portfolio_capabilities", &app);
    press(&mut app, &[KeyCode::Char('c'), KeyCode::Enter, KeyCode::Char('n'), KeyCode::Char('n'), KeyCode::Char('s')]);
    insta::assert_snapshot!("portfolio_stale_90_days_80x24", screen(&app, 80, 24));
}

#[test]
fn drilldown_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, "manager");
    press(&mut app, &[KeyCode::Enter]);
    both_sizes("drilldown_kras", &app);
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    both_sizes("drilldown_kpis", &app);
    press(&mut app, &[KeyCode::Char('e'), KeyCode::Backspace, KeyCode::Backspace, KeyCode::Backspace]);
    press(&mut app, &typed("1,2"));
    both_sizes("drilldown_editing_invalid", &app);
    press(&mut app, &[KeyCode::Backspace]);
    press(&mut app, &typed("230"));
    insta::assert_snapshot!("drilldown_editing_valid_80x24", screen(&app, 80, 24));
}

#[test]
fn refused_edit_and_quarter_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, "manager");
    // September is closed: the edit is refused with a message in the status line.
    press(&mut app, &[KeyCode::Char('['), KeyCode::Char('['), KeyCode::Enter, KeyCode::Enter, KeyCode::Char('e')]);
    both_sizes("drilldown_refused_closed", &app);
    press(&mut app, &[KeyCode::Char('p')]);
    both_sizes("drilldown_quarter", &app);
}

/// Q4 2026 has October closed, November open and December planned: provisional, naming the
/// open months; the year likewise. Neither may say final or "all in".
#[test]
fn team_quarter_and_year_say_which_months_are_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, "manager");
    press(&mut app, &[KeyCode::Char('p')]);
    let quarter = screen(&app, 120, 40);
    assert!(quarter.contains("Provisional     Nov–Dec 2026 open"), "{quarter}");
    both_sizes("team_quarter", &app);
    press(&mut app, &[KeyCode::Char('p')]);
    let year = screen(&app, 120, 40);
    assert!(year.contains("2026 provisional: Nov–Dec 2026 open"), "{year}");
    assert!(!year.contains("final") && !year.contains("all "), "{year}");
    insta::assert_snapshot!("team_year_120x40", year);
}

#[test]
fn help_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, "manager");
    press(&mut app, &[KeyCode::Char('?')]);
    both_sizes("help", &app);
}

#[test]
fn too_small() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir, "manager");
    insta::assert_snapshot!("too_small_60x15", screen(&app, 60, 15));
    // Every size down to 1×1 renders without panicking.
    for (w, h) in [(1, 1), (2, 1), (1, 2), (10, 3), (71, 19), (72, 20), (200, 60)] {
        screen(&app, w, h);
    }
}

#[test]
fn empty_branch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    let mut store = Store::create(&path).unwrap();
    let templates = branchboard::domain::template::builtin_templates().unwrap();
    store.init_branch("New Branch", "boss", "Bina Shah", &templates, branchboard::store::Via::Init).unwrap();
    let actor = store.resolve_actor(Some("boss"), None).unwrap();
    let mut app = App::new(store, actor, fixed_clock(), demo_today()).unwrap();
    both_sizes("empty_team", &app);
    press(&mut app, &[KeyCode::Char('2')]);
    insta::assert_snapshot!("empty_portfolio_80x24", screen(&app, 80, 24));
    press(&mut app, &[KeyCode::Char('3')]);
    insta::assert_snapshot!("empty_drilldown_80x24", screen(&app, 80, 24));
}

#[test]
fn no_color_draws_without_colours() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir, "manager");
    let coloured = |theme: Theme| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| views::render(&app, theme, frame)).unwrap();
        terminal.backend().buffer().content().iter().filter(|cell| cell.fg != ratatui::style::Color::Reset).count()
    };
    assert!(coloured(Theme { color: true }) > 0, "bands and scores are coloured");
    assert_eq!(coloured(Theme::plain()), 0, "NO_COLOR: no colour at all");
}

#[test]
fn rating_a_capability() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, "manager");
    press(
        &mut app,
        &[KeyCode::Char('2'), KeyCode::Char('c'), KeyCode::Enter, KeyCode::Down, KeyCode::Down, KeyCode::Char('e')],
    );
    press(&mut app, &[KeyCode::Backspace]);
    press(&mut app, &typed("5"));
    insta::assert_snapshot!("portfolio_rating_80x24", screen(&app, 80, 24));
}
