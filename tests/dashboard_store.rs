//! What the dashboard reads from the store, on both backends: finished
//! reviews and their filters, jobs by state, retrying a dead job,
//! installation events and the overview's figures.

mod support;

use std::time::Duration;

use support::db::{Backend, TestDb};
use techlead::event::{JobPayload, ReviewRequest};
use techlead::ids::{CommitSha, DeliveryId, InstallationId, PrNumber, RepoName};
use techlead::queue::Store;
use techlead::queue::store::AfterFailure;
use techlead::queue::store::reads::{ReviewFilter, ReviewRecord};

fn request(repo: &str, pr: u64, head: &str) -> JobPayload {
    let (owner, name) = repo.split_once('/').unwrap();
    JobPayload::Review(ReviewRequest {
        installation: InstallationId(1),
        repo: RepoName::new(owner, name),
        pr: PrNumber(pr),
        head_sha: CommitSha(head.into()),
        draft: false,
        trigger: "pull_request.opened".into(),
    })
}

/// Runs one job to the end and records `result` for it.
async fn review(store: &Store, delivery: &str, repo: &str, pr: u64, result: &str, findings: i64) -> i64 {
    store.enqueue(&DeliveryId(delivery.into()), "pull_request", &request(repo, pr, delivery), true).await.unwrap();
    let job = store.claim("w", Duration::from_secs(30)).await.unwrap().unwrap();
    store.complete(job.id, "w", "done").await.unwrap();
    let record = ReviewRecord { result, findings: Some(findings), new_comments: Some(findings), fixed: Some(0), summary: Some("## techlead review") };
    store.record_review(&job, repo, pr as i64, delivery, &record).await.unwrap();
    job.id
}

async fn reviews_are_listed_newest_first_and_filter_by_repository_and_result(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::open(Some(&db.url), 3).await.unwrap();
    review(&store, "h1", "o/api", 1, "passed", 0).await;
    review(&store, "h2", "o/api", 2, "failed", 3).await;
    review(&store, "h3", "o/web", 7, "failed", 1).await;
    let all = store.reviews(&ReviewFilter::default(), 100).await.unwrap();
    assert_eq!(all.iter().map(|r| r.head_sha.as_str()).collect::<Vec<_>>(), vec!["h3", "h2", "h1"]);
    let api = store.reviews(&ReviewFilter { repo: Some("o/api".into()), result: None }, 100).await.unwrap();
    assert_eq!(api.len(), 2);
    let failed_api = store.reviews(&ReviewFilter { repo: Some("o/api".into()), result: Some("failed".into()) }, 100).await.unwrap();
    assert_eq!((failed_api.len(), failed_api[0].pr, failed_api[0].findings), (1, 2, Some(3)));
    assert_eq!(store.reviewed_repos().await.unwrap(), vec!["o/api", "o/web"]);
    let one = store.review(failed_api[0].id).await.unwrap().unwrap();
    assert_eq!(one.summary.as_deref(), Some("## techlead review"));
    assert!(store.job(one.job_id).await.unwrap().is_some_and(|j| j.state == "done" && j.delivery == "h2"));
    assert!(store.review(999_999).await.unwrap().is_none());
    let overview = store.overview().await.unwrap();
    assert_eq!((overview.reviews, overview.gate_failed, overview.queued), (3, 2, 0));
    assert!(overview.median_ms.is_some() && overview.p95_ms >= overview.median_ms);
    assert_eq!(overview.per_hour.iter().map(|(n, _)| n).sum::<i64>(), 3);
}

async fn a_dead_job_is_listed_with_its_error_and_can_be_retried_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::open(Some(&db.url), 1).await.unwrap();
    store.enqueue(&DeliveryId("d".into()), "pull_request", &request("o/r", 1, "h"), true).await.unwrap();
    let job = store.claim("w", Duration::from_secs(30)).await.unwrap().unwrap();
    assert_eq!(store.fail(&job, "w", "GitHub down", Duration::from_millis(10)).await.unwrap(), AfterFailure::Dead);
    let dead = store.jobs_in("dead", 10).await.unwrap();
    assert_eq!((dead.len(), dead[0].last_error.as_deref(), dead[0].attempts), (1, Some("GitHub down"), 1));
    assert!(store.jobs_in("queued", 10).await.unwrap().is_empty());
    assert!(store.retry_dead(job.id).await.unwrap());
    assert!(!store.retry_dead(job.id).await.unwrap(), "a job that is no longer dead is not retried");
    let again = store.claim("w", Duration::from_secs(30)).await.unwrap().expect("queued again at once");
    assert_eq!((again.id, again.attempts), (job.id, 1), "a fresh set of attempts");
    store.record_installation(&DeliveryId("i".into()), InstallationId(5), "created", &[RepoName::new("o", "r"), RepoName::new("o", "s")]).await.unwrap();
    let installs = store.installations(10).await.unwrap();
    assert_eq!((installs[0].installation_id, installs[0].action.as_str(), installs[0].repositories.clone()), (5, "created", vec!["o/r".to_string(), "o/s".to_string()]));
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

on_both_backends!(reviews_are_listed_newest_first_and_filter_by_repository_and_result, a_dead_job_is_listed_with_its_error_and_can_be_retried_once);
