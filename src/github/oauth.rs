//! Signing people in with GitHub (the OAuth web flow of the App's client id
//! and secret), for the dashboard: where to send the browser, the exchange of
//! the code for a user token, and what that token says about its user.
//!
//! The user token is used for these two reads and then dropped: the
//! dashboard keeps only the login, in its own signed session cookie.

use serde::Deserialize;

use super::api::encode;
use super::auth::Secret;
use super::client::web_url_of;

/// The OAuth side of the GitHub App.
#[derive(Debug)]
pub struct OAuthApp {
    pub client_id: String,
    client_secret: Secret,
    /// `https://github.com` (or the Enterprise Server's web address): the
    /// authorize page and the token exchange live there.
    web_url: String,
    /// The REST API: `GET /user` and the organisation membership.
    api_url: String,
    http: reqwest::Client,
}

/// Why a sign-in with GitHub did not go through; shown on the login page.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    #[error("GitHub could not be reached: {0}")]
    Unreachable(String),
    #[error("GitHub refused the sign-in: {0}")]
    Refused(String),
    #[error("GitHub answered {status} to {what}")]
    Status { what: &'static str, status: u16 },
}

impl OAuthApp {
    /// `api_url` as the App client uses it; the web address is derived from
    /// it the same way (`api.github.com` → `github.com`, `HOST/api/v3` → `HOST`).
    pub fn new(client_id: String, client_secret: Secret, api_url: &str) -> Result<OAuthApp, OAuthError> {
        let api = api_url.trim_end_matches('/').to_string();
        let web_url = web_url_of(&api);
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .user_agent(concat!("techlead/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| OAuthError::Unreachable(e.to_string()))?;
        Ok(OAuthApp { client_id, client_secret, web_url, api_url: api, http })
    }

    /// The client secret, as key material for the dashboard's session keys.
    pub fn session_secret(&self) -> &Secret {
        &self.client_secret
    }

    /// Where the browser goes to approve the sign-in. `read:org` is asked
    /// only when membership of an organisation decides who may sign in.
    pub fn authorize_url(&self, state: &str, redirect_uri: &str, needs_org: bool) -> String {
        let mut url = format!("{}/login/oauth/authorize?client_id={}&state={}&redirect_uri={}&allow_signup=false", self.web_url, encode(&self.client_id), encode(state), encode(redirect_uri));
        if needs_org {
            url.push_str("&scope=read%3Aorg");
        }
        url
    }

    /// Exchanges the code GitHub sent back for a user token.
    pub async fn exchange(&self, code: &str, redirect_uri: &str) -> Result<Secret, OAuthError> {
        #[derive(Deserialize)]
        struct Reply {
            access_token: Option<String>,
            error: Option<String>,
            error_description: Option<String>,
        }
        let form = [("client_id", self.client_id.as_str()), ("client_secret", self.client_secret.expose()), ("code", code), ("redirect_uri", redirect_uri)];
        let reply = self
            .http
            .post(format!("{}/login/oauth/access_token", self.web_url))
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| OAuthError::Unreachable(e.to_string()))?;
        let status = reply.status();
        if !status.is_success() {
            return Err(OAuthError::Status { what: "the token exchange", status: status.as_u16() });
        }
        let reply: Reply = json(reply).await?;
        match (reply.access_token, reply.error) {
            (Some(token), None) if !token.is_empty() => Ok(Secret::new(token)),
            (_, error) => Err(OAuthError::Refused(reply.error_description.or(error).unwrap_or_else(|| "no token".into()))),
        }
    }

    /// The login of the token's user.
    pub async fn login(&self, token: &Secret) -> Result<String, OAuthError> {
        #[derive(Deserialize)]
        struct User {
            login: String,
        }
        let reply = self.get(token, "/user").await?;
        if !reply.status().is_success() {
            return Err(OAuthError::Status { what: "GET /user", status: reply.status().as_u16() });
        }
        let user: User = json(reply).await?;
        Ok(user.login)
    }

    /// Whether the token's user is an active member of `org`.
    pub async fn is_active_member(&self, token: &Secret, org: &str) -> Result<bool, OAuthError> {
        #[derive(Deserialize)]
        struct Membership {
            state: String,
        }
        let reply = self.get(token, &format!("/user/memberships/orgs/{}", encode(org))).await?;
        match reply.status().as_u16() {
            200 => Ok(json::<Membership>(reply).await?.state == "active"),
            // Not a member, or the organisation hides it from this token.
            403 | 404 => Ok(false),
            status => Err(OAuthError::Status { what: "the organisation membership", status }),
        }
    }

    async fn get(&self, token: &Secret, path: &str) -> Result<reqwest::Response, OAuthError> {
        self.http
            .get(format!("{}{path}", self.api_url))
            .bearer_auth(token.expose())
            .header(reqwest::header::ACCEPT, "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .send()
            .await
            .map_err(|e| OAuthError::Unreachable(e.to_string()))
    }
}

async fn json<T: serde::de::DeserializeOwned>(reply: reqwest::Response) -> Result<T, OAuthError> {
    let bytes = reply.bytes().await.map_err(|e| OAuthError::Unreachable(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| OAuthError::Refused(format!("an answer techlead cannot read: {e}")))
}
