//! The job store's guarantees, on both backends: one job per delivery,
//! superseded stale heads, leases that outlive dead workers, retries with
//! backoff, and dead jobs kept with their error.

mod support;

use std::time::Duration;

use support::db::{Backend, TestDb};
use techlead::event::{CommandRequest, JobPayload, PrCommand, ReviewRequest};
use techlead::ids::{CommitSha, DeliveryId, InstallationId, PrNumber, RepoName};
use techlead::queue::store::AfterFailure;
use techlead::queue::{Enqueued, Store};

fn request(pr: u64, head: &str) -> JobPayload {
    JobPayload::Review(ReviewRequest {
        installation: InstallationId(1),
        repo: RepoName::new("o", "r"),
        pr: PrNumber(pr),
        head_sha: CommitSha(head.into()),
        draft: false,
        trigger: "pull_request.synchronize".into(),
    })
}

fn head(job: &techlead::queue::store::Job) -> &str {
    match &job.payload {
        JobPayload::Review(r) => &r.head_sha.0,
        JobPayload::Command(_) => "",
    }
}

fn delivery(id: &str) -> DeliveryId {
    DeliveryId(id.into())
}

async fn states(store: &Store) -> Vec<(String, i64)> {
    store.count_by_state().await.unwrap()
}

async fn deliveries_are_stored_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::open(Some(&db.url), 3).await.unwrap();
    assert!(matches!(store.enqueue(&delivery("a"), "pull_request", &request(1, "h1"), true).await.unwrap(), Enqueued::New(_)));
    assert_eq!(store.enqueue(&delivery("a"), "pull_request", &request(1, "h1"), true).await.unwrap(), Enqueued::Duplicate);
    assert_eq!(states(&store).await, vec![("queued".into(), 1)]);
}

async fn newer_heads_supersede_queued_older_ones(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::open(Some(&db.url), 3).await.unwrap();
    store.enqueue(&delivery("a"), "pull_request", &request(1, "old"), true).await.unwrap();
    store.enqueue(&delivery("b"), "pull_request", &request(2, "other-pr"), true).await.unwrap();
    store.enqueue(&delivery("c"), "pull_request", &request(1, "new"), true).await.unwrap();
    assert_eq!(states(&store).await, vec![("queued".into(), 2), ("superseded".into(), 1)]);
    let first = store.claim("w", Duration::from_secs(30)).await.unwrap().unwrap();
    let second = store.claim("w", Duration::from_secs(30)).await.unwrap().unwrap();
    let heads: Vec<&str> = vec![head(&first), head(&second)];
    assert_eq!(heads, vec!["other-pr", "new"]);
}

async fn a_dead_workers_job_is_taken_again_after_its_lease(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::open(Some(&db.url), 3).await.unwrap();
    store.enqueue(&delivery("a"), "pull_request", &request(1, "h"), true).await.unwrap();
    let job = store.claim("dies", Duration::from_millis(200)).await.unwrap().unwrap();
    assert!(store.claim("other", Duration::from_secs(30)).await.unwrap().is_none(), "leased");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let again = store.claim("other", Duration::from_secs(30)).await.unwrap().expect("lease expired");
    assert_eq!((again.id, again.attempts), (job.id, 2));
    assert!(!store.renew(job.id, "dies", Duration::from_secs(30)).await.unwrap(), "the dead worker lost it");
    assert!(store.renew(job.id, "other", Duration::from_secs(30)).await.unwrap());
    // The first worker, back from a long pause, can record nothing over the new owner's work.
    assert_eq!(store.fail(&job, "dies", "late", Duration::from_millis(1)).await.unwrap(), AfterFailure::LeaseLost);
    assert!(!store.complete(job.id, "dies", "done").await.unwrap());
    assert_eq!(states(&store).await, vec![("running".into(), 1)]);
    assert!(store.complete(job.id, "other", "done").await.unwrap());
}

async fn one_pull_request_is_never_reviewed_twice_at_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::open(Some(&db.url), 3).await.unwrap();
    store.enqueue(&delivery("a"), "check_run", &request(1, "h"), false).await.unwrap();
    store.enqueue(&delivery("b"), "check_run", &request(1, "h2"), false).await.unwrap();
    let first = store.claim("w1", Duration::from_secs(30)).await.unwrap().unwrap();
    assert!(store.claim("w2", Duration::from_secs(30)).await.unwrap().is_none());
    store.complete(first.id, "w1", "done").await.unwrap();
    assert!(store.claim("w2", Duration::from_secs(30)).await.unwrap().is_some());
}

