//! The operators' dashboard, served by `techlead serve` beside the webhook:
//! what techlead did today, what is stuck, why a review failed. Off unless a
//! token is configured (every path answers 404 then, and start-up logs how
//! to turn it on). Server-rendered HTML (askama: templates are checked when
//! the crate compiles and are built into the binary, so a typo in a template
//! or a missing field is a build error, not a 500 in production), one
//! embedded stylesheet, charts drawn as SVG on the server: no script at all.
//! It reads the same store as the queue, so every replica shows the same data.

mod auth;
mod login;
mod pages;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::AppState;
use crate::analysis::rules::RuleSet;
use crate::config::RuleSource;
use crate::github::auth::Secret;
use crate::github::oauth::OAuthApp;
use auth::{Keys, LoginLimiter, SESSION_COOKIE};

/// How the dashboard is reached; everything off by default.
#[derive(Debug, Default)]
pub struct DashboardSettings {
    /// `TECHLEAD_DASHBOARD_TOKEN`: the token of the login form and of `Authorization: Bearer`.
    pub token: Option<Secret>,
    /// `TECHLEAD_DASHBOARD_SECURE_COOKIE`: mark the session cookie Secure
    /// (the dashboard is served behind TLS). A request that arrives with
    /// `X-Forwarded-Proto: https` gets a Secure cookie anyway.
    pub secure_cookies: bool,
    /// "Sign in with GitHub": the App's OAuth client and who may sign in.
    pub oauth: Option<OAuthSettings>,
}

/// Who may sign in with GitHub: members of `org`, and the users named.
#[derive(Debug)]
pub struct OAuthSettings {
    /// `TECHLEAD_OAUTH_CLIENT_ID` and `TECHLEAD_OAUTH_CLIENT_SECRET`.
    pub app: OAuthApp,
    /// `TECHLEAD_DASHBOARD_ORG`: its active members may sign in.
    pub org: Option<String>,
    /// `TECHLEAD_DASHBOARD_USERS`: these logins may sign in.
    pub users: Vec<String>,
}

/// The dashboard's state: its settings, signing keys, the login limiter and
/// the rules it lists.
pub struct Dashboard {
    settings: DashboardSettings,
    keys: Option<Keys>,
    limiter: LoginLimiter,
    rules: Arc<RuleSet>,
    rule_sources: Arc<Vec<RuleSource>>,
}

impl Dashboard {
    pub fn new(settings: DashboardSettings, rules: Arc<RuleSet>, rule_sources: Arc<Vec<RuleSource>>) -> Dashboard {
        // Sessions are signed with keys derived from every configured
        // secret: changing either ends the sessions it signed.
        let secrets: Vec<&Secret> = settings.token.iter().chain(settings.oauth.as_ref().map(|o| o.app.session_secret())).collect();
        let keys = (!secrets.is_empty()).then(|| Keys::derive(&secrets));
        Dashboard { settings, keys, limiter: LoginLimiter::default(), rules, rule_sources }
    }

    pub fn enabled(&self) -> bool {
        self.keys.is_some()
    }

    /// Says at start-up whether the dashboard is served, and how to turn it on.
    pub fn log_state(&self) {
        if let Some(oauth) = &self.settings.oauth {
            tracing::info!(org = oauth.org.as_deref().unwrap_or("-"), users = oauth.users.len(), "dashboard on: sign in with GitHub (callback {})", login::GITHUB_CALLBACK);
        }
        if self.settings.token.is_some() {
            tracing::info!("dashboard on: sign in at / with TECHLEAD_DASHBOARD_TOKEN, or send it as `Authorization: Bearer`");
        }
        if !self.enabled() {
            tracing::info!(
                "dashboard off (its pages answer 404): set TECHLEAD_DASHBOARD_TOKEN to a long random value, or TECHLEAD_OAUTH_CLIENT_ID/SECRET with TECHLEAD_DASHBOARD_ORG or TECHLEAD_DASHBOARD_USERS, to serve it"
            );
        }
    }
}

/// Who is looking, and the CSRF token their forms carry.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub user: String,
    pub csrf: String,
    /// Authenticated with `Authorization: Bearer`: browsers never send that
    /// header on their own, so such requests need no CSRF token.
    pub bearer: bool,
}

/// The dashboard's routes; none when it is off, so every path is a 404.
pub fn routes(state: &AppState) -> Router<AppState> {
    if !state.dashboard.enabled() {
        return Router::new();
    }
    let protected = Router::new()
        .route("/", get(pages::overview))
        .route("/reviews", get(pages::reviews))
        .route("/reviews/{id}", get(pages::review))
        .route("/jobs", get(pages::jobs))
        .route("/jobs/{id}/retry", post(pages::retry))
        .route("/installations", get(pages::installations))
        .route("/rules", get(pages::rules))
        .route("/config", get(pages::config_form).post(pages::config_check))
        .route("/logout", post(login::logout))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_viewer));
    Router::new()
        .merge(protected)
        .route("/login", get(login::login_form).post(login::login))
        .route("/login/github", get(login::github_start))
        .route(login::GITHUB_CALLBACK, get(login::github_callback))
        .route("/assets/dashboard.css", get(stylesheet))
        .layer(middleware::from_fn(security_headers))
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

/// Lets a request through with a valid session cookie or bearer token;
/// sends a browser to the login form otherwise.
async fn require_viewer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let dashboard = &state.dashboard;
    let Some(keys) = &dashboard.keys else { return StatusCode::NOT_FOUND.into_response() };
    let headers = request.headers();
    let bearer = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let viewer = match (bearer, &dashboard.settings.token) {
        (Some(given), Some(token)) if auth::token_matches(token, given) => Some(Viewer { user: "token".into(), csrf: String::new(), bearer: true }),
        (Some(_), _) => return (StatusCode::UNAUTHORIZED, "the bearer token is not the dashboard token").into_response(),
        (None, _) => auth::cookie(headers, SESSION_COOKIE).and_then(|session| Some(Viewer { user: keys.user(session, now_secs())?, csrf: keys.csrf(session), bearer: false })),
    };
    match viewer {
        Some(viewer) => {
            request.extensions_mut().insert(viewer);
            next.run(request).await
        }
        None if request.method() == axum::http::Method::GET => Redirect::to("/login").into_response(),
        None => (StatusCode::UNAUTHORIZED, "sign in first").into_response(),
    }
}

/// Every dashboard response: no script, no framing, nothing cached.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], include_str!("dashboard.css"))
}
