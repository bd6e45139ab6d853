//! `customer contact` and `customer assign`: an RM's contact with a customer, and the branch
//! manager moving customers between RMs.

use super::args::CustomerAction;
use super::{Context, Failure};
use crate::store::Via;

pub fn run(context: &Context, action: &CustomerAction) -> Result<(), Failure> {
    let mut store = context.open_store()?;
    let actor = context.actor(&store)?;
    match action {
        CustomerAction::Contact { id, date } => {
            let date = date.unwrap_or(context.today);
            let before = store.record_contact(&actor, Via::Cli, id, date)?;
            match before {
                Some(last) if last == date => eprintln!("customer {id}: a contact on {date} was already recorded"),
                Some(last) => eprintln!("customer {id}: last contact {date} (was {last})"),
                None => eprintln!("customer {id}: last contact {date} (none recorded before)"),
            }
        }
        CustomerAction::Assign { ids, rm } => {
            actor.ensure_manager("assign customers to RMs")?;
            let moved = store.assign_customers(&actor, Via::Cli, ids, rm, None)?;
            // An id given twice counts once.
            let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
            let already = distinct.len() - moved;
            let noun = |n: usize| if n == 1 { "customer" } else { "customers" };
            if already == 0 {
                eprintln!("moved {moved} {} to {rm}", noun(moved));
            } else {
                eprintln!("moved {moved} {} to {rm}; {already} already with {rm}", noun(moved));
            }
        }
    }
    Ok(())
}
