//! `settings show|set` and `rating set`: the branch manager's knobs (fiscal year, bands,
//! coverage norms) and RM capability ratings, each change audited.

use super::args::{RatingAction, SettingsAction};
use super::{Context, Failure};
use crate::domain::capability::builtin_capabilities;
use crate::store::Via;

pub fn settings(context: &Context, action: &SettingsAction) -> Result<(), Failure> {
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    match action {
        SettingsAction::Show => {
            let settings = store.settings()?;
            let identity = store.sync_identity()?;
            let capabilities: Vec<serde_json::Value> = builtin_capabilities()
                .map_err(|e| Failure::new(1, e))?
                .into_iter()
                .map(|c| serde_json::json!({ "code": c.code, "name": c.name, "required": c.required }))
                .collect();
            let json = serde_json::json!({
                "branch_code": identity.code,
                "region": identity.region,
                "generation": identity.generation,
                "fiscal_year_start_month": settings.fiscal_year_start_month,
                "band_thresholds": settings.bands,
                "coverage_norms": settings.norms,
                "capabilities": capabilities,
            });
            crate::export::write_json(std::io::stdout().lock(), &json)?;
        }
        SettingsAction::Set { key, value } => {
            store.set_setting(&actor, Via::Cli, key, value)?;
            eprintln!("{key} is now {value}");
        }
    }
    Ok(())
}

pub fn rating(context: &Context, action: &RatingAction) -> Result<(), Failure> {
    let RatingAction::Set { login, capability, value } = action;
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    store.set_capability_rating(&actor, Via::Cli, login, capability, *value)?;
    eprintln!("{login}: {capability} rated {value}");
    Ok(())
}
