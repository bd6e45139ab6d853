//! `hq …`: head office's side (SPEC §8): prepare the database, give a branch its role, load a
//! bundle, export across branches, or open the head-office dashboard.

use super::args::{FormatArg, HqAction, HqArgs, HqExportArgs, HqExportKind};
use super::{Context, Failure};
use crate::domain::identity::check_branch_code;
use crate::domain::period::{Month, Period};
use crate::export::{write_csv, write_json};
use crate::hq::connect::Target;
use crate::hq::export as hq_export;
use crate::hq::store::{Applied, HqError, HqStore};
use std::io::IsTerminal;
use std::path::Path;

pub fn run(context: &Context, args: &HqArgs) -> Result<(), Failure> {
    let target = Target::from_option(args.pg.as_deref(), "--pg").map_err(HqError::from)?;
    match &args.action {
        None => dashboard(context, target),
        Some(HqAction::Init) => init(&target),
        Some(HqAction::Role { code, rotate }) => role(&target, code, *rotate),
        Some(HqAction::Forget { code }) => forget(&target, code),
        Some(HqAction::Load { file }) => load(&target, file),
        Some(HqAction::Export(export)) => self::export(context, &target, export),
    }
}

fn dashboard(context: &Context, target: Target) -> Result<(), Failure> {
    // Without a terminal the dashboard says so before reaching head office.
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        HqStore::open(&target)?.ensure_reader()?;
    }
    crate::hq::dashboard::run(target, context.today).map_err(|e| match e {
        crate::hq::dashboard::DashboardError::Hq(e) => e.into(),
        other => Failure::new(1, other.to_string()),
    })
}

fn init(target: &Target) -> Result<(), Failure> {
    let mut hq = HqStore::connect(target)?;
    let outcome = hq.init()?;
    if outcome.from_version == outcome.to_version {
        eprintln!("head office's schema in {} is up to date (version {})", target.describe(), outcome.to_version);
    } else if outcome.from_version == 0 {
        eprintln!("created head office's schema in {} (version {})", target.describe(), outcome.to_version);
    } else {
        eprintln!(
            "migrated head office's schema in {} from version {} to {}",
            target.describe(),
            outcome.from_version,
            outcome.to_version
        );
    }
    Ok(())
}

fn role(target: &Target, code: &str, rotate: bool) -> Result<(), Failure> {
    let code = check_branch_code(code).map_err(Failure::usage)?;
    let mut hq = HqStore::open(target)?;
    let password = new_password();
    let role = hq.branch_role(&code, &password, rotate)?;
    let field = |text: &str| text.replace('\\', "\\\\").replace(':', "\\:");
    println!(
        "{}:{}:{}:{}:{}",
        field(&target.host()),
        target.port(),
        field(target.database()),
        field(&role),
        field(&password)
    );
    eprintln!(
        "branch {code} writes as the role {role}. On the branch server, add the line above to the service account's \
         ~/.pgpass (chmod 600; use the host name the branch reaches head office by), then run: \
         branchboard sync --to postgresql://{role}@HOST:{}/{}",
        target.port(),
        target.database()
    );
    Ok(())
}

fn forget(target: &Target, code: &str) -> Result<(), Failure> {
    let code = check_branch_code(code).map_err(Failure::usage)?;
    let mut hq = HqStore::open(target)?;
    let removed = hq.forget_branch(&code)?;
    if removed == 0 {
        eprintln!("head office holds nothing of branch {code}");
    } else {
        eprintln!("removed branch {code} from head office ({removed} rows); its role, if any, is left for you to drop");
    }
    Ok(())
}

/// 24 letters and digits (about 143 bits), safe in a password file and a SQL literal.
fn new_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    (0..24).map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char).collect()
}

fn load(target: &Target, file: &Path) -> Result<(), Failure> {
    let mut hq = HqStore::open(target)?;
    let (mut parts, mut held, mut changed) = (0, 0, 0u64);
    let mut branches = std::collections::BTreeSet::new();
    for entry in crate::sync::read_bundle(file).map_err(|e| Failure::new(1, e.to_string()))? {
        let (line, part) = entry.map_err(|e| Failure::new(1, e.to_string()))?;
        if branches.insert(part.branch.code.clone()) && !hq.lock_branch(&part.branch.code)? {
            return Err(Failure::new(
                4,
                format!(
                    "another sync of branch {} is under way; load {} when it has finished",
                    part.branch.code,
                    file.display()
                ),
            ));
        }
        match hq.apply(&part) {
            Ok(Applied::Written(n)) => changed += n,
            Ok(Applied::AlreadyHeld) => held += 1,
            Err(e) => {
                return Err(Failure::new(
                    e.exit_code(),
                    format!("{}:{line}: {e} (the lines before it were loaded)", file.display()),
                ));
            }
        }
        parts += 1;
    }
    let branches: Vec<String> = branches.into_iter().collect();
    eprintln!(
        "loaded {} (branch {}): {parts} parts, {held} already held, {changed} rows changed",
        file.display(),
        branches.join(", ")
    );
    Ok(())
}

fn export(context: &Context, target: &Target, args: &HqExportArgs) -> Result<(), Failure> {
    let mut hq = HqStore::open(target)?;
    hq.ensure_reader()?;
    let region = args.region.as_deref();
    let out = std::io::stdout().lock();
    let json = args.format == FormatArg::Json;
    if args.what == HqExportKind::Coverage {
        let rows = hq.coverage(region)?;
        if json {
            write_json(out, &hq_export::coverage_json(&rows))?;
        } else {
            let lines = hq_export::coverage_csv_rows(&rows).map_err(|e| Failure::new(1, e))?;
            write_csv(out, &hq_export::coverage_csv_header(), lines)?;
        }
        return Ok(());
    }
    let period = match &args.period {
        Some(text) => text.parse::<Period>().map_err(|e| Failure::usage(format!("--period: {e}")))?,
        None => {
            let current = Month::of_date(context.today);
            Period::Month(hq.periods(current)?.latest_month.unwrap_or(current))
        }
    }
    .to_string();
    let is_final = hq.period_is_final(&period, region)?;
    let others = hq.other_calendars(&period, region)?;
    if !others.is_empty() {
        eprintln!(
            "left out of {period}: {} (their fiscal year starts in another month, so their {period} is other months)",
            others.join(", ")
        );
    }
    match args.what {
        HqExportKind::League => {
            let rows = hq.league(&period, region)?;
            if json {
                write_json(out, &hq_export::league_json(&period, is_final, &rows))?;
            } else {
                write_csv(out, &hq_export::league_csv_header(), hq_export::league_csv_rows(&period, is_final, &rows))?;
            }
        }
        HqExportKind::People | HqExportKind::Coverage => {
            let rows = hq.people(&period, region, false)?;
            if json {
                write_json(out, &hq_export::people_json(&period, is_final, &rows))?;
            } else {
                write_csv(out, &hq_export::PEOPLE_CSV_HEADER, hq_export::people_csv_rows(&period, is_final, &rows))?;
            }
        }
    }
    Ok(())
}
