//! Role templates: the KRAs and KPIs each role is scored on, and the built-in set shipped in `assets/`.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use strum::{EnumMessage, EnumString, IntoStaticStr, VariantArray};

/// The unit a KPI is measured in; it decides how values are parsed and shown.
/// Its code is the `unit` of the template TOML, as serde reads it (a test keeps both equal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, IntoStaticStr, EnumString, VariantArray)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Unit {
    Count,
    Currency,
    Percent,
    Ratio,
    Days,
    Hours,
    /// A 1–5 survey answer or rating.
    Score,
}

impl Unit {
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<Unit> {
        code.parse().ok()
    }
}

/// Whether a bigger actual is better (`higher`) or worse (`lower`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, IntoStaticStr, EnumString, VariantArray)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<Direction> {
        code.parse().ok()
    }
}

/// How monthly values roll up into a quarter or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, IntoStaticStr, EnumString, VariantArray)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Aggregation {
    Sum,
    Mean,
    Last,
}

impl Aggregation {
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<Aggregation> {
        code.parse().ok()
    }
}

/// Who enters a KPI's actuals. Outcomes the person is measured by but must not report about
/// themselves (audits, violations, ratings by others, survey results) are the manager's.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, IntoStaticStr, EnumString, VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EnteredBy {
    /// The staff member for themselves, or the manager for them.
    #[default]
    Staff,
    /// The branch manager only (segregation of duties).
    Manager,
}

impl EnteredBy {
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<EnteredBy> {
        code.parse().ok()
    }
}

pub const DEFAULT_CAP: f64 = 1.2;

fn default_weight() -> f64 {
    1.0
}

fn default_cap() -> f64 {
    DEFAULT_CAP
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub code: String,
    pub name: String,
    pub unit: Unit,
    pub direction: Direction,
    pub aggregation: Aggregation,
    #[serde(default = "default_weight")]
    pub weight: f64,
    #[serde(default = "default_cap")]
    pub cap: f64,
    #[serde(default)]
    pub entered_by: EnteredBy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kra {
    pub code: String,
    pub name: String,
    pub description: String,
    pub weight: f64,
    pub kpis: Vec<Kpi>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleTemplate {
    pub role: String,
    pub name: String,
    pub kras: Vec<Kra>,
}

impl RoleTemplate {
    pub fn kpi(&self, code: &str) -> Option<&Kpi> {
        self.kpis().find(|k| k.code == code)
    }

    pub fn kpis(&self) -> impl Iterator<Item = &Kpi> {
        self.kras.iter().flat_map(|kra| kra.kpis.iter())
    }

    /// Checks the rules every template must keep: weights positive and summing to 100,
    /// KPI codes unique within the role, caps at least 1.
    pub fn validate(&self) -> Result<(), TemplateError> {
        let fail = |reason: String| TemplateError { role: self.role.clone(), reason };
        if self.kras.is_empty() {
            return Err(fail("has no KRAs".into()));
        }
        let total: f64 = self.kras.iter().map(|k| k.weight).sum();
        if (total - 100.0).abs() > 1e-9 {
            return Err(fail(format!("KRA weights sum to {total}, not 100")));
        }
        let mut seen = std::collections::HashSet::new();
        for kra in &self.kras {
            if !is_positive(kra.weight) {
                return Err(fail(format!("KRA {} has weight {}", kra.code, kra.weight)));
            }
            if kra.kpis.is_empty() {
                return Err(fail(format!("KRA {} has no KPIs", kra.code)));
            }
            for kpi in &kra.kpis {
                if !seen.insert(kpi.code.as_str()) {
                    return Err(fail(format!("KPI code {} appears twice", kpi.code)));
                }
                if !(is_positive(kpi.weight) && kpi.cap.is_finite() && kpi.cap >= 1.0) {
                    return Err(fail(format!("KPI {} has weight {} and cap {}", kpi.code, kpi.weight, kpi.cap)));
                }
            }
        }
        Ok(())
    }
}

/// A real, positive number (NaN and infinity are not).
fn is_positive(value: f64) -> bool {
    value.is_finite() && value > 0.0
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("role template {role}: {reason}")]
pub struct TemplateError {
    pub role: String,
    pub reason: String,
}

/// The five roles of SPEC §1, declared in the order the SPEC lists them (which messages that
/// list the roles keep). The code is stored in the branch file, CSVs and seeds; the message is
/// the short label tables show.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    strum::Display,
    VariantArray,
    EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    #[strum(message = "Manager")]
    BranchManager,
    #[strum(message = "RM")]
    RelationshipManager,
    #[strum(message = "Sales Exec")]
    BankingSalesExecutive,
    #[strum(message = "PL Sales")]
    PersonalLoanSalesExecutive,
    #[strum(message = "Loan Officer")]
    LoanOfficer,
}

impl Role {
    /// Every role in the SPEC's order.
    pub const ALL: &[Role] = Role::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn from_code(code: &str) -> Option<Role> {
        code.parse().ok()
    }

    /// A short label for tables; every role has one (a test checks), the code stands in otherwise.
    pub fn short_label(self) -> &'static str {
        self.get_message().unwrap_or(self.code())
    }

    pub fn is_manager(self) -> bool {
        self == Role::BranchManager
    }
}

