//! Generates (or with `--check`, verifies) `tests/fixtures/seed_kpis.toml`, the seeds' KRA/KPI names.
//!
//! Usage: `cargo run --quiet --example seed_fixture -- SEED_DIR [--check FILE]`
//!
//! Reads the seed documents in SEED_DIR and writes, as TOML on stdout, only the names and
//! sentences the template tests need: for each KRA sheet (000, 001, 002) its KRAs (heading,
//! "KRA:" sentence, KPI names in order) and its worked example, and for seed 003 the nine skills
//! and the sentences of sections 2–6. With `--check FILE` it writes nothing and compares the
//! text it would write with FILE instead.
//!
//! Exit status: 0 written or up to date; 1 FILE differs from the seeds (the message names the
//! first differing line and the command that regenerates it); 2 bad usage or unreadable seeds.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[path = "../tests/seed_schema/mod.rs"]
mod seed_schema;

use seed_schema::{Fixture, SeedCapabilities, SeedExample, SeedKra, SeedSkill, Sheet};

const USAGE: &str = "usage: cargo run --quiet --example seed_fixture -- SEED_DIR [--check FILE]";

/// The script that rebuilds the fixture from the seed folder beside the repository.
const REGENERATE: &str = "scripts/seed-fixture";

/// The KRA sheets, in order: the seed file prefix and the built-in role template it generates.
const SHEETS: [(&str, &str); 3] =
    [("000_", "banking_sales_executive"), ("001_", "personal_loan_sales_executive"), ("002_", "loan_officer")];

/// Seed 003's RM capability document: sentences from this heading on may describe a capability,
const CAPABILITIES_START: &str = "2. Required RM Capabilities";
/// its skills are listed from this heading on,
const SKILLS_START: &str = "4. General Skills and Competencies";
/// and both stop at the closing summary.
const CAPABILITIES_END: &str = "In summary";

/// Why the program stopped; `Stale` exits 1, the rest exit 2.
enum Failure {
    Usage(String),
    Seeds(String),
    Stale(String),
}

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Stale(message)) => {
            eprintln!("seed_fixture: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("seed_fixture: {message}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Seeds(message)) => {
            eprintln!("seed_fixture: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), Failure> {
    let mut seed_dir = None;
    let mut check = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--check" => {
                let file = args.next().ok_or_else(|| Failure::Usage("--check needs a FILE".into()))?;
                if check.replace(PathBuf::from(file)).is_some() {
                    return Err(Failure::Usage("--check given twice".into()));
                }
            }
            flag if flag.starts_with('-') => return Err(Failure::Usage(format!("unknown option {flag}"))),
            dir => {
                if seed_dir.replace(PathBuf::from(dir)).is_some() {
                    return Err(Failure::Usage("more than one SEED_DIR".into()));
                }
            }
        }
    }
    let seed_dir = seed_dir.ok_or_else(|| Failure::Usage("missing SEED_DIR".into()))?;
    let text = generate(&seed_dir).map_err(Failure::Seeds)?;
    match check {
        None => {
            print!("{text}");
            Ok(())
        }
        Some(file) => compare(&text, &file, &seed_dir),
    }
}

/// The fixture text: a header comment, then the fixture as TOML.
fn generate(seed_dir: &Path) -> Result<String, String> {
    let mut sheets = Vec::new();
    for (prefix, role) in SHEETS {
        let (file, text) = read_seed(seed_dir, prefix)?;
        let (kras, example) = parse_sheet(&text).map_err(|e| format!("{file}: {e}"))?;
        sheets.push(Sheet { prefix: prefix.into(), role: role.into(), file, kras, example });
    }
    let (file, text) = read_seed(seed_dir, "003_")?;
    let (sentences, skills) = parse_capabilities(&text).map_err(|e| format!("{file}: {e}"))?;
    let capabilities = SeedCapabilities { prefix: "003_".into(), file, sentences, skills };

    let body = toml::to_string_pretty(&Fixture { sheets, capabilities })
        .map_err(|e| format!("cannot write the fixture as TOML: {e}"))?;
    let header = format!(
        "# GENERATED from the seed documents by examples/seed_fixture.rs; do not edit by hand.\n\
         # Regenerate: {REGENERATE}\n\
         #   (it runs: cargo run --quiet --example seed_fixture -- SEED_DIR > tests/fixtures/seed_kpis.toml)\n\
         # Check:      {REGENERATE} --check (.ci/run runs it when the seed folder is present)\n\
         #\n\
         # Only names and sentences, copied verbatim: per KRA sheet its KRAs (heading, \"KRA:\" sentence,\n\
         # KPI names in order) and its worked example; for seed 003 the skills (\"- Name:\" bullet and its\n\
         # sentence) and every sentence of sections 2-6, which a capability description must be one of.\n\n"
    );
    Ok(header + &body)
}

