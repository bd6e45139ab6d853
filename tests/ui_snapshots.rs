//! Snapshots of every tab and state of the dashboard at 80×24 and 120×40, rendered from the
//! fixed demo branch (seed 7, as of 2026-11-15) and a fixed clock; and the same branch with
//! names in emoji, CJK, combining accents, bidi overrides and zero-width spaces.

mod common;

use branchboard::store::Store;
use branchboard::ui::app::App;
use branchboard::ui::clock::Clock;
use branchboard::ui::session::Session;
use branchboard::ui::theme::Theme;
use branchboard::ui::views;
use common::session::press;
use common::{demo_today, write_demo_branch};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

fn fixed_clock() -> Clock {
    Clock::Fixed(demo_today().and_hms_opt(9, 30, 0).unwrap())
}

/// The dashboard on `path` as `login`, before its first load has arrived.
fn opening(path: &Path, login: &str) -> Session {
    let actor = Store::open(path).unwrap().resolve_actor(Some(login), None).unwrap();
    Session::open(path, actor, fixed_clock()).unwrap()
}

fn demo_path(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("demo.db");
    if !path.exists() {
        write_demo_branch(&path);
    }
    path
}

fn demo_app(dir: &tempfile::TempDir, login: &str) -> Session {
    let mut session = opening(&demo_path(dir), login);
    session.settle();
    session
}

fn typed(text: &str) -> Vec<KeyCode> {
    text.chars().map(KeyCode::Char).collect()
}

fn screen(s: &Session, width: u16, height: u16) -> String {
    render(&s.app, width, height)
}

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| views::render(app, Theme::plain(), frame)).unwrap();
    terminal.backend().to_string()
}

/// The sizes every screen is snapshot at: the smallest the dashboard draws, a classic
/// terminal, a roomy one and a very wide one.
const SIZES: [(u16, u16); 4] = [(72, 20), (80, 24), (120, 40), (200, 60)];

/// Replaces every run of `screen` shaped like `pattern` (`d` a digit, anything else itself)
/// with `fixed`, of the same width: stamps that depend on when the test ran.
fn mask(screen: &str, pattern: &str, fixed: &str) -> String {
    let chars: Vec<char> = screen.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let fits = chars.len() - i >= pattern.len()
            && pattern.chars().zip(&chars[i..]).all(|(p, c)| if p == 'd' { c.is_ascii_digit() } else { p == *c });
        if fits {
            out.push_str(fixed);
            i += pattern.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Replaces every `YYYY-MM-DDTHH:MM:SSZ` with a fixed stamp of the same width.
fn mask_timestamps(screen: &str) -> String {
    mask(screen, "dddd-dd-ddTdd:dd:ddZ", "2026-11-15T09:30:00Z")
}

fn all_sizes(name: &str, s: &Session) {
    snapshots(name, &SIZES, |w, h| screen(s, w, h));
}

/// `name_WxH` snapshots of the screens `shot` draws at each of `sizes`, borders checked straight.
fn snapshots(name: &str, sizes: &[(u16, u16)], shot: impl Fn(u16, u16) -> String) {
    for &(w, h) in sizes {
        let shot = shot(w, h);
        assert_borders_straight(&shot, w as usize);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), shot);
    }
}

#[test]
fn loading_title() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = opening(&demo_path(&dir), "manager");
    // Before the first answer: the title says what is being read, the body waits.
    all_sizes("loading", &s);
    s.settle();
    assert!(s.app.data.is_some());
}

#[test]
fn team_tab() {
    let dir = tempfile::tempdir().unwrap();
    let s = demo_app(&dir, "manager");
    all_sizes("team", &s);
}

#[test]
fn team_tab_as_staff_filtered() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "ananya.shetty");
    press(&mut s, &[KeyCode::Char('/')]);
    press(&mut s, &typed("rm"));
    all_sizes("team_staff_filtering", &s);
}

#[test]
fn team_scrolled_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    press(&mut s, &[KeyCode::End]);
    all_sizes("team_end", &s);
}

#[test]
fn portfolio_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    press(&mut s, &[KeyCode::Char('2'), KeyCode::Down]);
    all_sizes("portfolio", &s);
    press(&mut s, &[KeyCode::Enter]);
    all_sizes("portfolio_customers", &s);
    press(&mut s, &[KeyCode::Char('c')]);
    all_sizes("portfolio_capabilities", &s);
    press(&mut s, &[KeyCode::Char('c'), KeyCode::Char('n'), KeyCode::Char('n'), KeyCode::Char('s')]);
    all_sizes("portfolio_overdue", &s);
    // The RM list sorts and filters when it has the keyboard.
    press(&mut s, &[KeyCode::Esc, KeyCode::Esc, KeyCode::Char('s'), KeyCode::Char('s'), KeyCode::Char('/')]);
    press(&mut s, &typed("within"));
    all_sizes("portfolio_rms_sorted_filtered", &s);
}