const BUILTIN_SOURCES: [(Role, &str); 5] = [
    (Role::BranchManager, include_str!("../../assets/templates/branch_manager.toml")),
    (Role::RelationshipManager, include_str!("../../assets/templates/relationship_manager.toml")),
    (Role::BankingSalesExecutive, include_str!("../../assets/templates/banking_sales_executive.toml")),
    (Role::PersonalLoanSalesExecutive, include_str!("../../assets/templates/personal_loan_sales_executive.toml")),
    (Role::LoanOfficer, include_str!("../../assets/templates/loan_officer.toml")),
];

/// The built-in templates, parsed and validated once, in `BUILTIN_SOURCES` order.
static BUILTIN_TEMPLATES: LazyLock<Result<Vec<RoleTemplate>, TemplateError>> = LazyLock::new(parse_builtin_templates);

/// The built-in templates, parsed from the embedded assets. The assets are checked by tests,
/// so a parse failure here is a build defect, reported as an error rather than a panic.
pub fn builtin_templates() -> Result<Vec<RoleTemplate>, TemplateError> {
    BUILTIN_TEMPLATES.clone()
}

pub fn builtin_template(role: Role) -> Result<RoleTemplate, TemplateError> {
    let templates = BUILTIN_TEMPLATES.as_ref().map_err(TemplateError::clone)?;
    templates
        .iter()
        .find(|t| t.role == role.code())
        .cloned()
        .ok_or_else(|| TemplateError { role: role.code().into(), reason: "no built-in template".into() })
}

fn parse_builtin_templates() -> Result<Vec<RoleTemplate>, TemplateError> {
    BUILTIN_SOURCES
        .iter()
        .map(|(role, source)| {
            let template: RoleTemplate = toml::from_str(source)
                .map_err(|e| TemplateError { role: role.code().into(), reason: e.to_string() })?;
            if template.role != role.code() {
                return Err(TemplateError {
                    role: role.code().into(),
                    reason: format!("asset declares role {}", template.role),
                });
            }
            template.validate()?;
            Ok(template)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::enum_codes::{assert_codes, assert_serde_names_are_codes};

    #[test]
    fn unit_codes_are_fixed() {
        assert_codes(
            Unit::code,
            Unit::from_code,
            &[
                (Unit::Count, "count"),
                (Unit::Currency, "currency"),
                (Unit::Percent, "percent"),
                (Unit::Ratio, "ratio"),
                (Unit::Days, "days"),
                (Unit::Hours, "hours"),
                (Unit::Score, "score"),
            ],
        );
        assert_serde_names_are_codes(Unit::code);
    }

    #[test]
    fn direction_aggregation_and_entered_by_codes_are_fixed() {
        assert_codes(
            Direction::code,
            Direction::from_code,
            &[(Direction::Higher, "higher"), (Direction::Lower, "lower")],
        );
        assert_serde_names_are_codes(Direction::code);
        assert_codes(
            Aggregation::code,
            Aggregation::from_code,
            &[(Aggregation::Sum, "sum"), (Aggregation::Mean, "mean"), (Aggregation::Last, "last")],
        );
        assert_serde_names_are_codes(Aggregation::code);
        assert_codes(
            EnteredBy::code,
            EnteredBy::from_code,
            &[(EnteredBy::Staff, "staff"), (EnteredBy::Manager, "manager")],
        );
        assert_serde_names_are_codes(EnteredBy::code);
    }

    #[test]
    fn role_codes_and_short_labels_are_fixed() {
        assert_codes(
            Role::code,
            Role::from_code,
            &[
                (Role::BranchManager, "branch_manager"),
                (Role::RelationshipManager, "relationship_manager"),
                (Role::BankingSalesExecutive, "banking_sales_executive"),
                (Role::PersonalLoanSalesExecutive, "personal_loan_sales_executive"),
                (Role::LoanOfficer, "loan_officer"),
            ],
        );
        assert_serde_names_are_codes(Role::code);
        let labels: Vec<&str> = Role::ALL.iter().map(|r| r.short_label()).collect();
        assert_eq!(labels, ["Manager", "RM", "Sales Exec", "PL Sales", "Loan Officer"]);
        assert_eq!(Role::LoanOfficer.to_string(), "loan_officer", "shown as its code");
    }

    #[test]
    fn every_role_has_its_builtin_template() {
        let sources: Vec<Role> = BUILTIN_SOURCES.iter().map(|(role, _)| *role).collect();
        assert_eq!(sources, Role::VARIANTS);
        let templates = builtin_templates().unwrap();
        for &role in Role::ALL {
            assert_eq!(builtin_template(role).unwrap().role, role.code());
        }
        assert_eq!(builtin_templates().unwrap(), templates);
    }
}
