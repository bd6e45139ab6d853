//! Who is acting and what they may do and see (SPEC §1): one rule set that the CLI, imports,
//! exports and the dashboard share. Plain data in, a yes or a `Refusal` out.

use super::book::is_book_derived;
use super::staff::StaffMember;
use super::team::{Details, TeamPeriod};
use super::template::{EnteredBy, Kpi, Role};

/// The person a session acts as, resolved from `--as` or the OS user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub login: String,
    pub role: Role,
}

/// What an actor may not do, and why. The words are the ones the CLI, imports and the
/// dashboard show (the store wraps this as `StoreError::NotAllowed`, exit code 3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Staff change only their own actuals.
    #[error("not allowed: {actor} may change only their own actuals, not those of {owner}")]
    OthersActuals { actor: String, owner: String },
    /// A manager-entered KPI, which staff never report (segregation of duties).
    #[error("not allowed: {kpi} ({kpi_name}) is entered by the branch manager only; {actor} may not change it")]
    ManagerEnteredKpi { kpi: String, kpi_name: String, actor: String },
    /// A KPI the RM's customer book decides (SPEC §4): computed, never typed, by anyone.
    #[error("not allowed: {kpi} ({kpi_name}) comes from the RM's customer book; it is computed, not typed")]
    BookDerivedKpi { kpi: String, kpi_name: String },
    /// A contact with a customer of another RM's book.
    #[error("not allowed: {actor} records contacts with their own customers only; {customer} is in the book of {rm}")]
    OthersCustomer { actor: String, customer: String, rm: String },
    /// Contacts are recorded by RMs (and the branch manager), not by other staff.
    #[error("not allowed: contacts are recorded by relationship managers, with their own customers; {actor} is {role}")]
    NoBook { actor: String, role: Role },
    /// Work that belongs to the branch manager: `what` says which ("set targets").
    #[error("not allowed: only the branch manager may {what}; {actor} is {role}")]
    ManagerOnly { what: String, actor: String, role: Role },
}

impl Actor {
    pub fn is_manager(&self) -> bool {
        self.role.is_manager()
    }

    /// Staff change only their own actuals; the branch manager may change anyone's (audited).
    pub fn ensure_may_set_actual(&self, login: &str) -> Result<(), Refusal> {
        if self.is_manager() || self.login == login {
            Ok(())
        } else {
            Err(Refusal::OthersActuals { actor: self.login.clone(), owner: login.to_string() })
        }
    }

    /// Manager-entered KPIs (audits, violations, ratings by others, survey results) are
    /// never reported by the person they measure: segregation of duties. Book-derived KPIs
    /// are computed from the customer book and typed by nobody, the manager included.
    pub fn ensure_may_enter(&self, kpi: &Kpi) -> Result<(), Refusal> {
        if is_book_derived(kpi) {
            return Err(Refusal::BookDerivedKpi { kpi: kpi.code.clone(), kpi_name: kpi.name.clone() });
        }
        if kpi.entered_by == EnteredBy::Manager && !self.is_manager() {
            return Err(Refusal::ManagerEnteredKpi {
                kpi: kpi.code.clone(),
                kpi_name: kpi.name.clone(),
                actor: self.login.clone(),
            });
        }
        Ok(())
    }

    /// A contact with a customer is recorded by the customer's RM, or by the branch manager.
    pub fn ensure_may_record_contact(&self, customer_id: &str, customer_rm: &str) -> Result<(), Refusal> {
        if self.is_manager() || (self.role == Role::RelationshipManager && customer_rm == self.login) {
            Ok(())
        } else if self.role == Role::RelationshipManager {
            Err(Refusal::OthersCustomer {
                actor: self.login.clone(),
                customer: customer_id.to_string(),
                rm: customer_rm.to_string(),
            })
        } else {
            Err(Refusal::NoBook { actor: self.login.clone(), role: self.role })
        }
    }

    /// Targets, periods, staff, customers and ratings belong to the branch manager.
    pub fn ensure_manager(&self, what: &str) -> Result<(), Refusal> {
        if self.is_manager() {
            Ok(())
        } else {
            Err(Refusal::ManagerOnly { what: what.to_string(), actor: self.login.clone(), role: self.role })
        }
    }

    /// How much of `login`'s record this actor sees: the branch manager sees everyone in full,
    /// staff see themselves in full and others' leaderboard line only.
    pub fn details_of(&self, login: &str) -> Details {
        if self.is_manager() || self.login == login { Details::Shown } else { Details::Hidden }
    }

    /// Whether this actor may read another person's drill-down, portfolio and raw numbers.
    pub fn may_read_details_of(&self, login: &str) -> bool {
        self.details_of(login) == Details::Shown
    }

    /// Applies visibility to a scored team once, where it is loaded: every member this actor
    /// may not see in full is marked `Details::Hidden` and keeps only name, role, overall, band
    /// and rank; their KRAs and KPIs, change, completeness and private staff fields are blanked.
    /// Their reporting cells stay, because the team's totals (`TeamPeriod::staff_cells`) are
    /// shown to everyone; readers check the mark, never the cells, for one person's completeness.
    pub fn hide_details_of_others(&self, team: &mut TeamPeriod) {
        for score in &mut team.members {
            if self.details_of(&score.member.login) == Details::Hidden {
                score.details = Details::Hidden;
                score.card.kras.clear();
                score.change = None;
                blank_private_fields(&mut score.member);
            }
        }
    }

