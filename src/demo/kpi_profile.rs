//! How large a KPI's monthly target typically is and how its numbers move, by KPI code and unit.

// Money is written in lakhs and crores (1_00_000 is one lakh), as the branch reads it.
#![allow(clippy::inconsistent_digit_grouping)]

use crate::domain::template::{Direction, Kpi, Unit};

/// How a KPI's target and actual behave over the months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Money and volumes sold: seasonal, growing year on year, sensitive to skill.
    Sales,
    /// Rates, scores and times: steady, targets revised each financial year.
    Level,
    /// Small counts of things done (reports, sessions): flat with a lot of noise.
    Activity,
    /// Growth figures: may be negative in a bad month.
    Growth,
    /// Things that should not happen at all (violations): target 0.
    Violation,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KpiProfile {
    /// The monthly target of a typical person in the role.
    pub base: f64,
    pub shape: Shape,
    /// The range actuals stay in (percent shares cannot pass 100, NPS runs from -100).
    pub floor: f64,
    pub ceiling: f64,
}

type Rule = (&'static str, f64, Shape);

/// Rules per unit, matched against the KPI code in order; the first fragment found wins.
const CURRENCY_RULES: &[Rule] = &[
    ("cost_per_acquisition", 800.0, Shape::Level),
    ("acquisition_cost", 1_500.0, Shape::Level),
    ("lifetime_value", 1_20_000.0, Shape::Level),
    ("average_personal_loan_size", 3_50_000.0, Shape::Level),
    ("average_loan_amount", 6_00_000.0, Shape::Level),
    ("average_deal_size", 2_50_000.0, Shape::Level),
    ("branch_sales_revenue", 85_00_000.0, Shape::Sales),
    ("branch_loan_disbursements", 4_00_00_000.0, Shape::Sales),
    ("branch_deposit_growth", 2_50_00_000.0, Shape::Sales),
    ("book_growth", 40_00_000.0, Shape::Sales),
    ("monthly_sales_volume", 60_00_000.0, Shape::Sales),
    ("loan_sales_revenue", 35_00_000.0, Shape::Sales),
    ("monthly_sales_revenue", 18_00_000.0, Shape::Sales),
    ("revenue_per_sales_rep", 15_00_000.0, Shape::Sales),
    ("cross_sell_upsell_revenue", 6_00_000.0, Shape::Sales),
    ("partnership_revenue", 3_00_000.0, Shape::Sales),
    ("campaign_incremental_revenue", 5_00_000.0, Shape::Sales),
];

const COUNT_RULES: &[Rule] = &[
    ("violations_avoided", 2.0, Shape::Activity),
    ("violations", 0.0, Shape::Violation),
    ("compliance_related_complaints", 0.0, Shape::Violation),
    ("branch_customer_complaints", 12.0, Shape::Level),
    ("active_customers_within_norm", 400.0, Shape::Level),
    ("branch_new_accounts", 300.0, Shape::Sales),
    ("branch_dormant_reactivations", 40.0, Shape::Sales),
    ("new_accounts_opened", 25.0, Shape::Sales),
    ("digital_campaign_leads", 60.0, Shape::Sales),
    ("qualified_leads_generated", 40.0, Shape::Sales),
    ("upsell_cross_sell_opportunities", 30.0, Shape::Sales),
    ("customers_onboarded", 12.0, Shape::Sales),
    ("dormant_reactivations", 6.0, Shape::Sales),
    ("repeat_clients", 8.0, Shape::Sales),
    ("repeat_customers", 6.0, Shape::Sales),
    ("referrals", 10.0, Shape::Sales),
    ("partnership_new_customers", 8.0, Shape::Sales),
    ("partnership_agreements", 1.0, Shape::Activity),
    ("industry_reading", 6.0, Shape::Activity),
    ("testimonials", 3.0, Shape::Activity),
    ("team_building", 1.0, Shape::Activity),
];

const PERCENT_RULES: &[Rule] = &[
    ("market_share_growth", 1.5, Shape::Growth),
    ("lead_generation_growth", 10.0, Shape::Growth),
    ("sales_volume_growth", 12.0, Shape::Growth),
    ("turnaround_reduction", 10.0, Shape::Growth),
    ("nps", 45.0, Shape::Level),
    ("net_promoter", 45.0, Shape::Level),
    ("market_share", 6.5, Shape::Level),
    ("default_rate", 2.5, Shape::Level),
    ("error_rate", 3.0, Shape::Level),
    ("attrition", 8.0, Shape::Level),
    ("portfolio_at_risk", 4.0, Shape::Level),
    ("rms_within_norm", 80.0, Shape::Level),
    ("contact_coverage", 85.0, Shape::Level),
    ("multi_product", 55.0, Shape::Level),
    ("additional_products_pct", 35.0, Shape::Level),
    ("lead_to_meeting", 35.0, Shape::Level),
    ("lead_to_sale", 18.0, Shape::Level),
    ("lead_to_loan", 22.0, Shape::Level),
    ("campaign_lead_conversion", 12.0, Shape::Level),
    ("digital_campaign_conversion", 8.0, Shape::Level),
    ("conversion", 20.0, Shape::Level),
    ("sales_funnel", 25.0, Shape::Level),
    ("approval_rate", 70.0, Shape::Level),
    ("referral_rate", 15.0, Shape::Level),
    ("adoption_rate", 20.0, Shape::Level),
    ("channel_effectiveness", 60.0, Shape::Level),
    ("retention", 92.0, Shape::Level),
    ("target_achievement", 100.0, Shape::Level),
    ("actual_vs_target", 100.0, Shape::Level),
    ("team_vs_individual", 100.0, Shape::Level),
    ("knowledge", 80.0, Shape::Level),
    ("trend_analysis_accuracy", 75.0, Shape::Level),
    ("crm_utilization", 90.0, Shape::Level),
    ("reviews_completed", 100.0, Shape::Level),
    ("completeness", 98.0, Shape::Level),
    ("completion", 95.0, Shape::Level),
    ("participation_rate", 90.0, Shape::Level),
    ("audit", 95.0, Shape::Level),
    ("compliance", 97.0, Shape::Level),
    ("accuracy", 92.0, Shape::Level),
    ("timeliness", 95.0, Shape::Level),
    ("adherence", 90.0, Shape::Level),
];

const SCORE_RULES: &[Rule] = &[("satisfaction", 4.2, Shape::Level), ("confidentiality", 4.5, Shape::Level)];

const RATIO_RULES: &[Rule] = &[("product_depth", 2.5, Shape::Level), ("productivity", 3.5, Shape::Level)];

const TIME_RULES: &[Rule] = &[
    ("turnaround_time", 5.0, Shape::Level),
    ("resolution_time", 3.0, Shape::Level),
    ("lead_response_time", 2.0, Shape::Level),
    ("inquiry_response_time", 4.0, Shape::Level),
    ("query_response_time", 6.0, Shape::Level),
    ("request_response_time", 4.0, Shape::Level),
    ("revenue_activity_hours", 120.0, Shape::Level),
    ("staff_training_hours", 60.0, Shape::Activity),
    ("training_hours", 6.0, Shape::Activity),
    ("time_saved", 0.5, Shape::Level),
];

fn rules_for(unit: Unit) -> &'static [Rule] {
    match unit {
        Unit::Currency => CURRENCY_RULES,
        Unit::Count => COUNT_RULES,
        Unit::Percent => PERCENT_RULES,
        Unit::Score => SCORE_RULES,
        Unit::Ratio => RATIO_RULES,
        Unit::Days | Unit::Hours => TIME_RULES,
    }
}

