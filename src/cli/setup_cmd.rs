//! `techlead setup`: create the GitHub App from its manifest in a browser and
//! write its credentials to `.env`, in minutes.

use std::io::Write;
use std::net::SocketAddr;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use anyhow::Context;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use clap::Args;
use tokio::sync::mpsc;

use super::{CliError, exit};
use crate::config::manifest::app_manifest;
use crate::github::setup::{NewApp, convert_manifest};

#[derive(Args)]
pub struct SetupArgs {
    /// GitHub's web address; a GitHub Enterprise Server address also works.
    #[arg(long, default_value = "https://github.com")]
    github_url: String,
    /// The API of that GitHub (default: derived from --github-url).
    #[arg(long)]
    github_api_url: Option<String>,
    /// Create the App for this organisation instead of your account.
    #[arg(long)]
    org: Option<String>,
    /// Where techlead will receive webhooks, e.g. https://techlead.example.com/webhook.
    #[arg(long)]
    webhook_url: Option<String>,
    /// Address of the local setup page.
    #[arg(long, default_value = "127.0.0.1:3333")]
    listen: SocketAddr,
    /// Where to write the App id, private key and webhook secret (mode 0600).
    #[arg(long, default_value = ".env")]
    env_file: PathBuf,
}

#[derive(Clone)]
struct Page {
    form_action: String,
    manifest: String,
    api_url: String,
    /// A random value GitHub hands back with the code, so the callback only
    /// accepts the App this page asked for (no one else's code can be fed in).
    state: String,
    done: mpsc::Sender<anyhow::Result<NewApp>>,
}

pub fn run(args: SetupArgs) -> Result<u8, CliError> {
    let web = args.github_url.trim_end_matches('/').to_string();
    let api_url = args.github_api_url.clone().unwrap_or_else(|| api_for(&web));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    let app = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen).await.with_context(|| format!("cannot listen on {}", args.listen))?;
        let address = listener.local_addr()?;
        let state = format!("{:032x}", rand::random::<u128>());
        let form_action = match &args.org {
            Some(org) => format!("{web}/organizations/{org}/settings/apps/new?state={state}"),
            None => format!("{web}/settings/apps/new?state={state}"),
        };
        if args.webhook_url.is_none() {
            println!("No --webhook-url given: the App's webhook is created inactive. Set its URL and activate it in the App's settings once techlead is deployed.");
        }
        let manifest = app_manifest(&format!("http://{address}/callback"), args.webhook_url.as_deref()).to_string();
        let (done, mut finished) = mpsc::channel(1);
        let page = Page { form_action, manifest, api_url: api_url.clone(), state, done };
        let router = axum::Router::new().route("/", get(start)).route("/callback", get(callback)).with_state(page);
        println!("Open http://{address}/ in your browser to create the GitHub App.");
        let server = tokio::spawn(async move { axum::serve(listener, router).await });
        let result = finished.recv().await.context("the setup page stopped")?;
        server.abort();
        result
    })?;
    write_credentials(&args.env_file, &app, &api_url)?;
    println!("Created the GitHub App {} ({}). Credentials are in {}.", app.slug, app.html_url, args.env_file.display());
    println!("Next: install the App on your repositories, then run `techlead serve` with those variables.");
    Ok(exit::CLEAN)
}

/// `https://github.com` → `https://api.github.com`; `https://HOST` (GHES) → `https://HOST/api/v3`.
fn api_for(web: &str) -> String {
    match web.strip_prefix("https://github.com") {
        Some("") => "https://api.github.com".to_string(),
        _ => format!("{web}/api/v3"),
    }
}

async fn start(State(page): State<Page>) -> Html<String> {
    Html(format!(
        "<!doctype html><meta charset=utf-8><title>techlead setup</title>\
         <h1>Create the techlead GitHub App</h1><p>GitHub will ask you to confirm the App's name and permissions.</p>\
         <form method=post action=\"{}\"><input type=hidden name=manifest value=\"{}\"><button type=submit>Create GitHub App</button></form>",
        escape(&page.form_action),
        escape(&page.manifest)
    ))
}

#[derive(serde::Deserialize)]
struct Callback {
    code: String,
    #[serde(default)]
    state: String,
}

async fn callback(State(page): State<Page>, Query(callback): Query<Callback>) -> (http::StatusCode, Html<String>) {
    if callback.state != page.state {
        // Not the App this page asked GitHub for: keep waiting for the right one.
        let message = "<h1>Setup refused</h1><p>This callback does not carry the state this setup page sent to GitHub. Start again from the setup page.</p>";
        // techlead-ignore: rust-html-format-response (a constant message, no input in it)
        return (http::StatusCode::BAD_REQUEST, Html(format!("<!doctype html><meta charset=utf-8><title>techlead setup</title>{message}")));
    }
    let result = convert_manifest(&page.api_url, &callback.code).await;
    let message = match &result {
        Ok(app) => format!("<h1>Done</h1><p>The App {} was created; its credentials were written. You can close this tab.</p>", escape(&app.slug)),
        Err(e) => format!("<h1>Setup failed</h1><p>{}</p>", escape(&e.to_string())),
    };
    let _ = page.done.send(result).await;
    // techlead-ignore: rust-html-format-response (every value in `message` went through `escape`)
    (http::StatusCode::OK, Html(format!("<!doctype html><meta charset=utf-8><title>techlead setup</title>{message}")))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Writes `.env`, readable by the owner only. The key is kept on one line with
/// `\n` escapes, which `techlead serve`, docker compose's `env_file`, systemd's
/// `EnvironmentFile` and a shell's `source` all read the same way.
fn write_credentials(env_file: &std::path::Path, app: &NewApp, api_url: &str) -> anyhow::Result<()> {
    let one_line_key = app.pem.expose().trim_end().replace('\n', "\\n");
    let mut env = format!("TECHLEAD_APP_ID={}\nTECHLEAD_PRIVATE_KEY=\"{}\"\nTECHLEAD_WEBHOOK_SECRET={}\n", app.id, one_line_key, app.webhook_secret.expose());
    if api_url != "https://api.github.com" {
        env.push_str(&format!("TECHLEAD_GITHUB_API_URL={api_url}\n"));
    }
    if let (Some(id), Some(secret)) = (&app.client_id, &app.client_secret) {
        // "Sign in with GitHub" on the dashboard; it stays off until
        // TECHLEAD_DASHBOARD_ORG or TECHLEAD_DASHBOARD_USERS says who may.
        env.push_str(&format!("TECHLEAD_OAUTH_CLIENT_ID={id}\nTECHLEAD_OAUTH_CLIENT_SECRET={}\n# TECHLEAD_DASHBOARD_ORG=your-org\n", secret.expose()));
    }
    private_file(env_file, &env)
}

fn private_file(path: &std::path::Path, content: &str) -> anyhow::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path).with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(content.as_bytes())?;
    // `mode` only applies to a new file; an existing one is tightened too.
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::api_for;

    #[test]
    fn the_api_address_follows_the_web_address() {
        assert_eq!(api_for("https://github.com"), "https://api.github.com");
        assert_eq!(api_for("https://github.example.com"), "https://github.example.com/api/v3");
    }
}
