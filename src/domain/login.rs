//! Logins: the identity every staff member, audit row and SSH key is keyed by.

/// A login matches `[a-z][a-z0-9._-]{0,31}` (SPEC §1).
pub fn is_valid_login(login: &str) -> bool {
    let bytes = login.as_bytes();
    match bytes.split_first() {
        Some((first, rest)) => {
            first.is_ascii_lowercase()
                && rest.len() <= 31
                && rest.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_pattern() {
        for good in ["a", "priya", "rm.01", "j_doe-2", &format!("a{}", "b".repeat(31))] {
            assert!(is_valid_login(good), "{good}");
        }
        for bad in ["", "1abc", "Priya", "-a", "a b", "a;rm -rf", "a'b", &format!("a{}", "b".repeat(32)), "é"] {
            assert!(!is_valid_login(bad), "{bad}");
        }
    }
}