    /// The staff list as this actor may read it: the manager sees every row whole; staff see
    /// their own row whole and only the login, name and role of others (what the leaderboard shows).
    pub fn hide_staff_details_of_others(&self, staff: &mut [StaffMember]) {
        for member in staff.iter_mut().filter(|m| self.details_of(&m.login) == Details::Hidden) {
            blank_private_fields(member);
        }
    }

    /// The people whose portfolio and figures this actor may read in full: everyone for the
    /// branch manager, only themselves for staff.
    pub fn shown_in_full<'a>(&self, staff: &'a [StaffMember]) -> Vec<&'a StaffMember> {
        staff.iter().filter(|m| self.details_of(&m.login) == Details::Shown).collect()
    }
}

/// Blanks what only the person and the branch manager may read of a staff row.
fn blank_private_fields(member: &mut StaffMember) {
    member.manager_login = None;
    member.focus = None;
    member.segments.clear();
    member.os_user = None;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::Period;
    use crate::domain::scoring::{Finality, Scorecard};
    use crate::domain::team::MemberScore;

    fn actor(login: &str, role: Role) -> Actor {
        Actor { login: login.into(), role }
    }

    #[test]
    fn staff_edit_only_their_own_actuals() {
        let rm = actor("asha", Role::RelationshipManager);
        assert!(rm.ensure_may_set_actual("asha").is_ok());
        let refused = rm.ensure_may_set_actual("ben").unwrap_err();
        assert!(matches!(refused, Refusal::OthersActuals { .. }), "{refused}");
        assert_eq!(refused.to_string(), "not allowed: asha may change only their own actuals, not those of ben");
        let refused = rm.ensure_manager("set targets").unwrap_err();
        assert_eq!(
            refused.to_string(),
            format!("not allowed: only the branch manager may set targets; asha is {}", Role::RelationshipManager)
        );
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
        assert!(matches!(refused, Refusal::ManagerEnteredKpi { .. }), "{refused}");
        assert!(refused.to_string().contains("entered by the branch manager only"), "{refused}");
        assert!(rm.ensure_may_enter(revenue).is_ok());
        assert!(actor("manager", Role::BranchManager).ensure_may_enter(violations).is_ok());
    }

    #[test]
    fn book_derived_kpis_are_refused_to_everyone_the_manager_too() {
        let template = crate::domain::template::builtin_template(Role::RelationshipManager).unwrap();
        let coverage = template.kpi("contact_coverage").unwrap();
        for who in [actor("asha", Role::RelationshipManager), actor("manager", Role::BranchManager)] {
            let refused = who.ensure_may_enter(coverage).unwrap_err();
            assert_eq!(
                refused.to_string(),
                "not allowed: contact_coverage (Contact coverage within cadence) comes from the RM's customer book; \
                 it is computed, not typed"
            );
        }
    }

    fn member(login: &str, role: Role) -> StaffMember {
        StaffMember {
            login: login.into(),
            name: login.to_uppercase(),
            role,
            manager_login: Some("boss".into()),
            focus: None,
            segments: Vec::new(),
            os_user: Some(format!("os-{login}")),
        }
    }

    fn team() -> TeamPeriod {
        let score = |login: &str, role| MemberScore {
            member: member(login, role),
            card: Scorecard { kras: Vec::new(), overall: Some(90.0), cells: Default::default() },
            band: None,
            rank: Some(1),
            change: Some(2.5),
            details: Details::Shown,
        };
        TeamPeriod {
            period: "2025-01".parse::<Period>().unwrap(),
            finality: Finality::Final,
            members: vec![
                score("boss", Role::BranchManager),
                score("asha", Role::RelationshipManager),
                score("ben", Role::LoanOfficer),
            ],
        }
    }

    #[test]
    fn staff_see_others_only_as_a_leaderboard_line() {
        let mut seen = team();
        actor("asha", Role::RelationshipManager).hide_details_of_others(&mut seen);
        let marks: Vec<Details> = seen.members.iter().map(|s| s.details).collect();
        assert_eq!(marks, [Details::Hidden, Details::Shown, Details::Hidden]);
        let ben = &seen.members[2];
        assert_eq!((ben.member.name.as_str(), ben.card.overall, ben.rank), ("BEN", Some(90.0), Some(1)));
        assert_eq!(
            (ben.change, ben.member.os_user.as_deref(), ben.member.manager_login.as_deref()),
            (None, None, None)
        );
        assert_eq!(seen.members[1], team().members[1], "asha's own line is untouched");

        let mut all = team();
        actor("boss", Role::BranchManager).hide_details_of_others(&mut all);
        assert_eq!(all, team());
    }

    #[test]
    fn staff_lists_keep_others_names_and_roles_only() {
        let mut staff = vec![member("asha", Role::RelationshipManager), member("ben", Role::LoanOfficer)];
        let asha = actor("asha", Role::RelationshipManager);
        assert_eq!(asha.shown_in_full(&staff).len(), 1);
        asha.hide_staff_details_of_others(&mut staff);
        assert_eq!(staff[0], member("asha", Role::RelationshipManager));
        assert_eq!((staff[1].name.as_str(), staff[1].os_user.as_deref()), ("BEN", None));
    }
}
