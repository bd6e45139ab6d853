//! A member of the branch's staff: who they are, their role, focus model and segment book.

use super::capability::FocusModel;
use super::coverage::Segment;
use super::template::Role;

#[derive(Debug, Clone, PartialEq)]
pub struct StaffMember {
    pub login: String,
    pub name: String,
    pub role: Role,
    pub manager_login: Option<String>,
    /// RMs only.
    pub focus: Option<FocusModel>,
    /// The segments an RM's book serves (RMs only).
    pub segments: Vec<Segment>,
    /// The OS account that maps to this login when `--as` is not given.
    pub os_user: Option<String>,
}

impl StaffMember {
    pub fn segments_text(&self) -> String {
        self.segments.iter().map(|s| s.code()).collect::<Vec<_>>().join(";")
    }
}
