//! Workers: claim a job, hold its lease while reviewing, record the outcome.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, watch};
use tracing::Instrument;

use super::store::reads::ReviewRecord;
use super::store::{AfterFailure, Job, Store};
use crate::event::JobPayload;
use crate::github::GitHub;
use crate::review::{self, Outcome, ReviewContext};
use crate::telemetry::Metrics;

/// How the queue is worked.
#[derive(Clone, Debug)]
pub struct QueueSettings {
    pub workers: usize,
    /// How long a claimed job stays ours without renewal; a dead worker's job is retried after it.
    pub lease: Duration,
    /// How often an idle worker looks for work it was not woken for (retries coming due).
    pub poll: Duration,
    /// The first retry delay; doubled per attempt.
    pub retry_backoff: Duration,
    pub max_attempts: u32,
}

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings { workers: 4, lease: Duration::from_secs(60), poll: Duration::from_secs(1), retry_backoff: Duration::from_secs(30), max_attempts: 5 }
    }
}

/// What a worker needs, shared by all workers.
pub struct WorkerContext {
    pub store: Arc<Store>,
    pub github: Arc<GitHub>,
    pub review: ReviewContext,
    pub queue: QueueSettings,
    pub wake: Arc<Notify>,
    pub metrics: Arc<Metrics>,
    /// The job each worker is on, so a shutdown that cannot wait can hand them back.
    pub in_flight: Mutex<HashMap<String, Job>>,
}

impl WorkerContext {
    /// Puts every job still in flight back in the queue (after workers were
    /// stopped mid-review), so none waits for its lease to run out.
    pub async fn requeue_in_flight(&self) {
        let jobs: Vec<(String, Job)> = self.in_flight.lock().expect("in-flight lock").drain().collect();
        for (worker, job) in jobs {
            match self.store.release(&job, &worker).await {
                Ok(()) => tracing::info!(delivery = %job.delivery, "job handed back to the queue"),
                Err(error) => tracing::error!(delivery = %job.delivery, error = %format!("{error:#}"), "cannot hand the job back; it runs again when its lease expires"),
            }
        }
    }
}

