//! Applying one part a branch shipped, in one transaction: checked against what head office
//! already holds of the branch (generation, watermark, the audit row it builds on), written with
//! upserts that leave equal rows alone, the watermark moved in the same transaction.

use super::{HqError, HqStore};
use crate::sync::part::{AuditRow, Part, PartKind, PeriodScores, ValueKeyRow, ValueRow};
use chrono::NaiveDate;
use postgres::Transaction;

/// What applying a part did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Rows were written (how many inserted, changed or removed).
    Written(u64),
    /// Head office already held everything in it (sent twice, or an older part).
    AlreadyHeld,
}

/// The NOTIFY channel a landed sync signals (payload: the branch code).
pub const SYNC_CHANNEL: &str = "branchboard_sync";

/// Head office's record of a branch's sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchState {
    pub generation: String,
    pub snapshot: i64,
    /// `None` while a snapshot is under way.
    pub watermark: Option<i64>,
    pub as_of: NaiveDate,
    pub scoring_version: i64,
}

impl HqStore {
    /// Head office's record of branch `code`, if it ever synced.
    pub fn branch_state(&mut self, code: &str) -> Result<Option<BranchState>, HqError> {
        let row = self.client.query_opt(
            "SELECT generation, snapshot, watermark, as_of, scoring_version FROM branchboard.branch WHERE branch_code = $1",
            &[&code],
        )?;
        Ok(row.map(|r| BranchState {
            generation: r.get(0),
            snapshot: r.get(1),
            watermark: r.get(2),
            as_of: r.get(3),
            scoring_version: r.get(4),
        }))
    }

    /// The audit row `id` head office holds for branch `code`.
    pub fn audit_row(&mut self, code: &str, id: i64) -> Result<Option<AuditRow>, HqError> {
        let row = self.client.query_opt(
            "SELECT id, at, actor, action, entity, key, old, new, via FROM branchboard.audit
             WHERE branch_code = $1 AND id = $2",
            &[&code, &id],
        )?;
        Ok(row.as_ref().map(audit_row_of))
    }

    /// Takes the branch's sync lock for this session (released when it ends, also when the
    /// process is killed): false when another sync of the branch holds it.
    pub fn lock_branch(&mut self, code: &str) -> Result<bool, HqError> {
        let key = format!("branchboard sync {code}");
        // 64 bits of hash: two of thousands of branches never share a lock.
        Ok(self.client.query_one("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", &[&key])?.get(0))
    }

    /// Removes every row of branch `code` in one transaction; returns how many.
    pub fn forget_branch(&mut self, code: &str) -> Result<u64, HqError> {
        let mut tx = self.client.transaction()?;
        let mut removed = 0;
        for table in super::schema::BRANCH_TABLES.iter().rev() {
            removed += tx.execute(&format!("DELETE FROM branchboard.{table} WHERE branch_code = $1"), &[&code])?;
        }
        tx.execute("SELECT pg_notify($1, $2)", &[&SYNC_CHANNEL, &code])?;
        tx.commit()?;
        Ok(removed)
    }

