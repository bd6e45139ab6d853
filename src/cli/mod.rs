//! The command line: parses nothing itself (see `args`), resolves the file and the identity,
//! and runs one command. Data goes to stdout, messages to stderr.

pub mod args;
mod customer_cmd;
mod edit;
mod export_cmd;
mod hq_cmd;
mod import_cmd;
mod keys;
mod manual;
mod period_cmd;
mod progress;
mod settings_cmd;
pub mod setup;
mod sync_cmd;
mod templates_cmd;

use crate::domain::actor::{Actor, Refusal};
use crate::store::{Store, StoreError};
use args::{Cli, Command};
use chrono::NaiveDate;
use std::path::PathBuf;

/// A command that did not succeed: what to tell the user and the exit code of SPEC §6.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub lines: Vec<String>,
}

impl Failure {
    pub fn new(code: i32, message: impl Into<String>) -> Failure {
        Failure { code, lines: vec![message.into()] }
    }

    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::new(2, message)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::new(e.exit_code(), e.to_string())
    }
}

/// Exit status when the reader of our output went away (`export … | head -1`): 128 + SIGPIPE,
/// as a program killed by the signal ends, and nothing said, as `git log | head` does.
pub const READER_GONE: i32 = 141;

impl Failure {
    fn reader_gone() -> Failure {
        Failure { code: READER_GONE, lines: Vec::new() }
    }
}

impl From<Refusal> for Failure {
    fn from(e: Refusal) -> Self {
        StoreError::from(e).into()
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure::reader_gone();
        }
        Failure::new(1, format!("could not write output: {e}"))
    }
}

impl From<csv::Error> for Failure {
    fn from(e: csv::Error) -> Self {
        match e.kind() {
            csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe => Failure::reader_gone(),
            _ => Failure::new(1, format!("could not write CSV: {e}")),
        }
    }
}

/// What every command needs to know about how it was started.
pub struct Context {
    /// `--db` when given.
    pub explicit_db: Option<PathBuf>,
    pub as_login: Option<String>,
    pub today: NaiveDate,
    /// `--today` was given: the dashboard stays on that day rather than following the clock.
    pub today_given: bool,
}

impl Context {
    pub fn from_cli(cli: &Cli) -> Context {
        Context {
            explicit_db: cli.db.clone(),
            as_login: cli.as_login.clone(),
            today: cli.today.unwrap_or_else(|| chrono::Local::now().date_naive()),
            today_given: cli.today.is_some(),
        }
    }

    /// `--db`, else `$BRANCHBOARD_DB`, else `branchboard.db` in the working directory.
    pub fn db_path(&self) -> PathBuf {
        self.explicit_db
            .clone()
            .or_else(|| std::env::var_os("BRANCHBOARD_DB").filter(|v| !v.is_empty()).map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("branchboard.db"))
    }

    /// Opens the branch file; its current month (the last one actuals may be entered for) is
    /// the month of `today`.
    pub fn open_store(&self) -> Result<Store, Failure> {
        let mut store = Store::open(&self.db_path())?;
        store.set_today(self.today);
        Ok(store)
    }

    /// Who is acting (SPEC §1): `--as`, else the OS user. Never a default.
    pub fn actor(&self, store: &Store) -> Result<Actor, Failure> {
        let os_user = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).ok().filter(|u| !u.is_empty());
        store.resolve_actor(self.as_login.as_deref(), os_user.as_deref()).map_err(|e| match e {
            StoreError::UnknownIdentity(who) if who.is_empty() => {
                Failure::new(3, "could not tell who you are: no OS user name is set; pass --as LOGIN")
            }
            StoreError::UnknownIdentity(who) => Failure::new(
                3,
                format!(
                    "unknown identity {who:?}: no staff member of {} has this login or OS user; pass --as LOGIN",
                    store.path().display()
                ),
            ),
            other => store.explain(other).into(),
        })
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let context = Context::from_cli(&cli);
    // The dashboard owns the terminal and shows waits itself; commands say so on stderr.
    if !matches!(cli.command, None | Some(Command::Demo(_))) {
        crate::store::on_wait(say_waiting);
    }
    match cli.command {
        None => {
            keys::refuse_requested_command()?;
            setup::open_dashboard(&context)
        }
        Some(Command::Demo(args)) => setup::demo(&context, &args),
        Some(Command::Init(args)) => setup::init(&context, &args),
        Some(Command::Settings { action }) => settings_cmd::settings(&context, &action),
        Some(Command::Rating { action }) => settings_cmd::rating(&context, &action),
        Some(Command::Templates { action }) => templates_cmd::run(&action),
        Some(Command::Import { what, file }) => import_cmd::run(&context, what, &file),
        Some(Command::Export(args)) => export_cmd::run(&context, &args),
        Some(Command::Actual { action }) => edit::run(&context, crate::import::ValueKind::Actual, &action),
        Some(Command::Target { action }) => edit::run_target(&context, &action),
        Some(Command::Customer { action }) => customer_cmd::run(&context, &action),
        Some(Command::Period { action }) => period_cmd::run(&context, &action),
        Some(Command::Keys { action }) => keys::run(&context, &action),
        Some(Command::Sync(args)) => sync_cmd::run(&context, &args),
        Some(Command::Hq(args)) => hq_cmd::run(&context, &args),
        Some(Command::Completions { shell }) => manual::completions(shell, &mut std::io::stdout().lock()),
        Some(Command::Man) => manual::man_page(&mut std::io::stdout().lock()),
    }
}

/// Tells the person at the terminal why a save pauses (SPEC §7), once per command.
fn say_waiting() {
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "waiting for another change to the branch file…");
    });
}