#[test]
fn drilldown_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    // Tanvi, an RM: her first KRA starts with her sales revenue, in rupees.
    press(&mut s, &[KeyCode::Char('/')]);
    press(&mut s, &typed("tanvi"));
    press(&mut s, &[KeyCode::Enter, KeyCode::Enter]);
    all_sizes("drilldown_kras", &s);
    press(&mut s, &[KeyCode::Enter]);
    all_sizes("drilldown_kpis", &s);
    press(&mut s, &[KeyCode::Char('e'), KeyCode::Backspace, KeyCode::Backspace, KeyCode::Backspace]);
    press(&mut s, &typed("1,2"));
    all_sizes("drilldown_editing_invalid", &s);
    press(&mut s, &[KeyCode::Backspace]);
    press(&mut s, &typed("230"));
    all_sizes("drilldown_editing_valid", &s);
    press(&mut s, &[KeyCode::Enter, KeyCode::Char('H')]);
    // The history shows when the value was saved: now, so the time is masked.
    for (w, h) in SIZES {
        let shot = mask_timestamps(&screen(&s, w, h));
        assert!(shot.contains("manager") && shot.contains("→ 1230  via tui"), "{shot}");
        insta::assert_snapshot!(format!("drilldown_history_{w}x{h}"), shot);
    }
    press(&mut s, &[KeyCode::Esc, KeyCode::Char('/')]);
    press(&mut s, &typed("cross"));
    all_sizes("drilldown_filtered", &s);
}

/// A value changed by another session while the edit was open: the dialog says what is stored.
#[test]
fn conflict_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "ananya.shetty");
    press(&mut s, &[KeyCode::Char('3'), KeyCode::Enter, KeyCode::Char('e')]);
    let code =
        s.app.data.as_ref().unwrap().member_score("ananya.shetty").unwrap().card.kras[0].kpis[0].kpi.code.clone();
    let mut other = Store::open(&demo_path(&dir)).unwrap();
    let manager = other.resolve_actor(Some("manager"), None).unwrap();
    let november = "2026-11".parse().unwrap();
    other
        .set_value(
            &manager,
            branchboard::store::Via::Cli,
            branchboard::import::ValueKind::Actual,
            branchboard::store::ValueKey { login: "ananya.shetty", kpi: &code, month: november },
            Some(777.0),
            branchboard::store::Expected::Anything,
        )
        .unwrap();
    press(&mut s, &[KeyCode::Backspace; 12]);
    press(&mut s, &typed("5"));
    press(&mut s, &[KeyCode::Enter]);
    all_sizes("conflict", &s);
}

#[test]
fn refused_edit_and_quarter_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    // September is closed: the edit is refused with a message in the status line.
    press(&mut s, &[KeyCode::Char('['), KeyCode::Char('['), KeyCode::Enter, KeyCode::Enter, KeyCode::Char('e')]);
    all_sizes("drilldown_refused_closed", &s);
    press(&mut s, &[KeyCode::Char('p')]);
    all_sizes("drilldown_quarter", &s);
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
    all_sizes("team_quarter", &app);
    press(&mut app, &[KeyCode::Char('p')]);
    let year = screen(&app, 120, 40);
    assert!(year.contains("2026 provisional: Nov–Dec 2026 open"), "{year}");
    assert!(!year.contains("final") && !year.contains("all "), "{year}");
    all_sizes("team_year", &app);
}

#[test]
fn help_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir, "manager");
    press(&mut app, &[KeyCode::Char('?')]);
    all_sizes("help_team", &app);
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('2'), KeyCode::Char('?')]);
    all_sizes("help_portfolio", &app);
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('3'), KeyCode::Char('?')]);
    all_sizes("help_drilldown", &app);
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
    drop(store);
    let mut app = opening(&path, "boss");
    app.settle();
    all_sizes("empty_team", &app);
    press(&mut app, &[KeyCode::Char('2')]);
    all_sizes("empty_portfolio", &app);
    press(&mut app, &[KeyCode::Char('3')]);
    all_sizes("empty_drilldown", &app);
}

