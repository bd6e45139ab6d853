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

#[test]
fn keys_refuse_a_comment_with_control_characters() {
    let b = Branch::new();
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl bina\u{1b}]0;pwned\u{7}\n";
    let file = b.file("id.pub", key);
    let run = b.run_as("boss", &["keys", "add", "boss", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("the key's comment contains a control character (U+001B)"), "{}", run.stderr);
}