    /// Applies `part` in one transaction.
    pub fn apply(&mut self, part: &Part) -> Result<Applied, HqError> {
        if part.format > crate::sync::part::PART_FORMAT {
            return Err(HqError::Refused(format!(
                "this part has format {}, newer than this build reads ({}); update branchboard at head office",
                part.format,
                crate::sync::part::PART_FORMAT
            )));
        }
        let mut tx = self.client.transaction()?;
        let code = part.branch.code.as_str();
        let held = tx
            .query_opt(
                "SELECT generation, snapshot, watermark, as_of, scoring_version FROM branchboard.branch
                 WHERE branch_code = $1 FOR UPDATE",
                &[&code],
            )?
            .map(|r| BranchState {
                generation: r.get(0),
                snapshot: r.get(1),
                watermark: r.get(2),
                as_of: r.get(3),
                scoring_version: r.get(4),
            });
        if let Some(held) = &held
            && let Some(watermark) = held.watermark
            && held.generation == part.generation
        {
            check_history(&mut tx, part, watermark)?;
        }
        // Every part's figures are as new as the sync's mark at least: a part is held when
        // head office holds the branch up to that mark (not merely up to the part's range).
        let already = |held: &BranchState| {
            held.generation == part.generation
                && held.watermark.is_some_and(|w| w >= part.mark.max(part.to))
                && held.as_of >= part.as_of
                && held.scoring_version == part.scoring_version
        };
        let stamp = match (part.kind, &held) {
            (_, Some(held)) if already(held) => return Ok(Applied::AlreadyHeld),
            // Not held, yet from a file that stops before head office's watermark: a file restored
            // from a backup (or a stale copy) writing on a later day. Mixed in, it would set
            // today's figures beside changes the file no longer has.
            (_, Some(held))
                if held.generation == part.generation && held.watermark.is_some_and(|w| w > part.mark.max(part.to)) =>
            {
                return Err(HqError::Restored(code.to_string()));
            }
            (PartKind::Snapshot { snapshot, first: true }, _) => {
                start_generation(&mut tx, part, held.as_ref())?;
                tx.execute(
                    "INSERT INTO branchboard.branch (branch_code, region, name, generation, snapshot, watermark, as_of)
                     VALUES ($1, $2, $3, $4, $5, NULL, $6)
                     ON CONFLICT (branch_code) DO UPDATE SET region = excluded.region, name = excluded.name,
                         generation = excluded.generation, snapshot = excluded.snapshot, watermark = NULL",
                    &[&code, &part.branch.region, &part.branch.name, &part.generation, &snapshot, &part.as_of],
                )?;
                snapshot
            }
            (PartKind::Snapshot { snapshot, first: false }, Some(held)) if held.snapshot == snapshot => snapshot,
            (PartKind::Snapshot { .. }, _) => {
                return Err(HqError::Refused(format!(
                    "branch {code}: this part belongs to a snapshot head office is not receiving (it was restarted); \
                     run sync again, or load the whole bundle from its first line"
                )));
            }
            (PartKind::Changes, None) => {
                return Err(HqError::Refused(format!(
                    "branch {code} has never been synced here; its first sync (or bundle) must be a full one: \
                     on the branch, run `sync --to-file FILE --full`"
                )));
            }
            (PartKind::Changes, Some(held)) => {
                check_changes(part, held)?;
                held.snapshot
            }
        };
        let mut written = write_rows(&mut tx, part, stamp)?;
        written += tx.execute(
            "UPDATE branchboard.branch SET region = $2, name = $3 WHERE branch_code = $1 AND (region, name) IS DISTINCT FROM ($2, $3)",
            &[&code, &part.branch.region, &part.branch.name],
        )?;
        if part.last {
            let snapshot = match part.kind {
                PartKind::Snapshot { snapshot, .. } => {
                    written += remove_older_snapshots(&mut tx, code, snapshot)?;
                    true
                }
                PartKind::Changes => false,
            };
            // A snapshot sets the day as it is (a clock once ahead does not stay); changes only
            // move it forward. The scoring version is the part's: its scorecards are all re-sent.
            written += tx.execute(
                "UPDATE branchboard.branch
                 SET watermark = greatest(coalesce(watermark, 0), $2),
                     as_of = CASE WHEN $4 THEN $3 ELSE greatest(as_of, $3) END, scoring_version = $5
                 WHERE branch_code = $1
                   AND (watermark IS NULL OR watermark < $2 OR as_of IS DISTINCT FROM
                        (CASE WHEN $4 THEN $3 ELSE greatest(as_of, $3) END) OR scoring_version <> $5)",
                &[&code, &part.to, &part.as_of, &snapshot, &part.scoring_version],
            )?;
        }
        if written > 0 {
            tx.execute(
                "UPDATE branchboard.branch SET syncs = syncs + 1, synced_at = now() WHERE branch_code = $1",
                &[&code],
            )?;
            tx.execute("SELECT pg_notify($1, $2)", &[&SYNC_CHANNEL, &code])?;
        }
        tx.commit()?;
        Ok(if written > 0 { Applied::Written(written) } else { Applied::AlreadyHeld })
    }
}

/// A part of changes must continue what head office holds: same generation, a finished
/// snapshot, and nothing missing between head office's watermark and the part's start.
fn check_changes(part: &Part, held: &BranchState) -> Result<(), HqError> {
    let code = &part.branch.code;
    if held.generation != part.generation {
        return Err(HqError::Refused(format!(
            "branch {code}: this part comes from another life of the branch file (generation {}, head office has {}); \
             make a full bundle on the branch with `sync --to-file FILE --full`",
            part.generation, held.generation
        )));
    }
    let Some(watermark) = held.watermark else {
        return Err(HqError::Refused(format!(
            "branch {code}: a full sync of the branch is unfinished here; run sync again, or load its full bundle"
        )));
    };
    if part.from > watermark {
        return Err(HqError::Refused(format!(
            "branch {code}: head office holds its changes up to #{watermark}, this part starts after #{}; \
             load the bundles in between first, or make a full bundle with `sync --to-file FILE --full`",
            part.from
        )));
    }
    Ok(())
}

