-- One row per finished review job: what it concluded, for the dashboard.
CREATE TABLE reviews (
    id           BIGSERIAL PRIMARY KEY,
    job_id       BIGINT  NOT NULL,
    repo         TEXT    NOT NULL,
    pr           BIGINT  NOT NULL,
    head_sha     TEXT    NOT NULL,
    -- passed, failed, config_error, skipped, stale
    result       TEXT    NOT NULL,
    findings     BIGINT,
    new_comments BIGINT,
    fixed        BIGINT,
    -- The summary comment as posted (Markdown).
    summary      TEXT,
    attempts     BIGINT  NOT NULL,
    delivered_at BIGINT  NOT NULL,
    finished_at  BIGINT  NOT NULL
);
CREATE INDEX reviews_recent ON reviews (finished_at);
CREATE INDEX reviews_repo ON reviews (repo, finished_at);
