//! `techlead setup`: the App manifest flow against the fake GitHub.

mod support;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use support::app::APP_KEY;
use support::fake_github::FakeGitHub;

#[tokio::test(flavor = "multi_thread")]
async fn setup_creates_the_app_and_writes_private_credentials() {
    let gh = FakeGitHub::start().await;
    gh.add_manifest_code("code123", 777, APP_KEY, "whsec-from-github");
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join(".env");
    let mut child = Command::new(env!("CARGO_BIN_EXE_techlead"))
        .args(["setup", "--github-url", &gh.url(), "--github-api-url", &gh.url(), "--listen", "127.0.0.1:0", "--webhook-url", "https://bot.example.com/webhook", "--env-file"])
        .arg(&env_file)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let page_url = first.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_string();

    let http = reqwest::Client::new();
    let page = http.get(&page_url).send().await.unwrap().text().await.unwrap();
    let action_prefix = format!("action=\"{}/settings/apps/new?state=", gh.url());
    assert!(page.contains(&action_prefix), "{page}");
    let state = page.split(&action_prefix).nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(state.len(), 32, "a random state: {state}");
    let manifest_html = page.split("value=\"").nth(1).unwrap().split('"').next().unwrap().replace("&quot;", "\"").replace("&amp;", "&");
    let manifest: serde_json::Value = serde_json::from_str(&manifest_html).unwrap();
    assert_eq!(manifest["redirect_url"], format!("{page_url}callback"));
    assert_eq!(manifest["hook_attributes"]["url"], "https://bot.example.com/webhook");
    assert_eq!(manifest["callback_urls"], serde_json::json!(["https://bot.example.com/login/github/callback"]), "the dashboard's GitHub sign-in comes back to the bot's host");
    assert_eq!(manifest["default_permissions"]["pull_requests"], "write");

    // A callback without the page's state (someone else's code) is refused, and setup keeps waiting.
    let forged = http.get(format!("{page_url}callback?code=code123&state=forged")).send().await.unwrap();
    assert_eq!(forged.status(), 400);
    assert!(!env_file.exists());
    let done = http.get(format!("{page_url}callback?code=code123&state={state}")).send().await.unwrap().text().await.unwrap();
    assert!(done.contains("<h1>Done</h1>"), "{done}");
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap()).await.unwrap();
    assert!(status.success());

    let env = std::fs::read_to_string(&env_file).unwrap();
    assert!(env.contains("TECHLEAD_APP_ID=777\n") && env.contains("TECHLEAD_WEBHOOK_SECRET=whsec-from-github\n"), "{env}");
    assert!(env.contains("TECHLEAD_OAUTH_CLIENT_ID=Iv1.fake\nTECHLEAD_OAUTH_CLIENT_SECRET=fake-client-secret\n"), "the dashboard's GitHub sign-in: {env}");
    assert_eq!(std::fs::metadata(&env_file).unwrap().permissions().mode() & 0o777, 0o600);
    // The key is in .env on one line, as `techlead serve` reads TECHLEAD_PRIVATE_KEY.
    let key = env.lines().find_map(|l| l.strip_prefix("TECHLEAD_PRIVATE_KEY=\"")).and_then(|v| v.strip_suffix('"')).expect("the key is in .env");
    assert_eq!(key.replace("\\n", "\n").trim_end(), APP_KEY.trim_end());
    assert!(techlead::github::auth::AppKey::new(777, key.replace("\\n", "\n").as_bytes()).is_ok());
    gh.assert_no_violations();
}
