//! Every delivery leads to exactly one review, across crashes, restarts,
//! redeliveries, shutdowns and several replicas, on both storage backends.

mod support;

use std::time::{Duration, Instant};

use serde_json::Value;
use support::app::TestApp;
use support::db::{Backend, TestDb};
use support::fake_github::{FakeFile, FakeGitHub, FakePull};
use support::process::{SIGKILL, SIGTERM, ServeProcess};
use support::webhook::payload;
use techlead::queue::Store;

const OWNER: &str = "Codertocat";
const REPO: &str = "Hello-World";
const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
const CODE: &str = "import os\n\n\ndef handler(data, cmd):\n    os.system(cmd)\n    return eval(data)\n";

fn add_pull(gh: &FakeGitHub, number: u64, head: &str) {
    let files = vec![FakeFile::from_contents("app/handler.py", None, Some(CODE))];
    gh.add_pull(FakePull { owner: OWNER.into(), repo: REPO.into(), number, head_sha: head.into(), base_sha: BASE.into(), draft: false, files });
}

async fn github(pulls: u64) -> FakeGitHub {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, 1);
    for n in 1..=pulls {
        add_pull(&gh, n, &head_of(n));
    }
    gh
}

fn head_of(pr: u64) -> String {
    if pr == 2 { HEAD.to_string() } else { format!("{pr:040x}") }
}

fn opened(pr: u64) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&payload("pull_request.opened")).unwrap();
    v["number"] = pr.into();
    v["pull_request"]["number"] = pr.into();
    v["pull_request"]["head"]["sha"] = head_of(pr).into();
    serde_json::to_vec(&v).unwrap()
}

async fn wait_until(what: &str, timeout: Duration, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn jobs_done(url: &str) -> i64 {
    let store = Store::open(Some(url), 5).await.unwrap();
    store.count_by_state().await.unwrap().into_iter().filter(|(s, _)| s == "done").map(|(_, n)| n).sum()
}

async fn killed_mid_review_then_restarted(backend: Backend) {
    let gh = github(2).await;
    gh.set_delay(Duration::from_millis(100));
    let db = TestDb::new(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let lease = [("TECHLEAD_JOB_LEASE", "2")];
    let first = ServeProcess::start(&gh.url(), &db.url, dir.path(), &lease).await;
    assert_eq!(first.deliver("pull_request", "kill-1", &opened(2)).await, 202);
    wait_until("the review to start", Duration::from_secs(20), async || gh.requests().iter().any(|r| r.method == "POST" && r.path.ends_with("/check-runs"))).await;
    first.signal(SIGKILL);
    assert!(!first.wait().await);
    gh.set_delay(Duration::ZERO);
    // The most talkative logs, to show that no credential reaches them during a review.
    let log = dir.path().join("second.log");
    let verbose = [lease[0], ("RUST_LOG", "debug")];
    let _second = ServeProcess::start_logging(&gh.url(), &db.url, dir.path(), &verbose, &log).await;
    wait_until("the review to complete after the restart", Duration::from_secs(30), async || jobs_done(&db.url).await == 1).await;
    assert_eq!(gh.reviews(OWNER, REPO, 2).len(), 1, "exactly one review");
    assert_eq!(gh.issue_comments(OWNER, REPO, 2).len(), 1, "exactly one summary comment");
    assert_eq!(support::rule_comments(&gh, OWNER, REPO, 2).len(), 2);
    assert_eq!(gh.check_runs(OWNER, REPO).len(), 1);
    gh.assert_no_violations();
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(logs.contains("review done"), "the log file holds the review: {logs}");
    let tokens = gh.issued_tokens();
    assert!(!tokens.is_empty());
    for (_, token) in tokens {
        assert!(!logs.contains(&token), "an installation token was logged");
    }
    for jwt in gh.jwts() {
        assert!(!logs.contains(&jwt), "the App's JWT was logged");
    }
    assert!(!logs.contains(support::app::SECRET) && !logs.contains("PRIVATE KEY"), "the webhook secret or the key was logged");
}

async fn ten_copies_of_a_delivery_at_once_give_one_review(backend: Backend) {
    let gh = github(2).await;
    let db = TestDb::new(backend).await;
    let app = TestApp::start_with(&gh, |c| c.database_url = Some(db.url.clone())).await;
    let body = opened(2);
    let sends = (0..10).map(|_| app.deliver("pull_request", "same-delivery", &body));
    let statuses: Vec<u16> = futures_util::future::join_all(sends).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 202).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 9, "{statuses:?}");
    app.idle().await;
    assert_eq!(gh.reviews(OWNER, REPO, 2).len(), 1);
    app.stop().await;
}

