//! The running GitHub App: the HTTP server and the workers, started together
//! and stopped gracefully. `techlead serve` and the tests both start it here.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::config::RuleSource;
use crate::github::auth::{AppKey, Secret};
use crate::github::{GitHub, RetryPolicy};
use crate::queue::worker::{self, WorkerContext};
use crate::queue::{QueueSettings, Store};
use crate::review::{ReviewContext, ReviewSettings};
use crate::server::{self, AppState};
use crate::telemetry::Metrics;

pub struct ServiceConfig {
    pub webhook_secrets: Vec<Secret>,
    pub github_api_url: String,
    pub app: AppKey,
    /// `None`: the embedded SQLite default, `techlead.db`.
    pub database_url: Option<String>,
    /// The rule files every review starts from (built-in, or `--rules` directories).
    pub rule_sources: Vec<RuleSource>,
    pub review: ReviewSettings,
    pub queue: QueueSettings,
    pub retry: RetryPolicy,
    /// How long running reviews may take to finish on shutdown.
    pub grace: Duration,
    /// The operators' dashboard: off by default.
    pub dashboard: crate::server::dashboard::DashboardSettings,
}

pub struct Service {
    pub addr: SocketAddr,
    pub state: AppState,
    ctx: Arc<WorkerContext>,
    stop_workers: watch::Sender<bool>,
    stop_server: watch::Sender<bool>,
    server: JoinHandle<()>,
    workers: Vec<JoinHandle<()>>,
    grace: Duration,
}

impl Service {
    /// Opens storage (running migrations), then serves on `listener` and starts the workers.
    pub async fn start(config: ServiceConfig, listener: TcpListener) -> anyhow::Result<Service> {
        let rules = Arc::new(crate::config::compile(&config.rule_sources).map_err(|e| anyhow::anyhow!("{e}"))?);
        let rule_sources = Arc::new(config.rule_sources);
        let dashboard = Arc::new(crate::server::dashboard::Dashboard::new(config.dashboard, rules.clone(), rule_sources.clone()));
        dashboard.log_state();
        let store = Arc::new(Store::open(config.database_url.as_deref(), config.queue.max_attempts).await?);
        store.recover().await.context("cannot recover interrupted jobs")?;
        let github = Arc::new(GitHub::new(&config.github_api_url, crate::github::Auth::App(config.app), config.retry)?);
        let metrics = Arc::new(Metrics::default());
        let wake = Arc::new(Notify::new());
        let state = AppState {
            secrets: Arc::new(config.webhook_secrets),
            store: store.clone(),
            github: github.clone(),
            metrics: metrics.clone(),
            wake: wake.clone(),
            stopping: Arc::new(AtomicBool::new(false)),
            dashboard,
        };
        let addr = listener.local_addr()?;
        let (stop_server, mut server_stopped) = watch::channel(false);
        let app = server::router(state.clone());
        let server = tokio::spawn(async move {
            let shutdown = async move {
                let _ = server_stopped.wait_for(|stop| *stop).await;
            };
            if let Err(error) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
                tracing::error!(%error, "HTTP server failed");
            }
        });
        let ctx = Arc::new(WorkerContext {
            store,
            github,
            review: ReviewContext { rules, rule_sources, settings: config.review, config_cache: Default::default() },
            queue: config.queue.clone(),
            wake,
            metrics,
            in_flight: Default::default(),
        });
        let (stop_workers, stop_rx) = watch::channel(false);
        let workers = (0..config.queue.workers.max(1)).map(|i| tokio::spawn(worker::run(ctx.clone(), format!("{}-{}-{i}", hostname(), std::process::id()), stop_rx.clone()))).collect();
        tracing::info!(%addr, "techlead is listening");
        Ok(Service { addr, state, ctx, stop_workers, stop_server, server, workers, grace: config.grace })
    }

    /// Stops accepting webhooks (503), lets running reviews finish within the
    /// grace period, leaves the rest queued, then stops the server.
    pub async fn shutdown(self) {
        self.state.stopping.store(true, Ordering::SeqCst);
        let _ = self.stop_workers.send(true);
        let aborts: Vec<_> = self.workers.iter().map(JoinHandle::abort_handle).collect();
        let all = futures_util::future::join_all(self.workers);
        if tokio::time::timeout(self.grace, all).await.is_err() {
            tracing::warn!(grace = ?self.grace, "reviews still running after the grace period; handing them back to the queue");
            aborts.iter().for_each(|a| a.abort());
            // Let the aborted tasks unwind before their jobs are released.
            tokio::task::yield_now().await;
            self.ctx.requeue_in_flight().await;
        }
        let _ = self.stop_server.send(true);
        let _ = self.server.await;
        tracing::info!("stopped");
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully.
    pub async fn run_until_signal(self) -> anyhow::Result<()> {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received; shutting down"),
            _ = term.recv() => tracing::info!("SIGTERM received; shutting down"),
        }
        self.shutdown().await;
        Ok(())
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_string()).unwrap_or_else(|_| "techlead".into())
}
