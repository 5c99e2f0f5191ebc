//! The last step of GitHub's App manifest flow: exchange the one-time code
//! for the new App's id, private key and webhook secret.

use http::StatusCode;
use http_body_util::BodyExt;
use serde::Deserialize;

use super::auth::Secret;

/// The App GitHub created from the manifest.
#[derive(Debug)]
pub struct NewApp {
    pub id: u64,
    pub slug: String,
    pub html_url: String,
    pub pem: Secret,
    pub webhook_secret: Secret,
    /// The App's OAuth client, for the dashboard's "Sign in with GitHub".
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
}

/// `POST /app-manifests/{code}/conversions` (no credentials: the code is the proof).
pub async fn convert_manifest(api_url: &str, code: &str) -> anyhow::Result<NewApp> {
    #[derive(Deserialize)]
    struct Converted {
        id: u64,
        slug: String,
        #[serde(default)]
        html_url: String,
        pem: String,
        #[serde(default)]
        webhook_secret: Option<String>,
        #[serde(default)]
        client_id: Option<String>,
        #[serde(default)]
        client_secret: Option<String>,
    }
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        anyhow::bail!("the code GitHub sent back is malformed");
    }
    let octo = octocrab::Octocrab::builder().base_uri(api_url.trim_end_matches('/'))?.build()?;
    let request = octo.build_request(
        http::Request::builder().method(http::Method::POST).uri(format!("/app-manifests/{code}/conversions")).header(http::header::ACCEPT, "application/vnd.github+json"),
        None::<&()>,
    )?;
    let response = octo.execute(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    if status != StatusCode::CREATED && status != StatusCode::OK {
        anyhow::bail!("GitHub refused the manifest code ({status}); codes expire after an hour and work once: run `techlead setup` again");
    }
    let app: Converted = serde_json::from_slice(&body)?;
    Ok(NewApp {
        id: app.id,
        slug: app.slug,
        html_url: app.html_url,
        pem: Secret::new(app.pem),
        webhook_secret: Secret::new(app.webhook_secret.unwrap_or_default()),
        client_id: app.client_id.filter(|c| !c.is_empty()),
        client_secret: app.client_secret.filter(|c| !c.is_empty()).map(Secret::new),
    })
}