#[test]
fn no_color_draws_without_colours() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir, "manager");
    let coloured = |theme: Theme| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| views::render(&app.app, theme, frame)).unwrap();
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
    all_sizes("portfolio_rating", &app);
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
fn unicode_app(dir: &tempfile::TempDir) -> Session {
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
    let mut session = opening(&path, "manager");
    session.settle();
    session
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
            // `┃` is a scroll bar's thumb on the border.
            assert!(matches!(last, '│' | '┃' | '┐' | '┘'), "row {i} does not end in the right border:\n{screen}");
        }
    }
}

/// Draws `app` and insists that no cell holds a character the text policy hides (bidi
/// controls, zero-width spaces and joiners, controls): ratatui would send them to the terminal
/// glued to the cell before.
#[track_caller]
fn assert_no_hidden_characters(s: &Session, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| views::render(&s.app, Theme::plain(), frame)).unwrap();
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
    for (w, h) in SIZES {
        assert_borders_straight(&screen(&app, w, h), w as usize);
        assert_no_hidden_characters(&app, w, h);
    }
    all_sizes("unicode_team", &app);

    // The portfolio of the RM with the emoji name and the renamed customers.
    press(&mut app, &[KeyCode::Char('2')]);
    for _ in 0..10 {
        if app.app.portfolio.rms.selected_key() == Some("tanvi.varma") {
            break;
        }
        press(&mut app, &[KeyCode::Down]);
    }
    assert_eq!(app.app.portfolio.rms.selected_key(), Some("tanvi.varma"));
    for (w, h) in SIZES {
        assert_borders_straight(&screen(&app, w, h), w as usize);
        assert_no_hidden_characters(&app, w, h);
    }
    all_sizes("unicode_portfolio", &app);

    // Everything else that shows a name: the customer filter, the drill-down, the history.
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('/')]);
    press(&mut app, &typed("田中"));
    let filtered = screen(&app, 80, 24);
    assert!(filtered.contains("田中 太郎"), "{filtered}");
    assert_no_hidden_characters(&app, 80, 24);
    press(&mut app, &[KeyCode::Esc, KeyCode::Esc, KeyCode::Char('1'), KeyCode::Home]);
    for keys in [&[KeyCode::Enter][..], &[KeyCode::Enter], &[KeyCode::Char('H')], &[KeyCode::Esc, KeyCode::Char('e')]] {
        press(&mut app, keys);
        for (w, h) in SIZES {
            assert_no_hidden_characters(&app, w, h);
            assert_borders_straight(&screen(&app, w, h), w as usize);
        }
    }
}

/// Numbers wider than their columns, as users met them: an achievement of 15000 % (an actual
/// 150 times its target), one of −1800 % (a negative actual) and a balance of ₹12,345.68 Cr.
/// Each shows in a shorter form or as `###`, never with digits dropped from the left.
#[test]
fn numbers_too_wide_for_their_columns_are_shortened_never_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_path(&dir);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let first = "monthly_sales_revenue";
    let second = "average_deal_size";
    let set = |kpi: &str, factor: f64| {
        let changed = conn
            .execute(
                "INSERT OR REPLACE INTO actual (login, kpi, month, value) SELECT login, kpi, month, ?1 * value \
                 FROM target WHERE login = 'ananya.shetty' AND kpi = ?2 AND month = '2026-11'",
                rusqlite::params![factor, kpi],
            )
            .unwrap();
        assert_eq!(changed, 1, "{kpi}");
    };
    set(first, 150.0);
    set(second, -18.0);
    let biggest: String = conn
        .query_row("SELECT id FROM customer WHERE rm_login = 'ananya.shetty' ORDER BY balance DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute("UPDATE customer SET balance = 123456789012 WHERE id = ?1", [&biggest]).unwrap();
    drop(conn);
    let mut s = opening(&path, "ananya.shetty");
    s.settle();
    press(&mut s, &[KeyCode::Char('3'), KeyCode::Enter]);
    for (w, h) in SIZES {
        let shot = screen(&s, w, h);
        // 100 × 150 = 15000 %; 100 × −18 = −1800 %: whole, shortened (15k%, -2k%) or ###.
        assert!(shot.contains("15000%") || shot.contains("15k%") || shot.contains("###"), "{shot}");
        assert!(shot.contains("-1800%") || shot.contains("-2k%") || shot.contains("###"), "{shot}");
        assert!(!shot.contains(" 5000%") && !shot.contains(" 1800%"), "digits dropped:\n{shot}");
    }
    all_sizes("numbers_drilldown", &s);
    press(&mut s, &[KeyCode::Char('2')]);
    for (w, h) in SIZES {
        let shot = screen(&s, w, h);
        // ₹12,345.68 Cr in full, or a shorter form of it: never "345.68 Cr".
        assert!(!shot.contains(" 345.68 Cr") && !shot.contains("│345"), "digits dropped:\n{shot}");
        assert!(shot.contains("₹12") || shot.contains("###"), "{shot}");
    }
    all_sizes("numbers_portfolio", &s);
}

