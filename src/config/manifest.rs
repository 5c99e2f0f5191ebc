//! The GitHub App manifest (`deploy/github-app.yml`), built into the binary
//! for `techlead setup`.

const MANIFEST: &str = include_str!("../../deploy/github-app.yml");

/// The manifest as the JSON GitHub's form takes, with the setup page's
/// callback as `redirect_url` and the webhook URL. Without one the webhook is
/// created inactive, rather than pointing at the manifest's placeholder.
pub fn app_manifest(redirect_url: &str, webhook_url: Option<&str>) -> serde_json::Value {
    let mut manifest: serde_json::Value = ast_grep_config::from_str(MANIFEST).expect("deploy/github-app.yml is valid YAML (a test checks it)");
    manifest["redirect_url"] = redirect_url.into();
    match webhook_url {
        Some(url) => {
            manifest["hook_attributes"]["url"] = url.into();
            // The dashboard's "Sign in with GitHub" comes back to the same host.
            let base = url.trim_end_matches('/').trim_end_matches("/webhook");
            manifest["callback_urls"] = serde_json::json!([format!("{base}/login/github/callback")]);
        }
        None => {
            manifest["hook_attributes"]["active"] = false.into();
            manifest.as_object_mut().map(|m| m.remove("callback_urls"));
        }
    }
    manifest
}
