-- Schema version 4: scores kept between reads (store/score_cache.rs). One row per person and
-- period, written by whoever scored it; the triggers below drop exactly the rows a write can
-- change, whichever program writes, so a kept score is always the one scoring would give now.
-- Nothing here is a record: the table may be emptied at any time (`DELETE FROM score_cache`).
-- The row triggers first ask whether anything is kept at all, so a demo or an import into a
-- file nobody has read yet pays almost nothing for them.

CREATE TABLE IF NOT EXISTS score_cache (
    period       TEXT NOT NULL,  -- "2026-11", "2026-Q3" (fiscal), "2026" (fiscal year)
    login        TEXT NOT NULL,
    first_month  TEXT NOT NULL,  -- the period's months, for the triggers
    last_month   TEXT NOT NULL,
    -- The day it was scored. A row with live book-derived figures (or one whose months may
    -- still become live) holds only that day: `durable` = 0.
    as_of        TEXT NOT NULL,
    durable      INTEGER NOT NULL CHECK (durable IN (0, 1)),
    -- The overall and the (KPI, month) cells, apart: trends read only these.
    overall      REAL,
    reported     INTEGER NOT NULL,
    missing      INTEGER NOT NULL,
    pending      INTEGER NOT NULL,
    card         TEXT NOT NULL,  -- the whole scorecard, compact JSON (store/score_cache.rs)
    version      INTEGER NOT NULL DEFAULT 0,  -- the scoring rules it was scored by
    PRIMARY KEY (period, login)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS score_cache_by_login ON score_cache (login, last_month);
CREATE INDEX IF NOT EXISTS score_cache_live ON score_cache (login) WHERE durable = 0;

-- A person's target or actual of a month: their periods that hold the month.
CREATE TRIGGER IF NOT EXISTS score_cache_target_insert AFTER INSERT ON target
    WHEN EXISTS (SELECT 1 FROM score_cache) BEGIN
    DELETE FROM score_cache WHERE login = NEW.login AND last_month >= NEW.month AND first_month <= NEW.month;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_target_update AFTER UPDATE ON target
    WHEN EXISTS (SELECT 1 FROM score_cache) BEGIN
    DELETE FROM score_cache WHERE login = OLD.login AND last_month >= OLD.month AND first_month <= OLD.month;
    DELETE FROM score_cache WHERE login = NEW.login AND last_month >= NEW.month AND first_month <= NEW.month;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_target_delete AFTER DELETE ON target
    WHEN EXISTS (SELECT 1 FROM score_cache) BEGIN
    DELETE FROM score_cache WHERE login = OLD.login AND last_month >= OLD.month AND first_month <= OLD.month;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_actual_insert AFTER INSERT ON actual
    WHEN EXISTS (SELECT 1 FROM score_cache) BEGIN
    DELETE FROM score_cache WHERE login = NEW.login AND last_month >= NEW.month AND first_month <= NEW.month;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_actual_update AFTER UPDATE ON actual
    WHEN EXISTS (SELECT 1 FROM score_cache) BEGIN
    DELETE FROM score_cache WHERE login = OLD.login AND last_month >= OLD.month AND first_month <= OLD.month;
    DELETE FROM score_cache WHERE login = NEW.login AND last_month >= NEW.month AND first_month <= NEW.month;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_actual_delete AFTER DELETE ON actual
    WHEN EXISTS (SELECT 1 FROM score_cache) BEGIN
    DELETE FROM score_cache WHERE login = OLD.login AND last_month >= OLD.month AND first_month <= OLD.month;
END;

-- Closing or reopening a month: everyone's periods that hold it (missing against pending).
CREATE TRIGGER IF NOT EXISTS score_cache_period_insert AFTER INSERT ON period_state BEGIN
    DELETE FROM score_cache WHERE last_month >= NEW.month AND first_month <= NEW.month;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_period_update AFTER UPDATE ON period_state BEGIN
    DELETE FROM score_cache WHERE last_month >= OLD.month AND first_month <= OLD.month;
    DELETE FROM score_cache WHERE last_month >= NEW.month AND first_month <= NEW.month;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_period_delete AFTER DELETE ON period_state BEGIN
    DELETE FROM score_cache WHERE last_month >= OLD.month AND first_month <= OLD.month;
END;

-- A customer's RM's live book-derived figures (contacts, moves, products, status).
CREATE TRIGGER IF NOT EXISTS score_cache_customer_insert AFTER INSERT ON customer
    WHEN EXISTS (SELECT 1 FROM score_cache) BEGIN
    DELETE FROM score_cache WHERE login = NEW.rm_login AND durable = 0;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_customer_update AFTER UPDATE ON customer
    WHEN EXISTS (SELECT 1 FROM score_cache) BEGIN
    DELETE FROM score_cache WHERE login = OLD.rm_login AND durable = 0;
    DELETE FROM score_cache WHERE login = NEW.rm_login AND durable = 0;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_customer_delete AFTER DELETE ON customer
    WHEN EXISTS (SELECT 1 FROM score_cache) BEGIN
    DELETE FROM score_cache WHERE login = OLD.rm_login AND durable = 0;
END;

-- A person's role (another template), the person gone, or a login taken anew.
CREATE TRIGGER IF NOT EXISTS score_cache_staff_insert AFTER INSERT ON staff BEGIN
    DELETE FROM score_cache WHERE login = NEW.login;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_staff_update AFTER UPDATE OF role ON staff BEGIN
    DELETE FROM score_cache WHERE login = OLD.login;
END;
CREATE TRIGGER IF NOT EXISTS score_cache_staff_delete AFTER DELETE ON staff BEGIN
    DELETE FROM score_cache WHERE login = OLD.login;
END;

-- Templates, norms (book-derived figures) and the fiscal start (the periods themselves) touch
-- everyone; band thresholds do not (bands are given when scores are read).
CREATE TRIGGER IF NOT EXISTS score_cache_template_insert AFTER INSERT ON role_template BEGIN DELETE FROM score_cache; END;
CREATE TRIGGER IF NOT EXISTS score_cache_template_update AFTER UPDATE ON role_template BEGIN DELETE FROM score_cache; END;
CREATE TRIGGER IF NOT EXISTS score_cache_template_delete AFTER DELETE ON role_template BEGIN DELETE FROM score_cache; END;
CREATE TRIGGER IF NOT EXISTS score_cache_setting_insert AFTER INSERT ON setting
    WHEN NEW.key <> 'band_thresholds' BEGIN DELETE FROM score_cache; END;
CREATE TRIGGER IF NOT EXISTS score_cache_setting_update AFTER UPDATE ON setting
    WHEN NEW.key <> 'band_thresholds' OR OLD.key <> 'band_thresholds' BEGIN DELETE FROM score_cache; END;
CREATE TRIGGER IF NOT EXISTS score_cache_setting_delete AFTER DELETE ON setting
    WHEN OLD.key <> 'band_thresholds' BEGIN DELETE FROM score_cache; END;

-- Each RM's book counted by segment and status as of a day (store/book_cache.rs): what coverage
-- and the live book-derived figures come from. The row '*' says every RM was counted that day,
-- so an RM without a row has no customers; a customer change marks its RMs' rows stale.
CREATE TABLE IF NOT EXISTS book_cache (
    rm_login  TEXT PRIMARY KEY,
    as_of     TEXT NOT NULL,
    groups    TEXT NOT NULL,  -- JSON of the RM's groups
    stale     INTEGER NOT NULL DEFAULT 0 CHECK (stale IN (0, 1)),
    version   INTEGER NOT NULL DEFAULT 0  -- how it was counted
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS book_cache_customer_insert AFTER INSERT ON customer
    WHEN EXISTS (SELECT 1 FROM book_cache) BEGIN
    INSERT INTO book_cache (rm_login, as_of, groups, stale) VALUES (NEW.rm_login, '', '[]', 1)
        ON CONFLICT (rm_login) DO UPDATE SET stale = 1 WHERE stale = 0;
END;
CREATE TRIGGER IF NOT EXISTS book_cache_customer_update AFTER UPDATE ON customer
    WHEN EXISTS (SELECT 1 FROM book_cache) BEGIN
    INSERT INTO book_cache (rm_login, as_of, groups, stale) VALUES (OLD.rm_login, '', '[]', 1)
        ON CONFLICT (rm_login) DO UPDATE SET stale = 1 WHERE stale = 0;
    INSERT INTO book_cache (rm_login, as_of, groups, stale) VALUES (NEW.rm_login, '', '[]', 1)
        ON CONFLICT (rm_login) DO UPDATE SET stale = 1 WHERE stale = 0;
END;
CREATE TRIGGER IF NOT EXISTS book_cache_customer_delete AFTER DELETE ON customer
    WHEN EXISTS (SELECT 1 FROM book_cache) BEGIN
    INSERT INTO book_cache (rm_login, as_of, groups, stale) VALUES (OLD.rm_login, '', '[]', 1)
        ON CONFLICT (rm_login) DO UPDATE SET stale = 1 WHERE stale = 0;
END;
-- Norms (cadences) decide who counts as contacted; the other settings count nothing.
CREATE TRIGGER IF NOT EXISTS book_cache_setting_insert AFTER INSERT ON setting
    WHEN NEW.key = 'coverage_norms' BEGIN DELETE FROM book_cache; END;
CREATE TRIGGER IF NOT EXISTS book_cache_setting_update AFTER UPDATE ON setting
    WHEN NEW.key = 'coverage_norms' OR OLD.key = 'coverage_norms' BEGIN DELETE FROM book_cache; END;
CREATE TRIGGER IF NOT EXISTS book_cache_setting_delete AFTER DELETE ON setting
    WHEN OLD.key = 'coverage_norms' BEGIN DELETE FROM book_cache; END;
