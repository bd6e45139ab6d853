//! `completions bash|zsh|fish` and `man`: generated from the same clap definitions as the parser.

use super::Failure;
use super::args::{Cli, CompletionShell};
use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::roff::{Roff, bold, roman};
use std::io::Write;

pub fn completions(shell: CompletionShell, out: &mut impl Write) -> Result<(), Failure> {
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
    };
    // The generator panics on a write error; write to memory, then to the reader.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "branchboard", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// The page for `branchboard`, then a COMMANDS section with every command and its own
/// options, so that one `man` page shows every flag the program has.
pub fn man_page(out: &mut impl Write) -> Result<(), Failure> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for sub in visible_subcommands(&command) {
        describe_command(sub, "branchboard", &mut roff);
    }
    roff.to_writer(out)?;
    man.render_version_section(out)?;
    Ok(())
}

fn visible_subcommands(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    command.get_subcommands().filter(|s| s.get_name() != "help" && !s.is_hide_set())
}

/// `.SS branchboard actual set`, its about, its usage, then one `.TP` per argument.
fn describe_command(command: &clap::Command, parent: &str, roff: &mut Roff) {
    let name = format!("{parent} {}", command.get_name());
    let subcommands: Vec<&clap::Command> = visible_subcommands(command).collect();
    if subcommands.is_empty() {
        roff.control("SS", [name.as_str()]);
        if let Some(about) = command.get_long_about().or(command.get_about()) {
            roff.text([roman(about.to_string())]);
        }
        for arg in command.get_arguments().filter(|a| !a.is_hide_set() && !a.is_global_set()) {
            if matches!(arg.get_id().as_str(), "help" | "version") {
                continue;
            }
            roff.control("TP", []);
            roff.text([bold(argument_form(arg))]);
            let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            let values: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
            if !values.is_empty() && arg.get_action().takes_values() {
                help.push_str(&format!(" One of: {}.", values.join(", ")));
            }
            roff.text([roman(help)]);
        }
    }
    for sub in subcommands {
        describe_command(sub, &name, roff);
    }
}

/// `--kpi CODE`, `--allow-missing`, or `FILE` for a positional argument.
fn argument_form(arg: &clap::Arg) -> String {
    let value = arg.get_value_names().and_then(|names| names.first()).map(|n| n.to_string());
    let value = value.unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
    match arg.get_long() {
        Some(long) if arg.get_action().takes_values() => format!("--{long} {value}"),
        Some(long) => format!("--{long}"),
        None => value,
    }
}