async fn failures_back_off_then_die_with_their_error(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::open(Some(&db.url), 2).await.unwrap();
    store.enqueue(&delivery("a"), "pull_request", &request(1, "h"), true).await.unwrap();
    let job = store.claim("w", Duration::from_secs(30)).await.unwrap().unwrap();
    assert_eq!(store.fail(&job, "w", "GitHub down", Duration::from_millis(300)).await.unwrap(), AfterFailure::RetryIn(Duration::from_millis(300)));
    assert!(store.claim("w", Duration::from_secs(30)).await.unwrap().is_none(), "not before its backoff");
    tokio::time::sleep(Duration::from_millis(350)).await;
    let job = store.claim("w", Duration::from_secs(30)).await.unwrap().unwrap();
    assert_eq!(store.fail(&job, "w", "still down", Duration::from_millis(300)).await.unwrap(), AfterFailure::Dead);
    assert_eq!(states(&store).await, vec![("dead".into(), 1)]);
    assert_eq!(store.dead_jobs().await.unwrap(), vec![(delivery("a"), "still down".to_string())]);
}

async fn released_jobs_do_not_count_an_attempt(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::open(Some(&db.url), 3).await.unwrap();
    store.enqueue(&delivery("a"), "pull_request", &request(1, "h"), true).await.unwrap();
    let job = store.claim("w", Duration::from_secs(30)).await.unwrap().unwrap();
    store.release(&job, "w").await.unwrap();
    let again = store.claim("w", Duration::from_secs(30)).await.unwrap().unwrap();
    assert_eq!(again.attempts, 1);
}

async fn a_second_review_of_a_queued_head_is_merged_into_it(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::open(Some(&db.url), 3).await.unwrap();
    // GitHub sends check_suite.requested and pull_request.synchronize for one push.
    store.enqueue(&delivery("suite"), "check_suite", &request(1, "h"), false).await.unwrap();
    assert!(matches!(store.enqueue(&delivery("sync"), "pull_request", &request(1, "h"), true).await.unwrap(), Enqueued::Merged(_)));
    assert_eq!(store.enqueue(&delivery("sync"), "pull_request", &request(1, "h"), true).await.unwrap(), Enqueued::Duplicate, "still known as received");
    assert_eq!(states(&store).await, vec![("queued".into(), 1), ("superseded".into(), 1)]);
    let job = store.claim("w", Duration::from_secs(30)).await.unwrap().unwrap();
    store.complete(job.id, "w", "done").await.unwrap();
    // Once that review ran, a re-run of the same head is a new job.
    assert!(matches!(store.enqueue(&delivery("rerun"), "check_run", &request(1, "h"), false).await.unwrap(), Enqueued::New(_)));
}

async fn a_push_never_cancels_a_queued_command(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::open(Some(&db.url), 3).await.unwrap();
    let command = JobPayload::Command(CommandRequest {
        installation: InstallationId(1),
        repo: RepoName::new("o", "r"),
        pr: PrNumber(1),
        author: "dev".into(),
        command: PrCommand::Explain("python-eval-used".into()),
    });
    store.enqueue(&delivery("comment"), "issue_comment", &command, false).await.unwrap();
    store.enqueue(&delivery("push"), "pull_request", &request(1, "new"), true).await.unwrap();
    assert_eq!(states(&store).await, vec![("queued".into(), 2)]);
    assert!(!store.has_review_for_head(&RepoName::new("o", "r"), PrNumber(1), "other").await.unwrap());
    assert!(store.has_review_for_head(&RepoName::new("o", "r"), PrNumber(1), "new").await.unwrap());
}

macro_rules! on_both_backends {
    ($($name:ident),*) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread")] async fn $name() { super::$name(super::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread")] async fn $name() { super::$name(super::Backend::Postgres).await })*
        }
    };
}

on_both_backends!(
    deliveries_are_stored_once,
    newer_heads_supersede_queued_older_ones,
    a_dead_workers_job_is_taken_again_after_its_lease,
    one_pull_request_is_never_reviewed_twice_at_once,
    failures_back_off_then_die_with_their_error,
    released_jobs_do_not_count_an_attempt,
    a_second_review_of_a_queued_head_is_merged_into_it,
    a_push_never_cancels_a_queued_command
);
