//! Driving a headless dashboard (`Session`) in tests: keys pressed one at a time, each followed
//! by waiting until the worker has answered, and what the screen's state then says.

use branchboard::ui::data::DashboardData;
use branchboard::ui::effect::MessageKind;
use branchboard::ui::session::Session;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Presses each key, waiting after each until nothing asked of the worker is unanswered.
pub fn press(s: &mut Session, keys: &[KeyCode]) {
    for code in keys {
        s.press(KeyEvent::new(*code, KeyModifiers::NONE));
        s.settle();
    }
}

/// Types `text`, one key per character.
pub fn type_text(s: &mut Session, text: &str) {
    let keys: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    press(s, &keys);
}

/// The data on screen, once loaded.
pub fn data(s: &Session) -> &DashboardData {
    s.app.data.as_ref().expect("loaded")
}

/// The status bar's message: its kind and text.
pub fn status(s: &Session) -> (MessageKind, String) {
    let status = s.app.status.as_ref().expect("a message");
    (status.message.kind, status.message.text.clone())
}
