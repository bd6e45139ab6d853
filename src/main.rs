//! The `branchboard` binary: parse the command line, run it, map failures to exit codes.

use branchboard::cli::{self, args::Cli};
use branchboard::domain::text::for_display;
use clap::Parser;

fn main() {
    let cli = Cli::parse();
    if let Err(failure) = cli::run(cli) {
        // Messages may quote data (names, ids, cells): never let it steer the terminal.
        for line in &failure.lines {
            eprintln!("branchboard: {}", for_display(line));
        }
        std::process::exit(failure.code);
    }
}
