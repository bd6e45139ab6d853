//! The built-in role templates and capabilities parse, and carry the seed sheets' KRAs and KPIs word for word.
//!
//! The seeds' KRA/KPI names are read from `tests/fixtures/seed_kpis.toml`, generated from the
//! seed documents by `scripts/seed-fixture` (which `.ci/run` also uses to check the fixture is
//! current), so a template that drifts from its seed fails this test in any checkout.

use branchboard::domain::capability::builtin_capabilities;
use branchboard::domain::template::{Direction, Kra, Role, RoleTemplate, builtin_templates};
mod seed_schema;

use seed_schema::{Fixture, Sheet};

/// The seeds' names and sentences; generated, never edited by hand.
const FIXTURE: &str = include_str!("fixtures/seed_kpis.toml");

/// The KRA sheets and the role template each one generates.
const SHEETS: [(&str, Role); 3] =
    [("000_", Role::BankingSalesExecutive), ("001_", Role::PersonalLoanSalesExecutive), ("002_", Role::LoanOfficer)];

/// Phrases that make a KPI lower-is-better (SPEC §2), matched case-insensitively.
const LOWER_IS_BETTER: [&str; 9] = [
    "response time",
    "turnaround time",
    "default rate",
    "error rate",
    "violations",
    "complaints",
    "cost per acquisition",
    "acquisition cost",
    "resolution time",
];

fn fixture() -> Fixture {
    toml::from_str(FIXTURE).unwrap_or_else(|e| {
        panic!("tests/fixtures/seed_kpis.toml does not parse: {e}. Regenerate it with scripts/seed-fixture.")
    })
}

/// The KRA sheet whose seed file starts with `prefix`.
fn sheet<'a>(fixture: &'a Fixture, prefix: &str) -> &'a Sheet {
    fixture.sheets.iter().find(|s| s.prefix == prefix).unwrap_or_else(|| panic!("the fixture has no sheet {prefix}"))
}

fn templates() -> Vec<RoleTemplate> {
    builtin_templates().unwrap_or_else(|e| panic!("built-in templates do not load: {e}"))
}

fn template(templates: &[RoleTemplate], role: Role) -> &RoleTemplate {
    templates.iter().find(|t| t.role == role.code()).unwrap_or_else(|| panic!("no built-in template for {role}"))
}

fn kpi_names(kra: &Kra) -> Vec<&str> {
    kra.kpis.iter().map(|k| k.name.as_str()).collect()
}

fn is_snake_case(code: &str) -> bool {
    code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !code.ends_with('_')
        && !code.contains("__")
}

/// A truncated or degenerate fixture fails here rather than making the other tests pass vacuously.
#[test]
fn fixture_holds_every_seed() {
    let fixture = fixture();
    let sheets: Vec<(&str, &str)> = fixture.sheets.iter().map(|s| (s.prefix.as_str(), s.role.as_str())).collect();
    let expected: Vec<(&str, &str)> = SHEETS.iter().map(|(prefix, role)| (*prefix, role.code())).collect();
    assert_eq!(sheets, expected, "the fixture's sheets");
    for sheet in &fixture.sheets {
        assert!(
            sheet.file.starts_with(&sheet.prefix) && sheet.file.ends_with(".txt"),
            "sheet {}: file {:?}",
            sheet.prefix,
            sheet.file
        );
        assert!(!sheet.kras.is_empty(), "sheet {} has no KRAs", sheet.prefix);
        assert!(
            !sheet.example.description.is_empty() && !sheet.example.kpis.is_empty(),
            "sheet {}: empty worked example",
            sheet.prefix
        );
    }
    let capabilities = &fixture.capabilities;
    assert!(capabilities.prefix == "003_" && capabilities.file.starts_with("003_"), "capabilities: {capabilities:?}");
    assert_eq!(capabilities.skills.len(), 9, "seed 003 skills: {:?}", capabilities.skills);
    for skill in &capabilities.skills {
        assert!(!skill.name.is_empty(), "seed 003: a skill has no name: {skill:?}");
        assert!(
            capabilities.sentences.contains(&skill.description),
            "seed 003: skill {:?} is described by {:?}, which is not one of its sentences",
            skill.name,
            skill.description
        );
    }
    assert!(
        capabilities.sentences.len() > capabilities.skills.len(),
        "seed 003: only {} sentences",
        capabilities.sentences.len()
    );
}