/// An audit row from the columns `id, at, actor, action, entity, key, old, new, via`.
fn audit_row_of(r: &postgres::Row) -> AuditRow {
    AuditRow {
        id: r.get(0),
        at: r.get(1),
        actor: r.get(2),
        action: r.get(3),
        entity: r.get(4),
        key: r.get(5),
        old: r.get(6),
        new: r.get(7),
        via: r.get(8),
    }
}

/// The part's audit rows up to head office's watermark (the one it builds on, the one it ends
/// with, those it carries) must be the ones head office holds: a file restored from a backup
/// wrote other rows under the same ids, and its parts are refused rather than mixed in.
fn check_history(tx: &mut Transaction<'_>, part: &Part, watermark: i64) -> Result<(), HqError> {
    let known: Vec<&AuditRow> =
        part.anchor.iter().chain(part.tip.iter()).chain(part.audit.iter()).filter(|row| row.id <= watermark).collect();
    if known.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = known.iter().map(|row| row.id).collect();
    let held: std::collections::HashMap<i64, AuditRow> = tx
        .query(
            "SELECT id, at, actor, action, entity, key, old, new, via FROM branchboard.audit
             WHERE branch_code = $1 AND id = ANY($2)",
            &[&part.branch.code, &ids],
        )?
        .iter()
        .map(|r| {
            let row = audit_row_of(r);
            (row.id, row)
        })
        .collect();
    match known.iter().find(|row| held.get(&row.id) != Some(**row)) {
        Some(_) => Err(HqError::Restored(part.branch.code.clone())),
        None => Ok(()),
    }
}

/// Writes every row of the part stamped `stamp`; returns how many rows changed.
fn write_rows(tx: &mut Transaction<'_>, part: &Part, stamp: i64) -> Result<u64, HqError> {
    let code = part.branch.code.as_str();
    let mut written = 0;
    if !part.staff.is_empty() {
        let column =
            |f: fn(&crate::sync::part::StaffRow) -> Option<String>| part.staff.iter().map(f).collect::<Vec<_>>();
        let logins = column(|s| Some(s.login.clone()));
        let names = column(|s| Some(s.name.clone()));
        let roles = column(|s| Some(s.role.clone()));
        let managers = column(|s| s.manager_login.clone());
        let focuses = column(|s| s.focus.clone());
        // Segments travel as one `;`-joined text per person (arrays of arrays must be rectangular).
        let segments = column(|s| Some(s.segments.join(";")));
        written += tx.execute(
            "INSERT INTO branchboard.staff AS t (branch_code, login, name, role, manager_login, focus, segments, snapshot)
             SELECT $1, u.login, u.name, u.role, u.manager, u.focus,
                    CASE WHEN u.segments = '' THEN '{}'::text[] ELSE string_to_array(u.segments, ';') END, $2
             FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                  AS u(login, name, role, manager, focus, segments)
             ON CONFLICT (branch_code, login) DO UPDATE SET name = excluded.name, role = excluded.role,
                 manager_login = excluded.manager_login, focus = excluded.focus, segments = excluded.segments,
                 snapshot = excluded.snapshot
             WHERE (t.name, t.role, t.manager_login, t.focus, t.segments, t.snapshot)
                   IS DISTINCT FROM (excluded.name, excluded.role, excluded.manager_login, excluded.focus,
                                     excluded.segments, excluded.snapshot)",
            &[&code, &stamp, &logins, &names, &roles, &managers, &focuses, &segments],
        )?;
    }
    for (table, rows, cleared) in
        [("target", &part.targets, &part.cleared_targets), ("actual", &part.actuals, &part.cleared_actuals)]
    {
        written += upsert_values(tx, table, code, stamp, rows)?;
        written += delete_values(tx, table, code, cleared)?;
    }
    if !part.months.is_empty() {
        let months: Vec<&str> = part.months.iter().map(|m| m.month.as_str()).collect();
        let states: Vec<&str> = part.months.iter().map(|m| m.state.as_str()).collect();
        written += tx.execute(
            "INSERT INTO branchboard.month_state AS t (branch_code, month, state, snapshot)
             SELECT $1, u.month, u.state, $2 FROM unnest($3::text[], $4::text[]) AS u(month, state)
             ON CONFLICT (branch_code, month) DO UPDATE SET state = excluded.state, snapshot = excluded.snapshot
             WHERE (t.state, t.snapshot) IS DISTINCT FROM (excluded.state, excluded.snapshot)",
            &[&code, &stamp, &months, &states],
        )?;
    }
    for period in &part.scorecards {
        written += replace_period(tx, code, stamp, period)?;
    }
    if let Some(periods) = &part.periods {
        for table in ["scorecard", "branch_period"] {
            written += tx.execute(
                &format!("DELETE FROM branchboard.{table} WHERE branch_code = $1 AND period <> ALL($2::text[])"),
                &[&code, periods],
            )?;
        }
    }
    if let Some(rms) = &part.coverage {
        written += replace_coverage(tx, code, stamp, rms)?;
    }
    written += insert_audit(tx, code, stamp, &part.audit)?;
    Ok(written)
}

