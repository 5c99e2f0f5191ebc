//! The store as the dashboard reads it: finished reviews (recorded by the
//! worker), jobs by state, installation events, and the figures of the
//! overview. The same SQL on SQLite and PostgreSQL, so every replica shows
//! the same data. Also the one write an operator makes: retrying a dead job.

use sqlx::Row;

use super::{Job, Pool, Store, now_ms};

/// One finished review job.
#[derive(Clone, Debug)]
pub struct ReviewRow {
    pub id: i64,
    pub job_id: i64,
    pub repo: String,
    pub pr: i64,
    pub head_sha: String,
    /// `passed`, `failed`, `config_error`, `skipped` or `stale`.
    pub result: String,
    pub findings: Option<i64>,
    pub new_comments: Option<i64>,
    pub fixed: Option<i64>,
    /// The summary comment as posted.
    pub summary: Option<String>,
    pub attempts: i64,
    pub delivered_at: i64,
    pub finished_at: i64,
}

/// What a finished review concluded, to record.
pub struct ReviewRecord<'a> {
    pub result: &'a str,
    pub findings: Option<i64>,
    pub new_comments: Option<i64>,
    pub fixed: Option<i64>,
    pub summary: Option<&'a str>,
}

/// One job as stored.
#[derive(Clone, Debug)]
pub struct JobRow {
    pub id: i64,
    pub delivery: String,
    pub event: String,
    pub repo: String,
    pub pr: i64,
    pub head_sha: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub worker: Option<String>,
    pub run_after: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct InstallationRow {
    pub installation_id: i64,
    pub action: String,
    pub repositories: Vec<String>,
    pub received_at: i64,
}

/// The overview's figures over the last 24 hours.
#[derive(Clone, Debug, Default)]
pub struct Overview {
    pub queued: i64,
    pub running: i64,
    pub dead: i64,
    pub reviews: i64,
    pub gate_failed: i64,
    /// Delivery to done, in milliseconds; `None` without reviews.
    pub median_ms: Option<i64>,
    pub p95_ms: Option<i64>,
    /// Reviews and failed gates per hour, oldest first (24 entries).
    pub per_hour: Vec<(i64, i64)>,
}

/// Filters of the reviews list.
#[derive(Clone, Debug, Default)]
pub struct ReviewFilter {
    pub repo: Option<String>,
    pub result: Option<String>,
}

const REVIEW_COLUMNS: &str = "id, job_id, repo, pr, head_sha, result, findings, new_comments, fixed, summary, attempts, delivered_at, finished_at";
const JOB_COLUMNS: &str = "id, delivery_id, event, repo, pr, head_sha, state, attempts, last_error, worker, run_after, created_at, updated_at";
const DAY_MS: i64 = 24 * 3600 * 1000;

fn review_row<'r, R: Row>(r: &'r R) -> Result<ReviewRow, sqlx::Error>
where
    for<'c> &'c str: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(ReviewRow {
        id: r.try_get("id")?,
        job_id: r.try_get("job_id")?,
        repo: r.try_get("repo")?,
        pr: r.try_get("pr")?,
        head_sha: r.try_get("head_sha")?,
        result: r.try_get("result")?,
        findings: r.try_get("findings")?,
        new_comments: r.try_get("new_comments")?,
        fixed: r.try_get("fixed")?,
        summary: r.try_get("summary")?,
        attempts: r.try_get("attempts")?,
        delivered_at: r.try_get("delivered_at")?,
        finished_at: r.try_get("finished_at")?,
    })
}

