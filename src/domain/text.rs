//! One text policy for every entry point and every way out: what text is accepted, how it is
//! shown on a terminal, quoted in a message, and written to a spreadsheet.

use std::borrow::Cow;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// How many characters of a cell a message quotes before it says how much more there was.
pub const QUOTED_CHARS: usize = 100;

/// Text refused at an entry point, naming the field it came in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} contains a control character ({code}) at character {position}; only printable text is accepted")]
pub struct ControlCharacter {
    pub field: String,
    /// `U+001B` style.
    pub code: String,
    /// 1-based, in characters.
    pub position: usize,
}

/// Accepts `value` for `field` unless it holds a control character (category Cc: escape, tab,
/// newline, NUL, DEL, C1 controls); those could move the cursor or recolour a terminal.
pub fn check_text(field: &str, value: &str) -> Result<(), ControlCharacter> {
    match value.chars().enumerate().find(|(_, c)| c.is_control()) {
        None => Ok(()),
        Some((index, c)) => Err(ControlCharacter {
            field: field.to_string(),
            code: format!("U+{:04X}", u32::from(c)),
            position: index + 1,
        }),
    }
}

/// True for characters never drawn: controls (Cc) and format characters (Cf: bidirectional
/// overrides, zero-width spaces and joiners, soft hyphens), which could reorder a row of
/// scores on a bidi-aware terminal or make two names look alike.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || c.general_category() == GeneralCategory::Format
}

