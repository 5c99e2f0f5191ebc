//! GitHub App authentication: an RS256 JWT for the App, exchanged for
//! installation tokens that are cached and renewed before they expire.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use octocrab::jsonwebtoken::{self, Algorithm, EncodingKey, Header};

/// A credential that must never reach a log line or an error message.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The App's id and private key.
pub struct AppKey {
    app_id: u64,
    key: EncodingKey,
}

/// A private key that cannot sign; says why without echoing the key.
#[derive(Debug, thiserror::Error)]
#[error("the GitHub App private key is not a usable RSA PEM key ({0}); download a new key from the App's settings page")]
pub struct BadKey(String);

impl AppKey {
    /// Loads and test-signs the key, so a bad key fails at start-up.
    pub fn new(app_id: u64, pem: &[u8]) -> Result<AppKey, BadKey> {
        let key = EncodingKey::from_rsa_pem(pem).map_err(|e| BadKey(e.to_string()))?;
        let app = AppKey { app_id, key };
        app.jwt().map_err(|e| BadKey(e.to_string()))?;
        Ok(app)
    }

    pub fn app_id(&self) -> u64 {
        self.app_id
    }

    /// A JWT for the App: issued 60 s in the past (clock drift), valid 9 minutes
    /// (GitHub refuses more than 10).
    pub fn jwt(&self) -> Result<Secret, jsonwebtoken::errors::Error> {
        #[derive(serde::Serialize)]
        struct Claims {
            iat: u64,
            exp: u64,
            iss: String,
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        let claims = Claims { iat: now - 60, exp: now + 9 * 60, iss: self.app_id.to_string() };
        jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &self.key).map(Secret)
    }
}

/// An installation token and when to stop using it.
#[derive(Clone, Debug)]
pub struct InstallationToken {
    pub token: Secret,
    pub renew_after: SystemTime,
}

impl InstallationToken {
    /// Renew this long before GitHub's expiry, so no request carries a token
    /// that expires on the way.
    pub const MARGIN: Duration = Duration::from_secs(5 * 60);

    pub fn new(token: Secret, expires_at: Option<SystemTime>) -> InstallationToken {
        let expires_at = expires_at.unwrap_or_else(|| SystemTime::now() + Duration::from_secs(3600));
        InstallationToken { token, renew_after: expires_at.checked_sub(Self::MARGIN).unwrap_or(expires_at) }
    }

    pub fn is_fresh(&self) -> bool {
        SystemTime::now() < self.renew_after
    }
}
