//! The `branchboard` binary: parse the command line, run it, map failures to exit codes.

use branchboard::cli::{self, args::Cli};
use clap::Parser;

fn main() {
    let cli = Cli::parse();
    if let Err(failure) = cli::run(cli) {
        for line in &failure.lines {
            eprintln!("branchboard: {line}");
        }
        std::process::exit(failure.code);
    }
}
