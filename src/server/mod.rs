//! The HTTP surface: the webhook, health and readiness, metrics, and the dashboard.

pub mod dashboard;
pub mod signature;
mod webhook;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use tokio::sync::Notify;

use crate::github::GitHub;
use crate::github::auth::Secret;
use crate::queue::Store;
use crate::telemetry::{Metrics, Snapshot};

pub use signature::verify as verify_signature;

/// GitHub's cap on a webhook payload.
pub const MAX_BODY_BYTES: usize = 25 * 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub secrets: Arc<Vec<Secret>>,
    pub store: Arc<Store>,
    pub github: Arc<GitHub>,
    pub metrics: Arc<Metrics>,
    /// Wakes a worker when a job is stored.
    pub wake: Arc<Notify>,
    pub stopping: Arc<AtomicBool>,
    /// The operators' dashboard (off unless configured).
    pub dashboard: Arc<dashboard::Dashboard>,
}

impl AppState {
    pub fn shutting_down(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(dashboard::routes(&state))
        .route("/webhook", post(webhook::receive))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Ready when storage answers and the App key is loaded (it is checked at
/// start-up, so a running process always has it).
async fn ready(State(state): State<AppState>) -> (StatusCode, String) {
    if state.shutting_down() {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down".into());
    }
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, format!("ready: {} storage reachable, App {} key loaded", state.store.backend(), state.github.app_id())),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {e:#}")),
    }
}

async fn metrics(State(state): State<AppState>) -> (StatusCode, [(&'static str, &'static str); 1], String) {
    let jobs_by_state = state.store.count_by_state().await.unwrap_or_default();
    let snapshot = Snapshot { jobs_by_state, github_calls: state.github.stats.calls_by_status(), rate_limit_remaining: state.github.stats.rate_limit_remaining() };
    (StatusCode::OK, [("content-type", "text/plain; version=0.0.4")], state.metrics.render(&snapshot))
}
