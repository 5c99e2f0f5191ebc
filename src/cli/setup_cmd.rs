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
    /// Where to write the credentials (mode 0600); the key goes next to it.
    #[arg(long, default_value = ".env")]
    env_file: PathBuf,
}

#[derive(Clone)]
struct Page {
    form_action: String,
    manifest: String,
    api_url: String,
    done: mpsc::Sender<anyhow::Result<NewApp>>,
}

pub fn run(args: SetupArgs) -> Result<u8, CliError> {
    let web = args.github_url.trim_end_matches('/').to_string();
    let api_url = args.github_api_url.clone().unwrap_or_else(|| api_for(&web));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    let app = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen).await.with_context(|| format!("cannot listen on {}", args.listen))?;
        let address = listener.local_addr()?;
        let form_action = match &args.org {
            Some(org) => format!("{web}/organizations/{org}/settings/apps/new"),
            None => format!("{web}/settings/apps/new"),
        };
        let manifest = app_manifest(&format!("http://{address}/callback"), args.webhook_url.as_deref()).to_string();
        let (done, mut finished) = mpsc::channel(1);
        let page = Page { form_action, manifest, api_url: api_url.clone(), done };
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
}

async fn callback(State(page): State<Page>, Query(callback): Query<Callback>) -> Html<String> {
    let result = convert_manifest(&page.api_url, &callback.code).await;
    let message = match &result {
        Ok(app) => format!("<h1>Done</h1><p>The App {} was created; its credentials were written. You can close this tab.</p>", escape(&app.slug)),
        Err(e) => format!("<h1>Setup failed</h1><p>{}</p>", escape(&e.to_string())),
    };
    let _ = page.done.send(result).await;
    Html(format!("<!doctype html><meta charset=utf-8><title>techlead setup</title>{message}"))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Writes the key and `.env`, both readable by the owner only.
fn write_credentials(env_file: &std::path::Path, app: &NewApp, api_url: &str) -> anyhow::Result<()> {
    let key_path = env_file.with_file_name(format!("{}.pem", app.slug));
    private_file(&key_path, app.pem.expose())?;
    let key_path = std::fs::canonicalize(&key_path)?;
    let mut env = format!(
        "TECHLEAD_APP_ID={}\nTECHLEAD_PRIVATE_KEY_PATH={}\nTECHLEAD_WEBHOOK_SECRET={}\n",
        app.id,
        key_path.display(),
        app.webhook_secret.expose()
    );
    if api_url != "https://api.github.com" {
        env.push_str(&format!("TECHLEAD_GITHUB_API_URL={api_url}\n"));
    }
    private_file(env_file, &env)
}

fn private_file(path: &std::path::Path, content: &str) -> anyhow::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(content.as_bytes())?;
    // `mode` only applies to a new file; an existing one is tightened too.
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    Ok(())
}