async fn sigterm_during_work_finishes_or_requeues(backend: Backend) {
    // A long grace: the running review finishes before the process stops.
    let gh = github(2).await;
    gh.set_delay(Duration::from_millis(50));
    let db = TestDb::new(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let process = ServeProcess::start(&gh.url(), &db.url, dir.path(), &[]).await;
    process.deliver("pull_request", "term-1", &opened(2)).await;
    wait_until("the review to start", Duration::from_secs(20), async || gh.requests().iter().any(|r| r.path.ends_with("/check-runs"))).await;
    process.signal(SIGTERM);
    assert!(process.wait().await, "a clean exit");
    assert_eq!(jobs_done(&db.url).await, 1, "finished within the grace period");
    assert_eq!(gh.reviews(OWNER, REPO, 2).len(), 1);

    // A grace too short: the job goes back to the queue and the next start finishes it.
    let gh = github(2).await;
    gh.set_delay(Duration::from_millis(300));
    let db = TestDb::new(backend).await;
    let app = TestApp::start_with(&gh, |c| {
        c.database_url = Some(db.url.clone());
        c.grace = Duration::from_millis(100);
        c.queue.lease = Duration::from_secs(60);
    })
    .await;
    app.deliver("pull_request", "term-2", &opened(2)).await;
    wait_until("the review to start", Duration::from_secs(20), async || gh.requests().iter().any(|r| r.path.ends_with("/pulls/2"))).await;
    app.stop().await;
    let store = Store::open(Some(&db.url), 5).await.unwrap();
    assert_eq!(store.count_by_state().await.unwrap(), vec![("queued".to_string(), 1)], "handed back, not lost");
    gh.set_delay(Duration::ZERO);
    let again = TestApp::start_with(&gh, |c| c.database_url = Some(db.url.clone())).await;
    again.idle().await;
    assert_eq!(again.job_states().await, vec![("done".to_string(), 1)]);
    assert_eq!(gh.reviews(OWNER, REPO, 2).len(), 1);
    again.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_replicas_on_one_postgres_review_each_pr_exactly_once() {
    let gh = github(50).await;
    let db = TestDb::new(Backend::Postgres).await;
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = ServeProcess::start(&gh.url(), &db.url, d1.path(), &[("TECHLEAD_WORKERS", "3")]).await;
    let b = ServeProcess::start(&gh.url(), &db.url, d2.path(), &[("TECHLEAD_WORKERS", "3")]).await;
    for pr in 1..=50u64 {
        let replica = if pr % 2 == 0 { &a } else { &b };
        assert_eq!(replica.deliver("pull_request", &format!("pr-{pr}"), &opened(pr)).await, 202);
        // GitHub redelivers to whichever replica the load balancer picks.
        let other = if pr % 2 == 0 { &b } else { &a };
        assert_eq!(other.deliver("pull_request", &format!("pr-{pr}"), &opened(pr)).await, 200);
    }
    wait_until("all 50 reviews", Duration::from_secs(60), async || jobs_done(&db.url).await == 50).await;
    for pr in 1..=50u64 {
        assert_eq!(gh.reviews(OWNER, REPO, pr).len(), 1, "PR {pr}");
        assert_eq!(gh.issue_comments(OWNER, REPO, pr).len(), 1, "PR {pr}");
    }
    gh.assert_no_violations();
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

on_both_backends!(killed_mid_review_then_restarted, ten_copies_of_a_delivery_at_once_give_one_review, sigterm_during_work_finishes_or_requeues);

#[tokio::test(flavor = "multi_thread")]
async fn while_shutting_down_webhooks_get_503_and_the_running_review_finishes() {
    let gh = github(3).await;
    gh.set_delay(Duration::from_millis(30));
    let mut app = TestApp::start_with(&gh, |c| c.grace = Duration::from_secs(20)).await;
    app.deliver("pull_request", "s1", &opened(2)).await;
    wait_until("the review to start", Duration::from_secs(20), async || gh.requests().iter().any(|r| r.path.ends_with("/check-runs"))).await;
    let service = app.service.take().unwrap();
    let store = service.state.store.clone();
    let stopping = tokio::spawn(service.shutdown());
    tokio::time::sleep(Duration::from_millis(50)).await;
    let refused = app.deliver("pull_request", "s2", &opened(3)).await;
    assert_eq!(refused.status(), 503, "GitHub sees a failed delivery it can redeliver");
    stopping.await.unwrap();
    assert_eq!(store.count_by_state().await.unwrap(), vec![("done".to_string(), 1)], "the running review finished; nothing else was accepted");
    assert_eq!(gh.reviews(OWNER, REPO, 2).len(), 1);
}
