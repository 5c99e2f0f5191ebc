//! The GitHub App manifest (`deploy/github-app.yml`), built into the binary
//! for `techlead setup`.

const MANIFEST: &str = include_str!("../../deploy/github-app.yml");

/// The manifest as the JSON GitHub's form takes, with the setup page's
/// callback as `redirect_url` and, when given, the webhook URL.
pub fn app_manifest(redirect_url: &str, webhook_url: Option<&str>) -> serde_json::Value {
    let mut manifest: serde_json::Value = ast_grep_config::from_str(MANIFEST).expect("deploy/github-app.yml is valid YAML (a test checks it)");
    manifest["redirect_url"] = redirect_url.into();
    if let Some(url) = webhook_url {
        manifest["hook_attributes"]["url"] = url.into();
    }
    manifest
}
