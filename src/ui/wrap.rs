//! Messages that fit the screen: wrapped onto lines at word boundaries, or cut to one line at
//! the last word that fits and marked with `…`, measured in terminal columns.

use crate::ui::format::{fit, shown};
use textwrap::core::Word;
use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` on lines of at most `width` columns. Lines break at spaces and between CJK
/// characters (see `words_of`), filling each line before the next; a word wider than a line
/// alone is broken across lines. Each `\n` starts a new line,
/// tabs read as spaces, and what the terminal must not show (controls, bidi overrides,
/// zero-width characters) is dropped before measuring, as `format::shown` does. A character
/// wider than the whole line (CJK in one column) shows as `…`. Nothing fits in 0 columns.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    if width == 0 {
        return Vec::new();
    }
    text.split('\n')
        .flat_map(|paragraph| {
            let paragraph = readable(paragraph);
            textwrap::wrap(&paragraph, options(width))
                .into_iter()
                .map(|line| if line.width() <= width { line.into_owned() } else { fit(&line, width) })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `text` on one line of at most `width` columns: whole when it fits, else cut after the last
/// word that leaves room for `…` ("✗ -5 is out of range for a…"). When not even the first
/// word fits, it is cut between characters instead ("Relat…"), as `format::fit` does. Line
/// breaks and tabs read as spaces; hidden characters are dropped first, as in `wrap`.
pub fn fit_words(text: &str, width: usize) -> String {
    let text = readable(&text.replace(['\r', '\n'], " "));
    if text.width() <= width {
        return text;
    }
    if width == 0 {
        return String::new();
    }
    let room = width - 1;
    let first_line = match room {
        0 => None,
        _ => textwrap::wrap(&text, options(room).break_words(false)).into_iter().next(),
    };
    match first_line {
        Some(line) if !line.trim().is_empty() && line.width() <= room => format!("{line}…"),
        _ => fit(&text, width),
    }
}

/// Text from data as the terminal may show it, with tabs as spaces (a tab's width depends on
/// where it falls, and `shown` would drop it, joining two words).
fn readable(text: &str) -> String {
    shown(&text.replace('\t', " "))
}

fn options(width: usize) -> Options<'static> {
    Options::new(width)
        .word_separator(WordSeparator::Custom(words_of))
        // A hyphenated word ("Cross-sell") stays whole, like any other word.
        .word_splitter(WordSplitter::NoHyphenation)
        // Greedy, as people wrap text: a line is full before the next starts.
        .wrap_algorithm(WrapAlgorithm::FirstFit)
        .break_words(true)
}

/// `line` split where it may break: after each run of spaces, and inside a word only next to a
/// wide character where Unicode line breaking (UAX #14) allows it. CJK is written without
/// spaces and breaks between characters (but not before `。`), while a path, "and/or" or
/// "Cross-sell" is one word, as the reader sees it, and stays whole when it fits a line.
fn words_of(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let is_wide = |c: char| c.width() == Some(2);
    let mut words = Vec::new();
    // The pieces of both separators are contiguous and cover what they split, so running
    // offsets find each piece in `line`.
    let mut offset = 0;
    for spaced in WordSeparator::AsciiSpace.find_words(line) {
        let end = offset + spaced.word.len() + spaced.whitespace.len();
        let mut start = offset;
        let mut cursor = offset;
        let mut previous: Option<Word<'_>> = None;
        for part in WordSeparator::UnicodeBreakProperties.find_words(spaced.word) {
            if let Some(previous) = &previous
                && (previous.word.chars().next_back().is_some_and(is_wide)
                    || part.word.chars().next().is_some_and(is_wide))
            {
                words.push(Word::from(&line[start..cursor]));
                start = cursor;
            }
            cursor += part.word.len() + part.whitespace.len();
            previous = Some(part);
        }
        if start < end {
            words.push(Word::from(&line[start..end]));
        }
        offset = end;
    }
    Box::new(words.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGE: &str = "✗ -5 is out of range for a count: counts are whole numbers from 0";

    fn widest(lines: &[String]) -> usize {
        lines.iter().map(|line| line.width()).max().unwrap_or(0)
    }

    #[test]
    fn a_message_wraps_between_words() {
        assert_eq!(wrap(MESSAGE, 80), [MESSAGE]);
        assert_eq!(wrap(MESSAGE, 40), ["✗ -5 is out of range for a count: counts", "are whole numbers from 0"]);
        assert_eq!(wrap(MESSAGE, 30), ["✗ -5 is out of range for a", "count: counts are whole", "numbers from 0"]);
        for width in 1..=80 {
            let lines = wrap(MESSAGE, width);
            assert!(widest(&lines) <= width, "{lines:?} at {width}");
        }
        assert_eq!(wrap(MESSAGE, 4)[..2], ["✗ -5", "is"], "-5 keeps its sign");
    }

    #[test]
    fn a_message_fits_one_line_cut_at_a_word() {
        // Before: "✗ -5 is out of range for a co" at 80 columns (cut mid-word).
        assert_eq!(fit_words(MESSAGE, 80), MESSAGE);
        assert_eq!(fit_words(MESSAGE, 40), "✗ -5 is out of range for a count:…");
        assert_eq!(fit_words(MESSAGE, 30), "✗ -5 is out of range for a…");
        assert_eq!(fit_words(MESSAGE, 4), "✗…");
        assert_eq!(fit_words("-12345 is not a count", 4), "-12…", "the first word does not fit: a character cut");
        assert_eq!(fit_words(MESSAGE, 5), "✗ -5…");
        assert_eq!(fit_words(MESSAGE, 1), "…");
        assert_eq!(fit_words(MESSAGE, 0), "");
    }

    #[test]
    fn words_are_split_at_spaces_and_between_wide_characters() {
        let words = |line: &str| words_of(line).map(|w| format!("{}{}", w.word, w.whitespace)).collect::<Vec<_>>();
        assert_eq!(words("cannot open /srv/a.db"), ["cannot ", "open ", "/srv/a.db"]);
        assert_eq!(words("  Asha 田中。さん"), ["  ", "Asha ", "田", "中。", "さ", "ん"]);
        assert_eq!(words("Cross-sell and/or"), ["Cross-sell ", "and/or"]);
        assert_eq!(words(""), Vec::<String>::new());
    }

    #[test]
    fn cjk_text_breaks_between_characters_in_whole_columns() {
        let text = "田中太郎さんの目標は未設定です";
        let lines = wrap(text, 10);
        assert_eq!(lines, ["田中太郎さ", "んの目標は", "未設定です"]);
        assert_eq!(wrap(text, 9), ["田中太郎", "さんの目", "標は未設", "定です"], "never half a character");
        assert_eq!(wrap("田中 太郎", 1), ["…", "…", "…", "…"], "a two-column character cannot show in one");
        assert_eq!(fit_words(text, 10), "田中太郎…");
        assert_eq!(fit_words("Asha 田中太郎", 9), "Asha 田…");
        assert_eq!(wrap("Asha 田中太郎さん", 9), ["Asha 田中", "太郎さん"]);
        assert_eq!(wrap("目標は未設定です。確認", 10), ["目標は未設", "定です。確", "認"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let path = "/srv/branchboard/branches/koramangala-main-2026.branchboard";
        let lines = wrap(&format!("cannot open {path}"), 20);
        assert!(widest(&lines) <= 20, "{lines:?}");
        assert_eq!(lines[0], "cannot open", "the long word starts its own line");
        assert_eq!(lines[1..].concat(), path, "and is broken without losing a character");
        assert_eq!(fit_words("Supercalifragilisticexpialidocious", 10), "Supercali…");
        assert_eq!(fit_words("Cross-sell ratio (products per customer)", 12), "Cross-sell…");
        assert_eq!(wrap("see /srv/a.branchboard and/or ask", 20), ["see", "/srv/a.branchboard", "and/or ask"]);
        assert_eq!(fit_words("Cross-sell ratio (products per customer)", 9), "Cross-se…");
    }

    #[test]
    fn hidden_characters_are_dropped_before_measuring_and_lines_are_kept() {
        assert_eq!(wrap("Asha\u{200B}Rao \u{202E}owes\u{1b}[2J", 80), ["AshaRao owes[2J"]);
        assert_eq!(wrap("saved\n\ncheck the targets", 80), ["saved", "", "check the targets"]);
        assert_eq!(wrap("a\tb", 80), ["a b"]);
        assert_eq!(fit_words("saved\nnext:\tAsha", 80), "saved next: Asha");
        assert_eq!(fit_words("\u{202E}Asha Rao", 8), "Asha Rao");
        assert!(wrap(MESSAGE, 0).is_empty());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn words() -> impl Strategy<Value = String> {
            let word = prop_oneof![
                "[a-z/.-]{1,12}",
                "-?[0-9]{1,6}",
                "[田中太郎さんの目標]{1,6}",
                "[a-z]{15,30}",
                Just("\u{200B}".to_string()),
            ];
            prop::collection::vec(word, 0..12).prop_map(|words| words.join(" "))
        }

        fn visible(text: &str) -> String {
            shown(text).chars().filter(|c| !c.is_whitespace()).collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            #[test]
            fn wrapped_lines_fit_and_lose_nothing(text in words(), width in 2usize..40) {
                let lines = wrap(&text, width);
                prop_assert!(widest(&lines) <= width, "{lines:?}");
                prop_assert_eq!(visible(&lines.concat()), visible(&text));
                // A word that fits a line is never split.
                for word in shown(&text).split(' ').filter(|w| w.is_ascii() && !w.is_empty() && w.len() <= width) {
                    prop_assert!(
                        lines.iter().any(|line| line.split(' ').any(|piece| piece == word)),
                        "{word:?} split in {lines:?}"
                    );
                }
            }

            #[test]
            fn a_fitted_line_fits_and_is_the_text_or_a_marked_prefix(text in words(), width in 0usize..40) {
                let line = fit_words(&text, width);
                let text = shown(&text);
                prop_assert!(line.width() <= width, "{line:?}");
                if line != text {
                    let kept = line.strip_suffix('…').unwrap_or_default();
                    prop_assert!(line.ends_with('…') || line.is_empty(), "{line:?}");
                    prop_assert!(text.starts_with(kept), "{line:?} of {text:?}");
                }
            }
        }
    }
}