fn upsert_values(
    tx: &mut Transaction<'_>,
    table: &str,
    code: &str,
    stamp: i64,
    rows: &[ValueRow],
) -> Result<u64, HqError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let months: Vec<&str> = rows.iter().map(|r| r.month.as_str()).collect();
    let logins: Vec<&str> = rows.iter().map(|r| r.login.as_str()).collect();
    let kpis: Vec<&str> = rows.iter().map(|r| r.kpi.as_str()).collect();
    let values: Vec<f64> = rows.iter().map(|r| r.value).collect();
    Ok(tx.execute(
        &format!(
            "INSERT INTO branchboard.{table} AS t (branch_code, month, login, kpi, value, snapshot)
             SELECT $1, u.month, u.login, u.kpi, u.value, $2
             FROM unnest($3::text[], $4::text[], $5::text[], $6::float8[]) AS u(month, login, kpi, value)
             ON CONFLICT (branch_code, month, login, kpi) DO UPDATE SET value = excluded.value, snapshot = excluded.snapshot
             WHERE (t.value, t.snapshot) IS DISTINCT FROM (excluded.value, excluded.snapshot)"
        ),
        &[&code, &stamp, &months, &logins, &kpis, &values],
    )?)
}

fn delete_values(tx: &mut Transaction<'_>, table: &str, code: &str, keys: &[ValueKeyRow]) -> Result<u64, HqError> {
    if keys.is_empty() {
        return Ok(0);
    }
    let months: Vec<&str> = keys.iter().map(|r| r.month.as_str()).collect();
    let logins: Vec<&str> = keys.iter().map(|r| r.login.as_str()).collect();
    let kpis: Vec<&str> = keys.iter().map(|r| r.kpi.as_str()).collect();
    Ok(tx.execute(
        &format!(
            "DELETE FROM branchboard.{table} t USING unnest($2::text[], $3::text[], $4::text[]) AS u(month, login, kpi)
             WHERE t.branch_code = $1 AND t.month = u.month AND t.login = u.login AND t.kpi = u.kpi"
        ),
        &[&code, &months, &logins, &kpis],
    )?)
}

