//! Who may see the dashboard. Sessions are signed cookies (HMAC-SHA256 over
//! the user and an expiry, with a key derived from the configured secret), so
//! any replica checks a session another replica issued and nothing is stored.
//! CSRF tokens are derived from the session the same way. Failed logins are
//! limited per process.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::github::auth::Secret;

pub const SESSION_COOKIE: &str = "techlead_session";
/// The login form's double-submit nonce (CSRF on the login itself).
pub const LOGIN_COOKIE: &str = "techlead_login";
/// The state of a GitHub sign-in in progress (the OAuth `state` parameter).
pub const OAUTH_STATE_COOKIE: &str = "techlead_oauth_state";
/// How long a session lasts.
pub const SESSION_TTL: Duration = Duration::from_secs(12 * 3600);
/// Failed logins allowed per window, per process.
pub const MAX_FAILED_LOGINS: usize = 10;
pub const FAILED_LOGIN_WINDOW: Duration = Duration::from_secs(60);

/// The keys sessions and CSRF tokens are signed with.
pub struct Keys {
    session: Vec<u8>,
}

impl Keys {
    /// Derived from the configured secrets, so every replica with the same
    /// configuration accepts the same sessions, and changing the token ends them.
    pub fn derive(secrets: &[&Secret]) -> Keys {
        let mut hash = Sha256::new();
        hash.update(b"techlead dashboard session key v1");
        for secret in secrets {
            hash.update(secret.expose().as_bytes());
            hash.update([0]);
        }
        Keys { session: hash.finalize().to_vec() }
    }

    fn mac(&self, parts: &[&str]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.session).expect("HMAC takes any key length");
        for part in parts {
            mac.update(part.as_bytes());
            mac.update(&[0]);
        }
        hex::encode(mac.finalize().into_bytes())
    }

    /// A session cookie value for `user`, valid until `expires` (seconds since the epoch).
    pub fn session(&self, user: &str, expires: u64) -> String {
        let user = hex::encode(user);
        let expires = expires.to_string();
        let mac = self.mac(&["session", &user, &expires]);
        format!("{user}.{expires}.{mac}")
    }

    /// The user of a valid, unexpired session cookie value.
    pub fn user(&self, cookie: &str, now: u64) -> Option<String> {
        let mut parts = cookie.split('.');
        let (user, expires, mac) = (parts.next()?, parts.next()?, parts.next()?);
        let expected = self.mac(&["session", user, expires]);
        if !bool::from(expected.as_bytes().ct_eq(mac.as_bytes())) || expires.parse::<u64>().ok()? < now {
            return None;
        }
        String::from_utf8(hex::decode(user).ok()?).ok()
    }

    /// The CSRF token of a session (or of a bearer token's user).
    pub fn csrf(&self, session: &str) -> String {
        self.mac(&["csrf", session])
    }

    pub fn csrf_ok(&self, session: &str, token: &str) -> bool {
        bool::from(self.csrf(session).as_bytes().ct_eq(token.as_bytes()))
    }
}

/// Whether `given` is the configured token, in constant time.
pub fn token_matches(configured: &Secret, given: &str) -> bool {
    // Compare digests, so that the length of the token leaks nothing either.
    let a = Sha256::digest(configured.expose().as_bytes());
    let b = Sha256::digest(given.as_bytes());
    bool::from(a.ct_eq(&b))
}

/// Whether two strings are equal, in constant time.
pub fn same(a: &str, b: &str) -> bool {
    bool::from(Sha256::digest(a.as_bytes()).ct_eq(&Sha256::digest(b.as_bytes())))
}

/// A cookie from the request's `Cookie` headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get_all("cookie").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).filter_map(|pair| pair.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, and Secure behind TLS.
pub fn set_cookie(name: &str, value: &str, max_age: Duration, secure: bool) -> String {
    format!("{name}={value}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", max_age.as_secs(), if secure { "; Secure" } else { "" })
}

/// Failed login attempts in the last window.
#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<VecDeque<Instant>>,
}

impl LoginLimiter {
    /// How long until another attempt is allowed; `None` when one is allowed now.
    pub fn wait(&self) -> Option<Duration> {
        let mut failures = self.failures.lock().expect("login limiter");
        let now = Instant::now();
        while failures.front().is_some_and(|t| now.duration_since(*t) > FAILED_LOGIN_WINDOW) {
            failures.pop_front();
        }
        (failures.len() >= MAX_FAILED_LOGINS).then(|| FAILED_LOGIN_WINDOW.saturating_sub(now.duration_since(failures[0])))
    }

    pub fn failed(&self) {
        self.failures.lock().expect("login limiter").push_back(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_signed_expire_and_cannot_be_altered() {
        let keys = Keys::derive(&[&Secret::new("token".into())]);
        let cookie = keys.session("admin", 2_000);
        assert_eq!(keys.user(&cookie, 1_000).as_deref(), Some("admin"));
        assert_eq!(keys.user(&cookie, 3_000), None, "expired");
        let forged = cookie.replace(&hex::encode("admin"), &hex::encode("root"));
        assert_eq!(keys.user(&forged, 1_000), None);
        let other = Keys::derive(&[&Secret::new("another token".into())]);
        assert_eq!(other.user(&cookie, 1_000), None, "a new token ends old sessions");
        assert!(keys.csrf_ok(&cookie, &keys.csrf(&cookie)) && !keys.csrf_ok(&cookie, &keys.csrf("other")));
    }

    #[test]
    fn the_limiter_refuses_after_too_many_failures() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILED_LOGINS {
            assert!(limiter.wait().is_none());
            limiter.failed();
        }
        assert!(limiter.wait().is_some());
    }
}
