//! The transport under every GitHub call: authentication, retries with
//! backoff and jitter, rate-limit waits, one write at a time per installation.
//! The only code that calls octocrab.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode, header};
use http_body_util::BodyExt;
use octocrab::Octocrab;
use octocrab::service::middleware::retry::RetryConfig;
use serde::Deserialize;

use super::auth::{AppKey, InstallationToken, Secret};
use crate::ids::InstallationId;

/// How hard to try before giving up.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub attempts: u32,
    /// First backoff; doubled per attempt, with jitter.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The longest rate-limit wait we sit out; longer ones fail the job (the queue retries it later).
    pub max_rate_limit_wait: Duration,
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { attempts: 5, base_delay: Duration::from_millis(250), max_delay: Duration::from_secs(8), max_rate_limit_wait: Duration::from_secs(90), request_timeout: Duration::from_secs(20) }
    }
}

/// A GitHub failure, safe to log (no tokens, no keys).
#[derive(Debug, thiserror::Error)]
pub enum GitHubError {
    #[error("GitHub answered {status} to {method} {path}: {message}")]
    Status { method: Method, path: String, status: StatusCode, message: String },
    #[error("GitHub could not be reached for {method} {path}: {reason}")]
    Transport { method: Method, path: String, reason: String },
    #[error("GitHub asked us to wait {wait:?} before {method} {path}; giving up for now")]
    RateLimited { method: Method, path: String, wait: Duration },
    #[error("cannot sign the App JWT: {0}")]
    Jwt(String),
    #[error("unexpected answer to {path}: {reason}")]
    Decode { path: String, reason: String },
}

impl GitHubError {
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            GitHubError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// An answer with a success status.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json<T: for<'de> Deserialize<'de>>(&self, path: &str) -> Result<T, GitHubError> {
        serde_json::from_slice(&self.body).map_err(|e| GitHubError::Decode { path: path.to_string(), reason: e.to_string() })
    }

    /// Whether the `Link` header names a next page.
    pub fn has_next_page(&self) -> bool {
        self.headers.get(header::LINK).and_then(|v| v.to_str().ok()).is_some_and(|link| link.contains("rel=\"next\""))
    }
}

/// Counters for `/metrics`.
#[derive(Default)]
pub struct ApiStats {
    by_status: Mutex<BTreeMap<u16, u64>>,
    /// `x-ratelimit-remaining` of the last answer, or -1 before any.
    rate_limit_remaining: AtomicI64,
}

impl ApiStats {
    fn record(&self, status: StatusCode, headers: &HeaderMap) {
        *self.by_status.lock().expect("stats lock").entry(status.as_u16()).or_insert(0) += 1;
        if let Some(remaining) = header_number(headers, "x-ratelimit-remaining") {
            self.rate_limit_remaining.store(remaining as i64, Ordering::Relaxed);
        }
    }

    pub fn calls_by_status(&self) -> BTreeMap<u16, u64> {
        self.by_status.lock().expect("stats lock").clone()
    }

    pub fn rate_limit_remaining(&self) -> Option<i64> {
        Some(self.rate_limit_remaining.load(Ordering::Relaxed)).filter(|v| *v >= 0)
    }
}

/// Who a request acts as.
#[derive(Clone, Copy)]
pub enum Actor {
    App,
    Installation(InstallationId),
}

/// How techlead authenticates.
pub enum Auth {
    /// As a GitHub App: a JWT, exchanged for installation tokens.
    App(AppKey),
    /// With one token (Action mode: `GITHUB_TOKEN` or a personal token).
    Token(Secret),
}

/// The GitHub API, as the App (or with one token).
pub struct GitHub {
    octo: Octocrab,
    api_url: String,
    auth: Auth,
    policy: RetryPolicy,
    /// One slot per installation, so a slow exchange for one installation
    /// never holds up the others, while concurrent jobs of one installation
    /// share a single exchange.
    tokens: Mutex<HashMap<InstallationId, Arc<tokio::sync::Mutex<Option<InstallationToken>>>>>,
    write_locks: Mutex<HashMap<InstallationId, Arc<tokio::sync::Mutex<()>>>>,
    pub stats: ApiStats,
}

impl GitHub {
    /// `api_url` is `https://api.github.com` or a GitHub Enterprise Server API URL.
    pub fn new(api_url: &str, auth: Auth, policy: RetryPolicy) -> anyhow::Result<GitHub> {
        let octo = Octocrab::builder()
            .base_uri(api_url.trim_end_matches('/'))?
            .add_retry_config(RetryConfig::None)
            .set_connect_timeout(Some(Duration::from_secs(10)))
            .set_read_timeout(Some(policy.request_timeout))
            .build()?;
        let stats = ApiStats { rate_limit_remaining: AtomicI64::new(-1), ..ApiStats::default() };
        Ok(GitHub { octo, api_url: api_url.to_string(), auth, policy, tokens: Default::default(), write_locks: Default::default(), stats })
    }

