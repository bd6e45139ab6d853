//! `init`, `demo` and opening the dashboard: creating a branch file and starting a session on it.

use super::args::{DemoArgs, InitArgs};
use super::progress::Bar;
use super::{Context, Failure};
use crate::demo::{DemoParams, generate_demo};
use crate::domain::capability::builtin_capabilities;
use crate::domain::identity::{check_branch_code, check_region};
use crate::domain::login::is_valid_login;
use crate::domain::template::{Role, builtin_templates};
use crate::domain::text::check_text;
use crate::store::{Store, StoreError, Via, with_suffix};
use crate::ui::clock::Clock;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The file `demo` writes when no `--db` is given.
pub const DEMO_FILE: &str = "branchboard-demo.db";

pub fn init(context: &Context, args: &InitArgs) -> Result<(), Failure> {
    if !is_valid_login(&args.manager) {
        return Err(Failure::usage(format!(
            "--manager: {:?} is not a valid login (a lowercase letter, then up to 31 of a-z 0-9 . _ -)",
            args.manager
        )));
    }
    if args.branch.trim().is_empty() {
        return Err(Failure::usage("--branch: the branch name is empty"));
    }
    let manager_name = args.manager_name.clone().unwrap_or_else(|| args.manager.clone());
    check_text("--branch", &args.branch).map_err(|e| Failure::usage(e.to_string()))?;
    check_text("--manager-name", &manager_name).map_err(|e| Failure::usage(e.to_string()))?;
    let identity = checked_identity(args.code.as_deref(), args.region.as_deref())?;
    let path = context.db_path();
    create_branch(&path, |store| {
        let templates = builtin_templates().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        store.init_branch(&args.branch, &args.manager, &manager_name, &templates, Via::Init)?;
        write_identity(store, &args.manager, Via::Init, &identity)
    })?;
    eprintln!("created branch {:?} in {}; its manager logs in as {}", args.branch.trim(), path.display(), args.manager);
    Ok(())
}

/// `--code` and `--region` checked, as the settings they become (`branch_code`, `region`).
fn checked_identity(code: Option<&str>, region: Option<&str>) -> Result<Vec<(&'static str, String)>, Failure> {
    let mut settings = Vec::new();
    if let Some(code) = code {
        let code = check_branch_code(code).map_err(|e| Failure::usage(format!("--code: {e}")))?;
        settings.push(("branch_code", serde_json::Value::from(code).to_string()));
    }
    if let Some(region) = region {
        let region = check_region(region).map_err(|e| Failure::usage(format!("--region: {e}")))?;
        settings.push(("region", serde_json::Value::from(region).to_string()));
    }
    Ok(settings)
}

/// Stores the checked identity settings as the new branch's manager.
fn write_identity(store: &mut Store, manager: &str, via: Via, settings: &[(&str, String)]) -> Result<(), StoreError> {
    let actor = store.resolve_actor(Some(manager), None)?;
    for (key, json) in settings {
        store.set_setting(&actor, via, key, json)?;
    }
    Ok(())
}

/// Creates a new branch file and fills it; a file this call created is removed again if
/// filling it fails, so a failed `init` or `demo` leaves nothing behind.
fn create_branch(path: &Path, fill: impl FnOnce(&mut Store) -> Result<(), StoreError>) -> Result<(), Failure> {
    let existed = path.exists();
    let mut store = Store::create(path)?;
    if let Err(e) = fill(&mut store) {
        drop(store);
        if !existed {
            remove_database_files(path);
        }
        return Err(e.into());
    }
    Ok(())
}

fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

pub fn demo(context: &Context, args: &DemoArgs) -> Result<(), Failure> {
    // Only an explicit --db: $BRANCHBOARD_DB may name a real branch, which demo must never touch.
    let path = context.explicit_db.clone().unwrap_or_else(|| PathBuf::from(DEMO_FILE));
    let replace = path.exists();
    if replace {
        let is_demo = match Store::open(&path) {
            Ok(store) => store.is_demo()?,
            Err(StoreError::NoDatabase(_)) => false,
            Err(e) => return Err(e.into()),
        };
        if !is_demo {
            return Err(Failure::new(
                1,
                format!(
                    "{} is not a demo branch; demo will not overwrite it (pass --db to choose another file)",
                    path.display()
                ),
            ));
        }
    }
    let identity = checked_identity(args.code.as_deref(), args.region.as_deref())?;
    let params = DemoParams {
        staff: args.staff,
        customers: args.customers,
        months: args.months,
        seed: args.seed,
        today: context.today,
    };
    let manager = build_demo(&path, &params, replace, true, &identity)?;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        let dashboard = Context {
            explicit_db: Some(path),
            as_login: Some(manager),
            today: context.today,
            today_given: context.today_given,
        };
        return open_dashboard(&dashboard);
    }
    Ok(())
}

