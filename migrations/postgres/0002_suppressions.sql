-- Rules a maintainer silenced on one pull request with `@techlead ignore RULE_ID`.
CREATE TABLE suppressions (
    repo       TEXT   NOT NULL,
    pr         BIGINT NOT NULL,
    rule_id    TEXT   NOT NULL,
    author     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (repo, pr, rule_id)
);
