//! Signing in and out: the token form, and "Sign in with GitHub" (the App's
//! OAuth client) for the members of one organisation or named users. Both end
//! in the same signed session cookie; failures of either count against the
//! same login limiter.

use std::time::Duration;

use askama::Template;
use axum::Extension;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{self, FAILED_LOGIN_WINDOW, LOGIN_COOKIE, OAUTH_STATE_COOKIE, SESSION_COOKIE, SESSION_TTL};
use super::pages::{CsrfForm, csrf_ok, csrf_refused, render};
use super::{AppState, Viewer, now_secs};

/// Where GitHub sends the browser back; the App's "Callback URL" must be
/// this path on the dashboard's address.
pub const GITHUB_CALLBACK: &str = "/login/github/callback";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nonce: String,
    error: String,
    token_login: bool,
    github_login: bool,
}

fn login_page(state: &AppState, status: StatusCode, error: &str, secure: bool) -> Response {
    let settings = &state.dashboard.settings;
    let nonce = hex::encode(rand::random::<[u8; 16]>());
    let cookie = auth::set_cookie(LOGIN_COOKIE, &nonce, Duration::from_secs(3600), secure);
    let mut response = render(LoginPage { nonce, error: error.to_string(), token_login: settings.token.is_some(), github_login: settings.oauth.is_some() });
    *response.status_mut() = status;
    set_cookies(&mut response, [cookie]);
    response
}

/// Adds `Set-Cookie` headers (values built by [`auth::set_cookie`]).
fn set_cookies(response: &mut Response, cookies: impl IntoIterator<Item = String>) {
    for cookie in cookies {
        if let Ok(value) = cookie.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
}

pub fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.dashboard.settings.secure_cookies || headers.get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

pub async fn login_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    login_page(&state, StatusCode::OK, "", secure(&state, &headers))
}

/// The limiter's answer when too many sign-ins failed: 429 with Retry-After.
fn too_many(state: &AppState, secure: bool) -> Option<Response> {
    let wait = state.dashboard.limiter.wait()?;
    tracing::warn!("dashboard: sign-in refused, too many failed attempts");
    let mut response = login_page(state, StatusCode::TOO_MANY_REQUESTS, &format!("Too many failed sign-ins; try again in {} s.", wait.as_secs().max(1)), secure);
    if let Ok(value) = wait.as_secs().max(1).to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    Some(response)
}

/// Signs `user` in: the session cookie, and the one-time cookies cleared.
fn signed_in(state: &AppState, user: &str, secure: bool) -> Response {
    let Some(keys) = &state.dashboard.keys else { return StatusCode::NOT_FOUND.into_response() };
    let session = keys.session(user, now_secs() + SESSION_TTL.as_secs());
    let mut response = Redirect::to("/").into_response();
    let cookies =
        [auth::set_cookie(SESSION_COOKIE, &session, SESSION_TTL, secure), auth::set_cookie(LOGIN_COOKIE, "", Duration::ZERO, secure), auth::set_cookie(OAUTH_STATE_COOKIE, "", Duration::ZERO, secure)];
    set_cookies(&mut response, cookies);
    response
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    nonce: String,
    #[serde(default)]
    token: String,
}

pub async fn login(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<LoginForm>) -> Response {
    let secure = secure(&state, &headers);
    if let Some(refused) = too_many(&state, secure) {
        return refused;
    }
    let nonce_ok = auth::cookie(&headers, LOGIN_COOKIE).is_some_and(|c| !c.is_empty() && c == form.nonce);
    let Some(token) = &state.dashboard.settings.token else { return StatusCode::NOT_FOUND.into_response() };
    if !nonce_ok {
        return login_page(&state, StatusCode::FORBIDDEN, "The form expired; sign in again.", secure);
    }
    if !auth::token_matches(token, &form.token) {
        state.dashboard.limiter.failed();
        tracing::warn!(window_s = FAILED_LOGIN_WINDOW.as_secs(), "dashboard: failed sign-in");
        return login_page(&state, StatusCode::UNAUTHORIZED, "That is not the dashboard token.", secure);
    }
    signed_in(&state, "token", secure)
}

pub async fn logout(State(state): State<AppState>, Extension(viewer): Extension<Viewer>, headers: HeaderMap, Form(form): Form<CsrfForm>) -> Response {
    if !csrf_ok(&state, &headers, &viewer, &form.csrf) {
        return csrf_refused();
    }
    let mut response = Redirect::to("/login").into_response();
    set_cookies(&mut response, [auth::set_cookie(SESSION_COOKIE, "", Duration::ZERO, secure(&state, &headers))]);
    response
}