#[test]
fn builtin_templates_and_capabilities_parse() {
    let templates = templates();
    assert_eq!(templates.len(), Role::ALL.len());
    for &role in Role::ALL {
        let template = template(&templates, role);
        let mut kra_codes = std::collections::HashSet::new();
        for kra in &template.kras {
            assert!(is_snake_case(&kra.code), "{role}: KRA code {:?} is not snake case", kra.code);
            assert!(kra_codes.insert(&kra.code), "{role}: KRA code {} appears twice", kra.code);
            assert!(!kra.name.is_empty() && !kra.description.is_empty(), "{role}: KRA {} lacks text", kra.code);
            for kpi in &kra.kpis {
                assert!(is_snake_case(&kpi.code), "{role}: KPI code {:?} is not snake case", kpi.code);
            }
        }
    }

    let capabilities = builtin_capabilities().unwrap_or_else(|e| panic!("capabilities do not load: {e}"));
    let level = |code: &str| {
        capabilities.iter().find(|c| c.code == code).unwrap_or_else(|| panic!("no capability {code}")).required
    };
    // Each focus model's own specialism is required at the top level.
    assert_eq!(level("product_depth").product, 5);
    assert_eq!(level("segment_insight").segment, 5);
    assert_eq!(level("activity_execution").activity, 5);
    for code in ["regulatory_compliance", "client_confidentiality"] {
        let r = level(code);
        assert!(
            [r.product, r.segment, r.activity, r.hybrid].iter().all(|l| *l >= 4),
            "{code} must be required at 4 or more under every focus model"
        );
    }
}

#[test]
fn sheet_kras_and_kpis_appear_word_for_word() {
    let templates = templates();
    let fixture = fixture();
    for (prefix, role) in SHEETS {
        let kras = &sheet(&fixture, prefix).kras;
        assert_eq!(kras.len(), 10, "seed {prefix}: parsed {} KRAs, expected 10: {kras:#?}", kras.len());
        let template = template(&templates, role);
        for seed in kras {
            assert_eq!(seed.kpis.len(), 4, "seed {prefix}: KRA {:?} parsed as {:?}", seed.name, seed.kpis);
            assert!(!seed.description.is_empty(), "seed {prefix}: KRA {:?} has no KRA: sentence", seed.name);
            let kra = template
                .kras
                .iter()
                .find(|k| k.name == seed.name && k.description == seed.description)
                .unwrap_or_else(|| panic!("{role}: no KRA named {:?} described {:?}", seed.name, seed.description));
            for name in &seed.kpis {
                assert!(
                    kpi_names(kra).contains(&name.as_str()),
                    "{role}: KRA {:?} lacks KPI {name:?} (has {:?})",
                    kra.name,
                    kpi_names(kra)
                );
            }
        }
    }
}

#[test]
fn worked_examples_appear_word_for_word() {
    let templates = templates();
    let fixture = fixture();
    for (prefix, role) in &SHEETS[..2] {
        let example = &sheet(&fixture, prefix).example;
        assert!(!example.description.is_empty(), "seed {prefix}: example has no KRA: sentence");
        assert_eq!(example.kpis.len(), 4, "seed {prefix}: example KPIs parsed as {:?}", example.kpis);
        let template = template(&templates, *role);
        let kra = template
            .kras
            .iter()
            .find(|k| k.description == example.description)
            .unwrap_or_else(|| panic!("{role}: no KRA described {:?}", example.description));
        for name in &example.kpis {
            assert!(kpi_names(kra).contains(&name.as_str()), "{role}: example KRA {:?} lacks KPI {name:?}", kra.name);
        }
    }
}

