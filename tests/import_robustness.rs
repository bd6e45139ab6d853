//! Whatever bytes an import file holds, reading and checking it never panics: random junk and
//! thousands of mutations of a valid file are either accepted or refused with located problems.

use branchboard::domain::staff::StaffMember;
use branchboard::domain::template::{Role, builtin_templates};
use branchboard::import::{
    CUSTOMER_HEADER, Catalogue, CheckedRow, CsvRows, CustomerCheck, Feed, LIMITS, RowCheck, STAFF_HEADER, StaffCheck,
    VALUE_HEADER, ValueCheck, ValueKind,
};
use rand::{RngExt, SeedableRng};
use std::collections::{BTreeSet, HashMap};

fn catalogue() -> Catalogue {
    let member = |login: &str, role: Role| StaffMember {
        login: login.into(),
        name: login.into(),
        role,
        manager_login: None,
        focus: None,
        segments: Vec::new(),
        os_user: None,
    };
    let staff = [
        member("boss", Role::BranchManager),
        member("lara", Role::LoanOfficer),
        member("ravi", Role::RelationshipManager),
    ];
    Catalogue {
        staff: staff.into_iter().map(|m| (m.login.clone(), m)).collect(),
        templates: builtin_templates()
            .unwrap()
            .into_iter()
            .map(|t| (Role::from_code(&t.role).unwrap(), t))
            .collect::<HashMap<_, _>>(),
        closed: BTreeSet::from(["2025-01".parse().unwrap()]),
        today: chrono::NaiveDate::from_ymd_opt(2025, 6, 15).unwrap(),
    }
}

const VALID: &str = "login,kpi,period,value\nlara,loan_sales_revenue,2025-02,\"1,23,456\"\nlara,client_satisfaction_rating,2025-02,4.5\n";
const ALPHABET: &[u8] = b"0123456789,.-%\"\n\r ;abcQN\x00\xff\xe2\x82\xb9";

/// Every row of `bytes` as an import checks it, the way `import` feeds the store.
fn check_file<C: RowCheck>(bytes: &[u8], header: &[&str], check: C, catalogue: &Catalogue) -> Vec<CheckedRow<C::Row>> {
    let mut feed = Feed::new(CsvRows::new(bytes, header, LIMITS), check, &());
    std::iter::from_fn(|| feed.next_row(catalogue)).collect()
}

/// Feeds `bytes` through every kind of import check; only panics matter here.
fn check_everything(bytes: &[u8], catalogue: &Catalogue) {
    check_file(bytes, &VALUE_HEADER, ValueCheck::new(ValueKind::Actual), catalogue);
    check_file(bytes, &VALUE_HEADER, ValueCheck::new(ValueKind::Target), catalogue);
    check_file(bytes, &STAFF_HEADER, StaffCheck::default(), catalogue);
    check_file(bytes, &CUSTOMER_HEADER, CustomerCheck::default(), catalogue);
}

#[test]
fn random_and_mutated_files_never_panic() {
    let catalogue = catalogue();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    for _ in 0..2000 {
        let len = rng.random_range(0..200);
        let junk: Vec<u8> = (0..len).map(|_| rng.random::<u8>()).collect();
        check_everything(&junk, &catalogue);
    }
    for _ in 0..5000 {
        let mut bytes = VALID.as_bytes().to_vec();
        for _ in 0..rng.random_range(1..6) {
            let at = rng.random_range(0..=bytes.len());
            match rng.random_range(0..3) {
                0 if at < bytes.len() => {
                    bytes.remove(at);
                }
                1 if at < bytes.len() => bytes[at] = ALPHABET[rng.random_range(0..ALPHABET.len())],
                _ => bytes.insert(at, ALPHABET[rng.random_range(0..ALPHABET.len())]),
            }
        }
        check_everything(&bytes, &catalogue);
    }
    // The unmutated file is accepted, so the mutations above did reach the value checks.
    let rows = check_file(VALID.as_bytes(), &VALUE_HEADER, ValueCheck::new(ValueKind::Actual), &catalogue);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(Result::is_ok), "{rows:?}");
}
