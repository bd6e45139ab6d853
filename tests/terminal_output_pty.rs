//! The bytes the real dashboard sends to a real pseudo-terminal (tmux): every frame inside a
//! synchronized update (DEC mode 2026) and nothing between frames, colours in the codes that
//! TERM, COLORTERM and NO_COLOR ask for.

mod common;

use common::DemoFile;
use common::tmux::Tmux;
use std::time::{Duration, Instant};

const BEGIN: &[u8] = b"\x1b[?2026h";
const END: &[u8] = b"\x1b[?2026l";
/// Before the first frame: the alternate screen (raw mode sends nothing).
const SET_UP: &[u8] = b"\x1b[?1049h";
/// After the last frame: the normal screen and the cursor shown (by the restore and again by
/// ratatui's terminal as it is dropped), then what the shell in the pane prints.
const TEAR_DOWN: [&[u8]; 4] = [b"\x1b[?1049l", b"\x1b[?25h", b"EXITED 0", b"\r\n"];

/// Runs the dashboard on the demo branch as the manager under `env` (arguments of `env(1)`):
/// it opens, goes to the Portfolio tab, is resized, goes back to the Team tab and quits.
/// Returns every byte the pane received.
fn dashboard_output(env: &str) -> Vec<u8> {
    let demo = DemoFile::new();
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("ready");
    let output = dir.path().join("output");
    // The shell starts the dashboard only once the pane's output is piped, so that its first
    // byte is caught; it stays after it so the pipe sees the end.
    let command = format!(
        "sh -c 'while [ ! -e \"{}\" ]; do sleep 0.02; done; env {env} \"{}\" --db \"{}\" --as manager \
         --today 2026-11-15; echo EXITED $?; exec sleep 60'",
        ready.display(),
        env!("CARGO_BIN_EXE_branchboard"),
        demo.path.display()
    );
    let tmux = Tmux::start(100, 30, &command);
    tmux.run(&["pipe-pane", "-o", "-t", "t", &format!("cat >> '{}'", output.display())]);
    std::fs::write(&ready, "").unwrap();

    tmux.wait_for("Leaderboard", Duration::from_secs(10));
    tmux.keys(&["2"]);
    tmux.wait_for("RMs", Duration::from_secs(5));
    // A resize clears the screen before the next frame: that too is inside the frame.
    tmux.run(&["resize-window", "-t", "t", "-x", "90", "-y", "26"]);
    tmux.keys(&["1"]);
    tmux.wait_for("Leaderboard", Duration::from_secs(5));
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0", Duration::from_secs(5));

    // The pipe may be a little behind the screen.
    let start = Instant::now();
    loop {
        let bytes = std::fs::read(&output).unwrap_or_default();
        if bytes.windows(8).any(|w| w == b"EXITED 0") {
            return bytes;
        }
        assert!(start.elapsed() < Duration::from_secs(5), "the pipe never saw the end:\n{}", show(&bytes));
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|w| *w == needle).count()
}

fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).escape_debug().to_string()
}

/// `output` cut into frames (what lies between each begin and its end) and what lies outside
/// them: one piece more than there are frames. Panics on a begin without its end, or a begin
/// inside a frame.
fn frames(output: &[u8]) -> (Vec<&[u8]>, Vec<&[u8]>) {
    let (mut inside, mut outside) = (Vec::new(), Vec::new());
    let mut rest = output;
    while let Some(begin) = find(rest, BEGIN) {
        outside.push(&rest[..begin]);
        let frame = &rest[begin + BEGIN.len()..];
        let end = find(frame, END).unwrap_or_else(|| panic!("a frame without its end:\n{}", show(frame)));
        assert!(find(&frame[..end], BEGIN).is_none(), "a frame begun inside another:\n{}", show(&frame[..end]));
        inside.push(&frame[..end]);
        rest = &frame[end + END.len()..];
    }
    outside.push(rest);
    (inside, outside)
}

