//! The command line of SPEC §6, declared with clap.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "branchboard",
    version,
    about = "KRA/KPI scorecards and RM coverage for a bank branch, in one SQLite file"
)]
pub struct Cli {
    /// The branch file (default: $BRANCHBOARD_DB, else branchboard.db here).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Act as this login (set by the SSH forced command); default: the OS user.
    #[arg(long = "as", global = true, value_name = "LOGIN")]
    pub as_login: Option<String>,
    /// Treat this date as today (for reproducible demos and reports).
    #[arg(long, global = true, hide = true, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a realistic demo branch and open it.
    Demo(DemoArgs),
    /// Create a new branch with the built-in templates and its manager.
    Init(InitArgs),
    /// Import a CSV file, all or nothing; every problem is listed as FILE:LINE:COLUMN.
    Import {
        /// What the file holds (its header decides the columns; see the README).
        what: ImportKind,
        /// The CSV file (UTF-8, comma-separated, as Excel saves "CSV UTF-8").
        file: PathBuf,
    },
    /// Export what you may see, as CSV or JSON on stdout.
    Export(ExportArgs),
    /// Set or clear an actual (your own, or anyone's as branch manager), up to the current month.
    Actual {
        #[command(subcommand)]
        action: ValueAction,
    },
    /// Set, clear or copy targets (branch manager); targets may be planned for months ahead.
    Target {
        #[command(subcommand)]
        action: TargetAction,
    },
    /// List the months with their state and reporting counts; close or reopen one (branch manager).
    Period {
        #[command(subcommand)]
        action: PeriodAction,
    },
    /// SSH access: authorized_keys lines that open the dashboard as one login (branch manager).
    Keys {
        #[command(subcommand)]
        action: KeysAction,
    },
    /// Show or change the branch settings (changes: branch manager).
    Settings {
        #[command(subcommand)]
        action: SettingsAction,
    },
    /// Customer work: record a contact (an RM with their own customers), move customers to another RM (branch manager).
    Customer {
        #[command(subcommand)]
        action: CustomerAction,
    },
    /// Rate an RM's capability 1–5 (branch manager).
    Rating {
        #[command(subcommand)]
        action: RatingAction,
    },
    /// The built-in role templates: each role's KRAs and KPIs with their codes.
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// Ship this branch to head office's PostgreSQL, or to a bundle file (branch manager).
    Sync(SyncArgs),
    /// Head office: prepare its database, give branches their roles, load bundles, export;
    /// with no subcommand, the head-office dashboard.
    Hq(HqArgs),
    /// Print shell completions for bash, zsh or fish.
    Completions {
        /// The shell to complete for.
        shell: CompletionShell,
    },
    /// Print the manual page (roff), e.g. `branchboard man | man -l -`.
    Man,
}

/// Shells `completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    /// Source it from ~/.bashrc, or save it in /etc/bash_completion.d/branchboard.
    Bash,
    /// Save it as _branchboard in a directory of your $fpath.
    Zsh,
    /// Save it in ~/.config/fish/completions/branchboard.fish.
    Fish,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many staff, the branch manager included.
    #[arg(long, default_value_t = 14, value_name = "N")]
    pub staff: usize,
    /// How many customers, shared among the RMs.
    #[arg(long, default_value_t = 6000, value_name = "N")]
    pub customers: usize,
    /// How many months of targets and actuals, ending with the current month.
    #[arg(long, default_value_t = 24, value_name = "N")]
    pub months: usize,
    /// The random seed: the same seed gives the same branch.
    #[arg(long, default_value_t = 7, value_name = "S")]
    pub seed: u64,
    /// The branch's code at head office, unique in the bank (1-16 of A-Z 0-9 - _; e.g. B001).
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// The region head office groups the branch in (e.g. South).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The branch's name, as the dashboard's title shows it.
    #[arg(long, value_name = "NAME")]
    pub branch: String,
    /// The branch manager's login ([a-z][a-z0-9._-]{0,31}); also matched to the OS user.
    #[arg(long, value_name = "LOGIN")]
    pub manager: String,
    /// The branch manager's full name (default: the login).
    #[arg(long, value_name = "NAME")]
    pub manager_name: Option<String>,
    /// The branch's code at head office, unique in the bank (1-16 of A-Z 0-9 - _; e.g. B001).
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// The region head office groups the branch in (e.g. South).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    /// login,name,role,manager_login,focus,segments,os_user (branch manager).
    Staff,
    /// id,name,segment,rm_login,products,balance,last_contact,status (branch manager).
    Customers,
    /// login,kpi,period,value (branch manager; months ahead may be planned).
    Targets,
    /// login,kpi,period,value (your own, or anyone's as branch manager).
    Actuals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// Every person's scores for a period: overall, band, rank, KRAs and KPIs.
    Scorecard,
    /// The staff file, in its import format.
    Staff,
    /// Targets, in their import format.
    Targets,
    /// Actuals, in their import format.
    Actuals,
    /// Each RM's customer load and contact coverage.
    Coverage,
    /// The audit log of every change.
    Audit,
    /// The customer file, in its import format.
    Customers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Comma-separated, with a header row; opens in a spreadsheet.
    Csv,
    /// For scripts: the shapes of the README.
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export (only what you may see).
    pub what: ExportKind,
    /// YYYY-MM, YYYY-Qn or YYYY (default: the latest month with actuals).
    #[arg(long)]
    pub period: Option<String>,
    /// The date coverage is measured at (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
}

