//! Branch settings and the role templates in force, stored as JSON by key.

use super::Store;
use super::audit::{self, Change, Stamp, Via};
use super::error::{StoreError, StoreResult};
use crate::domain::actor::Actor;
use crate::domain::coverage::CoverageNorms;
use crate::domain::identity::{check_branch_code, check_region};
use crate::domain::scoring::BandThresholds;
use crate::domain::settings::{Settings, check_bands, check_fiscal_start, check_norms};
use crate::domain::template::{Role, RoleTemplate};
use crate::domain::text::quote_cell;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

const FISCAL_START: &str = "fiscal_year_start_month";
const BANDS: &str = "band_thresholds";
const NORMS: &str = "coverage_norms";
pub(super) const BRANCH_CODE: &str = "branch_code";
pub(super) const REGION: &str = "region";

/// The settings a branch manager may change, by key.
pub const SETTING_KEYS: [&str; 5] = [FISCAL_START, BANDS, NORMS, BRANCH_CODE, REGION];

/// Parses and checks a setting's new JSON value; returns it in the stored (compact) form.
/// A value of the wrong shape is answered with what the setting takes and an example.
fn checked_setting(key: &str, json: &str) -> Result<String, String> {
    let defaults = Settings::default();
    match key {
        FISCAL_START => {
            let shape =
                || format!("{key} takes a whole number from 1 to 12, for example 4 (April); got {}", quote_cell(json));
            let month: u32 = serde_json::from_str(json).map_err(|_| shape())?;
            check_fiscal_start(month).map_err(|_| shape())?;
            Ok(month.to_string())
        }
        BANDS => {
            let example = serde_json::to_string(&defaults.bands).unwrap_or_default();
            let bands: BandThresholds = serde_json::from_str(json).map_err(|e| wrong_shape(key, &example, &e))?;
            check_bands(&bands)?;
            serde_json::to_string(&bands).map_err(|e| e.to_string())
        }
        NORMS => {
            let example = serde_json::to_string(&defaults.norms).unwrap_or_default();
            let norms: CoverageNorms = serde_json::from_str(json).map_err(|e| wrong_shape(key, &example, &e))?;
            check_norms(&norms)?;
            serde_json::to_string(&norms).map_err(|e| e.to_string())
        }
        BRANCH_CODE | REGION => {
            let shape = || {
                format!("{key} takes a JSON string, for example '\"B001\"' or '\"South\"'; got {}", quote_cell(json))
            };
            let text: String = serde_json::from_str(json).map_err(|_| shape())?;
            let checked = if key == BRANCH_CODE { check_branch_code(&text)? } else { check_region(&text)? };
            serde_json::to_string(&checked).map_err(|e| e.to_string())
        }
        other => Err(format!("unknown setting {other:?}; the settings are {}", SETTING_KEYS.join(", "))),
    }
}

/// "band_thresholds takes JSON like {…} (`settings show` prints the current value): missing
/// field `meets`": serde's reason without its line and column, which mean nothing on a command line.
fn wrong_shape(key: &str, example: &str, error: &serde_json::Error) -> String {
    let reason = error.to_string();
    let reason = reason.split(" at line ").next().unwrap_or(&reason);
    format!(
        "{key} takes JSON like {example} (`settings show` prints the current value); the value given was refused: {reason}"
    )
}

/// Writes the default settings of SPEC §3 and §4 into a new branch.
pub(super) fn write_defaults(conn: &Connection) -> StoreResult<()> {
    let defaults = Settings::default();
    let json = |value: serde_json::Value| value.to_string();
    let entries = [
        (FISCAL_START, json(serde_json::json!(1))),
        (BANDS, json(serde_json::to_value(defaults.bands).map_err(invalid)?)),
        (NORMS, json(serde_json::to_value(&defaults.norms).map_err(invalid)?)),
    ];
    for (key, value) in entries {
        conn.execute("INSERT INTO setting (key, value) VALUES (?1, ?2)", params![key, value])?;
    }
    Ok(())
}

fn invalid(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Stores the templates a branch is scored on (a copy, so a later build cannot rescore history).
pub(super) fn write_templates(conn: &Connection, templates: &[RoleTemplate]) -> StoreResult<()> {
    for template in templates {
        let body = serde_json::to_string(template).map_err(invalid)?;
        conn.execute(
            "INSERT INTO role_template (role, body) VALUES (?1, ?2)
             ON CONFLICT (role) DO UPDATE SET body = excluded.body",
            params![template.role, body],
        )?;
    }
    Ok(())
}

pub(super) fn load_templates(conn: &Connection) -> StoreResult<HashMap<Role, RoleTemplate>> {
    let mut stmt = conn.prepare("SELECT role, body FROM role_template")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut templates = HashMap::new();
    for row in rows {
        let (role, body) = row?;
        let role = Role::from_code(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role {role} in role_template")))?;
        let template: RoleTemplate =
            serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("role_template {role}: {e}")))?;
        templates.insert(role, template);
    }
    Ok(templates)
}

/// The branch's code and region as head office knows it (`None` until set).
pub(super) fn load_identity(conn: &Connection) -> StoreResult<(Option<String>, Option<String>)> {
    let get = |key: &str| -> StoreResult<Option<String>> {
        let json: Option<String> =
            conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(invalid)).transpose()
    };
    Ok((get(BRANCH_CODE)?, get(REGION)?))
}

pub(super) fn load_settings(conn: &Connection) -> StoreResult<Settings> {
    let get = |key: &str| -> StoreResult<Option<String>> {
        Ok(conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    };
    let mut settings =
        Settings { fiscal_year_start_month: 1, bands: BandThresholds::default(), norms: CoverageNorms::default() };
    if let Some(v) = get(FISCAL_START)? {
        settings.fiscal_year_start_month = serde_json::from_str(&v).map_err(invalid)?;
    }
    if let Some(v) = get(BANDS)? {
        settings.bands = serde_json::from_str(&v).map_err(invalid)?;
    }
    if let Some(v) = get(NORMS)? {
        settings.norms = serde_json::from_str(&v).map_err(invalid)?;
    }
    Ok(settings)
}

impl Store {
    /// Changes one setting (branch manager only), audited with its old and new value.
    pub fn set_setting(&mut self, actor: &Actor, via: Via, key: &str, json: &str) -> StoreResult<()> {
        actor.ensure_manager("change settings")?;
        let value = checked_setting(key, json).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            let old: Option<String> =
                tx.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?;
            if old.as_deref() == Some(value.as_str()) {
                return Ok(());
            }
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            let change = Change { action: "set", entity: "setting", key, old, new: Some(value.clone()) };
            audit::append(tx, &Stamp::now(&actor.login, via), change)
        })
    }

    pub fn settings(&self) -> StoreResult<Settings> {
        load_settings(&self.conn)
    }

    pub fn templates(&self) -> StoreResult<HashMap<Role, RoleTemplate>> {
        load_templates(&self.conn)
    }
}
