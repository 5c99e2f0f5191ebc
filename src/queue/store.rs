//! Durable job storage: SQLite (the default, one file, WAL) or PostgreSQL (for
//! several replicas). Both run the same SQL, written once with `$N`
//! placeholders; only claiming differs (`FOR UPDATE SKIP LOCKED` on PostgreSQL,
//! one atomic statement on SQLite).

use std::borrow::Cow;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{AssertSqlSafe, Row, SqlSafeStr};

use crate::event::JobPayload;
use crate::ids::{DeliveryId, InstallationId, RepoName};

/// A job as stored.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: i64,
    pub delivery: DeliveryId,
    pub payload: JobPayload,
    /// Attempts so far, this one included.
    pub attempts: i64,
    /// When the delivery was stored (ms since the epoch).
    pub created_at_ms: i64,
}

/// Whether a delivery became a new job.
#[derive(Debug, PartialEq, Eq)]
pub enum Enqueued {
    New(i64),
    /// The delivery id is already stored: a redelivery.
    Duplicate,
    /// Stored, but a review of the same head is already waiting, which covers it.
    Merged(i64),
}

/// Where a failed job goes next.
#[derive(Debug, PartialEq, Eq)]
pub enum AfterFailure {
    RetryIn(Duration),
    Dead,
    /// The job was no longer ours (its lease ran out and another worker took
    /// it): nothing was recorded, the other worker's outcome counts.
    LeaseLost,
}

enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The job store.
pub struct Store {
    pool: Pool,
    max_attempts: i64,
    /// SQLite takes one writer at a time, and a writer that finds the file
    /// locked sleeps in growing steps (up to 100 ms) before trying again. Writers
    /// of this process therefore queue here instead, in order: a webhook's
    /// commit never waits behind that back-off. (PostgreSQL needs no such gate.)
    sqlite_writer: tokio::sync::Mutex<()>,
}

/// Runs the same statement on whichever pool this store has.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

/// What the dashboard reads: reviews, jobs, installations (after `on_pool!`, which it uses).
pub mod reads;

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis() as i64
}

