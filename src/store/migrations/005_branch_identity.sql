-- Schema version 5: what head office needs from the branch file. The branch's code and region
-- are settings (`branch_code`, `region`); this table holds the file's generation (a random id
-- written when the file is created and again when `sync` finds it restored from a backup) and
-- how far `sync --to-file` has written bundles.
CREATE TABLE IF NOT EXISTS sync_state (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    generation         TEXT NOT NULL CHECK (length(generation) = 32),
    -- The last audit id written to a bundle, and of which generation (NULL: none written yet).
    bundle_generation  TEXT,
    bundle_watermark   INTEGER,
    -- The branch's date when the last bundle was written (coverage and live figures are of a day).
    bundle_as_of       TEXT,
    -- The scoring rules the last bundle's scorecards were scored by (store::SCORING_VERSION).
    bundle_scoring     INTEGER
);

-- The branch's code and region score nothing: changing them keeps every kept score.
DROP TRIGGER IF EXISTS score_cache_setting_insert;
DROP TRIGGER IF EXISTS score_cache_setting_update;
DROP TRIGGER IF EXISTS score_cache_setting_delete;
CREATE TRIGGER score_cache_setting_insert AFTER INSERT ON setting
    WHEN NEW.key NOT IN ('band_thresholds', 'branch_code', 'region') BEGIN DELETE FROM score_cache; END;
CREATE TRIGGER score_cache_setting_update AFTER UPDATE ON setting
    WHEN NEW.key NOT IN ('band_thresholds', 'branch_code', 'region')
      OR OLD.key NOT IN ('band_thresholds', 'branch_code', 'region') BEGIN DELETE FROM score_cache; END;
CREATE TRIGGER score_cache_setting_delete AFTER DELETE ON setting
    WHEN OLD.key NOT IN ('band_thresholds', 'branch_code', 'region') BEGIN DELETE FROM score_cache; END;