// The manager's month.

#[test]
fn plan_month_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    // November's targets to December at 110 %: the preview counts before anything is written.
    press(&mut s, &[KeyCode::Char('P'), KeyCode::Down, KeyCode::Backspace, KeyCode::Backspace]);
    press(&mut s, &typed("10"));
    assert!(screen(&s, 120, 40).contains("Will write "), "{}", screen(&s, 120, 40));
    all_sizes("plan_month", &s);
}

#[test]
fn close_month_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    press(&mut s, &[KeyCode::Char('C')]);
    all_sizes("close_month", &s);
    press(&mut s, &[KeyCode::Esc, KeyCode::Char('[')]);
    press(&mut s, &[KeyCode::Char('C')]);
    all_sizes("reopen_month", &s);
}

#[test]
fn clear_actual_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    press(&mut s, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('x')]);
    all_sizes("clear_actual", &s);
}

#[test]
fn next_missing_value_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "ananya.shetty");
    // The input names the KPI, the month, its unit and its target.
    press(&mut s, &[KeyCode::Char('3'), KeyCode::Char('n')]);
    all_sizes("next_missing_input", &s);
}

// Reading a person.

/// Replaces every `YYYY-MM-DD` (the date part of an audit stamp, shown alone on narrow screens)
/// with a fixed date of the same width.
fn mask_dates(screen: &str) -> String {
    mask(screen, "dddd-dd-dd", "2026-11-15")
}

fn person_sizes(name: &str, s: &Session, sizes: &[(u16, u16)]) {
    snapshots(name, sizes, |w, h| mask_dates(&mask_timestamps(&screen(s, w, h))));
}

#[test]
fn person_month_quarter_and_year_to_date_kpi_codes_and_months() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    // Rank 1's KRAs with the month, QTD and YTD side by side.
    press(&mut s, &[KeyCode::Enter]);
    person_sizes("person_kras_periods", &s, &[(80, 24), (120, 40)]);
    // The next person's KPIs of the same KRA, with their codes (a column when there is room).
    press(&mut s, &[KeyCode::Enter, KeyCode::Char('>'), KeyCode::Down]);
    person_sizes("person_kpis_codes", &s, &[(80, 24), (120, 40), (200, 60)]);
    // The selected KPI month by month.
    press(&mut s, &[KeyCode::Enter]);
    person_sizes("person_kpi_months", &s, &[(80, 24), (120, 40)]);
}

// Customer work.

/// The customer-work screens at a classic and a roomy terminal.
fn customer_work_sizes(name: &str, s: &Session) {
    snapshots(name, &[(80, 24), (120, 40)], |w, h| screen(s, w, h));
}

#[test]
fn contact_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "tanvi.varma");
    press(&mut s, &[KeyCode::Char('2'), KeyCode::Char('r')]);
    customer_work_sizes("contact_input", &s);
}

#[test]
fn move_customers_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    press(&mut s, &[KeyCode::Char('2'), KeyCode::End, KeyCode::Enter, KeyCode::Char(' '), KeyCode::Char(' ')]);
    customer_work_sizes("customers_marked", &s);
    press(&mut s, &[KeyCode::Char('m'), KeyCode::Down]);
    customer_work_sizes("move_customers", &s);
}

#[test]
fn due_for_contact_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    press(&mut s, &[KeyCode::Char('2'), KeyCode::Down, KeyCode::Enter, KeyCode::Char('n')]);
    customer_work_sizes("due_for_contact", &s);
}

#[test]
fn find_customer_results() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_app(&dir, "manager");
    press(&mut s, &[KeyCode::Char('2'), KeyCode::Char('F')]);
    press(&mut s, &typed("sh"));
    assert!(s.wait_until(std::time::Duration::from_secs(30), |app| !app.portfolio.is_searching()));
    customer_work_sizes("find_customer_typing", &s);
    press(&mut s, &[KeyCode::Enter, KeyCode::Down]);
    customer_work_sizes("find_customer", &s);
}
