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
    /// Import a CSV file, all or nothing.
    Import { what: ImportKind, file: PathBuf },
    /// Export what you may see, as CSV or JSON on stdout.
    Export(ExportArgs),
    /// Set or clear an actual (your own, or anyone's as branch manager), up to the current month.
    Actual {
        #[command(subcommand)]
        action: ValueAction,
    },
    /// Set or clear a target (branch manager); targets may be planned for months ahead.
    Target {
        #[command(subcommand)]
        action: ValueAction,
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
    /// Rate an RM's capability 1–5 (branch manager).
    Rating {
        #[command(subcommand)]
        action: RatingAction,
    },
    /// The built-in role templates.
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[arg(long, default_value_t = 14)]
    pub staff: usize,
    #[arg(long, default_value_t = 6000)]
    pub customers: usize,
    #[arg(long, default_value_t = 24)]
    pub months: usize,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[arg(long)]
    pub branch: String,
    #[arg(long, value_name = "LOGIN")]
    pub manager: String,
    #[arg(long, value_name = "NAME")]
    pub manager_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    Staff,
    Customers,
    Targets,
    Actuals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    Scorecard,
    Staff,
    Targets,
    Actuals,
    Coverage,
    Audit,
    Customers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub what: ExportKind,
    /// YYYY-MM, YYYY-Qn or YYYY (default: the latest month with actuals).
    #[arg(long)]
    pub period: Option<String>,
    /// The date coverage is measured at (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
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

#[derive(Debug, Args)]
pub struct SetValueArgs {
    /// The KPI's code (see `templates show ROLE`).
    #[arg(long, value_name = "CODE")]
    pub kpi: String,
    /// The month, YYYY-MM.
    #[arg(long)]
    pub period: String,
    /// The number, e.g. 1234.5, 1,23,456 or 12.5% for percent KPIs.
    #[arg(long, allow_hyphen_values = true)]
    pub value: String,
    /// Whose figure (default: your own; targets need it).
    #[arg(long)]
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
    #[arg(long)]
    pub period: String,
    /// Whose figure (default: your own; targets need it).
    #[arg(long)]
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
        login: String,
        /// The authorized_keys file (default: ~/.ssh/authorized_keys).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    List,
    Show {
        role: String,
        #[arg(long, value_enum, default_value_t = TemplateFormat::Text)]
        format: TemplateFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum SettingsAction {
    /// Print every setting as JSON.
    Show,
    /// Set one setting to a JSON value, e.g. `settings set fiscal_year_start_month 4`.
    Set {
        /// fiscal_year_start_month, band_thresholds or coverage_norms.
        key: String,
        /// The new value as JSON.
        value: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RatingAction {
    Set {
        #[arg(long)]
        login: String,
        /// A capability code (see `settings show` for the list under "capabilities").
        #[arg(long)]
        capability: String,
        /// 1 to 5.
        #[arg(long)]
        value: u8,
    },
}
