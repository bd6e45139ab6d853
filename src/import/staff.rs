//! Checking rows of a staff file: logins, roles, focus models, segments, OS users, and, once
//! the whole file is read, manager links (which must exist and never form a loop) and a branch
//! manager left in charge.

use super::RowCheck;
use super::reader::RawRecord;
use super::rows::{Catalogue, RowProblem};
use crate::domain::capability::FocusModel;
use crate::domain::coverage::Segment;
use crate::domain::login::is_valid_login;
use crate::domain::staff::StaffMember;
use crate::domain::template::Role;
use crate::domain::text::quote_cell;
use std::collections::HashMap;

pub const STAFF_HEADER: [&str; 7] = ["login", "name", "role", "manager_login", "focus", "segments", "os_user"];

fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

/// OS account names: what `useradd` accepts by default, at most 32 characters.
fn is_valid_os_user(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && !name.starts_with('-')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// What the whole-file checks need of one row of the file.
struct Entry {
    line: u64,
    manager: Option<String>,
    role: Option<Role>,
}

/// Checks staff rows one at a time, keeping each login's line, manager and role for the
/// checks that need the whole file.
#[derive(Default)]
pub struct StaffCheck {
    entries: HashMap<String, Entry>,
    lines_by_os_user: HashMap<String, u64>,
}

impl RowCheck for StaffCheck {
    type Row = StaffMember;

    fn check(&mut self, record: &RawRecord, catalogue: &Catalogue) -> Result<StaffMember, Vec<RowProblem>> {
        let line = record.line;
        let mut problems = Vec::new();
        let mut report = |column: usize, reason: String| problems.push(RowProblem::invalid(line, column, reason));
        let f = &record.fields;
        let login = f[0].as_str();
        let role = Role::from_code(&f[2]);
        if !is_valid_login(login) {
            report(
                1,
                format!(
                    "{} is not a valid login (a lowercase letter, then up to 31 of a-z 0-9 . _ -)",
                    quote_cell(login)
                ),
            );
        } else if let Some(first) = self.entries.get(login) {
            report(1, format!("login {login} already appears on line {}", first.line));
        } else {
            self.entries.insert(login.to_string(), Entry { line, manager: optional(&f[3]), role });
        }
        if f[1].is_empty() {
            report(2, "empty name".into());
        }
        if role.is_none() {
            let codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
            report(3, format!("unknown role {}; expected one of {}", quote_cell(&f[2]), codes.join(", ")));
        }
        if f[3] == login && !login.is_empty() {
            report(4, "a staff member cannot be their own manager".into());
        }
        let is_rm = role == Some(Role::RelationshipManager);
        let focus = match (f[4].as_str(), is_rm) {
            ("", true) => {
                report(5, "a relationship manager needs a focus model (product, segment, activity or hybrid)".into());
                None
            }
            ("", false) => None,
            (code, true) => {
                let focus = FocusModel::from_code(code);
                if focus.is_none() {
                    report(
                        5,
                        format!(
                            "unknown focus model {}; expected product, segment, activity or hybrid",
                            quote_cell(code)
                        ),
                    );
                }
                focus
            }
            (_, false) => {
                report(5, "only relationship managers have a focus model".into());
                None
            }
        };
        let mut segments = Vec::new();
        for code in f[5].split(';').map(str::trim).filter(|s| !s.is_empty()) {
            match Segment::from_code(code) {
                Some(s) if !segments.contains(&s) => segments.push(s),
                Some(_) => report(6, format!("segment {code} is listed twice")),
                None => report(
                    6,
                    format!(
                        "unknown segment {}; expected mass_retail, affluent, private, sme or corporate",
                        quote_cell(code)
                    ),
                ),
            }
        }
        if !segments.is_empty() && !is_rm && role.is_some() {
            report(6, "only relationship managers have segment books".into());
        }
        let os_user = optional(&f[6]);
        if let Some(user) = &os_user {
            if !is_valid_os_user(user) {
                report(7, format!("{} is not a valid OS user name", quote_cell(user)));
            } else if let Some(first) = self.lines_by_os_user.get(user) {
                report(7, format!("OS user {user} already appears on line {first}"));
            } else {
                self.lines_by_os_user.insert(user.clone(), line);
                if let Some(other) =
                    catalogue.staff.values().find(|m| m.os_user.as_ref() == Some(user) && m.login != login)
                {
                    report(7, format!("OS user {user} already belongs to {}", other.login));
                }
            }
        }
        match role {
            Some(role) if problems.is_empty() => Ok(StaffMember {
                login: login.to_string(),
                name: f[1].clone(),
                role,
                manager_login: optional(&f[3]),
                focus,
                segments,
                os_user,
            }),
            _ => Err(problems),
        }
    }

    fn finish(&mut self, catalogue: &Catalogue) -> Vec<RowProblem> {
        let mut problems = manager_link_problems(&self.entries, catalogue);
        problems.extend(self.branch_manager_problem(catalogue));
        problems
    }
}

impl StaffCheck {
    /// The branch must keep a branch manager: someone on the staff the file leaves as they are,
    /// or someone the file makes one. Judged only when every row's role could be read.
    fn branch_manager_problem(&self, catalogue: &Catalogue) -> Option<RowProblem> {
        if self.entries.values().any(|e| e.role.is_none()) {
            return None;
        }
        let kept =
            catalogue.staff.values().any(|m| m.role == Role::BranchManager && !self.entries.contains_key(&m.login));
        let made = self.entries.values().any(|e| e.role == Some(Role::BranchManager));
        if kept || made || self.entries.is_empty() {
            return None;
        }
        // Point at the row that demotes the manager, else at the first row.
        let demoting = self
            .entries
            .iter()
            .filter(|(login, _)| catalogue.staff.get(*login).is_some_and(|m| m.role == Role::BranchManager))
            .map(|(_, e)| e.line)
            .min();
        let line = demoting.or_else(|| self.entries.values().map(|e| e.line).min()).unwrap_or(1);
        Some(RowProblem::invalid(line, 3, "the import would leave the branch without a branch manager"))
    }
}

/// Every manager link of the file must name someone in the file or already on the staff, and
/// following links from anyone must never come back round. Each person is walked once, so a
/// long chain costs no more than a short one.
fn manager_link_problems(entries: &HashMap<String, Entry>, catalogue: &Catalogue) -> Vec<RowProblem> {
    let mut manager_of: HashMap<&str, Option<&str>> =
        catalogue.staff.values().map(|m| (m.login.as_str(), m.manager_login.as_deref())).collect();
    for (login, entry) in entries {
        // A self link is reported on its row; it is no loop through anyone else.
        let manager = entry.manager.as_deref().filter(|m| m != login);
        manager_of.insert(login, manager);
    }
    let mut problems = Vec::new();
    for (login, entry) in entries {
        if let Some(manager) = entry.manager.as_deref().filter(|m| m != login)
            && !manager_of.contains_key(manager)
        {
            let reason = format!("manager {} is neither in this file nor on the staff", quote_cell(manager));
            problems.push(RowProblem::invalid(entry.line, 4, reason));
        }
    }
    let in_loop = logins_leading_into_loops(&manager_of);
    for (login, entry) in entries {
        if in_loop.get(login.as_str()) == Some(&true) {
            problems.push(RowProblem::invalid(entry.line, 4, format!("manager links from {login} form a loop")));
        }
    }
    problems
}

/// For each login, whether following manager links from it ends in a loop.
fn logins_leading_into_loops<'a>(manager_of: &HashMap<&'a str, Option<&'a str>>) -> HashMap<&'a str, bool> {
    let mut verdict: HashMap<&'a str, bool> = HashMap::with_capacity(manager_of.len());
    for &start in manager_of.keys() {
        let mut path: Vec<&str> = Vec::new();
        let mut on_path: HashMap<&str, ()> = HashMap::new();
        let mut current = Some(start);
        let looped = loop {
            let Some(login) = current else { break false };
            if let Some(&known) = verdict.get(login) {
                break known;
            }
            if on_path.insert(login, ()).is_some() {
                break true;
            }
            path.push(login);
            current = manager_of.get(login).copied().flatten();
        };
        for login in path {
            verdict.insert(login, looped);
        }
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_chain_is_no_loop_and_a_ring_is() {
        let names: Vec<String> = (0..10_000).map(|i| format!("p{i}")).collect();
        let mut links: HashMap<&str, Option<&str>> =
            names.iter().enumerate().map(|(i, n)| (n.as_str(), (i > 0).then(|| names[i - 1].as_str()))).collect();
        assert!(logins_leading_into_loops(&links).values().all(|looped| !looped));
        links.insert("p0", Some("p9999"));
        assert!(logins_leading_into_loops(&links).values().all(|looped| *looped));
        links.insert("tail", Some("p5"));
        links.insert("p0", Some("free"));
        links.insert("free", None);
        let verdict = logins_leading_into_loops(&links);
        assert!(!verdict["tail"] && !verdict["p9999"]);
    }
}
