//! One text policy at the command line's entry points, through the real binary: control
//! characters (escape sequences) are refused with the field named, before anything is written.

mod common;

use common::Branch;

#[test]
fn init_refuses_escape_sequences_in_names() {
    let b = Branch::empty();
    let branch = b.run(&["init", "--branch", "Main\u{1b}[2J\u{1b}[31mRoad", "--manager", "boss"]);
    assert_eq!(branch.code, 2, "{}", branch.stderr);
    assert_eq!(
        branch.stderr.trim(),
        "branchboard: --branch contains a control character (U+001B) at character 5; only printable text is accepted"
    );
    assert!(!b.db.exists(), "nothing was created");
    let name = b.run(&["init", "--branch", "Main Road", "--manager", "boss", "--manager-name", "Bina\u{7}"]);
    assert_eq!(name.code, 2, "{}", name.stderr);
    assert!(name.stderr.contains("--manager-name contains a control character (U+0007)"), "{}", name.stderr);
    assert!(!b.db.exists());
    // Names in any script are welcome.
    b.ok(&["init", "--branch", "शाखा 東京 Ω", "--manager", "boss", "--manager-name", "José 田中 🇮🇳"]);
    let staff = b.ok_as("boss", &["export", "staff"]);
    assert!(staff.contains("boss,José 田中 🇮🇳,branch_manager"), "{staff}");
}

/// An authorized_keys file edited by hand may hold anything in a comment; `keys list` shows
/// it without running it (no escape sequences, no bidirectional overrides on the terminal).
#[test]
fn keys_list_shows_hand_written_comments_without_running_them() {
    let b = Branch::new();
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl bina\n";
    let file = b.file("id.pub", key);
    let line = b.ok_as("boss", &["keys", "add", "boss", file.to_str().unwrap()]);
    let edited = format!("{} \u{1b}]0;pwned\u{7}\u{202e}evil\n", line.trim_end());
    let authorized = b.file("authorized_keys", edited);
    let listed = b.ok_as("boss", &["keys", "list", "--file", authorized.to_str().unwrap()]);
    assert!(listed.contains("boss"), "{listed}");
    assert!(listed.contains("bina ]0;pwnedevil"), "{listed:?}");
    assert!(!listed.chars().any(|c| c.is_control() && c != '\n'), "{listed:?}");
    assert!(!listed.contains('\u{202e}'), "{listed:?}");
}