/// The callback URL on the address the browser used (GitHub checks it
/// against the App's registered callback URL, so a forged Host header gains
/// nothing).
fn callback_url(headers: &HeaderMap, secure: bool) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("{}://{host}{GITHUB_CALLBACK}", if secure { "https" } else { "http" })
}

/// `GET /login/github`: off to GitHub's authorize page, with a random state
/// that the callback must bring back (in a short-lived cookie of our own).
pub async fn github_start(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(oauth) = &state.dashboard.settings.oauth else { return StatusCode::NOT_FOUND.into_response() };
    let secure = secure(&state, &headers);
    let nonce = hex::encode(rand::random::<[u8; 16]>());
    // The state cookie must come back on GitHub's redirect, a top-level
    // navigation from another site: SameSite=Lax, not Strict.
    let cookie = auth::set_cookie(OAUTH_STATE_COOKIE, &nonce, Duration::from_secs(600), secure).replace("SameSite=Strict", "SameSite=Lax");
    let mut response = Redirect::to(&oauth.app.authorize_url(&nonce, &callback_url(&headers, secure), oauth.org.is_some())).into_response();
    set_cookies(&mut response, [cookie]);
    response
}

#[derive(Deserialize)]
pub struct Callback {
    #[serde(default)]
    code: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// `GET /login/github/callback`: checks the state, exchanges the code, and
/// signs in the user if they are named or a member of the organisation.
pub async fn github_callback(State(state): State<AppState>, headers: HeaderMap, Query(callback): Query<Callback>) -> Response {
    let Some(oauth) = &state.dashboard.settings.oauth else { return StatusCode::NOT_FOUND.into_response() };
    let secure = secure(&state, &headers);
    if let Some(refused) = too_many(&state, secure) {
        return refused;
    }
    let refuse = |status: StatusCode, why: &str| {
        state.dashboard.limiter.failed();
        tracing::warn!(why, "dashboard: GitHub sign-in refused");
        login_page(&state, status, why, secure)
    };
    if let Some(description) = &callback.error_description {
        return refuse(StatusCode::UNAUTHORIZED, &format!("GitHub did not sign you in: {description}"));
    }
    let state_ok = auth::cookie(&headers, OAUTH_STATE_COOKIE).is_some_and(|c| !c.is_empty() && auth::same(c, &callback.state));
    if !state_ok || callback.code.is_empty() {
        return refuse(StatusCode::FORBIDDEN, "The sign-in expired or did not start here; sign in again.");
    }
    let token = match oauth.app.exchange(&callback.code, &callback_url(&headers, secure)).await {
        Ok(token) => token,
        Err(e) => return refuse(StatusCode::BAD_GATEWAY, &e.to_string()),
    };
    let login = match oauth.app.login(&token).await {
        Ok(login) => login,
        Err(e) => return refuse(StatusCode::BAD_GATEWAY, &e.to_string()),
    };
    let named = oauth.users.iter().any(|u| u.eq_ignore_ascii_case(&login));
    let member = match (&oauth.org, named) {
        (Some(org), false) => match oauth.app.is_active_member(&token, org).await {
            Ok(member) => member,
            Err(e) => return refuse(StatusCode::BAD_GATEWAY, &e.to_string()),
        },
        _ => false,
    };
    if !named && !member {
        return refuse(StatusCode::FORBIDDEN, &format!("{login} may not see this dashboard: ask an operator to add you to TECHLEAD_DASHBOARD_USERS or to the organisation it names."));
    }
    tracing::info!(user = %login, "dashboard: signed in with GitHub");
    // The browser came here from GitHub: a redirect would still count as
    // that cross-site navigation, and the SameSite=Strict session cookie
    // would not be sent with it. A page of our own moves on to `/` instead.
    let mut response = signed_in(&state, &login, secure);
    *response.status_mut() = StatusCode::OK;
    response.headers_mut().remove(header::LOCATION);
    response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
    *response.body_mut() = axum::body::Body::from(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url=/\"><title>Signed in · techlead</title><link rel=\"stylesheet\" href=\"/assets/dashboard.css\"></head><body><main><p>Signed in as {}. <a id=\"continue\" href=\"/\">Continue to the dashboard</a></p></main></body></html>",
        askama::filters::escape(&login, askama::filters::Html).map(|e| e.to_string()).unwrap_or_default()
    ));
    response
}
