-- Schema version 1: the branch, its people, their numbers, customers and the audit log.

PRAGMA application_id = 1112688194; -- 'BRBB': marks the file as a branchboard database

CREATE TABLE branch (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    created_at  TEXT NOT NULL
);

CREATE TABLE staff (
    login          TEXT PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(name) > 0),
    role           TEXT NOT NULL CHECK (role IN ('branch_manager', 'relationship_manager',
                       'banking_sales_executive', 'personal_loan_sales_executive', 'loan_officer')),
    manager_login  TEXT REFERENCES staff(login),
    focus          TEXT CHECK (focus IN ('product', 'segment', 'activity', 'hybrid')),
    segments       TEXT NOT NULL DEFAULT '',
    os_user        TEXT UNIQUE
) WITHOUT ROWID;

-- The role templates in force for this branch (JSON of domain::template::RoleTemplate).
CREATE TABLE role_template (
    role  TEXT PRIMARY KEY,
    body  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE target (
    login  TEXT NOT NULL REFERENCES staff(login),
    kpi    TEXT NOT NULL,
    month  TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    value  REAL NOT NULL,
    -- Month first: the dashboard reads whole months at a time, so they sit together on disk.
    PRIMARY KEY (month, login, kpi)
) WITHOUT ROWID;

CREATE TABLE actual (
    login  TEXT NOT NULL REFERENCES staff(login),
    kpi    TEXT NOT NULL,
    month  TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    value  REAL NOT NULL,
    -- Month first: the dashboard reads whole months at a time, so they sit together on disk.
    PRIMARY KEY (month, login, kpi)
) WITHOUT ROWID;

-- A month with no row here is open.
CREATE TABLE period_state (
    month  TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    state  TEXT NOT NULL CHECK (state IN ('open', 'closed'))
) WITHOUT ROWID;

CREATE TABLE customer (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    segment       TEXT NOT NULL CHECK (segment IN ('mass_retail', 'affluent', 'private', 'sme', 'corporate')),
    rm_login      TEXT NOT NULL REFERENCES staff(login),
    products      TEXT NOT NULL DEFAULT '',
    balance       REAL NOT NULL,
    last_contact  TEXT,
    status        TEXT NOT NULL CHECK (status IN ('active', 'dormant', 'closed'))
) WITHOUT ROWID;
CREATE INDEX customer_by_rm ON customer (rm_login);

CREATE TABLE capability_rating (
    login       TEXT NOT NULL REFERENCES staff(login),
    capability  TEXT NOT NULL,
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    PRIMARY KEY (login, capability)
) WITHOUT ROWID;

-- Norms, cadences, bands, fiscal start: JSON values by key.
CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    entity  TEXT NOT NULL,
    key     TEXT NOT NULL,
    old     TEXT,
    new     TEXT,
    via     TEXT NOT NULL CHECK (via IN ('tui', 'cli', 'import', 'init', 'demo'))
);
CREATE INDEX audit_by_entity_key ON audit_log (entity, key);

-- The audit log is append-only, whoever opens the file.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;