fn job_row<'r, R: Row>(r: &'r R) -> Result<JobRow, sqlx::Error>
where
    for<'c> &'c str: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(JobRow {
        id: r.try_get("id")?,
        delivery: r.try_get("delivery_id")?,
        event: r.try_get("event")?,
        repo: r.try_get("repo")?,
        pr: r.try_get("pr")?,
        head_sha: r.try_get("head_sha")?,
        state: r.try_get("state")?,
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
        worker: r.try_get("worker")?,
        run_after: r.try_get("run_after")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// The value at fraction `q` of sorted `values`.
fn quantile(sorted: &[i64], q: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let index = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    Some(sorted[index])
}

impl Store {
    /// Records what a finished review job concluded.
    pub async fn record_review(&self, job: &Job, repo: &str, pr: i64, head_sha: &str, record: &ReviewRecord<'_>) -> anyhow::Result<()> {
        let _turn = self.write_turn().await;
        let insert = self.sql(
            "INSERT INTO reviews (job_id, repo, pr, head_sha, result, findings, new_comments, fixed, summary, attempts, delivered_at, finished_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        );
        on_pool!(self, |pool| sqlx::query(insert)
            .bind(job.id)
            .bind(repo)
            .bind(pr)
            .bind(head_sha)
            .bind(record.result)
            .bind(record.findings)
            .bind(record.new_comments)
            .bind(record.fixed)
            .bind(record.summary)
            .bind(job.attempts)
            .bind(job.created_at_ms)
            .bind(now_ms())
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// The latest reviews, newest first, at most `limit`.
    pub async fn reviews(&self, filter: &ReviewFilter, limit: i64) -> anyhow::Result<Vec<ReviewRow>> {
        let query = self.sql(&format!("SELECT {REVIEW_COLUMNS} FROM reviews WHERE ($1 = '' OR repo = $1) AND ($2 = '' OR result = $2) ORDER BY finished_at DESC, id DESC LIMIT $3"));
        let (repo, result) = (filter.repo.clone().unwrap_or_default(), filter.result.clone().unwrap_or_default());
        let rows = on_pool!(self, |pool| sqlx::query(query).bind(&repo).bind(&result).bind(limit).fetch_all(pool).await?.iter().map(review_row).collect::<Result<Vec<_>, _>>())?;
        Ok(rows)
    }

    /// The repositories that have reviews, for the filter.
    pub async fn reviewed_repos(&self) -> anyhow::Result<Vec<String>> {
        let rows =
            on_pool!(self, |pool| sqlx::query("SELECT DISTINCT repo FROM reviews ORDER BY repo").fetch_all(pool).await?.iter().map(|r| r.try_get::<String, _>(0)).collect::<Result<Vec<_>, _>>())?;
        Ok(rows)
    }

    pub async fn review(&self, id: i64) -> anyhow::Result<Option<ReviewRow>> {
        let query = self.sql(&format!("SELECT {REVIEW_COLUMNS} FROM reviews WHERE id = $1"));
        let row = on_pool!(self, |pool| sqlx::query(query).bind(id).fetch_optional(pool).await?.as_ref().map(review_row).transpose())?;
        Ok(row)
    }

    /// Jobs in `state`, newest first, at most `limit`.
    pub async fn jobs_in(&self, state: &str, limit: i64) -> anyhow::Result<Vec<JobRow>> {
        let query = self.sql(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE state = $1 ORDER BY id DESC LIMIT $2"));
        let rows = on_pool!(self, |pool| sqlx::query(query).bind(state).bind(limit).fetch_all(pool).await?.iter().map(job_row).collect::<Result<Vec<_>, _>>())?;
        Ok(rows)
    }

    pub async fn job(&self, id: i64) -> anyhow::Result<Option<JobRow>> {
        let query = self.sql(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1"));
        let row = on_pool!(self, |pool| sqlx::query(query).bind(id).fetch_optional(pool).await?.as_ref().map(job_row).transpose())?;
        Ok(row)
    }

    /// Queues a dead job again with a fresh set of attempts; `false` when the
    /// job is not dead (already retried, or never was).
    pub async fn retry_dead(&self, id: i64) -> anyhow::Result<bool> {
        let _turn = self.write_turn().await;
        let update = self.sql("UPDATE jobs SET state = 'queued', attempts = 0, run_after = $1, lease_until = NULL, worker = NULL, updated_at = $1 WHERE id = $2 AND state = 'dead'");
        let n = on_pool!(self, |pool| sqlx::query(update).bind(now_ms()).bind(id).execute(pool).await?.rows_affected());
        Ok(n == 1)
    }

    /// Installation events, newest first.
    pub async fn installations(&self, limit: i64) -> anyhow::Result<Vec<InstallationRow>> {
        let query = self.sql("SELECT installation_id, action, repositories, received_at FROM installation_events ORDER BY received_at DESC LIMIT $1");
        let rows = on_pool!(self, |pool| sqlx::query(query)
            .bind(limit)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                Ok::<_, sqlx::Error>(InstallationRow {
                    installation_id: r.try_get(0)?,
                    action: r.try_get(1)?,
                    repositories: r.try_get::<String, _>(2)?.split(',').filter(|s| !s.is_empty()).map(String::from).collect(),
                    received_at: r.try_get(3)?,
                })
            })
            .collect::<Result<Vec<_>, _>>())?;
        Ok(rows)
    }

    /// Queue depth now, and the reviews of the last 24 hours.
    pub async fn overview(&self) -> anyhow::Result<Overview> {
        let now = now_ms();
        let mut overview = Overview::default();
        for (state, n) in self.count_by_state().await? {
            match state.as_str() {
                "queued" => overview.queued = n,
                "running" => overview.running = n,
                "dead" => overview.dead = n,
                _ => {}
            }
        }
        let query = self.sql("SELECT result, finished_at - delivered_at, finished_at FROM reviews WHERE finished_at >= $1");
        let rows: Vec<(String, i64, i64)> = on_pool!(self, |pool| sqlx::query(query)
            .bind(now - DAY_MS)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect::<Result<Vec<_>, _>>())?;
        let mut waits: Vec<i64> = rows.iter().map(|(_, wait, _)| *wait).collect();
        waits.sort_unstable();
        overview.reviews = rows.len() as i64;
        overview.gate_failed = rows.iter().filter(|(result, _, _)| result == "failed").count() as i64;
        overview.median_ms = quantile(&waits, 0.5);
        overview.p95_ms = quantile(&waits, 0.95);
        overview.per_hour = vec![(0, 0); 24];
        for (result, _, finished) in &rows {
            let hours_ago = ((now - finished) / 3_600_000).clamp(0, 23) as usize;
            let slot = &mut overview.per_hour[23 - hours_ago];
            slot.0 += 1;
            if result == "failed" {
                slot.1 += 1;
            }
        }
        Ok(overview)
    }
}

#[cfg(test)]
mod tests {
    use super::quantile;

    #[test]
    fn quantiles_pick_the_value_at_or_above_the_fraction() {
        let values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        assert_eq!(quantile(&values, 0.5), Some(50));
        assert_eq!(quantile(&values, 0.95), Some(100));
        assert_eq!(quantile(&[7], 0.95), Some(7));
        assert_eq!(quantile(&[], 0.5), None);
    }
}
