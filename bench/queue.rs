//! Queue burst: 1000 signed webhooks for 1000 pull requests sent at once, for
//! each storage backend. Every one must be acknowledged and every job done;
//! prints the p99 acknowledgement latency and the time to drain the queue.
//!
//! `cargo bench --bench queue` (PostgreSQL when TECHLEAD_TEST_POSTGRES_URL is
//! set, e.g. after `source .ci/postgres.sh && start_postgres`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use serde_json::Value;
use support::app::TestApp;
use support::db::{Backend, POSTGRES_ENV, TestDb};
use support::fake_github::{FakeFile, FakeGitHub, FakePull};
use support::webhook::payload;

const PRS: u64 = 1000;

fn opened(pr: u64) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&payload("pull_request.opened")).unwrap();
    v["pull_request"]["number"] = pr.into();
    v["pull_request"]["head"]["sha"] = format!("{pr:040x}").into();
    serde_json::to_vec(&v).unwrap()
}

async fn burst(backend: Backend) {
    let gh = FakeGitHub::start().await;
    gh.add_repo("Codertocat", "Hello-World", 1);
    for pr in 1..=PRS {
        let files = vec![FakeFile::from_contents("app.py", None, Some("eval(x)\n"))];
        gh.add_pull(FakePull { owner: "Codertocat".into(), repo: "Hello-World".into(), number: pr, head_sha: format!("{pr:040x}"), base_sha: "0".repeat(40), draft: false, files });
    }
    let db = TestDb::new(backend).await;
    let app = TestApp::start_with(&gh, |c| {
        c.database_url = Some(db.url.clone());
        c.queue.workers = 8;
    })
    .await;
    let started = Instant::now();
    let sends = (1..=PRS).map(|pr| {
        let body = opened(pr);
        let app = &app;
        async move {
            let sent = Instant::now();
            let status = app.deliver("pull_request", &format!("burst-{pr}"), &body).await.status();
            (status.as_u16(), sent.elapsed())
        }
    });
    let results = futures_util::future::join_all(sends).await;
    let acked = started.elapsed();
    assert!(results.iter().all(|(s, _)| *s == 202), "every delivery acknowledged");
    let mut latencies: Vec<Duration> = results.iter().map(|(_, d)| *d).collect();
    latencies.sort();
    app.idle().await;
    let drained = started.elapsed();
    let states = app.job_states().await;
    assert_eq!(states, vec![("done".to_string(), PRS as i64)], "none lost");
    let reviews: usize = (1..=PRS).map(|pr| gh.reviews("Codertocat", "Hello-World", pr).len()).sum();
    assert_eq!(reviews, PRS as usize);
    println!(
        "{backend:?}: {PRS} deliveries at once: all acknowledged in {:.2} s (p50 {:.1} ms, p99 {:.1} ms); queue drained, {PRS} reviews posted, in {:.2} s with 8 workers",
        acked.as_secs_f64(),
        latencies[latencies.len() / 2].as_secs_f64() * 1e3,
        latencies[latencies.len() * 99 / 100].as_secs_f64() * 1e3,
        drained.as_secs_f64()
    );
    app.stop().await;
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        burst(Backend::Sqlite).await;
        if std::env::var(POSTGRES_ENV).is_ok() {
            burst(Backend::Postgres).await;
        } else {
            println!("Postgres: skipped; set {POSTGRES_ENV} (source .ci/postgres.sh && start_postgres)");
        }
    });
}
