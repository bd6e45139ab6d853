//! The file's identity towards head office: code, region, generation (a random id that changes
//! when the file is created or found restored from a backup) and how far bundles were written.

use super::Store;
use super::error::{StoreError, StoreResult};
use super::settings::load_identity;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use rusqlite_migration::HookResult;

/// Who the branch is at head office and which life of its file this is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncIdentity {
    pub name: String,
    pub code: Option<String>,
    pub region: Option<String>,
    pub generation: String,
}

/// What the last bundle (`sync --to-file`) held: its generation, the last audit id in it and
/// the branch's date when it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleState {
    pub generation: String,
    pub watermark: i64,
    pub as_of: chrono::NaiveDate,
    pub scoring_version: i64,
}

/// A new generation id: 128 random bits as 32 hex digits.
fn new_generation() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// Version 5: every file gets its first generation (a new file when it is created, an existing
/// one when it is upgraded).
pub(super) fn write_first_generation(tx: &Transaction) -> HookResult {
    tx.execute("INSERT OR IGNORE INTO sync_state (id, generation) VALUES (1, ?1)", [new_generation()])?;
    Ok(())
}

fn generation(conn: &Connection) -> StoreResult<String> {
    conn.query_row("SELECT generation FROM sync_state WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Corrupt("the file has no generation (sync_state is empty)".into()))
}

impl Store {
    pub fn sync_identity(&self) -> StoreResult<SyncIdentity> {
        let (code, region) = load_identity(&self.conn)?;
        Ok(SyncIdentity { name: self.branch_name()?, code, region, generation: generation(&self.conn)? })
    }

    /// Starts a new generation (the file was found restored from a backup, or head office is to
    /// be given everything again) and forgets what bundles held; returns the new id.
    pub fn start_new_generation(&mut self) -> StoreResult<String> {
        let fresh = new_generation();
        self.write(|tx| {
            tx.execute(
                "UPDATE sync_state SET generation = ?1, bundle_generation = NULL, bundle_watermark = NULL,
                 bundle_as_of = NULL, bundle_scoring = NULL WHERE id = 1",
                [&fresh],
            )?;
            Ok(())
        })?;
        Ok(fresh)
    }

    /// What the last bundle written held, if one was written in this generation.
    pub fn bundle_state(&self) -> StoreResult<Option<BundleState>> {
        type Row = (Option<String>, Option<i64>, Option<String>, String, Option<i64>);
        let row: Row = self.conn.query_row(
            "SELECT bundle_generation, bundle_watermark, bundle_as_of, generation, bundle_scoring FROM sync_state WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let (Some(generation), Some(watermark), Some(as_of), current, scoring) = row else { return Ok(None) };
        if generation != current {
            return Ok(None);
        }
        let as_of = as_of.parse().map_err(|_| StoreError::Corrupt(format!("sync_state: bad bundle date {as_of:?}")))?;
        Ok(Some(BundleState { generation, watermark, as_of, scoring_version: scoring.unwrap_or(0) }))
    }

    /// Records a bundle written (after the file is safely on disk).
    pub fn record_bundle(&mut self, state: &BundleState) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE sync_state SET bundle_generation = ?1, bundle_watermark = ?2, bundle_as_of = ?3,
                 bundle_scoring = ?4 WHERE id = 1",
                params![state.generation, state.watermark, state.as_of.to_string(), state.scoring_version],
            )?;
            Ok(())
        })
    }
}
