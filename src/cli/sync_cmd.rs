//! `sync`: ship this branch to head office's PostgreSQL, or to a bundle file (SPEC §8).

use super::args::SyncArgs;
use super::{Context, Failure};
use crate::hq::connect::Target;
use crate::hq::store::{Applied, HqError, HqStore};
use crate::store::{BundleState, SCORING_VERSION, Store, StoreError};
use crate::sync::part::{BranchLabel, Part};
use crate::sync::plan::{self, Header, audit_row};
use crate::sync::{Held, Here, Plan, SyncError, Why, decide, write_bundle};
use std::io::IsTerminal;
use std::path::Path;

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Store(e) => e.into(),
            SyncError::Ship { message, code } => Failure::new(code, message),
            SyncError::Internal(message) => Failure::new(1, message),
        }
    }
}

impl From<HqError> for Failure {
    fn from(e: HqError) -> Self {
        Failure::new(e.exit_code(), e.to_string())
    }
}

fn shipped(e: HqError) -> SyncError {
    SyncError::Ship { code: e.exit_code(), message: e.to_string() }
}

pub fn run(context: &Context, args: &SyncArgs) -> Result<(), Failure> {
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    actor.ensure_manager("sync the branch to head office")?;
    let branch = branch_label(&store)?;
    if let Some(file) = &args.to_file
        && file.exists()
    {
        return Err(Failure::new(1, crate::sync::BundleError::Exists(file.to_path_buf()).to_string()));
    }
    match &args.to_file {
        Some(file) => to_file(&mut store, context, branch, file, args.full),
        None => to_head_office(&mut store, context, branch, args.to.as_deref(), args.full),
    }
}

/// `--full`: a new generation, so that everything is shipped again and replaces what head
/// office holds. Started only once the sync can go ahead (head office reached, file free).
fn start_over(store: &mut Store) -> Result<(), Failure> {
    store.start_new_generation()?;
    eprintln!("starting a new generation of {}: everything is shipped again", store.path().display());
    Ok(())
}

/// The branch's code and region, which head office files everything under.
fn branch_label(store: &Store) -> Result<BranchLabel, Failure> {
    let identity = store.sync_identity()?;
    let missing = |key: &str, example: &str| {
        Failure::new(
            1,
            format!("this branch has no {key} yet; set it first: branchboard settings set {key} '\"{example}\"'"),
        )
    };
    Ok(BranchLabel {
        code: identity.code.ok_or_else(|| missing("branch_code", "B001"))?,
        region: identity.region.ok_or_else(|| missing("region", "South"))?,
        name: identity.name,
    })
}

fn to_head_office(
    store: &mut Store,
    context: &Context,
    branch: BranchLabel,
    url: Option<&str>,
    full: bool,
) -> Result<(), Failure> {
    let target = Target::from_option(url, "--to").map_err(HqError::from)?;
    let mut hq = HqStore::open(&target)?;
    let code = branch.code.clone();
    if !hq.lock_branch(&code)? {
        return Err(Failure::new(
            4,
            format!("another sync of branch {code} is under way; run this one when it has finished"),
        ));
    }
    if full {
        start_over(store)?;
    }
    let held = match hq.branch_state(&code)? {
        None => None,
        Some(state) => {
            let row_at_watermark = match state.watermark {
                Some(w) if w > 0 => hq.audit_row(&code, w)?,
                _ => None,
            };
            Some(Held {
                generation: state.generation,
                watermark: state.watermark,
                as_of: state.as_of,
                row_at_watermark,
                scoring_version: state.scoring_version,
            })
        }
    };
    let mark = store.change_mark()?;
    let file_row = match held.as_ref().and_then(|h| h.watermark) {
        Some(w) if w > 0 => store.audit_record(w)?.map(|r| audit_row(&r)),
        _ => None,
    };
    let generation = store.sync_identity()?.generation;
    let here = Here {
        generation: &generation,
        row_at_watermark: file_row.as_ref(),
        mark,
        today: context.today,
        scoring_version: SCORING_VERSION,
    };
    let plan = decide(held.as_ref(), here);
    let mut progress = Progress::new(&plan, store, mark)?;
    let mut send = |part: Part| {
        let rows = part.rows();
        let applied = hq.apply(&part).map_err(shipped)?;
        progress.part_sent(rows, applied);
        Ok(())
    };
    let header = |generation: String| Header { branch: branch.clone(), generation, as_of: context.today, mark };
    match plan {
        Plan::UpToDate => {
            eprintln!(
                "head office already holds branch {code} up to change #{mark} as of {}; nothing to send",
                context.today
            );
            return Ok(());
        }
        Plan::Snapshot(why) => {
            let generation = match why {
                Why::Restored { id } => {
                    eprintln!(
                        "head office's change #{id} of branch {code} is not this file's: the file was restored from a backup; \
                         starting a new generation and shipping everything, which replaces what head office holds"
                    );
                    store.start_new_generation()?
                }
                _ => generation,
            };
            plan::snapshot(store, &header(generation), &mut send).map_err(|e| explain_refusal(e, &target, &code))?;
        }
        Plan::Changes { from, new_day, rescore } => {
            plan::changes(store, &header(generation), from, (new_day, rescore), &mut send)
                .map_err(|e| explain_refusal(e, &target, &code))?;
        }
    }
    progress.finish(&format!("branch {code} synced to head office ({}) up to change #{mark}", target.describe()));
    Ok(())
}