/// Generates a demo branch into a new file at `path` and returns its manager's login. With
/// `replace`, an existing (demo) file is removed once the new branch has been generated, so
/// bad parameters leave the old demo in place. `report` shows progress and a summary on stderr.
pub fn build_demo(
    path: &Path,
    params: &DemoParams,
    replace: bool,
    report: bool,
    identity: &[(&str, String)],
) -> Result<String, Failure> {
    let templates = builtin_templates().map_err(|e| Failure::new(1, e.to_string()))?;
    let capabilities = builtin_capabilities().map_err(|e| Failure::new(1, e))?;
    let by_role = templates.iter().filter_map(|t| Some((Role::from_code(&t.role)?, t.clone()))).collect();
    let data = generate_demo(params, &by_role, &capabilities).map_err(|e| Failure::usage(e.to_string()))?;
    let manager = data
        .staff
        .iter()
        .find(|m| m.role == Role::BranchManager)
        .ok_or_else(|| Failure::new(1, "the demo has no branch manager"))?;
    // Built beside the target and renamed over it when complete, so a run that is killed
    // leaves only its own `.building` file, which the next run removes.
    let building = with_suffix(path, ".building");
    remove_database_files(&building);
    let rows = (data.customers.len() + data.targets.len() + data.actuals.len()) as u64;
    let bar = Bar::new(if report { rows } else { 0 }, "writing the demo branch");
    create_branch(&building, |store| {
        store.init_branch("Demo Branch, MG Road", &manager.login, &manager.name, &templates, Via::Demo)?;
        store.write_demo(&manager.login, &params.to_string(), &data, &bar)?;
        write_identity(store, &manager.login, Via::Demo, identity)
    })?;
    bar.finish();
    keep_opening_scores(&building, params.today)?;
    if replace {
        remove_database_files(path);
    }
    std::fs::rename(&building, path).map_err(|e| {
        Failure::new(1, format!("could not move the new demo branch from {} to its place: {e}", building.display()))
    })?;
    if report {
        eprintln!(
            "created the demo branch in {} ({} staff, {} customers, {} months); its manager logs in as {}",
            path.display(),
            data.staff.len(),
            data.customers.len(),
            params.months,
            manager.login
        );
    }
    Ok(manager.login.clone())
}

/// Scores and keeps what the dashboard shows first (the latest month with actuals and its
/// trend, every RM's book), so that opening the new branch is as quick as any later open.
fn keep_opening_scores(path: &Path, today: chrono::NaiveDate) -> Result<(), Failure> {
    let mut store = Store::open(path)?;
    store.set_today(today);
    let current = crate::domain::period::Month::of_date(today);
    let month = store.latest_month_with_actuals(current)?.unwrap_or(current);
    store.team_history(crate::domain::period::Period::Month(month), crate::ui::data::TREND_PERIODS)?;
    store.counted_books()?;
    Ok(())
}

/// Opens the dashboard on the branch file as the acting user.
pub fn open_dashboard(context: &Context) -> Result<(), Failure> {
    let store = context.open_store()?;
    let actor = context.actor(&store)?;
    let path = store.path().to_path_buf();
    // The dashboard opens its own connections; this one only checked the file and the user.
    drop(store);
    // Without `--today` the dashboard's day follows the system clock, also past midnight.
    let clock = if context.today_given { Clock::SystemOn(context.today) } else { Clock::System };
    crate::ui::run_dashboard(&path, actor, clock).map_err(|e| match e {
        crate::ui::DashboardError::Store(e) => e.into(),
        other => Failure::new(1, other.to_string()),
    })
}
