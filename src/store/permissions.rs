//! Who may change what (SPEC §1): one rule set that the CLI, imports and the dashboard share.

use super::error::{StoreError, StoreResult};
use crate::domain::template::{EnteredBy, Kpi, Role};

/// The person a session acts as, resolved from `--as` or the OS user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub login: String,
    pub role: Role,
}

impl Actor {
    pub fn is_manager(&self) -> bool {
        self.role.is_manager()
    }

    /// Staff change only their own actuals; the branch manager may change anyone's (audited).
    pub fn ensure_may_set_actual(&self, login: &str) -> StoreResult<()> {
        if self.is_manager() || self.login == login {
            Ok(())
        } else {
            Err(StoreError::NotAllowed(format!(
                "{} may change only their own actuals, not those of {login}",
                self.login
            )))
        }
    }

    /// Manager-entered KPIs (audits, violations, ratings by others, survey results) are
    /// never reported by the person they measure: segregation of duties.
    pub fn ensure_may_enter(&self, kpi: &Kpi) -> StoreResult<()> {
        if kpi.entered_by == EnteredBy::Manager && !self.is_manager() {
            return Err(StoreError::NotAllowed(format!(
                "{} ({}) is entered by the branch manager only; {} may not change it",
                kpi.code, kpi.name, self.login
            )));
        }
        Ok(())
    }

    /// Targets, periods, staff, customers and ratings belong to the branch manager.
    pub fn ensure_manager(&self, what: &str) -> StoreResult<()> {
        if self.is_manager() {
            Ok(())
        } else {
            Err(StoreError::NotAllowed(format!("only the branch manager may {what}; {} is {}", self.login, self.role)))
        }
    }

    /// Whether this actor may read another person's drill-down, portfolio and raw numbers.
    pub fn may_read_details_of(&self, login: &str) -> bool {
        self.is_manager() || self.login == login
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(login: &str, role: Role) -> Actor {
        Actor { login: login.into(), role }
    }

    #[test]
    fn staff_edit_only_their_own_actuals() {
        let rm = actor("asha", Role::RelationshipManager);
        assert!(rm.ensure_may_set_actual("asha").is_ok());
        assert_eq!(rm.ensure_may_set_actual("ben").unwrap_err().exit_code(), 3);
        assert_eq!(rm.ensure_manager("set targets").unwrap_err().exit_code(), 3);
        assert!(!rm.may_read_details_of("ben"));
        let manager = actor("manager", Role::BranchManager);
        assert!(manager.ensure_may_set_actual("ben").is_ok());
        assert!(manager.ensure_manager("set targets").is_ok());
        assert!(manager.may_read_details_of("ben"));
    }

    #[test]
    fn manager_entered_kpis_are_refused_to_staff_even_their_own() {
        let template = crate::domain::template::builtin_template(Role::RelationshipManager).unwrap();
        let violations = template.kpi("compliance_violations").unwrap();
        let revenue = template.kpi("monthly_sales_revenue").unwrap();
        let rm = actor("asha", Role::RelationshipManager);
        let refused = rm.ensure_may_enter(violations).unwrap_err();
        assert_eq!(refused.exit_code(), 3);
        assert!(refused.to_string().contains("entered by the branch manager only"), "{refused}");
        assert!(rm.ensure_may_enter(revenue).is_ok());
        assert!(actor("manager", Role::BranchManager).ensure_may_enter(violations).is_ok());
    }
}
