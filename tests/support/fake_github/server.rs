//! The request pipeline every request goes through: record, delay, match the
//! operation, validate, authenticate, injected faults, then the handler.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State as AxumState};
use axum::response::Response;
use serde_json::{Value, json};

use super::RecordedRequest;
use super::openapi::spec;
use super::routes::{self, Ctx, Reply};
use super::state::State;
use super::util::{base64_decode, parse_query, unix_now};

/// Operations that authenticate as the App itself (JWT), not as an installation.
const APP_OPERATIONS: &[&str] = &["apps/create-installation-access-token", "apps/get-authenticated", "apps/list-installations", "apps/get-repo-installation"];

pub async fn handle(AxumState(state): AxumState<Arc<Mutex<State>>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 << 20).await.unwrap_or_default();
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let query = parse_query(parts.uri.query().unwrap_or(""));
    let headers: Vec<(String, String)> = parts.headers.iter().map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect();
    let authorization = parts.headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_string);
    let recorded = RecordedRequest {
        method: method.clone(),
        path: path.clone(),
        query: query.clone(),
        body: serde_json::from_slice(&bytes).ok(),
        authorization: authorization.clone(),
        headers,
        received: std::time::Instant::now(),
        answered: None,
    };
    let (delay, index) = {
        let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
        st.requests.push(recorded);
        (st.delay, st.requests.len() - 1)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if path.starts_with(super::actions::STORAGE_PREFIX) {
        let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(response) = super::actions::storage(&mut st, &path, authorization.as_deref()) {
            return response;
        }
    }
    let reply = {
        let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
        let reply = process(&mut st, &method, &path, &query, &bytes, authorization.as_deref());
        if let Some(recorded) = st.requests.get_mut(index) {
            recorded.answered = Some(std::time::Instant::now());
        }
        reply
    };
    into_response(reply)
}

fn process(st: &mut State, method: &str, path: &str, query: &[(String, String)], body: &[u8], authorization: Option<&str>) -> Reply {
    let what = format!("{method} {path}");
    if let Some(reply) = manifest_conversion(st, method, path, authorization) {
        return reply;
    }
    if let Some(reply) = super::oauth::web_flow(st, method, path, query, body) {
        return reply;
    }
    let matched = match spec().find(method, path) {
        Ok(m) => m,
        Err(e) => {
            st.violations.push(e);
            return Reply::error(404, "Not Found");
        }
    };
    let body = match spec().validate(&matched, query, body) {
        Ok(b) => b,
        Err(invalid) => {
            for p in &invalid.problems {
                st.violations.push(format!("{what} ({}): {p}", matched.op.operation_id));
            }
            return if invalid.status == 400 { Reply::error(400, "Problems parsing JSON") } else { Reply::error(422, &format!("Invalid request.\n\n{}", invalid.problems.join("\n"))) };
        }
    };
    let op_id = matched.op.operation_id.as_str();
    // Operations a user token makes (signing in with GitHub).
    if matches!(op_id, "users/get-authenticated" | "orgs/get-membership-for-authenticated-user") {
        let Some(login) = super::oauth::user_of(st, authorization) else {
            st.violations.push(format!("{what}: no user token (an installation token or JWT cannot read the user)"));
            return Reply::error(401, "Requires authentication");
        };
        let ctx = Ctx { params: &matched.path_params, query, body, path, installation: None };
        return match op_id {
            "users/get-authenticated" => super::oauth::authenticated_user(&login),
            _ => super::oauth::membership(st, &login, &ctx),
        };
    }
    let installation = match authenticate(st, op_id, &matched.path_params, authorization) {
        Ok(i) => i,
        Err((violation, reply)) => {
            st.violations.push(format!("{what}: {violation}"));
            return reply;
        }
    };
    let fault = st.faults.iter().position(|f| f.method == method && path.contains(&f.path_contains)).and_then(|i| st.faults.remove(i));
    let fault_reply = |f: super::state::Fault| Reply { status: f.status, headers: f.headers, body: Some(f.body), violation: None };
    let fault = match fault {
        Some(f) if !f.after_applying => return fault_reply(f),
        other => other,
    };
    let ctx = Ctx { params: &matched.path_params, query, body, path, installation };
    let mut reply = routes::dispatch(st, op_id, &ctx);
    if let Some(v) = reply.violation.take() {
        st.violations.push(format!("{what}: {v}"));
    }
    match fault {
        Some(f) => fault_reply(f),
        None => reply,
    }
}

