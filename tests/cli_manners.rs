//! The command line's manners, through the real binary: quiet when its reader goes away, help
//! for every command, plain settings errors, shell completions and a man page.

mod common;

use common::Branch;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

/// `export actuals | head -1`: once the reader has gone, the export ends quietly (status 141,
/// as a program ended by SIGPIPE, e.g. `git log | head`), not "could not write CSV: Broken pipe".
#[test]
fn an_export_whose_reader_goes_away_ends_quietly() {
    let b = Branch::empty();
    common::write_demo_branch(&b.db);
    for format in ["csv", "json"] {
        let mut child = b
            .command()
            .args(["--as", "manager", "export", "actuals", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        // The reader is dropped here: the export (megabytes) still has most of it to write.
        let output = child.wait_with_output().unwrap();
        assert!(first.starts_with("login,kpi") || first.starts_with('{'), "{first}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{format}: nothing said");
        assert_eq!(output.status.code(), Some(141), "{format}");
    }
}

#[test]
fn help_names_every_flag_and_claims_no_default_it_lacks() {
    let b = Branch::empty();
    let help = b.ok(&["actual", "set", "--help"]);
    for line in ["--kpi <CODE>", "The KPI's code", "--period <YYYY-MM>", "--value <V>", "--login <LOGIN>"] {
        assert!(help.contains(line), "{line:?} missing from:\n{help}");
    }
    let target = b.ok(&["target", "set", "--help"]);
    assert!(target.contains("a target needs it"), "{target}");
    let init = b.ok(&["init", "--help"]);
    assert!(init.contains("The branch's name"), "{init}");
    let demo = b.ok(&["demo", "--help"]);
    assert!(demo.contains("How many customers"), "{demo}");
    let import = b.ok(&["import", "--help"]);
    assert!(import.contains("id,name,segment,rm_login"), "{import}");
    assert!(import.contains("The CSV file"), "{import}");
}

#[test]
fn settings_errors_say_what_the_setting_takes() {
    let b = Branch::new();
    let quoted = b.run_as("boss", &["settings", "set", "fiscal_year_start_month", "\"4\""]);
    assert_eq!(quoted.code, 2);
    assert_eq!(
        quoted.stderr.trim(),
        "branchboard: fiscal_year_start_month takes a whole number from 1 to 12, for example 4 (April); got \"\\\"4\\\"\""
    );
    let thirteen = b.run_as("boss", &["settings", "set", "fiscal_year_start_month", "13"]);
    assert!(thirteen.stderr.contains("takes a whole number from 1 to 12"), "{}", thirteen.stderr);
    let bands = b.run_as("boss", &["settings", "set", "band_thresholds", "{\"outstanding\": 120}"]);
    assert_eq!(bands.code, 2);
    assert!(bands.stderr.contains("band_thresholds takes JSON like {\"outstanding\":110.0"), "{}", bands.stderr);
    assert!(bands.stderr.contains("missing field `exceeds`"), "{}", bands.stderr);
    assert!(!bands.stderr.contains("line 1 column"), "{}", bands.stderr);
    b.ok_as("boss", &["settings", "set", "fiscal_year_start_month", "4"]);
}

#[test]
fn completions_and_the_man_page_come_from_the_same_definitions() {
    let b = Branch::empty();
    let bash = b.ok(&["completions", "bash"]);
    assert!(bash.contains("_branchboard()") && bash.contains("--allow-missing"), "bash");
    let zsh = b.ok(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef branchboard") && zsh.contains("--manager-name"), "zsh");
    let fish = b.ok(&["completions", "fish"]);
    assert!(fish.contains("complete -c branchboard") && fish.contains("-l expect"), "fish");
    assert_eq!(b.run(&["completions", "tcsh"]).code, 2);

    let man = b.ok(&["man"]);
    assert!(man.contains(".TH branchboard 1"), "{}", &man[..200]);
    // Every command is described with its own flags, down to the nested ones.
    for text in [".SS \"branchboard period close\"", "allow\\-missing", ".SS \"branchboard import\"", "The CSV file"] {
        assert!(man.contains(text), "{text:?} missing from the man page");
    }
}
