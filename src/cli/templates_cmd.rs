//! `templates list` and `templates show ROLE`: the built-in role templates.

use super::Failure;
use super::args::{TemplateFormat, TemplatesAction};
use crate::domain::book::is_book_derived;
use crate::domain::number::unit_name;
use crate::domain::template::{Aggregation, EnteredBy, Role, builtin_template, builtin_templates};
use crate::export::direction_code;
use std::io::Write;

pub fn run(action: &TemplatesAction) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    let defect = |e: crate::domain::template::TemplateError| Failure::new(1, e.to_string());
    match action {
        TemplatesAction::List => {
            for t in builtin_templates().map_err(defect)? {
                let kpis = t.kpis().count();
                writeln!(out, "{:<32} {:<32} {:>2} KRAs {:>3} KPIs", t.role, t.name, t.kras.len(), kpis)?;
            }
        }
        TemplatesAction::Show { role, format } => {
            let role_code = role;
            let role = Role::from_code(role_code).ok_or_else(|| {
                let codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
                Failure::usage(format!("unknown role {role_code:?}; expected one of {}", codes.join(", ")))
            })?;
            let template = builtin_template(role).map_err(defect)?;
            match format {
                TemplateFormat::Json => crate::export::write_json(&mut out, &template)?,
                TemplateFormat::Text => {
                    writeln!(out, "{} ({})", template.name, template.role)?;
                    for kra in &template.kras {
                        writeln!(out, "\n{:>3}%  {}  [{}]\n      {}", kra.weight, kra.name, kra.code, kra.description)?;
                        for kpi in &kra.kpis {
                            let aggregation = match kpi.aggregation {
                                Aggregation::Sum => "sum",
                                Aggregation::Mean => "mean",
                                Aggregation::Last => "last",
                            };
                            let entered_by = match kpi.entered_by {
                                _ if is_book_derived(kpi) => ", from the RM's customer book (not typed)",
                                EnteredBy::Staff => "",
                                EnteredBy::Manager => ", entered by the branch manager",
                            };
                            writeln!(
                                out,
                                "      - {} [{}] {}, {} is better, {aggregation}, weight {}, cap {}{entered_by}",
                                kpi.name,
                                kpi.code,
                                unit_name(kpi.unit),
                                direction_code(kpi.direction),
                                kpi.weight,
                                kpi.cap
                            )?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}