/// Checks credentials the way GitHub does: App endpoints want a JWT
/// (`Bearer` + three dot-separated parts), repository endpoints an
/// installation token of the installation that owns the repository.
/// Returns the installation the token belongs to.
fn authenticate(st: &mut State, op_id: &str, params: &std::collections::HashMap<String, String>, authorization: Option<&str>) -> Result<Option<u64>, (String, Reply)> {
    let credential = authorization.and_then(|a| a.strip_prefix("Bearer ").or_else(|| a.strip_prefix("bearer ")).or_else(|| a.strip_prefix("token ")));
    if op_id == "rate-limit/get" {
        return Ok(None);
    }
    if APP_OPERATIONS.contains(&op_id) {
        let jwt = authorization.and_then(|a| a.strip_prefix("Bearer "));
        let Some(jwt) = jwt else {
            let msg = "App endpoint called without `Authorization: Bearer <JWT>`".to_string();
            return Err((msg, Reply::error(401, "A JSON web token could not be decoded")));
        };
        if let Err(e) = check_jwt(jwt) {
            return Err((format!("bad JWT: {e}"), Reply::error(401, "A JSON web token could not be decoded")));
        }
        st.jwts.push(jwt.to_string());
        st.app_id = jwt_issuer(jwt).or(st.app_id);
        return Ok(None);
    }
    let Some(token) = credential else {
        return Err(("no Authorization header on a repository endpoint".into(), Reply::error(401, "Requires authentication")));
    };
    let Some(&installation) = st.tokens.get(token) else {
        return Err((format!("unknown installation token {token:?}"), Reply::error(401, "Bad credentials")));
    };
    if let (Some(owner), Some(repo)) = (params.get("owner"), params.get("repo"))
        && let Some(r) = st.repo(owner, repo)
        && r.installation_id != installation
    {
        let msg = format!("token of installation {installation} used on {owner}/{repo}, which belongs to installation {}", r.installation_id);
        return Err((msg, Reply::error(404, "Not Found")));
    }
    Ok(Some(installation))
}

/// A GitHub App JWT: three base64url parts, a JSON payload with `iat`, `exp`
/// and `iss`, and `exp` at most 10 minutes ahead (GitHub rejects longer).
fn check_jwt(jwt: &str) -> Result<(), String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(format!("expected 3 dot-separated parts, got {}", parts.len()));
    }
    let payload = base64_decode(parts[1]).ok_or("payload is not base64url")?;
    let claims: Value = serde_json::from_slice(&payload).map_err(|e| format!("payload is not JSON: {e}"))?;
    let (Some(iat), Some(exp)) = (claims["iat"].as_i64(), claims["exp"].as_i64()) else {
        return Err("payload lacks numeric iat/exp".into());
    };
    if claims.get("iss").is_none_or(Value::is_null) {
        return Err("payload lacks iss (the App id)".into());
    }
    let now = unix_now() as i64;
    if exp - now > 600 {
        return Err(format!("exp is {}s ahead, GitHub allows at most 600", exp - now));
    }
    if exp <= now {
        return Err("JWT expired".into());
    }
    if iat > now + 60 {
        return Err("iat is in the future".into());
    }
    Ok(())
}

fn into_response(reply: Reply) -> Response {
    let mut builder = Response::builder().status(reply.status);
    let defaults = [
        ("x-ratelimit-limit", "5000".to_string()),
        ("x-ratelimit-remaining", "4999".to_string()),
        ("x-ratelimit-used", "1".to_string()),
        ("x-ratelimit-reset", (unix_now() + 3600).to_string()),
        ("x-ratelimit-resource", "core".to_string()),
        ("x-github-media-type", "github.v3; format=json".to_string()),
    ];
    // An injected header replaces the default of the same name, as GitHub
    // sends each rate-limit header once.
    for (k, v) in defaults {
        if !reply.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case(k)) {
            builder = builder.header(k, v);
        }
    }
    for (k, v) in &reply.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let body = match reply.body {
        Some(v) => {
            builder = builder.header("content-type", "application/json; charset=utf-8");
            Body::from(serde_json::to_vec(&v).expect("JSON serialises"))
        }
        None => Body::empty(),
    };
    builder.body(body).unwrap_or_else(|e| {
        let msg = json!({ "message": format!("fake GitHub built a bad response: {e}") });
        Response::builder().status(500).body(Body::from(msg.to_string())).expect("plain response")
    })
}

/// The `iss` claim of a JWT (the App id), without checking the signature.
fn jwt_issuer(jwt: &str) -> Option<u64> {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    match &claims["iss"] {
        serde_json::Value::String(s) => s.parse().ok(),
        other => other.as_u64(),
    }
}

/// `POST /app-manifests/{code}/conversions`, the last step of GitHub's App
/// manifest flow. It is not in the shared API subset, so it is answered here
/// in the shape GitHub documents (201 with the App's id, slug, pem and
/// webhook secret); it takes no credentials and each code works once.
fn manifest_conversion(st: &mut State, method: &str, path: &str, authorization: Option<&str>) -> Option<Reply> {
    let code = path.strip_prefix("/app-manifests/")?.strip_suffix("/conversions")?;
    if method != "POST" {
        st.violations.push(format!("{method} {path}: the manifest conversion is a POST"));
        return Some(Reply::error(404, "Not Found"));
    }
    if authorization.is_some() {
        st.violations.push(format!("{path}: the manifest conversion takes no credentials"));
    }
    Some(match st.manifest_codes.remove(code) {
        Some(app) => Reply::json(201, app),
        None => Reply::error(404, "Not Found"),
    })
}