    /// The App's id; 0 in token mode.
    pub fn app_id(&self) -> u64 {
        match &self.auth {
            Auth::App(app) => app.app_id(),
            Auth::Token(_) => 0,
        }
    }

    /// Check runs can only be written by an App.
    pub fn can_write_check_runs(&self) -> bool {
        matches!(self.auth, Auth::App(_))
    }

    /// The web address matching the API: `https://github.com` for
    /// `https://api.github.com`, `https://HOST` for a GitHub Enterprise Server
    /// API at `https://HOST/api/v3`.
    pub fn web_url(&self) -> String {
        web_url_of(&self.api_url)
    }

    /// Sends one request and retries what is worth retrying. Non-2xx answers
    /// that are not retried become [`GitHubError::Status`].
    pub async fn send(&self, actor: Actor, method: Method, path: &str, body: Option<&serde_json::Value>) -> Result<Reply, GitHubError> {
        let mutating = method != Method::GET;
        let _write_turn = match (mutating, actor) {
            (true, Actor::Installation(id)) => Some(self.write_lock(id).lock_owned().await),
            _ => None,
        };
        // A POST that timed out or got a 5xx may still have been applied (GitHub
        // does answer 502 to a review it created). Repeating it blindly could
        // post twice, so it fails instead and the job's retry, which finds what
        // was posted by its hidden markers, finishes the work. Other methods,
        // and asking for a token, are safe to repeat.
        let repeatable = method != Method::POST || path.ends_with("/access_tokens");
        let mut renewed_token = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let credential = self.credential(actor, &method, path).await?;
            let outcome = self.send_once(&method, path, body, &credential).await;
            let last = attempt >= self.policy.attempts;
            let (status, headers, bytes) = match outcome {
                Ok(reply) => reply,
                Err(reason) if !last && repeatable => {
                    tracing::warn!(%method, path, attempt, %reason, "GitHub unreachable; retrying");
                    tokio::time::sleep(self.backoff(attempt)).await;
                    continue;
                }
                Err(reason) => return Err(GitHubError::Transport { method, path: path.to_string(), reason }),
            };
            self.stats.record(status, &headers);
            if status == StatusCode::UNAUTHORIZED
                && let Actor::Installation(id) = actor
                && matches!(self.auth, Auth::App(_))
                && !renewed_token
            {
                // The token may have been revoked or expired early: renew once.
                *self.token_slot(id).lock().await = None;
                renewed_token = true;
                continue;
            }
            if let Some(wait) = rate_limit_wait(status, &headers, &bytes) {
                if wait > self.policy.max_rate_limit_wait || last {
                    return Err(GitHubError::RateLimited { method, path: path.to_string(), wait });
                }
                tracing::warn!(%method, path, ?wait, "GitHub rate limit; waiting");
                tokio::time::sleep(wait).await;
                continue;
            }
            if status.is_server_error() && !last && repeatable {
                tracing::warn!(%method, path, %status, attempt, "GitHub server error; retrying");
                tokio::time::sleep(self.backoff(attempt)).await;
                continue;
            }
            // Redirects are answers too: an artifact download is a 302 to its storage URL.
            if !status.is_success() && !status.is_redirection() {
                let message = serde_json::from_slice::<serde_json::Value>(&bytes)
                    .ok()
                    .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_string))
                    .unwrap_or_else(|| String::from_utf8_lossy(&bytes).chars().take(200).collect());
                return Err(GitHubError::Status { method, path: path.to_string(), status, message });
            }
            return Ok(Reply { status, headers, body: bytes });
        }
    }

    async fn send_once(&self, method: &Method, path: &str, body: Option<&serde_json::Value>, credential: &str) -> Result<(StatusCode, HeaderMap, Bytes), String> {
        let builder = http::Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::AUTHORIZATION, credential)
            .header(header::ACCEPT, "application/vnd.github+json")
            .header("x-github-api-version", "2022-11-28")
            .header(header::USER_AGENT, concat!("techlead/", env!("CARGO_PKG_VERSION")));
        let request = self.octo.build_request(builder, body).map_err(|e| e.to_string())?;
        let call = async {
            let response = self.octo.execute(request).await.map_err(|e| e.to_string())?;
            let (parts, body) = response.into_parts();
            let bytes = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
            Ok((parts.status, parts.headers, bytes))
        };
        tokio::time::timeout(self.policy.request_timeout, call).await.map_err(|_| "timed out".to_string())?
    }

    async fn credential(&self, actor: Actor, method: &Method, path: &str) -> Result<String, GitHubError> {
        let app = match &self.auth {
            Auth::Token(token) => return Ok(format!("token {}", token.expose())),
            Auth::App(app) => app,
        };
        match actor {
            Actor::App => Ok(format!("Bearer {}", app.jwt().map_err(|e| GitHubError::Jwt(e.to_string()))?.expose())),
            Actor::Installation(id) => {
                let token = self.installation_token(id).await.map_err(|e| match e {
                    GitHubError::Status { status, message, .. } => GitHubError::Status { method: method.clone(), path: path.to_string(), status, message: format!("no installation token: {message}") },
                    other => other,
                })?;
                Ok(format!("token {}", token.expose()))
            }
        }
    }

    /// The cached token of an installation, renewed when near expiry. The
    /// installation's slot is held while fetching, so concurrent jobs of that
    /// installation share one exchange.
    async fn installation_token(&self, id: InstallationId) -> Result<Secret, GitHubError> {
        let slot = self.token_slot(id);
        let mut cached = slot.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| t.is_fresh()) {
            return Ok(token.token.clone());
        }
        #[derive(Deserialize)]
        struct TokenReply {
            token: String,
            expires_at: Option<String>,
        }
        let path = format!("/app/installations/{}/access_tokens", id.0);
        let reply = Box::pin(self.send(Actor::App, Method::POST, &path, None)).await?;
        let parsed: TokenReply = reply.json(&path)?;
        let token = InstallationToken::new(Secret::new(parsed.token), parsed.expires_at.as_deref().and_then(super::time::parse));
        *cached = Some(token.clone());
        Ok(token.token)
    }

    fn token_slot(&self, id: InstallationId) -> Arc<tokio::sync::Mutex<Option<InstallationToken>>> {
        self.tokens.lock().expect("token map lock").entry(id).or_default().clone()
    }

    fn write_lock(&self, id: InstallationId) -> Arc<tokio::sync::Mutex<()>> {
        self.write_locks.lock().expect("write lock map").entry(id).or_default().clone()
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.policy.base_delay.saturating_mul(1 << attempt.min(16).saturating_sub(1));
        let capped = exp.min(self.policy.max_delay);
        // Full jitter between half and all of the delay keeps replicas from retrying in step.
        capped.mul_f64(0.5 + rand::random::<f64>() * 0.5)
    }
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// How long GitHub asks us to wait, for a 429 or a rate-limit 403, following
/// GitHub's guidance: `retry-after` first, then `x-ratelimit-reset` when no
/// requests remain, else at least a minute for a secondary rate limit.
fn rate_limit_wait(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Option<Duration> {
    if status != StatusCode::TOO_MANY_REQUESTS && status != StatusCode::FORBIDDEN {
        return None;
    }
    if let Some(seconds) = header_number(headers, "retry-after") {
        return Some(Duration::from_secs(seconds));
    }
    if header_number(headers, "x-ratelimit-remaining") == Some(0) {
        let reset = header_number(headers, "x-ratelimit-reset")?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
    }
    // A 403 without these headers is a permission problem, unless its message
    // says it is a (secondary) rate limit.
    let says_rate_limit = String::from_utf8_lossy(body).to_ascii_lowercase().contains("rate limit");
    (status == StatusCode::TOO_MANY_REQUESTS || says_rate_limit).then_some(Duration::from_secs(60))
}

/// The web address matching an API address: `https://github.com` for
/// `https://api.github.com`, `https://HOST` for `https://HOST/api/v3`.
pub fn web_url_of(api_url: &str) -> String {
    let api = api_url.trim_end_matches('/');
    if let Some(rest) = api.strip_prefix("https://api.") {
        return format!("https://{rest}");
    }
    api.strip_suffix("/api/v3").unwrap_or(api).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), v.parse().unwrap())).collect()
    }

    #[test]
    fn rate_limits_are_told_from_permission_errors() {
        assert_eq!(rate_limit_wait(StatusCode::FORBIDDEN, &headers(&[("retry-after", "3")]), b""), Some(Duration::from_secs(3)));
        assert_eq!(rate_limit_wait(StatusCode::FORBIDDEN, &headers(&[]), br#"{"message":"Resource not accessible by integration"}"#), None);
        let secondary = br#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#;
        assert_eq!(rate_limit_wait(StatusCode::FORBIDDEN, &headers(&[]), secondary), Some(Duration::from_secs(60)));
        assert_eq!(rate_limit_wait(StatusCode::BAD_GATEWAY, &headers(&[("retry-after", "3")]), b""), None);
        let soon = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + 10;
        let wait = rate_limit_wait(StatusCode::FORBIDDEN, &headers(&[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", &soon.to_string())]), b"").unwrap();
        assert!(wait >= Duration::from_secs(9) && wait <= Duration::from_secs(11), "{wait:?}");
    }
}
