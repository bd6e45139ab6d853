-- Schema version 3: closing a month stores the book-derived KPIs as its actuals, audited via
-- 'close'. SQLite cannot change a CHECK constraint in place, so the audit log is rebuilt with
-- every row, its id and its append-only triggers kept.

DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;

CREATE TABLE audit_log_v3 (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    entity  TEXT NOT NULL,
    key     TEXT NOT NULL,
    old     TEXT,
    new     TEXT,
    via     TEXT NOT NULL CHECK (via IN ('tui', 'cli', 'import', 'init', 'demo', 'close'))
);
INSERT INTO audit_log_v3 (id, at, actor, action, entity, key, old, new, via)
    SELECT id, at, actor, action, entity, key, old, new, via FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_v3 RENAME TO audit_log;
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