impl Store {
    /// Opens the store named by `url` and runs migrations. `None` means the
    /// embedded default: `techlead.db` in the working directory.
    pub async fn open(url: Option<&str>, max_attempts: u32) -> anyhow::Result<Store> {
        let url = url.unwrap_or("sqlite://techlead.db");
        let pool = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Pool::Postgres(PgPoolOptions::new().max_connections(10).connect(url).await.context("cannot connect to PostgreSQL")?)
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .with_context(|| format!("bad SQLite URL `{url}`"))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(10));
            Pool::Sqlite(SqlitePoolOptions::new().max_connections(4).connect_with(options).await.context("cannot open the SQLite database")?)
        } else {
            anyhow::bail!("TECHLEAD_DATABASE_URL must start with sqlite: or postgres://");
        };
        let store = Store { pool, max_attempts: i64::from(max_attempts.max(1)), sqlite_writer: tokio::sync::Mutex::new(()) };
        store.migrate().await?;
        Ok(store)
    }

    /// Attempts a job gets before it is kept as dead.
    pub fn max_attempts(&self) -> i64 {
        self.max_attempts
    }

    pub fn backend(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let (name, files) = match self.pool {
            Pool::Sqlite(_) => (
                "sqlite",
                [include_str!("../../migrations/sqlite/0001_jobs.sql"), include_str!("../../migrations/sqlite/0002_suppressions.sql"), include_str!("../../migrations/sqlite/0003_reviews.sql")],
            ),
            Pool::Postgres(_) => (
                "postgres",
                [include_str!("../../migrations/postgres/0001_jobs.sql"), include_str!("../../migrations/postgres/0002_suppressions.sql"), include_str!("../../migrations/postgres/0003_reviews.sql")],
            ),
        };
        let names = ["jobs", "suppressions", "reviews"];
        let migrations = files.iter().zip(names).enumerate().map(|(i, (sql, what))| Migration::new(i as i64 + 1, Cow::Borrowed(what), MigrationType::Simple, sql.into_sql_str(), false)).collect();
        let migrator = Migrator::with_migrations(migrations);
        on_pool!(self, |pool| migrator.run(pool).await).with_context(|| format!("cannot migrate the {name} database"))
    }

    /// This process's turn to write, on SQLite; nothing to wait for on PostgreSQL.
    async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.pool {
            Pool::Sqlite(_) => Some(self.sqlite_writer.lock().await),
            Pool::Postgres(_) => None,
        }
    }

    /// Adapts `$N` placeholders to the backend (`?N` on SQLite).
    fn sql(&self, text: &str) -> AssertSqlSafe<String> {
        AssertSqlSafe(match self.pool {
            Pool::Sqlite(_) => text.replace('$', "?"),
            Pool::Postgres(_) => text.to_string(),
        })
    }

    /// At start-up: with SQLite only this process uses the file, so jobs left
    /// running were interrupted by a crash and are queued again at once.
    /// (With PostgreSQL another replica may hold them; their leases decide.)
    pub async fn recover(&self) -> anyhow::Result<u64> {
        let _turn = self.write_turn().await;
        let Pool::Sqlite(pool) = &self.pool else { return Ok(0) };
        let n = sqlx::query("UPDATE jobs SET state = 'queued', lease_until = NULL WHERE state = 'running'").execute(pool).await?.rows_affected();
        if n > 0 {
            tracing::info!(jobs = n, "re-queued jobs interrupted by the last stop");
        }
        Ok(n)
    }

    /// Storage is reachable.
    pub async fn ping(&self) -> anyhow::Result<()> {
        on_pool!(self, |pool| sqlx::query("SELECT 1").execute(pool).await.map(drop)).context("storage unreachable")
    }

    /// Stores a job before the webhook is answered. A redelivery of the
    /// same delivery id is recognised and not queued again. With
    /// `supersede_older`, queued reviews of older heads of the same pull
    /// request are superseded.
    pub async fn enqueue(&self, delivery: &DeliveryId, event: &str, payload: &JobPayload, supersede_older: bool) -> anyhow::Result<Enqueued> {
        let _turn = self.write_turn().await;
        let now = now_ms();
        let json = serde_json::to_string(payload)?;
        let (installation, repo, pr, head) = match payload {
            JobPayload::Review(r) => (r.installation, &r.repo, r.pr, r.head_sha.0.as_str()),
            JobPayload::Command(c) => (c.installation, &c.repo, c.pr, ""),
        };
        let insert = self.sql(
            "INSERT INTO jobs (delivery_id, event, installation_id, repo, pr, head_sha, request, state, attempts, run_after, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $8, $8)
             ON CONFLICT (delivery_id) DO NOTHING RETURNING id",
        );
        // A review of a head that already has one waiting adds nothing: GitHub
        // sends `check_suite.requested` and `pull_request.synchronize` for the
        // same push. The delivery stays recorded, so a redelivery is still known.
        let merge = self.sql(
            "UPDATE jobs SET state = 'superseded', updated_at = $1 WHERE id = $2 AND EXISTS (
               SELECT 1 FROM jobs o WHERE o.repo = $3 AND o.pr = $4 AND o.head_sha = $5 AND o.state = 'queued' AND o.id < $2)",
        );
        // Commands carry no head (`head_sha = ''`): a push never cancels them.
        let supersede = self.sql("UPDATE jobs SET state = 'superseded', updated_at = $1 WHERE repo = $2 AND pr = $3 AND head_sha <> $4 AND head_sha <> '' AND state = 'queued'");
        let repo = repo.to_string();
        // One transaction: one commit (one fsync) per delivery, and no moment
        // where a job is stored but its older heads not yet superseded.
        let outcome = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let id: Option<i64> = sqlx::query(insert)
                .bind(&delivery.0)
                .bind(event)
                .bind(installation.0 as i64)
                .bind(&repo)
                .bind(pr.0 as i64)
                .bind(head)
                .bind(&json)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?
                .map(|row| row.try_get::<i64, _>(0))
                .transpose()?;
            let outcome = match id {
                None => Enqueued::Duplicate,
                Some(id) if head.is_empty() => Enqueued::New(id),
                Some(id) => {
                    let merged = sqlx::query(merge).bind(now).bind(id).bind(&repo).bind(pr.0 as i64).bind(head).execute(&mut *tx).await?.rows_affected();
                    if merged == 1 {
                        Enqueued::Merged(id)
                    } else {
                        if supersede_older {
                            sqlx::query(supersede).bind(now).bind(&repo).bind(pr.0 as i64).bind(head).execute(&mut *tx).await?;
                        }
                        Enqueued::New(id)
                    }
                }
            };
            tx.commit().await?;
            outcome
        });
        Ok(outcome)
    }

    /// Whether `head` of a pull request has a review job that will run, is
    /// running, or ran (anything but superseded). Used when a review finds its
    /// head outdated: the current head must not be left without one.
    pub async fn has_review_for_head(&self, repo: &RepoName, pr: crate::ids::PrNumber, head: &str) -> anyhow::Result<bool> {
        let select = self.sql("SELECT COUNT(*) FROM jobs WHERE repo = $1 AND pr = $2 AND head_sha = $3 AND state <> 'superseded'");
        let n: i64 = on_pool!(self, |pool| sqlx::query(select).bind(repo.to_string()).bind(pr.0 as i64).bind(head).fetch_one(pool).await?.try_get::<i64, _>(0)?);
        Ok(n > 0)
    }

    pub async fn record_installation(&self, delivery: &DeliveryId, installation: InstallationId, action: &str, repositories: &[RepoName]) -> anyhow::Result<bool> {
        let _turn = self.write_turn().await;
        let names: Vec<String> = repositories.iter().map(ToString::to_string).collect();
        let insert = self.sql("INSERT INTO installation_events (delivery_id, installation_id, action, repositories, received_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (delivery_id) DO NOTHING");
        let done = on_pool!(self, |pool| sqlx::query(insert).bind(&delivery.0).bind(installation.0 as i64).bind(action).bind(names.join(",")).bind(now_ms()).execute(pool).await?.rows_affected());
        Ok(done == 1)
    }

    /// Takes the next ready job for `worker` with a lease. A job whose lease ran
    /// out (its worker died) is ready again. Two jobs of the same pull request
    /// never run at once.
    pub async fn claim(&self, worker: &str, lease: Duration) -> anyhow::Result<Option<Job>> {
        let _turn = self.write_turn().await;
        let lock = match self.pool {
            Pool::Sqlite(_) => "",
            Pool::Postgres(_) => "FOR UPDATE SKIP LOCKED",
        };
        let claim = self.sql(&format!(
            "UPDATE jobs SET state = 'running', worker = $1, lease_until = $2, attempts = attempts + 1, updated_at = $3
             WHERE id = (
               SELECT j.id FROM jobs j
               WHERE ((j.state = 'queued' AND j.run_after <= $3) OR (j.state = 'running' AND j.lease_until < $3))
                 AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.repo = j.repo AND r.pr = j.pr AND r.id <> j.id
                                 AND r.state = 'running' AND r.lease_until >= $3)
               ORDER BY j.run_after, j.id LIMIT 1 {lock})
             RETURNING id, delivery_id, request, attempts, created_at"
        ));
        let now = now_ms();
        let until = now + lease.as_millis() as i64;
        let row: Option<(i64, String, String, i64, i64)> = on_pool!(self, |pool| sqlx::query(claim)
            .bind(worker)
            .bind(until)
            .bind(now)
            .fetch_optional(pool)
            .await?
            .map(|r| Ok::<_, sqlx::Error>((r.try_get::<i64, _>(0)?, r.try_get::<String, _>(1)?, r.try_get::<String, _>(2)?, r.try_get::<i64, _>(3)?, r.try_get::<i64, _>(4)?)))
            .transpose()?);
        let Some((id, delivery, request, attempts, created_at_ms)) = row else { return Ok(None) };
        let payload: JobPayload = serde_json::from_str(&request).context("stored job is not a techlead job")?;
        Ok(Some(Job { id, delivery: DeliveryId(delivery), payload, attempts, created_at_ms }))
    }

    /// Extends a lease; false when the job is no longer ours.
    pub async fn renew(&self, job: i64, worker: &str, lease: Duration) -> anyhow::Result<bool> {
        let _turn = self.write_turn().await;
        let update = self.sql("UPDATE jobs SET lease_until = $1, updated_at = $2 WHERE id = $3 AND worker = $4 AND state = 'running'");
        let now = now_ms();
        let n = on_pool!(self, |pool| sqlx::query(update).bind(now + lease.as_millis() as i64).bind(now).bind(job).bind(worker).execute(pool).await?.rows_affected());
        Ok(n == 1)
    }

    /// Records a job's final state; false when the job was no longer ours.
    pub async fn complete(&self, job: i64, worker: &str, state: &str) -> anyhow::Result<bool> {
        let _turn = self.write_turn().await;
        let update = self.sql("UPDATE jobs SET state = $1, lease_until = NULL, updated_at = $2 WHERE id = $3 AND worker = $4 AND state = 'running'");
        let n = on_pool!(self, |pool| sqlx::query(update).bind(state).bind(now_ms()).bind(job).bind(worker).execute(pool).await?.rows_affected());
        Ok(n == 1)
    }

    /// Records a failure: retried with exponential backoff, or kept as dead
    /// with its error after the last attempt.
    pub async fn fail(&self, job: &Job, worker: &str, error: &str, base_backoff: Duration) -> anyhow::Result<AfterFailure> {
        let _turn = self.write_turn().await;
        let next = if job.attempts >= self.max_attempts { AfterFailure::Dead } else { AfterFailure::RetryIn(base_backoff.saturating_mul(1 << (job.attempts - 1).clamp(0, 16) as u32)) };
        let (state, run_after) = match &next {
            AfterFailure::RetryIn(wait) => ("queued", now_ms() + wait.as_millis() as i64),
            AfterFailure::Dead | AfterFailure::LeaseLost => ("dead", now_ms()),
        };
        let update = self.sql("UPDATE jobs SET state = $1, run_after = $2, last_error = $3, lease_until = NULL, updated_at = $4 WHERE id = $5 AND worker = $6 AND state = 'running'");
        let n = on_pool!(self, |pool| sqlx::query(update).bind(state).bind(run_after).bind(error).bind(now_ms()).bind(job.id).bind(worker).execute(pool).await?.rows_affected());
        Ok(if n == 1 { next } else { AfterFailure::LeaseLost })
    }

    /// Gives a job back untouched (shutdown before it started): the attempt does not count.
    pub async fn release(&self, job: &Job, worker: &str) -> anyhow::Result<()> {
        let _turn = self.write_turn().await;
        let update = self.sql("UPDATE jobs SET state = 'queued', attempts = attempts - 1, lease_until = NULL, updated_at = $1 WHERE id = $2 AND worker = $3 AND state = 'running'");
        on_pool!(self, |pool| sqlx::query(update).bind(now_ms()).bind(job.id).bind(worker).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Records an `@techlead ignore` for one pull request. `rule_id` is the
    /// suppression key: `RULE_ID` for a whole rule (`... everywhere`), or
    /// `RULE_ID#FINGERPRINT` for one finding (an ignore in its thread).
    pub async fn add_suppression(&self, repo: &RepoName, pr: crate::ids::PrNumber, rule_id: &str, author: &str) -> anyhow::Result<()> {
        let _turn = self.write_turn().await;
        let insert = self.sql("INSERT INTO suppressions (repo, pr, rule_id, author, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (repo, pr, rule_id) DO NOTHING");
        on_pool!(self, |pool| sqlx::query(insert).bind(repo.to_string()).bind(pr.0 as i64).bind(rule_id).bind(author).bind(now_ms()).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// The suppression keys of a pull request (rules, or rule#fingerprint for
    /// one finding), with who asked for them.
    pub async fn suppressions(&self, repo: &RepoName, pr: crate::ids::PrNumber) -> anyhow::Result<Vec<(String, String)>> {
        let select = self.sql("SELECT rule_id, author FROM suppressions WHERE repo = $1 AND pr = $2 ORDER BY rule_id");
        let rows = on_pool!(self, |pool| sqlx::query(select)
            .bind(repo.to_string())
            .bind(pr.0 as i64)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| Ok::<_, sqlx::Error>((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?)))
            .collect::<Result<Vec<_>, _>>()?);
        Ok(rows)
    }

    /// Jobs per state, for `/metrics` and tests.
    pub async fn count_by_state(&self) -> anyhow::Result<Vec<(String, i64)>> {
        let rows: Vec<(String, i64)> = on_pool!(self, |pool| sqlx::query("SELECT state, COUNT(*) FROM jobs GROUP BY state ORDER BY state")
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| Ok::<_, sqlx::Error>((r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?)))
            .collect::<Result<_, _>>()?);
        Ok(rows)
    }

    /// The last error of each dead job, for operators.
    pub async fn dead_jobs(&self) -> anyhow::Result<Vec<(DeliveryId, String)>> {
        let rows = on_pool!(self, |pool| sqlx::query("SELECT delivery_id, COALESCE(last_error, '') FROM jobs WHERE state = 'dead' ORDER BY id")
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| Ok::<_, sqlx::Error>((DeliveryId(r.try_get::<String, _>(0)?), r.try_get::<String, _>(1)?)))
            .collect::<Result<_, _>>()?);
        Ok(rows)
    }
}