/// Works jobs until `stop` turns true; a job under way is finished first.
pub async fn run(ctx: Arc<WorkerContext>, name: String, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            return;
        }
        let job = match ctx.store.claim(&name, ctx.queue.lease).await {
            Ok(job) => job,
            Err(error) => {
                tracing::error!(worker = %name, error = %format!("{error:#}"), "cannot claim jobs");
                None
            }
        };
        match job {
            Some(job) => work(&ctx, &name, job).await,
            None => {
                tokio::select! {
                    _ = ctx.wake.notified() => {}
                    _ = tokio::time::sleep(ctx.queue.poll) => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }
}

async fn work(ctx: &WorkerContext, worker: &str, job: Job) {
    ctx.in_flight.lock().expect("in-flight lock").insert(worker.to_string(), job.clone());
    let (repo, pr, head) = match &job.payload {
        JobPayload::Review(r) => (&r.repo, r.pr, r.head_sha.0.as_str()),
        JobPayload::Command(c) => (&c.repo, c.pr, ""),
    };
    let span = tracing::info_span!("job", delivery = %job.delivery, repo = %repo, pr = pr.0, head = %head, attempt = job.attempts);
    async {
        let started = Instant::now();
        // The lease is renewed on a task of its own: the review blocks its
        // worker thread while it compiles rules and analyses files
        // (`block_in_place`), and a future polled beside it would stop too.
        let mut renew = LeaseKeeper(tokio::spawn(keep_lease(ctx.store.clone(), worker.to_string(), job.id, ctx.queue.lease)));
        let result = tokio::select! {
            result = run_job(ctx, &job) => result,
            _ = &mut renew.0 => Err(anyhow::anyhow!("lost the job's lease")),
        };
        drop(renew);
        ctx.metrics.job_latency.observe(started.elapsed().as_secs_f64());
        let recorded = match result {
            Ok(outcome) => {
                tracing::info!(?outcome, elapsed_ms = started.elapsed().as_millis() as u64, "review done");
                if let (Outcome::Stale { current }, JobPayload::Review(req)) = (&outcome, &job.payload) {
                    review_current_head(ctx, &job, req, current).await;
                }
                let state = match &outcome {
                    Outcome::Reviewed { .. } => "done",
                    Outcome::Stale { .. } => "stale",
                    Outcome::SkippedDraft | Outcome::Closed | Outcome::NothingToDo => "skipped",
                    Outcome::ConfigError => "config_error",
                    Outcome::Answered => "done",
                };
                match ctx.store.complete(job.id, worker, state).await {
                    Ok(true) => {
                        record_review(ctx, &job, &outcome).await;
                        ctx.metrics.job_finished(state);
                        observe_delivery_to_done(ctx, &job);
                        Ok(())
                    }
                    Ok(false) => {
                        tracing::warn!("the job's lease ran out before it finished; another worker owns it now");
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            Err(error) => {
                let message = format!("{error:#}");
                // The last attempt: fail the check run first, so that once the
                // job shows as dead its check run already says why.
                if job.attempts >= ctx.store.max_attempts()
                    && let JobPayload::Review(req) = &job.payload
                    && let Err(e) = review::give_up(&ctx.github, req, &message).await
                {
                    tracing::error!(error = %format!("{e:#}"), "cannot mark the check run as failed");
                }
                match ctx.store.fail(&job, worker, &message, ctx.queue.retry_backoff).await {
                    Ok(AfterFailure::RetryIn(wait)) => {
                        tracing::warn!(error = %message, ?wait, "review failed; will retry");
                        Ok(())
                    }
                    Ok(AfterFailure::Dead) => {
                        tracing::error!(error = %message, "review failed for the last time; job is dead");
                        ctx.metrics.job_finished("dead");
                        observe_delivery_to_done(ctx, &job);
                        Ok(())
                    }
                    Ok(AfterFailure::LeaseLost) => {
                        tracing::warn!(error = %message, "review failed after its lease ran out; another worker owns the job now");
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
        };
        if let Err(error) = recorded {
            tracing::error!(error = %format!("{error:#}"), "cannot record the job's outcome; its lease will expire and it will run again");
        }
        ctx.in_flight.lock().expect("in-flight lock").remove(worker);
    }
    .instrument(span)
    .await
}

/// Keeps what a review job concluded for the dashboard. A failure to record
/// is logged, never fails the job: the review itself is done and posted.
async fn record_review(ctx: &WorkerContext, job: &Job, outcome: &Outcome) {
    let JobPayload::Review(req) = &job.payload else { return };
    let (result, findings, new_comments, fixed, summary) = match outcome {
        Outcome::Reviewed { new_comments, fixed, gate_failed, findings, summary, stages } => {
            for (stage, took) in stages {
                ctx.metrics.review_stage(stage, *took);
            }
            (if *gate_failed { "failed" } else { "passed" }, Some(*findings as i64), Some(*new_comments as i64), Some(*fixed as i64), Some(summary.as_str()))
        }
        Outcome::ConfigError => ("config_error", None, None, None, None),
        Outcome::Stale { .. } => ("stale", None, None, None, None),
        Outcome::SkippedDraft | Outcome::Closed | Outcome::Answered | Outcome::NothingToDo => ("skipped", None, None, None, None),
    };
    let record = ReviewRecord { result, findings, new_comments, fixed, summary };
    if let Err(e) = ctx.store.record_review(job, &req.repo.to_string(), req.pr.0 as i64, &req.head_sha.0, &record).await {
        tracing::warn!(error = %format!("{e:#}"), "cannot record the review for the dashboard");
    }
}

/// Runs one job: a review, or a command (an `ignore` is recorded first, so
/// the review it triggers already leaves the rule out).
async fn run_job(ctx: &WorkerContext, job: &Job) -> anyhow::Result<Outcome> {
    match &job.payload {
        JobPayload::Review(req) => {
            let ignored = ctx.store.suppressions(&req.repo, req.pr).await?;
            review::review(&ctx.github, &ctx.review, req, &ignored).await
        }
        JobPayload::Command(cmd) => {
            if let Some(key) = review::commands::suppression(&ctx.github, &ctx.review, cmd).await? {
                ctx.store.add_suppression(&cmd.repo, cmd.pr, &key, &cmd.author).await?;
            }
            let ignored = ctx.store.suppressions(&cmd.repo, cmd.pr).await?;
            review::commands::run(&ctx.github, &ctx.review, cmd, &ignored, &job.delivery).await
        }
    }
}

fn observe_delivery_to_done(ctx: &WorkerContext, job: &Job) {
    let waited_ms = (super::store::now_ms() - job.created_at_ms).max(0);
    ctx.metrics.delivery_to_done.observe(waited_ms as f64 / 1000.0);
}

/// A review found its head outdated. The newer head's own delivery normally
/// queued a review of it, but deliveries can arrive out of order: an older
/// push delivered last supersedes the newer head's queued job. So unless the
/// current head has a review of its own, queue one now.
async fn review_current_head(ctx: &WorkerContext, job: &Job, req: &crate::event::ReviewRequest, current: &crate::ids::CommitSha) {
    let queued = async {
        if ctx.store.has_review_for_head(&req.repo, req.pr, &current.0).await? {
            return Ok(false);
        }
        let follow_up = crate::event::ReviewRequest { head_sha: current.clone(), trigger: format!("{} (head moved)", req.trigger), ..req.clone() };
        let delivery = crate::ids::DeliveryId(format!("{}+{}", job.delivery, current));
        ctx.store.enqueue(&delivery, "head_moved", &JobPayload::Review(follow_up), true).await?;
        anyhow::Ok(true)
    };
    match queued.await {
        Ok(true) => {
            tracing::info!(current = %current.short(), "head moved and had no review of its own; queued one");
            ctx.wake.notify_one();
        }
        Ok(false) => {}
        Err(error) => tracing::error!(error = %format!("{error:#}"), "cannot queue a review of the current head"),
    }
}

/// The task renewing a job's lease, stopped when the job ends or is dropped
/// (a shutdown that cancels the review).
struct LeaseKeeper(tokio::task::JoinHandle<()>);

impl Drop for LeaseKeeper {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Renews the lease every third of its length; returns only if the lease is lost.
async fn keep_lease(store: Arc<Store>, worker: String, job: i64, lease: Duration) {
    let every = lease / 3;
    loop {
        tokio::time::sleep(every).await;
        match store.renew(job, &worker, lease).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(error) => tracing::warn!(error = %format!("{error:#}"), "cannot renew the lease; trying again"),
        }
    }
}
