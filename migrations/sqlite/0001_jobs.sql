-- One row per accepted webhook delivery that asks for a review.
CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id     TEXT    NOT NULL UNIQUE,
    event           TEXT    NOT NULL,
    installation_id BIGINT  NOT NULL,
    repo            TEXT    NOT NULL,
    pr              BIGINT  NOT NULL,
    head_sha        TEXT    NOT NULL,
    request         TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    attempts        BIGINT  NOT NULL DEFAULT 0,
    run_after       BIGINT  NOT NULL,
    lease_until     BIGINT,
    worker          TEXT,
    last_error      TEXT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE INDEX jobs_ready ON jobs (state, run_after);
CREATE INDEX jobs_pull ON jobs (repo, pr, state);

-- Installation events, kept for operators.
CREATE TABLE installation_events (
    delivery_id     TEXT    PRIMARY KEY,
    installation_id BIGINT  NOT NULL,
    action          TEXT    NOT NULL,
    repositories    TEXT    NOT NULL,
    received_at     BIGINT  NOT NULL
);