/// One period's scorecards replace what head office held for it.
fn replace_period(tx: &mut Transaction<'_>, code: &str, stamp: i64, period: &PeriodScores) -> Result<u64, HqError> {
    let kind = match period.period.len() {
        4 => "year",
        7 if period.period.contains('Q') => "quarter",
        _ => "month",
    };
    let outside_manager = period.employees.iter().filter(|e| e.role != "branch_manager");
    let targeted: i64 = outside_manager.clone().map(|e| e.targeted as i64).sum();
    let reported: i64 = outside_manager.map(|e| e.reported as i64).sum();
    let mut written = tx.execute(
        "INSERT INTO branchboard.branch_period AS t
             (branch_code, period, kind, first_month, last_month, final, targeted, reported, snapshot)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (branch_code, period) DO UPDATE SET kind = excluded.kind, first_month = excluded.first_month,
             last_month = excluded.last_month, final = excluded.final, targeted = excluded.targeted,
             reported = excluded.reported, snapshot = excluded.snapshot
         WHERE (t.kind, t.first_month, t.last_month, t.final, t.targeted, t.reported, t.snapshot)
               IS DISTINCT FROM (excluded.kind, excluded.first_month, excluded.last_month, excluded.final,
                                 excluded.targeted, excluded.reported, excluded.snapshot)",
        &[
            &code,
            &period.period,
            &kind,
            &period.first_month,
            &period.last_month,
            &period.is_final,
            &targeted,
            &reported,
            &stamp,
        ],
    )?;
    let e = &period.employees;
    let logins: Vec<&str> = e.iter().map(|x| x.login.as_str()).collect();
    let names: Vec<&str> = e.iter().map(|x| x.name.as_str()).collect();
    let roles: Vec<&str> = e.iter().map(|x| x.role.as_str()).collect();
    let overalls: Vec<Option<f64>> = e.iter().map(|x| x.overall).collect();
    let bands: Vec<Option<&str>> = e.iter().map(|x| x.band.as_deref()).collect();
    let ranks: Vec<Option<i32>> = e.iter().map(|x| x.rank.map(|r| r as i32)).collect();
    let completeness: Vec<Option<f64>> = e.iter().map(|x| x.completeness).collect();
    let changes: Vec<Option<f64>> = e.iter().map(|x| x.change).collect();
    let targeted: Vec<i64> = e.iter().map(|x| x.targeted as i64).collect();
    let reported: Vec<i64> = e.iter().map(|x| x.reported as i64).collect();
    let cards: Vec<&serde_json::Value> = e.iter().map(|x| &x.card).collect();
    written += tx.execute(
        "DELETE FROM branchboard.scorecard WHERE branch_code = $1 AND period = $2 AND login <> ALL($3::text[])",
        &[&code, &period.period, &logins],
    )?;
    written += tx.execute(
        "INSERT INTO branchboard.scorecard AS t (branch_code, period, login, name, role, overall, band, rank,
             completeness, change, targeted, reported, card, snapshot)
         SELECT $1, $2, u.login, u.name, u.role, u.overall, u.band, u.rank, u.completeness, u.change,
                u.targeted, u.reported, u.card, $3
         FROM unnest($4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::int4[], $10::float8[],
                     $11::float8[], $12::int8[], $13::int8[], $14::jsonb[])
              AS u(login, name, role, overall, band, rank, completeness, change, targeted, reported, card)
         ON CONFLICT (branch_code, period, login) DO UPDATE SET name = excluded.name, role = excluded.role,
             overall = excluded.overall, band = excluded.band, rank = excluded.rank,
             completeness = excluded.completeness, change = excluded.change, targeted = excluded.targeted,
             reported = excluded.reported, card = excluded.card, snapshot = excluded.snapshot
         WHERE (t.name, t.role, t.overall, t.band, t.rank, t.completeness, t.change, t.targeted, t.reported,
                t.card, t.snapshot)
               IS DISTINCT FROM (excluded.name, excluded.role, excluded.overall, excluded.band, excluded.rank,
                                 excluded.completeness, excluded.change, excluded.targeted, excluded.reported,
                                 excluded.card, excluded.snapshot)",
        &[
            &code,
            &period.period,
            &stamp,
            &logins,
            &names,
            &roles,
            &overalls,
            &bands,
            &ranks,
            &completeness,
            &changes,
            &targeted,
            &reported,
            &cards,
        ],
    )?;
    Ok(written)
}

/// Every RM's coverage replaces what head office held for the branch.
fn replace_coverage(
    tx: &mut Transaction<'_>,
    code: &str,
    stamp: i64,
    rms: &[serde_json::Value],
) -> Result<u64, HqError> {
    let field =
        |rm: &serde_json::Value, key: &str| rm.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let logins: Vec<String> = rms.iter().map(|rm| field(rm, "login")).collect();
    let statuses: Vec<String> = rms.iter().map(|rm| field(rm, "status")).collect();
    let cards: Vec<&serde_json::Value> = rms.iter().collect();
    let mut written = tx.execute(
        "DELETE FROM branchboard.coverage WHERE branch_code = $1 AND login <> ALL($2::text[])",
        &[&code, &logins],
    )?;
    written += tx.execute(
        "INSERT INTO branchboard.coverage AS t (branch_code, login, status, card, snapshot)
         SELECT $1, u.login, u.status, u.card, $2 FROM unnest($3::text[], $4::text[], $5::jsonb[]) AS u(login, status, card)
         ON CONFLICT (branch_code, login) DO UPDATE SET status = excluded.status, card = excluded.card,
             snapshot = excluded.snapshot
         WHERE (t.status, t.card, t.snapshot) IS DISTINCT FROM (excluded.status, excluded.card, excluded.snapshot)",
        &[&code, &stamp, &logins, &statuses, &cards],
    )?;
    Ok(written)
}

