//! A branch's identity at head office: its code (unique in the bank) and its region, as checked
//! before they are stored.

/// The longest branch code: it is part of every head-office key and of the branch's role name.
pub const MAX_CODE_LEN: usize = 16;
/// The longest region name.
pub const MAX_REGION_LEN: usize = 64;

/// Checks a branch code and returns it as stored: upper case, so that `b001` and `B001` can
/// never be two branches. 1–16 of A–Z, 0–9, `-` and `_`, starting with a letter or digit.
pub fn check_branch_code(code: &str) -> Result<String, String> {
    let code = code.trim().to_ascii_uppercase();
    let allowed = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_';
    let starts_well = code.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if code.is_empty() || code.len() > MAX_CODE_LEN || !starts_well || !code.chars().all(allowed) {
        return Err(format!(
            "a branch code is 1 to {MAX_CODE_LEN} of the letters A-Z, digits, '-' and '_', starting with a letter or digit (for example B001); got {code:?}"
        ));
    }
    Ok(code)
}

/// Checks a region name and returns it trimmed: 1–64 characters, none of them hidden
/// (control or format characters), since head office shows it on every screen and export.
pub fn check_region(region: &str) -> Result<String, String> {
    let region = region.trim();
    if region.is_empty() || region.chars().count() > MAX_REGION_LEN {
        return Err(format!("a region is 1 to {MAX_REGION_LEN} characters (for example \"South\"); got {region:?}"));
    }
    if region.chars().any(super::text::is_hidden) {
        return Err(format!("the region {region:?} holds a control or invisible character"));
    }
    Ok(region.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_plain_and_upper_case() {
        assert_eq!(check_branch_code(" b001 ").unwrap(), "B001");
        assert_eq!(check_branch_code("SOUTH-12_A").unwrap(), "SOUTH-12_A");
        for bad in ["", "-B1", "B 1", "B1;DROP", "ÄB", "B0000000000000001"] {
            assert!(check_branch_code(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn regions_are_plain_text() {
        assert_eq!(check_region("  South  ").unwrap(), "South");
        assert!(check_region("").is_err());
        assert!(check_region("So\u{1b}[31muth").is_err());
        assert!(check_region("So\u{202e}uth").is_err());
        assert!(check_region(&"x".repeat(65)).is_err());
    }
}
