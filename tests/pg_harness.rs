//! The throw-away PostgreSQL server of the head-office tests (`tests/common/pg.rs`): it starts,
//! answers on its port, and enforces passwords for every role but the superuser.
//!
//! Needs Debian's postgresql package (`.ci/run` installs it); without it the tests print a loud
//! note and pass locally, but fail under CI (`CI` set).

mod common;

use common::pg::PgServer;

#[test]
fn starts_answers_and_creates_databases() {
    let Some(pg) = PgServer::start() else { return };
    assert_eq!(pg.psql("postgres", "SELECT 1"), "1");
    pg.create_database("head_office");
    assert_eq!(pg.psql("head_office", "SELECT current_database()"), "head_office");
    assert_eq!(pg.psql("head_office", "SHOW port"), pg.port().to_string());
    assert_eq!(pg.psql("head_office", "SELECT current_user"), pg.superuser());
    assert_eq!(pg.url("asha", "head_office"), format!("postgresql://asha@127.0.0.1:{}/head_office", pg.port()));
    assert_eq!(pg.admin_url("x"), format!("postgresql://{}@127.0.0.1:{}/x", pg.superuser(), pg.port()));
}

#[test]
fn roles_need_their_password_but_the_superuser_does_not() {
    let Some(pg) = PgServer::start() else { return };
    pg.psql("postgres", "CREATE ROLE r LOGIN PASSWORD 'p'");
    assert_eq!(
        pg.psql("postgres", "SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = 'r'"),
        "SCRAM-SHA-256$"
    );

    let right = pg.psql_as("r", "p", "postgres", "SELECT current_user");
    assert!(right.status.success(), "{}", String::from_utf8_lossy(&right.stderr));
    assert_eq!(String::from_utf8_lossy(&right.stdout).trim(), "r");

    for wrong in ["q", ""] {
        let refused = pg.psql_as("r", wrong, "postgres", "SELECT 1");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success(), "password {wrong:?} was accepted");
        assert!(
            stderr.contains("password authentication failed") || stderr.contains("no password supplied"),
            "{stderr}"
        );
        assert!(refused.stdout.is_empty());
    }

    let admin = pg.psql_as(pg.superuser(), "", "postgres", "SELECT current_user");
    assert!(admin.status.success(), "{}", String::from_utf8_lossy(&admin.stderr));
    assert_eq!(String::from_utf8_lossy(&admin.stdout).trim(), pg.superuser());
}
