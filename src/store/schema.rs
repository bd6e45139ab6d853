//! The branch file's schema versions: each migration in order, and the data changes that go with them.

use crate::domain::template::Role;
use crate::domain::template::{EnteredBy, RoleTemplate, builtin_template};
use rusqlite::Transaction;
use rusqlite_migration::{HookError, HookResult, M, Migrations};

/// Version N is the file after the first N migrations ran.
pub(super) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_initial.sql")),
        M::up_with_hook("", mark_manager_entered_kpis),
        M::up(include_str!("migrations/003_audit_via_close.sql")),
        M::up(include_str!("migrations/004_score_cache.sql")),
        M::up_with_hook(include_str!("migrations/005_branch_identity.sql"), super::sync_state::write_first_generation),
    ])
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    5
}

/// Version 2: the KPIs the built-in templates now reserve for the branch manager (segregation
/// of duties) are reserved in the templates a branch already stores too, matched by code.
fn mark_manager_entered_kpis(tx: &Transaction) -> HookResult {
    let stored: Vec<(String, String)> = tx
        .prepare("SELECT role, body FROM role_template")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (role_code, body) in stored {
        let Some(role) = Role::from_code(&role_code) else { continue };
        let builtin = builtin_template(role).map_err(|e| HookError::Hook(e.to_string()))?;
        let mut template: RoleTemplate =
            serde_json::from_str(&body).map_err(|e| HookError::Hook(format!("role_template {role}: {e}")))?;
        for kra in &mut template.kras {
            for kpi in &mut kra.kpis {
                if builtin.kpi(&kpi.code).is_some_and(|b| b.entered_by == EnteredBy::Manager) {
                    kpi.entered_by = EnteredBy::Manager;
                }
            }
        }
        let body = serde_json::to_string(&template).map_err(|e| HookError::Hook(e.to_string()))?;
        tx.execute("UPDATE role_template SET body = ?1 WHERE role = ?2", (body, role_code))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_the_number_of_migrations() {
        assert!(migrations().validate().is_ok());
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, latest_version());
    }

    #[test]
    fn version_five_gives_every_file_a_generation_and_identity_keeps_kept_scores() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 4).unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let generation: String = conn.query_row("SELECT generation FROM sync_state", [], |r| r.get(0)).unwrap();
        assert!(generation.len() == 32 && generation.chars().all(|c| c.is_ascii_hexdigit()), "{generation}");
        let kept = |conn: &rusqlite::Connection| -> i64 {
            conn.query_row("SELECT count(*) FROM score_cache", [], |r| r.get(0)).unwrap()
        };
        conn.execute(
            "INSERT INTO score_cache (period, login, first_month, last_month, as_of, durable, reported, missing, pending, card)
             VALUES ('2026-10', 'ravi', '2026-10', '2026-10', '2026-11-15', 1, 1, 0, 0, '{}')",
            [],
        )
        .unwrap();
        for (key, value) in [("branch_code", "\"B001\""), ("region", "\"South\""), ("band_thresholds", "{}")] {
            conn.execute("INSERT INTO setting (key, value) VALUES (?1, ?2)", [key, value]).unwrap();
            conn.execute("UPDATE setting SET value = value WHERE key = ?1", [key]).unwrap();
        }
        assert_eq!(kept(&conn), 1, "a branch's code or region scores nothing");
        conn.execute("INSERT INTO setting (key, value) VALUES ('fiscal_year_start_month', '4')", []).unwrap();
        assert_eq!(kept(&conn), 0, "the fiscal start still drops every kept score");
    }

    #[test]
    fn version_three_lets_the_audit_log_record_closing_and_keeps_it_append_only() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 2).unwrap();
        let insert = "INSERT INTO audit_log (at, actor, action, entity, key, old, new, via)
                      VALUES ('2026-11-01T00:00:00Z', 'boss', 'set', 'actual', 'ravi/product_depth/2026-10', NULL, '2', ?1)";
        conn.execute(insert, ["cli"]).unwrap();
        assert!(conn.execute(insert, ["close"]).is_err(), "version 2 knows no 'close'");
        migrations().to_latest(&mut conn).unwrap();
        conn.execute(insert, ["close"]).unwrap();
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT id, via FROM audit_log ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows, [(1, "cli".to_string()), (2, "close".to_string())]);
        assert!(conn.execute(insert, ["smoke"]).is_err());
        assert!(conn.execute("DELETE FROM audit_log", []).unwrap_err().to_string().contains("append-only"));
        assert!(conn.execute("UPDATE audit_log SET via = 'cli'", []).unwrap_err().to_string().contains("append-only"));
    }

    #[test]
    fn version_two_reserves_the_builtin_manager_entered_kpis_in_stored_templates() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 1).unwrap();
        // A version-1 file stored the RM template without the flag.
        let mut old = builtin_template(Role::RelationshipManager).unwrap();
        for kpi in old.kras.iter_mut().flat_map(|k| k.kpis.iter_mut()) {
            kpi.entered_by = EnteredBy::Staff;
        }
        let body = serde_json::to_string(&old).unwrap().replace(",\"entered_by\":\"staff\"", "");
        assert!(!body.contains("entered_by"));
        conn.execute("INSERT INTO role_template (role, body) VALUES ('relationship_manager', ?1)", [body]).unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let body: String = conn.query_row("SELECT body FROM role_template", [], |r| r.get(0)).unwrap();
        let migrated: RoleTemplate = serde_json::from_str(&body).unwrap();
        assert_eq!(migrated.kpi("compliance_violations").unwrap().entered_by, EnteredBy::Manager);
        assert_eq!(migrated.kpi("monthly_sales_revenue").unwrap().entered_by, EnteredBy::Staff);
    }
}