/// Every frame inside a begin and its end, nothing between frames (an idle dashboard sends
/// nothing), and outside them only the set-up before the first and the tear-down after the last.
fn assert_frames_are_synchronized(output: &[u8]) {
    assert_eq!(count(output, BEGIN), count(output, END), "begins and ends pair up:\n{}", show(output));
    let (inside, outside) = frames(output);
    // The first screen, the Portfolio tab, the resized screen, the Team tab.
    assert!(inside.len() >= 4, "{} frames:\n{}", inside.len(), show(output));
    assert!(inside.iter().all(|frame| !frame.is_empty()), "an empty frame:\n{}", show(output));
    assert_eq!(show(outside[0]), show(SET_UP), "before the first frame");
    for between in &outside[1..outside.len() - 1] {
        assert!(between.is_empty(), "bytes between frames: {}", show(between));
    }
    let mut after = show(outside[outside.len() - 1]);
    assert!(after.starts_with(&show(TEAR_DOWN[0])), "the last frame is followed by the tear-down: {after}");
    for known in TEAR_DOWN {
        after = after.replace(&show(known), "");
    }
    assert_eq!(after, "", "after the last frame, besides the tear-down");
}

/// The colour parameters of every SGR sequence (`ESC[…m`), an extended colour as one item
/// (`38;5;4`, `48;2;1;2;3`), others as they are (`1`, `34`, `49`).
fn colour_parameters(output: &[u8]) -> Vec<String> {
    let mut parameters = Vec::new();
    let mut rest = output;
    while let Some(start) = find(rest, b"\x1b[") {
        rest = &rest[start + 2..];
        let Some(end) = rest.iter().position(|b| (0x40..=0x7e).contains(b)) else { break };
        let (body, last) = (&rest[..end], rest[end]);
        rest = &rest[end + 1..];
        if last != b'm' {
            continue;
        }
        let fields: Vec<&str> = std::str::from_utf8(body).unwrap().split(';').collect();
        let mut i = 0;
        while i < fields.len() {
            let taken = match (fields[i], fields.get(i + 1).copied()) {
                ("38" | "48" | "58", Some("5")) => 3,
                ("38" | "48" | "58", Some("2")) => 5,
                _ => 1,
            };
            parameters.push(fields[i..(i + taken).min(fields.len())].join(";"));
            i += taken;
        }
    }
    parameters
}

fn in_ranges(parameter: &str, ranges: &[std::ops::RangeInclusive<u16>]) -> bool {
    parameter.parse::<u16>().is_ok_and(|n| ranges.iter().any(|r| r.contains(&n)))
}

const FOREGROUND_16: [std::ops::RangeInclusive<u16>; 2] = [30..=37, 90..=97];

#[test]
fn a_256_colour_terminal_gets_synchronized_frames_in_256_colour_codes() {
    if !common::tmux::available("a_256_colour_terminal_gets_synchronized_frames_in_256_colour_codes") {
        return;
    }
    let output = dashboard_output("-u NO_COLOR -u COLORTERM TERM=xterm-256color");
    assert_frames_are_synchronized(&output);
    let colours = colour_parameters(&output);
    assert!(colours.iter().any(|p| p.starts_with("38;5;")), "colours as before: {colours:?}");
    assert!(!colours.iter().any(|p| in_ranges(p, &FOREGROUND_16)), "no 16-colour codes: {colours:?}");
}

#[test]
fn the_linux_console_gets_plain_16_colour_codes() {
    if !common::tmux::available("the_linux_console_gets_plain_16_colour_codes") {
        return;
    }
    let output = dashboard_output("-u NO_COLOR -u COLORTERM TERM=linux");
    assert_frames_are_synchronized(&output);
    assert_eq!(count(&output, b"38;5;") + count(&output, b"48;5;"), 0, "no 256-colour codes:\n{}", show(&output));
    let colours = colour_parameters(&output);
    assert!(colours.iter().any(|p| in_ranges(p, &FOREGROUND_16)), "plain colour codes: {colours:?}");
    assert!(colours.iter().all(|p| !p.contains(';')), "no extended colours: {colours:?}");
}

#[test]
fn no_color_sends_no_colour_at_all() {
    if !common::tmux::available("no_color_sends_no_colour_at_all") {
        return;
    }
    let output = dashboard_output("-u COLORTERM NO_COLOR=1 TERM=xterm-256color");
    assert_frames_are_synchronized(&output);
    let colours = colour_parameters(&output);
    let any_colour = [30..=49, 90..=97, 100..=107];
    assert!(
        colours.iter().all(|p| !p.contains(';') && !in_ranges(p, &any_colour)),
        "colour codes despite NO_COLOR: {colours:?}"
    );
}