/// The profile of one KPI: the first rule of its unit whose fragment the code contains, else a
/// default for the unit and direction.
pub fn profile_for(kpi: &Kpi) -> KpiProfile {
    let (base, shape) = rules_for(kpi.unit)
        .iter()
        .find(|(fragment, _, _)| kpi.code.contains(fragment))
        .map(|(_, base, shape)| (*base, *shape))
        .unwrap_or_else(|| default_for(kpi));
    let (floor, ceiling) = match (kpi.unit, shape) {
        (Unit::Percent, Shape::Growth) => (-100.0, 1000.0),
        (Unit::Percent, _) if kpi.code.contains("nps") || kpi.code.contains("net_promoter") => (-100.0, 100.0),
        (Unit::Percent, _) => (0.0, 100.0),
        (Unit::Score, _) => (1.0, 5.0),
        (Unit::Currency, _) => (0.0, 1e13),
        _ => (0.0, 1e9),
    };
    KpiProfile { base, shape, floor, ceiling }
}

fn default_for(kpi: &Kpi) -> (f64, Shape) {
    match (kpi.unit, kpi.direction) {
        (Unit::Currency, Direction::Higher) => (5_00_000.0, Shape::Sales),
        (Unit::Currency, Direction::Lower) => (2_000.0, Shape::Level),
        (Unit::Count, Direction::Higher) => (2.0, Shape::Activity),
        (Unit::Count, Direction::Lower) => (0.0, Shape::Violation),
        (Unit::Percent, Direction::Higher) => (80.0, Shape::Level),
        (Unit::Percent, Direction::Lower) => (5.0, Shape::Level),
        (Unit::Score, _) => (4.0, Shape::Level),
        (Unit::Ratio, _) => (1.5, Shape::Level),
        (Unit::Days, _) => (5.0, Shape::Level),
        (Unit::Hours, Direction::Lower) => (4.0, Shape::Level),
        (Unit::Hours, Direction::Higher) => (8.0, Shape::Activity),
    }
}
