//! `techlead serve`: the GitHub App. Every flag has an environment variable;
//! secrets are never echoed (`--help` hides their values, errors never quote them).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use super::{CliError, Level, RuleArgs, exit, load_rules, rule_sources};
use crate::github::RetryPolicy;
use crate::github::auth::{AppKey, Secret};
use crate::github::oauth::OAuthApp;
use crate::queue::QueueSettings;
use crate::review::ReviewSettings;
use crate::server::dashboard::{DashboardSettings, OAuthSettings};
use crate::service::{Service, ServiceConfig};

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TECHLEAD_LISTEN", default_value = "0.0.0.0:3000")]
    listen: SocketAddr,
    /// The GitHub App's id.
    #[arg(long, env = "TECHLEAD_APP_ID")]
    app_id: u64,
    /// The App's private key, as a PEM file.
    #[arg(long, env = "TECHLEAD_PRIVATE_KEY_PATH", conflicts_with = "private_key")]
    private_key_path: Option<PathBuf>,
    /// The App's private key, as PEM text.
    #[arg(long, env = "TECHLEAD_PRIVATE_KEY", hide_env_values = true)]
    private_key: Option<String>,
    /// The webhook secret; several, comma-separated, while rotating.
    #[arg(long, env = "TECHLEAD_WEBHOOK_SECRET", hide_env_values = true)]
    webhook_secret: String,
    /// GitHub's API; a GitHub Enterprise Server API URL also works.
    #[arg(long, env = "TECHLEAD_GITHUB_API_URL", default_value = "https://api.github.com")]
    github_api_url: String,
    /// `sqlite://path.db` (default: techlead.db here) or `postgres://...` for several replicas.
    #[arg(long, env = "TECHLEAD_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Reviews run at once.
    #[arg(long, env = "TECHLEAD_WORKERS", default_value_t = 4)]
    workers: usize,
    /// Inline comments per review; the rest go to the summary.
    #[arg(long, env = "TECHLEAD_MAX_INLINE_COMMENTS", default_value_t = 25)]
    max_inline_comments: usize,
    /// Findings at or above this level fail the check run.
    #[arg(long, env = "TECHLEAD_FAIL_LEVEL", value_enum, default_value_t = Level::Error)]
    fail_level: Level,
    /// Review draft pull requests too.
    #[arg(long, env = "TECHLEAD_REVIEW_DRAFTS")]
    review_drafts: bool,
    /// A directory of OSV advisories (`techlead advisories sync DIR`) that
    /// dependency changes are checked against; reloaded when it changes.
    #[arg(long, env = "TECHLEAD_ADVISORIES", value_name = "DIR")]
    advisories: Option<std::path::PathBuf>,
    /// Seconds a claimed job stays with its worker without renewal; a crashed
    /// replica's jobs are taken over after it.
    #[arg(long, env = "TECHLEAD_JOB_LEASE", default_value_t = 60)]
    job_lease: u64,
    /// Attempts per job before it is kept as dead.
    #[arg(long, env = "TECHLEAD_MAX_ATTEMPTS", default_value_t = 5)]
    max_attempts: u32,
    /// Seconds running reviews get to finish on SIGTERM.
    #[arg(long, env = "TECHLEAD_SHUTDOWN_GRACE", default_value_t = 25)]
    shutdown_grace: u64,
    /// The dashboard's token (sign-in form and `Authorization: Bearer`); the dashboard is off without it.
    #[arg(long, env = "TECHLEAD_DASHBOARD_TOKEN", hide_env_values = true)]
    dashboard_token: Option<String>,
    /// Mark the dashboard's session cookie Secure (it is served behind TLS).
    #[arg(long, env = "TECHLEAD_DASHBOARD_SECURE_COOKIE")]
    dashboard_secure_cookie: bool,
    /// The App's OAuth client id: "Sign in with GitHub" on the dashboard
    /// (with the client secret, and TECHLEAD_DASHBOARD_ORG or _USERS).
    #[arg(long, env = "TECHLEAD_OAUTH_CLIENT_ID")]
    oauth_client_id: Option<String>,
    /// The App's OAuth client secret.
    #[arg(long, env = "TECHLEAD_OAUTH_CLIENT_SECRET", hide_env_values = true)]
    oauth_client_secret: Option<String>,
    /// The organisation whose active members may sign in with GitHub.
    #[arg(long, env = "TECHLEAD_DASHBOARD_ORG")]
    dashboard_org: Option<String>,
    /// GitHub logins that may sign in, comma-separated.
    #[arg(long, env = "TECHLEAD_DASHBOARD_USERS", value_delimiter = ',')]
    dashboard_users: Vec<String>,
    #[command(flatten)]
    rules: RuleArgs,
}