/// A KRA another role copies from a sheet (same "KRA:" sentence) keeps its name and KPIs verbatim;
/// the relationship and branch managers copy the KRAs named here.
#[test]
fn copied_kras_stay_word_for_word() {
    let templates = templates();
    let fixture = fixture();
    let mut sheet_kras = Vec::new();
    for (prefix, _) in SHEETS {
        sheet_kras.extend(sheet(&fixture, prefix).kras.iter().map(|k| (prefix, k)));
    }
    for template in &templates {
        for kra in &template.kras {
            for (prefix, seed) in sheet_kras.iter().filter(|(_, s)| s.description == kra.description) {
                assert_eq!(kra.name, seed.name, "{}: KRA {} copied from seed {prefix}", template.role, kra.code);
                assert_eq!(
                    kpi_names(kra),
                    seed.kpis.iter().map(String::as_str).collect::<Vec<_>>(),
                    "{}: KRA {} copied from seed {prefix}",
                    template.role,
                    kra.code
                );
            }
        }
    }
    let copied = |role: Role, prefix: &str, name: &str| {
        let (_, seed) = sheet_kras
            .iter()
            .find(|(p, s)| *p == prefix && s.name == name)
            .unwrap_or_else(|| panic!("seed {prefix} has no KRA {name:?}"));
        assert!(
            template(&templates, role).kras.iter().any(|k| k.description == seed.description),
            "{role} does not carry seed {prefix}'s {name:?}"
        );
    };
    copied(Role::BranchManager, "000_", "Team Performance Management");
    copied(Role::BranchManager, "000_", "Compliance Adherence");
    copied(Role::RelationshipManager, "000_", "Sales Target Achievement");
    copied(Role::RelationshipManager, "000_", "Customer Relationship Management");
    copied(Role::RelationshipManager, "001_", "Cross-Selling and Upselling");
    copied(Role::RelationshipManager, "002_", "Customer Feedback and Satisfaction");
}

/// Seed 003's skills are the capabilities (name and sentence verbatim) and rated KPIs of the RM.
#[test]
fn rm_capabilities_come_from_seed_003() {
    let fixture = fixture();
    let skills: Vec<(&str, &str)> =
        fixture.capabilities.skills.iter().map(|s| (s.name.as_str(), s.description.as_str())).collect();
    assert_eq!(skills.len(), 9, "seed 003 skills parsed as {skills:?}");

    let capabilities = builtin_capabilities().unwrap_or_else(|e| panic!("capabilities do not load: {e}"));
    for &(name, sentence) in &skills {
        assert!(
            capabilities.iter().any(|c| c.name == name && c.description == sentence),
            "no capability {name:?} described {sentence:?}"
        );
    }
    for capability in &capabilities {
        assert!(
            fixture.capabilities.sentences.contains(&capability.description),
            "capability {} is not described by a sentence of seed 003: {:?}",
            capability.code,
            capability.description
        );
    }

    let templates = templates();
    let rm = template(&templates, Role::RelationshipManager);
    for &(name, _) in &skills {
        assert!(rm.kpis().any(|k| k.name == name), "{} has no KPI rating {name:?}", rm.role);
    }
}

#[test]
fn cost_time_risk_and_violation_kpis_are_lower_is_better() {
    for template in templates() {
        for kpi in template.kpis() {
            let name = kpi.name.to_lowercase();
            // A reduction of a lower-is-better quantity, or violations avoided, is itself higher-is-better.
            let inverted = name.starts_with("reduction in") || name.contains("violations avoided");
            if !LOWER_IS_BETTER.iter().any(|phrase| name.contains(phrase)) {
                continue;
            }
            let expected = if inverted { Direction::Higher } else { Direction::Lower };
            assert_eq!(kpi.direction, expected, "{}: KPI {:?}", template.role, kpi.name);
        }
    }
}

#[test]
fn kra_weights_are_whole_numbers_summing_to_100() {
    for template in templates() {
        let total: f64 = template.kras.iter().map(|k| k.weight).sum();
        assert_eq!(total, 100.0, "{}: KRA weights sum to {total}", template.role);
        for kra in &template.kras {
            assert!(
                kra.weight > 0.0 && kra.weight.fract() == 0.0,
                "{}: KRA {} has weight {}",
                template.role,
                kra.code,
                kra.weight
            );
        }
    }
}