/// Compares the generated text with FILE; a difference is `Failure::Stale` naming the first differing line.
fn compare(generated: &str, file: &Path, seed_dir: &Path) -> Result<(), Failure> {
    let shown = file.display();
    let regenerate = format!(
        "Regenerate it with: {REGENERATE}\n  (or: cargo run --quiet --example seed_fixture -- {} > {shown})",
        seed_dir.display()
    );
    let current = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Failure::Stale(format!("{shown} does not exist.\n{regenerate}")));
        }
        Err(e) => return Err(Failure::Seeds(format!("cannot read {shown}: {e}"))),
    };
    if current == generated {
        return Ok(());
    }
    let mut want = generated.lines();
    let mut have = current.lines();
    let mut number = 1;
    let detail = loop {
        match (have.next(), want.next()) {
            (Some(h), Some(w)) if h == w => number += 1,
            (Some(h), Some(w)) => break format!("  file has:   {h}\n  seeds give: {w}"),
            (None, Some(w)) => break format!("  file has:   (the file ends)\n  seeds give: {w}"),
            (Some(h), None) => break format!("  file has:   {h}\n  seeds give: (nothing: the generated text ends)"),
            (None, None) => break "  (the files differ only in line endings or a final newline)".to_string(),
        }
    };
    Err(Failure::Stale(format!(
        "{shown} is stale: it differs from what the seeds in {} give, first at line {number}:\n{detail}\n{regenerate}",
        seed_dir.display()
    )))
}

/// Reads the one seed file whose name starts with `prefix`; returns its file name and text.
/// A missing or unreadable seed folder is an error: these documents are the reference.
fn read_seed(seed_dir: &Path, prefix: &str) -> Result<(String, String), String> {
    let entries = std::fs::read_dir(seed_dir).map_err(|e| {
        format!(
            "cannot read the seed folder {}: {e}. It holds the seed documents \
             000_*.txt to 003_*.txt (the shared folder cloned beside the repository).",
            seed_dir.display()
        )
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok().and_then(|e| e.file_name().into_string().ok()))
        .filter(|name| name.starts_with(prefix) && name.ends_with(".txt"))
        .collect();
    if names.len() != 1 {
        names.sort();
        return Err(format!("expected one seed {prefix}*.txt in {}, found {names:?}", seed_dir.display()));
    }
    let name = names.remove(0);
    let path = seed_dir.join(&name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok((name, text))
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

/// The seed's non-empty lines, each as (was it a bullet, its text).
fn seed_lines(text: &str) -> Vec<(bool, &str)> {
    text.lines().map(strip_bullet).filter(|(_, text)| !text.is_empty()).collect()
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

/// The index of the first line at or after `from` whose text starts with `heading`.
fn find(lines: &[(bool, &str)], from: usize, heading: &str) -> Result<usize, String> {
    lines[from..]
        .iter()
        .position(|&(_, text)| text.starts_with(heading))
        .map(|i| from + i)
        .ok_or_else(|| format!("no line starting {heading:?}"))
}

/// The KRAs between the "Key Responsibility Areas" heading (not its table-of-contents bullet)
/// and "Real-Time Example", and the example after it.
fn parse_sheet(text: &str) -> Result<(Vec<SeedKra>, SeedExample), String> {
    let lines = seed_lines(text);
    let start = lines
        .iter()
        .position(|&(bullet, text)| !bullet && text.starts_with("Key Responsibility Areas"))
        .ok_or("no \"Key Responsibility Areas\" heading")?;
    let end = find(&lines, start, "Real-Time Example")?;

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
    Ok((kras, example))
}

/// Seed 003: every sentence (a line not ending in ':') of sections 2–6, and the skills of
/// sections 4–6, where each skill is a "- Name:" bullet followed by its sentence.
fn parse_capabilities(text: &str) -> Result<(Vec<String>, Vec<SeedSkill>), String> {
    let lines = seed_lines(text);
    let start = find(&lines, 0, CAPABILITIES_START)?;
    let skills_start = find(&lines, start, SKILLS_START)?;
    let end = find(&lines, skills_start, CAPABILITIES_END)?;

    let sentences = lines[start + 1..end]
        .iter()
        .filter(|&&(_, text)| !text.ends_with(':'))
        .map(|&(_, text)| text.to_string())
        .collect();
    let mut skills = Vec::new();
    for pair in lines[skills_start..end].windows(2) {
        if let [(true, name), (true, sentence)] = pair
            && let Some(name) = name.strip_suffix(':')
            && !sentence.ends_with(':')
        {
            skills.push(SeedSkill { name: name.to_string(), description: sentence.to_string() });
        }
    }
    Ok((sentences, skills))
}
