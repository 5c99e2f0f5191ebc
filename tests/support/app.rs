//! Starts the real techlead service (router, queue, workers, GitHub client)
//! against a fake GitHub, and delivers signed webhooks to it over HTTP.

use std::time::{Duration, Instant};

use techlead::config::builtin::builtin_sources;
use techlead::github::RetryPolicy;
use techlead::github::auth::{AppKey, Secret};
use techlead::queue::QueueSettings;
use techlead::review::ReviewSettings;
use techlead::service::{Service, ServiceConfig};

use super::fake_github::FakeGitHub;
use super::webhook::sign;

pub const SECRET: &str = "test-webhook-secret";
pub const APP_KEY: &str = include_str!("../data/test-app-key.pem");
pub const APP_ID: u64 = 4242;

pub struct TestApp {
    pub service: Option<Service>,
    pub url: String,
    pub http: reqwest::Client,
    _db: tempfile::TempDir,
}

/// Settings that keep tests fast: short polls, leases and backoffs.
pub fn test_config(github: &FakeGitHub, db: &std::path::Path) -> ServiceConfig {
    ServiceConfig {
        webhook_secrets: vec![Secret::new("old-secret".into()), Secret::new(SECRET.into())],
        github_api_url: github.url(),
        app: AppKey::new(APP_ID, APP_KEY.as_bytes()).expect("test key loads"),
        database_url: Some(format!("sqlite://{}", db.join("techlead.db").display())),
        rule_sources: builtin_sources(),
        review: ReviewSettings::default(),
        queue: QueueSettings { workers: 2, lease: Duration::from_secs(5), poll: Duration::from_millis(50), retry_backoff: Duration::from_millis(100), max_attempts: 5 },
        retry: RetryPolicy { base_delay: Duration::from_millis(10), max_delay: Duration::from_millis(50), ..RetryPolicy::default() },
        grace: Duration::from_secs(5),
        dashboard: Default::default(),
    }
}

impl TestApp {
    pub async fn start(github: &FakeGitHub) -> TestApp {
        Self::start_with(github, |_| {}).await
    }

    pub async fn start_with(github: &FakeGitHub, tweak: impl FnOnce(&mut ServiceConfig)) -> TestApp {
        let db = tempfile::tempdir().unwrap();
        let mut config = test_config(github, db.path());
        tweak(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let service = Service::start(config, listener).await.expect("service starts");
        let url = format!("http://{}", service.addr);
        TestApp { service: Some(service), url, http: reqwest::Client::new(), _db: db }
    }

    /// Sends `body` as GitHub would: signed with the test secret.
    pub async fn deliver(&self, event: &str, delivery: &str, body: &[u8]) -> reqwest::Response {
        self.deliver_signed(event, delivery, body, &sign(SECRET.as_bytes(), body)).await
    }

    pub async fn deliver_signed(&self, event: &str, delivery: &str, body: &[u8], signature: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/webhook", self.url))
            .header("content-type", "application/json")
            .header("x-github-event", event)
            .header("x-github-delivery", delivery)
            .header("x-hub-signature-256", signature)
            .body(body.to_vec())
            .send()
            .await
            .unwrap()
    }

    /// Waits until no job is queued or running.
    pub async fn idle(&self) {
        let store = &self.service.as_ref().unwrap().state.store;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let counts = store.count_by_state().await.unwrap();
            if !counts.iter().any(|(state, n)| (state == "queued" || state == "running") && *n > 0) {
                return;
            }
            assert!(Instant::now() < deadline, "jobs still pending: {counts:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn job_states(&self) -> Vec<(String, i64)> {
        self.service.as_ref().unwrap().state.store.count_by_state().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.http.get(format!("{}{path}", self.url)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    pub async fn stop(mut self) {
        if let Some(service) = self.service.take() {
            service.shutdown().await;
        }
    }
}