/// Audit rows by id; a row head office holds differently (a file's earlier life) is replaced.
fn insert_audit(tx: &mut Transaction<'_>, code: &str, stamp: i64, rows: &[AuditRow]) -> Result<u64, HqError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let text = |f: fn(&AuditRow) -> &str| rows.iter().map(f).collect::<Vec<&str>>();
    let optional = |f: fn(&AuditRow) -> Option<&str>| rows.iter().map(f).collect::<Vec<Option<&str>>>();
    let (at, actor, action, entity, key, via) = (
        text(|r| &r.at),
        text(|r| &r.actor),
        text(|r| &r.action),
        text(|r| &r.entity),
        text(|r| &r.key),
        text(|r| &r.via),
    );
    let (old, new) = (optional(|r| r.old.as_deref()), optional(|r| r.new.as_deref()));
    Ok(tx.execute(
        "INSERT INTO branchboard.audit AS t (branch_code, id, at, actor, action, entity, key, old, new, via, snapshot)
         SELECT $1, u.id, u.at, u.actor, u.action, u.entity, u.key, u.old, u.new, u.via, $2
         FROM unnest($3::int8[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
              AS u(id, at, actor, action, entity, key, old, new, via)
         ON CONFLICT (branch_code, id) DO UPDATE SET at = excluded.at, actor = excluded.actor, action = excluded.action,
             entity = excluded.entity, key = excluded.key, old = excluded.old, new = excluded.new, via = excluded.via,
             snapshot = excluded.snapshot
         WHERE (t.at, t.actor, t.action, t.entity, t.key, t.old, t.new, t.via, t.snapshot)
               IS DISTINCT FROM (excluded.at, excluded.actor, excluded.action, excluded.entity, excluded.key,
                                 excluded.old, excluded.new, excluded.via, excluded.snapshot)",
        &[&code, &stamp, &ids, &at, &actor, &action, &entity, &key, &old, &new, &via],
    )?)
}

/// A snapshot's first part: a generation head office saw replaced is refused (an old bundle, a
/// stale copy of the file), so it never undoes what replaced it; one it has not seen replaces
/// the branch's current generation.
fn start_generation(tx: &mut Transaction<'_>, part: &Part, held: Option<&BranchState>) -> Result<(), HqError> {
    let code = part.branch.code.as_str();
    let replaced: Option<String> = tx
        .query_opt(
            "SELECT to_char(replaced_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM branchboard.generation
             WHERE branch_code = $1 AND generation = $2 AND replaced_at IS NOT NULL",
            &[&code, &part.generation],
        )?
        .map(|r| r.get(0));
    if let Some(when) = replaced {
        return Err(HqError::Refused(format!(
            "branch {code}: this comes from a life of the branch file that another replaced at head office on {when} UTC \
             (an old bundle or an old copy of the file); it was not loaded. If this file is the branch's real one, \
             run `sync --full` (or `sync --to-file FILE --full`) on it"
        )));
    }
    if let Some(held) = held
        && held.generation != part.generation
    {
        tx.execute(
            "INSERT INTO branchboard.generation (branch_code, generation, replaced_at) VALUES ($1, $2, now())
             ON CONFLICT (branch_code, generation) DO UPDATE SET replaced_at = now()",
            &[&code, &held.generation],
        )?;
    }
    tx.execute(
        "INSERT INTO branchboard.generation (branch_code, generation) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        &[&code, &part.generation],
    )?;
    Ok(())
}

/// After a snapshot's last part: whatever an earlier snapshot wrote and this one did not send.
fn remove_older_snapshots(tx: &mut Transaction<'_>, code: &str, snapshot: i64) -> Result<u64, HqError> {
    let mut removed = 0;
    for table in super::schema::BRANCH_TABLES.iter().filter(|t| !matches!(**t, "branch" | "generation")) {
        removed += tx.execute(
            &format!("DELETE FROM branchboard.{table} WHERE branch_code = $1 AND snapshot <> $2"),
            &[&code, &snapshot],
        )?;
    }
    Ok(removed)
}
