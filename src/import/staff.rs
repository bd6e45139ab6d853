//! Checking rows of a staff file: logins, roles, focus models, segments, OS users and manager
//! links (which must exist and never form a loop).

use super::reader::RawRecord;
use crate::domain::capability::FocusModel;
use crate::domain::coverage::Segment;
use crate::domain::login::is_valid_login;
use crate::domain::staff::StaffMember;
use crate::domain::template::Role;
use crate::store::{Catalogue, ProblemKind, RowProblem};
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

pub fn validate_staff(records: &[RawRecord], catalogue: &Catalogue) -> Result<Vec<StaffMember>, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut members = Vec::new();
    let mut member_lines = Vec::new();
    let mut lines_by_login: HashMap<String, u64> = HashMap::new();
    let mut lines_by_os_user: HashMap<String, u64> = HashMap::new();
    for record in records {
        let line = record.line;
        let mut report = |column: usize, reason: String| {
            problems.push(RowProblem { line, column, reason, kind: ProblemKind::Invalid });
        };
        let f = &record.fields;
        let login = f[0].as_str();
        if !is_valid_login(login) {
            report(1, format!("{login:?} is not a valid login (a lowercase letter, then up to 31 of a-z 0-9 . _ -)"));
        } else if let Some(first) = lines_by_login.insert(login.to_string(), line) {
            report(1, format!("login {login} already appears on line {first}"));
        }
        if f[1].is_empty() {
            report(2, "empty name".into());
        }
        let role = Role::from_code(&f[2]);
        if role.is_none() {
            let codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
            report(3, format!("unknown role {:?}; expected one of {}", f[2], codes.join(", ")));
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
                    report(5, format!("unknown focus model {code:?}; expected product, segment, activity or hybrid"));
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
                    format!("unknown segment {code:?}; expected mass_retail, affluent, private, sme or corporate"),
                ),
            }
        }
        if !segments.is_empty() && !is_rm && role.is_some() {
            report(6, "only relationship managers have segment books".into());
        }
        let os_user = optional(&f[6]);
        if let Some(user) = &os_user {
            if !is_valid_os_user(user) {
                report(7, format!("{user:?} is not a valid OS user name"));
            } else if let Some(first) = lines_by_os_user.insert(user.clone(), line) {
                report(7, format!("OS user {user} already appears on line {first}"));
            } else if let Some(other) =
                catalogue.staff.values().find(|m| m.os_user.as_ref() == Some(user) && m.login != login)
            {
                report(7, format!("OS user {user} already belongs to {}", other.login));
            }
        }
        if let Some(role) = role {
            member_lines.push(line);
            members.push(StaffMember {
                login: login.to_string(),
                name: f[1].clone(),
                role,
                manager_login: optional(&f[3]),
                focus,
                segments,
                os_user,
            });
        }
    }
    check_manager_links(&members, &member_lines, catalogue, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let leaves_a_manager = catalogue
        .staff
        .values()
        .filter(|m| !members.iter().any(|n| n.login == m.login))
        .chain(members.iter())
        .any(|m| m.role == Role::BranchManager);
    if !leaves_a_manager {
        return Err(vec![RowProblem {
            line: records.first().map(|r| r.line).unwrap_or(1),
            column: 3,
            reason: "the import would leave the branch without a branch manager".into(),
            kind: ProblemKind::Invalid,
        }]);
    }
    Ok(members)
}

/// Every manager link must name someone in the file or already on the staff, and following
/// links from anyone must never come back to them.
fn check_manager_links(members: &[StaffMember], lines: &[u64], catalogue: &Catalogue, problems: &mut Vec<RowProblem>) {
    let mut manager_of: HashMap<&str, Option<&str>> =
        catalogue.staff.values().map(|m| (m.login.as_str(), m.manager_login.as_deref())).collect();
    for m in members {
        manager_of.insert(&m.login, m.manager_login.as_deref());
    }
    for (member, &line) in members.iter().zip(lines) {
        let Some(manager) = member.manager_login.as_deref() else { continue };
        if manager == member.login {
            continue; // already reported
        }
        if !manager_of.contains_key(manager) {
            problems.push(RowProblem {
                line,
                column: 4,
                reason: format!("manager {manager:?} is neither in this file nor on the staff"),
                kind: ProblemKind::Invalid,
            });
            continue;
        }
        let mut current = Some(manager);
        let mut steps = 0;
        while let Some(login) = current {
            if login == member.login || steps > manager_of.len() {
                problems.push(RowProblem {
                    line,
                    column: 4,
                    reason: format!("manager links from {} form a loop", member.login),
                    kind: ProblemKind::Invalid,
                });
                break;
            }
            current = manager_of.get(login).copied().flatten();
            steps += 1;
        }
    }
}