/// `text` as the terminal may show it: hidden characters dropped, everything else kept.
pub fn for_display(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_hidden) {
        Cow::Owned(text.chars().filter(|c| !is_hidden(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// A cell as a message quotes it: printable, at most `QUOTED_CHARS` characters, and saying how
/// many more there were, so a 50 MB cell never reaches a terminal.
pub fn quote_cell(text: &str) -> String {
    let mut shown: String =
        text.chars().take(QUOTED_CHARS).map(|c| if is_hidden(c) { '\u{FFFD}' } else { c }).collect();
    let rest = text.chars().skip(QUOTED_CHARS).count();
    shown = format!("{shown:?}");
    if rest > 0 {
        shown.push_str(&format!(" (and {rest} more characters)"));
    }
    shown
}

/// Quotes one word for a POSIX shell (and fish) with shlex, for a command that will be run:
/// a plain word stays bare (`asha`), others are single- or double-quoted as their characters
/// need (`'/srv/a b.db'`, `"/srv/it's.db"`). Refused for a NUL byte, which no shell argument can
/// hold. Control characters are quoted but not made printable: check text before it gets here.
pub fn try_shell_quote(word: &str) -> Result<Cow<'_, str>, shlex::QuoteError> {
    shlex::try_quote(word)
}

/// Quotes one word as `try_shell_quote` does, for a command a message suggests. A NUL byte (which
/// no path or login can hold) is shown as U+FFFD, so the message still reads; anything shlex
/// might refuse beyond that is quoted as `quote_cell` does, never left bare.
pub fn shell_quote(word: &str) -> String {
    let shown = if word.contains('\0') { Cow::Owned(word.replace('\0', "\u{FFFD}")) } else { Cow::Borrowed(word) };
    match try_shell_quote(&shown) {
        Ok(quoted) => quoted.into_owned(),
        Err(_) => quote_cell(word),
    }
}

/// Characters that make a spreadsheet read a cell as a formula when they come first (SPEC §6).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as written to an exported CSV: a leading `'` when a spreadsheet would otherwise
/// run it as a formula. Plain numbers (`-5`, `+3.5`) stay numbers.
///
/// Import removes one `'` before a formula character (SPEC §6), so every cell comes back
/// exactly except text that itself begins with `'` and such a character (`'=x` reads back as
/// `=x`); no export form could survive that rule, and such text is harmless as it is.
pub fn guard_formula(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// True when import would take a leading `'` off `cell`.
#[cfg(test)]
fn looks_guarded(cell: &str) -> bool {
    unguard_formula(cell).len() < cell.len()
}

/// An imported cell with the guard of `guard_formula` removed: one leading `'` goes only when the
/// character after it is one a formula starts with, so `'t Hooft` stays as it is.
pub fn unguard_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// A number as a spreadsheet reads one: optional sign, digits, at most one decimal point.
fn is_plain_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let mut parts = unsigned.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits) && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_naming_the_field() {
        assert!(check_text("name", "Asha Rao 🇮🇳 東京 é").is_ok());
        let e = check_text("--branch", "Main\u{1b}[31m").unwrap_err();
        assert_eq!((e.code.as_str(), e.position), ("U+001B", 5));
        assert_eq!(
            e.to_string(),
            "--branch contains a control character (U+001B) at character 5; only printable text is accepted"
        );
        assert!(check_text("name", "a\tb").is_err());
        assert!(check_text("name", "a\u{85}b").is_err(), "C1 controls too");
    }

    #[test]
    fn display_drops_format_characters_only() {
        assert_eq!(for_display("ab\u{202E}cd\u{200B}e\u{2066}"), "abcde");
        assert_eq!(for_display("\u{1b}[2J"), "[2J");
        // Combining marks, CJK and emoji (also the variation selector, category Mn) stay.
        assert_eq!(for_display("e\u{301} 東 👍\u{fe0f}"), "e\u{301} 東 👍\u{fe0f}");
        assert!(matches!(for_display("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn quoting_is_bounded() {
        assert_eq!(quote_cell("abc"), "\"abc\"");
        let long = "x".repeat(50_000);
        let quoted = quote_cell(&long);
        assert!(quoted.len() < 150, "{quoted}");
        assert!(quoted.ends_with("(and 49900 more characters)"), "{quoted}");
        assert_eq!(quote_cell("a\u{1b}b"), "\"a\u{FFFD}b\"");
    }

    #[test]
    fn shell_quoting_is_shlex_and_bare_only_when_nothing_needs_quoting() {
        assert_eq!(shell_quote("asha"), "asha");
        assert_eq!(shell_quote("/srv/branch/main.db"), "/srv/branch/main.db");
        assert_eq!(shell_quote("/a b/c.db"), "'/a b/c.db'");
        assert_eq!(shell_quote("/a b/it's.db"), r#""/a b/it's.db""#);
        assert_eq!(shell_quote("/srv/it's here/$HOME `x`"), r#""/srv/it's here/"'$HOME `x`'"#);
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a;rm -rf ~"), "'a;rm -rf ~'");
        for word in ["asha", "/a b/it's.db", "/srv/it's here/$HOME `x`", "", "é 東 \"q\" \\ !^#*?{,}"] {
            assert_eq!(shlex::split(&shell_quote(word)), Some(vec![word.to_string()]), "{word:?}");
        }
    }

    #[test]
    fn a_nul_byte_is_refused_for_running_and_shown_replaced_in_messages() {
        assert_eq!(try_shell_quote("a\0b"), Err(shlex::QuoteError::Nul));
        assert_eq!(shell_quote("/a\0b"), "'/a\u{FFFD}b'");
    }

    #[test]
    fn formulas_are_guarded_and_unguarded() {
        for formula in ["=HYPERLINK(\"http://x\",\"Click\")", "+1+2", "-A1", "@SUM(A1)", "\tx", "\rx", "-", "+.", "1-2"]
        {
            let guarded = guard_formula(formula);
            if formula.starts_with(FORMULA_STARTS) {
                assert_eq!(guarded, format!("'{formula}"), "{formula:?}");
            } else {
                assert_eq!(guarded, formula);
            }
            assert_eq!(unguard_formula(&guarded), formula);
        }
        for number in ["-5", "+3.5", "-0.25", "12", "-.5"] {
            assert_eq!(guard_formula(number), number, "numbers stay numbers");
        }
        assert_eq!(unguard_formula("'t Hooft"), "'t Hooft");
        assert_eq!(guard_formula("'t Hooft"), "'t Hooft");
        assert_eq!(unguard_formula("''=x"), "''=x", "only one guard, and only before a formula start");
        // The one exception to exact round trips: text that looks guarded already.
        assert!(looks_guarded("'=x") && !looks_guarded("'t Hooft") && !looks_guarded("=x"));
        assert_eq!(unguard_formula(&guard_formula("'=x")), "=x");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Text of every kind: plain, formula-like, guarded-looking, controls, bidi, emoji.
        fn text() -> impl Strategy<Value = String> {
            prop_oneof![any::<String>(), "['=+@\t\r-]{0,3}[a-z0-9 .()\u{202e}\u{200b}é東🇮]{0,12}",]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            #[test]
            fn an_exported_cell_imports_back_exactly(cell in text()) {
                let guarded = guard_formula(&cell);
                if looks_guarded(&cell) {
                    prop_assert_eq!(unguard_formula(&guarded), &cell[1..]);
                } else {
                    prop_assert_eq!(unguard_formula(&guarded), cell.as_str());
                }
                // What a spreadsheet would run never leaves unguarded.
                if guarded.starts_with(FORMULA_STARTS) {
                    prop_assert!(is_plain_number(&guarded), "{:?}", guarded);
                }
            }

            #[test]
            fn a_quoted_word_is_one_shell_word_again(word in text()) {
                match try_shell_quote(&word) {
                    Ok(quoted) => prop_assert_eq!(shlex::split(&quoted), Some(vec![word.clone()])),
                    Err(_) => prop_assert!(word.contains('\0')),
                }
            }

            #[test]
            fn accepted_text_has_no_controls_and_display_has_nothing_hidden(cell in text()) {
                match check_text("name", &cell) {
                    Ok(()) => prop_assert!(!cell.chars().any(char::is_control)),
                    Err(e) => {
                        let at = cell.chars().nth(e.position - 1).unwrap();
                        prop_assert!(at.is_control());
                        prop_assert_eq!(e.code, format!("U+{:04X}", u32::from(at)));
                    }
                }
                let shown = for_display(&cell);
                prop_assert!(!shown.chars().any(is_hidden));
                prop_assert_eq!(shown.chars().count(), cell.chars().filter(|c| !is_hidden(*c)).count());
                let quoted = quote_cell(&cell);
                prop_assert!(quoted.chars().count() <= QUOTED_CHARS * 10 + 40, "{}", quoted.len());
                prop_assert!(!quoted.chars().any(|c| c.is_control()));
            }
        }
    }
}
