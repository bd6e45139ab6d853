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
    /// The changes after audit id `from`; with `new_day`, today's live figures and coverage.
    Changes {
        from: i64,
        new_day: bool,
    },
}

/// Decides what to ship from what head office holds, this file's generation, the file's own
/// audit row at head office's watermark, its last audit id (`mark`) and its date.
pub fn decide(held: Option<&Held>, generation: &str, file_row: Option<&AuditRow>, mark: i64, today: NaiveDate) -> Plan {
    let Some(held) = held else { return Plan::Snapshot(Why::FirstSync) };
    let Some(watermark) = held.watermark else { return Plan::Snapshot(Why::Unfinished) };
    if held.generation != generation {
        return Plan::Snapshot(Why::OtherGeneration);
    }
    if watermark > 0 && (file_row.is_none() || file_row != held.row_at_watermark.as_ref()) {
        return Plan::Snapshot(Why::Restored { id: watermark });
    }
    let new_day = held.as_of < today;
    if watermark >= mark && !new_day {
        return Plan::UpToDate;
    }
    Plan::Changes { from: watermark, new_day }
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
        Held { generation: "g1".into(), watermark, as_of: as_of.parse().unwrap(), row_at_watermark: at }
    }

    #[test]
    fn decides_from_what_head_office_holds() {
        let today: NaiveDate = "2026-11-15".parse().unwrap();
        let same = held(Some(7), "2026-11-15", Some(row(7, "5")));
        assert_eq!(decide(None, "g1", None, 9, today), Plan::Snapshot(Why::FirstSync));
        assert_eq!(
            decide(Some(&held(None, "2026-11-15", None)), "g1", None, 9, today),
            Plan::Snapshot(Why::Unfinished)
        );
        assert_eq!(decide(Some(&same), "g2", Some(&row(7, "5")), 9, today), Plan::Snapshot(Why::OtherGeneration));
        assert_eq!(decide(Some(&same), "g1", Some(&row(7, "5")), 7, today), Plan::UpToDate);
        assert_eq!(decide(Some(&same), "g1", Some(&row(7, "5")), 9, today), Plan::Changes { from: 7, new_day: false });
        // The next day, live figures and coverage are shipped even without a change.
        let tomorrow = "2026-11-16".parse().unwrap();
        assert_eq!(
            decide(Some(&same), "g1", Some(&row(7, "5")), 7, tomorrow),
            Plan::Changes { from: 7, new_day: true }
        );
        // A restored file: head office's row 7 differs, or the file stops before it.
        assert_eq!(decide(Some(&same), "g1", Some(&row(7, "6")), 9, today), Plan::Snapshot(Why::Restored { id: 7 }));
        assert_eq!(decide(Some(&same), "g1", None, 5, today), Plan::Snapshot(Why::Restored { id: 7 }));
    }
}
