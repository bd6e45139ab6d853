//! What a branch ships to head office (SPEC §8): deciding between nothing, the changes since
//! head office's watermark and a full snapshot; building the parts (`plan`) from the audit log
//! (`touch`); writing and reading bundle files for branches with no route to head office.

mod bundle;
pub mod part;
pub mod plan;
pub mod touch;

pub use bundle::{BundleError, read_bundle, write_bundle};

use crate::store::StoreError;
use chrono::NaiveDate;
use part::AuditRow;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Head office (or the bundle file) could not take a part; `code` is the exit code.
    #[error("{message}")]
    Ship { message: String, code: i32 },
    #[error("{0}")]
    Internal(String),
}

/// What head office holds of this branch, as read before a sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub generation: String,
    /// `None` while a snapshot is unfinished.
    pub watermark: Option<i64>,
    pub as_of: NaiveDate,
    /// Head office's copy of the audit row at the watermark.
    pub row_at_watermark: Option<AuditRow>,
    /// The scoring rules head office's scorecards of the branch were scored by.
    pub scoring_version: i64,
}

/// This file as a sync finds it.
#[derive(Debug, Clone, Copy)]
pub struct Here<'a> {
    pub generation: &'a str,
    /// The file's own audit row at head office's watermark.
    pub row_at_watermark: Option<&'a AuditRow>,
    /// The file's last audit id.
    pub mark: i64,
    pub today: NaiveDate,
    pub scoring_version: i64,
}

/// Why everything is shipped again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    FirstSync,
    /// A snapshot was cut short (the sync was stopped): it starts over, re-sending is harmless.
    Unfinished,
    /// Head office holds another generation of this file (the file was replaced).
    OtherGeneration,
    /// Head office's audit row `id` is missing from the file or differs from it: the file was
    /// restored from a backup, and a new generation begins.
    Restored {
        id: i64,
    },
}

/// What a sync will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    UpToDate,
    Snapshot(Why),
    /// The changes after audit id `from`; with `new_day`, today's live figures and coverage;
    /// with `rescore`, every period's scorecards as this build scores them.
    Changes {
        from: i64,
        new_day: bool,
        rescore: bool,
    },
}

/// Decides what to ship from what head office holds and what this file is.
pub fn decide(held: Option<&Held>, here: Here<'_>) -> Plan {
    let Some(held) = held else { return Plan::Snapshot(Why::FirstSync) };
    let Some(watermark) = held.watermark else { return Plan::Snapshot(Why::Unfinished) };
    if held.generation != here.generation {
        return Plan::Snapshot(Why::OtherGeneration);
    }
    if watermark > 0 && (here.row_at_watermark.is_none() || here.row_at_watermark != held.row_at_watermark.as_ref()) {
        return Plan::Snapshot(Why::Restored { id: watermark });
    }
    let new_day = held.as_of < here.today;
    let rescore = held.scoring_version != here.scoring_version;
    if watermark >= here.mark && !new_day && !rescore {
        return Plan::UpToDate;
    }
    Plan::Changes { from: watermark, new_day, rescore }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, new: &str) -> AuditRow {
        AuditRow {
            id,
            at: "2026-11-15T10:00:00Z".into(),
            actor: "boss".into(),
            action: "set".into(),
            entity: "actual".into(),
            key: "ravi.k/casa_balance/2026-10".into(),
            old: None,
            new: Some(new.into()),
            via: "cli".into(),
        }
    }

    fn held(watermark: Option<i64>, as_of: &str, at: Option<AuditRow>) -> Held {
        Held {
            generation: "g1".into(),
            watermark,
            as_of: as_of.parse().unwrap(),
            row_at_watermark: at,
            scoring_version: 1,
        }
    }

    fn here<'a>(generation: &'a str, row: Option<&'a AuditRow>, mark: i64, today: &str) -> Here<'a> {
        Here { generation, row_at_watermark: row, mark, today: today.parse().unwrap(), scoring_version: 1 }
    }

    #[test]
    fn decides_from_what_head_office_holds() {
        let today = "2026-11-15";
        let same = held(Some(7), "2026-11-15", Some(row(7, "5")));
        let seven = row(7, "5");
        assert_eq!(decide(None, here("g1", None, 9, today)), Plan::Snapshot(Why::FirstSync));
        assert_eq!(decide(Some(&held(None, today, None)), here("g1", None, 9, today)), Plan::Snapshot(Why::Unfinished));
        assert_eq!(decide(Some(&same), here("g2", Some(&seven), 9, today)), Plan::Snapshot(Why::OtherGeneration));
        assert_eq!(decide(Some(&same), here("g1", Some(&seven), 7, today)), Plan::UpToDate);
        let changes = |new_day, rescore| Plan::Changes { from: 7, new_day, rescore };
        assert_eq!(decide(Some(&same), here("g1", Some(&seven), 9, today)), changes(false, false));
        // The next day, live figures and coverage are shipped even without a change.
        assert_eq!(decide(Some(&same), here("g1", Some(&seven), 7, "2026-11-16")), changes(true, false));
        // A build that scores differently ships every period's scorecards again.
        let newer = Here { scoring_version: 2, ..here("g1", Some(&seven), 7, today) };
        assert_eq!(decide(Some(&same), newer), changes(false, true));
        // A restored file: head office's row 7 differs, or the file stops before it.
        let other = row(7, "6");
        assert_eq!(decide(Some(&same), here("g1", Some(&other), 9, today)), Plan::Snapshot(Why::Restored { id: 7 }));
        assert_eq!(decide(Some(&same), here("g1", None, 5, today)), Plan::Snapshot(Why::Restored { id: 7 }));
    }
}