#[derive(Debug, Subcommand)]
pub enum ValueAction {
    /// Set one value (audited); refused in a closed month, and for an actual after the current month.
    Set(SetValueArgs),
    /// Clear one value, leaving it empty (audited); refused in a closed month.
    Clear(ClearValueArgs),
}

#[derive(Debug, Subcommand)]
pub enum TargetAction {
    /// Set one target (audited); refused in a closed month.
    Set(SetValueArgs),
    /// Clear one target, leaving it empty (audited); refused in a closed month.
    Clear(ClearValueArgs),
    /// Copy one month's targets to another, optionally scaled (audited); the whole copy is
    /// refused if the destination month is closed or any scaled value is out of range.
    Copy(CopyTargetsArgs),
}

#[derive(Debug, Args)]
pub struct CopyTargetsArgs {
    /// The month to copy from, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    pub from: String,
    /// The month to copy to, YYYY-MM (must be open; its targets the source lacks stay as they are).
    #[arg(long, value_name = "YYYY-MM")]
    pub to: String,
    /// Scale every target by this percentage, e.g. 110 for 10% more (default 100: unchanged).
    /// Counts round to whole numbers, everything else to 2 decimals.
    #[arg(long, value_name = "PERCENT", default_value = "100", allow_hyphen_values = true)]
    pub scale: String,
    /// Copy only this person's targets (default: the whole team).
    #[arg(long, value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CustomerAction {
    /// Record a contact with a customer (audited): an RM for their own customers, the branch
    /// manager for any. Never in the future, never before the contact already recorded.
    Contact {
        /// The customer's id.
        id: String,
        /// The day of the contact, YYYY-MM-DD (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
    },
    /// Move customers to another relationship manager (branch manager, audited); all or nothing.
    Assign {
        /// The customers' ids (one or more).
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// The login of the RM who takes them over.
        #[arg(long, value_name = "LOGIN")]
        rm: String,
    },
}

#[derive(Debug, Args)]
pub struct SetValueArgs {
    /// The KPI's code (see `templates show ROLE`).
    #[arg(long, value_name = "CODE")]
    pub kpi: String,
    /// The month, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    pub period: String,
    /// The number, e.g. 1234.5, 1,23,456 or 12.5% for percent KPIs.
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    pub value: String,
    /// Whose figure: an actual defaults to your own; a target needs it.
    #[arg(long, value_name = "LOGIN")]
    pub login: Option<String>,
    /// The value you saw before editing (or `none`); the save is refused if it changed since.
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    pub expect: Option<String>,
}

