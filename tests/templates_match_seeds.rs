//! The built-in role templates and capabilities parse, and carry the seed sheets' KRAs and KPIs word for word.
//!
//! The seed documents are read from `../shared/seeds` (the shared folder cloned beside the
//! repository) and parsed here, so a template that drifts from its seed fails this test.

use branchboard::domain::capability::builtin_capabilities;
use branchboard::domain::template::{Direction, Kra, Role, RoleTemplate, builtin_templates};

const SEED_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds");

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

/// A KRA as a seed sheet states it: the numbered heading, the "KRA:" sentence and the KPI bullets.
#[derive(Debug)]
struct SeedKra {
    name: String,
    description: String,
    kpis: Vec<String>,
}

/// The worked "Real-Time Example": its "KRA:" sentence and the text after each "KPI n: ".
#[derive(Debug)]
struct SeedExample {
    description: String,
    kpis: Vec<String>,
}

/// Reads the one seed file whose name starts with `prefix`. A missing seed folder is a failure,
/// never a skip: these documents are the reference the templates are checked against.
fn read_seed(prefix: &str) -> String {
    let entries = std::fs::read_dir(SEED_DIR).unwrap_or_else(|e| {
        panic!(
            "cannot read the seed folder {SEED_DIR}: {e}. The shared folder must be cloned beside \
             the repository as ../shared (it holds SPEC.md and seeds/)."
        )
    });
    let mut matches: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })
        .collect();
    assert_eq!(matches.len(), 1, "expected one seed {prefix}*.txt in {SEED_DIR}, found {matches:?}");
    let path = matches.remove(0);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Splits a seed line into (was it a bullet, its text). The sheets use "- " and "  • " bullets.
fn strip_bullet(line: &str) -> (bool, &str) {
    let trimmed = line.trim();
    for marker in ['-', '•', '*', '–'] {
        if let Some(rest) = trimmed.strip_prefix(marker)
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            return (true, rest.trim());
        }
    }
    (false, trimmed)
}

/// "7. Compliance Adherence" → "Compliance Adherence".
fn numbered_heading(text: &str) -> Option<&str> {
    let (number, rest) = text.split_once('.')?;
    let is_number = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    (is_number && rest.starts_with(' ')).then(|| rest.trim())
}

/// "KPI 3: Cost per acquisition …" → "Cost per acquisition …".
fn example_kpi(text: &str) -> Option<&str> {
    let (label, rest) = text.split_once(':')?;
    let number = label.strip_prefix("KPI ")?;
    let is_number = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    is_number.then(|| rest.trim())
}

/// The KRAs between the "Key Responsibility Areas" heading (not its table-of-contents bullet)
/// and "Real-Time Example", and the example after it.
fn parse_sheet(text: &str) -> (Vec<SeedKra>, SeedExample) {
    let lines: Vec<(bool, &str)> = text.lines().map(strip_bullet).filter(|(_, text)| !text.is_empty()).collect();
    let start = lines
        .iter()
        .position(|&(bullet, text)| !bullet && text.starts_with("Key Responsibility Areas"))
        .expect("seed has no \"Key Responsibility Areas\" heading");
    let end = start
        + lines[start..]
            .iter()
            .position(|&(_, text)| text.starts_with("Real-Time Example"))
            .expect("seed has no \"Real-Time Example\" after its KRAs");

    let mut kras: Vec<SeedKra> = Vec::new();
    let section = &lines[start + 1..end];
    for (i, &(bullet, text)) in section.iter().enumerate() {
        let next = section.get(i + 1).map(|&(_, t)| t).unwrap_or("");
        if let Some(name) = numbered_heading(text).filter(|_| next.starts_with("KRA:")) {
            kras.push(SeedKra { name: name.to_string(), description: String::new(), kpis: Vec::new() });
            continue;
        }
        let Some(kra) = kras.last_mut() else { continue };
        if let Some(sentence) = text.strip_prefix("KRA:") {
            kra.description = sentence.trim().to_string();
        } else if bullet {
            kra.kpis.push(text.to_string());
        }
    }

    let mut example = SeedExample { description: String::new(), kpis: Vec::new() };
    for &(bullet, text) in &lines[end..] {
        if text.starts_with("Key Takeaways") {
            break;
        }
        if let Some(sentence) = text.strip_prefix("KRA:") {
            example.description = sentence.trim().to_string();
        } else if let Some(kpi) = example_kpi(text).filter(|_| bullet) {
            example.kpis.push(kpi.to_string());
        }
    }
    (kras, example)
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

#[test]
fn builtin_templates_and_capabilities_parse() {
    let templates = templates();
    assert_eq!(templates.len(), Role::ALL.len());
    for role in Role::ALL {
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
    for (prefix, role) in SHEETS {
        let (kras, _) = parse_sheet(&read_seed(prefix));
        assert_eq!(kras.len(), 10, "seed {prefix}: parsed {} KRAs, expected 10: {kras:#?}", kras.len());
        let template = template(&templates, role);
        for seed in &kras {
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
    for (prefix, role) in &SHEETS[..2] {
        let (_, example) = parse_sheet(&read_seed(prefix));
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
    let mut sheet_kras = Vec::new();
    for (prefix, _) in SHEETS {
        let (kras, _) = parse_sheet(&read_seed(prefix));
        sheet_kras.extend(kras.into_iter().map(|k| (prefix, k)));
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
    let seed = read_seed("003_");
    let lines: Vec<(bool, &str)> = seed.lines().map(strip_bullet).filter(|(_, text)| !text.is_empty()).collect();
    let start = lines
        .iter()
        .position(|&(_, text)| text.starts_with("4. General Skills and Competencies"))
        .expect("seed 003 has no \"4. General Skills and Competencies\"");
    let end = start
        + lines[start..]
            .iter()
            .position(|&(_, text)| text.starts_with("In summary"))
            .expect("seed 003 has no closing summary");
    // Within sections 4–6 each skill is a "- Name:" bullet followed by its sentence.
    let mut skills = Vec::new();
    for pair in lines[start..end].windows(2) {
        if let [(true, name), (true, sentence)] = pair
            && let Some(name) = name.strip_suffix(':')
            && !sentence.ends_with(':')
        {
            skills.push((name.to_string(), sentence.to_string()));
        }
    }
    assert_eq!(skills.len(), 9, "seed 003 skills parsed as {skills:?}");

    let capabilities = builtin_capabilities().unwrap_or_else(|e| panic!("capabilities do not load: {e}"));
    for (name, sentence) in &skills {
        assert!(
            capabilities.iter().any(|c| &c.name == name && &c.description == sentence),
            "no capability {name:?} described {sentence:?}"
        );
    }
    let seed_sentences: Vec<&str> = lines.iter().map(|&(_, text)| text).collect();
    for capability in &capabilities {
        assert!(
            seed_sentences.contains(&capability.description.as_str()),
            "capability {} is not described by a sentence of seed 003: {:?}",
            capability.code,
            capability.description
        );
    }

    let templates = templates();
    let rm = template(&templates, Role::RelationshipManager);
    for (name, _) in &skills {
        assert!(rm.kpis().any(|k| &k.name == name), "{} has no KPI rating {name:?}", rm.role);
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