pub fn run(args: ServeArgs) -> Result<u8, CliError> {
    // Compiled once here so bad rule files fail at start-up with their errors.
    load_rules(&args.rules)?;
    let rule_sources = rule_sources(&args.rules)?;
    let oauth = oauth_settings(&args)?;
    let pem = match (&args.private_key_path, &args.private_key) {
        (Some(path), _) => std::fs::read(path).with_context(|| format!("cannot read the private key file {}", path.display()))?,
        // `\n` escapes and surrounding quotes are accepted, as `docker run
        // --env-file` passes a `.env` line's value through unchanged.
        (None, Some(pem)) => pem.trim().trim_matches('"').replace("\\n", "\n").into_bytes(),
        (None, None) => return Err(anyhow::anyhow!("set TECHLEAD_PRIVATE_KEY_PATH (or TECHLEAD_PRIVATE_KEY) to the GitHub App's private key").into()),
    };
    let app = AppKey::new(args.app_id, &pem).map_err(anyhow::Error::from)?;
    let secrets: Vec<Secret> = args.webhook_secret.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| Secret::new(s.to_string())).collect();
    if secrets.is_empty() {
        return Err(anyhow::anyhow!("TECHLEAD_WEBHOOK_SECRET is empty").into());
    }
    let config = ServiceConfig {
        webhook_secrets: secrets,
        github_api_url: args.github_api_url,
        app,
        database_url: args.database_url,
        rule_sources,
        review: ReviewSettings {
            max_inline_comments: args.max_inline_comments,
            fail_level: args.fail_level.into(),
            review_drafts: args.review_drafts,
            advisories: args.advisories.clone().map(|dir| std::sync::Arc::new(crate::analysis::deps::osv::AdvisorySource::new(dir))),
            ..ReviewSettings::default()
        },
        queue: QueueSettings { workers: args.workers, lease: Duration::from_secs(args.job_lease.max(1)), max_attempts: args.max_attempts, ..QueueSettings::default() },
        retry: RetryPolicy::default(),
        grace: Duration::from_secs(args.shutdown_grace),
        dashboard: DashboardSettings { token: args.dashboard_token.filter(|t| !t.trim().is_empty()).map(Secret::new), secure_cookies: args.dashboard_secure_cookie, oauth },
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen).await.with_context(|| format!("cannot listen on {}", args.listen))?;
        let service = Service::start(config, listener).await?;
        service.run_until_signal().await
    })?;
    Ok(exit::CLEAN)
}

/// "Sign in with GitHub", when its client id is set: the secret and at least
/// one way to be let in are required, or nobody could sign in.
fn oauth_settings(args: &ServeArgs) -> Result<Option<OAuthSettings>, CliError> {
    let nonempty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let (id, secret) = (nonempty(&args.oauth_client_id), nonempty(&args.oauth_client_secret));
    let org = nonempty(&args.dashboard_org);
    let users: Vec<String> = args.dashboard_users.iter().map(|u| u.trim().to_string()).filter(|u| !u.is_empty()).collect();
    match (id, secret) {
        (None, None) => Ok(None),
        (Some(_), None) | (None, Some(_)) => {
            Err(anyhow::anyhow!("set both TECHLEAD_OAUTH_CLIENT_ID and TECHLEAD_OAUTH_CLIENT_SECRET (the App's page shows them) for \"Sign in with GitHub\", or neither").into())
        }
        (Some(_), Some(_)) if org.is_none() && users.is_empty() => Err(anyhow::anyhow!(
            "\"Sign in with GitHub\" is configured but nobody may sign in: set TECHLEAD_DASHBOARD_ORG (an organisation whose members may) or TECHLEAD_DASHBOARD_USERS (logins, comma-separated)"
        )
        .into()),
        (Some(id), Some(secret)) => {
            let app = OAuthApp::new(id, Secret::new(secret), &args.github_api_url).map_err(anyhow::Error::from)?;
            Ok(Some(OAuthSettings { app, org, users }))
        }
    }
}
