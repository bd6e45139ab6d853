//! Snapshots of every tab and state of the dashboard at 80×24 and 120×40, rendered from the
//! fixed demo branch (seed 7, as of 2026-11-15) and a fixed clock; and the same branch with
//! names in emoji, CJK, combining accents, bidi overrides and zero-width spaces.

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
use unicode_width::UnicodeWidthStr;

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

/// Staff names that test the text policy: a flag and a ZWJ sequence, CJK, a combining accent, a
/// bidi override, a zero-width space, and a CJK name longer than any column.
const UNICODE_STAFF: [(&str, &str); 7] = [
    ("tanvi.varma", "Tanvi 👩\u{200D}💼 Varma 🇮🇳"),
    ("vinod.srinivasan", "田中 太郎"),
    ("usha.saxena", "Jose\u{301} Usha Saxena"),
    ("fatima.sinha", "\u{202E}Fatima Sinha"),
    ("vikram.shah", "Vikram\u{200B}Shah"),
    ("asha.agarwal", "東京都千代田区丸の内一丁目長谷川花子"),
    ("deepa.gill", "深田 ディーパ"),
];

/// Names for tanvi.varma's six largest customers, and ids for two of them.
const UNICODE_CUSTOMERS: [&str; 6] = [
    "Priya 🇮🇳 Nair",
    "👩\u{200D}💼 Meena Rao",
    "田中 太郎",
    "Jose\u{301} D'Souza",
    "\u{202E}Rahul Gupta",
    "Sunil\u{200B}Kumar",
];

/// The demo branch with the names above, written with SQL: entry points refuse some of them
/// (controls), and the dashboard must show whatever a file holds.
fn unicode_app(dir: &tempfile::TempDir) -> App {
    let path = dir.path().join("unicode.db");
    write_demo_branch(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE branch SET name = ?1", ["\u{202E}MG Road 支店 🏦"]).unwrap();
    for (login, name) in UNICODE_STAFF {
        assert_eq!(conn.execute("UPDATE staff SET name = ?1 WHERE login = ?2", [name, login]).unwrap(), 1, "{login}");
    }
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM customer WHERE rm_login = 'tanvi.varma' ORDER BY balance DESC LIMIT 6")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, name) in ids.iter().zip(UNICODE_CUSTOMERS) {
        conn.execute("UPDATE customer SET name = ?1 WHERE id = ?2", [name, id.as_str()]).unwrap();
    }
    conn.execute("UPDATE customer SET id = 'C田中01' WHERE id = ?1", [&ids[2]]).unwrap();
    conn.execute("UPDATE customer SET id = 'C\u{200B}00042' WHERE id = ?1", [&ids[4]]).unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let actor = store.resolve_actor(Some("manager"), None).unwrap();
    App::new(store, actor, fixed_clock(), demo_today()).unwrap()
}

/// Every row of `screen` is exactly `width` columns wide, and every row that starts in a box
/// ends in its right border in the last column: nothing wide pushed a border out or pulled it in.
#[track_caller]
fn assert_borders_straight(screen: &str, width: usize) {
    // TestBackend writes each row quoted, then which cells wide characters cover.
    let rows: Vec<&str> = screen
        .lines()
        .map(|l| {
            let quoted = l.split_once(" Hidden by multi-width symbols: ").map_or(l, |(row, _)| row);
            quoted.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or_else(|| panic!("{l}"))
        })
        .collect();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.width(), width, "row {i} is {} columns wide:\n{screen}", row.width());
        if row.starts_with(['│', '┌', '└']) {
            let last = row.chars().last().unwrap();
            assert!(matches!(last, '│' | '┐' | '┘'), "row {i} does not end in the right border:\n{screen}");
        }
    }
}

/// Draws `app` and insists that no cell holds a character the text policy hides (bidi
/// controls, zero-width spaces and joiners, controls): ratatui would send them to the terminal
/// glued to the cell before.
#[track_caller]
fn assert_no_hidden_characters(app: &App, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| views::render(app, Theme::plain(), frame)).unwrap();
    let buffer = terminal.backend().buffer();
    for (i, cell) in buffer.content().iter().enumerate() {
        let hidden: Vec<String> = cell
            .symbol()
            .chars()
            .filter(|c| branchboard::domain::text::is_hidden(*c))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(hidden.is_empty(), "{hidden:?} drawn at column {}, row {}", i % width as usize, i / width as usize);
    }
}

#[test]
fn unicode_names_keep_the_borders_straight() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = unicode_app(&dir);
    for (w, h) in [(80, 24), (120, 40)] {
        assert_borders_straight(&screen(&app, w, h), w as usize);
        assert_no_hidden_characters(&app, w, h);
    }
    both_sizes("unicode_team", &app);

    // The portfolio of the RM with the emoji name and the renamed customers.
    press(&mut app, &[KeyCode::Char('2')]);
    for _ in 0..10 {
        if app.portfolio.rm.as_deref() == Some("tanvi.varma") {
            break;
        }
        press(&mut app, &[KeyCode::Down]);
    }
    assert_eq!(app.portfolio.rm.as_deref(), Some("tanvi.varma"));
    for (w, h) in [(80, 24), (120, 40)] {
        assert_borders_straight(&screen(&app, w, h), w as usize);
        assert_no_hidden_characters(&app, w, h);
    }
    both_sizes("unicode_portfolio", &app);

    // Everything else that shows a name: the customer filter, the drill-down, the history.
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('/')]);
    press(&mut app, &typed("田中"));
    let filtered = screen(&app, 80, 24);
    assert!(filtered.contains("田中 太郎"), "{filtered}");
    assert_no_hidden_characters(&app, 80, 24);
    press(&mut app, &[KeyCode::Esc, KeyCode::Esc, KeyCode::Char('1'), KeyCode::Home]);
    for keys in [&[KeyCode::Enter][..], &[KeyCode::Enter], &[KeyCode::Char('h')], &[KeyCode::Esc, KeyCode::Char('e')]] {
        press(&mut app, keys);
        for (w, h) in [(80, 24), (120, 40)] {
            assert_no_hidden_characters(&app, w, h);
            assert_borders_straight(&screen(&app, w, h), w as usize);
        }
    }
}
