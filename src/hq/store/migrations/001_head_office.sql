-- Head-office schema version 1: every branch's figures, scorecards, coverage and audit rows.
-- Every key starts with branch_code: the distribution column when the database moves to Citus.
-- `snapshot` on a row is the branch snapshot that last wrote it; a finished snapshot removes
-- the rows of earlier ones (a restored branch file's rows replace what its earlier life sent).

CREATE TABLE branchboard.branch (
    branch_code  text PRIMARY KEY,
    region       text NOT NULL,
    name         text NOT NULL,
    generation   text NOT NULL,
    snapshot     bigint NOT NULL,
    -- The last audit id applied; NULL while a snapshot is under way.
    watermark    bigint,
    -- The branch's date at its last sync: coverage is as of it.
    as_of        date NOT NULL,
    synced_at    timestamptz NOT NULL DEFAULT now(),
    -- Raised by every part that changed something: the dashboard reloads when it moves.
    syncs        bigint NOT NULL DEFAULT 0,
    -- The branch build's scoring rules the scorecards were scored by.
    scoring_version  bigint NOT NULL DEFAULT 0,
    CHECK (branch_code ~ '^[A-Z0-9][A-Z0-9_-]{0,15}$')
);

-- Every life of a branch's file head office has seen: a snapshot of a replaced one (an old
-- bundle, a stale copy of the file) is refused instead of undoing what replaced it.
CREATE TABLE branchboard.generation (
    branch_code  text NOT NULL,
    generation   text NOT NULL,
    first_seen   timestamptz NOT NULL DEFAULT now(),
    replaced_at  timestamptz,
    PRIMARY KEY (branch_code, generation)
);

CREATE TABLE branchboard.staff (
    branch_code    text NOT NULL,
    login          text NOT NULL,
    name           text NOT NULL,
    role           text NOT NULL,
    manager_login  text,
    focus          text,
    segments       text[] NOT NULL,
    snapshot       bigint NOT NULL,
    PRIMARY KEY (branch_code, login)
);

CREATE TABLE branchboard.target (
    branch_code  text NOT NULL,
    month        text NOT NULL,
    login        text NOT NULL,
    kpi          text NOT NULL,
    value        double precision NOT NULL,
    snapshot     bigint NOT NULL,
    PRIMARY KEY (branch_code, month, login, kpi)
);

CREATE TABLE branchboard.actual (LIKE branchboard.target INCLUDING ALL);
-- The exports' default period: the latest month with actuals, found without reading them all.
CREATE INDEX actual_by_month ON branchboard.actual (month);

CREATE TABLE branchboard.month_state (
    branch_code  text NOT NULL,
    month        text NOT NULL,
    state        text NOT NULL CHECK (state IN ('open', 'closed')),
    snapshot     bigint NOT NULL,
    PRIMARY KEY (branch_code, month)
);

-- A period the branch scored: finality and the (KPI, month) cells of its staff other than
-- the manager, targeted and reported (the league's completeness).
CREATE TABLE branchboard.branch_period (
    branch_code  text NOT NULL,
    period       text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('month', 'quarter', 'year')),
    first_month  text NOT NULL,
    last_month   text NOT NULL,
    final        boolean NOT NULL,
    targeted     bigint NOT NULL,
    reported     bigint NOT NULL,
    snapshot     bigint NOT NULL,
    PRIMARY KEY (branch_code, period)
);

CREATE TABLE branchboard.scorecard (
    branch_code   text NOT NULL,
    period        text NOT NULL,
    login         text NOT NULL,
    name          text NOT NULL,
    role          text NOT NULL,
    overall       double precision,
    band          text,
    rank          integer,
    completeness  double precision,
    change        double precision,
    targeted      bigint NOT NULL,
    reported      bigint NOT NULL,
    card          jsonb NOT NULL,
    snapshot      bigint NOT NULL,
    PRIMARY KEY (branch_code, period, login)
);
CREATE INDEX scorecard_by_period ON branchboard.scorecard (period, overall DESC);

CREATE TABLE branchboard.coverage (
    branch_code  text NOT NULL,
    login        text NOT NULL,
    status       text NOT NULL,
    card         jsonb NOT NULL,
    snapshot     bigint NOT NULL,
    PRIMARY KEY (branch_code, login)
);

CREATE TABLE branchboard.audit (
    branch_code  text NOT NULL,
    id           bigint NOT NULL,
    at           text NOT NULL,
    actor        text NOT NULL,
    action       text NOT NULL,
    entity       text NOT NULL,
    key          text NOT NULL,
    old          text,
    new          text,
    via          text NOT NULL,
    snapshot     bigint NOT NULL,
    PRIMARY KEY (branch_code, id)
);