#[derive(Debug, Args)]
pub struct ClearValueArgs {
    /// The KPI's code (see `templates show ROLE`).
    #[arg(long, value_name = "CODE")]
    pub kpi: String,
    /// The month, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    pub period: String,
    /// Whose figure: an actual defaults to your own; a target needs it.
    #[arg(long, value_name = "LOGIN")]
    pub login: Option<String>,
    /// The value you saw before clearing (or `none`); the clear is refused if it changed since.
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    pub expect: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PeriodAction {
    /// Every month with targets, actuals or a state, oldest first: its state and how many
    /// targeted values are reported. The branch manager sees branch-wide counts; staff see the
    /// same months and states with counts of their own values only.
    List {
        /// csv (month,state,targeted,reported,unreported) or json ({"periods": [...]}).
        #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
        format: FormatArg,
    },
    /// Close a month so that it refuses every edit (branch manager). Refused while targeted
    /// values of the month have no actual, unless --allow-missing.
    Close {
        /// The month, YYYY-MM.
        month: String,
        /// Close even though some targeted values have no actual; they then count as missing.
        #[arg(long)]
        allow_missing: bool,
    },
    /// Reopen a closed month so that it can be edited again (branch manager).
    Reopen {
        /// The month, YYYY-MM.
        month: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysAction {
    /// Print the authorized_keys line that opens the dashboard as LOGIN, or append it with --write.
    Add {
        /// The staff member the key belongs to.
        login: String,
        /// Their public key file (e.g. id_ed25519.pub).
        pubkey: PathBuf,
        /// Append the line to FILE (default: ~/.ssh/authorized_keys) instead of printing it.
        #[arg(long, value_name = "FILE")]
        write: Option<Option<PathBuf>>,
    },
    /// The keys that open the dashboard: login, key type, fingerprint, comment.
    List {
        /// The authorized_keys file (default: ~/.ssh/authorized_keys).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Remove every key of LOGIN; the file is rewritten atomically, other lines unchanged.
    Remove {
        /// The staff member whose keys to remove.
        login: String,
        /// The authorized_keys file (default: ~/.ssh/authorized_keys).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// The roles, with their names and how many KRAs and KPIs each has.
    List,
    /// One role's KRAs and KPIs: codes, units, directions, weights, caps, who enters them.
    Show {
        /// A role code, e.g. relationship_manager (see `templates list`).
        role: String,
        /// The output format.
        #[arg(long, value_enum, default_value_t = TemplateFormat::Text)]
        format: TemplateFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// An indented outline to read.
    Text,
    /// The template JSON of the README.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum SettingsAction {
    /// Print every setting as JSON.
    Show,
    /// Set one setting to a JSON value, e.g. `settings set fiscal_year_start_month 4`.
    Set {
        /// fiscal_year_start_month, band_thresholds, coverage_norms, branch_code or region.
        key: String,
        /// The new value as JSON (`settings show` prints the current ones).
        value: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RatingAction {
    /// Set one RM capability rating (audited).
    Set {
        /// The RM's login.
        #[arg(long, value_name = "LOGIN")]
        login: String,
        /// A capability code (see `settings show` for the list under "capabilities").
        #[arg(long, value_name = "CODE")]
        capability: String,
        /// The rating, a whole number from 1 to 5.
        #[arg(long, value_name = "1-5")]
        value: u8,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every subcommand, argument and value says what it is for in `--help`.
    #[test]
    fn every_subcommand_and_flag_has_help_text() {
        fn walk(command: &clap::Command, path: &str, blank: &mut Vec<String>) {
            if command.get_about().is_none() {
                blank.push(format!("{path}: no about"));
            }
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if arg.get_help().is_none() {
                    blank.push(format!("{path} {id}: no help"));
                }
                let choices = if arg.get_action().takes_values() { arg.get_possible_values() } else { vec![] };
                for value in choices {
                    if value.get_help().is_none() {
                        blank.push(format!("{path} {id}={}: no help", value.get_name()));
                    }
                }
            }
            for sub in command.get_subcommands() {
                if sub.get_name() != "help" {
                    walk(sub, &format!("{path} {}", sub.get_name()), blank);
                }
            }
        }
        let mut blank = Vec::new();
        walk(&Cli::command(), "branchboard", &mut blank);
        assert!(blank.is_empty(), "help text missing:\n{}", blank.join("\n"));
    }
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Head office's PostgreSQL (default: $BRANCHBOARD_HQ_URL), e.g. postgresql://branchboard_b001@hq.bank/branchboard;
    /// never a password (PGPASSWORD or ~/.pgpass).
    #[arg(long, value_name = "URL", conflicts_with = "to_file")]
    pub to: Option<String>,
    /// Write what would be shipped to a bundle file instead, for `hq load` at head office.
    #[arg(long, value_name = "FILE")]
    pub to_file: Option<PathBuf>,
    /// Ship everything again as a new generation of the file (after a lost bundle, or to
    /// replace what head office holds).
    #[arg(long)]
    pub full: bool,
}

#[derive(Debug, Args)]
pub struct HqArgs {
    /// Head office's PostgreSQL (default: $BRANCHBOARD_HQ_URL); never a password in it.
    #[arg(long, global = true, value_name = "URL")]
    pub pg: Option<String>,
    #[command(subcommand)]
    pub action: Option<HqAction>,
}

#[derive(Debug, Subcommand)]
pub enum HqAction {
    /// Create or migrate head office's schema, roles and row-level security (run again: no change).
    Init,
    /// Create a branch's writer role and print its ~/.pgpass line.
    Role {
        /// The branch's code, as its `settings set branch_code` says.
        code: String,
        /// Give the branch's existing role a new password (its ~/.pgpass must then change).
        #[arg(long)]
        rotate: bool,
    },
    /// Remove everything head office holds of a branch (a closed branch, or its old code).
    Forget {
        /// The branch's code.
        code: String,
    },
    /// Apply a bundle written by `sync --to-file` (loading it again changes nothing).
    Load {
        /// The bundle file.
        file: PathBuf,
    },
    /// Branches, people or RM coverage across every branch, as CSV or JSON on stdout.
    Export(HqExportArgs),
}

#[derive(Debug, Args)]
pub struct HqExportArgs {
    /// What to export.
    pub what: HqExportKind,
    /// YYYY-MM, YYYY-Qn or YYYY (default: the latest month with actuals).
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Only the branches of this region.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HqExportKind {
    /// Branches ranked by the average overall of their ranked staff.
    League,
    /// Staff across branches, ranked.
    People,
    /// Every RM's coverage, as of their branch's last sync.
    Coverage,
}