/// A row-level security refusal names the role and the branch it writes for.
fn explain_refusal(error: SyncError, target: &Target, code: &str) -> SyncError {
    match error {
        SyncError::Ship { message, code: 3 } => SyncError::Ship {
            code: 3,
            message: format!(
                "{message}: the role {} may not write branch {code}'s rows; each branch syncs as its own role \
                 (`branchboard hq role {code}` at head office creates it)",
                target.user()
            ),
        },
        other => other,
    }
}

fn to_file(store: &mut Store, context: &Context, branch: BranchLabel, file: &Path, full: bool) -> Result<(), Failure> {
    if full {
        start_over(store)?;
    }
    let mark = store.change_mark()?;
    let generation = store.sync_identity()?.generation;
    let plan = match store.bundle_state()? {
        Some(last) if !full => {
            let (new_day, rescore) = (last.as_of < context.today, last.scoring_version != SCORING_VERSION);
            if last.watermark >= mark && !new_day && !rescore {
                Plan::UpToDate
            } else {
                Plan::Changes { from: last.watermark, new_day, rescore }
            }
        }
        _ => Plan::Snapshot(Why::FirstSync),
    };
    if plan == Plan::UpToDate {
        eprintln!("nothing new since the last bundle (up to change #{mark}, {}); no file written", context.today);
        return Ok(());
    }
    let header = Header { branch: branch.clone(), generation: generation.clone(), as_of: context.today, mark };
    let mut progress = Progress { to_file: true, ..Progress::new(&plan, store, mark)? };
    write_bundle(
        file,
        |write| {
            let mut send = |part: Part| {
                let rows = part.rows();
                write(part)?;
                progress.part_sent(rows, Applied::AlreadyHeld);
                Ok(())
            };
            match plan {
                Plan::Changes { from, new_day, rescore } => {
                    plan::changes(store, &header, from, (new_day, rescore), &mut send)
                }
                _ => plan::snapshot(store, &header, &mut send),
            }
            .map(|_| ())
        },
        |e| SyncError::Ship { message: e.to_string(), code: 1 },
    )?;
    store.record_bundle(&BundleState {
        generation,
        watermark: mark,
        as_of: context.today,
        scoring_version: SCORING_VERSION,
    })?;
    progress.finish(&format!(
        "wrote branch {} up to change #{mark} to {}; at head office run: branchboard hq load {}",
        branch.code,
        file.display(),
        crate::domain::text::shell_quote(&file.display().to_string())
    ));
    Ok(())
}

/// What a sync says on stderr: a bar on a terminal for a full sync, else a line per part.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    parts: usize,
    rows: usize,
    written: u64,
    /// Parts go to a bundle file, where nothing is "changed" yet.
    to_file: bool,
}

impl Progress {
    fn new(plan: &Plan, store: &Store, mark: i64) -> Result<Progress, StoreError> {
        let bar = match plan {
            Plan::Snapshot(_) if std::io::stderr().is_terminal() => {
                let (targets, actuals, audit) = store.sync_sizes(mark)?;
                let bar = indicatif::ProgressBar::new(targets + actuals + audit);
                if let Ok(style) = indicatif::ProgressStyle::with_template("shipping [{bar:40}] {pos}/{len} rows {eta}")
                {
                    bar.set_style(style.progress_chars("=> "));
                }
                Some(bar)
            }
            _ => None,
        };
        Ok(Progress { bar, parts: 0, rows: 0, written: 0, to_file: false })
    }

    fn part_sent(&mut self, rows: usize, applied: Applied) {
        self.parts += 1;
        self.rows += rows;
        if let Applied::Written(n) = applied {
            self.written += n;
        }
        match &self.bar {
            Some(bar) => bar.inc(rows as u64),
            None => eprintln!("part {} sent: {rows} rows", self.parts),
        }
    }

    fn finish(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        match self.to_file {
            true => eprintln!("{what}: {} parts, {} rows", self.parts, self.rows),
            false => eprintln!("{what}: {} parts, {} rows sent, {} rows changed", self.parts, self.rows, self.written),
        }
    }
}
